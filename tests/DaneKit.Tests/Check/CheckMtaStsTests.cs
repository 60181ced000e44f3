using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DaneKit.Diagnostics;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.MtaSts;
using DaneKit.Smtp;
using DaneKit.Tests.MtaSts;

namespace DaneKit.Tests.Check;

/// <summary>
/// MTA-STS (RFC 8461) and the TLS-RPT record (RFC 8460 3) in the check engine, with a scripted DNS, a scripted prober
/// and a real HTTPS responder on loopback for the policy. Each test states the rule it holds the engine to.
/// </summary>
public sealed class CheckMtaStsTests
{
    private const string Enforce = "version: STSv1\r\nmode: enforce\r\nmx: mx.example.com\r\nmax_age: 86400\r\n";

    [Fact]
    public async Task AHostInTheEnforcePolicyWithAWebPkiCertificateDelivers()
    {
        await using var s = await StsWorld.StartAsync(Enforce, webPkiMx: true);
        var r = await s.World.CheckAsync();

        var sts = Assert.IsType<CheckMtaSts>(r.MtaSts);
        Assert.Equal(CheckMtaStsTxtOutcome.Ok, sts.TxtOutcome);
        Assert.Equal("20300601", sts.PolicyId);
        Assert.Equal(CheckMtaStsFetchOutcome.Ok, sts.Fetch!.Outcome);
        Assert.False(sts.Fetch.Diagnostic);
        Assert.Equal(200, sts.Fetch.StatusCode);
        Assert.Equal(MtaStsMode.Enforce, sts.ModeInForce);
        var host = Assert.Single(sts.Hosts);
        Assert.Equal(CheckMtaStsOutcome.Delivers, host.Outcome);
        Assert.True(host.InPolicy);
        Assert.Equal("mx.example.com", host.MatchedPattern);
        Assert.False(host.DaneApplies);
        Assert.True(Assert.Single(host.Addresses).WebPkiValid);
        Assert.Equal(CheckMtaStsOutcome.Delivers, sts.Outcome);
        Assert.Equal("mta-sts.example.com", s.Server.Sni);
        Assert.DoesNotContain(r.Findings, f => f.Code.StartsWith("MTASTS-", StringComparison.Ordinal) && f.Severity != FindingSeverity.Info);

        // The DANE verdict and the exit code stay DANE's: no TLSA here, so opportunistic.
        Assert.Equal(DaneVerdict.Opportunistic, r.Verdict);

        var rpt = Assert.IsType<CheckTlsRpt>(r.TlsRpt);
        Assert.Equal(CheckTlsRptOutcome.Ok, rpt.Outcome);
        Assert.Equal(["mailto:tlsrpt@example.com"], rpt.ReportUris);
    }

    [Fact]
    public async Task AHostNotInAnEnforcePolicyIsRefused()
    {
        // RFC 8461 4.1: the MX host must match an mx pattern; 5: in enforce mode a sender does not deliver.
        await using var s = await StsWorld.StartAsync(Enforce.Replace("mx: mx.example.com", "mx: mail.example.net", StringComparison.Ordinal), webPkiMx: true);
        var r = await s.World.CheckAsync();

        var host = Assert.Single(r.MtaSts!.Hosts);
        Assert.Equal(CheckMtaStsOutcome.Refuses, host.Outcome);
        Assert.False(host.InPolicy);
        Assert.Equal("RFC 8461 4.1", host.Rfc);
        Assert.Equal(CheckMtaStsOutcome.Refuses, r.MtaSts.Outcome);
        var finding = Assert.Single(r.Findings, f => f.Code == MtaStsFindings.MxNotInPolicy);
        Assert.Contains(finding.Evidence, e => e.Value == "mx: mx.example.com");
    }

    [Fact]
    public async Task TestingModeWithAnUntrustedCertificateReportsAndDelivers()
    {
        // RFC 8461 4.2: the certificate must be WebPKI-valid for the MX host; 5: testing mode reports and delivers.
        await using var s = await StsWorld.StartAsync(Enforce.Replace("enforce", "testing", StringComparison.Ordinal), webPkiMx: false);
        var r = await s.World.CheckAsync();

        var host = Assert.Single(r.MtaSts!.Hosts);
        Assert.Equal(CheckMtaStsOutcome.ReportsAndDelivers, host.Outcome);
        var address = Assert.Single(host.Addresses);
        Assert.False(address.WebPkiValid);
        Assert.Contains("untrusted", address.Problem, StringComparison.Ordinal);
        Assert.Contains(r.Findings, f => f.Code == MtaStsFindings.MxCertUntrusted);
        Assert.Contains(r.Findings, f => f.Code == MtaStsFindings.PolicyTesting);
        Assert.Equal(MtaStsMode.Testing, r.MtaSts.ModeInForce);
    }

