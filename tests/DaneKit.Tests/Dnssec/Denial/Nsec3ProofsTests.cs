using DaneKit.Dns;
using DaneKit.Dnssec.Denial;
using static DaneKit.Tests.Dnssec.Denial.DenialTestData;

namespace DaneKit.Tests.Dnssec.Denial;

/// <summary>
/// NSEC3 denial proofs (RFC 5155 8.3 to 8.8) on the responses of RFC 5155 Appendix B, and the limits of
/// RFC 9276 and CVE-2023-50868. Every NSEC3 record of the Appendix A zone has the Opt-Out flag, so the
/// verbatim responses prove NXDOMAIN and wildcard cases only as <see cref="DenialOutcome.ProvenOptOut"/>;
/// the same records with the flag cleared prove them fully.
/// </summary>
public sealed class Nsec3ProofsTests
{
    private static readonly IReadOnlyList<DnsResourceRecord> B1 = Load("Rfc5155/b1-name-error.zone");
    private static readonly IReadOnlyList<DnsResourceRecord> B1NoOptOut = WithNsec3(B1, flags: 0);
    private static readonly IReadOnlyList<DnsResourceRecord> B2 = Load("Rfc5155/b2-no-data.zone");
    private static readonly IReadOnlyList<DnsResourceRecord> B21 = Load("Rfc5155/b2-1-no-data-empty-non-terminal.zone");
    private static readonly IReadOnlyList<DnsResourceRecord> B3 = Load("Rfc5155/b3-referral-opt-out-unsigned.zone");
    private static readonly IReadOnlyList<DnsResourceRecord> B4 = Load("Rfc5155/b4-wildcard-expansion.zone");
    private static readonly IReadOnlyList<DnsResourceRecord> B5 = Load("Rfc5155/b5-wildcard-no-data.zone");

