using DaneKit.Dnssec;
using DaneKit.Smtp;
using DaneKit.Survey;

namespace DaneKit.Tests.Survey;

/// <summary>
/// <see cref="SurveyScanner"/> with a real <see cref="DaneChecker"/> over scripted DNS and a counting prober under the
/// <see cref="SharedProber"/>: the JSON Lines output, dedup, bad lines, resume, probe sharing, politeness limits,
/// cancellation and the counts.
/// </summary>
public sealed class SurveyScannerTests : IDisposable
{
    private readonly List<string> _files = [];

    private string Output()
    {
        var path = ScanFiles.TempFile();
        _files.Add(path);
        return path;
    }

    public void Dispose()
    {
        foreach (var f in _files)
        {
            File.Delete(f);
        }
    }

    private static ScanWorld SharedWorld(int domains)
    {
        var w = new ScanWorld().DaneHost("mx.shared.example.", "192.0.2.1");
        for (var i = 0; i < domains; i++)
        {
            w.Domain($"d{i}.example.", "mx.shared.example.");
        }

        return w;
    }

    private static string Lines(int domains) => string.Join("\n", Enumerable.Range(0, domains).Select(i => $"d{i}.example")) + "\n";

    [Fact]
    public async Task EveryLineIsACheckDocumentAndDuplicatesAndBadLinesAreHandled()
    {
        using var w = SharedWorld(20);
        using var prober = w.Shared();
        var scanner = new SurveyScanner(w.Check(prober), 8);
        var input = "# a survey\n\n" + Lines(20) + "D3.EXAMPLE.\n d4.example \nbad..name\n192.0.2.7\nbad..name\nd5.example\n";
        var path = Output();

        Assert.Equal(SurveyOutcome.Completed, await scanner.RunAsync(new StringReader(input), path, CancellationToken.None));

        var lines = ScanFiles.Read(path);
        Assert.Equal(22, lines.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"d{i}.example.").Order(), lines.Where(l => l.Result is not null).Select(l => l.Domain).Order());
        Assert.All(lines.Where(l => l.Result is not null), l => Assert.Equal(DaneVerdict.Authenticated, l.Result!.Verdict));
        var errors = lines.Where(l => l.Error is not null).ToList();
        Assert.Equal(["192.0.2.7", "bad..name"], errors.Select(e => e.Domain).Order());
        Assert.Contains("empty label", errors.Single(e => e.Domain == "bad..name").Error, StringComparison.Ordinal);

