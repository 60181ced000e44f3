using DaneKit.Dns;

namespace DaneKit.Dnssec;

/// <summary>A response as the validator needs it: RCODE, answer and authority with their RRSIGs, or why there is none.</summary>
/// <param name="ResponseCode">The RCODE.</param>
/// <param name="Answers">The answer section (CNAME chain, RRSIGs included).</param>
/// <param name="Authority">The authority section (SOA, NSEC/NSEC3, RRSIGs).</param>
/// <param name="Error">Why there is no usable response (timeout, SERVFAIL, malformed), or null.</param>
/// <param name="Server">Who answered.</param>
public sealed record DnssecLookup(
    DnsResponseCode ResponseCode,
    IReadOnlyList<DnsResourceRecord> Answers,
    IReadOnlyList<DnsResourceRecord> Authority,
    string? Error,
    string Server)
{
    /// <summary>A failed lookup.</summary>
    public static DnssecLookup Failed(string error, string server) => new(DnsResponseCode.ServFail, [], [], error, server);
}

/// <summary>
/// Where the validator gets DNS data: unvalidated, with DNSSEC records (DO set, and CD set when asking a
/// validating resolver, so that bogus data reaches us and we can say why it is bogus).
/// </summary>
public interface IDnssecDataSource
{
    /// <summary>Describes the source for reports ("127.53.53.53 (CD)", "iterative from the root hints").</summary>
    string Description { get; }

    /// <summary>Looks up one name and type.</summary>
    /// <param name="name">The name.</param>
    /// <param name="type">The type.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The response, or a failed lookup; never throws for DNS or network problems.</returns>
    Task<DnssecLookup> LookupAsync(DnsName name, DnsType type, CancellationToken cancellationToken);
}
