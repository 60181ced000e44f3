using System.Security.Cryptography.X509Certificates;
using DaneKit.Diagnostics;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Smtp;
using DaneKit.Tlsa;
using DaneKit.TlsRpt;

namespace DaneKit.Tests.Check;

/// <summary>
/// Service mode (<c>danekit check --service tcp/443 host</c>): no MX lookup, TLSA at <c>_PORT._tcp.HOST</c>, implicit TLS
/// for 443 and 465, and PKIX-TA/PKIX-EE usable (RFC 6698) with the caller's trust roots.
/// </summary>
public sealed class CheckServiceTests
{
    [Theory]
    [InlineData("tcp/443", 443, SmtpProbeMode.ImplicitTls)]
    [InlineData("tcp/465", 465, SmtpProbeMode.ImplicitTls)]
    [InlineData("tcp/587", 587, SmtpProbeMode.StartTls)]
    [InlineData("tcp/25", 25, SmtpProbeMode.StartTls)]
    [InlineData("853", 853, SmtpProbeMode.ImplicitTls)]
    public void ServicesParse(string text, int port, SmtpProbeMode mode)
    {
        Assert.True(CheckService.TryParse(text, out var service, out var problem), problem);
        Assert.Equal(port, service!.Port);
        Assert.Equal(mode, service.TlsMode);
        Assert.Equal($"tcp/{port}", service.ToString());
    }

    [Theory]
    [InlineData("udp/443")]
    [InlineData("tcp/0")]
    [InlineData("tcp/65536")]
    [InlineData("tcp/https")]
    [InlineData("")]
    [InlineData(null)]
    public void BadServicesAreRejected(string? text)
    {
        Assert.False(CheckService.TryParse(text, out var service, out var problem));
        Assert.Null(service);
        Assert.NotNull(problem);
    }

    private static CheckWorld ServiceWorld(string service, X509Certificate2Collection? roots = null)
    {
        var w = new CheckWorld(defaults: false);
        Assert.True(CheckService.TryParse(service, out var s, out _));
        w.Options = CheckOptions.ForService(s!, roots) with { Probe = new SmtpProbeOptions { OverallTimeout = TimeSpan.FromSeconds(5) } };
        return w;
    }

    [Fact]
    public async Task Tcp443IsImplicitTlsWithTlsaAtThePort()
    {
        using var w = ServiceWorld("tcp/443");
        w.Dns.A("www.example.com.", SecurityStatus.Secure, "192.0.2.80").Tlsa("_443._tcp.www.example.com.", SecurityStatus.Secure, CheckCerts.Ee311(w.Leaf));
        w.Prober.Serve("192.0.2.80", w.Leaf);

        var r = await w.CheckAsync("www.example.com");

        Assert.Equal(DaneVerdict.Authenticated, r.Verdict);
        Assert.Equal(CheckMode.Service, r.Mode);
        Assert.Null(r.Mx);
        Assert.False(w.Dns.Asked("www.example.com.", DaneKit.Dns.DnsType.MX));
        var host = Assert.Single(r.Hosts);
        Assert.Equal(CheckHostOrigin.Service, host.Origin);
        Assert.Equal("_443._tcp.www.example.com.", host.Tlsa.Owner);
        var call = Assert.Single(w.Prober.Calls);
        Assert.Equal(443, call.Endpoint.Port);
        Assert.Equal(SmtpProbeMode.ImplicitTls, call.Mode);
        Assert.Equal("www.example.com", call.ServerName);
        Assert.Equal(TlsaContext.Generic, r.TlsaContext);
    }

    // RFC 6698 2.1.1: PKIX-EE is usable outside SMTP, validated against the caller's roots.
    [Fact]
    public async Task PkixEeIsUsableWithTrustRoots()
    {
        var (leaf, intermediate, root) = CheckCerts.Chain("www.example.com");
        using var w = ServiceWorld("tcp/443", [root]);
        w.Own(leaf); w.Own(intermediate); w.Own(root);
        w.Dns.A("www.example.com.", SecurityStatus.Secure, "192.0.2.80")
            .Tlsa("_443._tcp.www.example.com.", SecurityStatus.Secure, CheckCerts.Record(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, leaf));
        w.Prober.Serve("192.0.2.80", leaf, intermediate);

        var r = await w.CheckAsync("www.example.com");

        Assert.True(r.Verdict == DaneVerdict.Authenticated, r.VerdictReason);
        Assert.Equal("RFC 6698 2.1.1", r.VerdictRfc);
        Assert.Empty(r.Hosts[0].Tlsa.Unusable);
        Assert.DoesNotContain(r.Findings, f => f.Code == FindingCatalogue.TlsaPkixUsage);
    }

    // Without trust roots a PKIX record cannot authenticate: validation-failure, not a crash.
    [Fact]
    public async Task PkixEeWithoutTrustRootsFails()
    {
        using var w = ServiceWorld("tcp/443");
        w.Dns.A("www.example.com.", SecurityStatus.Secure, "192.0.2.80")
            .Tlsa("_443._tcp.www.example.com.", SecurityStatus.Secure, CheckCerts.Record(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, w.Leaf));
        w.Prober.Serve("192.0.2.80", w.Leaf);

        var r = await w.CheckAsync("www.example.com");

        Assert.Equal(DaneVerdict.DaneFail, r.Verdict);
        Assert.Equal(TlsRptResultType.ValidationFailure, r.Rfc8460);
    }

    // The same PKIX record on port 25 (mail) is unusable (RFC 7672 3.1.3).
    [Fact]
    public async Task PkixEeOnPort25IsUnusable()
    {
        using var w = ServiceWorld("tcp/25");
        w.Dns.A("mx.example.com.", SecurityStatus.Secure, "192.0.2.1")
            .Tlsa("_25._tcp.mx.example.com.", SecurityStatus.Secure, CheckCerts.Record(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, w.Leaf));
        w.Prober.Serve("192.0.2.1", w.Leaf);

        var r = await w.CheckAsync("mx.example.com");

        Assert.Equal(DaneVerdict.EncryptedUnauthenticated, r.Verdict);
        Assert.Equal(TlsaContext.Smtp, r.TlsaContext);
    }

    [Fact]
    public async Task ServiceFindingsNameTheServiceUrl()
    {
        using var w = ServiceWorld("tcp/465");
        var old = w.Own(CheckCerts.SelfSigned("smtp.example.com"));
        w.Dns.A("smtp.example.com.", SecurityStatus.Secure, "192.0.2.65").Tlsa("_465._tcp.smtp.example.com.", SecurityStatus.Secure, CheckCerts.Ee311(old));
        w.Prober.Serve("192.0.2.65", w.Leaf);

        var r = await w.CheckAsync("smtp.example.com");

        Assert.Equal(DaneVerdict.DaneFail, r.Verdict);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.TlsaStale);
        Assert.Equal("danekit tlsa generate --from tls://smtp.example.com:465", Assert.Single(f.Remediation.Commands));
        Assert.StartsWith("_465._tcp.smtp.example.com. IN TLSA 3 1 1 ", Assert.Single(f.Remediation.ZoneLines), StringComparison.Ordinal);
    }
}
