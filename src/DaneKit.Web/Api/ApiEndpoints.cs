using System.Globalization;
using System.Text.Json;
using DaneKit.Web.Monitoring;
using DaneKit.Web.Security;
using DaneKit.Web.Storage;
using Microsoft.Net.Http.Headers;

namespace DaneKit.Web.Api;

/// <summary>
/// The HTTP API under <c>/api/v1</c> (JSON, camelCase; every error is <c>{"error": "..."}</c>), TLS-RPT ingestion at
/// <c>POST /tlsrpt</c> (RFC 8460 5.2) and Prometheus metrics at <c>/metrics</c>. docs/monitor-api.md describes them.
/// </summary>
public static class ApiEndpoints
{
    /// <summary>The most domains, checks, alerts or reports one request returns.</summary>
    public const int MaxLimit = 1000;

    private const int MaxJsonBody = 64 * 1024;
    private const int MaxIntervalMinutes = 7 * 24 * 60;

    /// <summary>Maps the API and <c>POST /tlsrpt</c>.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapMonitorApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/v1");

        var domains = api.MapGroup("/domains").WithTags("Domains");
        domains.MapGet("/", ListDomainsAsync).RequireAuthorization(MonitorPolicies.Read)
            .WithName("ListDomains").WithSummary("Lists monitored domains in name order, a page at a time, optionally those whose name contains search.")
            .Produces<DomainPage>().Errors(400, 401);
        domains.MapPost("/", AddDomainAsync).RequireAuthorization(MonitorPolicies.Write).AddEndpointFilter(AntiforgeryForCookiesAsync)
            .WithName("AddDomain").WithSummary("Adds a domain to the monitor (due for a check at once). 201 when added; 200 when it was monitored already with the same interval; 409 when with another.")
            .Accepts<NewDomainRequest>("application/json").Produces<DomainView>(StatusCodes.Status201Created).Produces<DomainView>()
            .Errors(400, 401, 409, 413, 415);
        domains.MapGet("/{name}", GetDomainAsync).RequireAuthorization(MonitorPolicies.Read)
            .WithName("GetDomain").WithSummary("One monitored domain with its schedule and last state (the name with or without the final dot).")
            .Produces<DomainView>().Errors(400, 401, 404);
        domains.MapPatch("/{name}", PatchDomainAsync).RequireAuthorization(MonitorPolicies.Write).AddEndpointFilter(AntiforgeryForCookiesAsync)
            .WithName("UpdateDomain").WithSummary("Changes a domain's check interval or pauses or resumes its scheduled checks.")
            .Accepts<DomainPatchRequest>("application/json", "application/merge-patch+json").Produces<DomainView>().Errors(400, 401, 404, 413, 415);
        domains.MapDelete("/{name}", RemoveDomainAsync).RequireAuthorization(MonitorPolicies.Write).AddEndpointFilter(AntiforgeryForCookiesAsync)
            .WithName("RemoveDomain").WithSummary("Stops monitoring a domain and deletes its history and alerts.")
            .Produces(StatusCodes.Status204NoContent).Errors(400, 401, 404);
        domains.MapPost("/{name}/check", CheckNowAsync).RequireAuthorization(MonitorPolicies.Write).AddEndpointFilter(AntiforgeryForCookiesAsync)
            .WithName("CheckNow").WithSummary("Checks a domain now (change detection and alerts included) and returns the stored check's summary.")
            .Produces<CheckView>().Errors(400, 401, 404, 503);
        domains.MapGet("/{name}/results/latest", LatestAsync).RequireAuthorization(MonitorPolicies.Read)
            .WithName("LatestResult").WithSummary("The newest check's full result: the danekit check --json document (docs/check-json.md) as stored.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").Errors(400, 401, 404);
        domains.MapGet("/{name}/history", HistoryAsync).RequireAuthorization(MonitorPolicies.Read)
            .WithName("History").WithSummary("A domain's checks, newest first, without their documents.")
            .Produces<HistoryView>().Errors(400, 401, 404);

