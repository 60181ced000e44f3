using System.Text;
using DaneKit.Dns;

namespace DaneKit.Dnssec.Denial;

/// <summary>
/// The result of a denial-of-existence proof: the outcome, the reasons that say which record proved or
/// failed what, and the records the proof used.
/// </summary>
/// <remarks>
/// Reasons read like <c>NSEC a.example. -> c.example. covers b.example. [RFC 4035 5.4]</c> or
/// <c>no NSEC3 covers the next closer name x.y.example. (hash 7C4...) [RFC 5155 8.3]</c>; each ends with the
/// RFC section that makes it matter.
/// </remarks>
public sealed class DenialProof
{
    internal DenialProof(DenialKind kind, DnsName? queryName, DnsType? queryType, DenialOutcome outcome,
        IReadOnlyList<string> reasons, IReadOnlyList<DnsResourceRecord> recordsUsed, DnsName? closestEncloser, int nsec3Hashes)
    {
        Kind = kind;
        QueryName = queryName;
        QueryType = queryType;
        Outcome = outcome;
        Reasons = reasons;
        RecordsUsed = recordsUsed;
        ClosestEncloser = closestEncloser;
        Nsec3Hashes = nsec3Hashes;
    }

    /// <summary>What was to be proven.</summary>
    public DenialKind Kind { get; }

    /// <summary>The query name the proof is about (null only when the caller passed none).</summary>
    public DnsName? QueryName { get; }

    /// <summary>The query type for <see cref="DenialKind.NoData"/>; null for the other kinds.</summary>
    public DnsType? QueryType { get; }

    /// <summary>What the proof established.</summary>
    public DenialOutcome Outcome { get; }

    /// <summary>True for <see cref="DenialOutcome.Proven"/> and <see cref="DenialOutcome.ProvenOptOut"/>.</summary>
    public bool IsProven => Outcome is DenialOutcome.Proven or DenialOutcome.ProvenOptOut;

    /// <summary>The reasons, in the order the proof met them: evidence, ignored records and failures.</summary>
    public IReadOnlyList<string> Reasons { get; }

    /// <summary>The NSEC or NSEC3 records the outcome rests on (for a failed proof: those it examined last).</summary>
    public IReadOnlyList<DnsResourceRecord> RecordsUsed { get; }

    /// <summary>The closest encloser the proof established or used, when it got that far (RFC 5155 1.3, RFC 4592 3.3.1).</summary>
    public DnsName? ClosestEncloser { get; }

    /// <summary>NSEC3 hash computations spent (each one with all its iterations); 0 for NSEC proofs.</summary>
    public int Nsec3Hashes { get; }

    /// <summary>One line: the kind, the name, the outcome and the last reason.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Kind).Append(' ').Append(QueryName?.ToString() ?? "(no name)");
        if (QueryType is { } t)
        {
            sb.Append(' ').Append(t.ToText());
        }

        sb.Append(": ").Append(Outcome);
        if (Reasons.Count > 0)
        {
            sb.Append(" (").Append(Reasons[^1]).Append(')');
        }

        return sb.ToString();
    }
}
