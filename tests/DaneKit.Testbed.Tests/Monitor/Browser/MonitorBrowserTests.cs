using System.Text.RegularExpressions;
using DaneKit.Web;
using DaneKit.Web.Monitoring;
using DaneKit.Web.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DaneKit.Testbed.Tests.Monitor.Browser;

/// <summary>
/// The monitor's pages in a real browser: Debian's headless Chromium driven by Playwright (its driver ships in the NuGet
/// package; no browser is downloaded). The monitor runs in-process against the testbed (SQLite store, the testbed
/// resolver and trust anchor), checks four scenario domains through <see cref="IMonitorChecks"/>, and the pages are
/// checked as a user sees them: the overview with its badges, the chain of trust with the broken link of
/// expired-rrsig.example, the fix and the record to publish of stale-tlsa.example, and hostile-strings.example, whose
/// SMTP banner and certificate subject carry script that must show as text and never run. Full-page screenshots go to
/// <c>$DANEKIT_TEST_ARTIFACTS/screenshots</c> (default <c>/tmp/danekit-artifacts/screenshots</c>).
/// </summary>
[Collection(LiveTestbed.Name)]
public sealed partial class MonitorBrowserTests(TestbedFixture testbed, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Password = "browser-test-password";
    private static readonly string[] Domains = ["dane-ee-311.example.", "stale-tlsa.example.", "expired-rrsig.example.", "hostile-strings.example."];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "danekit-monitor-browser", Guid.NewGuid().ToString("N"));
    private readonly List<string> _dialogs = [];
    private readonly List<string> _consoleErrors = [];
    private WebApplication? _app;
    private Uri? _base;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where screenshots go.</summary>
    public static string ScreenshotDirectory
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("DANEKIT_TEST_ARTIFACTS");
            return Path.Combine(string.IsNullOrEmpty(root) ? "/tmp/danekit-artifacts" : root, "screenshots");
        }
    }

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/setup-packages (Debian package chromium)");
        foreach (var domain in Domains)
        {
            testbed.LiveScenario(domain.Split('.')[0]);
        }

        Directory.CreateDirectory(_directory);
        var world = testbed.World;
        var options = new MonitorOptions
        {
            Database = Path.Combine(_directory, "monitor.db"),
            Listen = "http://127.0.0.1:0",
            Resolver = world.Resolver,
            TrustAnchor = world.TrustAnchorDs,
            CaFile = world.Https?.CaRoot,
            AllowPrivateTargets = true,
            PublicDashboard = true,
            AdminPassword = Password,
            Scheduler = false,
        };
        _app = await MonitorApp.BuildAsync(options);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _base = new Uri(address.TrimEnd('/') + "/");

        var store = _app.Services.GetRequiredService<IMonitorStore>();
        var checks = _app.Services.GetRequiredService<IMonitorChecks>();
        foreach (var domain in Domains)
        {
            await store.AddDomainAsync(domain, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
            var check = await checks.CheckNowAsync(domain);
            output.WriteLine($"{domain}: {check.Verdict} ({check.Errors} errors, {check.Warnings} warnings)");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
        output.WriteLine($"screenshots: {ScreenshotDirectory}");
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on a slow shutdown: the temporary directory stays, harmless
        }
    }

    [Fact]
    public async Task OverviewShowsEveryDomainWithItsBadge()
    {
        var page = await OpenAsync("");
        var rows = page.Locator("table.domains tbody tr");
        Assert.Equal(Domains.Length, await rows.CountAsync());
        var expected = new Dictionary<string, string>
        {
            ["dane-ee-311.example"] = "✓ authenticated",
            ["stale-tlsa.example"] = "✗ dane-fail",
            ["expired-rrsig.example"] = "! deferred",
            ["hostile-strings.example"] = "✓ authenticated",
        };
        foreach (var (domain, badge) in expected)
        {
            var row = rows.Filter(new LocatorFilterOptions { Has = page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = domain, Exact = true }) });
            Assert.Equal(1, await row.CountAsync());
            Assert.Equal(badge, (await row.Locator("td").Nth(1).InnerTextAsync()).Trim());
        }

        Assert.Contains("dane-fail 1", Normalize(await page.Locator(".count-list").InnerTextAsync()), StringComparison.Ordinal);
        var red = await page.Locator("table.domains .badge.tone-bad").First.EvaluateAsync<string>("e => getComputedStyle(e).color");
        Assert.Equal("rgb(180, 35, 24)", red);
        await ShotAsync(page, "overview");
        AssertNothingRan();
    }

    [Fact]
    public async Task BrokenDnssecDomainShowsTheRedLinkOfTheChainOfTrust()
    {
        var page = await OpenAsync("domain/expired-rrsig.example");
        Assert.Contains("DANE verdict: deferred", await page.Locator("#verdict-heading").InnerTextAsync(), StringComparison.Ordinal);
        var svg = page.Locator("#chain svg.chain-svg");
        Assert.Equal(1, await svg.CountAsync());
        var broken = svg.Locator("path.broken");
        Assert.True(await broken.CountAsync() > 0, "no broken link in the chain of trust");
        Assert.Equal("rgb(180, 35, 24)", await broken.First.EvaluateAsync<string>("e => getComputedStyle(e).stroke"));
        var titles = await broken.Locator("title").AllTextContentsAsync();
        Assert.Contains(titles, t => t.StartsWith("broken link to zone expired-rrsig.example.: DNSKEY RRset not validly signed", StringComparison.Ordinal));
        var texts = await svg.Locator("text.node-broken").AllTextContentsAsync();
        Assert.Contains(texts, t => t.StartsWith("broken: DNSKEY RRset not validly signed", StringComparison.Ordinal));
        Assert.True(await svg.Locator("text.node-broken").First.IsVisibleAsync());
        Assert.Contains(await svg.Locator("text.node-title").AllTextContentsAsync(), t => t.StartsWith("zone expired-rrsig.example.", StringComparison.Ordinal) && t.Contains("✗ bogus", StringComparison.Ordinal));
        Assert.Contains("DNSSEC-BROKEN-LINK", await page.Locator("#findings").InnerTextAsync(), StringComparison.Ordinal);
        await ShotAsync(page, "domain-expired-rrsig");
        AssertNothingRan();
    }

    [Fact]
    public async Task StaleTlsaDomainShowsTheFixAndTheRecordToPublish()
    {
        var page = await OpenAsync("domain/stale-tlsa.example");
        Assert.Contains("DANE verdict: dane-fail", await page.Locator("#verdict-heading").InnerTextAsync(), StringComparison.Ordinal);
        var finding = page.Locator("article.finding", new PageLocatorOptions { HasText = "DANE-TLSA-STALE" });
        Assert.Equal(1, await finding.CountAsync());
        Assert.Contains("How to fix", await finding.InnerTextAsync(), StringComparison.Ordinal);
        var fixLine = (await finding.Locator("pre.zone-lines").InnerTextAsync()).Trim();
        Assert.Matches(TlsaLine(), fixLine);
        var publish = (await page.Locator("#publish pre.publish").InnerTextAsync()).Trim();
        Assert.Equal(fixLine, publish.Split('\n')[0]);

        // The record to publish is the key the server presents: the matrix shows the same hash for the served leaf.
        var leaf = await page.Locator("#matrix td.cert code.record").First.InnerTextAsync();
        Assert.EndsWith(leaf.Trim()["3 1 1 ".Length..], fixLine, StringComparison.Ordinal);
        Assert.Contains("not matched", await page.Locator("#matrix td.cell").First.InnerTextAsync(), StringComparison.Ordinal);
        await ShotAsync(page, "domain-stale-tlsa");

        // "Check now" through the forms alone (no JavaScript needed): log in, press the button, a second check appears.
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Log in" }).ClickAsync();
        await page.FillAsync("#password", Password);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/domain/stale-tlsa\\.example$"));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Check now" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/domain/stale-tlsa\\.example$"));
        Assert.Equal(2, await page.Locator("#history ol.timeline li").CountAsync());
        AssertNothingRan();
    }

    [Fact]
    public async Task HostileStringsShowAsTextAndNothingRuns()
    {
        var page = await OpenAsync("domain/hostile-strings.example");
        Assert.Contains("DANE verdict: authenticated", await page.Locator("#verdict-heading").InnerTextAsync(), StringComparison.Ordinal);
        var banner = await page.Locator("#matrix q.banner").InnerTextAsync();
        Assert.Equal("220 mx.hostile-strings.example ESMTP <script>alert(1)</script> \"><img src=x onerror=alert(2)>", banner);
        var subject = await page.Locator("#matrix span.subject").InnerTextAsync();
        Assert.Contains("<script>alert(3)</script>", subject, StringComparison.Ordinal);
        Assert.True(await page.Locator("#matrix q.banner").IsVisibleAsync());

        // Nothing from the strings became an element: the page has no script and no img at all.
        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"));
        await page.ReloadAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await ShotAsync(page, "domain-hostile-strings");

        var overview = await OpenAsync("");
        await ShotAsync(overview, "overview-after-hostile");
        AssertNothingRan();
    }

    [Fact]
    public async Task TlsRptPageShowsTheReportsAndTheFailuresPerDay()
    {
        var store = _app!.Services.GetRequiredService<IMonitorStore>();
        var day = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-3);
        for (var i = 0; i < 3; i++)
        {
            var start = day.AddDays(i);
            await store.SaveTlsRptReportAsync(new NewTlsRptReport(start.AddDays(1), "Sender <i>Org</i>", $"browser-{i}", ["stale-tlsa.example."],
                start, start.AddDays(1), 100 - (i * 10), i * 10, 0, "{}"));
        }

        var page = await OpenAsync("tlsrpt");
        Assert.Equal(3, await page.Locator("table.reports tbody tr").CountAsync());
        Assert.Contains("Sender <i>Org</i>", await page.Locator("table.reports").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("table.reports i").CountAsync());
        Assert.Equal(3, await page.Locator("svg.tlsrpt-svg rect.bar").CountAsync());
        await ShotAsync(page, "tlsrpt");
        AssertNothingRan();
    }

    private async Task<IPage> OpenAsync(string path)
    {
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        page.Dialog += (_, dialog) =>
        {
            lock (_dialogs)
            {
                _dialogs.Add($"{dialog.Type}: {dialog.Message}");
            }

            _ = dialog.DismissAsync();
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_consoleErrors)
                {
                    _consoleErrors.Add($"{message.Text} ({message.Location})");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_consoleErrors)
            {
                _consoleErrors.Add("page error: " + error);
            }
        };
        // A marker a successful injection could set; the payloads of the hostile-strings scenario call alert().
        await page.AddInitScriptAsync("Object.defineProperty(window, '__xss', { value: undefined, writable: true });");
        var response = await page.GotoAsync(new Uri(_base!, path).ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        return page;
    }

    private async Task ShotAsync(IPage page, string name)
    {
        var file = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        output.WriteLine($"screenshot: {file}");
    }

    private void AssertNothingRan()
    {
        lock (_dialogs)
        {
            Assert.True(_dialogs.Count == 0, "dialogs opened: " + string.Join("; ", _dialogs));
        }

        lock (_consoleErrors)
        {
            Assert.True(_consoleErrors.Count == 0, "console errors (a CSP violation means markup was injected): " + string.Join("; ", _consoleErrors));
        }
    }

    private static string Normalize(string text) => WhiteSpace().Replace(text, " ").Replace("✗ ", "", StringComparison.Ordinal);

    [GeneratedRegex("^_25\\._tcp\\.mx\\.stale-tlsa\\.example\\. IN TLSA 3 1 1 [0-9A-F]{64}$")]
    private static partial Regex TlsaLine();

    [GeneratedRegex("\\s+")]
    private static partial Regex WhiteSpace();
}
