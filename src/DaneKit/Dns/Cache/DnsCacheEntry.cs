namespace DaneKit.Dns.Cache;

/// <summary>What a cache entry says about its (name, type, class).</summary>
public enum DnsCacheEntryKind
{
    /// <summary>The RRset exists; <see cref="DnsCacheEntry.Records"/> holds it.</summary>
    Positive,

    /// <summary>The name does not exist (RCODE NXDOMAIN, RFC 2308 2.1); true for every type.</summary>
    NxDomain,

    /// <summary>The name exists but has no records of the type (NOERROR/NODATA, RFC 2308 2.2).</summary>
    NoData,
}

/// <summary>
/// A cached answer: an RRset with the RRSIGs that cover it, or a negative answer with the SOA and the
/// NSEC/NSEC3 proof records (and their RRSIGs) from the response, so a validator can reuse it. The TTLs of
/// the records handed out are what remains of them.
/// </summary>
/// <param name="Name">The owner name as first stored (original case).</param>
/// <param name="Type">The type.</param>
/// <param name="Class">The class.</param>
/// <param name="Kind">Positive, NXDOMAIN or NODATA.</param>
/// <param name="Records">The RRset (empty for negative entries).</param>
/// <param name="Signatures">The RRSIGs covering the RRset (empty when unsigned or negative).</param>
/// <param name="Authority">For negative entries: the SOA, NSEC/NSEC3 records and their RRSIGs.</param>
/// <param name="Expires">When the entry stops being served.</param>
/// <param name="IsAuthoritative">
/// Whether the data came from the zone's own servers (an answer) rather than from a referral (NS and glue
/// at a zone cut): the two trust levels of RFC 2181 5.4.1 that matter here. Referral data never replaces
/// authoritative data and is not served as an answer by the iterative resolver.
/// </param>
public sealed record DnsCacheEntry(
    DnsName Name,
    DnsType Type,
    DnsClass Class,
    DnsCacheEntryKind Kind,
    IReadOnlyList<DnsResourceRecord> Records,
    IReadOnlyList<DnsResourceRecord> Signatures,
    IReadOnlyList<DnsResourceRecord> Authority,
    DateTimeOffset Expires,
    bool IsAuthoritative = true)
{
    /// <summary>Whether the entry is negative (NXDOMAIN or NODATA).</summary>
    public bool IsNegative => Kind != DnsCacheEntryKind.Positive;
}
