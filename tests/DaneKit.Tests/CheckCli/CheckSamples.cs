using DaneKit.Diagnostics;
using DaneKit.Dnssec;
using DaneKit.MtaSts;
using DaneKit.Smtp;
using DaneKit.Tls;
using DaneKit.Tlsa;
using DaneKit.TlsRpt;

namespace DaneKit.Tests.CheckCli;

/// <summary>
/// Results of the check model built by hand, one per verdict, for the command's exit codes, JSON and report tests. They
/// are shaped as the engine shapes them (docs in /src/DaneKit/Smtp), with fixed times, so output made from them is stable.
/// </summary>
internal static class CheckSamples
{
    /// <summary>The pinned start time of every sample.</summary>
    public static readonly DateTimeOffset StartedAt = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    private const string Spki = "8CB0FC6C527506A053F4F14C8464BEBBD6DEDE2738D11468DD953D7D6A3021F1";

    /// <summary>A result for <c>sample.example.</c> with one MX host and one address whose verdict is <paramref name="verdict"/>.</summary>
    /// <param name="verdict">The verdict of the address, the host and the domain.</param>
    /// <returns>The result.</returns>
    public static DaneCheckResult WithVerdict(DaneVerdict verdict)
    {
        var rfc8460 = verdict switch
        {
            DaneVerdict.DaneFail => TlsRptResultType.CertificateNotTrusted,
            DaneVerdict.EncryptedUnauthenticated => TlsRptResultType.TlsaInvalid,
            DaneVerdict.Deferred => TlsRptResultType.DnssecInvalid,
            _ => (TlsRptResultType?)null,
        };
        if (verdict == DaneVerdict.NoMail)
        {
            return Result(verdict, "RFC 7505 3", "The domain publishes a null MX: it accepts no mail.", null, [], CheckMxOutcome.NullMx, ["0 ."],
                [Finding(FindingCatalogue.NullMx, FindingSeverity.Info, "sample.example.", "The domain publishes the null MX \"0 .\".", "Nothing to do if the domain is not meant to receive mail.")]);
        }

        var matched = verdict is DaneVerdict.Authenticated or DaneVerdict.AuthenticatedInsecureMx;
        var address = new DaneCheckAddress
        {
            Address = "192.0.2.25",
            Family = CheckAddressFamily.IPv4,
            Port = 25,
            Endpoint = "192.0.2.25:25",
            AddressStatus = SecurityStatus.Secure,
            Requirement = DaneTlsaRequirement.Authenticate,
            Probe = Probe(verdict == DaneVerdict.NoTls ? CheckProbeStatus.NoStartTls : CheckProbeStatus.TlsEstablished),
            Certificates = [Certificate()],
            Match = new CheckMatch
            {
                Outcome = matched ? DaneMatchOutcome.Matched : DaneMatchOutcome.NotMatched,
                MatchedRecord = matched ? Record(3, 1, 1, Spki) : null,
                MatchedDepth = matched ? 0 : null,
                Summary = matched ? "DANE-EE 3 1 1 matched at depth 0" : "no usable record matched the chain",
                Failures = matched ? [] : [new CheckMatchFailure(Record(3, 1, 1, new string('A', 64)), DaneMatchFailureReason.DigestMismatch, "the leaf's SPKI SHA2-256 is " + Spki, null)],
            },
            Verdict = verdict,
            VerdictRfc = "RFC 7672 3.1.1",
            VerdictReason = $"sample reason for {verdict.ToWireName()}",
            Rfc8460 = rfc8460,
        };
        var host = new DaneCheckHost
        {
            Name = "mx.sample.example.",
            Preference = 10,
            Origin = CheckHostOrigin.Mx,
            AddressLookups = [Lookup("mx.sample.example.", "A", SecurityStatus.Secure, ["192.0.2.25"])],
            ExpandedName = "mx.sample.example.",
            AddressStatus = SecurityStatus.Secure,
            Tlsa = new CheckTlsa
            {
                Port = 25,
                BaseDomain = "mx.sample.example.",
                Owner = "_25._tcp.mx.sample.example.",
                LookedUp = true,
                Lookups = [Lookup("_25._tcp.mx.sample.example.", "TLSA", SecurityStatus.Secure, ["3 1 1 " + Spki])],
                Status = SecurityStatus.Secure,
                Requirement = DaneTlsaRequirement.Authenticate,
                Description = "secure TLSA RRset with usable records: TLS and authentication are required (RFC 7672 2.2)",
                Records = [Record(3, 1, 1, Spki)],
                Usable = [Record(3, 1, 1, Spki)],
            },
            Addresses = [address],
            Verdict = verdict,
            VerdictRfc = "RFC 7672 3.1.1",
            VerdictReason = $"sample reason for {verdict.ToWireName()}",
            Rfc8460 = rfc8460,
        };
        List<Finding> findings = matched
            ? []
            : [Finding(FindingCatalogue.TlsaStale, FindingSeverity.Error, "mx.sample.example.[192.0.2.25]:25", "The TLSA record does not match the key the server presents.",
                "Publish the record for the key the server presents, then remove the old one after two TTLs.",
                ["_25._tcp.mx.sample.example. IN TLSA 3 1 1 " + Spki], ["danekit tlsa generate --from smtp://mx.sample.example"])];
        return Result(verdict, "RFC 7672 3.1.1", $"sample reason for {verdict.ToWireName()}", rfc8460, [host], CheckMxOutcome.Records, ["10 mx.sample.example."], findings)
            with { MtaSts = MtaSts(matched), TlsRpt = TlsRpt() };
    }

