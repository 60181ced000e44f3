using System.Globalization;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Smtp;
using DaneKit.Tls;
using DaneKit.Tlsa;

namespace DaneKit.Rollover;

/// <summary>What <c>danekit rollover check</c> concludes.</summary>
public enum RolloverOutcome
{
    /// <summary>Deploying the new certificate is safe now (exit 0).</summary>
    Safe,

    /// <summary>The new key is published but not yet for two TTLs: safe later, at <see cref="RolloverDecision.SafeAt"/> (exit 1).</summary>
    NotYet,

    /// <summary>Deploying it now would make DANE senders refuse mail, or could (exit 1).</summary>
    Unsafe,

    /// <summary>DaneKit could not tell: a lookup or probe failed (exit 2).</summary>
    Unknown,
}

/// <summary>One reason of a rollover decision.</summary>
/// <param name="Code">A stable code: <c>ROLLOVER-…</c>.</param>
/// <param name="Outcome">What this reason alone makes the decision.</param>
/// <param name="Message">What was found.</param>
/// <param name="Rfc">The rule.</param>
/// <param name="Fix">What to do, if anything.</param>
public sealed record RolloverReason(string Code, RolloverOutcome Outcome, string Message, string Rfc, string? Fix = null);

/// <summary>The decision, with its evidence.</summary>
public sealed record RolloverDecision
{
    /// <summary>The outcome: the worst of the reasons.</summary>
    public required RolloverOutcome Outcome { get; init; }

    /// <summary>The host.</summary>
    public required string Host { get; init; }

    /// <summary>The TLSA owner name.</summary>
    public required string Owner { get; init; }

    /// <summary>The DNSSEC status of the TLSA RRset.</summary>
    public required SecurityStatus TlsaStatus { get; init; }

    /// <summary>The TTL counted with (the zone's, from the RRSIG's Original TTL), when known.</summary>
    public uint? Ttl { get; init; }

    /// <summary>The usable records published now.</summary>
    public IReadOnlyList<string> Published { get; init; } = [];

    /// <summary>The published records the new key or certificate matches.</summary>
    public IReadOnlyList<string> Matching { get; init; } = [];

    /// <summary>The record the new key needs, when none matches.</summary>
    public string? Needed { get; init; }

    /// <summary>Since when a matching record has been visible with a Secure status (in UTC).</summary>
    public DateTimeOffset? VisibleSince { get; init; }

    /// <summary>Where <see cref="VisibleSince"/> comes from (the state file, the monitor, or "first seen now").</summary>
    public string? VisibleSinceSource { get; init; }

    /// <summary>When the switch is safe: <see cref="VisibleSince"/> + 2 × TTL (in UTC).</summary>
    public DateTimeOffset? SafeAt { get; init; }

    /// <summary>The time the decision was made for.</summary>
    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary>The addresses checked, each with its verdict now.</summary>
    public IReadOnlyList<RolloverAddress> Addresses { get; init; } = [];

    /// <summary>Every reason, worst first.</summary>
    public required IReadOnlyList<RolloverReason> Reasons { get; init; }
}

/// <summary>One address of the host and what it serves now.</summary>
/// <param name="Endpoint">Address and port.</param>
/// <param name="Verdict">The DANE verdict for it now.</param>
/// <param name="ServedKey">The SPKI SHA-256 of the served leaf, when a chain was served.</param>
/// <param name="ServesNewKey">Whether it serves the new key already.</param>
public sealed record RolloverAddress(string Endpoint, DaneVerdict Verdict, string? ServedKey, bool ServesNewKey);