        var t = scanner.Tally;
        Assert.Equal(28, t.Lines);
        Assert.Equal(2, t.Skipped);
        Assert.Equal(4, t.Duplicates);
        Assert.Equal(2, t.Invalid);
        Assert.Equal(20, t.Checked);
        Assert.Equal(22, scanner.Output!.Written);
    }

    [Fact]
    public async Task DomainsOnOneMxShareOneProbeUnlessReprobe()
    {
        using var w = SharedWorld(50);
        using (var prober = w.Shared())
        {
            var scanner = new SurveyScanner(w.Check(prober), 16);
            Assert.Equal(SurveyOutcome.Completed, await scanner.RunAsync(new StringReader(Lines(50)), Output(), CancellationToken.None));
            Assert.Equal(1, w.Prober.Calls);
            Assert.Equal(1, prober.ProbesMade);
            Assert.Equal(49, prober.ProbesShared);
        }

        using (var prober = w.Shared(reprobe: true))
        {
            var scanner = new SurveyScanner(w.Check(prober), 16);
            Assert.Equal(SurveyOutcome.Completed, await scanner.RunAsync(new StringReader(Lines(50)), Output(), CancellationToken.None));
            Assert.Equal(51, w.Prober.Calls);
            Assert.Equal(50, prober.ProbesMade);
        }
    }

    [Fact]
    public async Task AtMostPerMxProbesOfOneHostRunAtOnce()
    {
        // Six domains share mx.big.example., which has eight addresses.
        var addresses = Enumerable.Range(1, 8).Select(i => $"192.0.2.{i}").ToArray();
        using var w = new ScanWorld().DaneHost("mx.big.example.", addresses);
        for (var i = 0; i < 6; i++)
        {
            w.Domain($"d{i}.example.", "mx.big.example.");
        }

        w.Prober.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var prober = w.Shared(perMx: 3, perIp: 2);
        var scanner = new SurveyScanner(w.Check(prober), 6);
        var run = scanner.RunAsync(new StringReader(Lines(6)), Output(), CancellationToken.None);
        await ScanFiles.WaitUntil(() => w.Prober.Calls == 3);
        await Task.Delay(200);
        Assert.Equal(3, w.Prober.Calls);
        w.Prober.Gate.SetResult();
        Assert.Equal(SurveyOutcome.Completed, await run);
        Assert.Equal(8, w.Prober.Calls);
        Assert.Equal(3, w.Prober.MaxInFlight("host:mx.big.example"));
    }

    [Fact]
    public async Task AtMostPerIpProbesOfOneAddressRunAtOnce()
    {
        // Ten MX hosts (one domain each) on one address.
        using var w = new ScanWorld();
        for (var i = 0; i < 10; i++)
        {
            w.DaneHost($"mx{i}.example.", "192.0.2.50").Domain($"d{i}.example.", $"mx{i}.example.");
        }

        w.Prober.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var prober = w.Shared(perMx: 4, perIp: 2);
        var scanner = new SurveyScanner(w.Check(prober), 10);
        var run = scanner.RunAsync(new StringReader(Lines(10)), Output(), CancellationToken.None);
        await ScanFiles.WaitUntil(() => w.Prober.Calls == 2);
        await Task.Delay(200);
        Assert.Equal(2, w.Prober.Calls);
        w.Prober.Gate.SetResult();
        Assert.Equal(SurveyOutcome.Completed, await run);
        Assert.Equal(10, w.Prober.Calls);
        Assert.Equal(2, w.Prober.MaxInFlight("ip:192.0.2.50"));
    }

    [Fact]
    public async Task AResumeAfterATruncatedLastLineGivesExactlyOneResultPerDomain()
    {
        using var w = SharedWorld(30);
        var path = Output();
        using (var prober = w.Shared())
        {
            await new SurveyScanner(w.Check(prober), 4).RunAsync(new StringReader(Lines(30) + "bad..name\n"), path, CancellationToken.None);
        }

        // Keep ten lines and half of the eleventh, as a kill in the middle of a write would.
        var all = File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await File.WriteAllTextAsync(path, string.Join("\n", all.Take(10)) + "\n" + all[10][..(all[10].Length / 2)]);

        using (var prober = w.Shared())
        {
            var scanner = new SurveyScanner(w.Check(prober), 4);
            Assert.Equal(SurveyOutcome.Completed, await scanner.RunAsync(new StringReader(Lines(30) + "bad..name\n"), path, CancellationToken.None));
            Assert.Equal(10, scanner.Tally.Resumed);
            Assert.True(scanner.Output!.TruncatedBytes > 0);
            Assert.Equal(21, scanner.Output.Written);
        }

        var lines = ScanFiles.Read(path);
        Assert.Equal(31, lines.Count);
        Assert.Equal(31, lines.Select(l => l.Domain).Distinct().Count());
    }

    [Fact]
    public async Task CancellingLeavesAResumableFile()
    {
        // d0..d19 on a host that answers, d20..d39 on one that never does.
        using var w = SharedWorld(20).DaneHost("mx.stuck.example.", "192.0.2.99");
        for (var i = 20; i < 40; i++)
        {
            w.Domain($"d{i}.example.", "mx.stuck.example.");
        }

        w.Prober.Hang = System.Net.IPAddress.Parse("192.0.2.99");
        var path = Output();
        using var cancel = new CancellationTokenSource();
        var input = string.Join("\n", Enumerable.Range(0, 40).Select(i => $"d{(i % 2 == 0 ? i / 2 : 20 + (i / 2))}.example")) + "\n";
        SurveyScanner scanner;
        using (var prober = w.Shared())
        {
            scanner = new SurveyScanner(w.Check(prober), 64);
            var run = scanner.RunAsync(new StringReader(input), path, cancel.Token);
            await ScanFiles.WaitUntil(() => scanner.Output is { Written: 20 });
            await cancel.CancelAsync();
            Assert.Equal(SurveyOutcome.Interrupted, await run);
        }

        var first = ScanFiles.Read(path);
        Assert.Equal(20, first.Count);
        Assert.All(first, l => Assert.Equal(DaneVerdict.Authenticated, l.Result!.Verdict));

        w.Prober.Hang = null;
        using (var prober = w.Shared())
        {
            var again = new SurveyScanner(w.Check(prober), 64);
            Assert.Equal(SurveyOutcome.Completed, await again.RunAsync(new StringReader(input), path, CancellationToken.None));
            Assert.Equal(20, again.Tally.Resumed);
            Assert.Equal(20, again.Tally.Checked);
        }

        var lines = ScanFiles.Read(path);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"d{i}.example.").Order(), lines.Select(l => l.Domain).Order());
    }

    [Fact]
    public async Task ACheckThatThrowsIsAnErrorRecordAndTheScanGoesOn()
    {
        var scanner = new SurveyScanner((domain, _) => domain.ToString() == "boom.example."
            ? throw new InvalidOperationException("bug")
            : Task.FromResult(ScanResults.NoMail(domain.ToString())), 2);
        var path = Output();
        Assert.Equal(SurveyOutcome.Completed, await scanner.RunAsync(new StringReader("a.example\nboom.example\nb.example\n"), path, CancellationToken.None));
        var lines = ScanFiles.Read(path);
        Assert.Equal(3, lines.Count);
        Assert.Contains("bug", lines.Single(l => l.Domain == "boom.example.").Error, StringComparison.Ordinal);
        Assert.Equal(1, scanner.Tally.Failed);

        // Resumed, the failed domain counts as done: still one line per domain.
        var again = new SurveyScanner((domain, _) => Task.FromResult(ScanResults.NoMail(domain.ToString())), 2);
        await again.RunAsync(new StringReader("a.example\nboom.example\nb.example\n"), path, CancellationToken.None);
        Assert.Equal(3, ScanFiles.Read(path).Count);
    }

    [Fact]
    public async Task TheSummaryCountsVerdictsFindingsProvidersAndDane()
    {
        // Three DANE domains at shared.example (one also at plain.example), two without TLSA at plain.example, one with a null MX.
        using var w = new ScanWorld().DaneHost("mx1.shared.example.", "192.0.2.1").PlainHost("mx.plain.example.", "192.0.2.2");
        w.Domain("a.example.", "mx1.shared.example.").Domain("b.example.", "mx1.shared.example.").Domain("c.example.", "mx1.shared.example.", "mx.plain.example.")
            .Domain("d.example.", "mx.plain.example.").Domain("e.example.", "mx.plain.example.");
        w.Dns.Set("f.example.", DaneKit.Dns.DnsType.MX, SecurityStatus.Secure, new DaneKit.Dns.Records.MxData(0, DaneKit.Dns.DnsName.Root));
        using var prober = w.Shared();
        var scanner = new SurveyScanner(w.Check(prober), 4);
        await scanner.RunAsync(new StringReader("a.example\nb.example\nc.example\nd.example\ne.example\nf.example\n"), Output(), CancellationToken.None);

        var summary = SurveySummary.From(scanner.Tally, SurveyOutcome.Completed, scanner.Output!.Written, prober.ProbesMade, prober.ProbesShared,
            TimeSpan.FromSeconds(2), 123);
        Assert.Equal(6, summary.Checked);
        Assert.Equal(2, summary.Verdicts["authenticated"]);
        // c.example. has a host without DANE too: the domain is only as strong as its weakest MX host.
        Assert.Equal(3, summary.Verdicts["opportunistic"]);
        Assert.Equal(1, summary.Verdicts["no-mail"]);
        Assert.Equal(6, summary.Verdicts.Values.Sum());
        Assert.Equal(3, summary.Dane.Domains);
        Assert.Equal(50, summary.Dane.Percent);
        Assert.Equal(2, summary.Dane.Authenticated);
        Assert.Equal(new SurveyCount("plain.example", 3), summary.Providers[0]);
        Assert.Equal(new SurveyCount("shared.example", 3), summary.Providers[1]);
        Assert.Equal(2, summary.ProbesMade);
        Assert.Equal(3, summary.DomainsPerSecond);
        Assert.NotEmpty(summary.Findings);

        var json = System.Text.Json.JsonDocument.Parse(summary.ToJson()).RootElement;
        Assert.Equal(6, json.GetProperty("checked").GetInt64());
        Assert.Equal(3, json.GetProperty("dane").GetProperty("domains").GetInt64());
        Assert.Equal(123, json.GetProperty("peakRssBytes").GetInt64());
        var text = new StringWriter();
        summary.WriteText(text);
        Assert.Contains("DANE: 3 domains (50.0% of checked)", text.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mx1.mail.example.net.", "example.net")]
    [InlineData("MX.Example.COM", "example.com")]
    [InlineData("localhost.", "localhost")]
    [InlineData("example.", "example")]
    public void TheProviderIsTheLastTwoLabels(string host, string provider) => Assert.Equal(provider, SurveyTally.ProviderOf(host));
}

/// <summary>Minimal results for scans whose checks are not the subject.</summary>
internal static class ScanResults
{
    public static DaneCheckResult NoMail(string domain) => new()
    {
        Domain = domain,
        Mode = CheckMode.Mail,
        Port = 25,
        TlsMode = SmtpProbeMode.StartTls,
        TlsaContext = DaneKit.Tlsa.TlsaContext.Smtp,
        AddressFamilies = CheckAddressFamilies.Both,
        StartedAt = DateTimeOffset.UnixEpoch,
        Verdict = DaneVerdict.NoMail,
        VerdictRfc = "RFC 7505",
        VerdictReason = "null MX",
    };
}
