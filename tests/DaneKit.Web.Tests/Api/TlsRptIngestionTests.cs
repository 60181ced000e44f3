using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DaneKit.Web.Api;
using DaneKit.Web.Tests.Security;
using DaneKit.Web.Tests.TestSupport;

namespace DaneKit.Web.Tests.Api;

public sealed class TlsRptIngestionTests
{
    private static readonly string[] TruncatedGzipCodes = ["TLSRPT-GZIP-INVALID", "TLSRPT-REPORT-JSON-INVALID"];

    /// <summary>A conforming report in the shape of RFC 8460 Appendix B (unwrapped, mx-host an array), for a given report id.</summary>
    private static string Report(string reportId = "5065427c-23d3-47ca-b6e0-946ea0e8c4be", string organization = "Company-X") => $$"""
        {
          "organization-name": "{{organization}}",
          "date-range": { "start-datetime": "2016-04-01T00:00:00Z", "end-datetime": "2016-04-01T23:59:59Z" },
          "contact-info": "sts-reporting@company-x.example",
          "report-id": "{{reportId}}",
          "policies": [{
            "policy": {
              "policy-type": "sts",
              "policy-string": ["version: STSv1", "mode: testing", "mx: *.mail.company-y.example", "max_age: 86400"],
              "policy-domain": "company-y.example",
              "mx-host": ["*.mail.company-y.example"]
            },
            "summary": { "total-successful-session-count": 5326, "total-failure-session-count": 303 },
            "failure-details": [
              { "result-type": "certificate-expired", "sending-mta-ip": "2001:db8:abcd:12::1", "receiving-mx-hostname": "mx1.mail.company-y.example", "failed-session-count": 100 },
              { "result-type": "starttls-not-supported", "sending-mta-ip": "2001:db8:abcd:13::1", "receiving-mx-hostname": "mx2.mail.company-y.example", "receiving-ip": "203.0.113.56", "failed-session-count": 200 },
              { "result-type": "validation-failure", "sending-mta-ip": "198.51.100.62", "receiving-ip": "203.0.113.58", "receiving-mx-hostname": "mx-backup.mail.company-y.example", "failed-session-count": 3, "failure-reason-code": "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED" }
            ]
          }]
        }
        """;

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static HttpRequestMessage Post(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return new HttpRequestMessage(HttpMethod.Post, "tlsrpt") { Content = content };
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task JsonIsStoredAnonymouslyOnAPrivateMonitorADuplicateIs200()
    {
        await using var host = await MonitorHost.StartAsync(o => o with { ApiToken = Browser.Token });
        using var browser = new Browser(host);
        using (var first = await browser.SendAsync(Post(Encoding.UTF8.GetBytes(Report()), "application/tlsrpt+json")))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            var body = await JsonAsync(first);
            Assert.True(body.GetProperty("added").GetBoolean());
            Assert.Equal("Company-X", body.GetProperty("organizationName").GetString());
            Assert.Equal("company-y.example.", Assert.Single(body.GetProperty("policyDomains").EnumerateArray()).GetString());
            Assert.Empty(body.GetProperty("warnings").EnumerateArray());
        }

        using (var again = await browser.SendAsync(Post(Encoding.UTF8.GetBytes(Report()), "application/tlsrpt+json; charset=utf-8")))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.False((await JsonAsync(again)).GetProperty("added").GetBoolean());
        }

