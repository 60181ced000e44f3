using DaneKit.Diagnostics;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Smtp;
using DaneKit.Tests.Check;

namespace DaneKit.Tests.Diagnostics;

/// <summary>
/// Every code of the catalogue, produced by a scripted world made for it; each finding has a message, a subject, its
/// RFC and a fix. A new code without a scenario here fails the tour.
/// </summary>
public sealed class FindingTourTests
{
    public static TheoryData<string> Codes => [.. FindingCatalogue.All.Select(d => d.Code)];

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task EveryCodeIsProducedWithEvidenceAndAFix(string code)
    {
        using var w = new CheckWorld();
        Arrange(code, w);

        var r = await w.CheckAsync();

        var finding = r.Findings.FirstOrDefault(f => f.Code == code);
        Assert.True(finding is not null, $"{code} not produced; got {string.Join(", ", r.Findings.Select(f => f.Code))}");
        var d = FindingCatalogue.Get(code);
        Assert.Equal(d.Title, finding.Title);
        Assert.Equal(d.Severity, finding.Severity);
        Assert.False(string.IsNullOrWhiteSpace(finding.Message));
        Assert.False(string.IsNullOrWhiteSpace(finding.Subject));
        Assert.StartsWith("RFC ", finding.Rfc, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(finding.Remediation.Text));
        Assert.Contains(code, finding.ToString(), StringComparison.Ordinal);
    }

