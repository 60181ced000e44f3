using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Diagnostics;
using DaneKit.Dnssec;
using DaneKit.Tests.Check;

namespace DaneKit.Tests.Diagnostics;

/// <summary>
/// RFC 7671 8.1 and 5.1: a certificate that expires within 30 days of the check's clock on a host whose TLSA records know
/// one key is DANE-ROLLOVER-EXPIRING, with the plan, instead of DANE-ROLLOVER-SINGLE-KEY. The clock is the world's pinned
/// <see cref="CheckWorld.Now"/> (2030-06-01).
/// </summary>
public sealed class RolloverExpiringTests
{
    private const string PlanCommand = "danekit rollover plan --cert CURRENT.pem --next-key next-key.pem --host mx.example.com";

    [Fact]
    public async Task ExpiringInTenDaysWithOneKeyIsExpiringNotSingleKey()
    {
        using var w = new CheckWorld();
        var soon = Serve(w, CheckCerts.SelfSigned("mx.example.com", CheckWorld.Now.AddDays(10)));
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(soon));

        var r = await w.CheckAsync();

        Assert.Equal(DaneKit.Smtp.DaneVerdict.Authenticated, r.Verdict);
        Assert.DoesNotContain(r.Findings, f => f.Code == FindingCatalogue.RolloverSingleKey);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.RolloverExpiring);
        Assert.Equal((FindingSeverity.Warning, "RFC 7671 8.1", "mx.example.com."), (f.Severity, f.Rfc, f.Subject));
        Assert.Contains("expires 2030-06-11 00:00Z, in 10 days", f.Message, StringComparison.Ordinal);
        Assert.Contains("2 x 3600 s = 7200 s", f.Message, StringComparison.Ordinal);
        Assert.Contains("DANE-EE ignores validity dates (RFC 7672 3.1.1)", f.Message, StringComparison.Ordinal);
        Assert.Contains("the TLSA TTL is 3600 s: wait at least 7200 s", f.Remediation.Text, StringComparison.Ordinal);
        Assert.Contains("renew the certificate with that key", f.Remediation.Text, StringComparison.Ordinal);
        Assert.Equal([PlanCommand, "danekit tlsa generate --key next-key.pem --host mx.example.com"], f.Remediation.Commands);
        Assert.Contains(f.Evidence, e => e.Label == "served certificate" && e.Value.Contains("192.0.2.1", StringComparison.Ordinal)
            && e.Value.Contains("valid to 2030-06-11 00:00Z", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExpiringWithCurrentAndNextPublishedIsQuiet()
    {
        using var w = new CheckWorld();
        var soon = Serve(w, CheckCerts.SelfSigned("mx.example.com", CheckWorld.Now.AddDays(10)));
        var next = w.Own(CheckCerts.SelfSigned("mx.example.com"));
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(soon), CheckCerts.Ee311(next));

        var r = await w.CheckAsync();

        Assert.DoesNotContain(r.Findings, f => f.Code is FindingCatalogue.RolloverExpiring or FindingCatalogue.RolloverSingleKey);
    }

    [Fact]
    public async Task ExpiringInFortyDaysIsSingleKeyOnlyWithThePlanCommand()
    {
        using var w = new CheckWorld();
        var later = Serve(w, CheckCerts.SelfSigned("mx.example.com", CheckWorld.Now.AddDays(40)));
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(later));

        var r = await w.CheckAsync();

        Assert.DoesNotContain(r.Findings, f => f.Code == FindingCatalogue.RolloverExpiring);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.RolloverSingleKey);
        Assert.Contains(PlanCommand, f.Remediation.Commands);
        Assert.Contains("danekit tlsa generate --key next-key.pem --host mx.example.com", f.Remediation.Commands);
    }

    // DANE-EE ignores validity dates: an expired leaf still authenticates, and the finding says so.
    [Fact]
    public async Task AnExpiredDaneEeCertificateIsSaidToStillDeliver()
    {
        using var w = new CheckWorld();
        var old = Serve(w, CheckCerts.SelfSigned("mx.example.com", CheckWorld.Now.AddDays(-5)));
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(old));

        var r = await w.CheckAsync();

        Assert.Equal(DaneKit.Smtp.DaneVerdict.Authenticated, r.Verdict);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.RolloverExpiring);
        Assert.Contains("expired 2030-05-27 00:00Z, 5 days ago", f.Message, StringComparison.Ordinal);
        Assert.Contains("DANE senders still deliver", f.Message, StringComparison.Ordinal);
    }

    // DANE-TA checks the leaf's dates (RFC 7672 3.1.2): the message says the expiry matters.
    [Fact]
    public async Task ADaneTaHostSaysTheExpiryMatters()
    {
        using var w = new CheckWorld();
        var (leaf, intermediate, root) = CheckCerts.Chain("mx.example.com", CheckWorld.Now.AddDays(10));
        w.Own(leaf); w.Own(intermediate); w.Own(root);
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ta211(intermediate));
        w.Prober.Serve(CheckWorld.Address, leaf, intermediate);

        var r = await w.CheckAsync();

        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.RolloverExpiring);
        Assert.Contains("DANE-TA checks validity dates (RFC 7672 3.1.2)", f.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("DANE-EE", f.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(r.Findings, f => f.Code == FindingCatalogue.RolloverSingleKey);
    }

    // Any address: the same key in two certificates, the one on the second address expiring soon.
    [Fact]
    public async Task TheCertificateOfAnyAddressCounts()
    {
        using var w = new CheckWorld();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=mx.example.com", key, HashAlgorithmName.SHA256);
        var fresh = w.Own(request.CreateSelfSigned(CheckCerts.NotBefore, CheckWorld.Now.AddDays(200)));
        var soon = w.Own(request.CreateSelfSigned(CheckCerts.NotBefore, CheckWorld.Now.AddDays(20)));
        w.Dns.A(CheckWorld.MxHost, SecurityStatus.Secure, CheckWorld.Address, "192.0.2.3").Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(fresh));
        w.Prober.Serve(CheckWorld.Address, fresh).Serve("192.0.2.3", soon);

        var r = await w.CheckAsync();

        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.RolloverExpiring);
        Assert.Contains("expires 2030-06-21 00:00Z, in 20 days", f.Message, StringComparison.Ordinal);
        var served = Assert.Single(f.Evidence, e => e.Label == "served certificate");
        Assert.StartsWith("192.0.2.3:25", served.Value, StringComparison.Ordinal);
    }

    private static X509Certificate2 Serve(CheckWorld w, X509Certificate2 certificate)
    {
        w.Own(certificate);
        w.Prober.Serve(CheckWorld.Address, certificate);
        return certificate;
    }
}