        api.MapGet("/checks/{id}", GetCheckAsync).RequireAuthorization(MonitorPolicies.Read).WithTags("Checks")
            .WithName("GetCheck").WithSummary("One stored check's full result: the danekit check --json document.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").Errors(400, 401, 404);
        api.MapGet("/alerts", AlertsAsync).RequireAuthorization(MonitorPolicies.Read).WithTags("Alerts")
            .WithName("ListAlerts").WithSummary("The newest alerts (delivered or not), newest first, optionally of one domain.")
            .Produces<AlertList>().Errors(400, 401);
        api.MapGet("/tlsrpt", TlsRptReportsAsync).RequireAuthorization(MonitorPolicies.Read).WithTags("TLS-RPT")
            .WithName("ListTlsRptReports").WithSummary("Received TLS-RPT reports, newest period first, optionally for one policy domain.")
            .Produces<TlsRptReportList>().Errors(400, 401);

        TlsRptIngestion.Map(app);
        return app;
    }

    /// <summary>Maps <c>/metrics</c> (Prometheus text format; the Read policy).</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapMonitorMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/metrics", MetricsAsync).RequireAuthorization(MonitorPolicies.Read).WithTags("Metrics")
            .WithName("Metrics").WithSummary("Prometheus metrics (text exposition format 0.0.4): domains by verdict, checks, check durations, pending alerts, TLS-RPT reports.")
            .Produces(StatusCodes.Status200OK, contentType: MonitorMetrics.ContentType).Errors(401);
        return app;
    }

    private static RouteHandlerBuilder Errors(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<ApiError>(status, "application/json");
        }

        return builder;
    }

    private static async ValueTask<object?> AntiforgeryForCookiesAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var refused = await SecurityServices.CheckAntiforgeryAsync(context.HttpContext).ConfigureAwait(false);
        return refused is null ? await next(context).ConfigureAwait(false) : ApiResults.Error(StatusCodes.Status400BadRequest, refused);
    }

    private static async Task<IResult> ListDomainsAsync(IMonitorStore store, string? offset, string? limit, string? search, CancellationToken cancellationToken)
    {
        if (Number("offset", offset, 0, 0, int.MaxValue, out var skip) is { } badOffset)
        {
            return badOffset;
        }

        if (Number("limit", limit, 100, 1, MaxLimit, out var take) is { } badLimit)
        {
            return badLimit;
        }

        if (search is { Length: > 253 })
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "search: at most 253 characters");
        }

        var (page, total) = await store.ListDomainsAsync(skip, take, string.IsNullOrWhiteSpace(search) ? null : search.Trim().ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(new DomainPage(total, skip, take, page.Select(DomainView.From).ToArray()));
    }

    private static async Task<IResult> AddDomainAsync(HttpContext context, IMonitorStore store, MonitorOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadJsonObjectAsync(context.Request, ["name", "intervalMinutes"], cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (!body.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "name: a string is required");
        }

        string? text;
        try
        {
            text = nameElement.GetString();
        }
        catch (InvalidOperationException)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "name: not valid text (an escape of a lone UTF-16 surrogate)");
        }

        if (!MonitorCommandLine.TryDomain(text, out var name))
        {
            return NotADomain("name", text);
        }

        var (minutes, badInterval) = Interval(body);
        if (badInterval is not null)
        {
            return badInterval;
        }

        var interval = minutes is { } m ? TimeSpan.FromMinutes(m) : options.DefaultInterval;
        var existing = await store.GetDomainAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing.Interval == interval || minutes is null
                ? ApiResults.Json(DomainView.From(existing))
                : ApiResults.Error(StatusCodes.Status409Conflict,
                    $"{name} is monitored already, every {(int)existing.Interval.TotalMinutes} minutes; PATCH /api/v1/domains/{name.TrimEnd('.')} changes the interval");
        }

        var added = await store.AddDomainAsync(name, interval, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        context.Response.Headers.Location = DomainPath(added.Name);
        return ApiResults.Json(DomainView.From(added), StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetDomainAsync(IMonitorStore store, string name, CancellationToken cancellationToken)
    {
        if (!MonitorCommandLine.TryDomain(name, out var domain))
        {
            return NotADomain("name", name);
        }

        var found = await store.GetDomainAsync(domain, cancellationToken).ConfigureAwait(false);
        return found is null ? NotMonitored(domain) : ApiResults.Json(DomainView.From(found));
    }

    private static async Task<IResult> PatchDomainAsync(HttpContext context, IMonitorStore store, string name, CancellationToken cancellationToken)
    {
        if (!MonitorCommandLine.TryDomain(name, out var domain))
        {
            return NotADomain("name", name);
        }

        var (body, problem) = await ReadJsonObjectAsync(context.Request, ["intervalMinutes", "paused"], cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (minutes, badInterval) = Interval(body);
        if (badInterval is not null)
        {
            return badInterval;
        }

        bool? paused = null;
        if (body.TryGetProperty("paused", out var pausedElement))
        {
            if (pausedElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "paused: true or false");
            }

            paused = pausedElement.GetBoolean();
        }

        if (minutes is null && paused is null)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "nothing to change: send intervalMinutes or paused");
        }

        var updated = await store.UpdateDomainAsync(domain, minutes is { } m ? TimeSpan.FromMinutes(m) : null, paused, cancellationToken).ConfigureAwait(false);
        return updated is null ? NotMonitored(domain) : ApiResults.Json(DomainView.From(updated));
    }

    private static async Task<IResult> RemoveDomainAsync(IMonitorStore store, string name, CancellationToken cancellationToken)
    {
        if (!MonitorCommandLine.TryDomain(name, out var domain))
        {
            return NotADomain("name", name);
        }

        return await store.RemoveDomainAsync(domain, cancellationToken).ConfigureAwait(false) ? Results.NoContent() : NotMonitored(domain);
    }

    private static async Task<IResult> CheckNowAsync(HttpContext context, IMonitorStore store, string name, CancellationToken cancellationToken)
    {
        if (!MonitorCommandLine.TryDomain(name, out var domain))
        {
            return NotADomain("name", name);
        }

        var checks = context.RequestServices.GetService<IMonitorChecks>();
        if (checks is null)
        {
            return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, "checks are not available in this monitor");
        }

        if (await store.GetDomainAsync(domain, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotMonitored(domain);
        }

        try
        {
            var summary = await checks.CheckNowAsync(domain, cancellationToken).ConfigureAwait(false);
            return ApiResults.Json(CheckView.From(summary));
        }
        catch (KeyNotFoundException)
        {
            return NotMonitored(domain);
        }
    }

    private static async Task<IResult> LatestAsync(IMonitorStore store, string name, CancellationToken cancellationToken)
    {
        if (!MonitorCommandLine.TryDomain(name, out var domain))
        {
            return NotADomain("name", name);
        }

        var latest = await store.LatestCheckAsync(domain, cancellationToken).ConfigureAwait(false);
        if (latest is not null)
        {
            return ApiResults.Document(latest.ResultJson);
        }

        return await store.GetDomainAsync(domain, cancellationToken).ConfigureAwait(false) is null
            ? NotMonitored(domain)
            : ApiResults.Error(StatusCodes.Status404NotFound, $"{domain} has not been checked yet");
    }

    private static async Task<IResult> HistoryAsync(IMonitorStore store, string name, string? limit, CancellationToken cancellationToken)
    {
        if (!MonitorCommandLine.TryDomain(name, out var domain))
        {
            return NotADomain("name", name);
        }

        if (Number("limit", limit, 100, 1, MaxLimit, out var take) is { } badLimit)
        {
            return badLimit;
        }

        if (await store.GetDomainAsync(domain, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotMonitored(domain);
        }

        var history = await store.HistoryAsync(domain, take, cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(new HistoryView(domain, history.Select(CheckView.From).ToArray()));
    }

    private static async Task<IResult> GetCheckAsync(IMonitorStore store, string id, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var checkId) || checkId <= 0)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "id: a check id is a positive whole number");
        }

        var check = await store.GetCheckAsync(checkId, cancellationToken).ConfigureAwait(false);
        return check is null
            ? ApiResults.Error(StatusCodes.Status404NotFound, $"there is no check {checkId.ToString(CultureInfo.InvariantCulture)}")
            : ApiResults.Document(check.ResultJson);
    }

    private static async Task<IResult> AlertsAsync(IMonitorStore store, string? domain, string? limit, CancellationToken cancellationToken)
    {
        string? name = null;
        if (!string.IsNullOrEmpty(domain) && !MonitorCommandLine.TryDomain(domain, out name))
        {
            return NotADomain("domain", domain);
        }

        if (Number("limit", limit, 100, 1, MaxLimit, out var take) is { } badLimit)
        {
            return badLimit;
        }

        var alerts = await store.RecentAlertsAsync(name, take, cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(new AlertList(alerts.Select(AlertView.From).ToArray()));
    }

    private static async Task<IResult> TlsRptReportsAsync(IMonitorStore store, string? policyDomain, string? limit, CancellationToken cancellationToken)
    {
        string? name = null;
        if (!string.IsNullOrEmpty(policyDomain) && !MonitorCommandLine.TryDomain(policyDomain, out name))
        {
            return NotADomain("policyDomain", policyDomain);
        }

        if (Number("limit", limit, 100, 1, MaxLimit, out var take) is { } badLimit)
        {
            return badLimit;
        }

        var reports = await store.TlsRptReportsAsync(name, take, cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(new TlsRptReportList(reports.Select(TlsRptReportView.From).ToArray()));
    }

    private static async Task<IResult> MetricsAsync(HttpContext context, IMonitorStore store, MonitorMetrics metrics, CancellationToken cancellationToken)
    {
        var text = await metrics.RenderAsync(store, cancellationToken).ConfigureAwait(false);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Text(text, MonitorMetrics.ContentType);
    }

    /// <summary>The API path of a domain (without the final dot).</summary>
    /// <param name="name">The domain, absolute.</param>
    /// <returns>E.g. <c>/api/v1/domains/example.com</c>.</returns>
    internal static string DomainPath(string name) => "/api/v1/domains/" + Uri.EscapeDataString(name.TrimEnd('.'));

    private static IResult NotADomain(string field, string? text) =>
        ApiResults.Error(StatusCodes.Status400BadRequest,
            $"{field}: '{ApiResults.Quote(text)}' is not a domain name (at least two labels of letters, digits and hyphens, at most 253 characters)");

    private static IResult NotMonitored(string domain) => ApiResults.Error(StatusCodes.Status404NotFound, $"{domain} is not monitored");

    private static IResult? Number(string name, string? text, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max
            ? null
            : ApiResults.Error(StatusCodes.Status400BadRequest, $"{name}: a whole number from {min} to {max}");
    }

    private static (int? Minutes, IResult? Problem) Interval(JsonElement body)
    {
        if (!body.TryGetProperty("intervalMinutes", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var minutes) && minutes is >= 1 and <= MaxIntervalMinutes
            ? (minutes, null)
            : (null, ApiResults.Error(StatusCodes.Status400BadRequest, $"intervalMinutes: a whole number from 1 to {MaxIntervalMinutes}"));
    }

    /// <summary>Reads a JSON object body: application/json (or a +json type), at most 64 KB, only the named members.</summary>
    private static async Task<(JsonElement Body, IResult? Problem)> ReadJsonObjectAsync(HttpRequest request, string[] members, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !(type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            return (default, ApiResults.Error(StatusCodes.Status415UnsupportedMediaType, "the body must be JSON (Content-Type: application/json)"));
        }

        var (data, tooLarge) = await ReadBodyAsync(request, MaxJsonBody, cancellationToken).ConfigureAwait(false);
        if (tooLarge)
        {
            return (default, ApiResults.Error(StatusCodes.Status413PayloadTooLarge, $"the body is over {MaxJsonBody} bytes"));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(data, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : "";
            return (default, ApiResults.Error(StatusCodes.Status400BadRequest, $"the body is not valid JSON{where}"));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (default, ApiResults.Error(StatusCodes.Status400BadRequest, "the body must be a JSON object"));
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                string member;
                try
                {
                    member = property.Name;
                }
                catch (InvalidOperationException)
                {
                    return (default, ApiResults.Error(StatusCodes.Status400BadRequest, "a member name is not valid text (an escape of a lone UTF-16 surrogate)"));
                }

                if (Array.IndexOf(members, member) < 0)
                {
                    return (default, ApiResults.Error(StatusCodes.Status400BadRequest,
                        $"'{ApiResults.Quote(member, 40)}' is not a member here (expected {string.Join(", ", members)})"));
                }
            }

            return (document.RootElement.Clone(), null);
        }
    }

    /// <summary>Reads a request body up to <paramref name="limit"/> bytes.</summary>
    /// <param name="request">The request.</param>
    /// <param name="limit">The most bytes accepted.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The body, or TooLarge when it is longer (it is then not read further).</returns>
    internal static async Task<(byte[] Data, bool TooLarge)> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return ([], true);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return ([], true);
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), false);
    }
}
