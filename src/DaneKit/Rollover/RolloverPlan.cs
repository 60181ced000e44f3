using System.Globalization;
using DaneKit.Dns.Records;

namespace DaneKit.Rollover;

/// <summary>One record of a rollover plan.</summary>
/// <param name="Record">The record, as <c>usage selector type data</c>.</param>
/// <param name="Role">What it is for: <c>current key</c>, <c>next key</c>, <c>issuing CA</c>.</param>
/// <param name="ZoneLine">The zone-file line to publish.</param>
/// <param name="Published">Whether the DNSSEC-validated RRset holds it now (null: not looked up).</param>
/// <param name="VisibleSince">When it was first seen in the Secure RRset, when that is known.</param>
public sealed record RolloverPlanRecord(string Record, string Role, string ZoneLine, bool? Published, DateTimeOffset? VisibleSince);

/// <summary>
/// What <c>danekit rollover plan</c> prints: the TLSA RRset to publish before a key changes, when the switch is safe,
/// and the steps in order (RFC 7671 8.1: "current + next", publish at least two TTLs before the switch).
/// </summary>
public sealed record RolloverPlan
{
    /// <summary>The TLSA owner name, e.g. <c>_25._tcp.mx.example.com.</c>.</summary>
    public required string Owner { get; init; }

    /// <summary>The TTL the plan counts with, in seconds.</summary>
    public required uint Ttl { get; init; }

    /// <summary>Where the TTL comes from.</summary>
    public required string TtlSource { get; init; }

    /// <summary>The records that must be in the RRset before the switch.</summary>
    public required IReadOnlyList<RolloverPlanRecord> Records { get; init; }

    /// <summary>Published records the plan does not keep (they can go after the switch).</summary>
    public IReadOnlyList<string> Retire { get; init; } = [];

    /// <summary>Two TTLs: how long the records must be visible with a Secure status before the switch.</summary>
    public TimeSpan SafeWait => TimeSpan.FromSeconds(2.0 * Ttl);

    /// <summary>The earliest safe switch time (in UTC), when every record is already visible Secure and since when is known.</summary>
    public DateTimeOffset? EarliestSwitch { get; init; }

    /// <summary>The steps, in order.</summary>
    public required IReadOnlyList<string> Steps { get; init; }

    /// <summary>Remarks: where the plan differs from the usual one, and why.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>Makes rollover plans. Pure: it gets the keys, the TTL and what is published, and does no I/O.</summary>
public static class RolloverPlanner
{
    /// <summary>The TTL assumed when neither DNS nor the user gives one (an hour, a common zone default).</summary>
    public const uint DefaultTtl = 3600;