    private static readonly Dictionary<string, DenialCase> Cases = new()
    {
        // RFC 5155 Appendix B, verbatim (Opt-Out set on every record).
        ["B.1 name error, closest encloser"] = new(B1, DenialKind.NameError, "a.c.x.w.example.", default, 0,
            DenialOutcome.ProvenOptOut, "NSEC3 closest encloser x.w.example. proven by NSEC3 B4UM86EGHHDS6NEA196SMVMLO4ORS995 -> GJEQE526PLBF1G8MKLP59ENFD789NJGI (matches H(x.w.example.))"),
        ["B.1 name error, next closer"] = new(B1, DenialKind.NameError, "a.c.x.w.example.", default, 0,
            DenialOutcome.ProvenOptOut, "NSEC3 0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM -> 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR covers the next closer name c.x.w.example."),
        ["B.1 name error, wildcard"] = new(B1, DenialKind.NameError, "a.c.x.w.example.", default, 0,
            DenialOutcome.ProvenOptOut, "NSEC3 35MTHGPGCU1QG68FAB165KLNSNK3DPVL -> B4UM86EGHHDS6NEA196SMVMLO4ORS995 covers the wildcard *.x.w.example."),
        ["B.1 name error, opt-out"] = new(B1, DenialKind.NameError, "a.c.x.w.example.", default, 0,
            DenialOutcome.ProvenOptOut, "has the Opt-Out flag: c.x.w.example. may exist as an unsigned delegation"),
        ["B.2 no data ns1.example. MX"] = new(B2, DenialKind.NoData, "ns1.example.", DnsType.MX, 0,
            DenialOutcome.Proven, "NSEC3 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR -> 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S matches H(ns1.example.) and has no MX and no CNAME"),
        ["B.2.1 no data, empty non-terminal y.w.example. A"] = new(B21, DenialKind.NoData, "y.w.example.", DnsType.A, 0,
            DenialOutcome.Proven, "matches H(y.w.example.) and has no A and no CNAME"),
        ["B.3 referral to opt-out unsigned zone: no DS at c.example."] = new(B3, DenialKind.NoData, "c.example.", DnsType.DS, 0,
            DenialOutcome.ProvenOptOut, "covering the next closer name c.example. has the Opt-Out flag: c.example. can only be an unsigned delegation"),
        ["B.3 closest provable encloser is the apex"] = new(B3, DenialKind.NoData, "c.example.", DnsType.DS, 0,
            DenialOutcome.ProvenOptOut, "NSEC3 closest encloser example. proven by NSEC3 0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM"),
        ["B.4 wildcard expansion a.z.w.example."] = new(B4, DenialKind.WildcardAnswer, "a.z.w.example.", default, 2,
            DenialOutcome.ProvenOptOut, "NSEC3 Q04JKCEVQVMU85R014C7DKBA38O0JI5R -> R53BQ7CC2UVMUBFU5OCMM6PERS9TK9EN covers the next closer name z.w.example."),
        ["B.5 wildcard no data a.z.w.example. AAAA"] = new(B5, DenialKind.NoData, "a.z.w.example.", DnsType.AAAA, 0,
            DenialOutcome.ProvenOptOut, "wildcard NODATA: NSEC3 R53BQ7CC2UVMUBFU5OCMM6PERS9TK9EN -> T644EBQK9BIBCNA874GIVR6JOJ62MLHV matches H(*.w.example.) and has no AAAA"),

        // The same responses without the Opt-Out flag: fully proven.
        ["B.1 without opt-out"] = new(B1NoOptOut, DenialKind.NameError, "a.c.x.w.example.", default, 0,
            DenialOutcome.Proven, "covers the wildcard *.x.w.example."),
        ["B.3 without opt-out: DS not denied"] = new(WithNsec3(B3, flags: 0), DenialKind.NoData, "c.example.", DnsType.DS, 0,
            DenialOutcome.NotProven, "has no Opt-Out flag: a DS NODATA needs an NSEC3 matching c.example."),
        ["B.4 without opt-out"] = new(WithNsec3(B4, flags: 0), DenialKind.WildcardAnswer, "a.z.w.example.", default, 2,
            DenialOutcome.Proven, "the expansion of *.w.example. is legitimate"),
        ["B.5 without opt-out"] = new(WithNsec3(B5, flags: 0), DenialKind.NoData, "a.z.w.example.", DnsType.AAAA, 0,
            DenialOutcome.Proven, "NSEC3 closest encloser w.example. proven by NSEC3 K8UDEMVP1J2F7EG6JEBPS17VP3N8I58H"),

        // Negative cases.
        ["range that does not cover the next closer name"] = new(Without(B1NoOptOut, "0p9m"), DenialKind.NameError, "a.c.x.w.example.", default, 0,
            DenialOutcome.NotProven, "no NSEC3 covers the next closer name c.x.w.example. (hash"),
        ["missing wildcard proof"] = new(Without(B1NoOptOut, "35mth"), DenialKind.NameError, "a.c.x.w.example.", default, 0,
            DenialOutcome.NotProven, "no NSEC3 covers the wildcard *.x.w.example."),
        ["closest encloser record missing: the apex is the closest provable encloser"] = new(Without(B1NoOptOut, "b4um"), DenialKind.NameError, "a.c.x.w.example.", default, 0,
            DenialOutcome.NotProven, "no NSEC3 covers the next closer name w.example. (hash K8UDEMVP1J2F7EG6JEBPS17VP3N8I58H)"),
        ["no closest encloser"] = new(B2, DenialKind.NameError, "a.c.x.w.example.", default, 0,
            DenialOutcome.NotProven, "no NSEC3 matches a.c.x.w.example. or any of its ancestors up to the apex example."),
        ["name exists: not NXDOMAIN"] = new(B2, DenialKind.NameError, "ns1.example.", default, 0,
            DenialOutcome.NotProven, "matches H(ns1.example.): the name exists"),
        ["type present"] = new(B2, DenialKind.NoData, "ns1.example.", DnsType.A, 0,
            DenialOutcome.NotProven, "and lists A: the type exists"),
        ["parent-side NSEC3 cannot deny A at a delegation"] = new(B1NoOptOut, DenialKind.NoData, "a.example.", DnsType.A, 0,
            DenialOutcome.NotProven, "at a delegation (NS set, SOA clear): the parent side can deny only DS"),
        ["apex NSEC3 (SOA set) cannot deny DS"] = new(B1NoOptOut, DenialKind.NoData, "example.", DnsType.DS, 0,
            DenialOutcome.NotProven, "with SOA set: it is the child zone's apex NSEC3"),
        ["wrong zone: records not one label below the apex"] = new(B1NoOptOut, DenialKind.NameError, "a.c.x.w.example.", default, 0,
            DenialOutcome.NotProven, "ignored: not owned by a hash one label below the zone apex w.example.", Apex: "w.example."),
        ["unknown hash algorithm"] = new(WithNsec3(B2, hashAlgorithm: 2), DenialKind.NoData, "ns1.example.", DnsType.MX, 0,
            DenialOutcome.NotProven, "ignored: unknown hash algorithm 2"),
        ["iterations above the soft limit"] = new(WithNsec3(B1NoOptOut, iterations: 151), DenialKind.NameError, "a.c.x.w.example.", default, 0,
            DenialOutcome.Insecure, "uses 151 iterations, above the soft limit of 150: insecure"),
        ["iterations above the hard limit"] = new(WithNsec3(B1NoOptOut, iterations: 501), DenialKind.NameError, "a.c.x.w.example.", default, 0,
            DenialOutcome.Bogus, "uses 501 iterations, above the hard limit of 500: bogus"),
        ["iterations at the soft limit are hashed"] = new(WithNsec3(B2, iterations: 100), DenialKind.NoData, "ns1.example.", DnsType.MX, 0,
            DenialOutcome.NotProven, "no NSEC3 matches H(ns1.example.)"),
        ["hash budget exhausted by a deep name"] = new(B1NoOptOut, DenialKind.NameError, string.Concat(Enumerable.Repeat("a.", 40)) + "c.x.w.example.", default, 0,
            DenialOutcome.Bogus, "NSEC3 hash budget exhausted after 32 hashes"),
        ["smaller hash budget"] = new(B1NoOptOut, DenialKind.NameError, "a.c.x.w.example.", default, 0,
            DenialOutcome.Bogus, "NSEC3 hash budget exhausted after 2 hashes", Limits: new DenialLimits { MaxNsec3Hashes = 2 }),
        ["wildcard answer with labels not below the owner's"] = new(B4, DenialKind.WildcardAnswer, "a.z.w.example.", default, 4,
            DenialOutcome.NotProven, "not a wildcard expansion"),
        ["wildcard answer without a covering NSEC3"] = new(B2, DenialKind.WildcardAnswer, "a.z.w.example.", default, 2,
            DenialOutcome.NotProven, "no NSEC3 covers the next closer name z.w.example."),
        ["wrap-around: the last NSEC3 covers a hash above its owner"] = new(WithNsec3(Load("Rfc5155/appendix-a-last.zone"), flags: 0), DenialKind.WildcardAnswer, "f.example.", default, 1,
            DenialOutcome.Proven, "NSEC3 T644EBQK9BIBCNA874GIVR6JOJ62MLHV -> 0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM covers the next closer name f.example. (hash VH6OA7L8BQLIIME9RF8O887U6UEBASOK)"),
        ["no match, no wildcard, opt-out span: possible empty non-terminal"] = new(B3, DenialKind.NoData, "c.example.", DnsType.A, 0,
            DenialOutcome.ProvenOptOut, "may be an empty non-terminal of unsigned delegations"),
        ["no match, no wildcard, no opt-out: NODATA not proven"] = new(WithNsec3(B3, flags: 0), DenialKind.NoData, "c.example.", DnsType.A, 0,
            DenialOutcome.NotProven, "NODATA not proven"),
        ["record cap"] = new(B1NoOptOut, DenialKind.NameError, "a.c.x.w.example.", default, 0,
            DenialOutcome.NotProven, "ignored: more than 1 NSEC3 records", Limits: new DenialLimits { MaxRecordsPerProof = 1 }),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Proof(string name) => Cases[name].Check(nsec3: true);

    [Fact]
    public void NameErrorUsesThreeRecordsAndFourHashes()
    {
        // H(a.c.x.w.example.), H(c.x.w.example.), H(x.w.example.) for the closest encloser, H(*.x.w.example.) for the wildcard.
        var proof = Nsec3Proofs.ProveNameError(Example, DnsName.Parse("a.c.x.w.example."), B1NoOptOut);
        Assert.Equal(DenialOutcome.Proven, proof.Outcome);
        Assert.Equal(DnsName.Parse("x.w.example."), proof.ClosestEncloser);
        Assert.Equal(3, proof.RecordsUsed.Count);
        Assert.Equal(4, proof.Nsec3Hashes);
    }

    [Fact]
    public void LimitsAboveTheSoftLimitSpendNoHashes()
    {
        var proof = Nsec3Proofs.ProveNameError(Example, DnsName.Parse("a.c.x.w.example."), WithNsec3(B1, iterations: 2500));
        Assert.Equal(DenialOutcome.Bogus, proof.Outcome);
        Assert.Equal(0, proof.Nsec3Hashes);
    }

    [Fact]
    public void MixedParametersAreTriedAsSeparateSets()
    {
        // The wildcard cover comes with other iterations: the proof may not mix it in (RFC 5155 8.2).
        var mixed = B1NoOptOut.Where(r => !r.Name.ToString().StartsWith("35mth", StringComparison.Ordinal))
            .Concat(WithNsec3(B1NoOptOut.Where(r => r.Name.ToString().StartsWith("35mth", StringComparison.Ordinal)), iterations: 5))
            .ToList();
        var proof = Nsec3Proofs.ProveNameError(Example, DnsName.Parse("a.c.x.w.example."), mixed);
        Assert.Equal(DenialOutcome.NotProven, proof.Outcome);
    }

    [Fact]
    public void BadInputGivesReasonsNotExceptions()
    {
        Assert.Equal(DenialOutcome.NotProven, Nsec3Proofs.ProveNoData(null!, null!, DnsType.A, null).Outcome);
        Assert.Equal(DenialOutcome.NotProven, Nsec3Proofs.ProveWildcardAnswer(null!, null!, 1, null).Outcome);
        var notHash = new DnsResourceRecord(DnsName.Parse("not-a-hash!.example."), DnsClass.IN, 3600, B2[0].Data);
        var proof = Nsec3Proofs.ProveNoData(Example, DnsName.Parse("ns1.example."), DnsType.MX, [notHash]);
        Assert.Equal(DenialOutcome.NotProven, proof.Outcome);
        Assert.Contains(proof.Reasons, r => r.Contains("the owner label is not a hash", StringComparison.Ordinal));
    }
}
