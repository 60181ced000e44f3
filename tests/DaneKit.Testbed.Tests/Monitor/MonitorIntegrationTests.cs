using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using DaneKit.Diagnostics;
using DaneKit.Reporting;
using DaneKit.Smtp;
using DaneKit.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace DaneKit.Testbed.Tests.Monitor;

/// <summary>
/// The monitor against the testbed, hosted in-process (a temporary SQLite store, the testbed's resolver, trust anchor
/// and CA, private targets allowed, a webhook on a local listener): add a domain, check it, see its findings; then
/// <c>testbed/rekey</c> gives a scenario's MX a new key so its TLSA records are stale, and the next check raises exactly
/// one alert at the webhook, with a link to the domain page.
/// </summary>
/// <remarks>
/// "One alert" is one notification per check: the new key, the verdict going from authenticated to dane-fail, and the
/// new DANE-TLSA-STALE finding are one event, so they are one alert (kind <c>key-changed</c>, the most important
/// change) that lists every change in <c>details.changes</c>. The rekeyed scenario is <see cref="Rekeyed"/>, which no
/// other test names (the catalogue tests read every scenario, so the key is restored in a <c>finally</c> at once).
/// </remarks>
[Collection(LiveTestbed.Name)]
public sealed class MonitorIntegrationTests(TestbedFixture testbed, ITestOutputHelper output) : IDisposable
{
    /// <summary>The scenario whose MX key the test changes: DANE-EE 3 1 1 on a self-signed certificate (like dane-ee-311).</summary>
    private const string Rekeyed = "alg-14";

    private const string Token = "integration-test-token";
    private const string PublicUrl = "https://monitor.testbed.example";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "danekit-monitor-integration", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task AddCheckSeeFindingsThenAStaleTlsaRaisesExactlyOneAlert()
    {
        var world = testbed.World;
        var ee311 = testbed.LiveScenario("dane-ee-311");
        var rekeyed = testbed.LiveScenario(Rekeyed);
        Directory.CreateDirectory(_directory);
        using var hook = new Webhook();
        var options = new MonitorOptions
        {
            Database = Path.Combine(_directory, "monitor.db"),
            Listen = "http://127.0.0.1:0",
            PublicUrl = PublicUrl,
            Resolver = world.Resolver,
            TrustAnchor = world.TrustAnchorDs,
            CaFile = world.Https?.CaRoot,
            AllowPrivateTargets = true,
            Webhooks = [hook.Url],
            Scheduler = false,
            ApiToken = Token,
            PublicDashboard = true,
            CheckTimeout = TimeSpan.FromSeconds(10),
            // Every check probes afresh: the test changes the server's key between two checks a few seconds apart.
            MxShareWindow = TimeSpan.Zero,
        };
        var app = await MonitorApp.BuildAsync(options);
        await using (app)
        {
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

            // Add a domain, check it now, see its findings.
            var first = await AddAndCheckAsync(client, ee311.Domain);
            Assert.Equal("authenticated", (string)first["verdict"]!);
            var result = await LatestAsync(client, ee311.Domain);
            Assert.Equal(DaneVerdict.Authenticated, result.Verdict);
            var host = Assert.Single(result.Hosts);
            Assert.Equal("mx." + ee311.Domain, host.Name);
            Assert.True(Assert.Single(host.Addresses).Match?.Matched);
            Assert.DoesNotContain(result.Findings, f => f.Severity == FindingSeverity.Error);
            output.WriteLine($"{ee311.Domain}: {result.Verdict}; findings: {string.Join(", ", result.Findings.Select(f => f.Code))}");

            // The domain whose key will change: a first check, authenticated, raises no alert. (A run killed before its
            // finally left a new key in place: the original goes back first; a no-op otherwise.)
            await RunAsync(Path.Combine(RepoPaths.Root, "testbed", "rekey"), "--restore", Rekeyed);
            Assert.Equal("authenticated", (string)(await AddAndCheckAsync(client, rekeyed.Domain))["verdict"]!);
            var before = await LatestAsync(client, rekeyed.Domain);
            var oldKey = Assert.Single(Assert.Single(before.Hosts).Addresses).Certificates[0].SpkiSha256;

            JsonNode alert;
            long staleCheckId;
            try
            {
                await RunAsync(Path.Combine(RepoPaths.Root, "testbed", "rekey"), Rekeyed);
                var stale = await CheckAsync(client, rekeyed.Domain);
                Assert.Equal("dane-fail", (string)stale["verdict"]!);
                staleCheckId = (long)stale["id"]!;
                var after = await LatestAsync(client, rekeyed.Domain);
                var served = Assert.Single(Assert.Single(after.Hosts).Addresses);
                Assert.NotEqual(oldKey, served.Certificates[0].SpkiSha256);
                Assert.Contains(after.Findings, f => f.Code == FindingCatalogue.TlsaStale);

                // Exactly one alert arrives (wait for it, then a little longer for a second one that must not come).
                alert = await hook.NextAsync(TimeSpan.FromSeconds(30));
                await Task.Delay(TimeSpan.FromSeconds(3));
                Assert.Single(hook.Received);
            }
            finally
            {
                await RunAsync(Path.Combine(RepoPaths.Root, "testbed", "rekey"), "--restore", Rekeyed);
            }

            output.WriteLine(alert.ToJsonString());
            var domain = rekeyed.Domain.TrimEnd('.');
            Assert.Equal("key-changed", (string)alert["kind"]!);
            Assert.Equal("error", (string)alert["severity"]!);
            Assert.Equal(domain, (string)alert["domain"]!);
            Assert.Equal($"{PublicUrl}/domain/{domain}", (string)alert["link"]!);
            Assert.Equal(staleCheckId, (long)alert["checkId"]!);
            var changes = alert["details"]!["changes"]!.AsArray();
            var key = changes.Single(c => (string)c!["kind"]! == "key-changed")!;
            Assert.False((bool)key["details"]!["prePublished"]!);
            Assert.Contains(changes, c => (string)c!["kind"]! == "verdict-changed" && (string)c["details"]!["current"]! == "dane-fail");
            Assert.Contains(changes, c => (string)c!["kind"]! == "finding-new" && (string)c["details"]!["code"]! == FindingCatalogue.TlsaStale);

            // The link leads to the domain's page (the same path on this monitor).
            using (var page = await client.GetAsync(new Uri(alert["link"]!.GetValue<string>()).PathAndQuery))
            {
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            }

            // The original key is back: the next check is authenticated again, and that change is one more alert.
            var restored = await CheckAsync(client, rekeyed.Domain);
            Assert.Equal("authenticated", (string)restored["verdict"]!);
            // (The key it changes back to is the one TLSA names: pre-published, info; the alert is named after its
            // most severe change, the single-key rollover warning that comes back with it.)
            var back = await hook.NextAsync(TimeSpan.FromSeconds(30));
            var backChanges = back["details"]!["changes"]!.AsArray();
            Assert.True((bool)backChanges.Single(c => (string)c!["kind"]! == "key-changed")!["details"]!["prePublished"]!);
            Assert.Contains(backChanges, c => (string)c!["kind"]! == "verdict-changed" && (string)c["details"]!["current"]! == "authenticated");
            Assert.Contains(backChanges, c => (string)c!["kind"]! == "finding-resolved" && (string)c["details"]!["code"]! == FindingCatalogue.TlsaStale);

            // dane-ee-311 did not change: checked again, it raises nothing.
            await CheckAsync(client, ee311.Domain);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(2, hook.Received.Count);
            await app.StopAsync();
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // still open: the temporary directory stays
        }
    }

