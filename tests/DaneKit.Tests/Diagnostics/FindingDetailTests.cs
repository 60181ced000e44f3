using DaneKit.Diagnostics;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Tests.Check;

namespace DaneKit.Tests.Diagnostics;

/// <summary>The details findings owe the operator: the exact link, the expiry, when rollover is and is not a risk.</summary>
public sealed class FindingDetailTests
{
    // The exact broken link: a DS that matches no DNSKEY names the zone and the command that makes the right DS.
    [Fact]
    public async Task DsMismatchNamesTheZoneAndTheCommand()
    {
        using var w = new CheckWorld();
        w.Dns.Fail(CheckWorld.Domain, DnsType.MX, SecurityStatus.Bogus, "no DNSKEY matches any DS record (DS 4242 13 2 AB…)", "RFC 4035 5.2",
            new ChainLink(DnsName.Parse("com."), SecurityStatus.Secure, [], null, 1, [], "DS → DNSKEY 1"),
            new ChainLink(DnsName.Parse(CheckWorld.Domain), SecurityStatus.Bogus, [], null, null, [], "DS matches no DNSKEY"));

        var r = await w.CheckAsync();

        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.DnssecBrokenLink);
        Assert.Contains("example.com.", f.Message, StringComparison.Ordinal);
        Assert.Equal("RFC 4035 5.2", f.Rfc);
        Assert.Contains("DS", f.Remediation.Text, StringComparison.Ordinal);
        Assert.Contains(f.Remediation.Commands, c => c.Contains("dnssec-dsfromkey", StringComparison.Ordinal) && c.Contains("example.com.", StringComparison.Ordinal));
        Assert.Contains(f.Evidence, e => e.Label == "chain" && e.Value.Contains("DS matches no DNSKEY", StringComparison.Ordinal));
    }

    // One root cause, several Bogus lookups: one finding listing them.
    [Fact]
    public async Task OneBrokenLinkIsOneFindingForEveryLookupItBreaks()
    {
        using var w = new CheckWorld();
        var link = new ChainLink(DnsName.Parse(CheckWorld.Domain), SecurityStatus.Bogus, [], null, null, [], "DS matches no DNSKEY");
        w.Dns.Answer(w.Dns.Data(DnsName.Parse(CheckWorld.Domain), DnsType.MX, SecurityStatus.Bogus, [new MxData(10, DnsName.Parse(CheckWorld.MxHost))])
            with { Chain = [link], Reasons = [new ValidationReason(DnsName.Parse(CheckWorld.Domain), DnsType.DNSKEY, "no DNSKEY matches any DS record", "RFC 4035 5.2", ReasonKind.Failure)] });
        w.Dns.Answer(w.Dns.Data(DnsName.Parse(CheckWorld.MxHost), DnsType.A, SecurityStatus.Bogus, [new AData(System.Net.IPAddress.Parse(CheckWorld.Address))])
            with { Chain = [link], Reasons = [new ValidationReason(DnsName.Parse(CheckWorld.Domain), DnsType.DNSKEY, "no DNSKEY matches any DS record", "RFC 4035 5.2", ReasonKind.Failure)] });

        var r = await w.CheckAsync();

        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.DnssecBrokenLink);
        Assert.Equal(2, f.Evidence.Count(e => e.Label == "affected lookup"));
    }

    [Theory]
    [InlineData("RRSIG A x. by x. key 1 alg 13: not valid before 2030-06-11T00:00Z (now 2030-06-01T00:00Z)", "clock")]
    [InlineData("RRSIG A x. by x. key 1 alg 13: no DNSKEY of x. has key tag 1 and algorithm 13", "not in the DNSKEY RRset")]
    [InlineData("NODATA without any signed NSEC or NSEC3 proof, but zone x. is signed", "NSEC")]
    [InlineData("no RRSIG, but its zone x. is signed", "not signed")]
    public async Task TheFixFitsTheBreak(string reason, string fixMentions)
    {
        using var w = new CheckWorld();
        w.Dns.Fail(CheckWorld.TlsaOwner, DnsType.TLSA, SecurityStatus.Bogus, reason);

        var r = await w.CheckAsync();

        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.DnssecBrokenLink);
        Assert.Contains(fixMentions, f.Remediation.Text, StringComparison.Ordinal);
    }

    // dane-rules 9: signatures expiring within 7 days, from the check's clock.
    [Fact]
    public async Task ExpiringSignaturesAreReportedWithinTheWindowOnly()
    {
        using var w = new CheckWorld();
        w.Dns.SignatureExpires = CheckWorld.Now.AddDays(6.5);
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, (10, CheckWorld.MxHost));
        w.Dns.SignatureExpires = CheckWorld.Now.AddDays(8);
        w.Dns.A(CheckWorld.MxHost, SecurityStatus.Secure, CheckWorld.Address);

        var r = await w.CheckAsync();

        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.SignatureExpiring);
        Assert.Equal("example.com.", f.Subject);
        Assert.Contains("6.5 days", f.Message, StringComparison.Ordinal);
    }

    // RFC 7671 8.1: "current + next" is not a rollover risk; one key is, with the issuer's 2 1 1 as a fix.
    [Fact]
    public async Task RolloverPairIsNotARisk()
    {
        using var w = new CheckWorld();
        var next = w.Own(CheckCerts.SelfSigned("mx.example.com"));
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(w.Leaf), CheckCerts.Ee311(next));

        var r = await w.CheckAsync();

        Assert.Equal(DaneKit.Smtp.DaneVerdict.Authenticated, r.Verdict);
        Assert.DoesNotContain(r.Findings, f => f.Code == FindingCatalogue.RolloverSingleKey);
    }

    [Fact]
    public async Task TwoRecordsOfTheSameKeyAreStillOneKey()
    {
        using var w = new CheckWorld();
        var (leaf, intermediate, root) = CheckCerts.Chain("mx.example.com");
        w.Own(leaf); w.Own(intermediate); w.Own(root);
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(leaf),
            CheckCerts.Record(TlsaUsage.DaneEe, TlsaSelector.Cert, TlsaMatchingType.Sha256, leaf));
        w.Prober.Serve(CheckWorld.Address, leaf, intermediate);

        var r = await w.CheckAsync();

        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.RolloverSingleKey);
        Assert.Equal($"{CheckWorld.TlsaOwner} IN TLSA 2 1 1 {CheckCerts.Spki(intermediate)}", Assert.Single(f.Remediation.ZoneLines));
        Assert.Contains("7200 s", f.Remediation.Text, StringComparison.Ordinal);
        Assert.Contains(f.Remediation.Commands, c => c.StartsWith("danekit tlsa generate --key next-key.pem --host mx.example.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LeafAndIssuerRecordsAreNotARisk()
    {
        using var w = new CheckWorld();
        var (leaf, intermediate, root) = CheckCerts.Chain("mx.example.com");
        w.Own(leaf); w.Own(intermediate); w.Own(root);
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(leaf), CheckCerts.Ta211(intermediate));
        w.Prober.Serve(CheckWorld.Address, leaf, intermediate);

        var r = await w.CheckAsync();

        Assert.DoesNotContain(r.Findings, f => f.Code == FindingCatalogue.RolloverSingleKey);
    }

    // PKIX usages beside usable records: a warning, and the check still authenticates.
    [Fact]
    public async Task PkixRecordsBesideUsableOnesWarn()
    {
        using var w = new CheckWorld();
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(w.Leaf),
            CheckCerts.Record(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, w.Leaf));

        var r = await w.CheckAsync();

        Assert.Equal(DaneKit.Smtp.DaneVerdict.Authenticated, r.Verdict);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.TlsaPkixUsage);
        Assert.Equal(FindingSeverity.Warning, f.Severity);
        Assert.DoesNotContain(r.Findings, f => f.Code is FindingCatalogue.TlsaAllUnusable or FindingCatalogue.TlsaUnusableRecord);
    }

    // A healthy domain has no error or warning beyond the rollover advice.
    [Fact]
    public async Task AHealthyRolloverReadyDomainIsQuiet()
    {
        using var w = new CheckWorld();
        var next = w.Own(CheckCerts.SelfSigned("mx.example.com"));
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(w.Leaf), CheckCerts.Ee311(next));

        var r = await w.CheckAsync();

        // DANE is quiet; only the information that MTA-STS and TLS-RPT are not published remains.
        Assert.DoesNotContain(r.Findings, f => f.Severity != FindingSeverity.Info);
        Assert.Equal(["MTASTS-TXT-NONE", "TLSRPT-RECORD-MISSING"], r.Findings.Select(f => f.Code).Order(StringComparer.Ordinal));
    }
}
