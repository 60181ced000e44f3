using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Diagnostics;
using DaneKit.Dnssec;
using DaneKit.Smtp;
using DaneKit.Tls;
using DaneKit.Tlsa;

namespace DaneKit.Web.Tests.Monitoring;

/// <summary>Check results built by hand for change detection: one MX host (mx.example.com.) with one address (192.0.2.1:25).</summary>
internal static class CheckResults
{
    public const string Domain = "example.com.";
    public const string Host = "mx.example.com.";

    /// <summary>A real self-signed leaf (ECDSA P-256) as the check shows it; a new key each call unless <paramref name="key"/> is given.</summary>
    public static CheckCertificate Leaf(ECDsa? key = null, int days = 90)
    {
        using var own = key is null ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
        var k = key ?? own!;
        var request = new CertificateRequest("CN=mx.example.com", k, HashAlgorithmName.SHA256);
        var now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        using var cert = request.CreateSelfSigned(now, now.AddDays(days));
        var spki = SHA256.HashData(cert.PublicKey.ExportSubjectPublicKeyInfo());
        var spkiHex = Convert.ToHexString(spki);
        return new CheckCertificate
        {
            Depth = 0,
            Subject = cert.Subject,
            Issuer = cert.Issuer,
            SerialNumber = cert.SerialNumber,
            NotBefore = now,
            NotAfter = now.AddDays(days),
            KeyAlgorithm = "ECDSA P-256",
            SpkiSha256 = spkiHex,
            CertificateSha256 = Convert.ToHexString(SHA256.HashData(cert.RawData)),
            TlsaRecord = $"3 1 1 {spkiHex}",
            Der = Convert.ToBase64String(cert.RawData),
        };
    }

    public static CheckTlsaRecord Tlsa(string text)
    {
        var parts = text.Split(' ');
        return new CheckTlsaRecord
        {
            Usage = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
            Selector = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture),
            MatchingType = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture),
            Data = parts[3],
            Text = text,
            UsageName = parts[0] == "3" ? "DANE-EE" : "DANE-TA",
        };
    }

    public static Finding Finding(string code, FindingSeverity severity, string subject = Host) => new()
    {
        Code = code,
        Severity = severity,
        Title = code + " title",
        Message = code + " message",
        Rfc = "RFC 7672",
        Subject = subject,
        Remediation = FindingRemediation.Say("fix it"),
    };

    /// <summary>A result: <paramref name="leaf"/> served (none: no probe), TLSA <paramref name="tlsa"/> (Secure), matched or not.</summary>
    public static DaneCheckResult Result(CheckCertificate? leaf, IReadOnlyList<string> tlsa, bool matched = true, DaneVerdict verdict = DaneVerdict.Authenticated,
        IReadOnlyList<Finding>? findings = null, CheckMtaStsOutcome? mtaSts = null, SecurityStatus tlsaStatus = SecurityStatus.Secure)
    {
        var records = tlsa.Select(Tlsa).ToArray();
        var address = new DaneCheckAddress
        {
            Address = "192.0.2.1",
            Family = CheckAddressFamily.IPv4,
            Port = 25,
            Endpoint = "192.0.2.1:25",
            AddressStatus = SecurityStatus.Secure,
            Requirement = DaneTlsaRequirement.Authenticate,
            Certificates = leaf is null ? [] : [leaf],
            Match = leaf is null ? null : new CheckMatch
            {
                Outcome = matched ? DaneMatchOutcome.Matched : DaneMatchOutcome.NotMatched,
                MatchedRecord = matched ? records.FirstOrDefault(r => r.Data == leaf.SpkiSha256) ?? records.FirstOrDefault() : null,
                Summary = matched ? "matched" : "not matched",
            },
            Verdict = verdict,
            VerdictRfc = "RFC 7672 3.1.1",
            VerdictReason = verdict.ToString(),
        };
        var host = new DaneCheckHost
        {
            Name = Host,
            Preference = 10,
            Origin = CheckHostOrigin.Mx,
            ExpandedName = Host,
            AddressStatus = SecurityStatus.Secure,
            Tlsa = new CheckTlsa
            {
                Port = 25,
                BaseDomain = Host,
                Owner = "_25._tcp." + Host,
                LookedUp = true,
                Status = tlsaStatus,
                Requirement = DaneTlsaRequirement.Authenticate,
                Description = "authenticate",
                Records = records,
                Usable = records,
            },
            Addresses = [address],
            Verdict = verdict,
            VerdictRfc = "RFC 7672 3.1.1",
            VerdictReason = verdict.ToString(),
        };
        return new DaneCheckResult
        {
            Domain = Domain,
            Mode = CheckMode.Mail,
            Port = 25,
            TlsMode = SmtpProbeMode.StartTls,
            TlsaContext = TlsaContext.Smtp,
            AddressFamilies = CheckAddressFamilies.Both,
            StartedAt = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero),
            Hosts = [host],
            Verdict = verdict,
            VerdictRfc = "RFC 7672 3.1.1",
            VerdictReason = "because " + verdict,
            Findings = findings ?? [],
            MtaSts = mtaSts is { } o ? new CheckMtaSts
            {
                PolicyDomain = Domain,
                TxtLookup = new CheckLookup { Name = "_mta-sts." + Domain, Type = "TXT", Status = SecurityStatus.Secure, ResponseCode = "NOERROR", FinalName = "_mta-sts." + Domain, Summary = "ok" },
                TxtOutcome = CheckMtaStsTxtOutcome.Ok,
                Outcome = o,
                Rfc = "RFC 8461",
                Summary = "sts " + o,
            } : null,
        };
    }
}

/// <summary>A clock tests move by hand; timers (delays) still run on the system clock.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public ManualClock() : this(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
