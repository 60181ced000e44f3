using System.Text;
using System.Text.Json.Nodes;
using DaneKit.Reporting;
using DaneKit.Survey;
using DaneKit.Tests.Check;

namespace DaneKit.Tests.Survey;

public sealed class SurveyJsonTests
{
    [Fact]
    public async Task AResultLineIsTheCheckDocumentOnOneLine()
    {
        using var w = new CheckWorld();
        var result = await w.CheckAsync();
        var line = Encoding.UTF8.GetString(SurveyJson.ResultLine(result, 0));

        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        Assert.Equal(1, line.Count(c => c == '\n'));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(CheckJson.Write(result, 0)), JsonNode.Parse(line)));
        Assert.StartsWith("{\"schemaVersion\":1,\"danekitVersion\":", line, StringComparison.Ordinal);
        Assert.Equal(result.Domain, CheckJson.Read(line).Domain);
        Assert.Equal(result.Domain, SurveyJson.KeyOf(Encoding.UTF8.GetBytes(line.TrimEnd('\n'))));
    }

    [Fact]
    public void AnErrorRecordHasTheDomainTheErrorAndTheLine()
    {
        var line = Encoding.UTF8.GetString(SurveyJson.ErrorLine("bad..name <x>", "it has an empty label", 7));
        Assert.Equal("{\"domain\":\"bad..name <x>\",\"error\":\"it has an empty label\",\"line\":7}\n", line);
        Assert.Equal(SurveyJson.ErrorKey("bad..name <x>"), SurveyJson.KeyOf(Encoding.UTF8.GetBytes(line.TrimEnd('\n'))));

        // A domain whose check failed: no line number.
        Assert.Equal("{\"domain\":\"a.example.\",\"error\":\"check failed\"}\n", Encoding.UTF8.GetString(SurveyJson.ErrorLine("a.example.", "check failed", null)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"schemaVersion\":1,\"danekitVersion\":\"x\",\"exitCode\":0,\"dom")]
    [InlineData("[1,2]")]
    [InlineData("{\"other\":1,\"domain\":\"a.example.\"}")]
    [InlineData("{\"domain\":5}")]
    public void ALineThatIsNeitherGivesNoKey(string line) => Assert.Null(SurveyJson.KeyOf(Encoding.UTF8.GetBytes(line)));

    [Theory]
    [InlineData("Example.COM", "example.com.")]
    [InlineData("example.com.", "example.com.")]
    [InlineData("  bücher.example ", "xn--bcher-kva.example.")]
    public void NamesAreNormalizedAsCheckDoes(string text, string expected)
    {
        Assert.True(DomainNames.TryNormalize(text, out var name, out var problem), problem);
        Assert.Equal(expected, name!.ToCanonical().ToString());
    }

    [Theory]
    [InlineData("a..b", "empty label")]
    [InlineData("192.0.2.1", "IP address")]
    [InlineData("-a.example", "hyphen")]
    [InlineData("a_b.example", "'_'")]
    [InlineData("example.123", "all digits")]
    public void BadNamesSayWhy(string text, string why)
    {
        Assert.False(DomainNames.TryNormalize(text, out _, out var problem));
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDomainSetRemembersHashesOnly()
    {
        var set = new DomainSet();
        Assert.True(set.Add("a.example."));
        Assert.False(set.Add("a.example."));
        Assert.True(set.Add(SurveyJson.ErrorKey("a.example.")));
        Assert.True(set.Contains("a.example."));
        Assert.False(set.Contains("b.example."));
        Assert.Equal(2, set.Count);
        for (var i = 0; i < 100_000; i++)
        {
            set.Add($"d{i}.example.");
        }

        Assert.Equal(100_002, set.Count);
    }
}
