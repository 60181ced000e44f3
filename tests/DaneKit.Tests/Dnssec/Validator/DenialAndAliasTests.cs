using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using static DaneKit.Tests.Dnssec.Validator.ValidatorAssert;

namespace DaneKit.Tests.Dnssec.Validator;

/// <summary>
/// Answers that are not a plain RRset: denial of existence (RFC 4035 5.4), wildcard expansions (RFC 4035
/// 5.3.4), and CNAME chains across zones (RFC 4035 3.1.1, RFC 1034 3.6.2).
/// </summary>
public sealed class DenialAndAliasTests
{
    private static readonly DnsName Missing = DnsName.Parse("xyz.example.");
    private static readonly DnsName Expanded = DnsName.Parse("foo.child.example.");

    private static DnssecLookup WithoutNsec(DnssecLookup l) => l with
    {
        Authority = l.Authority.Where(r => r.Type != DnsType.NSEC && !(r.Data is RrsigData s && s.TypeCovered == DnsType.NSEC)).ToList(),
    };

    [Fact]
    public async Task NxdomainWithAValidNsecProofIsASecureDenial()
    {
        var h = new SignedHierarchy();
        var a = await h.ValidateAsync(Missing, DnsType.A);

        Status(SecurityStatus.Secure, a);
        Assert.True(a.IsDenial);
        Assert.Equal(DnsResponseCode.NXDomain, a.ResponseCode);
        Assert.Empty(a.Records);
        Assert.Empty(a.Failures);
        Reason(a, ReasonKind.Evidence, Missing, DnsType.A, "www.example.", "covers xyz.example.");
        Reason(a, ReasonKind.Evidence, Missing, DnsType.A, "*.example.");
    }

    [Fact]
    public async Task NxdomainWithoutTheProofIsBogus()
    {
        var h = new SignedHierarchy();
        h.Source.Tamper = (name, type, l) => name.Equals(Missing) ? WithoutNsec(l) : l;

        var a = await h.ValidateAsync(Missing, DnsType.A);

        Status(SecurityStatus.Bogus, a);
        Assert.True(a.IsDenial);
        Failure(a, Missing, DnsType.A, "no NSEC or NSEC3 record with a valid signature");
    }

    [Fact]
    public async Task NxdomainWithoutTheWildcardProofIsBogus()
    {
        // Only the NSEC covering the name: nothing shows that *.example. does not exist (RFC 4035 5.4).
        var h = new SignedHierarchy();
        var www = DnsName.Parse("www.example.");
        h.Source.Tamper = (name, type, l) => name.Equals(Missing)
            ? l with { Authority = l.Authority.Where(r => r.Type is not (DnsType.NSEC or DnsType.RRSIG) || r.Name.Equals(www) || r.Data is RrsigData { TypeCovered: DnsType.SOA }).ToList() }
            : l;

        var a = await h.ValidateAsync(Missing, DnsType.A);

        Status(SecurityStatus.Bogus, a);
        Failure(a, Missing, DnsType.A, "*.example.");
    }

    [Fact]
    public async Task NodataWithAValidNsecProofIsASecureDenial()
    {
        var h = new SignedHierarchy();
        var a = await h.ValidateAsync(SignedHierarchy.Mx, DnsType.AAAA);

        Status(SecurityStatus.Secure, a);
        Assert.True(a.IsDenial);
        Assert.Equal(DnsResponseCode.NoError, a.ResponseCode);
        Reason(a, ReasonKind.Evidence, SignedHierarchy.Mx, DnsType.AAAA, "has no AAAA");
    }

    [Fact]
    public async Task NodataWithAnNsecThatListsTheTypeIsBogus()
    {
        // The NSEC at mx.child.example. says A exists: it cannot prove there is no A.
        var h = new SignedHierarchy();
        var proof = await h.Source.LookupAsync(SignedHierarchy.Mx, DnsType.AAAA, default);
        h.Source.Tamper = (name, type, l) => name.Equals(SignedHierarchy.Mx) && type == DnsType.A
            ? l with { Answers = [], Authority = proof.Authority }
            : l;

        var a = await h.ValidateAsync(SignedHierarchy.Mx, DnsType.A);

        Status(SecurityStatus.Bogus, a);
        Failure(a, SignedHierarchy.Mx, DnsType.A, "lists A");
    }

    [Fact]
    public async Task NxdomainInAnInsecureZoneIsAnInsecureDenial()
    {
        var h = new SignedHierarchy();
        var name = DnsName.Parse("nothere.insecure.example.");
        var a = await h.ValidateAsync(name, DnsType.A);

        Status(SecurityStatus.Insecure, a);
        Assert.True(a.IsDenial);
        Reason(a, ReasonKind.Evidence, name, DnsType.A, "provably insecure");
    }

