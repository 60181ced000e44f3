using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using static DaneKit.Tests.Dnssec.Validator.ValidatorAssert;

namespace DaneKit.Tests.Dnssec.Validator;

/// <summary>
/// The chain of trust from the anchor down (RFC 4035 5.2; RFC 6840 5.2 unsupported algorithms; RFC 5011 2.1
/// revoked keys) and the four outcomes (RFC 4033 5, RFC 4035 4.3), on the in-memory signed hierarchy.
/// </summary>
public sealed class ChainOfTrustTests
{
    [Theory]
    [InlineData((byte)13)]
    [InlineData((byte)15)]
    public async Task SecureChainFromTheRootToTlsa(byte algorithm)
    {
        var h = new SignedHierarchy(algorithm);
        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Secure, a);
        Assert.False(a.IsDenial);
        Assert.Empty(a.Failures);
        Assert.Equal(DnsResponseCode.NoError, a.ResponseCode);
        Assert.Single(a.Records);
        Assert.IsType<TlsaData>(a.Records[0].Data);

        Assert.Equal([DnsName.Root, h.Example.Apex, h.Child.Apex], a.Chain.Select(l => l.Zone));
        Assert.All(a.Chain, l => Assert.Equal(SecurityStatus.Secure, l.Status));
        Assert.Equal(h.Child.Ksk!.KeyTag, a.Chain[2].KeySigningKeyTag);
        Assert.Equal(h.Example.Ksk!.KeyTag, a.Chain[1].KeySigningKeyTag);
        Assert.Equal(h.Root.Ksk!.KeyTag, a.Chain[0].KeySigningKeyTag);
        var matched = Assert.IsType<DsData>(a.Chain[2].MatchedDs!.Data);
        Assert.Equal(h.Child.Ksk.KeyTag, matched.KeyTag);

        var rrset = Assert.Single(a.RRsets);
        Assert.Equal(SecurityStatus.Secure, rrset.Status);
        Assert.Equal(h.Child.Zsk!.KeyTag, rrset.KeyTag);
        Assert.Equal(h.Child.Apex, rrset.Signer);
        Assert.Equal(SignedHierarchy.Now.AddDays(30), rrset.ExpiresAt);
        Assert.Equal(3600u, rrset.Ttl);

