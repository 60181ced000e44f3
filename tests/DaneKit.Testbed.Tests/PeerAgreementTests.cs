using DaneKit.Testbed.Tests.Model;

namespace DaneKit.Testbed.Tests;

/// <summary>
/// The reference peer (Postfix posttls-finger, through <c>testbed/peer</c>) reaches the verdict that the
/// catalogue expects for each scenario: <c>expect.peer.verdict</c> when set, else <c>expect.verdict</c>.
/// </summary>
[Collection(LiveTestbed.Name)]
public sealed class PeerAgreementTests(TestbedFixture testbed)
{
    private static readonly TimeSpan PeerDeadline = TimeSpan.FromSeconds(180);

    [Theory]
    [MemberData(nameof(ScenarioData.ScenarioIds), MemberType = typeof(ScenarioData))]
    public async Task PeerReachesTheExpectedVerdict(string scenario)
    {
        var live = testbed.LiveScenario(scenario);
        var expected = live.Expect.Peer?.Verdict ?? live.Expect.Verdict;

        var result = await ProcessRunner.RunAsync(RepoPaths.PeerScript, ["--json", live.Domain], PeerDeadline);
        Assert.True(
            result.ExitCode == 0,
            $"{result.CommandLine} exited with {result.ExitCode} (2: the peer's own error):\n{result.StandardError}{result.StandardOutput}");
        var report = TestbedJson.Parse<PeerReport>(result.StandardOutput, result.CommandLine);

        Assert.True(report.Verdict == expected, Explain(scenario, expected, live.Expect, report));
    }

    private static string Explain(string scenario, string expected, Expectation expect, PeerReport report)
    {
        List<string> lines = [$"{scenario}: the peer says {report.Verdict} for {report.Domain}, expected {expected} ({expect.Rfc})"];
        if (expect.Peer?.Note is { } note)
        {
            lines.Add($"  expected peer difference: {note}");
        }

        foreach (var run in report.Runs)
        {
            lines.Add($"  run {run.Target} -> {run.Host ?? "?"} [{run.Address ?? "?"}]: {run.Verdict}");
            lines.AddRange(string.IsNullOrWhiteSpace(run.Evidence)
                ? (run.Log ?? []).TakeLast(5).Select(line => $"    log: {line}")
                : [$"    evidence: {run.Evidence}"]);
        }

        return string.Join('\n', lines);
    }
}