    [Fact]
    public async Task CnameChainAcrossTwoSignedZonesIsSecure()
    {
        var h = new SignedHierarchy();
        var alias = DnsName.Parse("alias.example.");
        var a = await h.ValidateAsync(alias, DnsType.A);

        Status(SecurityStatus.Secure, a);
        Assert.Equal(2, a.RRsets.Count);
        Assert.Equal((alias, DnsType.CNAME, h.Example.Apex), (a.RRsets[0].Name, a.RRsets[0].Type, a.RRsets[0].Signer));
        Assert.Equal((SignedHierarchy.Mx, DnsType.A, h.Child.Apex), (a.RRsets[1].Name, a.RRsets[1].Type, a.RRsets[1].Signer));
        Assert.Equal(h.Example.Zsk!.KeyTag, a.RRsets[0].KeyTag);
        Assert.Equal(h.Child.Zsk!.KeyTag, a.RRsets[1].KeyTag);
        Assert.All(a.RRsets, r => Assert.Equal(SecurityStatus.Secure, r.Status));
        var record = Assert.Single(a.Records);
        Assert.Equal(SignedHierarchy.Mx, record.Name);
        Assert.Equal(3, a.Chain.Count);
    }

    [Fact]
    public async Task CnameChainFollowedWithASecondLookupIsSecure()
    {
        // A resolver may stop at the alias; the validator then asks for the target itself.
        var h = new SignedHierarchy();
        var alias = DnsName.Parse("alias.example.");
        h.Source.Tamper = (name, type, l) => name.Equals(alias)
            ? l with { Answers = l.Answers.Where(r => r.Name.Equals(alias)).ToList(), Authority = [] }
            : l;

        var a = await h.ValidateAsync(alias, DnsType.A);

        Status(SecurityStatus.Secure, a);
        Assert.Equal(2, a.RRsets.Count);
        Assert.Contains((SignedHierarchy.Mx, DnsType.A), h.Source.Log);
    }

    [Fact]
    public async Task CnameChainWithABadLinkIsBogus()
    {
        var h = new SignedHierarchy();
        var alias = DnsName.Parse("alias.example.");
        h.Source.Tamper = (name, type, l) => name.Equals(alias)
            ? l with { Answers = l.Answers.Select(r => r.Data is RrsigData { TypeCovered: DnsType.CNAME } ? TestSigner.Corrupt(r) : r).ToList() }
            : l;

        var a = await h.ValidateAsync(alias, DnsType.A);

        Status(SecurityStatus.Bogus, a);
        Assert.Equal(SecurityStatus.Bogus, a.RRsets[0].Status);
        Assert.Equal(SecurityStatus.Secure, a.RRsets[1].Status);
        Failure(a, alias, DnsType.CNAME, "does not verify");
    }

    [Fact]
    public async Task WildcardExpansionWithACoveringNsecIsSecure()
    {
        var h = new SignedHierarchy();
        var a = await h.ValidateAsync(Expanded, DnsType.A);

        Status(SecurityStatus.Secure, a);
        Assert.False(a.IsDenial);
        var rrset = Assert.Single(a.RRsets);
        Assert.Equal(Expanded, rrset.Name);
        Assert.Equal(2, ((RrsigData)rrset.Signatures.Single().Data).Labels);
        Assert.Equal(h.Child.Zsk!.KeyTag, rrset.KeyTag);
        Reason(a, ReasonKind.Evidence, Expanded, DnsType.A, "covers foo.child.example.");
    }

    [Fact]
    public async Task WildcardExpansionWithoutTheNsecIsBogus()
    {
        var h = new SignedHierarchy();
        h.Source.Tamper = (name, type, l) => name.Equals(Expanded) ? WithoutNsec(l) : l;

        var a = await h.ValidateAsync(Expanded, DnsType.A);

        Status(SecurityStatus.Bogus, a);
        Assert.Equal(SecurityStatus.Bogus, a.RRsets.Single().Status);
        Failure(a, Expanded, DnsType.A, "no NSEC or NSEC3 record with a valid signature");
    }

    [Fact]
    public async Task WildcardSignatureReplayedAtAnExistingNameIsBogus()
    {
        // mx.child.example. exists: a wildcard-expanded A there is a replay, and no NSEC can cover the name.
        var h = new SignedHierarchy();
        var expanded = await h.Source.LookupAsync(Expanded, DnsType.A, default);
        h.Source.Tamper = (name, type, l) => name.Equals(SignedHierarchy.Mx) && type == DnsType.A
            ? l with
            {
                Answers = expanded.Answers.Select(r => r with { Name = SignedHierarchy.Mx }).ToList(),
                Authority = expanded.Authority,
            }
            : l;

        var a = await h.ValidateAsync(SignedHierarchy.Mx, DnsType.A);

        Status(SecurityStatus.Bogus, a);
        Assert.NotEmpty(a.Failures);
    }
}
