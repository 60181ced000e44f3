using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using static DaneKit.Tests.Dnssec.Validator.ValidatorAssert;

namespace DaneKit.Tests.Dnssec.Validator;

/// <summary>
/// RRSIG checks of RFC 4035 5.3.1 and 5.3.3: the validity window against the injected clock with its skew,
/// expiring signatures as a finding, and the signature maths.
/// </summary>
public sealed class SignatureValidityTests
{
    private static readonly DateTimeOffset Now = SignedHierarchy.Now;

    [Fact]
    public async Task ExpiredRrsigIsBogusWithTheExpirationDate()
    {
        var h = new SignedHierarchy();
        h.Child.Windows[(SignedHierarchy.Tlsa, DnsType.TLSA)] = (Now.AddDays(-20), Now.AddDays(-1));

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Bogus, a);
        Failure(a, SignedHierarchy.Tlsa, DnsType.TLSA, "expired 2026-02-28T12:00Z", "now 2026-03-01T12:00Z", $"key {h.Child.Zsk!.KeyTag}");
        Assert.Null(a.RRsets.Single().KeyTag);
    }

    [Fact]
    public async Task TheSameDataIsSecureWithTheClockInsideTheWindow()
    {
        var h = new SignedHierarchy();
        h.Child.Windows[(SignedHierarchy.Tlsa, DnsType.TLSA)] = (Now.AddDays(-20), Now.AddDays(-1));
        h.Clock.Now = Now.AddDays(-2);

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Secure, a);
        Assert.Equal(Now.AddDays(-1), a.RRsets.Single().ExpiresAt);
        Assert.Equal(3600u, a.RRsets.Single().Ttl);
    }

    [Fact]
    public async Task NotYetValidRrsigIsBogus()
    {
        var h = new SignedHierarchy();
        h.Child.Windows[(SignedHierarchy.Tlsa, DnsType.TLSA)] = (Now.AddDays(1), Now.AddDays(30));

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Bogus, a);
        Failure(a, SignedHierarchy.Tlsa, DnsType.TLSA, "not valid before 2026-03-02T12:00Z");
    }

    public static TheoryData<string, TimeSpan, TimeSpan?, SecurityStatus> SkewCases => new()
    {
        { "expired 2 min ago, default 5 min skew", TimeSpan.FromMinutes(-2), null, SecurityStatus.Secure },
        { "expired 2 min ago, no skew", TimeSpan.FromMinutes(-2), TimeSpan.Zero, SecurityStatus.Bogus },
        { "expired 6 min ago, default 5 min skew", TimeSpan.FromMinutes(-6), null, SecurityStatus.Bogus },
        { "expires in 1 min, no skew", TimeSpan.FromMinutes(1), TimeSpan.Zero, SecurityStatus.Secure },
    };

    [Theory]
    [MemberData(nameof(SkewCases))]
    public async Task ClockSkewWidensTheExpiration(string what, TimeSpan expiresIn, TimeSpan? skew, SecurityStatus expected)
    {
        var h = new SignedHierarchy();
        h.Child.Windows[(SignedHierarchy.Tlsa, DnsType.TLSA)] = (Now.AddDays(-10), Now + expiresIn);
        var options = skew is { } s ? new ValidatorOptions { ClockSkew = s } : null;

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA, options);

        Assert.True(a.Status == expected, $"{what}: {Explain(a)}");
        if (expected == SecurityStatus.Bogus)
        {
            Failure(a, SignedHierarchy.Tlsa, DnsType.TLSA, "expired");
        }
    }

    public static TheoryData<string, TimeSpan, TimeSpan?, SecurityStatus> InceptionSkewCases => new()
    {
        { "valid from 2 min ahead, default skew", TimeSpan.FromMinutes(2), null, SecurityStatus.Secure },
        { "valid from 2 min ahead, no skew", TimeSpan.FromMinutes(2), TimeSpan.Zero, SecurityStatus.Bogus },
    };

    [Theory]
    [MemberData(nameof(InceptionSkewCases))]
    public async Task ClockSkewWidensTheInception(string what, TimeSpan validFrom, TimeSpan? skew, SecurityStatus expected)
    {
        var h = new SignedHierarchy();
        h.Child.Windows[(SignedHierarchy.Tlsa, DnsType.TLSA)] = (Now + validFrom, Now.AddDays(30));
        var options = skew is { } s ? new ValidatorOptions { ClockSkew = s } : null;

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA, options);

        Assert.True(a.Status == expected, $"{what}: {Explain(a)}");
        if (expected == SecurityStatus.Bogus)
        {
            Failure(a, SignedHierarchy.Tlsa, DnsType.TLSA, "not valid before");
        }
    }

    [Fact]
    public async Task SignatureExpiringInThreeDaysIsSecureWithAWarning()
    {
        var h = new SignedHierarchy();
        h.Child.Windows[(SignedHierarchy.Tlsa, DnsType.TLSA)] = (Now.AddDays(-10), Now.AddDays(3));

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Secure, a);
        Assert.Empty(a.Failures);
        Reason(a, ReasonKind.Warning, SignedHierarchy.Tlsa, DnsType.TLSA, "expires 2026-03-04 12:00Z", "3.0 days", $"key {h.Child.Zsk!.KeyTag}");
        Assert.Equal(Now.AddDays(3), a.RRsets.Single().ExpiresAt);
    }

    [Fact]
    public async Task TtlIsClampedToTheTimeLeftBeforeExpiry()
    {
        // RFC 4035 5.3.3: the TTL may not outlive the signature.
        var h = new SignedHierarchy();
        h.Child.Windows[(SignedHierarchy.Tlsa, DnsType.TLSA)] = (Now.AddDays(-10), Now.AddSeconds(600));

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Secure, a);
        Assert.Equal(600u, a.RRsets.Single().Ttl);
    }

    [Fact]
    public async Task CorruptedSignatureIsBogus()
    {
        var h = new SignedHierarchy();
        h.Source.Tamper = (name, type, l) => type == DnsType.TLSA
            ? l with { Answers = l.Answers.Select(r => r.Type == DnsType.RRSIG ? TestSigner.Corrupt(r) : r).ToList() }
            : l;

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Bogus, a);
        Failure(a, SignedHierarchy.Tlsa, DnsType.TLSA, "does not verify", $"key {h.Child.Zsk!.KeyTag}");
    }

    [Fact]
    public async Task ChangedDataUnderAValidSignatureIsBogus()
    {
        var h = new SignedHierarchy();
        h.Source.Tamper = (name, type, l) => type == DnsType.TLSA
            ? l with { Answers = l.Answers.Select(r => r.Data is TlsaData ? r with { Data = new TlsaData(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]) } : r).ToList() }
            : l;

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Bogus, a);
        Failure(a, SignedHierarchy.Tlsa, DnsType.TLSA, "does not verify");
    }

    [Fact]
    public async Task AGoodSignatureBesideABadOneIsEnough()
    {
        var h = new SignedHierarchy();
        h.Source.Tamper = (name, type, l) => type == DnsType.TLSA
            ? l with { Answers = [.. l.Answers, .. l.Answers.Where(r => r.Type == DnsType.RRSIG).Select(r => TestSigner.Corrupt(r, 3))] }
            : l;

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Secure, a);
        Assert.Equal(2, a.RRsets.Single().Signatures.Count);
    }

    [Fact]
    public async Task SignatureWithMoreLabelsThanTheOwnerIsBogus()
    {
        var h = new SignedHierarchy();
        h.Source.Tamper = (name, type, l) => type == DnsType.TLSA
            ? l with
            {
                Answers = [.. l.Answers.Where(r => r.Type == DnsType.TLSA),
                    TestSigner.Sign(SignedHierarchy.Tlsa, l.Answers.Where(r => r.Type == DnsType.TLSA).ToList(), h.Child.Zsk!, h.Child.Apex, Now.AddDays(-1), Now.AddDays(20), labels: 9)],
            }
            : l;

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Bogus, a);
        Failure(a, SignedHierarchy.Tlsa, DnsType.TLSA, "labels field 9 exceeds");
    }

    [Fact]
    public async Task SignerAboveTheZoneOrUnrelatedIsBogus()
    {
        // RFC 4035 5.3.1: the signer must be the zone holding the RRset; a name that is not an ancestor is rejected.
        var h = new SignedHierarchy();
        var other = DnsName.Parse("other.example.");
        h.Source.Tamper = (name, type, l) => type == DnsType.TLSA
            ? l with
            {
                Answers = [.. l.Answers.Where(r => r.Type == DnsType.TLSA),
                    TestSigner.Sign(SignedHierarchy.Tlsa, l.Answers.Where(r => r.Type == DnsType.TLSA).ToList(), h.Child.Zsk!, other, Now.AddDays(-1), Now.AddDays(20))],
            }
            : l;

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Bogus, a);
        Failure(a, SignedHierarchy.Tlsa, DnsType.TLSA, "signer other.example. is not at or above the owner");
    }

    [Fact]
    public async Task OnlyUnsupportedAlgorithmSignaturesInASecureZoneIsBogus()
    {
        var h = new SignedHierarchy();
        h.Source.Tamper = (name, type, l) => type == DnsType.TLSA
            ? l with
            {
                Answers = l.Answers.Select(r => r.Data is RrsigData s
                    ? r with { Data = new RrsigData(s.TypeCovered, 253, s.Labels, s.OriginalTtl, s.SignatureExpiration, s.SignatureInception, s.KeyTag, s.SignerName, s.Signature) }
                    : r).ToList(),
            }
            : l;

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Bogus, a);
        Failure(a, SignedHierarchy.Tlsa, DnsType.TLSA, "no RRSIG with a supported algorithm");
    }
}