    private static void Arrange(string code, CheckWorld w)
    {
        var dns = w.Dns;
        var old = w.Own(CheckCerts.SelfSigned("mx.example.com"));
        switch (code)
        {
            case FindingCatalogue.TlsaStale:
                dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(old));
                break;
            case FindingCatalogue.TlsaWrongPort:
                dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure).Tlsa("_587._tcp.mx.example.com.", SecurityStatus.Secure, CheckCerts.Ee311(w.Leaf));
                break;
            case FindingCatalogue.TlsaAtDomain:
                dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure).Tlsa("_25._tcp.example.com.", SecurityStatus.Secure, CheckCerts.Ee311(w.Leaf));
                break;
            case FindingCatalogue.TlsaUnsignedZone:
                Unsigned(w).Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Insecure, CheckCerts.Ee311(w.Leaf));
                break;
            case FindingCatalogue.ZoneUnsigned:
                Unsigned(w);
                break;
            case FindingCatalogue.TlsaAllUnusable:
            case FindingCatalogue.TlsaPkixUsage:
                dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Record(TlsaUsage.PkixTa, TlsaSelector.Cert, TlsaMatchingType.Sha256, w.Leaf));
                break;
            case FindingCatalogue.TlsaUnusableRecord:
                dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(w.Leaf),
                    new TlsaData(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.PrivMatch, new byte[32]));
                break;
            case FindingCatalogue.RolloverSingleKey:
                break; // the default world: one 3 1 1 record
            case FindingCatalogue.RolloverExpiring:
            {
                var soon = w.Own(CheckCerts.SelfSigned("mx.example.com", CheckWorld.Now.AddDays(10)));
                dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(soon));
                w.Prober.Serve(CheckWorld.Address, soon);
                break;
            }

            case FindingCatalogue.TaNotServed:
            case FindingCatalogue.TaNameMismatch:
            case FindingCatalogue.TaCertificateExpired:
            {
                var (leaf, intermediate, root) = CheckCerts.Chain(code == FindingCatalogue.TaNameMismatch ? "other.example.net" : "mx.example.com",
                    code == FindingCatalogue.TaCertificateExpired ? new DateTimeOffset(2030, 2, 1, 0, 0, 0, TimeSpan.Zero) : null);
                w.Own(leaf); w.Own(intermediate); w.Own(root);
                dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ta211(code == FindingCatalogue.TaNotServed ? root : intermediate));
                w.Prober.Serve(CheckWorld.Address, leaf, intermediate);
                break;
            }

            case FindingCatalogue.MatchFailed:
                w.Prober.Script(CheckWorld.Address, (ep, sni, mode, _) => Task.FromResult(FakeProber.Tls(ep, sni, mode, [])));
                break;
            case FindingCatalogue.MixedHosts:
            case FindingCatalogue.MxWithoutTlsa:
                dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, (10, CheckWorld.MxHost), (20, "mx2.example.com.")).A("mx2.example.com.", SecurityStatus.Secure, "192.0.2.2");
                w.Prober.Serve("192.0.2.2", old);
                break;
            case FindingCatalogue.MixedAddresses:
                dns.A(CheckWorld.MxHost, SecurityStatus.Secure, CheckWorld.Address, "192.0.2.3");
                w.Prober.Serve("192.0.2.3", old);
                break;
            case FindingCatalogue.InsecureMx:
                dns.Mx(CheckWorld.Domain, SecurityStatus.Insecure, (10, CheckWorld.MxHost));
                break;
            case FindingCatalogue.TlsaCnameFallback:
                dns.Cname(CheckWorld.MxHost, "host.example.net.", SecurityStatus.Secure).A("host.example.net.", SecurityStatus.Secure, CheckWorld.Address);
                break;
            case FindingCatalogue.NotPublished:
                dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure);
                break;
            case FindingCatalogue.InsecureTlsaAnswer:
                dns.Answer(FakeDnssec.Denial(DnsName.Parse(CheckWorld.TlsaOwner), DnsType.TLSA, SecurityStatus.Insecure) with
                {
                    Reasons = [new ValidationReason(DnsName.Parse(CheckWorld.TlsaOwner), DnsType.TLSA, "NSEC3 iterations 200 above the soft limit 150: Insecure", "RFC 9276 3.2", ReasonKind.Warning)],
                });
                break;
            case FindingCatalogue.DnssecBrokenLink:
                dns.Fail(CheckWorld.Domain, DnsType.MX, SecurityStatus.Bogus, "no DNSKEY matches any DS record (DS 1 13 2 AB…)", "RFC 4035 5.2",
                    new ChainLink(DnsName.Parse(CheckWorld.Domain), SecurityStatus.Bogus, [], null, null, [], "DS matches no DNSKEY"));
                break;
            case FindingCatalogue.SignatureExpiring:
                dns.SignatureExpires = CheckWorld.Now.AddDays(3);
                dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(w.Leaf));
                break;
            case FindingCatalogue.LookupFailed:
                dns.Fail(CheckWorld.TlsaOwner, DnsType.TLSA, SecurityStatus.Indeterminate, "lookup failed: SERVFAIL");
                break;
            case FindingCatalogue.NoStartTls:
                w.Prober.Fail(CheckWorld.Address, SmtpProbeFailureKind.StartTlsNotOffered, SmtpProbeStep.Ehlo, "STARTTLS not offered");
                break;
            case FindingCatalogue.TlsHandshakeFailed:
                w.Prober.Fail(CheckWorld.Address, SmtpProbeFailureKind.TlsHandshakeFailed, SmtpProbeStep.TlsHandshake, "TLS handshake failed");
                break;
            case FindingCatalogue.ConnectFailed:
                w.Prober.Fail(CheckWorld.Address, SmtpProbeFailureKind.ConnectTimeout, SmtpProbeStep.Connect, "connect timeout");
                break;
            case FindingCatalogue.ProbeIndeterminate:
                w.Prober.Fail(CheckWorld.Address, SmtpProbeFailureKind.ProtocolViolation, SmtpProbeStep.Ehlo, "more than 100 reply lines");
                break;
            case FindingCatalogue.ProbeIncomplete:
                w.Prober.Script(CheckWorld.Address, (ep, sni, mode, _) => Task.FromResult(FakeProber.Tls(ep, sni, mode, [w.Leaf],
                    new SmtpProbeFailure(SmtpProbeFailureKind.EhloRejected, SmtpProbeStep.EhloAfterTls, "EHLO rejected over TLS: 554 no"))));
                break;
            case FindingCatalogue.NullMx:
                dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, (0, "."));
                break;
            case FindingCatalogue.NullMxMixed:
                dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, (0, "."), (10, CheckWorld.MxHost));
                break;
            case FindingCatalogue.ImplicitMx:
                dns.Mx(CheckWorld.Domain, SecurityStatus.Secure).A(CheckWorld.Domain, SecurityStatus.Secure, CheckWorld.Address);
                break;
            case FindingCatalogue.DomainNotFound:
                dns.Answer(FakeDnssec.Denial(DnsName.Parse(CheckWorld.Domain), DnsType.MX, SecurityStatus.Secure, nxdomain: true));
                break;
            case FindingCatalogue.HostNoAddress:
                dns.Set(CheckWorld.MxHost, DnsType.A, SecurityStatus.Secure);
                break;
            case FindingCatalogue.Truncated:
                dns.A(CheckWorld.MxHost, SecurityStatus.Secure, CheckWorld.Address, "192.0.2.3");
                w.Options = w.Options with { MaxAddressesPerHost = 1 };
                break;
            default:
                Assert.Fail($"no tour scenario for {code}");
                break;
        }
    }

    private static FakeDnssec Unsigned(CheckWorld w)
    {
        w.Dns.DefaultDenialStatus = SecurityStatus.Insecure;
        return w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Insecure, (10, CheckWorld.MxHost)).A(CheckWorld.MxHost, SecurityStatus.Insecure, CheckWorld.Address)
            .Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Insecure);
    }
}
