using System.Net;
using DaneKit.Web.Security;
using DaneKit.Web.Tests.TestSupport;

namespace DaneKit.Web.Tests.Security;

public sealed class SecurityTests
{
    private static Task<MonitorHost> PrivateAsync() =>
        MonitorHost.StartAsync(o => o with { ApiToken = Browser.Token, AdminPassword = Browser.Password });

    [Fact]
    public async Task PrivateMonitorRefusesTheApiWithoutCredentialsAs401Json()
    {
        await using var host = await PrivateAsync();
        using var browser = new Browser(host);
        foreach (var path in new[] { "api/v1/domains", "api/v1/alerts", "api/v1/tlsrpt", "metrics", "api/v1/domains/example.com/history" })
        {
            using var response = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("authentication required", await Browser.ErrorAsync(response), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PrivateMonitorRedirectsPagesToTheLogin()
    {
        await using var host = await PrivateAsync();
        using var browser = new Browser(host);
        using var response = await browser.GetAsync("tlsrpt-reports-page-that-does-not-exist");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var overview = await browser.GetAsync("");
        Assert.Equal(HttpStatusCode.Redirect, overview.StatusCode);
        Assert.Equal("/login?returnUrl=%2F", overview.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task PublicMonitorReadsAnonymouslyButRefusesWrites()
    {
        await using var host = await MonitorHost.StartAsync(o => o with { PublicDashboard = true, ApiToken = Browser.Token });
        using var browser = new Browser(host);
        using (var list = await browser.GetAsync("api/v1/domains"))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        using (var metrics = await browser.GetAsync("metrics"))
        {
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        }

        using var add = await browser.SendAsync(Browser.Json(HttpMethod.Post, "api/v1/domains", new { name = "example.com" }));
        Assert.Equal(HttpStatusCode.Unauthorized, add.StatusCode);
        using var delete = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "api/v1/domains/example.com"));
        Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
        using var check = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/v1/domains/example.com/check"));
        Assert.Equal(HttpStatusCode.Unauthorized, check.StatusCode);
    }

    [Fact]
    public async Task TokenReadsAndWritesAWrongTokenIsRefused()
    {
        await using var host = await PrivateAsync();
        using var browser = new Browser(host);
        using (var read = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, "api/v1/domains")))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        using (var add = await browser.SendAsync(Browser.Json(HttpMethod.Post, "api/v1/domains", new { name = "example.com" }, Browser.Token)))
        {
            Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        }

        foreach (var wrong in new[] { "nope", Browser.Token + "x", Browser.Token[..^1], "" })
        {
            using var refused = await browser.SendAsync(Browser.Json(HttpMethod.Post, "api/v1/domains", new { name = "example.org" }, wrong));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Bearer", Assert.Single(refused.Headers.WwwAuthenticate).Scheme);
            await Browser.ErrorAsync(refused);
        }
    }

    [Fact]
    public async Task TokenWhenNoneIsConfiguredNothingIsAccepted()
    {
        await using var host = await MonitorHost.StartAsync(o => o with { AdminPassword = Browser.Password });
        using var browser = new Browser(host);
        using var response = await browser.SendAsync(Browser.Bearer(HttpMethod.Get, "api/v1/domains", ""));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not enabled", await Browser.ErrorAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginWithAntiforgeryWorksAndTheCookieReadsTheApi()
    {
        await using var host = await PrivateAsync();
        using var browser = new Browser(host);
        using var login = await browser.LoginAsync(returnUrl: "/domains/example.com?x=1");
        Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
        Assert.Equal("/domains/example.com?x=1", login.Headers.Location!.OriginalString);
        var setCookie = string.Join("\n", login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("danekit-auth=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);

        using var read = await browser.GetAsync("api/v1/domains");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task LoginWithoutTheAntiforgeryTokenIsRefused400()
    {
        await using var host = await PrivateAsync();
        using var browser = new Browser(host);
        await browser.AntiforgeryTokenAsync();
        using var response = await browser.PostFormAsync("account/login", [new("username", "admin"), new("password", Browser.Password), new("returnUrl", "/")]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery", await Browser.ErrorAsync(response), StringComparison.Ordinal);
        Assert.False(browser.Cookies.ContainsKey("danekit-auth"));

        // A token without its cookie (a cross-site post cannot send the SameSite cookie) is refused too.
        var token = await browser.AntiforgeryTokenAsync();
        using var stranger = new Browser(host);
        using var crossSite = await stranger.PostFormAsync("account/login",
            [new("username", "admin"), new("password", Browser.Password), new("__RequestVerificationToken", token)]);
        Assert.Equal(HttpStatusCode.BadRequest, crossSite.StatusCode);
    }

    [Fact]
    public async Task LoginWrongPasswordGoesBackToTheLoginPage()
    {
        await using var host = await PrivateAsync();
        using var browser = new Browser(host);
        using var response = await browser.LoginAsync(password: "wrong password", returnUrl: "/tlsrpt-page");
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/login?failed=1&returnUrl=%2Ftlsrpt-page", response.Headers.Location!.OriginalString);
        Assert.False(browser.Cookies.ContainsKey("danekit-auth"));
        using var read = await browser.GetAsync("api/v1/domains");
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
    }

    [Fact]
    public async Task LoginWithoutAConfiguredPasswordNeverSucceeds()
    {
        await using var host = await MonitorHost.StartAsync(o => o with { ApiToken = Browser.Token });
        using var browser = new Browser(host);
        using var response = await browser.LoginAsync(password: "");
        Assert.StartsWith("/login?failed=1", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.False(browser.Cookies.ContainsKey("danekit-auth"));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("evil.example")]
    public async Task LoginOpenRedirectIsRefused(string returnUrl)
    {
        await using var host = await PrivateAsync();
        using var browser = new Browser(host);
        using var response = await browser.LoginAsync(returnUrl: returnUrl);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("/domains/example.com", "/domains/example.com")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/\r\nLocation: https://evil.example", "/")]
    [InlineData("https://evil.example", "/")]
    public void LocalUrlKeepsOnlyLocalPaths(string? url, string expected) => Assert.Equal(expected, SecurityServices.LocalUrl(url));

    [Fact]
    public async Task LoginCookieCannotWriteWithoutTheAntiforgeryHeader()
    {
        await using var host = await PrivateAsync();
        using var browser = new Browser(host);
        using (var login = await browser.LoginAsync())
        {
            Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
        }

        using (var refused = await browser.SendAsync(Browser.Json(HttpMethod.Post, "api/v1/domains", new { name = "example.com" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("antiforgery", await Browser.ErrorAsync(refused), StringComparison.Ordinal);
        }

        using (var refusedDelete = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "api/v1/domains/example.com")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refusedDelete.StatusCode);
        }

        var token = await browser.AntiforgeryTokenAsync();
        var request = Browser.Json(HttpMethod.Post, "api/v1/domains", new { name = "example.com" });
        request.Headers.Add("X-CSRF-TOKEN", token);
        using var allowed = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);

        // A wrong header value is refused as well.
        var forged = Browser.Json(HttpMethod.Post, "api/v1/domains", new { name = "example.org" });
        forged.Headers.Add("X-CSRF-TOKEN", token[..^4] + "AAAA");
        using var forgedResponse = await browser.SendAsync(forged);
        Assert.Equal(HttpStatusCode.BadRequest, forgedResponse.StatusCode);
    }

    [Fact]
    public async Task LogoutEndsTheSession()
    {
        await using var host = await PrivateAsync();
        using var browser = new Browser(host);
        (await browser.LoginAsync()).Dispose();
        var token = await browser.AntiforgeryTokenAsync();
        using var logout = await browser.PostFormAsync("account/logout", [new("__RequestVerificationToken", token), new("returnUrl", "//evil.example")]);
        Assert.Equal(HttpStatusCode.SeeOther, logout.StatusCode);
        Assert.Equal("/", logout.Headers.Location!.OriginalString);
        using var read = await browser.GetAsync("api/v1/domains");
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
    }

    [Fact]
    public async Task SecurityHeadersAreOnEveryResponse()
    {
        await using var host = await PrivateAsync();
        using var browser = new Browser(host);
        foreach (var path in new[] { "api/v1/domains", "no-such-page", "openapi/v1.json", "account/antiforgery", "login" })
        {
            using var response = await browser.GetAsync(path);
            Assert.Equal(SecurityServices.ContentSecurityPolicy, string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
            Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
        }
    }

    [Fact]
    public void TokenEqualsComparesWholeValues()
    {
        Assert.True(ApiTokenAuthenticationHandler.TokenEquals("secret-token-1234", "secret-token-1234"));
        Assert.False(ApiTokenAuthenticationHandler.TokenEquals("secret-token-123", "secret-token-1234"));
        Assert.False(ApiTokenAuthenticationHandler.TokenEquals("secret-token-12345", "secret-token-1234"));
        Assert.False(ApiTokenAuthenticationHandler.TokenEquals("", "secret-token-1234"));
        Assert.False(ApiTokenAuthenticationHandler.TokenEquals("Secret-token-1234", "secret-token-1234"));
    }

    [Fact]
    public void LoginThrottleSlowsDownAfterAFewFailuresAndForgets()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var throttle = new LoginThrottle(clock);
        for (var i = 0; i < LoginThrottle.FreeFailures; i++)
        {
            Assert.Equal(TimeSpan.Zero, throttle.DelayFor("192.0.2.1"));
            throttle.RecordFailure("192.0.2.1");
        }

        var first = throttle.DelayFor("192.0.2.1")!.Value;
        Assert.True(first > TimeSpan.Zero);
        throttle.RecordFailure("192.0.2.1");
        Assert.True(throttle.DelayFor("192.0.2.1") > first);
        Assert.Equal(TimeSpan.Zero, throttle.DelayFor("192.0.2.2"));
        for (var i = 0; i < LoginThrottle.LockoutFailures; i++)
        {
            throttle.RecordFailure("192.0.2.1");
        }

        Assert.Null(throttle.DelayFor("192.0.2.1"));
        clock.Now += LoginThrottle.Window + TimeSpan.FromSeconds(1);
        Assert.Equal(TimeSpan.Zero, throttle.DelayFor("192.0.2.1"));
        throttle.RecordFailure("192.0.2.3");
        throttle.RecordSuccess("192.0.2.3");
        Assert.Equal(TimeSpan.Zero, throttle.DelayFor("192.0.2.3"));
    }

    [Fact]
    public async Task LoginRepeatedFailuresAreSlowed()
    {
        await using var host = await PrivateAsync();
        using var browser = new Browser(host);
        for (var i = 0; i < LoginThrottle.FreeFailures; i++)
        {
            (await browser.LoginAsync(password: "wrong password")).Dispose();
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var slowed = await browser.LoginAsync(password: "wrong password");
        Assert.Equal(HttpStatusCode.SeeOther, slowed.StatusCode);
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(450), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task LoginBehindATlsProxyOnTheSameHostSetsASecureCookie()
    {
        await using var host = await PrivateAsync();
        using var browser = new Browser(host);
        var token = await browser.AntiforgeryTokenAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "account/login")
        {
            Content = new FormUrlEncodedContent([new("username", "admin"), new("password", Browser.Password), new("__RequestVerificationToken", token)]),
        };
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var login = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("danekit-auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
