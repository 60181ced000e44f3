using DaneKit.Dns;
using DaneKit.Dnssec.Denial;
using static DaneKit.Tests.Dnssec.Denial.DenialTestData;

namespace DaneKit.Tests.Dnssec.Denial;

/// <summary>
/// NSEC denial proofs (RFC 4035 5.4 and 5.3.4, RFC 6840 4.1 and 4.4, RFC 4592), on the responses of RFC 4035
/// Appendix B and on negative cases built from the Appendix A zone's NSEC chain.
/// </summary>
public sealed class NsecProofsTests
{
    private static readonly IReadOnlyList<DnsResourceRecord> Chain = Load("Rfc4035/appendix-a-chain.zone");

    private static readonly Dictionary<string, DenialCase> Cases = new()
    {
        // RFC 4035 Appendix B.
        ["B.2 name error ml.example."] = new(Load("Rfc4035/b2-name-error.zone"), DenialKind.NameError, "ml.example.", default, 0,
            DenialOutcome.Proven, "NSEC example. -> a.example. covers the wildcard *.example. at the closest encloser example."),
        ["B.2 the covering NSEC"] = new(Load("Rfc4035/b2-name-error.zone"), DenialKind.NameError, "ml.example.", default, 0,
            DenialOutcome.Proven, "NSEC b.example. -> ns1.example. covers ml.example."),
        ["B.3 no data ns1.example. MX"] = new(Load("Rfc4035/b3-no-data.zone"), DenialKind.NoData, "ns1.example.", DnsType.MX, 0,
            DenialOutcome.Proven, "NSEC ns1.example. -> ns2.example. at ns1.example. has no MX and no CNAME"),
        ["B.4 referral to signed zone: DS is listed"] = new(Load("Rfc4035/b4-referral-signed.zone"), DenialKind.NoData, "a.example.", DnsType.DS, 0,
            DenialOutcome.NotProven, "lists DS: the type exists"),
        ["B.5 referral to unsigned zone: no DS at b.example."] = new(Load("Rfc4035/b5-referral-unsigned.zone"), DenialKind.NoData, "b.example.", DnsType.DS, 0,
            DenialOutcome.Proven, "NSEC b.example. -> ns1.example. at b.example. has no DS"),
        ["B.6 wildcard expansion a.z.w.example."] = new(Load("Rfc4035/b6-wildcard-expansion.zone"), DenialKind.WildcardAnswer, "a.z.w.example.", default, 2,
            DenialOutcome.Proven, "NSEC x.y.w.example. -> xx.example. covers a.z.w.example.: the name does not exist"),
        ["B.7 wildcard no data a.z.w.example. AAAA"] = new(Load("Rfc4035/b7-wildcard-no-data.zone"), DenialKind.NoData, "a.z.w.example.", DnsType.AAAA, 0,
            DenialOutcome.Proven, "wildcard NODATA: NSEC *.w.example. -> x.w.example. at the source of synthesis *.w.example. has no AAAA"),

        // Negative and edge cases.
        ["range that does not cover"] = new(Load("Rfc4035/b2-name-error.zone"), DenialKind.NameError, "zz.example.", default, 0,
            DenialOutcome.NotProven, "no NSEC covers zz.example."),
        ["missing wildcard proof"] = new(Without(Load("Rfc4035/b2-name-error.zone"), "example."), DenialKind.NameError, "ml.example.", default, 0,
            DenialOutcome.NotProven, "no NSEC covers the wildcard *.example.: missing wildcard proof"),
        ["wildcard exists: not NXDOMAIN"] = new(Load("Rfc4035/b7-wildcard-no-data.zone"), DenialKind.NameError, "a.z.w.example.", default, 0,
            DenialOutcome.NotProven, "shows the wildcard *.w.example. exists"),
        ["name exists: not NXDOMAIN"] = new(Chain, DenialKind.NameError, "ns1.example.", default, 0,
            DenialOutcome.NotProven, "is owned by ns1.example.: the name exists"),
        ["wrap-around: last NSEC covers zz.example."] = new(Chain, DenialKind.NameError, "zz.example.", default, 0,
            DenialOutcome.Proven, "NSEC xx.example. -> example. covers zz.example."),
        ["empty non-terminal is not NXDOMAIN"] = new(Chain, DenialKind.NameError, "y.w.example.", default, 0,
            DenialOutcome.NotProven, "y.w.example. is an empty non-terminal and exists"),
        ["empty non-terminal NODATA"] = new(Chain, DenialKind.NoData, "y.w.example.", DnsType.A, 0,
            DenialOutcome.Proven, "y.w.example. is an empty non-terminal with no A"),
        ["parent-side NSEC cannot deny A at a delegation"] = new(Load("Rfc4035/b5-referral-unsigned.zone"), DenialKind.NoData, "b.example.", DnsType.A, 0,
            DenialOutcome.NotProven, "parent side of a delegation (NS set, SOA clear): it can deny only DS"),
        ["apex NSEC (SOA set) cannot deny DS"] = new(Chain, DenialKind.NoData, "example.", DnsType.DS, 0,
            DenialOutcome.NotProven, "SOA set: it is the child zone's apex NSEC"),
        ["delegation NSEC cannot deny names below it"] = new(Load("Rfc4035/b5-referral-unsigned.zone"), DenialKind.NameError, "mc.b.example.", default, 0,
            DenialOutcome.NotProven, "is at a delegation (NS set, SOA clear): it cannot deny mc.b.example."),
        ["type present"] = new(Load("Rfc4035/b3-no-data.zone"), DenialKind.NoData, "ns1.example.", DnsType.A, 0,
            DenialOutcome.NotProven, "lists A: the type exists"),
        ["covered name without wildcard NSEC is NXDOMAIN, not NODATA"] = new(Load("Rfc4035/b2-name-error.zone"), DenialKind.NoData, "ml.example.", DnsType.A, 0,
            DenialOutcome.NotProven, "no NSEC owned by the wildcard *.example."),
        ["wildcard answer with the wrong closest encloser"] = new(Load("Rfc4035/b6-wildcard-expansion.zone"), DenialKind.WildcardAnswer, "a.z.w.example.", default, 3,
            DenialOutcome.NotProven, "shows the closest encloser is w.example., not z.w.example."),
        ["wildcard answer without a covering NSEC"] = new(Load("Rfc4035/b3-no-data.zone"), DenialKind.WildcardAnswer, "a.z.w.example.", default, 2,
            DenialOutcome.NotProven, "no NSEC covers a.z.w.example."),
        ["wildcard answer with labels not below the owner's"] = new(Load("Rfc4035/b6-wildcard-expansion.zone"), DenialKind.WildcardAnswer, "a.z.w.example.", default, 4,
            DenialOutcome.NotProven, "not a wildcard expansion"),
        ["NSEC of another zone is ignored"] = new([.. Load("Rfc4035/b3-no-data.zone").Select(r => r with { Name = DnsName.Parse("ns1.example.org.") })],
            DenialKind.NoData, "ns1.example.", DnsType.MX, 0, DenialOutcome.NotProven, "ignored: not in the zone example."),
        ["query name outside the zone"] = new(Load("Rfc4035/b3-no-data.zone"), DenialKind.NoData, "ns1.example.org.", DnsType.MX, 0,
            DenialOutcome.NotProven, "is not in the zone example."),
        ["record cap"] = new(Chain, DenialKind.NameError, "zz.example.", default, 0,
            DenialOutcome.NotProven, "ignored: more than 2 NSEC records", Limits: new DenialLimits { MaxRecordsPerProof = 2 }),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Proof(string name) => Cases[name].Check(nsec3: false);

    [Fact]
    public void NameErrorReportsTheClosestEncloserAndTheRecordsUsed()
    {
        var proof = NsecProofs.ProveNameError(Example, DnsName.Parse("ml.example."), Load("Rfc4035/b2-name-error.zone"));
        Assert.Equal(DenialOutcome.Proven, proof.Outcome);
        Assert.Equal(DnsName.Parse("example."), proof.ClosestEncloser);
        Assert.Equal(2, proof.RecordsUsed.Count);
        Assert.Equal(0, proof.Nsec3Hashes);
    }

    [Fact]
    public void WildcardNoDataFindsTheClosestEncloser()
    {
        var proof = NsecProofs.ProveNoData(Example, DnsName.Parse("a.z.w.example."), DnsType.AAAA, Load("Rfc4035/b7-wildcard-no-data.zone"));
        Assert.Equal(DnsName.Parse("w.example."), proof.ClosestEncloser);
    }

    [Fact]
    public void BadInputGivesReasonsNotExceptions()
    {
        var proof = NsecProofs.ProveNameError(null!, null!, null);
        Assert.Equal(DenialOutcome.NotProven, proof.Outcome);
        Assert.NotEmpty(proof.Reasons);

        var empty = NsecProofs.ProveNameError(Example, DnsName.Parse("ml.example."), []);
        Assert.Equal(DenialOutcome.NotProven, empty.Outcome);
        Assert.Contains(empty.Reasons, r => r.Contains("no usable NSEC record", StringComparison.Ordinal));
    }
}
