using DaneKit.Dnssec;

namespace DaneKit.Smtp;

/// <summary>
/// One DNS lookup made by a check, with its DNSSEC status and the evidence: the records, the alias chain, every validated
/// RRset with the key that signed it, the chain of trust and the validator's reason chain. Plain data.
/// </summary>
public sealed record CheckLookup
{
    /// <summary>The name asked for, absolute with a final dot.</summary>
    public required string Name { get; init; }

    /// <summary>The type asked for: <c>MX</c>, <c>A</c>, <c>AAAA</c>, <c>TLSA</c>.</summary>
    public required string Type { get; init; }

    /// <summary>
    /// Why the lookup was made: empty for the lookups a DANE sender makes; otherwise a diagnostic purpose (e.g. "TLSA at
    /// another port"), whose result never changes a verdict.
    /// </summary>
    public string Purpose { get; init; } = "";

    /// <summary>True for a diagnostic lookup (one a sender would not make; see <see cref="Purpose"/>).</summary>
    public bool Diagnostic { get; init; }

    /// <summary>The DNSSEC status: Secure, Insecure, Bogus or Indeterminate (a failed lookup, never "no records").</summary>
    public required SecurityStatus Status { get; init; }

    /// <summary>The RCODE, e.g. <c>NOERROR</c>, <c>NXDOMAIN</c>, <c>SERVFAIL</c>.</summary>
    public required string ResponseCode { get; init; }

    /// <summary>True when the name or type does not exist (NXDOMAIN or NODATA); <see cref="Status"/> says how well that is proven.</summary>
    public bool IsDenial { get; init; }

    /// <summary>The records of the type asked for, in presentation form (e.g. <c>10 mx.example.com.</c>, <c>192.0.2.1</c>, <c>3 1 1 ABCD…</c>).</summary>
    public IReadOnlyList<string> Records { get; init; } = [];

    /// <summary>The alias chain followed (CNAME, DNAME), in order; empty when there is none.</summary>
    public IReadOnlyList<CheckAlias> Aliases { get; init; } = [];

    /// <summary>The name at the end of the alias chain (the name itself when there is none).</summary>
    public required string FinalName { get; init; }

    /// <summary>Every RRset of the answer (alias chain first) with its status and the signature that verified it.</summary>
    public IReadOnlyList<CheckRRset> RRsets { get; init; } = [];

    /// <summary>The zones from the trust anchor down to the answer's zone.</summary>
    public IReadOnlyList<CheckChainLink> Chain { get; init; } = [];

    /// <summary>The validator's reason chain: evidence, warnings and failures in the order found.</summary>
    public IReadOnlyList<CheckReason> Reasons { get; init; } = [];

    /// <summary>Where the data came from (a resolver address, "iterative", or a resolver whose AD bit was trusted).</summary>
    public string Source { get; init; } = "";

    /// <summary>The lookup in one line, e.g. <c>_25._tcp.mx.example.com. TLSA: Secure, 2 records</c>.</summary>
    public required string Summary { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Summary;
}

/// <summary>One link of an alias chain.</summary>
/// <param name="Owner">The alias, absolute.</param>
/// <param name="Type"><c>CNAME</c> or <c>DNAME</c>.</param>
/// <param name="Target">Where it points, absolute.</param>
/// <param name="Status">The DNSSEC status of the alias RRset.</param>
public sealed record CheckAlias(string Owner, string Type, string Target, SecurityStatus Status);

/// <summary>One validated RRset of an answer.</summary>
/// <param name="Owner">The owner name.</param>
/// <param name="Type">The type.</param>
/// <param name="Status">Its DNSSEC status.</param>
/// <param name="Records">The records in presentation form.</param>
/// <param name="Signer">The zone whose key verified it, if any.</param>
/// <param name="KeyTag">The key tag of the verifying DNSKEY, if any.</param>
/// <param name="Ttl">The TTL in force (RFC 4035 5.3.3).</param>
/// <param name="SignatureExpires">When the verifying RRSIG expires, if Secure.</param>
/// <param name="SignatureCount">How many RRSIGs covered it.</param>
/// <param name="OriginalTtl">
/// The TTL the zone publishes, from the covering RRSIG's Original TTL field (RFC 4034 3.1.4); null when unsigned.
/// <paramref name="Ttl"/> is what a cache has left, which counts down; rollover timing needs this one.
/// </param>
public sealed record CheckRRset(string Owner, string Type, SecurityStatus Status, IReadOnlyList<string> Records, string? Signer, int? KeyTag,
    uint Ttl, DateTimeOffset? SignatureExpires, int SignatureCount, uint? OriginalTtl = null);

/// <summary>One zone on the chain of trust.</summary>
/// <param name="Zone">The zone apex.</param>
/// <param name="Status">Secure, Insecure (DS absence proven), Bogus or Indeterminate.</param>
/// <param name="DsRecords">The parent's DS records, in presentation form.</param>
/// <param name="MatchedDs">The DS record that matched a DNSKEY, if any.</param>
/// <param name="KeySigningKeyTag">The key tag of the DNSKEY the DS (or anchor) vouched for, if any.</param>
/// <param name="Reason">Why the zone has its status.</param>
public sealed record CheckChainLink(string Zone, SecurityStatus Status, IReadOnlyList<string> DsRecords, string? MatchedDs, int? KeySigningKeyTag, string Reason);

/// <summary>One reason of the validator's reason chain.</summary>
/// <param name="Name">The owner name concerned.</param>
/// <param name="Type">The type concerned.</param>
/// <param name="What">What was checked and what came out.</param>
/// <param name="Rfc">The RFC section.</param>
/// <param name="Kind">Evidence, warning or failure.</param>
public sealed record CheckReason(string Name, string Type, string What, string Rfc, ReasonKind Kind)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Type} {Name}: {What} [{Rfc}]";
}