    private static async Task<JsonNode> AddAndCheckAsync(HttpClient client, string domain)
    {
        using (var added = await client.PostAsJsonAsync("api/v1/domains", new { name = domain }))
        {
            Assert.True(added.IsSuccessStatusCode, $"add {domain}: {(int)added.StatusCode} {await added.Content.ReadAsStringAsync()}");
        }

        return await CheckAsync(client, domain);
    }

    private static async Task<JsonNode> CheckAsync(HttpClient client, string domain)
    {
        using var checkedNow = await client.PostAsync($"api/v1/domains/{domain.TrimEnd('.')}/check", null);
        var body = await checkedNow.Content.ReadAsStringAsync();
        Assert.True(checkedNow.IsSuccessStatusCode, $"check {domain}: {(int)checkedNow.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static async Task<DaneCheckResult> LatestAsync(HttpClient client, string domain) =>
        CheckJson.Read(await client.GetStringAsync($"api/v1/domains/{domain.TrimEnd('.')}/results/latest"));

    private async Task RunAsync(string script, params string[] arguments)
    {
        var run = await ProcessRunner.RunAsync(script, arguments, TimeSpan.FromSeconds(60));
        output.WriteLine($"{run.CommandLine}: {run.ExitCode}\n{run.StandardError}");
        Assert.True(run.ExitCode == 0, $"{run.CommandLine} failed ({run.ExitCode}): {run.StandardError}");

        // Postfix's reload is asynchronous: give the master a moment to restart the listener's smtpd.
        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    /// <summary>A webhook receiver on 127.0.0.1 (HttpListener on a free port).</summary>
    private sealed class Webhook : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;
        private readonly SemaphoreSlim _arrived = new(0);
        private readonly ConcurrentQueue<JsonNode> _unread = new();

        public Webhook()
        {
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/hook/";
            }

            _listener.Prefixes.Add(Url);
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public string Url { get; }

        public ConcurrentQueue<JsonNode> Received { get; } = new();

        public async Task<JsonNode> NextAsync(TimeSpan timeout)
        {
            Assert.True(await _arrived.WaitAsync(timeout), $"no alert arrived at the webhook within {timeout.TotalSeconds} s");
            Assert.True(_unread.TryDequeue(out var next));
            return next!;
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
                {
                    var json = JsonNode.Parse(await reader.ReadToEndAsync())!;
                    Received.Enqueue(json);
                    _unread.Enqueue(json);
                }

                context.Response.StatusCode = 204;
                context.Response.Close();
                _arrived.Release();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
            _arrived.Dispose();
        }
    }
}
