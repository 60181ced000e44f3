using System.Text.Json;
using System.Text.Json.Serialization;
using DaneKit.Diagnostics;
using DaneKit.Dns;
using DaneKit.Dnssec;
using DaneKit.Smtp;
using DaneKit.TlsRpt;

namespace DaneKit.Tests.Check;

/// <summary>
/// Several MX hosts and addresses (dane-rules 19), where TLSA was published instead, address families, one requested
/// host, the order of the output, and the result as JSON.
/// </summary>
public sealed class CheckHostsTests
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    // RFC 7672 3.1.1, dane-rules 19: the backup's stale TLSA makes the domain dane-fail; MX order is preference order.
    [Fact]
    public async Task TwoMxOneBadIsADaneFailureInPreferenceOrder()
    {
        using var w = new CheckWorld();
        var old = w.Own(CheckCerts.SelfSigned("mx2.example.com"));
        var leaf2 = w.Own(CheckCerts.SelfSigned("mx2.example.com"));
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, (20, "mx2.example.com."), (10, CheckWorld.MxHost))
            .A("mx2.example.com.", SecurityStatus.Secure, "192.0.2.2")
            .Tlsa("_25._tcp.mx2.example.com.", SecurityStatus.Secure, CheckCerts.Ee311(old));
        w.Prober.Serve("192.0.2.2", leaf2);

        var r = await w.CheckAsync();

        Assert.Equal(DaneVerdict.DaneFail, r.Verdict);
        Assert.Equal("RFC 7672 3.1.1", r.VerdictRfc);
        Assert.Equal(TlsRptResultType.CertificateNotTrusted, r.Rfc8460);
        Assert.Equal([CheckWorld.MxHost, "mx2.example.com."], r.Hosts.Select(h => h.Name));
        Assert.Equal([DaneVerdict.Authenticated, DaneVerdict.DaneFail], r.Hosts.Select(h => h.Verdict));
        Assert.Equal([null, TlsRptResultType.CertificateNotTrusted], r.Hosts.Select(h => h.Rfc8460));
        Assert.Equal([new CheckMxRecord(10, CheckWorld.MxHost), new CheckMxRecord(20, "mx2.example.com.")], r.Mx!.Records);
        Assert.Single(r.Findings, f => f.Code == FindingCatalogue.MixedHosts);
        Assert.Single(r.Findings, f => f.Code == FindingCatalogue.TlsaStale && f.Subject.StartsWith("mx2.", StringComparison.Ordinal));
    }

    // dane-rules 19: one address with the wrong certificate is an outage for part of the traffic.
    [Fact]
    public async Task TwoAddressesOneWrongCertificate()
    {
        using var w = new CheckWorld();
        var wrong = w.Own(CheckCerts.SelfSigned("mx.example.com"));
        w.Dns.A(CheckWorld.MxHost, SecurityStatus.Secure, CheckWorld.Address, "192.0.2.9");
        w.Prober.Serve("192.0.2.9", wrong);

        var r = await w.CheckAsync();

        Assert.Equal(DaneVerdict.DaneFail, r.Verdict);
        var host = Assert.Single(r.Hosts);
        Assert.Equal(["192.0.2.1", "192.0.2.9"], host.Addresses.Select(a => a.Address));
        Assert.Equal([DaneVerdict.Authenticated, DaneVerdict.DaneFail], host.Addresses.Select(a => a.Verdict));
        Assert.Equal([null, TlsRptResultType.CertificateNotTrusted], host.Addresses.Select(a => a.Rfc8460));
        var mixed = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.MixedAddresses);
        Assert.Equal(2, mixed.Evidence.Count);
        Assert.Contains($"{CheckWorld.TlsaOwner} IN TLSA 3 1 1 {CheckCerts.Spki(wrong)}", mixed.Remediation.ZoneLines);
        Assert.Single(r.Findings, f => f.Code == FindingCatalogue.TlsaStale && f.Subject == "mx.example.com.[192.0.2.9]:25");
    }

    // Findings that say the same about several addresses of a host are one finding.
    [Fact]
    public async Task TheSameFindingForTwoAddressesIsMerged()
    {
        using var w = new CheckWorld();
        var old = w.Own(CheckCerts.SelfSigned("mx.example.com"));
        w.Dns.A(CheckWorld.MxHost, SecurityStatus.Secure, CheckWorld.Address).Aaaa(CheckWorld.MxHost, SecurityStatus.Secure, "2001:db8::1")
            .Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(old));
        w.Prober.Serve("2001:db8::1", w.Leaf);

        var r = await w.CheckAsync();

        var stale = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.TlsaStale);
        Assert.Equal("mx.example.com.[192.0.2.1]:25, [2001:db8::1]:25", stale.Subject);
        Assert.Equal("[2001:db8::1]:25", r.Hosts[0].Addresses[1].Endpoint);
        Assert.Equal(CheckAddressFamily.IPv6, r.Hosts[0].Addresses[1].Family);
    }

    // RFC 7672 2.2: only the first MX host publishes TLSA.
    [Fact]
    public async Task MxHostWithoutTlsaWhileOthersHaveIt()
    {
        using var w = new CheckWorld();
        var leaf2 = w.Own(CheckCerts.SelfSigned("mx2.example.com"));
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, (10, CheckWorld.MxHost), (20, "mx2.example.com."))
            .A("mx2.example.com.", SecurityStatus.Secure, "192.0.2.2");
        w.Prober.Serve("192.0.2.2", leaf2);

        var r = await w.CheckAsync();

        Assert.Equal(DaneVerdict.Opportunistic, r.Verdict);
        Assert.Equal("RFC 7672 2.2", r.VerdictRfc);
        Assert.Equal([DaneVerdict.Authenticated, DaneVerdict.Opportunistic], r.Hosts.Select(h => h.Verdict));
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.MxWithoutTlsa);
        Assert.Equal("mx2.example.com.", f.Subject);
        Assert.Equal($"_25._tcp.mx2.example.com. IN TLSA 3 1 1 {CheckCerts.Spki(leaf2)}", Assert.Single(f.Remediation.ZoneLines));
        Assert.DoesNotContain(r.Findings, f => f.Code == FindingCatalogue.NotPublished);
    }

    // An MX host in an unsigned zone beside one with TLSA is a DANE-free path too.
    [Fact]
    public async Task UnsignedMxHostBesideADaneHostIsReported()
    {
        using var w = new CheckWorld();
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, (10, CheckWorld.MxHost), (20, "mx.example.net."))
            .A("mx.example.net.", SecurityStatus.Insecure, "192.0.2.2");
        w.Prober.Serve("192.0.2.2", w.Leaf);

        var r = await w.CheckAsync();

        Assert.Equal(DaneVerdict.Opportunistic, r.Verdict);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.MxWithoutTlsa);
        Assert.Equal("mx.example.net.", f.Subject);
        Assert.Contains(f.Evidence, e => e.Value.Contains("not looked up", StringComparison.Ordinal));
    }

    // DANE applies per address: an Insecure AAAA record beside a Secure A record is reached without DANE.
    [Fact]
    public async Task AnInsecureAddressOfADaneHostIsOpportunistic()
    {
        using var w = new CheckWorld();
        w.Dns.Aaaa(CheckWorld.MxHost, SecurityStatus.Insecure, "2001:db8::1");
        w.Prober.Serve("2001:db8::1", w.Leaf);

        var r = await w.CheckAsync();

        var host = Assert.Single(r.Hosts);
        Assert.Equal([DaneVerdict.Authenticated, DaneVerdict.Opportunistic], host.Addresses.Select(a => a.Verdict));
        Assert.Equal(DaneKit.Tls.DaneTlsaRequirement.NotApplicable, host.Addresses[1].Requirement);
        Assert.Contains("2001:db8::1 is Insecure", host.Addresses[1].VerdictReason, StringComparison.Ordinal);
        Assert.Equal(DaneVerdict.Opportunistic, r.Verdict);
    }

    // RFC 7672 2.2.3: TLSA at _443._tcp only; the record to publish at _25._tcp.
    [Fact]
    public async Task TlsaAtAnotherPortIsFoundAndMoved()
    {
        using var w = new CheckWorld();
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure).Tlsa("_443._tcp.mx.example.com.", SecurityStatus.Secure, CheckCerts.Ee311(w.Leaf));

        var r = await w.CheckAsync();

        Assert.Equal(DaneVerdict.Opportunistic, r.Verdict);
        Assert.Equal("RFC 7672 2.2.3", r.VerdictRfc);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.TlsaWrongPort);
        Assert.Contains(f.Evidence, e => e.Label == "found at" && e.Value.StartsWith("_443._tcp.mx.example.com. TLSA", StringComparison.Ordinal));
        Assert.Equal($"{CheckWorld.TlsaOwner} IN TLSA 3 1 1 {CheckCerts.Spki(w.Leaf)}", Assert.Single(f.Remediation.ZoneLines));
        Assert.DoesNotContain(r.Findings, f => f.Code == FindingCatalogue.NotPublished);
    }

    // RFC 7672 2.2.3: TLSA at _25._tcp.<domain> instead of the MX host.
    [Fact]
    public async Task TlsaAtTheDomainIsFound()
    {
        using var w = new CheckWorld();
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure).Tlsa("_25._tcp.example.com.", SecurityStatus.Secure, CheckCerts.Ee311(w.Leaf));

        var r = await w.CheckAsync();

        Assert.Equal(DaneVerdict.Opportunistic, r.Verdict);
        Assert.Equal("RFC 7672 2.2.3", r.VerdictRfc);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.TlsaAtDomain);
        Assert.Contains("_25._tcp.example.com.", f.Message, StringComparison.Ordinal);
        Assert.Equal($"{CheckWorld.TlsaOwner} IN TLSA 3 1 1 {CheckCerts.Spki(w.Leaf)}", Assert.Single(f.Remediation.ZoneLines));
    }

    // RFC 7672 2.2: TLSA in an unsigned zone is invisible; the check says where it is.
    [Fact]
    public async Task TlsaInAnUnsignedZoneIsReported()
    {
        using var w = new CheckWorld();
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Insecure, (10, CheckWorld.MxHost)).A(CheckWorld.MxHost, SecurityStatus.Insecure, CheckWorld.Address)
            .Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Insecure, CheckCerts.Ee311(w.Leaf));
        w.Dns.DefaultDenialStatus = SecurityStatus.Insecure;

        var r = await w.CheckAsync();

        Assert.Equal(DaneVerdict.Opportunistic, r.Verdict);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.TlsaUnsignedZone);
        Assert.Contains(f.Evidence, e => e.Label == "record" && e.Value.StartsWith("3 1 1 ", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Findings, f => f.Code == FindingCatalogue.ZoneUnsigned);
        Assert.DoesNotContain(r.Findings, f => f.Code == FindingCatalogue.InsecureMx);
    }

    // -4 / -6: only the chosen family is looked up and probed.
    [Theory]
    [InlineData(CheckAddressFamilies.IPv4, "192.0.2.1")]
    [InlineData(CheckAddressFamilies.IPv6, "2001:db8::1")]
    [InlineData(CheckAddressFamilies.Both, "192.0.2.1,2001:db8::1")]
    public async Task AddressFamiliesAreRespected(CheckAddressFamilies families, string expected)
    {
        using var w = new CheckWorld();
        w.Dns.Aaaa(CheckWorld.MxHost, SecurityStatus.Secure, "2001:db8::1");
        w.Prober.Serve("2001:db8::1", w.Leaf);
        w.Options = w.Options with { AddressFamilies = families };

        var r = await w.CheckAsync();

        Assert.Equal(DaneVerdict.Authenticated, r.Verdict);
        Assert.Equal(expected, string.Join(",", r.Hosts[0].Addresses.Select(a => a.Address)));
        Assert.Equal(expected, string.Join(",", w.Prober.Calls.Select(c => c.Endpoint.Address.ToString()).Order(StringComparer.Ordinal)));
        Assert.Equal(families != CheckAddressFamilies.IPv6, w.Dns.Asked(CheckWorld.MxHost, DnsType.A));
        Assert.Equal(families != CheckAddressFamilies.IPv4, w.Dns.Asked(CheckWorld.MxHost, DnsType.AAAA));
        Assert.Equal(families, r.AddressFamilies);
    }

    // --mx HOST: that host only, as if it were the MX; no MX lookup.
    [Fact]
    public async Task RequestedHostIsCheckedAloneWithoutAnMxLookup()
    {
        using var w = new CheckWorld();
        var leaf2 = w.Own(CheckCerts.SelfSigned("mx2.example.com"));
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, (10, CheckWorld.MxHost), (20, "mx2.example.com."))
            .A("mx2.example.com.", SecurityStatus.Secure, "192.0.2.2")
            .Tlsa("_25._tcp.mx2.example.com.", SecurityStatus.Secure, CheckCerts.Ee311(leaf2));
        w.Prober.Serve("192.0.2.2", leaf2);
        w.Options = w.Options with { MxHost = "mx2.example.com" };

        var r = await w.CheckAsync();

        Assert.Equal(DaneVerdict.Authenticated, r.Verdict);
        Assert.Null(r.Mx);
        Assert.Equal("mx2.example.com.", r.RequestedHost);
        var host = Assert.Single(r.Hosts);
        Assert.Equal(CheckHostOrigin.Requested, host.Origin);
        Assert.False(w.Dns.Asked(CheckWorld.Domain, DnsType.MX));
        Assert.Equal("mx2.example.com", Assert.Single(w.Prober.Calls).ServerName);
    }

    // The output order is MX preference, then name, then resolved address order, whatever order the probes finish in.
    [Fact]
    public async Task OutputOrderDoesNotDependOnProbeTiming()
    {
        using var w = new CheckWorld();
        var hosts = new[] { "c.example.com.", "a.example.com.", "b.example.com." };
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, (20, hosts[0]), (20, hosts[1]), (10, hosts[2]));
        var n = 0;
        foreach (var h in hosts)
        {
            var addresses = Enumerable.Range(1, 3).Select(i => $"198.51.100.{(++n * 10) + i}").ToArray();
            w.Dns.A(h, SecurityStatus.Secure, addresses).Tlsa("_25._tcp." + h, SecurityStatus.Secure, CheckCerts.Ee311(w.Leaf));
            var delay = 60;
            foreach (var a in addresses)
            {
                var d = delay -= 15;
                w.Prober.Script(a, async (ep, sni, mode, ct) =>
                {
                    await Task.Delay(d, ct);
                    return FakeProber.Tls(ep, sni, mode, [w.Leaf]);
                });
            }
        }

        w.Options = w.Options with { MaxParallelProbes = 3 };
        var r = await w.CheckAsync();

        Assert.Equal(["b.example.com.", "a.example.com.", "c.example.com."], r.Hosts.Select(h => h.Name));
        foreach (var host in r.Hosts)
        {
            var expected = host.AddressLookups[0].Records;
            Assert.Equal(expected, host.Addresses.Select(a => a.Address));
        }

        Assert.Equal(DaneVerdict.Authenticated, r.Verdict);
        Assert.Equal(9, w.Prober.Calls.Count);
    }

    [Fact]
    public async Task TooManyHostsAreTruncatedWithAFinding()
    {
        using var w = new CheckWorld();
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, (10, CheckWorld.MxHost), (20, "mx2.example.com."));
        w.Options = w.Options with { MaxHosts = 1 };

        var r = await w.CheckAsync();

        Assert.Single(r.Hosts);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.Truncated);
        Assert.Contains("mx2.example.com.", f.Message, StringComparison.Ordinal);
    }

    // The model is plain data: System.Text.Json writes it as it is, with no cycles.
    [Fact]
    public async Task TheResultSerializesAsJson()
    {
        using var w = new CheckWorld();
        var old = w.Own(CheckCerts.SelfSigned("mx.example.com"));
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(old));

        var r = await w.CheckAsync();
        var json = JsonSerializer.Serialize(r, Json);

        using var doc = JsonDocument.Parse(json);
        Assert.Equal("example.com.", doc.RootElement.GetProperty("Domain").GetString());
        Assert.Equal("DaneFail", doc.RootElement.GetProperty("Verdict").GetString());
        var address = doc.RootElement.GetProperty("Hosts")[0].GetProperty("Addresses")[0];
        Assert.Equal("CertificateNotTrusted", address.GetProperty("Rfc8460").GetString());
        Assert.Equal("DigestMismatch", address.GetProperty("Match").GetProperty("Failures")[0].GetProperty("Reason").GetString());
        Assert.False(address.GetProperty("Match").TryGetProperty("RecordSet", out _));
        Assert.Contains("DANE-TLSA-STALE", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInvalidDomainIsAnArgumentError()
    {
        using var w = new CheckWorld();
        await Assert.ThrowsAsync<ArgumentException>(() => w.CheckAsync("bad..name"));
        w.Options = w.Options with { MxHost = "also..bad" };
        await Assert.ThrowsAsync<ArgumentException>(() => w.CheckAsync());
    }

    [Fact]
    public void OptionsOutOfRangeAreRejected()
    {
        var dns = new FakeDnssec();
        Assert.Throws<ArgumentException>(() => new DaneChecker(dns, new FakeProber(), new CheckOptions { Port = 0 }));
        Assert.Throws<ArgumentException>(() => new DaneChecker(dns, new FakeProber(), new CheckOptions { MaxParallelProbes = 0 }));
        Assert.Throws<ArgumentException>(() => new DaneChecker(dns, new FakeProber(), new CheckOptions { LookupTimeout = TimeSpan.Zero }));
        Assert.NotNull(new DaneChecker(dns).Options);
    }

    [Fact]
    public async Task CancellationThrows()
    {
        using var w = new CheckWorld();
        w.Prober.Script(CheckWorld.Address, async (ep, sni, mode, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("not reached");
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => w.CheckAsync(ct: cts.Token));
    }

    [Fact]
    public async Task EnumerateLookupsListsEveryLookupInOrder()
    {
        using var w = new CheckWorld();
        var r = await w.CheckAsync();

        Assert.Equal(["example.com. MX", "mx.example.com. A", "mx.example.com. AAAA", "_25._tcp.mx.example.com. TLSA", "_mta-sts.example.com. TXT", "_smtp._tls.example.com. TXT"],
            r.EnumerateLookups().Select(l => $"{l.Name} {l.Type}"));
        Assert.All(r.EnumerateLookups(), l => Assert.False(l.Diagnostic));
    }
}
