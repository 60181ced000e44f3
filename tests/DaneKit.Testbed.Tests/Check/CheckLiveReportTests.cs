using System.Text;
using System.Text.RegularExpressions;

namespace DaneKit.Testbed.Tests.Check;

/// <summary>
/// The human report of the three scenarios whose reports are approved text (tests/DaneKit.Tests/CheckCli/Approved: good,
/// stale TLSA, broken DNSSEC) renders live: a tree, the verdict in words, the exit code; and the live report is the
/// approved one once keys, hashes, dates and timings are masked, so the approved files, which are rendered from recorded
/// results, stay what the command prints today. <c>DANEKIT_RECORD=1</c> records the results again
/// (tests/DaneKit.Tests/CheckCli/Recorded/NAME.json); then approve the reports with <c>DANEKIT_APPROVE=1</c> in the unit tests.
/// </summary>
[Collection(LiveTestbed.Name)]
public sealed partial class CheckLiveReportTests(TestbedFixture testbed)
{
    /// <summary>The environment variable that records the results again.</summary>
    public const string RecordVariable = "DANEKIT_RECORD";

    /// <summary>The recorded results: name, scenario, the verdict word and exit code of the report.</summary>
    public static TheoryData<string, string, string, int> Golden => new()
    {
        { "good", "dane-ee-311", "✓ authenticated", 0 },
        { "stale-tlsa", "stale-tlsa", "✗ dane-fail", 1 },
        { "broken-dnssec", "expired-rrsig", "! deferred", 2 },
    };

    /// <summary>Results recorded only for the unit tests' schema and round-trip checks (no approved report).</summary>
    public static TheoryData<string, string> RecordedOnly => new()
    {
        { "null-mx", "null-mx" },
        { "two-addresses-one-wrong-cert", "two-addresses-one-wrong-cert" },
        { "mx-cname-original-tlsa", "mx-cname-original-tlsa" },
        { "only-unusable-tlsa", "only-unusable-tlsa" },
        { "no-starttls", "no-starttls" },
        { "insecure-mx-secure-tlsa", "insecure-mx-secure-tlsa" },
        { "bogus-tlsa-signature", "bogus-tlsa-signature" },
    };

    private static string CheckCliFolder => Path.Combine(RepoPaths.Root, "tests", "DaneKit.Tests", "CheckCli");

    [Theory]
    [MemberData(nameof(Golden))]
    public async Task TheLiveReportIsTheApprovedOne(string name, string scenario, string verdictWords, int exitCode)
    {
        var live = testbed.LiveScenario(scenario);

        var report = await CheckCli.RunAsync([.. CheckCli.TestbedResolver(testbed.World), live.Domain]);
        await RecordIfAskedAsync(name, live.Domain);

        Assert.True(report.ExitCode == exitCode, $"{report.CommandLine} exited with {report.ExitCode}, not {exitCode}:\n{report.StandardError}{report.StandardOutput}");
        var lines = report.StandardOutput.Split('\n');
        Assert.Equal($"danekit check mail domain {live.Domain}: {verdictWords}", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("└── ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("    └── ", StringComparison.Ordinal) || l.StartsWith("│   ", StringComparison.Ordinal));
        Assert.Contains($"exit {exitCode}: ", report.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', report.StandardOutput);

        var approvedPath = Path.Combine(CheckCliFolder, "Approved", name + ".txt");
        Assert.True(File.Exists(approvedPath), $"{approvedPath} does not exist");
        var approved = Mask(await File.ReadAllTextAsync(approvedPath));
        var now = Mask(report.StandardOutput);
        Assert.True(
            approved == now,
            $"The live report of {scenario} is not the approved {approvedPath} (masked). If the change is intended, record again with "
            + $"{RecordVariable}=1 (this test) and approve with DANEKIT_APPROVE=1 (the unit tests), then review the diff.\n"
            + FirstDifferences(approved, now));
    }

    [Theory]
    [MemberData(nameof(RecordedOnly))]
    public async Task RecordedResultsCanBeRecordedAgain(string name, string scenario)
    {
        var live = testbed.LiveScenario(scenario);
        await RecordIfAskedAsync(name, live.Domain);
        Assert.True(File.Exists(Path.Combine(CheckCliFolder, "Recorded", name + ".json")), $"Recorded/{name}.json does not exist: run with {RecordVariable}=1");
    }

    /// <summary>Masks what changes at every testbed/up: hex digests, key tags, dates and times, durations.</summary>
    internal static string Mask(string report)
    {
        var text = HexPattern().Replace(report, "HEX");
        text = TimePattern().Replace(text, "TIME");
        text = DatePattern().Replace(text, "DATE");
        text = KeyTagPattern().Replace(text, "$1 N");
        text = DsTagPattern().Replace(text, "DS N/");
        text = DurationPattern().Replace(text, ", N s");

        // The rollover advice quotes the TLSA TTL; the engine takes it from the resolver's answer, which counts down in
        // Unbound's cache (reported to the engine: it should be the RRSIG's original TTL), so it differs from run to run.
        text = SecondsPattern().Replace(text, "N s");
        return text;
    }

    private async Task RecordIfAskedAsync(string name, string domain)
    {
        if (Environment.GetEnvironmentVariable(RecordVariable) != "1")
        {
            return;
        }

        var result = await CheckCli.RunAsync(["--json", .. CheckCli.TestbedResolver(testbed.World), domain]);
        Assert.True(result.ExitCode is >= 0 and <= 3, result.StandardError);
        var path = Path.Combine(CheckCliFolder, "Recorded", name + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, result.StandardOutput, new UTF8Encoding(false));
    }

    private static string FirstDifferences(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var sb = new StringBuilder();
        for (int i = 0, shown = 0; i < Math.Max(a.Length, b.Length) && shown < 6; i++)
        {
            var x = i < a.Length ? a[i] : "(none)";
            var y = i < b.Length ? b[i] : "(none)";
            if (x != y)
            {
                sb.Append("line ").Append(i + 1).Append(":\n  approved: ").Append(x).Append("\n  live:     ").Append(y).Append('\n');
                shown++;
            }
        }

        return sb.ToString();
    }

    [GeneratedRegex("[0-9A-F]{16,}")]
    private static partial Regex HexPattern();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?Z?")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"\b(key|tag|DS|keys?) \d+\b")]
    private static partial Regex KeyTagPattern();

    [GeneratedRegex(@"DS \d+/")]
    private static partial Regex DsTagPattern();

    [GeneratedRegex(@", \d+\.\d s$", RegexOptions.Multiline)]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"\b\d+ s\b")]
    private static partial Regex SecondsPattern();
}
