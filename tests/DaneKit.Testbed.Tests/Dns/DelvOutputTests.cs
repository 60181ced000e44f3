using DaneKit.Dnssec;

namespace DaneKit.Testbed.Tests.Dns;

/// <summary>Reading delv's verdict from captured outputs (<see cref="DelvSamples"/>).</summary>
public sealed class DelvOutputTests
{
    public static TheoryData<string, string?, bool, string?, SecurityStatus?> Cases => new()
    {
        { nameof(DelvSamples.SecureMx), "fully validated", false, null, SecurityStatus.Secure },
        { nameof(DelvSamples.SecureNxDomain), "fully validated", true, null, SecurityStatus.Secure },
        { nameof(DelvSamples.SecureNoData), "fully validated", true, null, SecurityStatus.Secure },
        { nameof(DelvSamples.InsecureMx), "unsigned answer", false, null, SecurityStatus.Insecure },
        { nameof(DelvSamples.InsecureIsland), "unsigned answer", false, null, SecurityStatus.Insecure },
        { nameof(DelvSamples.InsecureNsec3Iterations), "unsigned answer", true, null, SecurityStatus.Insecure },
        { nameof(DelvSamples.BogusExpired), null, false, "broken trust chain", SecurityStatus.Bogus },
        { nameof(DelvSamples.BogusSignature), null, false, "RRSIG failed to verify", SecurityStatus.Bogus },
        { nameof(DelvSamples.BogusMissingDnskey), null, false, "no valid RRSIG", SecurityStatus.Bogus },
        { nameof(DelvSamples.BogusKeyTrap), null, false, "crypto failure", SecurityStatus.Bogus },
        { nameof(DelvSamples.Indeterminate), null, false, "failure", SecurityStatus.Indeterminate },
        { nameof(DelvSamples.NoServer), null, false, "failure", SecurityStatus.Indeterminate },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReadsTrustReasonAndStatus(string sample, string? trust, bool negative, string? reason, SecurityStatus? status)
    {
        var output = DelvOutput.Parse(Sample(sample));

        Assert.Equal(trust, output.Trust);
        Assert.Equal(negative, output.Negative);
        Assert.Equal(reason, output.FailureReason);
        Assert.Equal(status, output.Status);
    }

    [Fact]
    public void RecordLinesOfANegativeAnswerAreNotTrustLines()
    {
        // "; mx.tlsa-only-443.example. NSEC ..." follows the trust line; it must not count as a second one.
        var output = DelvOutput.Parse(DelvSamples.SecureNxDomain);

        Assert.Equal("fully validated", output.Trust);
    }

    [Fact]
    public void StderrBeforeOrAfterStdoutGivesTheSameResult()
    {
        // DelvClient joins stderr (the ";;" lines) and stdout; the order must not matter.
        var lines = DelvSamples.InsecureIsland.Split('\n');
        var reordered = string.Join('\n', lines.Where(l => !l.StartsWith(";;", StringComparison.Ordinal))
            .Concat(lines.Where(l => l.StartsWith(";;", StringComparison.Ordinal))));

        Assert.Equal(SecurityStatus.Insecure, DelvOutput.Parse(reordered).Status);
    }

    [Fact]
    public void UnknownReasonsAndTrustTextsAreUnclassified()
    {
        Assert.Null(DelvOutput.Parse(";; resolution failed: something new\n").Status);
        Assert.Null(DelvOutput.Parse("; answer not validated\nx.example. 300 IN A 192.0.2.1\n").Status);
    }

    [Fact]
    public void AnAnswerTogetherWithAFailureIsUnclassified()
    {
        Assert.Null(DelvOutput.Parse(";; resolution failed: broken trust chain\n" + DelvSamples.SecureMx).Status);
    }

    [Fact]
    public void OutputWithoutAVerdictIsRejected()
    {
        var error = Assert.Throws<FormatException>(() => DelvOutput.Parse("Usage: delv [@server] {q-opt} {d-opt} [domain] [q-type] [q-class]\n"));
        Assert.Contains("no trust line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoTrustLinesAreRejected()
    {
        Assert.Throws<FormatException>(() => DelvOutput.Parse(DelvSamples.SecureMx + "\n" + DelvSamples.InsecureMx));
    }

    [Fact]
    public void CarriageReturnsAreIgnored()
    {
        var output = DelvOutput.Parse(DelvSamples.BogusSignature.ReplaceLineEndings("\r\n"));

        Assert.Equal("RRSIG failed to verify", output.FailureReason);
        Assert.Equal(SecurityStatus.Bogus, output.Status);
    }

    private static string Sample(string name) =>
        (string)typeof(DelvSamples).GetField(name)!.GetRawConstantValue()!;
}
