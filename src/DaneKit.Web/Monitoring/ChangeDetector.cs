using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using DaneKit.Diagnostics;
using DaneKit.Dnssec;
using DaneKit.Reporting;
using DaneKit.Smtp;

namespace DaneKit.Web.Monitoring;

/// <summary>One change between two checks of a domain.</summary>
/// <param name="Kind">What changed: <c>finding-new</c>, <c>finding-resolved</c>, <c>verdict-changed</c>, <c>signature-expiring</c>, <c>key-changed</c>, <c>certificate-changed</c>, <c>tlsa-changed</c>.</param>
/// <param name="Severity"><c>error</c>, <c>warning</c> or <c>info</c>.</param>
/// <param name="Subject">What it is about: a finding's subject, the domain, <c>mta-sts</c>, a host, or a host and endpoint.</param>
/// <param name="Summary">One line for people.</param>
/// <param name="Identity">The change's identity: kind, subject and new value (the same change has the same identity).</param>
/// <param name="Details">The change's data (previous and new values).</param>
public sealed record DetectedChange(string Kind, string Severity, string Subject, string Summary, string Identity, JsonObject Details);

/// <summary>
/// Change detection: what changed between a domain's previous check and its new one. A pure function of the two results.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A finding is identified by its code and subject: one in the new check only is <c>finding-new</c> (a new
/// <c>DNSSEC-SIGNATURE-EXPIRING</c> is <c>signature-expiring</c>), one in the previous check only is <c>finding-resolved</c>.</item>
/// <item>The DANE verdict changing is <c>verdict-changed</c> (subject the domain), and so is the MTA-STS outcome changing
/// (subject <c>mta-sts</c>).</item>
/// <item>Per MX host and endpoint with a leaf certificate in both checks: a different public key (SPKI SHA-256) is
/// <c>key-changed</c>, saying whether the new key was pre-published (a record of the previous check's TLSA RRset already
/// matched it); the same key in a different certificate is <c>certificate-changed</c>.</item>
/// <item>Per MX host whose TLSA lookup was Secure in both checks: records added or removed is <c>tlsa-changed</c>.</item>
/// <item>The first check of a domain (no previous check): only its error findings, each <c>finding-new</c>; warnings
/// and infos of a new domain are shown on its page, not alerted.</item>
/// </list>
/// </remarks>
public static class ChangeDetector
{
    /// <summary>The kinds, most important first (the order an alert of several changes is named after).</summary>
    public static IReadOnlyList<string> Kinds { get; } =
        ["key-changed", "verdict-changed", "tlsa-changed", "certificate-changed", "signature-expiring", "finding-new", "finding-resolved"];

    /// <summary>The changes from <paramref name="previous"/> to <paramref name="current"/>, in a stable order.</summary>
    /// <param name="previous">The previous check, or null for a domain's first check.</param>
    /// <param name="current">The new check.</param>
    /// <returns>The changes (empty when nothing changed).</returns>
    public static IReadOnlyList<DetectedChange> Detect(DaneCheckResult? previous, DaneCheckResult current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var changes = new List<DetectedChange>();
        var currentFindings = Distinct(current.Findings);
        if (previous is null)
        {
            foreach (var f in currentFindings.Values.Where(f => f.Severity == FindingSeverity.Error))
            {
                changes.Add(NewFinding(f));
            }

            return changes;
        }

        var previousFindings = Distinct(previous.Findings);
        foreach (var (key, f) in currentFindings)
        {
            if (!previousFindings.ContainsKey(key))
            {
                changes.Add(NewFinding(f));
            }
        }

        foreach (var (key, f) in previousFindings)
        {
            if (!currentFindings.ContainsKey(key))
            {
                changes.Add(new DetectedChange("finding-resolved", "info", f.Subject, Line($"resolved {f.Code}: {f.Subject}: {f.Title}"),
                    $"finding-resolved|{f.Code}|{f.Subject}", new JsonObject { ["code"] = f.Code, ["title"] = f.Title, ["severity"] = Wire(f.Severity) }));
            }
        }

        if (previous.Verdict != current.Verdict)
        {
            var was = CheckWireNames.Of(previous.Verdict);
            var now = CheckWireNames.Of(current.Verdict);
            changes.Add(new DetectedChange("verdict-changed", VerdictSeverity(current.Verdict), current.Domain,
                Line($"DANE verdict {was} → {now}: {current.VerdictReason}"), $"verdict-changed|dane|{was}|{now}",
                new JsonObject { ["what"] = "dane", ["previous"] = was, ["current"] = now, ["reason"] = current.VerdictReason, ["rfc"] = current.VerdictRfc }));
        }

        if (previous.MtaSts is { } ps && current.MtaSts is { } cs && ps.Outcome != cs.Outcome)
        {
            var was = CheckWireNames.Of(ps.Outcome);
            var now = CheckWireNames.Of(cs.Outcome);
            changes.Add(new DetectedChange("verdict-changed", cs.Outcome == CheckMtaStsOutcome.Refuses ? "error" : "warning", "mta-sts",
                Line($"MTA-STS outcome {was} → {now}: {cs.Summary}"), $"verdict-changed|mta-sts|{was}|{now}",
                new JsonObject { ["what"] = "mta-sts", ["previous"] = was, ["current"] = now, ["reason"] = cs.Summary }));
        }

        DetectKeyChanges(previous, current, changes);
        DetectTlsaChanges(previous, current, changes);
        return changes;
    }

