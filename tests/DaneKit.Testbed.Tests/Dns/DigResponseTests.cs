namespace DaneKit.Testbed.Tests.Dns;

/// <summary>Parsing dig's header, flags and EDE lines (RFC 8914 codes) from captured output.</summary>
public sealed class DigResponseTests
{
    public static TheoryData<string, string, string, bool> Headers => new()
    {
        { nameof(DigSamples.SecureTlsa), "NOERROR", "qr rd ra ad", true },
        { nameof(DigSamples.InsecureMx), "NOERROR", "qr rd ra", false },
        { nameof(DigSamples.SecureNxDomain), "NXDOMAIN", "qr rd ra ad", true },
        { nameof(DigSamples.ExpiredSignatureServfail), "SERVFAIL", "qr rd ra", false },
        { nameof(DigSamples.ExpiredSignatureCheckingDisabled), "NOERROR", "qr rd ra cd", false },
        { nameof(DigSamples.Refused), "REFUSED", "qr rd", false },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void ReadsStatusAndFlags(string sample, string status, string flags, bool authenticData)
    {
        var response = DigResponse.Parse(Sample(sample));

        Assert.Equal(status, response.Status);
        Assert.Equal(flags.Split(' ').ToHashSet(), response.Flags);
        Assert.Equal(authenticData, response.AuthenticData);
    }

    [Fact]
    public void ReadsAnEdeWithItsNameAndExtraText()
    {
        var response = DigResponse.Parse(DigSamples.ExpiredSignatureServfail);

        var ede = Assert.Single(response.ExtendedErrors);
        Assert.Equal(7, ede.InfoCode);
        Assert.Equal("Signature Expired", ede.Purpose);
        Assert.StartsWith("validation failure <expired-rrsig.example. MX IN>: signature expired", ede.ExtraText, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsSeveralEdesWithAndWithoutNameOrText()
    {
        var response = DigResponse.Parse(DigSamples.ServfailTwoEdes);

        Assert.Equal(
            [new ExtendedDnsError(9, "DNSKEY Missing", null), new ExtendedDnsError(49152, null, "private use")],
            response.ExtendedErrors);
    }

    [Fact]
    public void AnswersWithoutEdeHaveNone()
    {
        Assert.Empty(DigResponse.Parse(DigSamples.SecureTlsa).ExtendedErrors);
    }

    [Fact]
    public void KeepsTheFullTextForMessages()
    {
        Assert.Equal(DigSamples.InsecureMx, DigResponse.Parse(DigSamples.InsecureMx).Text);
    }

    [Fact]
    public void OutputWithoutAResponseIsRejected()
    {
        var error = Assert.Throws<FormatException>(() => DigResponse.Parse(DigSamples.NoServersReached));
        Assert.Contains("no servers could be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputWithTwoResponsesIsRejected()
    {
        Assert.Throws<FormatException>(() => DigResponse.Parse(DigSamples.SecureTlsa + DigSamples.InsecureMx));
    }

    [Fact]
    public void CarriageReturnsAreIgnored()
    {
        var response = DigResponse.Parse(DigSamples.ExpiredSignatureServfail.ReplaceLineEndings("\r\n"));

        Assert.Equal("SERVFAIL", response.Status);
        Assert.Equal(7, Assert.Single(response.ExtendedErrors).InfoCode);
    }

    internal static string Sample(string name) =>
        (string)typeof(DigSamples).GetField(name)!.GetRawConstantValue()!;
}
