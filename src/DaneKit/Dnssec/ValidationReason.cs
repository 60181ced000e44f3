using DaneKit.Dns;

namespace DaneKit.Dnssec;

/// <summary>How much a reason matters.</summary>
public enum ReasonKind
{
    /// <summary>A step that succeeded: which key, which DS, which proof.</summary>
    Evidence,

    /// <summary>Something to know that does not change the status (e.g. a signature expiring soon).</summary>
    Warning,

    /// <summary>A failure that made the answer Bogus, Insecure or Indeterminate.</summary>
    Failure,
}

/// <summary>
/// One link of a validation's reason chain: the RRset concerned, what happened, and the RFC section
/// that says why it matters. Example: <c>RRSIG TLSA _25._tcp.mx.example.: expired 2026-11-20T00:00Z (now 2026-11-28T10:00Z) [RFC 4035 5.3.1]</c>.
/// </summary>
/// <param name="Name">The owner name concerned.</param>
/// <param name="Type">The record type concerned.</param>
/// <param name="What">What was checked and what came out.</param>
/// <param name="Rfc">The RFC section, e.g. <c>RFC 4035 5.3.1</c>.</param>
/// <param name="Kind">Evidence, warning or failure.</param>
public sealed record ValidationReason(DnsName Name, DnsType Type, string What, string Rfc, ReasonKind Kind)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Type.ToText()} {Name}: {What} [{Rfc}]";
}
