using System.Diagnostics;
using System.Text.Json;
using DaneKit.Testbed.Tests.Check;
using DaneKit.Testbed.Tests.Tlsa;

namespace DaneKit.Testbed.Tests.Survey;

/// <summary>
/// <c>danekit scan</c> as a process inside the testbed namespace: one scan of every live scenario domain reaches the
/// catalogue's verdicts (as <c>danekit check</c> does, with the same named differences), and a scan killed with SIGKILL
/// and run again leaves exactly one result per domain.
/// </summary>
[Collection(LiveTestbed.Name)]
public sealed class ScanCatalogueTests(TestbedFixture testbed) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _directory = Directory.CreateTempSubdirectory("danekit-scan-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string[] LiveDomains() => testbed.World.Scenarios.Select(id => testbed.LiveScenario(id).Domain).ToArray();

    private string[] ScanArguments(string input, string output) =>
        ["LANG=C.UTF-8", TlsaGenerators.DanekitPath, "scan", input, "-o", output, .. CheckCli.TestbedResolver(testbed.World), "--quiet"];

    [Fact]
    public async Task EveryScenarioGetsTheCataloguesVerdict()
    {
        var input = Path.Combine(_directory, "domains.txt");
        var output = Path.Combine(_directory, "results.jsonl");
        var summary = Path.Combine(_directory, "summary.json");
        await File.WriteAllLinesAsync(input, ["# every live scenario", .. LiveDomains()]);

        var run = await ProcessRunner.RunAsync("/usr/bin/env", [.. ScanArguments(input, output), "--summary-json", summary], CheckCli.Deadline * 2);
        Assert.True(run.ExitCode == 0, $"{run.CommandLine} exited with {run.ExitCode}:\n{run.StandardError}{run.StandardOutput}");

        var documents = ReadDocuments(output);
        Assert.Equal(LiveDomains().Order(StringComparer.Ordinal), documents.Select(d => d.Domain).Order(StringComparer.Ordinal));
        var problems = new List<string>();
        foreach (var id in testbed.World.Scenarios)
        {
            var live = testbed.LiveScenario(id);
            var document = documents.Single(d => d.Domain == live.Domain);
            var mismatches = CheckCatalogueAgreementTests.Compare(live, document);
            CheckCatalogueAgreementTests.Differences.TryGetValue(id, out var named);
            if (!mismatches.SequenceEqual(named is null ? [] : [named.Mismatch]))
            {
                problems.Add($"{id}: {string.Join("; ", mismatches)}");
            }

            if (document.ExitCode != CheckCli.ExitCodeFor(document.Verdict))
            {
                problems.Add($"{id}: exitCode {document.ExitCode} for {document.Verdict}");
            }
        }

        Assert.True(problems.Count == 0, $"{run.CommandLine}: the scan differs from the catalogue:\n  {string.Join("\n  ", problems)}");

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(summary));
        Assert.Equal(documents.Count, json.RootElement.GetProperty("checked").GetInt64());
        Assert.Equal("completed", json.RootElement.GetProperty("outcome").GetString());
        Assert.Contains("scan completed", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AScanKilledAndRunAgainHasExactlyOneResultPerDomain()
    {
        var domains = LiveDomains();
        var input = Path.Combine(_directory, "domains.txt");
        var output = Path.Combine(_directory, "results.jsonl");

        // Every domain twice (once in upper case), and a bad line.
        await File.WriteAllLinesAsync(input, [.. domains, "not..a.domain", .. domains.Select(d => d.ToUpperInvariant())]);

        var startInfo = new ProcessStartInfo("/usr/bin/env") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in ScanArguments(input, output).Concat(["--concurrency", "4"]))
        {
            startInfo.ArgumentList.Add(a);
        }

        using (var first = Process.Start(startInfo)!)
        {
            var drain = Task.WhenAll(first.StandardOutput.ReadToEndAsync(), first.StandardError.ReadToEndAsync());
            var deadline = DateTime.UtcNow + CheckCli.Deadline;
            while (CompleteLines(output) < 5 && !first.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.False(first.HasExited, $"the first scan ended before it could be killed (exit {(first.HasExited ? first.ExitCode : 0)})");
            first.Kill(); // SIGKILL
            await first.WaitForExitAsync();
            await drain;
        }

        var written = CompleteLines(output);
        Assert.True(written >= 5 && written < domains.Length + 1, $"{written} complete lines after the kill");

        var again = await ProcessRunner.RunAsync("/usr/bin/env", ScanArguments(input, output), CheckCli.Deadline * 2);
        Assert.True(again.ExitCode == 0, $"{again.CommandLine} exited with {again.ExitCode}:\n{again.StandardError}{again.StandardOutput}");

        var lines = File.ReadAllText(output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var keys = lines.Select(l =>
        {
            using var d = JsonDocument.Parse(l);
            return d.RootElement.GetProperty("domain").GetString()!;
        }).ToList();
        Assert.Equal(domains.Append("not..a.domain").Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        Assert.Equal(domains.Length + 1, keys.Count);
        Assert.Equal(domains.Length, ReadDocuments(output).Count);
    }

    /// <summary>The complete lines of the output so far (a partial last line is not counted).</summary>
    private static int CompleteLines(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var count = 0;
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            if (b == '\n')
            {
                count++;
            }
        }

        return count;
    }

    private static List<CheckDocument> ReadDocuments(string path)
    {
        var documents = new List<CheckDocument>();
        foreach (var line in File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var parsed = JsonDocument.Parse(line);
            if (parsed.RootElement.TryGetProperty("error", out _))
            {
                continue;
            }

            var document = JsonSerializer.Deserialize<CheckDocument>(line, Json);
            Assert.NotNull(document);
            Assert.Equal(1, document.SchemaVersion);
            documents.Add(document);
        }

        return documents;
    }
}
