using System.Text;
using System.Text.Json;
using DaneKit.Tests.Cli;

namespace DaneKit.Tests.TlsRpt;

/// <summary><c>danekit tlsrpt summarize</c>: tables, JSON, rejected files and exit codes.</summary>
public sealed class TlsRptSummarizeCliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("danekit-tlsrpt-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private string[] GoodFiles() =>
    [
        Write("rfc.json", TlsRptSamples.Lf(TlsRptSamples.RfcAppendixB)),
        Write("google.json.gz", TlsRptSamples.Gzip(TlsRptSamples.Bytes(TlsRptSamples.GoogleShaped))),
        Write("microsoft.eml", Encoding.ASCII.GetBytes(TlsRptSamples.Mail(TlsRptSamples.Gzip(TlsRptSamples.Bytes(TlsRptSamples.MicrosoftShaped)), "application/tlsrpt+gzip", "ms.json.gz"))),
    ];

    [Fact]
    public async Task AllIngestedPrintsTablesAndExitsZero()
    {
        var run = await CliRunner.RunAsync(["tlsrpt", "summarize", .. GoodFiles()]);
        Assert.True(run.Code == 0, run.ToString());
        Assert.Contains("3 file(s), 3 ingested, 0 rejected", run.Out, StringComparison.Ordinal);
        Assert.Contains(run.OutLines, l => l.TrimStart().StartsWith("sts ", StringComparison.Ordinal) && l.Contains("certificate-expired=100", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.TrimStart().StartsWith("Company-X", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.TrimStart().StartsWith("2016-04-01", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.TrimStart().StartsWith("2026-11-28", StringComparison.Ordinal) && l.Contains("certificate-revoked=1", StringComparison.Ordinal));
        Assert.Contains("TLSRPT-REPORT-FIELD-NULL", run.Out, StringComparison.Ordinal);
        // RFC 8460 Appendix B as printed: its defects are warnings, each on one line although the value holds a line feed.
        Assert.Contains(run.OutLines, l => l.Contains("rfc.json: TLSRPT-REPORT-JSON-CONTROL-CHARACTER", StringComparison.Ordinal) && l.EndsWith("(RFC 8460 4)", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.Contains("rfc.json: TLSRPT-REPORT-URI-INVALID", StringComparison.Ordinal) && l.EndsWith("(RFC 8460 4.4)", StringComparison.Ordinal));
        Assert.DoesNotContain("Rejected", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonHasTheDocumentedShape()
    {
        var bad = Write("bad.json", TlsRptSamples.Bytes("{\"organization-name\": 1}"));
        var run = await CliRunner.RunAsync(["tlsrpt", "summarize", "--json", .. GoodFiles(), bad]);
        Assert.True(run.Code == 1, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schema_version").GetInt32());
        Assert.Equal(4, root.GetProperty("files").GetInt32());
        Assert.Equal(3, root.GetProperty("ingested").GetArrayLength());
        Assert.Equal("mime+gzip", root.GetProperty("ingested")[2].GetProperty("format").GetString());
        var rejected = Assert.Single(root.GetProperty("rejected").EnumerateArray());
        Assert.Equal(bad, rejected.GetProperty("file").GetString());
        Assert.Equal("TLSRPT-REPORT-FIELD-TYPE", rejected.GetProperty("reason").GetProperty("code").GetString());
        var totals = root.GetProperty("totals");
        Assert.Equal(3, totals.GetProperty("reports").GetInt32());
        Assert.Equal(5326 + 41 + 7 + 12, totals.GetProperty("successful_sessions").GetInt64());
        Assert.Equal(303 + 2 + 1, totals.GetProperty("failed_sessions").GetInt64());
        Assert.Equal(2, totals.GetProperty("failures_by_result_type").GetProperty("tlsa-invalid").GetInt64());
        Assert.Equal(2, root.GetProperty("by_policy_type").GetProperty("sts").GetProperty("reports").GetInt32());
        Assert.Equal(1, root.GetProperty("by_policy_type").GetProperty("no-policy-found").GetProperty("failed_sessions").GetInt64());
        Assert.Equal(303, root.GetProperty("by_organization").GetProperty("Company-X").GetProperty("failed_sessions").GetInt64());
        Assert.Equal(48, root.GetProperty("by_day").GetProperty("2026-11-27").GetProperty("successful_sessions").GetInt64());
    }

    [Fact]
    public async Task RejectedFilesAreListedWithTheirReasonAndExitOne()
    {
        var bomb = Write("bomb.json.gz", TlsRptSamples.Gzip(new byte[21 * 1024 * 1024]));
        var garbage = Write("garbage.json", TlsRptSamples.Bytes("{ not json"));
        var run = await CliRunner.RunAsync("tlsrpt", "summarize", GoodFiles()[0], bomb, garbage);
        Assert.True(run.Code == 1, run.ToString());
        Assert.Contains(run.OutLines, l => l.Contains(bomb, StringComparison.Ordinal) && l.Contains("TLSRPT-GZIP-TOO-LARGE", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.Contains(garbage, StringComparison.Ordinal) && l.Contains("TLSRPT-REPORT-JSON-INVALID", StringComparison.Ordinal));
        Assert.Contains("3 file(s), 1 ingested, 2 rejected", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoFilesIsAUsageError()
    {
        var run = await CliRunner.RunAsync("tlsrpt", "summarize");
        Assert.Equal(64, run.Code);
    }

    [Fact]
    public async Task MissingFileIsAUsageError()
    {
        var run = await CliRunner.RunAsync("tlsrpt", "summarize", Path.Combine(_directory, "nope.json"));
        Assert.Equal(64, run.Code);
        Assert.Contains("no such file", run.Err, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
    }
}
