using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DaneKit.TlsRpt;

namespace DaneKit.Cli.Commands;

/// <summary>
/// <c>danekit tlsrpt summarize FILES... [--json]</c>: reads aggregate TLS reports (RFC 8460 section 4; JSON,
/// <c>.json.gz</c> or report mail) and prints the counts by policy type, sending organisation and day, the warnings
/// and the rejected files. Exit codes: 0 every file ingested, 1 some rejected, 64 usage error (no files, a missing file).
/// </summary>
internal static class TlsRptCommand
{
    /// <summary>Some files were rejected.</summary>
    public const int SomeRejected = 1;

    /// <summary>Builds the <c>tlsrpt</c> command with its <c>summarize</c> subcommand.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var files = new Argument<string[]>("FILES") { Description = "Report files: JSON, .json.gz or a report mail (.eml).", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print JSON (snake_case) instead of tables." };
        var summarize = new Command("summarize", "Summarize TLS-RPT aggregate reports (RFC 8460) by policy type, organisation and day.");
        summarize.Arguments.Add(files);
        summarize.Options.Add(json);
        summarize.SetAction(async (parseResult, cancellationToken) => await RunAsync(parseResult.GetValue(files) ?? [], parseResult.GetValue(json),
            parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken).ConfigureAwait(false));

        var command = new Command("tlsrpt", "SMTP TLS Reporting (RFC 8460) reports.");
        command.Subcommands.Add(summarize);
        return command;
    }

    /// <summary>Runs <c>tlsrpt summarize</c>.</summary>
    /// <param name="files">The report files.</param>
    /// <param name="json">Print JSON.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The exit code.</returns>
    internal static async Task<int> RunAsync(IReadOnlyList<string> files, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (files.Count == 0)
        {
            await error.WriteLineAsync("danekit tlsrpt summarize: no report files given").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                await error.WriteLineAsync($"danekit tlsrpt summarize: no such file '{file}'").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
        }

        var results = new List<TlsRptReadResult>();
        foreach (var file in files)
        {
            results.Add(await TlsRptReportReader.ReadFileAsync(file, null, cancellationToken).ConfigureAwait(false));
        }

        var summary = TlsRptSummary.Create(results);
        await output.WriteAsync(json ? TlsRptSummaryOutput.Json(summary, files.Count) : TlsRptSummaryOutput.Text(summary, files.Count)).ConfigureAwait(false);
        return summary.Rejected.Count == 0 ? ExitCodes.Ok : SomeRejected;
    }
}

