using DaneKit.Dnssec;
using DaneKit.TlsRpt;

namespace DaneKit.Smtp;

/// <summary>
/// One mail host (an MX host, the implicit MX, the requested host or the service host): its address lookups, CNAME
/// chain, TLSA base domain and TLSA records, its addresses, and the verdict over them.
/// </summary>
public sealed record DaneCheckHost
{
    /// <summary>The host name as the MX record (or the caller) gives it, absolute.</summary>
    public required string Name { get; init; }

    /// <summary>The MX preference, or <see langword="null"/> for an implicit MX, a requested host or a service host.</summary>
    public int? Preference { get; init; }

    /// <summary>Why the host is checked.</summary>
    public required CheckHostOrigin Origin { get; init; }

    /// <summary>The A and AAAA lookups (those of the families checked), in that order.</summary>
    public IReadOnlyList<CheckLookup> AddressLookups { get; init; } = [];

    /// <summary>The CNAME chain from <see cref="Name"/>, each name absolute; empty when the name is not an alias.</summary>
    public IReadOnlyList<string> CnameChain { get; init; } = [];

    /// <summary>The name after CNAME expansion (<see cref="Name"/> when it is not an alias).</summary>
    public required string ExpandedName { get; init; }

    /// <summary>The worst status of the address lookups (Insecure denials of a family do not count).</summary>
    public required SecurityStatus AddressStatus { get; init; }

    /// <summary>The TLSA side: base domain, lookups, records, requirement.</summary>
    public required CheckTlsa Tlsa { get; init; }

    /// <summary>Lookups a sender would not make, made to explain a result (TLSA at another port, at the domain, in an unsigned zone).</summary>
    public IReadOnlyList<CheckLookup> DiagnosticLookups { get; init; } = [];

    /// <summary>The addresses in the order resolved (A, then AAAA).</summary>
    public IReadOnlyList<DaneCheckAddress> Addresses { get; init; } = [];

    /// <summary>The worst verdict over the addresses and the host's own lookups.</summary>
    public required DaneVerdict Verdict { get; init; }

    /// <summary>The RFC section that rules <see cref="Verdict"/>.</summary>
    public required string VerdictRfc { get; init; }

    /// <summary>Why, in one sentence.</summary>
    public required string VerdictReason { get; init; }

    /// <summary>The RFC 8460 result type that goes with <see cref="Verdict"/>, or <see langword="null"/>.</summary>
    public TlsRptResultType? Rfc8460 { get; init; }
}
