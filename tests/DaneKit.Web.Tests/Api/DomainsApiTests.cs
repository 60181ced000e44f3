using System.Net;
using System.Text;
using System.Text.Json;
using DaneKit.Web.Api;
using DaneKit.Web.Storage;
using DaneKit.Web.Tests.Security;
using DaneKit.Web.Tests.TestSupport;

namespace DaneKit.Web.Tests.Api;

public sealed class DomainsApiTests
{
    private static Task<MonitorHost> StartAsync() => MonitorHost.StartAsync(o => o with { ApiToken = Browser.Token });

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private static HttpRequestMessage Raw(HttpMethod method, string path, string body, string contentType = "application/json")
    {
        var request = Browser.Bearer(method, path);
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return request;
    }

    [Fact]
    public async Task DomainsCrudRoundTrip()
    {
        await using var host = await StartAsync();
        using var browser = new Browser(host);

        using (var added = await browser.SendAsync(Browser.Json(HttpMethod.Post, "api/v1/domains", new { name = "Example.COM", intervalMinutes = 30 }, Browser.Token)))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            Assert.Equal("/api/v1/domains/example.com", added.Headers.Location!.OriginalString);
            var body = await JsonAsync(added);
            Assert.Equal("example.com.", body.GetProperty("name").GetString());
            Assert.Equal(30, body.GetProperty("intervalMinutes").GetInt32());
            Assert.False(body.GetProperty("paused").GetBoolean());
            Assert.Equal(JsonValueKind.Null, body.GetProperty("lastVerdict").ValueKind);
        }

