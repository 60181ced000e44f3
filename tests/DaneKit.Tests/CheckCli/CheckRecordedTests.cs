using System.Text.Json.Nodes;
using DaneKit.Cli.Rendering;
using DaneKit.Reporting;

namespace DaneKit.Tests.CheckCli;

/// <summary>
/// Results of real runs on the testbed (<c>Recorded/*.json</c>, written by the testbed test CheckLiveReportTests with
/// DANEKIT_RECORD=1): each is valid against docs/schema/check-v1.schema.json, reads back into the model and writes the
/// same document again; and the human reports of three of them (good, stale TLSA, broken DNSSEC) are approved text
/// (<c>Approved/*.txt</c>), rendered from the recorded result, so they are the same at every run.
/// </summary>
public sealed class CheckRecordedTests
{
    public static TheoryData<string> RecordedNames()
    {
        var rows = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Approvals.PathOf("Recorded"), "*.json").Order(StringComparer.Ordinal))
        {
            rows.Add(Path.GetFileNameWithoutExtension(file));
        }

        return rows;
    }

    public static TheoryData<string, string> GoldenReports => new()
    {
        { "good", "dane-ee-311.example." },
        { "stale-tlsa", "stale-tlsa.example." },
        { "broken-dnssec", "expired-rrsig.example." },
    };

    [Fact]
    public void ThereAreRecordedResults() => Assert.True(Directory.EnumerateFiles(Approvals.PathOf("Recorded"), "*.json").Count() >= 3);

    [Theory]
    [MemberData(nameof(RecordedNames))]
    public void ARecordedResultIsValidAgainstTheSchema(string name) =>
        CheckSchema.AssertValid(File.ReadAllText(Recorded(name)), $"Recorded/{name}.json");

    [Theory]
    [MemberData(nameof(RecordedNames))]
    public void ARecordedResultReadsBackIntoTheSameDocument(string name)
    {
        var json = File.ReadAllText(Recorded(name));
        var recorded = JsonNode.Parse(json)!.AsObject();

        var again = JsonNode.Parse(CheckJson.Write(CheckJson.Read(json), (int)recorded["exitCode"]!))!.AsObject();

        again["danekitVersion"] = recorded["danekitVersion"]!.DeepClone();
        Assert.True(JsonNode.DeepEquals(recorded, again), $"Recorded/{name}.json does not survive a read and a write:\n{Approvals.Diff(recorded.ToJsonString(CheckJson.Options), again.ToJsonString(CheckJson.Options))}");
    }

    [Theory]
    [MemberData(nameof(GoldenReports))]
    public void TheReportOfARecordedResultIsApproved(string name, string domain)
    {
        var result = CheckJson.Read(File.ReadAllText(Recorded(name)));
        Assert.Equal(domain, result.Domain);

        Approvals.Verify(name, CheckReport.Render(result, CheckExitCodes.For(result.Verdict), ReportStyle.Plain));
    }

    [Theory]
    [MemberData(nameof(GoldenReports))]
    public void EveryFindingOfAGoldenReportShowsItsFix(string name, string domain)
    {
        var result = CheckJson.Read(File.ReadAllText(Recorded(name)));
        var text = CheckReport.Render(result, CheckExitCodes.For(result.Verdict), ReportStyle.Plain);

        Assert.Equal(domain, result.Domain);
        Assert.All(result.Findings, f =>
        {
            Assert.Contains(f.Code, text, StringComparison.Ordinal);
            Assert.Contains("fix: " + f.Remediation.Text, text, StringComparison.Ordinal);
            Assert.All(f.Remediation.ZoneLines, l => Assert.Contains(l, text, StringComparison.Ordinal));
            Assert.All(f.Remediation.Commands, c => Assert.Contains("$ " + c, text, StringComparison.Ordinal));
        });
    }

    private static string Recorded(string name) => Approvals.PathOf(Path.Combine("Recorded", name + ".json"));
}
