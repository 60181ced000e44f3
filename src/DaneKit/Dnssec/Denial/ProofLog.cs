using DaneKit.Dns;

namespace DaneKit.Dnssec.Denial;

/// <summary>Collects the reasons and records of one proof and builds the <see cref="DenialProof"/>.</summary>
internal sealed class ProofLog(DenialKind kind, DnsName? queryName, DnsType? queryType)
{
    private readonly List<string> _reasons = [];
    private readonly List<DnsResourceRecord> _used = [];

    public DenialKind Kind { get; } = kind;

    public DnsName? QueryName { get; } = queryName;

    public DnsType? QueryType { get; } = queryType;

    public DnsName? ClosestEncloser { get; set; }

    public int Nsec3Hashes { get; set; }

    /// <summary>Adds a reason: <paramref name="text"/> followed by the RFC section in brackets.</summary>
    public void Add(string text, string rfc) => _reasons.Add($"{text} [{rfc}]");

    /// <summary>Records that the outcome rests on <paramref name="record"/>.</summary>
    public void Use(DnsResourceRecord record)
    {
        if (!_used.Contains(record))
        {
            _used.Add(record);
        }
    }

    /// <summary>Forgets the records used so far (a failed attempt before another one).</summary>
    public void ClearUsed() => _used.Clear();

    public DenialProof Finish(DenialOutcome outcome) =>
        new(Kind, QueryName, QueryType, outcome, _reasons.ToArray(), _used.ToArray(), ClosestEncloser, Nsec3Hashes);

    /// <summary>Adds a failure reason and finishes with <see cref="DenialOutcome.NotProven"/>.</summary>
    public DenialProof Fail(string text, string rfc)
    {
        Add(text, rfc);
        return Finish(DenialOutcome.NotProven);
    }
}
