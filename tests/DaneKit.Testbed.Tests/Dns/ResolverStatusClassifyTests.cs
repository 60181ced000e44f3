using DaneKit.Dnssec;

namespace DaneKit.Testbed.Tests.Dns;

/// <summary>The status semantics of testbed/CONTRACT.md applied to captured dig answers.</summary>
public sealed class ResolverStatusClassifyTests
{
    public static TheoryData<string, string?, SecurityStatus?> Cases => new()
    {
        { nameof(DigSamples.SecureTlsa), null, SecurityStatus.Secure },
        { nameof(DigSamples.SecureNxDomain), null, SecurityStatus.Secure },
        { nameof(DigSamples.InsecureMx), null, SecurityStatus.Insecure },
        { nameof(DigSamples.ExpiredSignatureServfail), nameof(DigSamples.ExpiredSignatureCheckingDisabled), SecurityStatus.Bogus },
        { nameof(DigSamples.ExpiredSignatureServfail), nameof(DigSamples.ServfailCheckingDisabled), SecurityStatus.Indeterminate },
        { nameof(DigSamples.ExpiredSignatureServfail), nameof(DigSamples.Refused), null },
        { nameof(DigSamples.Refused), null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ClassifiesLikeTheContract(string answer, string? checkingDisabledAnswer, SecurityStatus? expected)
    {
        var plain = DigResponse.Parse(DigResponseTests.Sample(answer));
        var checkingDisabled = checkingDisabledAnswer is null ? null : DigResponse.Parse(DigResponseTests.Sample(checkingDisabledAnswer));

        Assert.Equal(checkingDisabledAnswer is not null, ResolverStatus.NeedsCheckingDisabledQuery(plain));
        Assert.Equal(expected, ResolverStatus.Classify(plain, checkingDisabled));
    }

    [Fact]
    public void ServfailWithoutTheCheckingDisabledAnswerIsAnError()
    {
        var servfail = DigResponse.Parse(DigSamples.ExpiredSignatureServfail);

        Assert.True(ResolverStatus.NeedsCheckingDisabledQuery(servfail));
        Assert.Throws<ArgumentNullException>(() => ResolverStatus.Classify(servfail, null));
    }
}