    /// <summary>An MTA-STS part with every member filled: a policy in enforce mode, DANE taking precedence for the one host.</summary>
    private static CheckMtaSts MtaSts(bool daneMatched) => new()
    {
        PolicyDomain = "sample.example.",
        TxtLookup = Lookup("_mta-sts.sample.example.", "TXT", SecurityStatus.Secure, ["\"v=STSv1; id=20261129T000000\""]),
        TxtOutcome = CheckMtaStsTxtOutcome.Ok,
        PolicyId = "20261129T000000",
        Fetch = new CheckMtaStsFetch
        {
            Url = "https://mta-sts.sample.example/.well-known/mta-sts.txt",
            AddressLookups = [Lookup("mta-sts.sample.example.", "A", SecurityStatus.Secure, ["192.0.2.80"])],
            Address = "192.0.2.80",
            StatusCode = 200,
            ContentType = "text/plain",
            Body = "version: STSv1\r\nmode: enforce\r\nmx: mx.sample.example\r\nmax_age: 86400\r\n",
            Outcome = CheckMtaStsFetchOutcome.Ok,
        },
        Policy = new CheckMtaStsPolicy(MtaStsMode.Enforce, 86400, ["mx.sample.example"]),
        ModeInForce = MtaStsMode.Enforce,
        Hosts =
        [
            new CheckMtaStsHost
            {
                Name = "mx.sample.example.",
                MatchedPattern = "mx.sample.example",
                InPolicy = true,
                DaneApplies = true,
                Addresses = [new CheckMtaStsAddress("192.0.2.25", daneMatched, daneMatched ? null : "untrusted: PartialChain")],
                Outcome = CheckMtaStsOutcome.DanePrecedence,
                Rfc = "RFC 8461 2",
                Reason = "The host has DANE: a sender doing both validates DANE here.",
            },
        ],
        Outcome = CheckMtaStsOutcome.DanePrecedence,
        Rfc = "RFC 8461 2",
        Summary = "MTA-STS policy in enforce mode (id 20261129T000000, max_age 86400 s): DANE takes precedence where both apply (RFC 8461 2): mx.sample.example.",
    };

    private static CheckTlsRpt TlsRpt() => new()
    {
        Lookup = Lookup("_smtp._tls.sample.example.", "TXT", SecurityStatus.Secure, ["\"v=TLSRPTv1; rua=mailto:tlsrpt@sample.example\""]),
        Outcome = CheckTlsRptOutcome.Ok,
        Record = "v=TLSRPTv1; rua=mailto:tlsrpt@sample.example",
        ReportUris = ["mailto:tlsrpt@sample.example"],
    };