    private static DetectedChange NewFinding(Finding f)
    {
        var kind = f.Code == FindingCatalogue.SignatureExpiring ? "signature-expiring" : "finding-new";
        var evidence = new JsonArray();
        foreach (var e in f.Evidence)
        {
            evidence.Add(new JsonObject { ["label"] = e.Label, ["value"] = e.Value });
        }

        return new DetectedChange(kind, Wire(f.Severity), f.Subject, Line($"{(kind == "signature-expiring" ? "signatures expiring" : "new " + f.Code)}: {f.Subject}: {f.Message}"),
            $"{kind}|{f.Code}|{f.Subject}",
            new JsonObject
            {
                ["code"] = f.Code,
                ["title"] = f.Title,
                ["severity"] = Wire(f.Severity),
                ["message"] = f.Message,
                ["rfc"] = f.Rfc,
                ["evidence"] = evidence,
                ["remediation"] = f.Remediation.Text,
            });
    }

    private static void DetectKeyChanges(DaneCheckResult previous, DaneCheckResult current, List<DetectedChange> changes)
    {
        var before = new Dictionary<string, (DaneCheckHost Host, CheckCertificate Leaf)>(StringComparer.OrdinalIgnoreCase);
        foreach (var host in previous.Hosts)
        {
            foreach (var a in host.Addresses)
            {
                if (Leaf(a) is { } leaf)
                {
                    before.TryAdd(host.Name + " " + a.Endpoint, (host, leaf));
                }
            }
        }

        foreach (var host in current.Hosts)
        {
            foreach (var a in host.Addresses)
            {
                if (Leaf(a) is not { } leaf || !before.TryGetValue(host.Name + " " + a.Endpoint, out var old))
                {
                    continue;
                }

                var subject = $"{host.Name}[{a.Address}]:{a.Port}";
                if (!string.Equals(old.Leaf.SpkiSha256, leaf.SpkiSha256, StringComparison.OrdinalIgnoreCase))
                {
                    var prePublished = PrePublished(old.Host.Tlsa, leaf, a.Match);
                    var matchesNow = a.Match?.Matched == true;
                    var severity = prePublished ? "info" : matchesNow ? "warning" : "error";
                    var how = prePublished
                        ? "the new key was pre-published in TLSA"
                        : matchesNow
                            ? "the new key was not in the previous TLSA records (senders with cached records may have failed); TLSA matches it now"
                            : "the new key is not in TLSA: DANE senders refuse delivery; publish " + leaf.TlsaRecord;
                    changes.Add(new DetectedChange("key-changed", severity, subject, Line($"{subject}: the server's key changed; {how}"),
                        $"key-changed|{subject}|{leaf.SpkiSha256}",
                        new JsonObject
                        {
                            ["host"] = host.Name,
                            ["endpoint"] = a.Endpoint,
                            ["previousSpkiSha256"] = old.Leaf.SpkiSha256,
                            ["spkiSha256"] = leaf.SpkiSha256,
                            ["previousCertificateSha256"] = old.Leaf.CertificateSha256,
                            ["certificateSha256"] = leaf.CertificateSha256,
                            ["prePublished"] = prePublished,
                            ["matchesTlsa"] = matchesNow,
                            ["tlsaRecord"] = leaf.TlsaRecord,
                        }));
                }
                else if (!string.Equals(old.Leaf.CertificateSha256, leaf.CertificateSha256, StringComparison.OrdinalIgnoreCase))
                {
                    changes.Add(new DetectedChange("certificate-changed", "info", subject,
                        Line($"{subject}: new certificate with the same key (serial {leaf.SerialNumber}, valid until {leaf.NotAfter:yyyy-MM-dd})"),
                        $"certificate-changed|{subject}|{leaf.CertificateSha256}",
                        new JsonObject
                        {
                            ["host"] = host.Name,
                            ["endpoint"] = a.Endpoint,
                            ["previousCertificateSha256"] = old.Leaf.CertificateSha256,
                            ["certificateSha256"] = leaf.CertificateSha256,
                            ["spkiSha256"] = leaf.SpkiSha256,
                            ["notAfter"] = leaf.NotAfter.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                        }));
                }
            }
        }
    }