        // Adding it again changes nothing (200); with another interval it is a conflict.
        using (var again = await browser.SendAsync(Browser.Json(HttpMethod.Post, "api/v1/domains", new { name = "example.com." }, Browser.Token)))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        using (var conflict = await browser.SendAsync(Browser.Json(HttpMethod.Post, "api/v1/domains", new { name = "example.com", intervalMinutes = 90 }, Browser.Token)))
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
            Assert.Contains("PATCH", await Browser.ErrorAsync(conflict), StringComparison.Ordinal);
        }

        (await browser.SendAsync(Browser.Json(HttpMethod.Post, "api/v1/domains", new { name = "example.org" }, Browser.Token))).Dispose();

        foreach (var path in new[] { "api/v1/domains/example.com", "api/v1/domains/example.com.", "api/v1/domains/EXAMPLE.com" })
        {
            using var get = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, path));
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal("example.com.", (await JsonAsync(get)).GetProperty("name").GetString());
        }

        using (var list = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, "api/v1/domains?limit=1&offset=1")))
        {
            var page = await JsonAsync(list);
            Assert.Equal(2, page.GetProperty("total").GetInt32());
            Assert.Equal("example.org.", Assert.Single(page.GetProperty("domains").EnumerateArray()).GetProperty("name").GetString());
        }

        using (var search = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, "api/v1/domains?search=ORG")))
        {
            var page = await JsonAsync(search);
            Assert.Equal(1, page.GetProperty("total").GetInt32());
        }

        using (var patch = await browser.SendAsync(Browser.Json(HttpMethod.Patch, "api/v1/domains/example.com", new { intervalMinutes = 15, paused = true }, Browser.Token)))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
            var body = await JsonAsync(patch);
            Assert.Equal(15, body.GetProperty("intervalMinutes").GetInt32());
            Assert.True(body.GetProperty("paused").GetBoolean());
        }

        using (var history = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, "api/v1/domains/example.com/history")))
        {
            Assert.Equal(HttpStatusCode.OK, history.StatusCode);
            Assert.Empty((await JsonAsync(history)).GetProperty("checks").EnumerateArray());
        }

        using (var latest = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, "api/v1/domains/example.com/results/latest")))
        {
            Assert.Equal(HttpStatusCode.NotFound, latest.StatusCode);
            Assert.Contains("not been checked", await Browser.ErrorAsync(latest), StringComparison.Ordinal);
        }

        using (var delete = await browser.SendAsync(Browser.Bearer(HttpMethod.Delete, "api/v1/domains/example.com.")))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using (var gone = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, "api/v1/domains/example.com")))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            Assert.Equal("example.com. is not monitored", await Browser.ErrorAsync(gone));
        }

        using (var deleteAgain = await browser.SendAsync(Browser.Bearer(HttpMethod.Delete, "api/v1/domains/example.com")))
        {
            Assert.Equal(HttpStatusCode.NotFound, deleteAgain.StatusCode);
        }
    }

    [Fact]
    public async Task StoredChecksAreServedAsStored()
    {
        await using var host = await StartAsync();
        using var browser = new Browser(host);
        (await browser.SendAsync(Browser.Json(HttpMethod.Post, "api/v1/domains", new { name = "example.net" }, Browser.Token))).Dispose();
        var store = host.Service<IMonitorStore>();
        const string Document = "{\n  \"schemaVersion\": 1,\n  \"domain\": \"example.net.\",\n  \"greeting\": \"<script>x</script>\"\n}\n";
        var id = await store.SaveCheckAsync(new NewCheck("example.net.", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1.5), "valid", 0, null, 0, 1, 2, Document),
            [new NewAlert("example.net.", DateTimeOffset.UtcNow, "verdict-changed", "info", "now valid", "example.net.:v:1", "{}")], DateTimeOffset.UtcNow.AddHours(1));

        using (var latest = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, "api/v1/domains/example.net/results/latest")))
        {
            Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
            Assert.Equal("application/json", latest.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Document, await latest.Content.ReadAsStringAsync());
        }

        using (var check = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, $"api/v1/checks/{id}")))
        {
            Assert.Equal(Document, await check.Content.ReadAsStringAsync());
        }

        using (var history = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, "api/v1/domains/example.net/history?limit=5")))
        {
            var item = Assert.Single((await JsonAsync(history)).GetProperty("checks").EnumerateArray());
            Assert.Equal(id, item.GetProperty("id").GetInt64());
            Assert.Equal("valid", item.GetProperty("verdict").GetString());
            Assert.Equal(1.5, item.GetProperty("elapsedSeconds").GetDouble());
        }

        using (var alerts = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, "api/v1/alerts?domain=example.net&limit=10")))
        {
            var alert = Assert.Single((await JsonAsync(alerts)).GetProperty("alerts").EnumerateArray());
            Assert.Equal("verdict-changed", alert.GetProperty("kind").GetString());
            Assert.Equal(id, alert.GetProperty("checkId").GetInt64());
        }

        using (var otherAlerts = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, "api/v1/alerts?domain=example.com")))
        {
            Assert.Empty((await JsonAsync(otherAlerts)).GetProperty("alerts").EnumerateArray());
        }

        using (var domain = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, "api/v1/domains/example.net")))
        {
            var body = await JsonAsync(domain);
            Assert.Equal("valid", body.GetProperty("lastVerdict").GetString());
            Assert.Equal(id, body.GetProperty("lastCheckId").GetInt64());
        }

        using var missing = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, "api/v1/checks/999999"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var badId = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, "api/v1/checks/abc"));
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        await Browser.ErrorAsync(badId);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>.example")]
    [InlineData("localhost")]
    [InlineData("-bad.example")]
    [InlineData("a..example")]
    [InlineData("")]
    public async Task BadNamesAreRefusedWithTheReasonAndNeverEchoedAsHtml(string name)
    {
        await using var host = await StartAsync();
        using var browser = new Browser(host);
        using var response = await browser.SendAsync(Browser.Json(HttpMethod.Post, "api/v1/domains", new { name }, Browser.Token));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(">", raw, StringComparison.Ordinal);
        Assert.Contains("is not a domain name", await Browser.ErrorAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileRouteValuesAreRefusedAsJson()
    {
        await using var host = await StartAsync();
        using var browser = new Browser(host);
        foreach (var path in new[] { "api/v1/domains/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "api/v1/domains/x/history", "api/v1/domains/%22%3E%3Cimg%20src=x%3E.example/results/latest" })
        {
            using var response = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, path));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var raw = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("<", raw, StringComparison.Ordinal);
            Assert.Contains("not a domain name", await Browser.ErrorAsync(response), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BadRequestsGiveAReason()
    {
        await using var host = await StartAsync();
        using var browser = new Browser(host);
        (await browser.SendAsync(Browser.Json(HttpMethod.Post, "api/v1/domains", new { name = "example.com" }, Browser.Token))).Dispose();
        var cases = new (HttpRequestMessage Request, HttpStatusCode Status, string Reason)[]
        {
            (Raw(HttpMethod.Post, "api/v1/domains", "{\"name\": \"example.org\""), HttpStatusCode.BadRequest, "not valid JSON"),
            (Raw(HttpMethod.Post, "api/v1/domains", "[1]"), HttpStatusCode.BadRequest, "JSON object"),
            (Raw(HttpMethod.Post, "api/v1/domains", "{\"name\": 5}"), HttpStatusCode.BadRequest, "name: a string"),
            (Raw(HttpMethod.Post, "api/v1/domains", "{\"name\": \"\\uD800x.example\"}"), HttpStatusCode.BadRequest, "lone UTF-16 surrogate"),
            (Raw(HttpMethod.Post, "api/v1/domains", "{\"\\uDC00\": 1}"), HttpStatusCode.BadRequest, "lone UTF-16 surrogate"),
            (Raw(HttpMethod.Post, "api/v1/domains", "{\"name\": \"" + new string('\u00e9', 79) + "\\uD83D\\uDE00" + new string('x', 300) + "\"}"), HttpStatusCode.BadRequest, "is not a domain name"),
            (Raw(HttpMethod.Post, "api/v1/domains", "{\"name\": \"a\u0000b.example\"}"), HttpStatusCode.BadRequest, "not valid JSON"),
            (Raw(HttpMethod.Post, "api/v1/domains", "{\"name\": \"example.org\", \"<b>\": 1}"), HttpStatusCode.BadRequest, "is not a member"),
            (Raw(HttpMethod.Post, "api/v1/domains", "{\"name\": \"example.org\", \"intervalMinutes\": 0}"), HttpStatusCode.BadRequest, "intervalMinutes"),
            (Raw(HttpMethod.Post, "api/v1/domains", "{\"name\": \"example.org\", \"intervalMinutes\": 1.5}"), HttpStatusCode.BadRequest, "intervalMinutes"),
            (Raw(HttpMethod.Post, "api/v1/domains", "name=example.org", "application/x-www-form-urlencoded"), HttpStatusCode.UnsupportedMediaType, "JSON"),
            (Raw(HttpMethod.Post, "api/v1/domains", "{\"name\": \"" + new string('a', 70_000) + "\"}"), HttpStatusCode.RequestEntityTooLarge, "over"),
            (Raw(HttpMethod.Patch, "api/v1/domains/example.com", "{}"), HttpStatusCode.BadRequest, "nothing to change"),
            (Raw(HttpMethod.Patch, "api/v1/domains/example.com", "{\"paused\": \"yes\"}"), HttpStatusCode.BadRequest, "paused"),
            (Raw(HttpMethod.Patch, "api/v1/domains/example.org", "{\"paused\": true}"), HttpStatusCode.NotFound, "not monitored"),
            (Browser.Bearer(HttpMethod.Get, "api/v1/domains?limit=abc"), HttpStatusCode.BadRequest, "limit"),
            (Browser.Bearer(HttpMethod.Get, "api/v1/domains?limit=5000"), HttpStatusCode.BadRequest, "limit"),
            (Browser.Bearer(HttpMethod.Get, "api/v1/domains?offset=-1"), HttpStatusCode.BadRequest, "offset"),
            (Browser.Bearer(HttpMethod.Get, "api/v1/alerts?domain=%3Cx%3E"), HttpStatusCode.BadRequest, "domain"),
            (Browser.Bearer(HttpMethod.Get, "api/v1/tlsrpt?policyDomain=nope"), HttpStatusCode.BadRequest, "policyDomain"),
            (Browser.Bearer(HttpMethod.Get, "api/v1/no-such-thing"), HttpStatusCode.NotFound, "no such resource"),
            (Browser.Bearer(HttpMethod.Put, "api/v1/domains/example.com"), HttpStatusCode.MethodNotAllowed, "method not allowed"),
            (Browser.Bearer(HttpMethod.Post, "api/v1/domains/example.org/check"), HttpStatusCode.NotFound, "not monitored"),
        };
        foreach (var (request, status, reason) in cases)
        {
            using (request)
            {
                using var response = await browser.SendAsync(request);
                Assert.True(status == response.StatusCode, $"{request.Method} {request.RequestUri}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                Assert.Contains(reason, await Browser.ErrorAsync(response), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task CheckNowRunsACheckAndStoresIt()
    {
        // No DNS answers on 127.0.0.1 port 53 here (or it refuses the name): the check completes quickly with a failed
        // verdict, which is what this test needs (the endpoint, not the engine).
        await using var host = await MonitorHost.StartAsync(o => o with
        {
            ApiToken = Browser.Token, Resolver = "127.0.0.1", CheckTimeout = TimeSpan.FromSeconds(2), AllowPrivateTargets = false,
        });
        using var browser = new Browser(host);
        (await browser.SendAsync(Browser.Json(HttpMethod.Post, "api/v1/domains", new { name = "danekit-api-test.invalid" }, Browser.Token))).Dispose();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var response = await browser.SendAsync(Browser.Bearer(HttpMethod.Post, "api/v1/domains/danekit-api-test.invalid/check")).WaitAsync(cancel.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal("danekit-api-test.invalid.", body.GetProperty("domain").GetString());
        var id = body.GetProperty("id").GetInt64();
        using var latest = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, "api/v1/domains/danekit-api-test.invalid/results/latest"));
        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        using var document = JsonDocument.Parse(await latest.Content.ReadAsStringAsync());
        Assert.Equal(1, document.RootElement.GetProperty("schemaVersion").GetInt32());
        using var check = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, $"api/v1/checks/{id}"));
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
    }

    [Fact]
    public async Task ListLimitIsCapped()
    {
        await using var host = await StartAsync();
        using var browser = new Browser(host);
        using var response = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, $"api/v1/domains?limit={ApiEndpoints.MaxLimit}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ApiEndpoints.MaxLimit, (await JsonAsync(response)).GetProperty("limit").GetInt32());
    }
}
