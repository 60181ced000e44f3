using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Tls;
using DaneKit.Tlsa;

namespace DaneKit.Tests.Tls;

/// <summary>
/// The four cases of RFC 7672 2.2, from a validated TLSA answer: what DANE demands, and why. Only a validated
/// denial or an Insecure answer means "no DANE"; a failed lookup defers (RFC 7672 2.1.1, dane-rules 1, 2).
/// </summary>
public sealed class DaneTlsaPolicyTests
{
    private static readonly DnsName Owner = DnsName.Parse("_25._tcp.mx.example.");
    private static readonly DaneReferenceNames Names = new("mx.example.", "mx.example.", "example.");
    private static readonly TlsaData Ee311 = new(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]);
    private static readonly TlsaData PkixEe = new(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]);

    [Fact]
    public void SecureWithAUsableRecordAuthenticates()
    {
        var policy = DaneTlsaPolicy.FromAnswer(Answer(SecurityStatus.Secure, Ee311, PkixEe), Names);

        Assert.Equal(DaneTlsaRequirement.Authenticate, policy.Requirement);
        Assert.Equal("DANE applies: 1 usable TLSA record (Secure), 1 unusable", policy.Description);
        Assert.Same(Names, policy.Names);
    }

    [Fact]
    public void SecureWithOnlyUnusableRecordsIsTlsWithoutAuthentication()
    {
        var policy = DaneTlsaPolicy.FromAnswer(Answer(SecurityStatus.Secure, PkixEe), Names);

        Assert.Equal(DaneTlsaRequirement.NoUsableRecords, policy.Requirement);
        Assert.StartsWith("TLS mandatory, unauthenticated: all 1 TLSA record is unusable (RFC 7672 2.2): PKIX-EE 1 1 1", policy.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameRecordsInTheGenericContextAreUsable()
    {
        var policy = DaneTlsaPolicy.FromAnswer(Answer(SecurityStatus.Secure, PkixEe), Names, TlsaContext.Generic);
        Assert.Equal(DaneTlsaRequirement.Authenticate, policy.Requirement);
    }

    [Fact]
    public void ASecureDenialMeansNoDane()
    {
        var policy = DaneTlsaPolicy.FromAnswer(Answer(SecurityStatus.Secure, denial: true), Names);

        Assert.Equal(DaneTlsaRequirement.NotApplicable, policy.Requirement);
        Assert.Equal("DANE does not apply: no TLSA records, proven Secure (RFC 7672 2.2)", policy.Description);
    }

    [Fact]
    public void AnInsecureAnswerMeansNoDaneEvenWithRecords()
    {
        var policy = DaneTlsaPolicy.FromAnswer(Answer(SecurityStatus.Insecure, Ee311), Names);

        Assert.Equal(DaneTlsaRequirement.NotApplicable, policy.Requirement);
        Assert.Contains("Insecure", policy.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SecurityStatus.Bogus)]
    [InlineData(SecurityStatus.Indeterminate)]
    public void AFailedLookupDefersAndNamesTheFailure(SecurityStatus status)
    {
        var reason = new ValidationReason(Owner, DnsType.TLSA, "RRSIG by 12345 does not verify", "RFC 4035 5.3.3", ReasonKind.Failure);
        var policy = DaneTlsaPolicy.FromAnswer(Answer(status, [reason], Ee311), Names);

        Assert.Equal(DaneTlsaRequirement.Defer, policy.Requirement);
        Assert.Equal(status, policy.Status);
        Assert.Contains("does not verify", policy.Description, StringComparison.Ordinal);
        Assert.Contains("never \"no TLSA\"", policy.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecureAnswerWithoutRecordsOrDenialIsNotNoTlsa()
    {
        var policy = DaneTlsaPolicy.FromAnswer(Answer(SecurityStatus.Secure, denial: false), Names);

        Assert.Equal(DaneTlsaRequirement.Defer, policy.Requirement);
        Assert.Equal(SecurityStatus.Indeterminate, policy.Status);
    }

    [Fact]
    public void AReasonGivenByTheCallerIsInTheDescription()
    {
        var policy = new DaneTlsaPolicy(TlsaRecordSet.Create([], TlsaContext.Smtp), SecurityStatus.Insecure, Names,
            "the addresses of mx.example. are Insecure; TLSA is looked up only for Secure MX hosts");

        Assert.Equal(DaneTlsaRequirement.NotApplicable, policy.Requirement);
        Assert.Equal("DANE does not apply: the addresses of mx.example. are Insecure; TLSA is looked up only for Secure MX hosts (RFC 7672 2.2)", policy.Description);
    }

    [Fact]
    public void AnAnswerForAnotherTypeIsRefused()
    {
        var answer = new ValidatedAnswer { Question = new DnsQuestion(Owner, DnsType.A), Status = SecurityStatus.Secure };
        Assert.Throws<ArgumentException>(() => DaneTlsaPolicy.FromAnswer(answer, Names));
    }

    [Fact]
    public void AnUndefinedStatusIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DaneTlsaPolicy(TlsaRecordSet.Create([], TlsaContext.Smtp), (SecurityStatus)42, Names));
    }

    private static ValidatedAnswer Answer(SecurityStatus status, params TlsaData[] records) => Answer(status, [], records);

    private static ValidatedAnswer Answer(SecurityStatus status, bool denial) => new()
    {
        Question = new DnsQuestion(Owner, DnsType.TLSA),
        Status = status,
        IsDenial = denial,
    };

    private static ValidatedAnswer Answer(SecurityStatus status, IReadOnlyList<ValidationReason> reasons, params TlsaData[] records) => new()
    {
        Question = new DnsQuestion(Owner, DnsType.TLSA),
        Status = status,
        Records = records.Select(r => new DnsResourceRecord(Owner, DnsClass.IN, 300, r)).ToArray(),
        Reasons = reasons,
    };
}