    private static void DetectTlsaChanges(DaneCheckResult previous, DaneCheckResult current, List<DetectedChange> changes)
    {
        var before = new Dictionary<string, CheckTlsa>(StringComparer.OrdinalIgnoreCase);
        foreach (var host in previous.Hosts.Where(h => h.Tlsa is { LookedUp: true, Status: SecurityStatus.Secure }))
        {
            before.TryAdd(host.Name, host.Tlsa);
        }

        foreach (var host in current.Hosts.Where(h => h.Tlsa is { LookedUp: true, Status: SecurityStatus.Secure }))
        {
            if (!before.TryGetValue(host.Name, out var old))
            {
                continue;
            }

            var was = old.Records.Select(Normal).ToHashSet(StringComparer.Ordinal);
            var now = host.Tlsa.Records.Select(Normal).ToHashSet(StringComparer.Ordinal);
            var added = now.Where(r => !was.Contains(r)).Order(StringComparer.Ordinal).ToList();
            var removed = was.Where(r => !now.Contains(r)).Order(StringComparer.Ordinal).ToList();
            if (added.Count == 0 && removed.Count == 0)
            {
                continue;
            }

            var owner = host.Tlsa.Owner;
            changes.Add(new DetectedChange("tlsa-changed", "warning", host.Name,
                Line($"{owner} TLSA changed: {added.Count} added, {removed.Count} removed"),
                $"tlsa-changed|{host.Name}|{string.Join(",", now.Order(StringComparer.Ordinal))}",
                new JsonObject
                {
                    ["host"] = host.Name,
                    ["owner"] = owner,
                    ["added"] = new JsonArray([.. added.Select(r => (JsonNode?)JsonValue.Create(r))]),
                    ["removed"] = new JsonArray([.. removed.Select(r => (JsonNode?)JsonValue.Create(r))]),
                }));
        }
    }

    /// <summary>Whether the previous TLSA RRset already authenticated the new leaf: an end-entity record of its key or certificate, or the record that matches now.</summary>
    private static bool PrePublished(CheckTlsa previous, CheckCertificate leaf, CheckMatch? match)
    {
        var was = previous.Records.Select(Normal).ToHashSet(StringComparer.Ordinal);
        if (match?.MatchedRecord is { } m && was.Contains(Normal(m)))
        {
            return true;
        }

        byte[] der;
        try
        {
            der = Convert.FromBase64String(leaf.Der);
        }
        catch (FormatException)
        {
            return false;
        }

        byte[] spki;
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            spki = certificate.PublicKey.ExportSubjectPublicKeyInfo();
        }
        catch (CryptographicException)
        {
            return false;
        }

        foreach (var r in previous.Records.Where(r => r.Usage is 1 or 3))
        {
            var data = r.Selector switch { 0 => der, 1 => spki, _ => null };
            if (data is null)
            {
                continue;
            }

            var hash = r.MatchingType switch
            {
                0 => data,
                1 => SHA256.HashData(data),
                2 => SHA512.HashData(data),
                _ => null,
            };
            if (hash is not null && string.Equals(Convert.ToHexString(hash), r.Data, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static CheckCertificate? Leaf(DaneCheckAddress address) => address.Certificates.FirstOrDefault(c => c.Depth == 0);

    private static string Normal(CheckTlsaRecord r) => $"{r.Usage} {r.Selector} {r.MatchingType} {r.Data.ToUpperInvariant()}";

    private static Dictionary<(string Code, string Subject), Finding> Distinct(IReadOnlyList<Finding> findings)
    {
        var map = new Dictionary<(string, string), Finding>();
        foreach (var f in findings)
        {
            map.TryAdd((f.Code, f.Subject), f);
        }

        return map;
    }

    /// <summary>The severity of a verdict change by the new verdict: a failure is an error, a deferral or no TLS a warning, the rest info.</summary>
    private static string VerdictSeverity(DaneVerdict verdict) => verdict switch
    {
        DaneVerdict.DaneFail or DaneVerdict.EncryptedUnauthenticated => "error",
        DaneVerdict.Deferred or DaneVerdict.NoTls => "warning",
        _ => "info",
    };

    /// <summary>The wire name of a severity.</summary>
    internal static string Wire(FindingSeverity severity) => CheckWireNames.Of(severity);

    /// <summary>One line: control characters (line breaks in attacker-controlled text) become spaces.</summary>
    internal static string Line(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]))
            {
                chars[i] = ' ';
            }
        }

        return new string(chars);
    }
}
