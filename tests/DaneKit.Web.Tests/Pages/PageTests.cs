using System.Net;
using DaneKit.Diagnostics;
using DaneKit.Reporting;
using DaneKit.Web.Storage;
using DaneKit.Web.Tests.TestSupport;

namespace DaneKit.Web.Tests.Pages;

public sealed class PageTests
{
    private static Task<MonitorHost> PublicAsync() =>
        MonitorHost.StartAsync(o => o with { PublicDashboard = true, AdminPassword = PageSeed.Password });

    [Fact]
    public async Task OverviewListsTheDomainsWithTheirVerdictsAndCounts()
    {
        await using var host = await PublicAsync();
        await PageSeed.AddRecordedAsync(host, "stale-tlsa");
        await PageSeed.AddRecordedAsync(host, "good");
        await PageSeed.AddRecordedAsync(host, "broken-dnssec");
        await host.Service<IMonitorStore>().AddDomainAsync("unchecked.example.", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        using var client = host.Client();
        var (status, html) = await PageSeed.GetAsync(client, "");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<a href=\"/domain/stale-tlsa.example\">stale-tlsa.example</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/domain/expired-rrsig.example\">expired-rrsig.example</a>", html, StringComparison.Ordinal);
        Assert.Contains("dane-fail", html, StringComparison.Ordinal);
        Assert.Contains("deferred", html, StringComparison.Ordinal);
        Assert.Contains("authenticated", html, StringComparison.Ordinal);
        Assert.Contains("unchecked", html, StringComparison.Ordinal);
        Assert.Contains("class=\"badge tone-bad\"", html, StringComparison.Ordinal);
        Assert.Contains("4 domains", html, StringComparison.Ordinal);
        // A reader gets no add form (and so no antiforgery token to make): a link to log in instead.
        Assert.DoesNotContain("action=\"/?handler=Add\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"__RequestVerificationToken\"", html, StringComparison.Ordinal);
        Assert.Contains("to add domains", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OverviewPagesAndSearches()
    {
        await using var host = await PublicAsync();
        var store = host.Service<IMonitorStore>();
        for (var i = 0; i < 250; i++)
        {
            await store.AddDomainAsync($"d{i:000}.example.", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        }

        using var client = host.Client();
        var (_, first) = await PageSeed.GetAsync(client, "");
        Assert.Contains("page 1 of 3", first, StringComparison.Ordinal);
        Assert.Contains(">d099.example</a>", first, StringComparison.Ordinal);
        Assert.DoesNotContain(">d100.example</a>", first, StringComparison.Ordinal);
        var (_, third) = await PageSeed.GetAsync(client, "?page=3");
        Assert.Contains(">d249.example</a>", third, StringComparison.Ordinal);
        Assert.DoesNotContain(">d199.example</a>", third, StringComparison.Ordinal);
        var (_, search) = await PageSeed.GetAsync(client, "?q=D24");
        Assert.Contains("10 domains matching", search, StringComparison.Ordinal);
        Assert.Contains(">d245.example</a>", search, StringComparison.Ordinal);
        Assert.DoesNotContain(">d145.example</a>", search, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaleTlsaShowsTheMismatchTheFixAndTheRecordToPublish()
    {
        await using var host = await PublicAsync();
        await PageSeed.AddRecordedAsync(host, "stale-tlsa");
        using var client = host.Client();
        var (status, html) = await PageSeed.GetAsync(client, "domain/stale-tlsa.example");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("DANE verdict: dane-fail", html, StringComparison.Ordinal);
        Assert.Contains("RFC 7672 3.1.1; TLS-RPT result type certificate-not-trusted", html, StringComparison.Ordinal);
        Assert.Contains("DANE-TLSA-STALE", html, StringComparison.Ordinal);
        const string line = "_25._tcp.mx.stale-tlsa.example. IN TLSA 3 1 1 015125F2E9D26F740E1FC9FEBAC922DE11DA9944797D1D8751FFB75E8339E684";
        Assert.Contains("<pre class=\"zone-lines\">" + line + "</pre>", html, StringComparison.Ordinal);
        Assert.Contains("<pre class=\"zone-lines publish\">" + line + "</pre>", html, StringComparison.Ordinal);
        Assert.Contains("$ danekit tlsa generate --from smtp://mx.stale-tlsa.example", html, StringComparison.Ordinal);
        Assert.Contains("not matched", html, StringComparison.Ordinal);
        Assert.Contains("digest-mismatch", html, StringComparison.Ordinal);
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chain-svg\"", html, StringComparison.Ordinal);
        Assert.Contains("MTA-STS", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/domain/stale-tlsa.example?handler=Check\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task BrokenDnssecShowsTheRedLinkWithItsReason()
    {
        await using var host = await PublicAsync();
        await PageSeed.AddRecordedAsync(host, "broken-dnssec");
        using var client = host.Client();
        var (status, html) = await PageSeed.GetAsync(client, "domain/expired-rrsig.example");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("DANE verdict: deferred", html, StringComparison.Ordinal);
        Assert.Contains("class=\"edge tone-bad broken\"><title>broken link to zone expired-rrsig.example.: DNSKEY RRset not validly signed by an entry point", html, StringComparison.Ordinal);
        Assert.Contains(">broken: DNSKEY RRset not validly signed by an entry point;", html, StringComparison.Ordinal);
        Assert.Contains("DNSSEC-BROKEN-LINK", html, StringComparison.Ordinal);
        Assert.Contains("$ dig +dnssec expired-rrsig.example. MX", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileStringsAreEncodedNeverMarkup()
    {
        await using var host = await PublicAsync();
        await PageSeed.AddRecordedAsync(host, "hostile-strings");
        using var client = host.Client();
        var (status, html) = await PageSeed.GetAsync(client, "domain/hostile-strings.example");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(3)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("DANE verdict: authenticated", html, StringComparison.Ordinal);
    }

    // The findings list is generic: a stored check with DANE-ROLLOVER-EXPIRING shows its message, plan and commands as
    // any other finding (the recorded good check, its DANE-ROLLOVER-SINGLE-KEY replaced as the library does when the
    // certificate expires within 30 days).
    [Fact]
    public async Task ExpiringRolloverFindingShowsTheDateAndThePlan()
    {
        var result = Recorded.Result("good");
        var single = Assert.Single(result.Findings, f => f.Code == FindingCatalogue.RolloverSingleKey);
        var d = FindingCatalogue.Get(FindingCatalogue.RolloverExpiring);
        const string plan = "danekit rollover plan --cert CURRENT.pem --next-key next-key.pem --host mx.dane-ee-311.example";
        var expiring = single with
        {
            Code = d.Code,
            Title = d.Title,
            Severity = d.Severity,
            Rfc = d.Rfc,
            Message = "the certificate of mx.dane-ee-311.example. expires 2026-12-09 10:00Z, in 10 days, and the only usable TLSA record is bound to one key: "
                + "DANE-EE ignores validity dates (RFC 7672 3.1.1), so the expiry itself does not stop DANE senders; the risk is the renewal changing the key",
            Remediation = new FindingRemediation("Renew with \"current + next\" (RFC 7671 8.1): 1. make the next key now; 2. publish its 3 1 1 record beside the current one; "
                + "3. wait two TTLs (the TLSA TTL is 300 s: wait at least 600 s); 4. renew the certificate with that key; 5. remove the old key's 3 1 1 record.", [],
                [plan, "danekit tlsa generate --key next-key.pem --host mx.dane-ee-311.example"]),
        };
        var json = CheckJson.Write(result with { Findings = [.. result.Findings.Select(f => f == single ? expiring : f)] }, 0);

        await using var host = await PublicAsync();
        await PageSeed.AddJsonAsync(host, json);
        using var client = host.Client();
        var (status, html) = await PageSeed.GetAsync(client, "domain/dane-ee-311.example");
        Assert.Equal(HttpStatusCode.OK, status);
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("<span class=\"badge tone-wait\"><span class=\"mark\" aria-hidden=\"true\">!</span> warning</span> <code>DANE-ROLLOVER-EXPIRING</code> "
            + d.Title + " <span class=\"rfc\">[RFC 7671 8.1]</span>", text, StringComparison.Ordinal);
        Assert.Contains("expires 2026-12-09 10:00Z, in 10 days", text, StringComparison.Ordinal);
        Assert.Contains("wait at least 600 s", text, StringComparison.Ordinal);
        Assert.Contains("$ " + plan, text, StringComparison.Ordinal);
        Assert.DoesNotContain("DANE-ROLLOVER-SINGLE-KEY", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoryLinksToEachCheckAndAnOlderCheckCanBeShown()
    {
        await using var host = await PublicAsync();
        var (_, older) = await PageSeed.AddRecordedAsync(host, "stale-tlsa", DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var (_, newer) = await PageSeed.AddRecordedAsync(host, "stale-tlsa", DateTimeOffset.Parse("2026-11-29T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var client = host.Client();
        var (_, html) = await PageSeed.GetAsync(client, "domain/stale-tlsa.example");
        Assert.Contains($"href=\"/domain/stale-tlsa.example?check={older}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/domain/stale-tlsa.example?check={newer}\"", html, StringComparison.Ordinal);
        Assert.Contains("2026-11-28 10:00:00Z", html, StringComparison.Ordinal);
        var (status, old) = await PageSeed.GetAsync(client, $"domain/stale-tlsa.example?check={older}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("You are looking at an older check", old, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownDomainsAndChecksAre404()
    {
        await using var host = await PublicAsync();
        var (_, id) = await PageSeed.AddRecordedAsync(host, "good");
        await PageSeed.AddRecordedAsync(host, "stale-tlsa");
        using var client = host.Client();
        var (status, html) = await PageSeed.GetAsync(client, "domain/nowhere.example");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Domain not found", html, StringComparison.Ordinal);
        var (bad, _) = await PageSeed.GetAsync(client, "domain/%3Cscript%3E");
        Assert.Equal(HttpStatusCode.NotFound, bad);
        var (other, _) = await PageSeed.GetAsync(client, $"domain/stale-tlsa.example?check={id}");
        Assert.Equal(HttpStatusCode.NotFound, other);
        var (missing, _) = await PageSeed.GetAsync(client, "domain/stale-tlsa.example?check=999999");
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task AddingADomainNeedsALoginAndThenShowsItsPage()
    {
        await using var host = await PublicAsync();
        using (var anonymous = PageSeed.CookieClient(host))
        {
            // An anonymous visitor with a valid antiforgery token (from the login page) is still refused.
            var (_, page) = await PageSeed.GetAsync(anonymous, "login");
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["domain"] = "added.example", ["__RequestVerificationToken"] = PageSeed.Token(page) });
            using var refused = await anonymous.PostAsync(new Uri("?handler=Add", UriKind.Relative), form);
            Assert.False(refused.IsSuccessStatusCode);
            Assert.NotEqual("/domain/added.example", refused.Headers.Location?.OriginalString);
            Assert.Null(await host.Service<IMonitorStore>().GetDomainAsync("added.example."));
        }

        using var client = PageSeed.CookieClient(host);
        await PageSeed.LoginAsync(client);
        var (_, overview) = await PageSeed.GetAsync(client, "");
        Assert.Contains("Log out (admin)", overview, StringComparison.Ordinal);
        Assert.Contains("action=\"/?handler=Add\"", overview, StringComparison.Ordinal);
        using (var noToken = new FormUrlEncodedContent(new Dictionary<string, string> { ["domain"] = "added.example" }))
        using (var withoutToken = await client.PostAsync(new Uri("?handler=Add", UriKind.Relative), noToken))
        {
            Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        }

        using (var invalid = new FormUrlEncodedContent(new Dictionary<string, string> { ["domain"] = "<script>", ["__RequestVerificationToken"] = PageSeed.Token(overview) }))
        using (var rejected = await client.PostAsync(new Uri("?handler=Add", UriKind.Relative), invalid))
        {
            Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
            var body = await rejected.Content.ReadAsStringAsync();
            Assert.Contains("&#x27;&lt;script&gt;&#x27; is not a domain name", body, StringComparison.Ordinal);
        }

        using var ok = new FormUrlEncodedContent(new Dictionary<string, string> { ["domain"] = "Added.Example.", ["__RequestVerificationToken"] = PageSeed.Token(overview) });
        using var added = await client.PostAsync(new Uri("?handler=Add", UriKind.Relative), ok);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal("/domain/added.example", added.Headers.Location!.OriginalString);
        Assert.NotNull(await host.Service<IMonitorStore>().GetDomainAsync("added.example."));
        var (status, page2) = await PageSeed.GetAsync(client, "domain/added.example");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Not checked yet", page2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPagePostsToTheAccountEndpointAndShowsFailures()
    {
        await using var host = await MonitorHost.StartAsync(o => o with { AdminPassword = PageSeed.Password });
        using var client = host.Client();
        var (status, html) = await PageSeed.GetAsync(client, "login?returnUrl=%2Fdomain%2Fx.example&failed=1");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("action=\"/account/login\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"returnUrl\" value=\"/domain/x.example\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"__RequestVerificationToken\"", html, StringComparison.Ordinal);
        Assert.Contains("The user name or password is wrong", html, StringComparison.Ordinal);
        var (_, evil) = await PageSeed.GetAsync(client, "login?returnUrl=https%3A%2F%2Fevil.example%2F");
        Assert.Contains("name=\"returnUrl\" value=\"/\"", evil, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TlsRptPageShowsReportsAndFailuresPerDay()
    {
        await using var host = await PublicAsync();
        var store = host.Service<IMonitorStore>();
        var day1 = DateTimeOffset.Parse("2026-11-27T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        await store.SaveTlsRptReportAsync(new NewTlsRptReport(day1.AddDays(1), "Sender <b>Org</b>", "r1", ["stale-tlsa.example."], day1, day1.AddDays(1), 90, 10, 0, "{}"));
        await store.SaveTlsRptReportAsync(new NewTlsRptReport(day1.AddDays(2), "Other Org", "r2", ["good.example."], day1.AddDays(1), day1.AddDays(2), 50, 0, 1, "{}"));
        using var client = host.Client();
        var (status, html) = await PageSeed.GetAsync(client, "tlsrpt");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Sender &lt;b&gt;Org&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Other Org", html, StringComparison.Ordinal);
        Assert.Contains("2026-11-27", html, StringComparison.Ordinal);
        Assert.Contains("class=\"tlsrpt-svg\"", html, StringComparison.Ordinal);
        Assert.Contains("2026-11-27: 10 failed, 90 successful sessions in 1 report(s)", html, StringComparison.Ordinal);
        var (_, one) = await PageSeed.GetAsync(client, "tlsrpt?domain=good.example");
        Assert.DoesNotContain("Sender &lt;b&gt;", one, StringComparison.Ordinal);
        Assert.Contains("Other Org", one, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StylesheetIsServed()
    {
        await using var host = await PublicAsync();
        using var client = host.Client();
        var (status, css) = await PageSeed.GetAsync(client, "css/site.css");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(".chain-svg .edge.broken", css, StringComparison.Ordinal);
    }
}
