using DaneKit.Dns;
using DaneKit.Dnssec.Denial;

namespace DaneKit.Tests.Dnssec.Denial;

/// <summary>
/// One row of a denial test table: which records, which proof, which name, what must come out, and a
/// fragment the reasons must contain (so a test says WHY, not only what).
/// </summary>
/// <param name="Records">The records the proof gets.</param>
/// <param name="Kind">The proof to run.</param>
/// <param name="QueryName">The query name.</param>
/// <param name="QueryType">The query type (NODATA only).</param>
/// <param name="RrsigLabels">The RRSIG labels (wildcard answers only).</param>
/// <param name="Expected">The expected outcome.</param>
/// <param name="Reason">A fragment one reason must contain.</param>
/// <param name="Apex">The zone apex; example. when null.</param>
/// <param name="Limits">The limits; the defaults when null.</param>
internal sealed record DenialCase(
    IReadOnlyList<DnsResourceRecord> Records,
    DenialKind Kind,
    string QueryName,
    DnsType QueryType,
    int RrsigLabels,
    DenialOutcome Expected,
    string Reason,
    string? Apex = null,
    DenialLimits? Limits = null)
{
    public DenialProof Run(bool nsec3)
    {
        var apex = DnsName.Parse(Apex ?? "example.");
        var name = DnsName.Parse(QueryName);
        return (Kind, nsec3) switch
        {
            (DenialKind.NameError, false) => NsecProofs.ProveNameError(apex, name, Records, Limits),
            (DenialKind.NoData, false) => NsecProofs.ProveNoData(apex, name, QueryType, Records, Limits),
            (DenialKind.WildcardAnswer, false) => NsecProofs.ProveWildcardAnswer(apex, name, RrsigLabels, Records, Limits),
            (DenialKind.NameError, true) => Nsec3Proofs.ProveNameError(apex, name, Records, Limits),
            (DenialKind.NoData, true) => Nsec3Proofs.ProveNoData(apex, name, QueryType, Records, Limits),
            _ => Nsec3Proofs.ProveWildcardAnswer(apex, name, RrsigLabels, Records, Limits),
        };
    }

    public void Check(bool nsec3)
    {
        var proof = Run(nsec3);
        var explain = DenialTestData.Explain(proof);
        Assert.True(Expected == proof.Outcome, $"expected {Expected}, got {explain}");
        Assert.True(proof.Reasons.Any(r => r.Contains(Reason, StringComparison.Ordinal)), $"no reason contains '{Reason}': {explain}");
        if (proof.IsProven)
        {
            Assert.NotEmpty(proof.RecordsUsed);
        }
    }
}
