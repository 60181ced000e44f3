using DaneKit.Diagnostics;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Smtp;
using DaneKit.Tls;
using DaneKit.Tlsa;
using DaneKit.TlsRpt;

namespace DaneKit.Tests.Check;

/// <summary>
/// The RFC 7672 flow of <see cref="DaneChecker"/> against scripted DNS and servers: MX (2.2.1), implicit and null MX,
/// addresses and their status, where TLSA is looked up (2.2.2, 2.2.3), SNI (8.1), and the verdict of each address, host
/// and the domain with its RFC 8460 result type.
/// </summary>
public sealed class CheckFlowTests
{
    private static DaneCheckAddress OnlyAddress(DaneCheckResult r) => Assert.Single(Assert.Single(r.Hosts).Addresses);

    private static void AssertVerdict(DaneCheckResult r, DaneVerdict verdict, string rfc, TlsRptResultType? rfc8460)
    {
        Assert.True(verdict == r.Verdict, $"{r.Verdict}: {r.VerdictReason}");
        Assert.Equal(rfc, r.VerdictRfc);
        Assert.Equal(rfc8460, r.Rfc8460);
    }

    // RFC 7672 3.1.1: DANE-EE 3 1 1 of the served key; SNI is the MX host (8.1).
    [Fact]
    public async Task DaneEeMatchIsAuthenticated()
    {
        using var w = new CheckWorld();
        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Authenticated, "RFC 7672 3.1.1", null);
        var host = Assert.Single(r.Hosts);
        Assert.Equal(CheckWorld.MxHost, host.Name);
        Assert.Equal(10, host.Preference);
        Assert.Equal(CheckHostOrigin.Mx, host.Origin);
        Assert.Equal(CheckWorld.TlsaOwner, host.Tlsa.Owner);
        Assert.Equal(CheckWorld.MxHost, host.Tlsa.BaseDomain);
        Assert.Equal(DaneTlsaRequirement.Authenticate, host.Tlsa.Requirement);
        var a = OnlyAddress(r);
        Assert.Equal("192.0.2.1:25", a.Endpoint);
        Assert.Equal(CheckProbeStatus.TlsEstablished, a.Probe!.Status);
        Assert.Equal("TLSv1.3", a.Probe.TlsVersion);
        Assert.True(a.Match!.Matched);
        Assert.Equal(0, a.Match.MatchedDepth);
        Assert.Equal("3 1 1 " + CheckCerts.Spki(w.Leaf), a.Certificates[0].TlsaRecord);
        var call = Assert.Single(w.Prober.Calls);
        Assert.Equal("mx.example.com", call.ServerName);
        Assert.Equal(SmtpProbeMode.StartTls, call.Mode);
        Assert.Equal(SecurityStatus.Secure, r.Mx!.Lookup.Status);
        Assert.Equal(CheckMxOutcome.Records, r.Mx.Outcome);
        Assert.DoesNotContain(r.Findings, f => f.Severity == FindingSeverity.Error);
    }

    // RFC 7672 3.1.1: DANE-EE checks neither names nor dates.
    [Fact]
    public async Task DaneEeOnAnExpiredSelfSignedCertificateStillAuthenticates()
    {
        using var w = new CheckWorld();
        var expired = w.Own(CheckCerts.SelfSigned("other.invalid", new DateTimeOffset(2030, 2, 1, 0, 0, 0, TimeSpan.Zero)));
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(expired));
        w.Prober.Serve(CheckWorld.Address, expired);

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Authenticated, "RFC 7672 3.1.1", null);
        Assert.True(OnlyAddress(r).Certificates[0].Expired);
    }

    // RFC 7672 3.1.2: DANE-TA 2 1 1 of the intermediate the server sends.
    [Fact]
    public async Task DaneTaIntermediateIsAuthenticated()
    {
        using var w = new CheckWorld();
        var (leaf, intermediate, root) = CheckCerts.Chain("mx.example.com");
        w.Own(leaf); w.Own(intermediate); w.Own(root);
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ta211(intermediate));
        w.Prober.Serve(CheckWorld.Address, leaf, intermediate);

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Authenticated, "RFC 7672 3.1.2", null);
        Assert.Equal(1, OnlyAddress(r).Match!.MatchedDepth);
    }

    // RFC 7671 5.2.2: a digest of a CA the server does not send never matches.
    [Fact]
    public async Task DaneTaDigestOfARootNotSentIsADaneFailure()
    {
        using var w = new CheckWorld();
        var (leaf, intermediate, root) = CheckCerts.Chain("mx.example.com");
        w.Own(leaf); w.Own(intermediate); w.Own(root);
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Record(TlsaUsage.DaneTa, TlsaSelector.Cert, TlsaMatchingType.Sha256, root));
        w.Prober.Serve(CheckWorld.Address, leaf, intermediate);

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.DaneFail, "RFC 7671 5.2.2", TlsRptResultType.CertificateNotTrusted);
        var finding = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.TaNotServed);
        Assert.Contains(finding.Remediation.ZoneLines, l => l == $"{CheckWorld.TlsaOwner} IN TLSA 2 1 1 {CheckCerts.Spki(intermediate)}");
    }

    // RFC 7671 5.2.2 (5.2.3): a trust anchor published in full need not be served.
    [Fact]
    public async Task DaneTaFullRootNotSentIsAuthenticated()
    {
        using var w = new CheckWorld();
        var (leaf, intermediate, root) = CheckCerts.Chain("mx.example.com");
        w.Own(leaf); w.Own(intermediate); w.Own(root);
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Record(TlsaUsage.DaneTa, TlsaSelector.Cert, TlsaMatchingType.Full, root));
        w.Prober.Serve(CheckWorld.Address, leaf, intermediate);

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Authenticated, "RFC 7671 5.2.2", null);
    }

    // RFC 7672 3.2.2 -> RFC 8460 certificate-host-mismatch.
    [Fact]
    public async Task DaneTaNameMismatchIsCertificateHostMismatch()
    {
        using var w = new CheckWorld();
        var (leaf, intermediate, root) = CheckCerts.Chain("other.example.net");
        w.Own(leaf); w.Own(intermediate); w.Own(root);
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ta211(intermediate));
        w.Prober.Serve(CheckWorld.Address, leaf, intermediate);

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.DaneFail, "RFC 7672 3.2.2", TlsRptResultType.CertificateHostMismatch);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.TaNameMismatch);
        Assert.Contains("other.example.net", f.Message, StringComparison.Ordinal);
        Assert.Equal($"{CheckWorld.TlsaOwner} IN TLSA 3 1 1 {CheckCerts.Spki(leaf)}", Assert.Single(f.Remediation.ZoneLines));
    }

    // RFC 7672 3.1.2: DANE-TA checks expiry -> RFC 8460 certificate-expired.
    [Fact]
    public async Task DaneTaExpiredLeafIsCertificateExpired()
    {
        using var w = new CheckWorld();
        var (leaf, intermediate, root) = CheckCerts.Chain("mx.example.com", new DateTimeOffset(2030, 3, 1, 0, 0, 0, TimeSpan.Zero));
        w.Own(leaf); w.Own(intermediate); w.Own(root);
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ta211(intermediate));
        w.Prober.Serve(CheckWorld.Address, leaf, intermediate);

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.DaneFail, "RFC 7672 3.1.2", TlsRptResultType.CertificateExpired);
        Assert.Contains(r.Findings, f => f.Code == FindingCatalogue.TaCertificateExpired);
    }

    // RFC 7672 3.1.1, RFC 7671 8.1: a stale 3 1 1 -> certificate-not-trusted, and the record to publish.
    [Fact]
    public async Task StaleTlsaIsADaneFailureWithTheRecordToPublish()
    {
        using var w = new CheckWorld();
        var old = w.Own(CheckCerts.SelfSigned("mx.example.com"));
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(old));

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.DaneFail, "RFC 7672 3.1.1", TlsRptResultType.CertificateNotTrusted);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.TlsaStale);
        Assert.Equal(FindingSeverity.Error, f.Severity);
        Assert.Equal("RFC 7671 8.1", f.Rfc);
        Assert.Contains(f.Evidence, e => e.Label == "served key (3 1 1)" && e.Value == CheckCerts.Spki(w.Leaf));
        Assert.Contains(f.Evidence, e => e.Value.Contains(CheckCerts.Spki(old), StringComparison.Ordinal));
        Assert.Equal($"_25._tcp.mx.example.com. IN TLSA 3 1 1 {CheckCerts.Spki(w.Leaf)}", Assert.Single(f.Remediation.ZoneLines));
        Assert.Equal("danekit tlsa generate --from smtp://mx.example.com", Assert.Single(f.Remediation.Commands));
        Assert.Equal("192.0.2.1:25", OnlyAddress(r).Endpoint);
        Assert.Equal("mx.example.com.[192.0.2.1]:25", f.Subject);
    }

    // A stale 3 0 1 gets its own (3 0 1) replacement as well as a 3 1 1.
    [Fact]
    public async Task StaleCertificateDigestGetsAReplacementOfTheSameKind()
    {
        using var w = new CheckWorld();
        var old = w.Own(CheckCerts.SelfSigned("mx.example.com"));
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Record(TlsaUsage.DaneEe, TlsaSelector.Cert, TlsaMatchingType.Sha256, old));

        var r = await w.CheckAsync();

        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.TlsaStale);
        var expected301 = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(w.Leaf.RawData));
        Assert.Equal([$"{CheckWorld.TlsaOwner} IN TLSA 3 0 1 {expected301}", $"{CheckWorld.TlsaOwner} IN TLSA 3 1 1 {CheckCerts.Spki(w.Leaf)}"], f.Remediation.ZoneLines);
    }

    // RFC 7672 2.2, 3.1.3: only unusable records -> TLS mandatory, unauthenticated; RFC 8460 tlsa-invalid.
    [Fact]
    public async Task OnlyUnusableRecordsAreEncryptedUnauthenticated()
    {
        using var w = new CheckWorld();
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure,
            CheckCerts.Record(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, w.Leaf),
            new TlsaData(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[31]),
            new TlsaData((TlsaUsage)4, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]));

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.EncryptedUnauthenticated, "RFC 7672 2.2", TlsRptResultType.TlsaInvalid);
        var host = Assert.Single(r.Hosts);
        Assert.Equal(DaneTlsaRequirement.NoUsableRecords, host.Tlsa.Requirement);
        Assert.Equal(3, host.Tlsa.Unusable.Count);
        Assert.Equal(DaneMatchOutcome.AllRecordsUnusable, OnlyAddress(r).Match!.Outcome);
        var all = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.TlsaAllUnusable);
        Assert.Equal(3, all.Evidence.Count);
        Assert.Equal($"{CheckWorld.TlsaOwner} IN TLSA 3 1 1 {CheckCerts.Spki(w.Leaf)}", Assert.Single(all.Remediation.ZoneLines));
        Assert.Single(r.Findings, f => f.Code == FindingCatalogue.TlsaPkixUsage);
    }

    // dane-rules 11: all unusable still forbids plaintext.
    [Fact]
    public async Task OnlyUnusableRecordsWithoutStartTlsIsADaneFailure()
    {
        using var w = new CheckWorld();
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Record(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, w.Leaf));
        w.Prober.Fail(CheckWorld.Address, SmtpProbeFailureKind.StartTlsNotOffered, SmtpProbeStep.Ehlo, "STARTTLS not offered (EHLO lists PIPELINING, SIZE)");

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.DaneFail, "RFC 7672 2.2", TlsRptResultType.StartTlsNotSupported);
    }

    // RFC 7672 2.2.3 (catalogue: no-starttls): usable TLSA, no STARTTLS -> starttls-not-supported.
    [Fact]
    public async Task UsableTlsaWithoutStartTlsIsStartTlsNotSupported()
    {
        using var w = new CheckWorld();
        w.Prober.Fail(CheckWorld.Address, SmtpProbeFailureKind.StartTlsNotOffered, SmtpProbeStep.Ehlo, "STARTTLS not offered (EHLO lists PIPELINING, SIZE)");

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.DaneFail, "RFC 7672 2.2.3", TlsRptResultType.StartTlsNotSupported);
        var a = OnlyAddress(r);
        Assert.Equal(CheckProbeStatus.NoStartTls, a.Probe!.Status);
        Assert.Null(a.Match);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.NoStartTls);
        Assert.Contains("refuse delivery", f.Message, StringComparison.Ordinal);
        Assert.Contains(f.Evidence, e => e.Label == "EHLO" && e.Value == "SIZE 10240000");
    }

    [Fact]
    public async Task StartTlsRefusedWithUsableTlsaIsStartTlsNotSupported()
    {
        using var w = new CheckWorld();
        w.Prober.Fail(CheckWorld.Address, SmtpProbeFailureKind.StartTlsRejected, SmtpProbeStep.StartTls, "STARTTLS rejected: 454 4.7.0 TLS not available");

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.DaneFail, "RFC 7672 2.2.3", TlsRptResultType.StartTlsNotSupported);
    }

    [Fact]
    public async Task HandshakeFailureWithUsableTlsaIsAValidationFailure()
    {
        using var w = new CheckWorld();
        w.Prober.Fail(CheckWorld.Address, SmtpProbeFailureKind.TlsHandshakeFailed, SmtpProbeStep.TlsHandshake, "TLS handshake failed: alert handshake_failure");

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.DaneFail, "RFC 7672 2.2", TlsRptResultType.ValidationFailure);
        Assert.Single(r.Findings, f => f.Code == FindingCatalogue.TlsHandshakeFailed);
    }

    // RFC 7672 2.2: a secure denial of TLSA -> opportunistic, with the record to publish.
    [Fact]
    public async Task NoTlsaIsOpportunistic()
    {
        using var w = new CheckWorld();
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure);

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Opportunistic, "RFC 7672 2.2", null);
        var host = Assert.Single(r.Hosts);
        Assert.Equal(DaneTlsaRequirement.NotApplicable, host.Tlsa.Requirement);
        Assert.Null(OnlyAddress(r).Match);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.NotPublished);
        Assert.Equal($"{CheckWorld.TlsaOwner} IN TLSA 3 1 1 {CheckCerts.Spki(w.Leaf)}", Assert.Single(f.Remediation.ZoneLines));
        // The diagnostic lookups for misplaced records were made, marked as such.
        Assert.Contains(host.DiagnosticLookups, l => l.Name == "_443._tcp.mx.example.com." && l.Diagnostic && l.Purpose.Length > 0);
        Assert.Contains(host.DiagnosticLookups, l => l.Name == "_25._tcp.example.com.");
    }

    [Fact]
    public async Task NoTlsaAndNoStartTlsIsNoTls()
    {
        using var w = new CheckWorld();
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure);
        w.Prober.Fail(CheckWorld.Address, SmtpProbeFailureKind.StartTlsNotOffered, SmtpProbeStep.Ehlo, "STARTTLS not offered (EHLO lists PIPELINING)");

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.NoTls, "RFC 7672 2.2", null);
        Assert.Contains("cleartext", Assert.Single(r.Findings, f => f.Code == FindingCatalogue.NoStartTls).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoTlsaAndAFailedHandshakeIsNoTls()
    {
        using var w = new CheckWorld();
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure);
        w.Prober.Fail(CheckWorld.Address, SmtpProbeFailureKind.TlsHandshakeFailed, SmtpProbeStep.TlsHandshake, "TLS handshake failed");

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.NoTls, "RFC 7672 2.2", null);
    }

    // RFC 7672 6: mandatory DANE turns "no TLSA" into dane-required.
    [Fact]
    public async Task RequireDaneTurnsNoTlsaIntoDaneRequired()
    {
        using var w = new CheckWorld();
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure);
        w.Options = w.Options with { RequireDane = true };

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.DaneFail, "RFC 7672 6", TlsRptResultType.DaneRequired);
    }

    // dane-rules 3: Insecure address records -> no TLSA lookup by the sender; DANE does not apply.
    [Fact]
    public async Task InsecureAddressesMeanNoTlsaLookup()
    {
        using var w = new CheckWorld();
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Insecure, (10, CheckWorld.MxHost)).A(CheckWorld.MxHost, SecurityStatus.Insecure, CheckWorld.Address);
        w.Dns.DefaultDenialStatus = SecurityStatus.Insecure;
        w.Dns.Fail(CheckWorld.TlsaOwner, DnsType.TLSA, SecurityStatus.Indeterminate, "SERVFAIL from a provider that cannot answer TLSA");
        w.Options = w.Options with { DiagnosticLookups = false };

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Opportunistic, "RFC 7672 2.2", null);
        Assert.False(w.Dns.Asked(CheckWorld.TlsaOwner, DnsType.TLSA));
        var host = Assert.Single(r.Hosts);
        Assert.False(host.Tlsa.LookedUp);
        Assert.Contains("RFC 7672 2.2.3", host.Tlsa.SkipReason!, StringComparison.Ordinal);
        Assert.Single(r.Findings, f => f.Code == FindingCatalogue.ZoneUnsigned);
        Assert.DoesNotContain(r.Findings, f => f.Code == FindingCatalogue.LookupFailed);
    }

    // The diagnostic TLSA lookup in an unsigned zone never changes the verdict, even when it fails.
    [Fact]
    public async Task DiagnosticLookupFailureDoesNotChangeTheVerdict()
    {
        using var w = new CheckWorld();
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Insecure, (10, CheckWorld.MxHost)).A(CheckWorld.MxHost, SecurityStatus.Insecure, CheckWorld.Address);
        w.Dns.DefaultDenialStatus = SecurityStatus.Insecure;
        w.Dns.Fail(CheckWorld.TlsaOwner, DnsType.TLSA, SecurityStatus.Indeterminate, "SERVFAIL");

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Opportunistic, "RFC 7672 2.2", null);
        var diag = Assert.Single(Assert.Single(r.Hosts).DiagnosticLookups);
        Assert.True(diag.Diagnostic);
        Assert.Equal(SecurityStatus.Indeterminate, diag.Status);
    }

    // RFC 7672 2.1.2: a Bogus TLSA RRset defers; RFC 8460 dnssec-invalid.
    [Fact]
    public async Task BogusTlsaDefers()
    {
        using var w = new CheckWorld();
        w.Dns.Fail(CheckWorld.TlsaOwner, DnsType.TLSA, SecurityStatus.Bogus,
            "RRSIG TLSA _25._tcp.mx.example.com. by example.com. key 12345 alg 13: signature does not verify (bad signature)", "RFC 4035 5.3.3");

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Deferred, "RFC 7672 2.1.2", TlsRptResultType.DnssecInvalid);
        Assert.Equal(DaneTlsaRequirement.Defer, Assert.Single(r.Hosts).Tlsa.Requirement);
        Assert.Null(OnlyAddress(r).Match);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.DnssecBrokenLink);
        Assert.Equal("RFC 4035 5.3.3", f.Rfc);
        Assert.Contains("does not verify", f.Message, StringComparison.Ordinal);
    }

    // dane-rules 2: SERVFAIL on TLSA is a deferral, never "no TLSA".
    [Fact]
    public async Task TlsaServfailDefers()
    {
        using var w = new CheckWorld();
        w.Dns.Fail(CheckWorld.TlsaOwner, DnsType.TLSA, SecurityStatus.Indeterminate, "lookup failed: SERVFAIL from 192.0.2.53", "RFC 4035 4.3");

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Deferred, "RFC 7672 2.1.2", TlsRptResultType.DnssecInvalid);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.LookupFailed);
        Assert.Contains("TLSA", f.Remediation.Text, StringComparison.Ordinal);
    }

    // A Secure answer with neither records nor a proof of absence is a failed lookup (DaneTlsaPolicy.FromAnswer).
    [Fact]
    public async Task SecureEmptyTlsaAnswerWithoutProofDefers()
    {
        using var w = new CheckWorld();
        w.Dns.Answer(new ValidatedAnswer
        {
            Question = new DnsQuestion(DnsName.Parse(CheckWorld.TlsaOwner), DnsType.TLSA),
            Status = SecurityStatus.Secure,
            ResponseCode = DnsResponseCode.NoError,
        });

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Deferred, "RFC 7672 2.1.2", TlsRptResultType.DnssecInvalid);
    }

    // RFC 7672 2.1.2: a Bogus MX defers before any host; the untrusted hosts are shown, not probed.
    [Fact]
    public async Task BogusMxDefersWithoutProbing()
    {
        using var w = new CheckWorld();
        w.Dns.Answer(w.Dns.Data(DnsName.Parse(CheckWorld.Domain), DnsType.MX, SecurityStatus.Bogus, [new MxData(10, DnsName.Parse(CheckWorld.MxHost))]) with
        {
            Reasons = [new ValidationReason(DnsName.Parse(CheckWorld.Domain), DnsType.MX, "RRSIG MX example.com. by example.com. key 1 alg 13: expired 2030-05-01T00:00Z (now 2030-06-01T00:00Z)", "RFC 4035 5.3.1", ReasonKind.Failure)],
        });

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Deferred, "RFC 7672 2.1.2", null);
        Assert.Equal(CheckMxOutcome.LookupFailed, r.Mx!.Outcome);
        var host = Assert.Single(r.Hosts);
        Assert.Equal(DaneVerdict.Deferred, host.Verdict);
        Assert.Null(host.Rfc8460);
        var a = Assert.Single(host.Addresses);
        Assert.Null(a.Probe);
        Assert.Null(a.Rfc8460);
        Assert.Empty(w.Prober.Calls);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.DnssecBrokenLink);
        Assert.Contains("expired", f.Message, StringComparison.Ordinal);
        Assert.Contains("re-sign", f.Remediation.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MxServfailWithoutRecordsDefersWithNoHosts()
    {
        using var w = new CheckWorld();
        w.Dns.Fail(CheckWorld.Domain, DnsType.MX, SecurityStatus.Indeterminate, "lookup failed: timeout");

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Deferred, "RFC 7672 2.1.2", null);
        Assert.Empty(r.Hosts);
        Assert.Single(r.Findings, f => f.Code == FindingCatalogue.LookupFailed);
    }

    // RFC 7505: a null MX accepts no mail; nothing is probed.
    [Fact]
    public async Task NullMxIsNoMail()
    {
        using var w = new CheckWorld();
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, (0, "."));

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.NoMail, "RFC 7505 3", null);
        Assert.Equal(CheckMxOutcome.NullMx, r.Mx!.Outcome);
        Assert.Empty(r.Hosts);
        Assert.Empty(w.Prober.Calls);
        Assert.Single(r.Findings, f => f.Code == FindingCatalogue.NullMx && f.Severity == FindingSeverity.Info);
    }

    [Fact]
    public async Task NullMxBesideOtherRecordsIsIgnoredWithAFinding()
    {
        using var w = new CheckWorld();
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, (0, "."), (10, CheckWorld.MxHost));

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Authenticated, "RFC 7672 3.1.1", null);
        Assert.Single(r.Findings, f => f.Code == FindingCatalogue.NullMxMixed);
    }

    [Fact]
    public async Task NxdomainIsNoMailWithAFinding()
    {
        using var w = new CheckWorld();
        w.Dns.Answer(FakeDnssec.Denial(DnsName.Parse(CheckWorld.Domain), DnsType.MX, SecurityStatus.Secure, nxdomain: true));

        var r = await w.CheckAsync();

        Assert.Equal(DaneVerdict.NoMail, r.Verdict);
        Assert.Equal(CheckMxOutcome.NoDomain, r.Mx!.Outcome);
        Assert.Single(r.Findings, f => f.Code == FindingCatalogue.DomainNotFound);
    }

    // RFC 5321 5.1, RFC 7672 2.2.2: no MX -> the domain is the implicit MX and the TLSA base domain.
    [Fact]
    public async Task NoMxMeansTheDomainIsTheImplicitMx()
    {
        using var w = new CheckWorld(defaults: false);
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Secure).A(CheckWorld.Domain, SecurityStatus.Secure, CheckWorld.Address)
            .Tlsa("_25._tcp.example.com.", SecurityStatus.Secure, CheckCerts.Ee311(w.Leaf));
        w.Prober.Serve(CheckWorld.Address, w.Leaf);

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Authenticated, "RFC 7672 2.2.2", null);
        Assert.Equal(CheckMxOutcome.NoMx, r.Mx!.Outcome);
        var host = Assert.Single(r.Hosts);
        Assert.Equal(CheckHostOrigin.ImplicitMx, host.Origin);
        Assert.Null(host.Preference);
        Assert.Equal("example.com", Assert.Single(w.Prober.Calls).ServerName);
        Assert.Single(r.Findings, f => f.Code == FindingCatalogue.ImplicitMx);
        // The address verdict keeps the usage's section; the host's names the implicit-MX rule.
        Assert.Equal("RFC 7672 3.1.1", OnlyAddress(r).VerdictRfc);
    }

    // RFC 7672 2.2.1: Insecure MX, Secure TLSA -> authenticated-insecure-mx.
    [Fact]
    public async Task InsecureMxWithSecureTlsaIsAuthenticatedInsecureMx()
    {
        using var w = new CheckWorld();
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Insecure, (10, CheckWorld.MxHost));

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.AuthenticatedInsecureMx, "RFC 7672 2.2.1", null);
        Assert.Single(r.Findings, f => f.Code == FindingCatalogue.InsecureMx);
    }

    // RFC 7672 2.2.2: CNAME -> TLSA at the target first; SNI is the target.
    [Fact]
    public async Task CnameTargetTlsaIsTheBaseDomain()
    {
        using var w = new CheckWorld(defaults: false);
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, (10, CheckWorld.MxHost))
            .Cname(CheckWorld.MxHost, "host.example.net.", SecurityStatus.Secure)
            .A("host.example.net.", SecurityStatus.Secure, CheckWorld.Address)
            .Tlsa("_25._tcp.host.example.net.", SecurityStatus.Secure, CheckCerts.Ee311(w.Leaf));
        w.Prober.Serve(CheckWorld.Address, w.Leaf);

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Authenticated, "RFC 7672 2.2.2", null);
        var host = Assert.Single(r.Hosts);
        Assert.Equal(["host.example.net."], host.CnameChain);
        Assert.Equal("host.example.net.", host.ExpandedName);
        Assert.Equal("host.example.net.", host.Tlsa.BaseDomain);
        Assert.Equal("_25._tcp.host.example.net.", host.Tlsa.Owner);
        Assert.Equal("host.example.net", Assert.Single(w.Prober.Calls).ServerName);
        Assert.False(w.Dns.Asked(CheckWorld.TlsaOwner, DnsType.TLSA));
    }

    // dane-rules 4: the target securely has none and the alias is Secure -> the original name.
    [Fact]
    public async Task CnameFallsBackToTheOriginalNameWhenTheAliasIsSecure()
    {
        using var w = new CheckWorld(defaults: false);
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, (10, CheckWorld.MxHost))
            .Cname(CheckWorld.MxHost, "host.example.net.", SecurityStatus.Secure)
            .A("host.example.net.", SecurityStatus.Secure, CheckWorld.Address)
            .Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(w.Leaf));
        w.Prober.Serve(CheckWorld.Address, w.Leaf);

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Authenticated, "RFC 7672 2.2.2", null);
        var host = Assert.Single(r.Hosts);
        Assert.Equal(CheckWorld.MxHost, host.Tlsa.BaseDomain);
        Assert.Equal(2, host.Tlsa.Lookups.Count);
        Assert.Equal("_25._tcp.host.example.net.", host.Tlsa.Lookups[0].Name);
        Assert.Equal("mx.example.com", Assert.Single(w.Prober.Calls).ServerName);
        Assert.Single(r.Findings, f => f.Code == FindingCatalogue.TlsaCnameFallback);
    }

    // dane-rules 4: no fallback when the alias is not Secure.
    [Fact]
    public async Task NoFallbackThroughAnInsecureAlias()
    {
        using var w = new CheckWorld(defaults: false);
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, (10, CheckWorld.MxHost))
            .Cname(CheckWorld.MxHost, "host.example.net.", SecurityStatus.Insecure)
            .A("host.example.net.", SecurityStatus.Secure, CheckWorld.Address)
            .Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(w.Leaf));
        w.Prober.Serve(CheckWorld.Address, w.Leaf);
        w.Options = w.Options with { DiagnosticLookups = false };

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Opportunistic, "RFC 7672 2.2", null);
        Assert.False(w.Dns.Asked(CheckWorld.TlsaOwner, DnsType.TLSA));
        Assert.Equal("host.example.net.", Assert.Single(r.Hosts).Tlsa.BaseDomain);
    }

    // dane-rules 4: an error at the target defers; it never falls back.
    [Fact]
    public async Task TlsaErrorAtTheTargetDefersWithoutFallback()
    {
        using var w = new CheckWorld(defaults: false);
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, (10, CheckWorld.MxHost))
            .Cname(CheckWorld.MxHost, "host.example.net.", SecurityStatus.Secure)
            .A("host.example.net.", SecurityStatus.Secure, CheckWorld.Address)
            .Fail("_25._tcp.host.example.net.", DnsType.TLSA, SecurityStatus.Bogus, "NSEC3 proof incomplete", "RFC 5155 8.4")
            .Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(w.Leaf));
        w.Prober.Serve(CheckWorld.Address, w.Leaf);

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Deferred, "RFC 7672 2.1.2", TlsRptResultType.DnssecInvalid);
        Assert.False(w.Dns.Asked(CheckWorld.TlsaOwner, DnsType.TLSA));
    }

    // RFC 7672 2.1.2: a Bogus address lookup defers the host; nothing is probed.
    [Fact]
    public async Task BogusAddressLookupDefersTheHost()
    {
        using var w = new CheckWorld();
        w.Dns.Answer(w.Dns.Data(DnsName.Parse(CheckWorld.MxHost), DnsType.A, SecurityStatus.Bogus, [new AData(System.Net.IPAddress.Parse(CheckWorld.Address))]) with
        {
            Reasons = [new ValidationReason(DnsName.Parse(CheckWorld.MxHost), DnsType.A, "more than 8 signatures tried; the rest are ignored (KeyTrap bound)", "CVE-2023-50387", ReasonKind.Failure)],
        });

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Deferred, "RFC 7672 2.1.2", null);
        Assert.Empty(w.Prober.Calls);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.DnssecBrokenLink);
        Assert.Contains("KeyTrap", f.Remediation.Text, StringComparison.Ordinal);
        Assert.False(Assert.Single(r.Hosts).Tlsa.LookedUp);
    }

    [Fact]
    public async Task HostWithoutAddressesIsReported()
    {
        using var w = new CheckWorld();
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, (10, CheckWorld.MxHost), (20, "mx2.example.com."));

        var r = await w.CheckAsync();

        AssertVerdict(r, DaneVerdict.Authenticated, "RFC 7672 3.1.1", null);
        Assert.Equal(DaneVerdict.NoMail, r.Hosts[1].Verdict);
        Assert.Single(r.Findings, f => f.Code == FindingCatalogue.HostNoAddress && f.Subject == "mx2.example.com.");
    }
}
