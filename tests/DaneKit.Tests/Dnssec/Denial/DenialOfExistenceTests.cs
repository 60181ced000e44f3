using DaneKit.Dns;
using DaneKit.Dnssec.Denial;
using static DaneKit.Tests.Dnssec.Denial.DenialTestData;

namespace DaneKit.Tests.Dnssec.Denial;

/// <summary>The front door picks NSEC or NSEC3 from the records given.</summary>
public sealed class DenialOfExistenceTests
{
    [Fact]
    public void NsecRecordsGoToTheNsecProof()
    {
        var proof = DenialOfExistence.ProveNameError(Example, DnsName.Parse("ml.example."), Load("Rfc4035/b2-name-error.zone"));
        Assert.Equal(DenialOutcome.Proven, proof.Outcome);
        Assert.Equal(0, proof.Nsec3Hashes);
    }

    [Fact]
    public void Nsec3RecordsGoToTheNsec3Proof()
    {
        var proof = DenialOfExistence.ProveNoData(Example, DnsName.Parse("ns1.example."), DnsType.MX, Load("Rfc5155/b2-no-data.zone"));
        Assert.Equal(DenialOutcome.Proven, proof.Outcome);
        Assert.Equal(1, proof.Nsec3Hashes);
    }

    [Fact]
    public void WildcardAnswerWithNsec3()
    {
        var proof = DenialOfExistence.ProveWildcardAnswer(Example, DnsName.Parse("a.z.w.example."), 2,
            WithNsec3(Load("Rfc5155/b4-wildcard-expansion.zone"), flags: 0));
        Assert.Equal(DenialOutcome.Proven, proof.Outcome);
        Assert.Equal(DnsName.Parse("w.example."), proof.ClosestEncloser);
    }

    [Fact]
    public void NoRecordsIsNotProven()
    {
        var proof = DenialOfExistence.ProveNameError(Example, DnsName.Parse("ml.example."), []);
        Assert.Equal(DenialOutcome.NotProven, proof.Outcome);
        Assert.Contains(proof.Reasons, r => r.Contains("no NSEC or NSEC3 record was given", StringComparison.Ordinal));
    }

    [Fact]
    public void FailedNsecFallsBackToNsec3AndKeepsBothReasons()
    {
        var records = Load("Rfc4035/b3-no-data.zone").Concat(Load("Rfc5155/b2-no-data.zone")).ToList();
        var proof = DenialOfExistence.ProveNoData(Example, DnsName.Parse("ns1.example."), DnsType.A, records);
        Assert.Equal(DenialOutcome.NotProven, proof.Outcome);
        Assert.Contains(proof.Reasons, r => r.StartsWith("NSEC ns1.example.", StringComparison.Ordinal));
        Assert.Contains(proof.Reasons, r => r.StartsWith("NSEC3 2T7B", StringComparison.Ordinal));
    }
}
