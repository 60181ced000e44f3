using System.Text.Json;
using DaneKit.Web.Storage;

namespace DaneKit.Web.Api;

/// <summary>The API's JSON settings: camelCase, nulls written, and the default encoder, which escapes HTML-significant characters.</summary>
internal static class ApiJson
{
    /// <summary>The serializer options of every API response.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}

/// <summary>Every API error: <c>{"error": "the reason"}</c>.</summary>
/// <param name="Error">The reason, for people.</param>
public sealed record ApiError(string Error);

/// <summary>A TLS-RPT report that was refused: the reason, with the reader's stable code and the RFC section.</summary>
/// <param name="Error">The reason.</param>
/// <param name="Code">The code (docs/tlsrpt.md), e.g. <c>TLSRPT-REPORT-FIELD-REQUIRED</c>.</param>
/// <param name="Rfc">The RFC section that rules.</param>
public sealed record TlsRptRejection(string Error, string Code, string Rfc);

/// <summary>A monitored domain.</summary>
/// <param name="Name">The domain, absolute (final dot), lower case, IDNA A-labels.</param>
/// <param name="AddedAt">When it was added.</param>
/// <param name="IntervalMinutes">How often it is checked.</param>
/// <param name="Paused">Whether scheduled checks are paused.</param>
/// <param name="NextDueAt">When it is due next.</param>
/// <param name="LastCheckId">Its newest check, or null.</param>
/// <param name="LastCheckedAt">When that check started, or null.</param>
/// <param name="LastVerdict">Its DANE verdict, or null.</param>
/// <param name="LastMtaSts">Its MTA-STS outcome, or null.</param>
/// <param name="OpenErrors">Error findings of the newest check.</param>
/// <param name="OpenWarnings">Warning findings of the newest check.</param>
public sealed record DomainView(string Name, DateTimeOffset AddedAt, int IntervalMinutes, bool Paused, DateTimeOffset NextDueAt, long? LastCheckId,
    DateTimeOffset? LastCheckedAt, string? LastVerdict, string? LastMtaSts, int OpenErrors, int OpenWarnings)
{
    internal static DomainView From(MonitoredDomain d) => new(d.Name, d.AddedAt, (int)Math.Round(d.Interval.TotalMinutes), d.Paused, d.NextDueAt,
        d.LastCheckId, d.LastCheckedAt, d.LastVerdict, d.LastMtaSts, d.OpenErrors, d.OpenWarnings);
}

/// <summary>A page of domains.</summary>
/// <param name="Total">How many domains match.</param>
/// <param name="Offset">Skipped.</param>
/// <param name="Limit">At most this many returned.</param>
/// <param name="Domains">The page, in name order.</param>
public sealed record DomainPage(int Total, int Offset, int Limit, IReadOnlyList<DomainView> Domains);

/// <summary>The body of <c>POST /api/v1/domains</c>.</summary>
/// <param name="Name">The domain (with or without the final dot; Unicode names are converted to A-labels).</param>
/// <param name="IntervalMinutes">How often to check it (1 to 10080), or null for the monitor's default.</param>
public sealed record NewDomainRequest(string Name, int? IntervalMinutes);

/// <summary>The body of <c>PATCH /api/v1/domains/{name}</c>: at least one member.</summary>
/// <param name="IntervalMinutes">The new interval (1 to 10080), or null to keep it.</param>
/// <param name="Paused">Pause or resume scheduled checks, or null to keep it.</param>
public sealed record DomainPatchRequest(int? IntervalMinutes, bool? Paused);

/// <summary>One check, without its result document.</summary>
/// <param name="Id">Its id (<c>GET /api/v1/checks/{id}</c> gives the document).</param>
/// <param name="Domain">The domain.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="ElapsedSeconds">How long it took.</param>
/// <param name="Verdict">The DANE verdict.</param>
/// <param name="ExitCode">The exit code <c>danekit check</c> gives for it.</param>
/// <param name="MtaSts">The MTA-STS outcome, or null.</param>
/// <param name="Errors">Error findings.</param>
/// <param name="Warnings">Warning findings.</param>
/// <param name="Infos">Info findings.</param>
public sealed record CheckView(long Id, string Domain, DateTimeOffset StartedAt, double ElapsedSeconds, string Verdict, int ExitCode, string? MtaSts,
    int Errors, int Warnings, int Infos)
{
    internal static CheckView From(CheckSummary c) =>
        new(c.Id, c.Domain, c.StartedAt, Math.Round(c.Elapsed.TotalSeconds, 3), c.Verdict, c.ExitCode, c.MtaSts, c.Errors, c.Warnings, c.Infos);
}

/// <summary>A domain's history.</summary>
/// <param name="Domain">The domain.</param>
/// <param name="Checks">Its checks, newest first.</param>
public sealed record HistoryView(string Domain, IReadOnlyList<CheckView> Checks);

/// <summary>An alert.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Domain">The domain.</param>
/// <param name="CreatedAt">When it was raised.</param>
/// <param name="Kind">What changed (e.g. <c>verdict-changed</c>, <c>tlsa-changed</c>).</param>
/// <param name="Severity"><c>error</c>, <c>warning</c> or <c>info</c>.</param>
/// <param name="Summary">One line.</param>
/// <param name="CheckId">The check that raised it.</param>
/// <param name="DeliveredAt">When it was delivered, or null.</param>
/// <param name="Attempts">Delivery attempts.</param>
/// <param name="LastError">The last delivery error, or null.</param>
public sealed record AlertView(long Id, string Domain, DateTimeOffset CreatedAt, string Kind, string Severity, string Summary, long CheckId,
    DateTimeOffset? DeliveredAt, int Attempts, string? LastError)
{
    internal static AlertView From(StoredAlert a) =>
        new(a.Id, a.Alert.Domain, a.Alert.CreatedAt, a.Alert.Kind, a.Alert.Severity, a.Alert.Summary, a.CheckId, a.DeliveredAt, a.Attempts, a.LastError);
}

/// <summary>Alerts, newest first.</summary>
/// <param name="Alerts">The alerts.</param>
public sealed record AlertList(IReadOnlyList<AlertView> Alerts);

/// <summary>A received TLS-RPT report, without its JSON.</summary>
/// <param name="Id">Its id.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="OrganizationName">The sender's organization-name.</param>
/// <param name="ReportId">report-id.</param>
/// <param name="PolicyDomains">The policy domains it covers.</param>
/// <param name="Start">Start of the period.</param>
/// <param name="End">End of the period.</param>
/// <param name="Successes">Successful sessions.</param>
/// <param name="Failures">Failed sessions.</param>
/// <param name="Warnings">Deviations from RFC 8460 the reader tolerated.</param>
public sealed record TlsRptReportView(long Id, DateTimeOffset ReceivedAt, string OrganizationName, string ReportId, IReadOnlyList<string> PolicyDomains,
    DateTimeOffset Start, DateTimeOffset End, long Successes, long Failures, int Warnings)
{
    internal static TlsRptReportView From(StoredTlsRptReport s) => new(s.Id, s.Report.ReceivedAt, s.Report.OrganizationName, s.Report.ReportId,
        s.Report.PolicyDomains, s.Report.Start, s.Report.End, s.Report.Successes, s.Report.Failures, s.Report.Warnings);
}

/// <summary>TLS-RPT reports, newest period first.</summary>
/// <param name="Reports">The reports.</param>
public sealed record TlsRptReportList(IReadOnlyList<TlsRptReportView> Reports);

/// <summary>The answer to a TLS-RPT submission.</summary>
/// <param name="Id">The stored report's id.</param>
/// <param name="Added">False when the same organization and report id were stored before (nothing was stored again).</param>
/// <param name="OrganizationName">organization-name.</param>
/// <param name="ReportId">report-id.</param>
/// <param name="PolicyDomains">The policy domains it covers.</param>
/// <param name="Warnings">Deviations from RFC 8460 that were tolerated.</param>
public sealed record TlsRptAccepted(long Id, bool Added, string OrganizationName, string ReportId, IReadOnlyList<string> PolicyDomains,
    IReadOnlyList<TlsRptWarningView> Warnings);

/// <summary>A tolerated deviation in a TLS-RPT report.</summary>
/// <param name="Code">The code (docs/tlsrpt.md).</param>
/// <param name="Rfc">The RFC section.</param>
/// <param name="Message">What was found.</param>
public sealed record TlsRptWarningView(string Code, string Rfc, string Message);

/// <summary>Helpers for API results.</summary>
internal static class ApiResults
{
    /// <summary>JSON with the API's options.</summary>
    public static IResult Json<T>(T value, int status = StatusCodes.Status200OK) =>
        Results.Json(value, ApiJson.Options, "application/json; charset=utf-8", status);

    /// <summary><c>{"error": message}</c> with a status.</summary>
    public static IResult Error(int status, string message) => Json(new ApiError(message), status);

    /// <summary>A stored JSON document as it is.</summary>
    public static IResult Document(string json) => Results.Text(json, "application/json; charset=utf-8");

    /// <summary>At most <paramref name="max"/> characters of attacker-controlled text for an error message (JSON-encoded when written).</summary>
    public static string Quote(string? text, int max = 80)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var cut = text.Length <= max ? text : text[..max];
        var quoted = new System.Text.StringBuilder(cut.Length + 1);
        for (var i = 0; i < cut.Length; i++)
        {
            var c = cut[i];
            if (char.IsHighSurrogate(c) && i + 1 < cut.Length && char.IsLowSurrogate(cut[i + 1]))
            {
                quoted.Append(c).Append(cut[++i]);
            }
            else
            {
                // A lone surrogate (from a JSON "\uD800" escape, or cut in half above) is not text: it cannot be encoded.
                quoted.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return cut.Length < text.Length ? quoted.Append('…').ToString() : quoted.ToString();
    }
}
