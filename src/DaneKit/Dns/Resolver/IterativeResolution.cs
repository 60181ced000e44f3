using System.Net;

namespace DaneKit.Dns.Resolver;

/// <summary>What an iterative resolution ended with.</summary>
public enum ResolutionStatus
{
    /// <summary>The RRset was found (possibly at the end of an alias chain).</summary>
    Answer,

    /// <summary>The name (or the last alias target) does not exist (RFC 2308 2.1).</summary>
    NxDomain,

    /// <summary>The name exists but has no records of the type (RFC 2308 2.2).</summary>
    NoData,

    /// <summary>Resolution failed; <see cref="IterativeResolution.Error"/> says why.</summary>
    Failed,
}

/// <summary>Why an iterative resolution failed.</summary>
public enum ResolutionErrorKind
{
    /// <summary>The query budget (<see cref="IterativeResolverOptions.MaxQueries"/>) ran out.</summary>
    QueryBudgetExhausted,

    /// <summary>Name-server lookups nested deeper than <see cref="IterativeResolverOptions.MaxDepth"/>.</summary>
    DepthLimitExceeded,

    /// <summary>A referral pointed to the same zone or to a parent, or too many referrals followed.</summary>
    ReferralLoop,

    /// <summary>A CNAME or DNAME chain came back to a name already visited.</summary>
    AliasLoop,

    /// <summary>The alias chain was longer than <see cref="IterativeResolverOptions.MaxAliases"/>.</summary>
    AliasChainTooLong,

    /// <summary>No server of a zone gave a usable answer (timeouts, SERVFAIL, REFUSED, lame, no address).</summary>
    NoReachableAuthority,

    /// <summary>A DNAME substitution made a name longer than 255 octets (RFC 6672 2.2: YXDOMAIN).</summary>
    NameTooLong,
}

/// <summary>A resolution failure: the kind and a readable reason, with the server failures behind it.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Message">What went wrong, naming the zone and servers.</param>
public sealed record ResolutionError(ResolutionErrorKind Kind, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Kind}: {Message}";
}

/// <summary>One response used during a resolution: which zone's server was asked what, and what it said.</summary>
/// <param name="Zone">The zone whose server was asked.</param>
/// <param name="Server">The server.</param>
/// <param name="Question">The question sent.</param>
/// <param name="Response">The response as received.</param>
public sealed record ResolutionStep(DnsName Zone, IPEndPoint Server, DnsQuestion Question, DnsMessage Response);

/// <summary>
/// A zone cut (RFC 1034 4.2.1) as learnt from a referral: the zone, its NS RRset and server addresses, and
/// the DS RRset with its RRSIGs, or the NSEC/NSEC3 records proving there is none (RFC 4035 3.1.4).
/// </summary>
/// <param name="Zone">The zone apex.</param>
/// <param name="NameServerRecords">The NS RRset as the parent (or the hints) gave it.</param>
/// <param name="Servers">The servers with the addresses known for them.</param>
/// <param name="DelegationSigners">DS records for the zone from the referral (empty when none).</param>
/// <param name="Proofs">RRSIGs over the DS RRset, and NSEC/NSEC3 records with their RRSIGs from the referral.</param>
public sealed record ZoneCut(
    DnsName Zone,
    IReadOnlyList<DnsResourceRecord> NameServerRecords,
    IReadOnlyList<NameServer> Servers,
    IReadOnlyList<DnsResourceRecord> DelegationSigners,
    IReadOnlyList<DnsResourceRecord> Proofs);

/// <summary>
/// The outcome of <see cref="IterativeResolver.ResolveAsync(DnsQuestion, CancellationToken)"/>: the records found, the final response and
/// zone cut that gave them, every response used, and the work it took. A validator can check it later.
/// </summary>
public sealed record IterativeResolution
{
    /// <summary>The question asked.</summary>
    public required DnsQuestion Question { get; init; }

    /// <summary>How resolution ended.</summary>
    public required ResolutionStatus Status { get; init; }

    /// <summary>NOERROR, NXDOMAIN, or SERVFAIL when resolution failed.</summary>
    public DnsResponseCode ResponseCode => Status switch
    {
        ResolutionStatus.Answer or ResolutionStatus.NoData => DnsResponseCode.NoError,
        ResolutionStatus.NxDomain => DnsResponseCode.NXDomain,
        _ => DnsResponseCode.ServFail,
    };

    /// <summary>
    /// The answer: the CNAME/DNAME records followed (DNAME followed by the CNAME synthesised per RFC 6672 2.2),
    /// then the RRset, each with the RRSIGs that came with it, in the order met.
    /// </summary>
    public IReadOnlyList<DnsResourceRecord> Answers { get; init; } = [];

    /// <summary>For negative answers: the SOA, NSEC/NSEC3 records and their RRSIGs (RFC 2308, RFC 4035 3.1.3).</summary>
    public IReadOnlyList<DnsResourceRecord> Authority { get; init; } = [];

    /// <summary>The response that answered the last link; <see langword="null"/> when served from the cache or failed.</summary>
    public DnsMessage? FinalResponse { get; init; }

    /// <summary>The zone cut whose servers gave <see cref="FinalResponse"/>.</summary>
    public ZoneCut? ZoneCut { get; init; }

    /// <summary>Every response used, referrals included, in order (not those of nested name-server lookups).</summary>
    public IReadOnlyList<ResolutionStep> Steps { get; init; } = [];

    /// <summary>Why resolution failed; <see langword="null"/> otherwise.</summary>
    public ResolutionError? Error { get; init; }

    /// <summary>Queries sent, nested lookups included.</summary>
    public int QueriesUsed { get; init; }

    /// <summary>Whether the last link came from the cache.</summary>
    public bool FromCache { get; init; }

    /// <summary>Wall time taken.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The records of the asked type at the end of the chain (no aliases, no RRSIGs).</summary>
    public IEnumerable<DnsResourceRecord> AnswerRRset => Answers.Where(r => r.Type == Question.Type);
}