        // The reasons name the DS that matched at each cut, and the key that verified the TLSA RRset.
        var ksk = h.Child.Ksk.KeyTag;
        Reason(a, ReasonKind.Evidence, h.Child.Apex, DnsType.DNSKEY, $"DS from example. DS {ksk}/{algorithm}/2 matches DNSKEY {ksk}");
        Reason(a, ReasonKind.Evidence, h.Example.Apex, DnsType.DNSKEY, $"DS {h.Example.Ksk.KeyTag}/{algorithm}/2 matches DNSKEY {h.Example.Ksk.KeyTag}");
        Reason(a, ReasonKind.Evidence, DnsName.Root, DnsType.DNSKEY, "trust anchor");
        Reason(a, ReasonKind.Evidence, SignedHierarchy.Tlsa, DnsType.TLSA, $"key {h.Child.Zsk.KeyTag}", "verified");
        Assert.DoesNotContain(a.Reasons, r => r.Kind == ReasonKind.Warning);
    }

    [Fact]
    public async Task TheLookupsAreTheAnswerThenDsAndDnskeyPerZoneAndValidatedKeysAreCached()
    {
        var h = new SignedHierarchy();
        var v = h.Validator();
        var first = await v.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);
        Status(SecurityStatus.Secure, first);
        Assert.Equal(6, h.Source.Lookups);
        Assert.Contains((DnsName.Root, DnsType.DNSKEY), h.Source.Log);
        Assert.Contains((h.Example.Apex, DnsType.DS), h.Source.Log);
        Assert.Contains((h.Child.Apex, DnsType.DS), h.Source.Log);
        Assert.Contains((h.Child.Apex, DnsType.DNSKEY), h.Source.Log);

        var second = await v.ValidateAsync(SignedHierarchy.Mx, DnsType.A);
        Status(SecurityStatus.Secure, second);
        Assert.Equal(7, h.Source.Lookups);
        Assert.Equal(3, second.Chain.Count);
    }

    [Fact]
    public async Task DsDigestMismatchIsBogusNamingTheDs()
    {
        var h = new SignedHierarchy();
        var good = TestSigner.DsFor(h.Child.Apex, h.Child.Ksk!.Dnskey);
        var digest = good.Digest.ToArray();
        digest[0] ^= 0xFF;
        h.SetChildDs(new DsData(good.KeyTag, good.Algorithm, good.DigestType, digest));

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Bogus, a);
        Failure(a, h.Child.Apex, DnsType.DNSKEY, "no DNSKEY matches", $"DS {good.KeyTag}/13/2");
        Assert.Equal(SecurityStatus.Bogus, a.Chain.Single(l => l.Zone.Equals(h.Child.Apex)).Status);
        Assert.Null(a.RRsets.Single().KeyTag);
    }

    [Fact]
    public async Task DnskeyRRsetWithoutTheZskThatSignedTheDataIsBogusNamingTheKeyTag()
    {
        var h = new SignedHierarchy();
        h.Child.PublishZsk = false;

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Bogus, a);
        Failure(a, SignedHierarchy.Tlsa, DnsType.TLSA, $"no DNSKEY of child.example. has key tag {h.Child.Zsk!.KeyTag}");
    }

    [Fact]
    public async Task DsWithOnlyAnUnsupportedAlgorithmIsInsecure()
    {
        // RFC 6840 5.2: a zone whose DS RRset lists only algorithms the validator does not know is treated as unsigned.
        var h = new SignedHierarchy();
        h.SetChildDs(TestSigner.DsFor(h.Child.Apex, h.Child.Ksk!.Dnskey, algorithm: 253));

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Insecure, a);
        Assert.Empty(a.Failures);
        Reason(a, ReasonKind.Evidence, h.Child.Apex, DnsType.DS, "supported algorithm", "/253/2", "RFC 6840 5.2");
        Assert.Equal(SecurityStatus.Insecure, a.Chain.Single(l => l.Zone.Equals(h.Child.Apex)).Status);
    }

    [Fact]
    public async Task NoDsProvenBySignedNsecAtTheParentIsInsecure()
    {
        var h = new SignedHierarchy();
        var a = await h.ValidateAsync(SignedHierarchy.InsecureTlsa, DnsType.TLSA);

        Status(SecurityStatus.Insecure, a);
        Assert.Empty(a.Failures);
        Reason(a, ReasonKind.Evidence, h.Insecure.Apex, DnsType.DS, "no DS at the parent (proven)");
        Reason(a, ReasonKind.Evidence, h.Insecure.Apex, DnsType.DS, "has no DS");
        Assert.Single(a.Records);
        Assert.Equal(SecurityStatus.Insecure, a.Chain.Single(l => l.Zone.Equals(h.Insecure.Apex)).Status);
    }

    [Fact]
    public async Task NoDsWithAnUnsignedNsecIsBogus()
    {
        var h = new SignedHierarchy();
        h.Source.Tamper = (name, type, l) => type == DnsType.DS && name.Equals(h.Insecure.Apex)
            ? l with { Authority = l.Authority.Where(r => !(r.Data is RrsigData s && s.TypeCovered == DnsType.NSEC)).ToList() }
            : l;

        var a = await h.ValidateAsync(SignedHierarchy.InsecureTlsa, DnsType.TLSA);

        Status(SecurityStatus.Bogus, a);
        Failure(a, h.Insecure.Apex, DnsType.DS, "no NSEC or NSEC3 record with a valid signature");
        Reason(a, ReasonKind.Warning, h.Insecure.Apex, DnsType.NSEC, "unsigned; not used in the proof");
    }

    [Fact]
    public async Task NoDsWithoutAnyProofIsBogusNotInsecure()
    {
        var h = new SignedHierarchy();
        h.Source.Tamper = (name, type, l) => type == DnsType.DS && name.Equals(h.Insecure.Apex) ? l with { Authority = [] } : l;

        var a = await h.ValidateAsync(SignedHierarchy.InsecureTlsa, DnsType.TLSA);

        Status(SecurityStatus.Bogus, a);
        Failure(a, h.Insecure.Apex, DnsType.DS, "without any signed NSEC or NSEC3 proof");
        Assert.True(h.Source.Lookups <= 12, $"{h.Source.Lookups} lookups: {string.Join(", ", h.Source.Log.Take(12))} ...");
    }

    [Fact]
    public async Task UnsignedDsRRsetIsBogusNamingTheDs()
    {
        // The DS RRset lives in the parent (RFC 4035 5.2): its missing RRSIG is judged by example.'s keys.
        var h = new SignedHierarchy();
        h.Source.Tamper = (name, type, l) => type == DnsType.DS && name.Equals(h.Child.Apex)
            ? l with { Answers = l.Answers.Where(r => r.Type != DnsType.RRSIG).ToList() }
            : l;

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Bogus, a);
        Failure(a, h.Child.Apex, DnsType.DS, "no RRSIG", "example. is signed");
        Assert.True(h.Source.Lookups <= 12, $"{h.Source.Lookups} lookups: {string.Join(", ", h.Source.Log.Take(12))} ...");
    }

    [Fact]
    public async Task DsRRsetSignedByTheChildItselfIsBogus()
    {
        // A DS RRset is the parent's data (RFC 4035 5.2); a signature by the child's own key cannot vouch for it.
        var h = new SignedHierarchy();
        h.SignAtChildApexWithZskOnly(DnsType.DS);

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Bogus, a);
        Failure(a, h.Child.Apex, DnsType.DS, "child.example.");
        Assert.DoesNotContain(a.Failures, r => r.What.Contains("lookups for one answer", StringComparison.Ordinal));
        Assert.True(h.Source.Lookups <= 12, $"{h.Source.Lookups} lookups: {string.Join(", ", h.Source.Log.Take(12))} ...");
    }

    [Fact]
    public async Task ChildApexNsecCannotDenyTheDs()
    {
        // The DS query answered by the child's own server: its apex NSEC (SOA set) says nothing about the parent's DS (RFC 6840 4.4).
        var h = new SignedHierarchy();
        h.Source.Tamper = (name, type, l) =>
        {
            if (type != DnsType.DS || !name.Equals(h.Child.Apex))
            {
                return l;
            }

            var soa = h.Child.Records.Where(r => r.Type == DnsType.SOA).ToList();
            var nsec = h.Child.NsecFor(h.Child.Apex)!;
            return l with
            {
                Answers = [],
                Authority = [.. soa, .. h.Child.Sign(h.Child.Apex, soa), nsec, .. h.Child.Sign(nsec.Name, [nsec])],
            };
        };

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Bogus, a);
        Failure(a, h.Child.Apex, DnsType.DS, "child.example.");
        Assert.DoesNotContain(a.Failures, r => r.What.Contains("lookups for one answer", StringComparison.Ordinal));
        Assert.True(h.Source.Lookups <= 12, $"{h.Source.Lookups} lookups: {string.Join(", ", h.Source.Log.Take(12))} ...");
    }

    [Fact]
    public async Task RevokedZskThatWouldVerifyIsNotUsed()
    {
        // RFC 5011 2.1: a key with the REVOKE bit must not validate anything, even a signature it made.
        var h = new SignedHierarchy();
        h.Child.Zsk = h.Child.Zsk!.WithFlags(DnskeyData.ZoneKeyFlag | DnskeyData.RevokedFlag);

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Bogus, a);
        Failure(a, SignedHierarchy.Tlsa, DnsType.TLSA, $"key {h.Child.Zsk.KeyTag}", $"no DNSKEY of child.example. has key tag {h.Child.Zsk.KeyTag}");
    }

    [Fact]
    public async Task RevokedKskThatTheDsPointsAtIsNotAnEntryPoint()
    {
        var h = new SignedHierarchy();
        h.Child.Ksk = h.Child.Ksk!.WithFlags(257 | DnskeyData.RevokedFlag);
        h.SetChildDs();

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Bogus, a);
        Failure(a, h.Child.Apex, DnsType.DNSKEY, "no DNSKEY matches", $"DS {h.Child.Ksk.KeyTag}/13/2");
    }

    [Fact]
    public async Task DnskeyRRsetSignedOnlyByTheZskIsBogus()
    {
        // The DNSKEY RRset must be signed by a key the DS vouches for (RFC 4035 5.2), not merely by a key it holds.
        var h = new SignedHierarchy();
        h.SignAtChildApexWithZskOnly(DnsType.DNSKEY);

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Bogus, a);
        Failure(a, h.Child.Apex, DnsType.DNSKEY, "not signed by a key that the DS or trust anchor vouches for");
    }

    [Fact]
    public async Task MissingRrsigInASignedZoneIsBogus()
    {
        var h = new SignedHierarchy();
        h.Source.Tamper = (name, type, l) => type == DnsType.TLSA ? l with { Answers = l.Answers.Where(r => r.Type != DnsType.RRSIG).ToList() } : l;

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Bogus, a);
        Failure(a, SignedHierarchy.Tlsa, DnsType.TLSA, "no RRSIG", "child.example. is signed");
    }

    public static TheoryData<string, string, DnsType> FailedLookups => new()
    {
        { "the TLSA lookup", "_25._tcp.mx.child.example.", DnsType.TLSA },
        { "the child's DS", "child.example.", DnsType.DS },
        { "the child's DNSKEY", "child.example.", DnsType.DNSKEY },
        { "the root DNSKEY", ".", DnsType.DNSKEY },
        { "example.'s DS", "example.", DnsType.DS },
    };

    [Theory]
    [MemberData(nameof(FailedLookups))]
    public async Task LookupFailureIsIndeterminateNeverInsecure(string what, string failName, DnsType failType)
    {
        var h = new SignedHierarchy();
        var target = DnsName.Parse(failName);
        h.Source.Tamper = (name, type, l) => name.Equals(target) && type == failType ? DnssecLookup.Failed("SERVFAIL", "192.0.2.53") : l;

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Assert.True(a.Status == SecurityStatus.Indeterminate, $"{what}: {Explain(a)}");
        Assert.False(a.IsDenial, what);
        Failure(a, target, failType, "lookup failed", "SERVFAIL", "192.0.2.53");
    }

    [Theory]
    [InlineData(DnsType.DS)]
    [InlineData(DnsType.SOA)]
    public async Task LookupFailureOnTheWayToAnUnsignedZoneIsIndeterminateNotInsecure(DnsType failType)
    {
        var h = new SignedHierarchy();
        h.Source.Tamper = (name, type, l) => type == failType ? DnssecLookup.Failed("timeout", "192.0.2.53") : l;

        var a = await h.ValidateAsync(SignedHierarchy.InsecureTlsa, DnsType.TLSA);

        Status(SecurityStatus.Indeterminate, a);
        Failure(a, null, failType, "failed", "timeout");
    }

    [Fact]
    public async Task NameWithoutATrustAnchorIsIndeterminate()
    {
        var h = new SignedHierarchy();
        var anchors = new TrustAnchors([TestSigner.Ds(DnsName.Parse("other."), h.Root.Ksk!.Dnskey)]);
        var a = await new DnssecValidator(h.Source, anchors, null, h.Clock).ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);

        Status(SecurityStatus.Indeterminate, a);
        Failure(a, h.Child.Apex, DnsType.DNSKEY, "no trust anchor covers this zone");
    }
}
