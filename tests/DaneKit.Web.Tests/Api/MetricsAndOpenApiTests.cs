using System.Net;
using System.Text.Json;
using DaneKit.Web.Api;
using DaneKit.Web.Tests.Security;
using DaneKit.Web.Tests.TestSupport;

namespace DaneKit.Web.Tests.Api;

public sealed class MetricsAndOpenApiTests
{
    [Fact]
    public async Task MetricsAreInThePrometheusTextFormat()
    {
        await using var host = await MonitorHost.StartAsync(o => o with { ApiToken = Browser.Token });
        using var browser = new Browser(host);
        (await browser.SendAsync(Browser.Json(HttpMethod.Post, "api/v1/domains", new { name = "example.com" }, Browser.Token))).Dispose();
        var metrics = host.Service<MonitorMetrics>();
        metrics.RecordCheck("valid", TimeSpan.FromSeconds(1.5));
        metrics.RecordCheck("valid", TimeSpan.FromSeconds(0.2));
        metrics.RecordCheck("dane-invalid", TimeSpan.FromSeconds(400));

        using (var anonymous = await browser.GetAsync("metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var response = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, "metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE danekit_domains gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("danekit_domains{verdict=\"unchecked\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE danekit_checks_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("danekit_checks_total{verdict=\"valid\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("danekit_checks_total{verdict=\"dane-invalid\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE danekit_check_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("danekit_check_duration_seconds_bucket{le=\"0.25\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("danekit_check_duration_seconds_bucket{le=\"2.5\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("danekit_check_duration_seconds_bucket{le=\"300\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("danekit_check_duration_seconds_bucket{le=\"+Inf\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("danekit_check_duration_seconds_sum 401.7\n", text, StringComparison.Ordinal);
        Assert.Contains("danekit_check_duration_seconds_count 3\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE danekit_alerts_pending gauge\ndanekit_alerts_pending 0\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE danekit_tlsrpt_reports_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds ", text, StringComparison.Ordinal);

        // Every line is a comment or "name{labels} value" / "name value".
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Matches(@"^(# (HELP|TYPE) [a-z_]+ .+|[a-z_]+(\{[a-z]+=""[^""\\\n]*""\})? [0-9.+Inf-]+)$", line);
        }
    }

    [Fact]
    public void MetricsLabelValuesAreEscaped() =>
        Assert.Equal("a\\\\b\\\"c\\nd", MonitorMetrics.Escape("a\\b\"c\nd"));

    [Fact]
    public async Task OpenApiDocumentsEveryEndpoint()
    {
        await using var host = await MonitorHost.StartAsync();
        using var browser = new Browser(host);
        using var response = await browser.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        var expected = new (string Path, string Method)[]
        {
            ("/api/v1/domains", "get"), ("/api/v1/domains", "post"),
            ("/api/v1/domains/{name}", "get"), ("/api/v1/domains/{name}", "patch"), ("/api/v1/domains/{name}", "delete"),
            ("/api/v1/domains/{name}/check", "post"), ("/api/v1/domains/{name}/results/latest", "get"), ("/api/v1/domains/{name}/history", "get"),
            ("/api/v1/checks/{id}", "get"), ("/api/v1/alerts", "get"), ("/api/v1/tlsrpt", "get"), ("/tlsrpt", "post"), ("/metrics", "get"),
            ("/account/login", "post"), ("/account/logout", "post"), ("/account/antiforgery", "get"),
        };
        foreach (var (path, method) in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the document");
            Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} is not in the document");
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{method} {path} has no summary");
            Assert.NotEmpty(operation.GetProperty("tags").EnumerateArray());
            Assert.NotEmpty(operation.GetProperty("responses").EnumerateObject());
        }

        var add = paths.GetProperty("/api/v1/domains").GetProperty("post");
        Assert.True(add.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(add.GetProperty("responses").TryGetProperty("409", out _));
        Assert.True(add.TryGetProperty("requestBody", out _));
        var submit = paths.GetProperty("/tlsrpt").GetProperty("post");
        var types = submit.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("application/tlsrpt+gzip", types);
        Assert.Contains("application/tlsrpt+json", types);
    }
}
