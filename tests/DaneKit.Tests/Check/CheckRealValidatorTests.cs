using DaneKit.Diagnostics;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Smtp;
using DaneKit.Tests.Dnssec.Validator;
using DaneKit.TlsRpt;

namespace DaneKit.Tests.Check;

/// <summary>
/// The checker over DaneKit's own validator and in-memory signed zones (<see cref="SignedHierarchy"/>): the answers have
/// the real shape (alias RRsets, chain links, reason texts), so the flow, the CNAME rules and the broken-link finding are
/// checked against what the validator really says.
/// </summary>
public sealed class CheckRealValidatorTests
{
    private static readonly DnsName ChildDomain = DnsName.Parse("child.example.");

    private static (SignedHierarchy H, CheckWorld W) World()
    {
        var h = new SignedHierarchy();
        var w = new CheckWorld(defaults: false);
        h.Child.Records.RemoveAll(r => r.Type == DnsType.TLSA);
        h.Child.Records.Add(new DnsResourceRecord(SignedHierarchy.Tlsa, DnsClass.IN, 3600, CheckCerts.Ee311(w.Leaf)));
        h.Child.Records.Add(new DnsResourceRecord(ChildDomain, DnsClass.IN, 3600, new MxData(10, SignedHierarchy.Mx)));
        h.Example.Records.Add(new DnsResourceRecord(DnsName.Parse("mail.example."), DnsClass.IN, 3600, new MxData(10, DnsName.Parse("alias.example."))));
        h.Insecure.Records.Add(new DnsResourceRecord(DnsName.Parse("insecure.example."), DnsClass.IN, 3600, new MxData(10, DnsName.Parse("mx.insecure.example."))));
        w.Prober.Serve("192.0.2.25", w.Leaf).Serve("192.0.2.26", w.Leaf);
        return (h, w);
    }

    private static Task<DaneCheckResult> CheckAsync(SignedHierarchy h, CheckWorld w, string domain) =>
        new DaneChecker(h.Validator(), w.Prober, w.Options, new CheckClock(SignedHierarchy.Now)).CheckAsync(domain);

    [Fact]
    public async Task SignedMxHostWithTlsaIsAuthenticated()
    {
        var (h, w) = World();
        using var _ = w;

        var r = await CheckAsync(h, w, "child.example");

        Assert.True(r.Verdict == DaneVerdict.Authenticated, r.VerdictReason);
        Assert.Equal(SecurityStatus.Secure, r.Mx!.Lookup.Status);
        Assert.NotEmpty(r.Mx.Lookup.Chain);
        Assert.Contains(r.Mx.Lookup.RRsets, s => s.Type == "MX" && s.Signer == "child.example." && s.SignatureExpires is not null);
        Assert.Equal(SecurityStatus.Secure, r.Hosts[0].AddressLookups.Single(l => l.Type == "AAAA").Status);
        Assert.DoesNotContain(r.Findings, f => f.Severity == FindingSeverity.Error);
    }

    // RFC 7672 2.2.2 with the validator's CNAME RRsets: alias.example. -> mx.child.example.
    [Fact]
    public async Task CnameMxHostUsesTheTargetAsTlsaBaseDomain()
    {
        var (h, w) = World();
        using var _ = w;

        var r = await CheckAsync(h, w, "mail.example");

        Assert.True(r.Verdict == DaneVerdict.Authenticated, r.VerdictReason);
        Assert.Equal("RFC 7672 2.2.2", r.VerdictRfc);
        var host = Assert.Single(r.Hosts);
        Assert.Equal("alias.example.", host.Name);
        Assert.Equal(["mx.child.example."], host.CnameChain);
        Assert.Equal("mx.child.example.", host.Tlsa.BaseDomain);
        Assert.Equal("mx.child.example", Assert.Single(w.Prober.Calls).ServerName);
        Assert.Contains(host.AddressLookups[0].Aliases, a => a.Owner == "alias.example." && a.Status == SecurityStatus.Secure);
    }

    // dane-rules 3 and the unsigned-zone finding, from a validated insecure delegation.
    [Fact]
    public async Task UnsignedZoneWithTlsaIsOpportunisticWithTheFinding()
    {
        var (h, w) = World();
        using var _ = w;

        var r = await CheckAsync(h, w, "insecure.example");

        Assert.True(r.Verdict == DaneVerdict.Opportunistic, r.VerdictReason);
        Assert.Equal(SecurityStatus.Insecure, r.Mx!.Lookup.Status);
        Assert.False(r.Hosts[0].Tlsa.LookedUp);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.TlsaUnsignedZone);
        Assert.Contains(f.Evidence, e => e.Label == "insecure link" && e.Value.StartsWith("insecure.example.", StringComparison.Ordinal));
    }

    // The exact link: a DS at the parent that matches no DNSKEY of child.example.
    [Fact]
    public async Task DsMismatchIsTheBrokenLink()
    {
        var (h, w) = World();
        using var _ = w;
        h.SetChildDs(TestSigner.DsFor(ChildDomain, TestKey.Create(13, 257).Dnskey));

        var r = await CheckAsync(h, w, "child.example");

        Assert.Equal(DaneVerdict.Deferred, r.Verdict);
        Assert.Null(r.Rfc8460);
        Assert.Empty(w.Prober.Calls);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.DnssecBrokenLink);
        Assert.Contains("child.example.", f.Message, StringComparison.Ordinal);
        Assert.Contains(f.Remediation.Commands, c => c.Contains("dnssec-dsfromkey", StringComparison.Ordinal));
    }

    // Expired signatures in the zone of the TLSA RRset only: deferred with dnssec-invalid, and the fix is to re-sign.
    [Fact]
    public async Task ExpiredTlsaSignatureDefers()
    {
        var (h, w) = World();
        using var _ = w;
        h.Child.Windows[(SignedHierarchy.Tlsa, DnsType.TLSA)] = (SignedHierarchy.Now.AddDays(-30), SignedHierarchy.Now.AddDays(-1));

        var r = await CheckAsync(h, w, "child.example");

        Assert.Equal(DaneVerdict.Deferred, r.Verdict);
        Assert.Equal(TlsRptResultType.DnssecInvalid, r.Rfc8460);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.DnssecBrokenLink);
        Assert.Contains("expired", f.Message, StringComparison.Ordinal);
        Assert.Contains("re-sign", f.Remediation.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignaturesExpiringSoonAreReported()
    {
        var (h, w) = World();
        using var _ = w;
        h.Child.Windows[(SignedHierarchy.Tlsa, DnsType.TLSA)] = (SignedHierarchy.Now.AddDays(-30), SignedHierarchy.Now.AddDays(2));

        var r = await CheckAsync(h, w, "child.example");

        Assert.Equal(DaneVerdict.Authenticated, r.Verdict);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.SignatureExpiring);
        Assert.Equal(SignedHierarchy.Tlsa.ToString(), f.Subject);
    }
}