    /// <summary>Makes the plan.</summary>
    /// <param name="current">The key (and certificate) served now.</param>
    /// <param name="next">The next key or certificate, or null with <paramref name="issuerCa"/>.</param>
    /// <param name="issuerCa">Publish a DANE-TA(2) record of the current issuing CA beside the current 3 1 1.</param>
    /// <param name="owner">The TLSA owner name.</param>
    /// <param name="ttl">The TTL to count with.</param>
    /// <param name="ttlSource">Where it came from.</param>
    /// <param name="published">The usable records of the Secure RRset now, or null when not looked up.</param>
    /// <param name="visibleSince">When a record (by its text) was first seen Secure, where known.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentException">No next key and no issuing CA, or <paramref name="issuerCa"/> without an issuer certificate.</exception>
    public static RolloverPlan Plan(RolloverCredential current, RolloverCredential? next, bool issuerCa, string owner, uint ttl, string ttlSource,
        IReadOnlyCollection<string>? published, Func<string, DateTimeOffset?>? visibleSince = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        if (next is null && !issuerCa)
        {
            throw new ArgumentException("a plan needs the next key (--next-key or --next-cert) or the issuing CA (--issuer-ca)", nameof(next));
        }

        var notes = new List<string>();
        var wanted = new List<(TlsaData Record, string Role)> { (current.EndEntityRecord(), "current key") };
        if (next is not null)
        {
            var nextRecord = next.EndEntityRecord();
            if (nextRecord.ToString() == wanted[0].Record.ToString())
            {
                notes.Add($"the next key ({next.Source}) is the current key: nothing changes for DANE when the certificate is renewed with the same key (certbot --reuse-key)");
            }
            else
            {
                wanted.Add((nextRecord, "next key"));
            }
        }

        if (issuerCa)
        {
            var ca = current.IssuerRecord() ?? throw new ArgumentException(
                $"--issuer-ca needs the issuing CA's certificate: give the chain (leaf first) in {current.Source}", nameof(issuerCa));
            wanted.Add((ca, "issuing CA"));
            notes.Add("a 2 1 1 record of the issuing CA matches every certificate that CA issues for this name, whatever the key, "
                + "but only while the server sends the CA certificate in its chain and the CA keeps its key (RFC 7671 5.2, 8.1); keep the 3 1 1 beside it");
        }

        var records = wanted.Select(w =>
        {
            var text = w.Record.ToString();
            var isPublished = published?.Contains(text, StringComparer.OrdinalIgnoreCase);
            return new RolloverPlanRecord(text, w.Role, string.Create(CultureInfo.InvariantCulture, $"{owner} {ttl} IN TLSA {text}"), isPublished,
                isPublished == true ? visibleSince?.Invoke(text) : null);
        }).ToList();
        var retire = published?.Where(p => !records.Any(r => string.Equals(r.Record, p, StringComparison.OrdinalIgnoreCase))).ToList() ?? [];
        // In UTC: the step prints it with a "Z", whatever offset the visibility source used.
        DateTimeOffset? earliest = records.All(r => r.VisibleSince is not null)
            ? (records.Max(r => r.VisibleSince!.Value) + TimeSpan.FromSeconds(2.0 * ttl)).ToUniversalTime()
            : null;

        var missing = records.Where(r => r.Published != true).ToList();
        var wait = string.Create(CultureInfo.InvariantCulture, $"{2L * ttl} s (2 × TTL {ttl} s)");
        var steps = new List<string>
        {
            missing.Count == 0 && published is not null
                ? $"The RRset at {owner} already holds every record of the plan."
                : $"Publish at {owner}, beside what is there ({(published is null ? "not looked up" : published.Count + " usable record(s) now")}): "
                    + string.Join("; ", missing.Select(r => $"{r.ZoneLine} ({r.Role})"))
                    + ". Or: danekit rollover publish --host HOST --zone ZONE --server PRIMARY --tsig-key FILE --next-key NEXT.pem.",
            earliest is { } e
                ? $"Wait until {e.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z: every record has been visible with a Secure status for {wait} by then (RFC 7671 8.1)."
                : $"Wait until the records validate (Secure) through DNSSEC, then {wait} more, so every resolver's cached copy of the old RRset has expired (RFC 7671 8.1). `danekit rollover check` tells the time.",
            next is not null
                ? $"Get the new certificate for the next key ({next.Source}: e.g. a CSR made with it), and before installing it run `danekit rollover check --host HOST --cert NEW.pem`: it exits 0 only when the switch is safe."
                : "Renew the certificate with the same CA; before installing it run `danekit rollover check --host HOST --cert NEW-CHAIN.pem` (the chain must include the CA certificate).",
            "Install the certificate and reload the MTA; `danekit check DOMAIN` must stay authenticated on every address.",
            "Then retire the old key's record (`danekit rollover publish ... --retire --cert NEW.pem`) and make the key after next, so the RRset is \"current + next\" again.",
        };
        if (retire.Count > 0)
        {
            notes.Add($"published records the plan does not keep (remove them after the switch): {string.Join(", ", retire)}");
        }

        return new RolloverPlan
        {
            Owner = owner,
            Ttl = ttl,
            TtlSource = ttlSource,
            Records = records,
            Retire = retire,
            EarliestSwitch = earliest,
            Steps = steps,
            Notes = notes,
        };
    }
}
