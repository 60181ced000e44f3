using System.Text.Json;
using DaneKit.Cli;
using DaneKit.Cli.Commands;

namespace DaneKit.Tests.Survey;

/// <summary><c>danekit scan</c> in-process: options, standard input, the summary and its JSON, progress, exit codes.</summary>
public sealed class ScanCommandTests : IDisposable
{
    private readonly string _output = ScanFiles.TempFile();
    private readonly string _summary = ScanFiles.TempFile();

    public void Dispose()
    {
        File.Delete(_output);
        File.Delete(_summary);
    }

    private static CheckArguments Resolver() => new(null, Resolver: "127.0.0.1", Timeout: "5", NoMtaSts: true);

    [Fact]
    public async Task DomainsFromStandardInputAreScannedAndSummarized()
    {
        using var w = new ScanWorld().DaneHost("mx.shared.example.", "192.0.2.1");
        for (var i = 0; i < 5; i++)
        {
            w.Domain($"d{i}.example.", "mx.shared.example.");
        }

        var output = new StringWriter();
        var error = new StringWriter();
        var code = await ScanCommand.RunAsync(new ScanArguments("-", _output, Resolver(), SummaryJson: _summary, Quiet: true),
            new StringReader("d0.example\nd1.example\nd2.example\nd3.example\nd4.example\nd0.example\nnot a name\n"), output, error,
            new ScanFakes(w.Dns, w.Prober), CancellationToken.None);

        Assert.True(code == ExitCodes.Ok, error.ToString());
        Assert.Equal("", error.ToString());
        Assert.Equal(6, ScanFiles.Read(_output).Count);
        Assert.Equal(1, w.Prober.Calls);
        Assert.Contains("scan completed: 5 domains checked", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("authenticated", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("top MX providers (domains):\n  shared.example", output.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(_summary));
        Assert.Equal("completed", summary.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(5, summary.RootElement.GetProperty("verdicts").GetProperty("authenticated").GetInt64());
        Assert.Equal(1, summary.RootElement.GetProperty("invalid").GetInt64());
        Assert.Equal(1, summary.RootElement.GetProperty("duplicates").GetInt64());
        Assert.Equal(1, summary.RootElement.GetProperty("probesMade").GetInt64());
    }

    [Fact]
    public async Task WithoutATerminalProgressIsAPlainLineAtTheEnd()
    {
        using var w = new ScanWorld().DaneHost("mx.shared.example.", "192.0.2.1").Domain("d0.example.", "mx.shared.example.");
        var input = ScanFiles.TempFile();
        await File.WriteAllTextAsync(input, "d0.example\n");
        try
        {
            var error = new StringWriter();
            var code = await ScanCommand.RunAsync(new ScanArguments(input, _output, Resolver()), null, new StringWriter(), error, new ScanFakes(w.Dns, w.Prober),
                CancellationToken.None);
            Assert.Equal(ExitCodes.Ok, code);
            var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("1/1 lines (100.0%)", line, StringComparison.Ordinal);
            Assert.Contains("authenticated 1", line, StringComparison.Ordinal);
            Assert.DoesNotContain('\r', line);
        }
        finally
        {
            File.Delete(input);
        }
    }

    [Theory]
    [InlineData(null, "-o: give the output file")]
    [InlineData("--concurrency=0", "--concurrency: '0' is not a number from 1 to 4096")]
    [InlineData("--per-mx=x", "--per-mx: 'x' is not a number")]
    [InlineData("--per-ip=-1", "--per-ip: '-1' is not a number")]
    [InlineData("--iterative", "--iterative: not with --resolver")]
    [InlineData("--missing-input", "FILE: '/nonexistent/domains.txt': no such file")]
    public async Task BadUsageIsExitCode64WithOneLine(string? variant, string message)
    {
        var check = variant == "--iterative" ? Resolver() with { Iterative = true } : Resolver();
        var arguments = new ScanArguments(variant == "--missing-input" ? "/nonexistent/domains.txt" : "-", variant is null ? null : _output, check,
            Concurrency: variant == "--concurrency=0" ? "0" : null, PerMx: variant == "--per-mx=x" ? "x" : null, PerIp: variant == "--per-ip=-1" ? "-1" : null);
        var error = new StringWriter();
        var code = await ScanCommand.RunAsync(arguments, new StringReader(""), new StringWriter(), error, null, CancellationToken.None);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal($"danekit scan: {message}", error.ToString().Split('\n')[0][..$"danekit scan: {message}".Length]);
    }

    [Fact]
    public async Task TheCommandIsRegistered()
    {
        var output = new StringWriter();
        var code = await Program.RunAsync(["scan", "--help"], output, new StringWriter(), CancellationToken.None);
        Assert.Equal(0, code);
        foreach (var option in new[] { "--output", "--concurrency", "--per-mx", "--per-ip", "--reprobe", "--no-mta-sts", "--summary-json", "--quiet", "--trust-anchor", "-4", "-6" })
        {
            Assert.Contains(option, output.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task InterruptedIsExitCode130AndTheOutputIsResumable()
    {
        using var w = new ScanWorld().DaneHost("mx.stuck.example.", "192.0.2.99").Domain("d0.example.", "mx.stuck.example.");
        w.Prober.Hang = System.Net.IPAddress.Parse("192.0.2.99");
        using var cancel = new CancellationTokenSource();
        var run = ScanCommand.RunAsync(new ScanArguments("-", _output, Resolver(), Quiet: true), new StringReader("d0.example\n"), new StringWriter(),
            new StringWriter(), new ScanFakes(w.Dns, w.Prober), cancel.Token);
        await ScanFiles.WaitUntil(() => w.Prober.Calls == 1);
        await cancel.CancelAsync();
        Assert.Equal(ExitCodes.Cancelled, await run);
        Assert.Empty(ScanFiles.Read(_output));
    }
}