/// <summary>
/// Decides whether deploying a new certificate is safe for DANE senders (RFC 7671 8.1, RFC 7672 3.1): its key must match
/// a usable record of the DNSSEC-validated TLSA RRset, that record must have been visible with a Secure status for two
/// TTLs (so no resolver still holds an RRset without it), and every address must match the published RRset now (so
/// the addresses switched later keep working meanwhile). Pure: it gets the checked host and the times, and does no I/O.
/// </summary>
public static class RolloverAssessment
{
    /// <summary>Decides.</summary>
    /// <param name="host">The host as <see cref="DaneChecker"/> checked it (TLSA RRset, addresses, what each serves).</param>
    /// <param name="candidate">The new certificate (or key).</param>
    /// <param name="visibleSince">When a record (by its text) was first seen in the Secure RRset, and where that is known from; null when unknown.</param>
    /// <param name="now">The time of the decision.</param>
    /// <returns>The decision.</returns>
    public static RolloverDecision Decide(DaneCheckHost host, RolloverCredential candidate, Func<string, (DateTimeOffset Since, string Source)?> visibleSince,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(visibleSince);
        var tlsa = host.Tlsa;
        var reasons = new List<RolloverReason>();
        var set = tlsa.Lookups.Count > 0 ? tlsa.Lookups[^1].RRsets.LastOrDefault(s => s.Type == "TLSA") : null;
        uint? ttl = set?.OriginalTtl ?? set?.Ttl;
        var published = tlsa.Usable.Select(r => r.Text).ToList();
        var names = new DaneReferenceNames(tlsa.BaseDomain, host.Name, null);
        var newKey = candidate.SpkiSha256;
        var addresses = host.Addresses.Select(a => new RolloverAddress(a.Endpoint, a.Verdict,
            a.Certificates.FirstOrDefault(c => c.Depth == 0)?.SpkiSha256,
            string.Equals(a.Certificates.FirstOrDefault(c => c.Depth == 0)?.SpkiSha256, newKey, StringComparison.OrdinalIgnoreCase))).ToList();
        var decision = new RolloverDecision
        {
            Outcome = RolloverOutcome.Unknown,
            Host = host.Name,
            Owner = tlsa.Owner,
            TlsaStatus = tlsa.Status,
            Ttl = ttl,
            Published = published,
            CheckedAt = now,
            Addresses = addresses,
            Reasons = reasons,
        };

        if (tlsa.Status is SecurityStatus.Bogus or SecurityStatus.Indeterminate || tlsa.Requirement == DaneTlsaRequirement.Defer)
        {
            reasons.Add(new("ROLLOVER-TLSA-UNVERIFIED", RolloverOutcome.Unknown,
                $"The TLSA RRset at {tlsa.Owner} could not be validated ({tlsa.Status.ToString().ToLowerInvariant()}): {tlsa.Description}. DANE senders defer mail to this host whatever certificate it serves.",
                "RFC 7672 2.2", "Fix the DNSSEC problem first (danekit check shows the chain of trust)."));
            return Finish(decision);
        }

        if (tlsa.Requirement != DaneTlsaRequirement.Authenticate || published.Count == 0)
        {
            reasons.Add(new("ROLLOVER-NO-SECURE-TLSA", RolloverOutcome.Unsafe,
                $"There is no DNSSEC-validated usable TLSA record at {tlsa.Owner} ({tlsa.Description}): nothing for the new key to match, so DaneKit cannot call this switch safe.",
                "RFC 7672 2.2",
                $"Publish {tlsa.Owner} IN TLSA {candidate.EndEntityRecord()} in a signed zone, or deploy without DANE (senders then do not authenticate this host)."));
            return Finish(decision);
        }

        var matching = tlsa.Usable.Where(r => candidate.IsMatchedBy(ToData(r), names, now)).Select(r => r.Text).ToList();
        decision = decision with { Matching = matching };
        if (matching.Count == 0)
        {
            var needed = candidate.EndEntityRecord().ToString();
            reasons.Add(new("ROLLOVER-NEW-KEY-NOT-PUBLISHED", RolloverOutcome.Unsafe,
                $"The new {(candidate.Leaf is null ? "key" : "certificate")} ({candidate.Source}) matches none of the {published.Count} usable record(s) at {tlsa.Owner} ({string.Join(", ", published)}): "
                    + "once it is served, DANE senders refuse mail to this host until DNS catches up.",
                "RFC 7671 8.1",
                string.Create(CultureInfo.InvariantCulture, $"Publish {tlsa.Owner} {ttl ?? RolloverPlanner.DefaultTtl} IN TLSA {needed} beside the current record, wait two TTLs ({2L * (ttl ?? RolloverPlanner.DefaultTtl)} s) after it validates, then deploy; `danekit rollover publish` does the first two.")));
            decision = decision with { Needed = needed };
        }
        else
        {
            var seen = matching.Select(m => visibleSince(m)).Where(v => v is not null).Select(v => v!.Value).OrderBy(v => v.Since).FirstOrDefault();
            // In UTC: the messages (and the command's report) print these times with a "Z", whatever offset the source used.
            var (since, source) = seen == default ? (now.ToUniversalTime(), "first seen now") : (seen.Since.ToUniversalTime(), seen.Source);
            var wait = TimeSpan.FromSeconds(2.0 * (ttl ?? RolloverPlanner.DefaultTtl));
            var safeAt = since + wait;
            decision = decision with { VisibleSince = since, VisibleSinceSource = source, SafeAt = safeAt };
            if (ttl is null)
            {
                reasons.Add(new("ROLLOVER-TTL-UNKNOWN", RolloverOutcome.Safe,
                    $"The TLSA RRset's TTL is unknown (no RRSIG original TTL); DaneKit counts with {RolloverPlanner.DefaultTtl} s.", "RFC 4034 3.1.4"));
            }

            var authenticating = host.Addresses.Where(a => a.Requirement == DaneTlsaRequirement.Authenticate).ToList();
            if (authenticating.Count > 0 && authenticating.All(a => a.Match?.Matched == true
                && addresses.Any(x => x.Endpoint == a.Endpoint && x.ServesNewKey)))
            {
                // Every address already serves this key and matches (a renewal with the same key, certbot --reuse-key):
                // deploying it changes nothing DANE senders see, however recently the record appeared.
                reasons.Add(new("ROLLOVER-KEY-UNCHANGED", RolloverOutcome.Safe,
                    "Every address already serves this key and matches the published RRset: deploying it changes nothing for DANE senders.", "RFC 7672 3.1.1"));
            }
            else if (now < safeAt)
            {
                reasons.Add(new("ROLLOVER-TOO-SOON", RolloverOutcome.NotYet,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{matching[0]} matches the new key and has been visible with a Secure status since {since:yyyy-MM-dd HH:mm:ss}Z ({source}); resolvers may still hold the RRset without it until two TTLs ({wait.TotalSeconds:0} s) have passed: safe at {safeAt:yyyy-MM-dd HH:mm:ss}Z, in {(safeAt - now).TotalSeconds:0} s."),
                    "RFC 7671 8.1", string.Create(CultureInfo.InvariantCulture, $"Deploy at or after {safeAt:yyyy-MM-dd HH:mm:ss}Z; run this check again then.")));
            }
        }

        foreach (var a in host.Addresses)
        {
            if (a.Requirement != DaneTlsaRequirement.Authenticate)
            {
                continue;
            }

            if (a.Verdict == DaneVerdict.Deferred && a.Match is null)
            {
                reasons.Add(new("ROLLOVER-ADDRESS-UNCHECKED", RolloverOutcome.Unknown,
                    $"{a.Endpoint} could not be checked now: {a.VerdictReason}", a.VerdictRfc, "Check that the server answers, then run this check again."));
            }
            else if (a.Match?.Matched != true)
            {
                reasons.Add(new("ROLLOVER-ADDRESS-NOT-MATCHING", RolloverOutcome.Unsafe,
                    $"{a.Endpoint} serves a chain that matches no published record now ({a.Verdict}: {a.VerdictReason}); DANE senders already refuse it, and a staggered switch would leave it broken.",
                    "RFC 7672 3.1", "Make every address serve a certificate that matches the published RRset before switching."));
            }
        }

        return Finish(decision);
    }

    private static RolloverDecision Finish(RolloverDecision d)
    {
        var ordered = d.Reasons.OrderBy(r => Rank(r.Outcome)).ToList();
        var outcome = ordered.Count == 0 ? RolloverOutcome.Safe : ordered[0].Outcome;
        return d with { Outcome = outcome, Reasons = ordered };
    }

    private static int Rank(RolloverOutcome o) => o switch
    {
        RolloverOutcome.Unsafe => 0,
        RolloverOutcome.Unknown => 1,
        RolloverOutcome.NotYet => 2,
        _ => 3,
    };

    private static TlsaData ToData(CheckTlsaRecord r) =>
        new((TlsaUsage)r.Usage, (TlsaSelector)r.Selector, (TlsaMatchingType)r.MatchingType, Convert.FromHexString(r.Data));
}