    private static DaneCheckResult Result(DaneVerdict verdict, string rfc, string reason, TlsRptResultType? rfc8460, IReadOnlyList<DaneCheckHost> hosts,
        CheckMxOutcome outcome, IReadOnlyList<string> mx, IReadOnlyList<Finding> findings) => new()
        {
            Domain = "sample.example.",
            Mode = CheckMode.Mail,
            Port = 25,
            TlsMode = SmtpProbeMode.StartTls,
            TlsaContext = TlsaContext.Smtp,
            AddressFamilies = CheckAddressFamilies.Both,
            StartedAt = StartedAt,
            Elapsed = TimeSpan.FromMilliseconds(1234),
            Mx = new CheckMx
            {
                Lookup = Lookup("sample.example.", "MX", SecurityStatus.Secure, mx),
                Outcome = outcome,
                Records = outcome == CheckMxOutcome.Records ? [new CheckMxRecord(10, "mx.sample.example.")] : [],
            },
            Hosts = hosts,
            Verdict = verdict,
            VerdictRfc = rfc,
            VerdictReason = reason,
            Rfc8460 = rfc8460,
            Findings = findings,
        };

    private static CheckLookup Lookup(string name, string type, SecurityStatus status, IReadOnlyList<string> records) => new()
    {
        Name = name,
        Type = type,
        Status = status,
        ResponseCode = "NOERROR",
        Records = records,
        FinalName = name,
        Source = "192.0.2.53:53",
        Summary = $"{name} {type}: {status}, {records.Count} records",
        Chain = [new CheckChainLink(".", SecurityStatus.Secure, [], null, 20326, "trust anchor")],
    };

    private static CheckTlsaRecord Record(int usage, int selector, int matchingType, string data) => new()
    {
        Usage = usage,
        Selector = selector,
        MatchingType = matchingType,
        Data = data,
        Text = $"{usage} {selector} {matchingType} {data}",
        UsageName = usage == 3 ? "DANE-EE" : "DANE-TA",
    };

    private static CheckProbe Probe(CheckProbeStatus status) => new()
    {
        Mode = SmtpProbeMode.StartTls,
        Status = status,
        ServerName = "mx.sample.example",
        Greeting = "220 mx.sample.example ESMTP",
        Capabilities = status == CheckProbeStatus.NoStartTls ? ["PIPELINING"] : ["PIPELINING", "STARTTLS"],
        StartTlsOffered = status != CheckProbeStatus.NoStartTls,
        StartTlsReply = status != CheckProbeStatus.NoStartTls ? "220 2.0.0 Ready to start TLS" : null,
        TlsEstablished = status == CheckProbeStatus.TlsEstablished,
        TlsVersion = status == CheckProbeStatus.TlsEstablished ? "TLSv1.3" : null,
        CipherSuite = status == CheckProbeStatus.TlsEstablished ? "TLS_AES_256_GCM_SHA384" : null,
        Failure = status == CheckProbeStatus.NoStartTls ? new CheckProbeFailure(SmtpProbeFailureKind.StartTlsNotOffered, SmtpProbeStep.Ehlo, "STARTTLS not offered") : null,
        Transcript = ["[0.001s] S: 220 mx.sample.example ESMTP", "[0.002s] C: EHLO danekit.invalid"],
        Elapsed = TimeSpan.FromMilliseconds(42),
    };

    private static CheckCertificate Certificate() => new()
    {
        Depth = 0,
        Subject = "CN=mx.sample.example",
        Issuer = "CN=mx.sample.example",
        SerialNumber = "01",
        NotBefore = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        NotAfter = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero),
        DnsNames = ["mx.sample.example"],
        SelfIssued = true,
        KeyAlgorithm = "ECDSA P-256",
        SpkiSha256 = Spki,
        CertificateSha256 = new string('B', 64),
        TlsaRecord = "3 1 1 " + Spki,
        Der = "MIIB",
    };

    private static Finding Finding(string code, FindingSeverity severity, string subject, string message, string fix,
        IReadOnlyList<string>? zoneLines = null, IReadOnlyList<string>? commands = null) => new()
        {
            Code = code,
            Severity = severity,
            Title = FindingCatalogue.Get(code).Title,
            Message = message,
            Rfc = FindingCatalogue.Get(code).Rfc,
            Subject = subject,
            Evidence = code == FindingCatalogue.TlsaStale
                ? [new FindingEvidence("published", "3 1 1 " + new string('A', 64)), new FindingEvidence("served key (3 1 1)", "3 1 1 " + Spki)]
                : [new FindingEvidence("MX", "0 .")],
            Remediation = new FindingRemediation(fix, zoneLines ?? [], commands ?? []),
        };
}
