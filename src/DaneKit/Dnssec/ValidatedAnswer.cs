using DaneKit.Dns;

namespace DaneKit.Dnssec;

/// <summary>One zone on the path from the trust anchor to an answer, with the records that linked it.</summary>
/// <param name="Zone">The zone apex.</param>
/// <param name="Status">Secure (keys validated), Insecure (DS absence proven), Bogus or Indeterminate.</param>
/// <param name="DsRecords">The DS RRset from the parent (empty for the trust anchor's own zone or an insecure delegation).</param>
/// <param name="MatchedDs">The DS record that matched a DNSKEY (the secure entry point), if any.</param>
/// <param name="KeySigningKeyTag">The key tag of the DNSKEY that matched the DS (or the anchor) and signed the DNSKEY RRset.</param>
/// <param name="Keys">The zone's DNSKEY RRset.</param>
/// <param name="Reason">Why the zone has its status.</param>
public sealed record ChainLink(
    DnsName Zone,
    SecurityStatus Status,
    IReadOnlyList<DnsResourceRecord> DsRecords,
    DnsResourceRecord? MatchedDs,
    int? KeySigningKeyTag,
    IReadOnlyList<DnsResourceRecord> Keys,
    string Reason);

/// <summary>A validated RRset: which signature and key made it secure, or why not.</summary>
/// <param name="Name">Owner name.</param>
/// <param name="Type">Type.</param>
/// <param name="Status">Its status.</param>
/// <param name="Records">The records (without RRSIGs).</param>
/// <param name="Signatures">The covering RRSIGs seen.</param>
/// <param name="Signer">The zone whose key verified it, if any.</param>
/// <param name="KeyTag">The key tag that verified it, if any.</param>
/// <param name="Ttl">The TTL to use: the smallest of the records' TTLs, the RRSIG original TTL and the time left before the signature expires (RFC 4035 5.3.3).</param>
/// <param name="ExpiresAt">When the verifying signature expires, if secure.</param>
public sealed record ValidatedRRset(
    DnsName Name,
    DnsType Type,
    SecurityStatus Status,
    IReadOnlyList<DnsResourceRecord> Records,
    IReadOnlyList<DnsResourceRecord> Signatures,
    DnsName? Signer,
    int? KeyTag,
    uint Ttl,
    DateTimeOffset? ExpiresAt);

/// <summary>
/// The result of validating one question: the status, the data, and the evidence: every RRset with the key
/// that verified it, the chain of trust from the anchor, and the reason chain.
/// </summary>
public sealed record ValidatedAnswer
{
    /// <summary>The question.</summary>
    public required DnsQuestion Question { get; init; }

    /// <summary>The overall status: the worst of every RRset and proof the answer rests on.</summary>
    public required SecurityStatus Status { get; init; }

    /// <summary>The RCODE of the answer (NOERROR or NXDOMAIN for answers; SERVFAIL etc. when the lookup failed).</summary>
    public DnsResponseCode ResponseCode { get; init; }

    /// <summary>The answer's RRsets in order (CNAME chain first), validated.</summary>
    public IReadOnlyList<ValidatedRRset> RRsets { get; init; } = [];

    /// <summary>The records of the question's type at the end of any alias chain (no RRSIGs).</summary>
    public IReadOnlyList<DnsResourceRecord> Records { get; init; } = [];

    /// <summary>True when the name or type does not exist (NXDOMAIN or NODATA), with <see cref="Status"/> saying how well that is proven.</summary>
    public bool IsDenial { get; init; }

    /// <summary>The zones from the trust anchor down to the answer's zone.</summary>
    public IReadOnlyList<ChainLink> Chain { get; init; } = [];

    /// <summary>The reason chain: evidence, warnings and failures in the order they were found.</summary>
    public IReadOnlyList<ValidationReason> Reasons { get; init; } = [];

    /// <summary>The failures only.</summary>
    public IEnumerable<ValidationReason> Failures => Reasons.Where(r => r.Kind == ReasonKind.Failure);

    /// <summary>Where the data came from (resolver address or "iterative").</summary>
    public string Source { get; init; } = "";

    /// <summary>Signature verifications spent.</summary>
    public int Verifications { get; init; }
}