/// <summary>The text and JSON forms of a <see cref="TlsRptSummary"/> (described in docs/tlsrpt.md).</summary>
internal static class TlsRptSummaryOutput
{
    /// <summary>The JSON schema version of <c>tlsrpt summarize --json</c>.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Plain-text tables.</summary>
    /// <param name="summary">The summary.</param>
    /// <param name="files">How many files were given.</param>
    /// <returns>The text, newline-terminated lines.</returns>
    public static string Text(TlsRptSummary summary, int files)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"TLS-RPT summary: {files} file(s), {summary.Ingested.Count} ingested, {summary.Rejected.Count} rejected\n");
        Table(text, "Totals", "", new SortedDictionary<string, TlsRptCounts>(StringComparer.Ordinal) { ["all"] = summary.Totals });
        Table(text, "By policy type", "policy-type", summary.ByPolicyType);
        Table(text, "By organisation", "organization-name", summary.ByOrganization);
        Table(text, "By day (UTC, date-range start)", "day", summary.ByDay);
        var warned = summary.Ingested.Where(i => i.Warnings.Count > 0).ToList();
        if (warned.Count > 0)
        {
            text.Append("\nWarnings\n");
            foreach (var file in warned)
            {
                foreach (var warning in file.Warnings)
                {
                    text.Append(CultureInfo.InvariantCulture, $"  {file.Source}: {warning.Code} {warning.Message} ({warning.Rfc})\n");
                }
            }
        }

        if (summary.Rejected.Count > 0)
        {
            text.Append("\nRejected\n");
            foreach (var file in summary.Rejected)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {file.Source}: {file.Reason.Code} {file.Reason.Message} ({file.Reason.Rfc})\n");
            }
        }

        return text.ToString();
    }

    private static void Table(StringBuilder text, string title, string keyHeader, IReadOnlyDictionary<string, TlsRptCounts> rows)
    {
        text.Append('\n').Append(title).Append('\n');
        if (rows.Count == 0)
        {
            text.Append("  (none)\n");
            return;
        }

        var header = new[] { keyHeader, "reports", "successful", "failed", "failures by result type" };
        var cells = rows.Select(r => new[]
        {
            r.Key,
            r.Value.Reports.ToString(CultureInfo.InvariantCulture),
            r.Value.SuccessfulSessions.ToString(CultureInfo.InvariantCulture),
            r.Value.FailedSessions.ToString(CultureInfo.InvariantCulture),
            r.Value.FailuresByResultType.Count == 0 ? "-" : string.Join(", ", r.Value.FailuresByResultType.Select(f => $"{f.Key}={f.Value.ToString(CultureInfo.InvariantCulture)}")),
        }).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => Math.Max(header[c].Length, cells.Max(row => row[c].Length))).ToArray();
        void Line(string[] row)
        {
            text.Append("  ").Append(row[0].PadRight(widths[0]));
            for (var c = 1; c < 4; c++)
            {
                text.Append("  ").Append(row[c].PadLeft(widths[c]));
            }

            text.Append("  ").Append(row[4]).Append('\n');
        }

        Line(header);
        foreach (var row in cells)
        {
            Line(row);
        }
    }

    /// <summary>The JSON form.</summary>
    /// <param name="summary">The summary.</param>
    /// <param name="files">How many files were given.</param>
    /// <returns>Indented JSON and a newline.</returns>
    public static string Json(TlsRptSummary summary, int files)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schema_version", SchemaVersion);
            writer.WriteNumber("files", files);
            writer.WriteStartArray("ingested");
            foreach (var file in summary.Ingested)
            {
                writer.WriteStartObject();
                writer.WriteString("file", file.Source);
                writer.WriteString("format", file.Format);
                writer.WriteString("organization_name", file.OrganizationName);
                writer.WriteString("report_id", file.ReportId);
                writer.WriteStartArray("warnings");
                foreach (var warning in file.Warnings)
                {
                    WriteFinding(writer, warning);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("rejected");
            foreach (var file in summary.Rejected)
            {
                writer.WriteStartObject();
                writer.WriteString("file", file.Source);
                writer.WritePropertyName("reason");
                WriteFinding(writer, file.Reason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WritePropertyName("totals");
            WriteCounts(writer, summary.Totals);
            WriteGroup(writer, "by_policy_type", summary.ByPolicyType);
            WriteGroup(writer, "by_organization", summary.ByOrganization);
            WriteGroup(writer, "by_day", summary.ByDay);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteGroup(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, TlsRptCounts> group)
    {
        writer.WriteStartObject(name);
        foreach (var (key, counts) in group)
        {
            writer.WritePropertyName(key);
            WriteCounts(writer, counts);
        }

        writer.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter writer, TlsRptCounts counts)
    {
        writer.WriteStartObject();
        writer.WriteNumber("reports", counts.Reports);
        writer.WriteNumber("successful_sessions", counts.SuccessfulSessions);
        writer.WriteNumber("failed_sessions", counts.FailedSessions);
        writer.WriteStartObject("failures_by_result_type");
        foreach (var (type, count) in counts.FailuresByResultType)
        {
            writer.WriteNumber(type, count);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter writer, TlsRptFinding finding)
    {
        writer.WriteStartObject();
        writer.WriteString("code", finding.Code);
        writer.WriteString("severity", finding.Severity.ToString().ToLowerInvariant());
        writer.WriteString("rfc", finding.Rfc);
        writer.WriteString("message", finding.Message);
        writer.WriteEndObject();
    }
}