    [Fact]
    public async Task DaneTakesPrecedenceWhereTheHostHasTlsa()
    {
        // RFC 8461 2: MTA-STS must not override DANE; the self-signed certificate (not WebPKI-valid) is fine for DANE.
        await using var s = await StsWorld.StartAsync(Enforce, webPkiMx: false, tlsa: true);
        var r = await s.World.CheckAsync();

        Assert.Equal(DaneVerdict.Authenticated, r.Verdict);
        var host = Assert.Single(r.MtaSts!.Hosts);
        Assert.True(host.DaneApplies);
        Assert.Equal(CheckMtaStsOutcome.DanePrecedence, host.Outcome);
        Assert.Equal("RFC 8461 2", host.Rfc);
        Assert.Equal(CheckMtaStsOutcome.DanePrecedence, r.MtaSts.Outcome);
        Assert.Contains("DANE takes precedence", r.MtaSts.Summary, StringComparison.Ordinal);
        Assert.Contains(r.Findings, f => f.Code == MtaStsFindings.DanePrecedence);
        // A sender with MTA-STS only would still refuse the self-signed certificate: that is reported too.
        Assert.Contains("DANE decides", Assert.Single(r.Findings, f => f.Code == MtaStsFindings.MxCertUntrusted).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutTxtRecordOrPolicyHostThereIsNoPolicyAndNoFetch()
    {
        using var w = new CheckWorld();
        var r = await w.CheckAsync();

        var sts = Assert.IsType<CheckMtaSts>(r.MtaSts);
        Assert.Equal(CheckMtaStsTxtOutcome.None, sts.TxtOutcome);
        Assert.Null(sts.Fetch);
        Assert.Null(sts.ModeInForce);
        Assert.Equal(CheckMtaStsOutcome.NoPolicy, sts.Outcome);
        Assert.All(sts.Hosts, h => Assert.Equal(CheckMtaStsOutcome.NoPolicy, h.Outcome));
        Assert.Equal(FindingSeverity.Info, Assert.Single(r.Findings, f => f.Code == MtaStsFindings.TxtNone).Severity);
        Assert.Equal(CheckTlsRptOutcome.None, r.TlsRpt!.Outcome);
        Assert.Contains(r.Findings, f => f.Code == "TLSRPT-RECORD-MISSING");
    }

    [Fact]
    public async Task TwoTxtRecordsMeanNoPolicyAndTheServedPolicyIsNamed()
    {
        // RFC 8461 3.1: more than one v=STSv1 record: senders assume no policy. DaneKit still fetches, to explain.
        await using var s = await StsWorld.StartAsync(Enforce, webPkiMx: true, txt: ["v=STSv1; id=one;", "v=STSv1; id=two;"]);
        var r = await s.World.CheckAsync();

        var sts = r.MtaSts!;
        Assert.Equal(CheckMtaStsTxtOutcome.Multiple, sts.TxtOutcome);
        Assert.True(sts.Fetch!.Diagnostic);
        Assert.Equal(CheckMtaStsFetchOutcome.Ok, sts.Fetch.Outcome);
        Assert.Null(sts.ModeInForce);
        Assert.Equal(CheckMtaStsOutcome.NoPolicy, sts.Outcome);
        var finding = Assert.Single(r.Findings, f => f.Code == MtaStsFindings.TxtMultiple);
        Assert.Contains("senders do not fetch it", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedTxtLookupIsNotNoPolicy()
    {
        using var w = new CheckWorld();
        w.Dns.Fail("_mta-sts.example.com.", DnsType.TXT, SecurityStatus.Bogus, "RRSIG over TXT does not verify");
        var r = await w.CheckAsync();

        Assert.Equal(CheckMtaStsTxtOutcome.LookupFailed, r.MtaSts!.TxtOutcome);
        Assert.Contains(r.Findings, f => f.Code == MtaStsFindings.TxtLookupFailed);
        Assert.Contains("cached policy", r.MtaSts.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TurnedOffItAsksNothing()
    {
        using var w = new CheckWorld();
        w.Options = w.Options with { MtaSts = false };
        var r = await w.CheckAsync();

        Assert.Null(r.MtaSts);
        Assert.Null(r.TlsRpt);
        Assert.False(w.Dns.Asked("_mta-sts.example.com.", DnsType.TXT));
        Assert.False(w.Dns.Asked("_smtp._tls.example.com.", DnsType.TXT));
    }

    [Fact]
    public async Task AnInvalidTlsRptRecordIsReportedWithItsFix()
    {
        using var w = new CheckWorld();
        w.Dns.Set("_smtp._tls.example.com.", DnsType.TXT, SecurityStatus.Secure, TxtData.FromText("v=TLSRPTv1; rua=http://reports.example.com/"));
        var r = await w.CheckAsync();

        Assert.Equal(CheckTlsRptOutcome.Invalid, r.TlsRpt!.Outcome);
        var finding = Assert.Single(r.Findings, f => f.Code == "TLSRPT-RUA-SCHEME");
        Assert.Contains("mailto:", finding.Remediation.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>example.com.</c> with MX mx.example.com. (192.0.2.1), the <c>_mta-sts</c> TXT record(s), <c>mta-sts.example.com</c>
    /// at 127.0.0.1 with an HTTPS responder serving the policy, a TLS-RPT record, and an MX certificate that
    /// is WebPKI-valid (chains to a root given as a custom root) or self-signed.
    /// </summary>
    private sealed class StsWorld : IAsyncDisposable
    {
        private readonly List<IDisposable> _owned = [];

        private StsWorld(CheckWorld world, PolicyServer server)
        {
            World = world;
            Server = server;
        }

        public CheckWorld World { get; }

        public PolicyServer Server { get; }

        public static Task<StsWorld> StartAsync(string policy, bool webPkiMx, bool tlsa = false, string[]? txt = null)
        {
            var world = new CheckWorld(defaults: false);
            var (policyCert, policyRoot) = PolicyCertificate("mta-sts.example.com");
            var body = Encoding.UTF8.GetBytes(policy);
            var response = (byte[])[.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), .. body];
            var server = new PolicyServer(policyCert, response);
            var s = new StsWorld(world, server);
            s._owned.Add(policyCert);
            s._owned.Add(policyRoot);

            var roots = new X509Certificate2Collection { policyRoot };
            world.Dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, (10, CheckWorld.MxHost))
                .A(CheckWorld.MxHost, SecurityStatus.Secure, CheckWorld.Address)
                .A("mta-sts.example.com.", SecurityStatus.Secure, "127.0.0.1")
                .Set("_mta-sts.example.com.", DnsType.TXT, SecurityStatus.Secure, [.. (txt ?? ["v=STSv1; id=20300601"]).Select(t => (DnsRecordData)TxtData.FromText(t))])
                .Set("_smtp._tls.example.com.", DnsType.TXT, SecurityStatus.Secure, TxtData.FromText("v=TLSRPTv1; rua=mailto:tlsrpt@example.com"));
            if (webPkiMx)
            {
                var (leaf, intermediate, root) = CheckCerts.Chain("mx.example.com");
                world.Own(leaf);
                world.Own(intermediate);
                world.Own(root);
                roots.Add(root);
                world.Prober.Serve(CheckWorld.Address, leaf, intermediate);
            }
            else
            {
                world.Prober.Serve(CheckWorld.Address, world.Leaf);
            }

            if (tlsa)
            {
                world.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(world.Leaf));
            }

            world.Options = world.Options with
            {
                MtaStsFetch = new MtaStsFetchOptions { CustomRoots = roots, ConnectTo = server.EndPoint, Timeout = TimeSpan.FromSeconds(20) },
            };
            return Task.FromResult(s);
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            World.Dispose();
            foreach (var d in _owned)
            {
                d.Dispose();
            }
        }

        /// <summary>A server certificate (with its key) for <paramref name="name"/>, issued by a fresh root, valid around <see cref="CheckWorld.Now"/>.</summary>
        private static (X509Certificate2 Server, X509Certificate2 Root) PolicyCertificate(string name)
        {
            using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var rootRequest = new CertificateRequest("CN=Check MTA-STS Root", rootKey, HashAlgorithmName.SHA256);
            rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            using var rootWithKey = rootRequest.CreateSelfSigned(CheckCerts.NotBefore, CheckCerts.NotAfter.AddYears(1));
            var leafRequest = new CertificateRequest($"CN={name}", leafKey, HashAlgorithmName.SHA256);
            leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(name);
            leafRequest.CertificateExtensions.Add(san.Build());
            using var leaf = leafRequest.Create(rootWithKey, CheckCerts.NotBefore, CheckCerts.NotAfter, [9, 9, 9]);
            using var withKey = leaf.CopyWithPrivateKey(leafKey);

            // SslStream on Linux wants a certificate whose key it can use: export and re-import.
            var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
            return (server, X509CertificateLoader.LoadCertificate(rootWithKey.RawData));
        }
    }
}
