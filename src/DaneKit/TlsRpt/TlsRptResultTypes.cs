namespace DaneKit.TlsRpt;

/// <summary>
/// Maps <see cref="TlsRptResultType"/> to and from the <c>result-type</c> strings of RFC 8460 section 4.3.
/// </summary>
public static class TlsRptResultTypes
{
    /// <summary>Returns the RFC 8460 spelling of <paramref name="resultType"/>, for example <c>certificate-not-trusted</c>.</summary>
    /// <param name="resultType">A defined result type.</param>
    /// <returns>The wire name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="resultType"/> is not a defined value.</exception>
    public static string ToWireName(this TlsRptResultType resultType) => resultType switch
    {
        TlsRptResultType.StartTlsNotSupported => "starttls-not-supported",
        TlsRptResultType.CertificateHostMismatch => "certificate-host-mismatch",
        TlsRptResultType.CertificateExpired => "certificate-expired",
        TlsRptResultType.CertificateNotTrusted => "certificate-not-trusted",
        TlsRptResultType.ValidationFailure => "validation-failure",
        TlsRptResultType.TlsaInvalid => "tlsa-invalid",
        TlsRptResultType.DnssecInvalid => "dnssec-invalid",
        TlsRptResultType.DaneRequired => "dane-required",
        TlsRptResultType.StsPolicyFetchError => "sts-policy-fetch-error",
        TlsRptResultType.StsPolicyInvalid => "sts-policy-invalid",
        TlsRptResultType.StsWebPkiInvalid => "sts-webpki-invalid",
        _ => throw new ArgumentOutOfRangeException(nameof(resultType), resultType, "Not a defined TLS-RPT result type."),
    };

    /// <summary>Parses an RFC 8460 result type. The match is exact and case-sensitive.</summary>
    /// <param name="wireName">The wire name, for example <c>dnssec-invalid</c>.</param>
    /// <param name="resultType">The result type when the name is known; otherwise the default value.</param>
    /// <returns><see langword="true"/> when <paramref name="wireName"/> is a known result type.</returns>
    public static bool TryParse(string? wireName, out TlsRptResultType resultType)
    {
        TlsRptResultType? parsed = wireName switch
        {
            "starttls-not-supported" => TlsRptResultType.StartTlsNotSupported,
            "certificate-host-mismatch" => TlsRptResultType.CertificateHostMismatch,
            "certificate-expired" => TlsRptResultType.CertificateExpired,
            "certificate-not-trusted" => TlsRptResultType.CertificateNotTrusted,
            "validation-failure" => TlsRptResultType.ValidationFailure,
            "tlsa-invalid" => TlsRptResultType.TlsaInvalid,
            "dnssec-invalid" => TlsRptResultType.DnssecInvalid,
            "dane-required" => TlsRptResultType.DaneRequired,
            "sts-policy-fetch-error" => TlsRptResultType.StsPolicyFetchError,
            "sts-policy-invalid" => TlsRptResultType.StsPolicyInvalid,
            "sts-webpki-invalid" => TlsRptResultType.StsWebPkiInvalid,
            _ => null,
        };
        resultType = parsed.GetValueOrDefault();
        return parsed.HasValue;
    }
}