        using var list = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, "api/v1/tlsrpt?policyDomain=company-y.example"));
        var report = Assert.Single((await JsonAsync(list)).GetProperty("reports").EnumerateArray());
        Assert.Equal(5326, report.GetProperty("successes").GetInt64());
        Assert.Equal(303, report.GetProperty("failures").GetInt64());
        using var other = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, "api/v1/tlsrpt?policyDomain=example.com"));
        Assert.Empty((await JsonAsync(other)).GetProperty("reports").EnumerateArray());
        using var anonymousList = await browser.GetAsync("api/v1/tlsrpt");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousList.StatusCode);
    }

    [Fact]
    public async Task GzipIsStored()
    {
        await using var host = await MonitorHost.StartAsync(o => o with { PublicDashboard = true });
        using var browser = new Browser(host);
        using var response = await browser.SendAsync(Post(Gzip(Encoding.UTF8.GetBytes(Report("gzip-1"))), "application/tlsrpt+gzip"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("gzip-1", (await JsonAsync(response)).GetProperty("reportId").GetString());
        using var list = await browser.GetAsync("api/v1/tlsrpt");
        Assert.Single((await JsonAsync(list)).GetProperty("reports").EnumerateArray());
        using var metrics = await browser.GetAsync("metrics");
        Assert.Contains("danekit_tlsrpt_reports_total{result=\"added\"} 1\n", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WarningsAreReportedTheReportIsStillStored()
    {
        await using var host = await MonitorHost.StartAsync();
        using var browser = new Browser(host);
        var withDeviation = Report("warn-1").Replace("\"mx-host\": [\"*.mail.company-y.example\"]", "\"mx-host\": \"*.mail.company-y.example\"", StringComparison.Ordinal);
        using var response = await browser.SendAsync(Post(Encoding.UTF8.GetBytes(withDeviation), "application/tlsrpt+json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var warning = Assert.Single((await JsonAsync(response)).GetProperty("warnings").EnumerateArray());
        Assert.Equal("TLSRPT-REPORT-STRING-NOT-ARRAY", warning.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task WrongContentTypeIs415(string? contentType)
    {
        await using var host = await MonitorHost.StartAsync();
        using var browser = new Browser(host);
        using var response = await browser.SendAsync(Post(Encoding.UTF8.GetBytes(Report()), contentType));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/tlsrpt+gzip", await Browser.ErrorAsync(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/tlsrpt+json", "not json at all <script>alert(1)</script>", "TLSRPT-REPORT-JSON-INVALID")]
    [InlineData("application/tlsrpt+json", "{\"organization-name\": ", "TLSRPT-REPORT-JSON-INVALID")]
    [InlineData("application/tlsrpt+json", "[]", "TLSRPT-REPORT-JSON-INVALID")]
    [InlineData("application/tlsrpt+json", "", "TLSRPT-REPORT-JSON-INVALID")]
    [InlineData("application/tlsrpt+json", "{\"organization-name\": \"<b>x</b>\"}", "TLSRPT-REPORT-FIELD-REQUIRED")]
    [InlineData("application/tlsrpt+gzip", "{\"this is\": \"not gzip\"}", "TLSRPT-GZIP-INVALID")]
    public async Task GarbageIs400WithTheReason(string contentType, string body, string code)
    {
        await using var host = await MonitorHost.StartAsync();
        using var browser = new Browser(host);
        using var response = await browser.SendAsync(Post(Encoding.UTF8.GetBytes(body), contentType));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<", raw, StringComparison.Ordinal);
        var json = await JsonAsync(response);
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.StartsWith(code + ": ", json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorruptGzipIs400()
    {
        await using var host = await MonitorHost.StartAsync();
        using var browser = new Browser(host);
        var gzip = Gzip(Encoding.UTF8.GetBytes(Report()));
        using var response = await browser.SendAsync(Post(gzip[..(gzip.Length / 2)], "application/tlsrpt+gzip"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // A truncated stream decompresses to a truncated document: either reason is right.
        Assert.Contains((await JsonAsync(response)).GetProperty("code").GetString(), TruncatedGzipCodes);
    }

    [Fact]
    public async Task GzipBombIs413AndIsNotInflated()
    {
        await using var host = await MonitorHost.StartAsync();
        using var browser = new Browser(host);
        // 1 GB of spaces inside a JSON string: about 1 MB compressed at most; decompression stops at the cap.
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write("{\"organization-name\": \""u8);
            var spaces = new byte[1024 * 1024];
            Array.Fill(spaces, (byte)' ');
            for (var i = 0; i < 1024 && compressed.Length < TlsRptIngestion.MaxBodyBytes - 64 * 1024; i++)
            {
                gzip.Write(spaces);
            }
        }

        var before = GC.GetTotalAllocatedBytes(precise: false);
        using var response = await browser.SendAsync(Post(compressed.ToArray(), "application/tlsrpt+gzip"));
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("TLSRPT-GZIP-TOO-LARGE", (await JsonAsync(response)).GetProperty("code").GetString());
        // The server runs in this process: what it allocated stays near the cap, not the bomb's size.
        Assert.True(allocated < 200L * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task OversizedBodyIs413()
    {
        await using var host = await MonitorHost.StartAsync();
        using var browser = new Browser(host);
        var body = new byte[TlsRptIngestion.MaxBodyBytes + 1];
        Array.Fill(body, (byte)' ');
        body[0] = (byte)'{';
        using var response = await browser.SendAsync(Post(body, "application/tlsrpt+json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("TLSRPT-REPORT-TOO-LARGE", (await JsonAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task HostileValuesAreJsonEncoded()
    {
        await using var host = await MonitorHost.StartAsync();
        using var browser = new Browser(host);
        using var response = await browser.SendAsync(Post(Encoding.UTF8.GetBytes(Report("<img src=x onerror=alert(1)>", "<script>alert(1)</script>")), "application/tlsrpt+json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<", raw, StringComparison.Ordinal);
        var body = await JsonAsync(response);
        Assert.Equal("<script>alert(1)</script>", body.GetProperty("organizationName").GetString());
    }

    [Fact]
    public async Task SubmissionsAreRateLimitedPerClient()
    {
        await using var host = await MonitorHost.StartAsync();
        using var browser = new Browser(host);
        HttpStatusCode last = 0;
        for (var i = 0; i < 70 && last != HttpStatusCode.TooManyRequests; i++)
        {
            using var response = await browser.SendAsync(Post("{}"u8.ToArray(), "application/tlsrpt+json"));
            last = response.StatusCode;
            if (last == HttpStatusCode.TooManyRequests)
            {
                Assert.Contains("too many", await Browser.ErrorAsync(response), StringComparison.Ordinal);
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
    }
}
