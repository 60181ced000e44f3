using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DaneKit.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace DaneKit.Testbed.Tests.Monitor;

/// <summary>
/// The monitor on the testbed: without <c>--allow-private-targets</c> it refuses to contact the testbed's (loopback)
/// mail servers and policy hosts (the SSRF guard), and a TLS-RPT report POSTed as RFC 8460 3 says is stored and shown.
/// </summary>
[Collection(LiveTestbed.Name)]
public sealed class MonitorGuardAndIngestTests(TestbedFixture testbed) : IDisposable
{
    private const string Token = "monitor-guard-test-token-0123456789";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "danekit-monitor-guard", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task PrivateTargetsAreRefusedUnlessAllowed()
    {
        var scenario = testbed.LiveScenario("sts-enforce");
        await using var monitor = await StartAsync(allowPrivate: false);
        using var client = monitor.Client;

        using (var add = await client.PostAsync(new Uri("api/v1/domains", UriKind.Relative), Json(new JsonObject { ["name"] = scenario.Domain })))
        {
            Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        }

        using var check = await client.PostAsync(new Uri($"api/v1/domains/{scenario.Domain.TrimEnd('.')}/check", UriKind.Relative), null);
        Assert.True(check.IsSuccessStatusCode, await check.Content.ReadAsStringAsync());
        var result = JsonNode.Parse(await client.GetStringAsync(new Uri($"api/v1/domains/{scenario.Domain.TrimEnd('.')}/results/latest", UriKind.Relative)))!;

        // DNS works (the resolver is the operator's own configuration), but no 127.x mail server or policy host is contacted.
        Assert.Equal("deferred", (string)result["verdict"]!);
        var address = result["hosts"]![0]!["addresses"]![0]!;
        Assert.Equal("target-refused", (string)address["probe"]!["failure"]!["kind"]!);
        Assert.Contains("is loopback", (string)address["probe"]!["failure"]!["message"]!, StringComparison.Ordinal);
        Assert.Equal("connect", (string)result["mtaSts"]!["fetch"]!["outcome"]!);
        Assert.Contains("only contacts public addresses", (string)result["mtaSts"]!["fetch"]!["problem"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATlsRptReportPostedOverHttpsIsStoredAndShown()
    {
        var scenario = testbed.LiveScenario("sts-enforce");
        await using var monitor = await StartAsync(allowPrivate: true);
        using var client = monitor.Client;
        var report = $$"""
            {"organization-name": "Testbed Sender", "date-range": {"start-datetime": "2026-11-28T00:00:00Z", "end-datetime": "2026-11-28T23:59:59Z"},
             "contact-info": "tlsrpt@sender.example", "report-id": "testbed-{{Guid.NewGuid():N}}",
             "policies": [{"policy": {"policy-type": "sts", "policy-string": ["version: STSv1", "mode: enforce", "mx: mx.{{scenario.Domain.TrimEnd('.')}}", "max_age: 86400"],
                           "policy-domain": "{{scenario.Domain.TrimEnd('.')}}", "mx-host": ["mx.{{scenario.Domain.TrimEnd('.')}}"]},
                           "summary": {"total-successful-session-count": 40, "total-failure-session-count": 2},
                           "failure-details": [{"result-type": "certificate-expired", "sending-mta-ip": "192.0.2.9", "receiving-mx-hostname": "mx.{{scenario.Domain.TrimEnd('.')}}", "failed-session-count": 2}]}]}
            """;
        using var gzipped = new MemoryStream();
        await using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(report));
        }

        using var anonymous = new HttpClient { BaseAddress = client.BaseAddress };
        using var body = new ByteArrayContent(gzipped.ToArray());
        body.Headers.ContentType = new MediaTypeHeaderValue("application/tlsrpt+gzip");
        using (var posted = await anonymous.PostAsync(new Uri("tlsrpt", UriKind.Relative), body))
        {
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        var listed = JsonNode.Parse(await client.GetStringAsync(new Uri("api/v1/tlsrpt?limit=10", UriKind.Relative)))!.ToJsonString();
        Assert.Contains("Testbed Sender", listed, StringComparison.Ordinal);
        var page = await client.GetStringAsync(new Uri("tlsrpt", UriKind.Relative));
        Assert.Contains("Testbed Sender", page, StringComparison.Ordinal);
        Assert.Contains(scenario.Domain.TrimEnd('.'), page, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<Running> StartAsync(bool allowPrivate)
    {
        var world = testbed.World;
        Directory.CreateDirectory(_directory);
        var app = await MonitorApp.BuildAsync(new MonitorOptions
        {
            Database = Path.Combine(_directory, $"monitor-{Guid.NewGuid():N}.db"),
            Listen = "http://127.0.0.1:0",
            Resolver = world.Resolver,
            TrustAnchor = world.TrustAnchorDs,
            CaFile = world.Https?.CaRoot,
            AllowPrivateTargets = allowPrivate,
            Scheduler = false,
            ApiToken = Token,
            PublicDashboard = true,
            CheckTimeout = TimeSpan.FromSeconds(5),
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return new Running(app, client);
    }

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    private sealed record Running(WebApplication App, HttpClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
