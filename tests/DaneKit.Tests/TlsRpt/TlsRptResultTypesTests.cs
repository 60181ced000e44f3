using DaneKit.TlsRpt;

namespace DaneKit.Tests.TlsRpt;

/// <summary>RFC 8460 section 4.3: the result-type strings of a TLS-RPT failure record.</summary>
public sealed class TlsRptResultTypesTests
{
    /// <summary>The result types as RFC 8460 sections 4.3.1, 4.3.2.1 and 4.3.2.2 spell them.</summary>
    public static TheoryData<TlsRptResultType, string> Rfc8460Spellings => new()
    {
        // 4.3.1 Negotiation failures
        { TlsRptResultType.StartTlsNotSupported, "starttls-not-supported" },
        { TlsRptResultType.CertificateHostMismatch, "certificate-host-mismatch" },
        { TlsRptResultType.CertificateExpired, "certificate-expired" },
        { TlsRptResultType.CertificateNotTrusted, "certificate-not-trusted" },
        { TlsRptResultType.ValidationFailure, "validation-failure" },

        // 4.3.2.1 DANE-specific policy failures
        { TlsRptResultType.TlsaInvalid, "tlsa-invalid" },
        { TlsRptResultType.DnssecInvalid, "dnssec-invalid" },
        { TlsRptResultType.DaneRequired, "dane-required" },

        // 4.3.2.2 MTA-STS-specific policy failures
        { TlsRptResultType.StsPolicyFetchError, "sts-policy-fetch-error" },
        { TlsRptResultType.StsPolicyInvalid, "sts-policy-invalid" },
        { TlsRptResultType.StsWebPkiInvalid, "sts-webpki-invalid" },
    };

    [Theory]
    [MemberData(nameof(Rfc8460Spellings))]
    public void WireNameMatchesTheRfcAndRoundTrips(TlsRptResultType resultType, string rfcSpelling)
    {
        Assert.Equal(rfcSpelling, resultType.ToWireName());
        Assert.True(TlsRptResultTypes.TryParse(rfcSpelling, out var parsed));
        Assert.Equal(resultType, parsed);
    }

    [Fact]
    public void EveryResultTypeIsSpelledOut()
    {
        var spelled = Rfc8460Spellings.Select(row => (TlsRptResultType)row[0]).ToHashSet();
        Assert.Equal(Enum.GetValues<TlsRptResultType>().ToHashSet(), spelled);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("STARTTLS-not-supported")]
    [InlineData("starttls_not_supported")]
    [InlineData("sts-web-pki-invalid")]
    [InlineData("certificate-not-trusted ")]
    [InlineData("dane-fail")]
    [InlineData("success")]
    public void UnknownResultTypesAreRejected(string? wireName)
    {
        Assert.False(TlsRptResultTypes.TryParse(wireName, out _));
    }

    [Fact]
    public void ToWireNameRejectsUndefinedValues()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((TlsRptResultType)99).ToWireName());
    }
}
