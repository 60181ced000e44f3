using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DaneKit.Reporting;
using DaneKit.Smtp;
using DaneKit.Web.Storage;
using DaneKit.Web.Tests.TestSupport;

namespace DaneKit.Web.Tests.Pages;

/// <summary>Seeds a monitor's store with recorded checks and reads its pages.</summary>
internal static partial class PageSeed
{
    public const string Password = "correct horse battery";

    /// <summary>Adds the domain of a recorded check and stores the check; returns the domain (absolute) and the check id.</summary>
    public static async Task<(string Domain, long Id)> AddRecordedAsync(MonitorHost host, string name, DateTimeOffset? at = null)
    {
        var json = Recorded.Json(name);
        return await AddJsonAsync(host, json, at).ConfigureAwait(false);
    }

    /// <summary>Adds the domain of a check document and stores it.</summary>
    public static async Task<(string Domain, long Id)> AddJsonAsync(MonitorHost host, string json, DateTimeOffset? at = null)
    {
        var result = CheckJson.Read(json);
        int exitCode;
        using (var doc = JsonDocument.Parse(json))
        {
            exitCode = doc.RootElement.GetProperty("exitCode").GetInt32();
        }

        var store = host.Service<IMonitorStore>();
        var started = at ?? result.StartedAt;
        await store.AddDomainAsync(result.Domain, TimeSpan.FromHours(1), started).ConfigureAwait(false);
        var check = new NewCheck(result.Domain, started, result.Elapsed, result.Verdict.ToWireName(), exitCode,
            result.MtaSts is null ? null : CheckWireNames.Of(result.MtaSts.Outcome),
            result.Findings.Count(f => f.Severity == Diagnostics.FindingSeverity.Error),
            result.Findings.Count(f => f.Severity == Diagnostics.FindingSeverity.Warning),
            result.Findings.Count(f => f.Severity == Diagnostics.FindingSeverity.Info), json);
        var id = await store.SaveCheckAsync(check, [], started.AddHours(1)).ConfigureAwait(false);
        return (result.Domain, id);
    }

    /// <summary>GETs a page; returns the status and the body.</summary>
    public static async Task<(HttpStatusCode Status, string Html)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative)).ConfigureAwait(false);
        return (response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    /// <summary>The antiforgery token of the first form of a page.</summary>
    public static string Token(string html)
    {
        var m = TokenPattern().Match(html);
        Assert.True(m.Success, "no antiforgery token in the page");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    /// <summary>A client that keeps cookies and does not follow redirects.</summary>
    public static HttpClient CookieClient(MonitorHost host) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = host.BaseAddress };

    /// <summary>Logs the client in as admin through the login page.</summary>
    public static async Task LoginAsync(HttpClient client)
    {
        var (_, page) = await GetAsync(client, "login").ConfigureAwait(false);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "admin",
            ["password"] = Password,
            ["returnUrl"] = "/",
            ["__RequestVerificationToken"] = Token(page),
        });
        using var response = await client.PostAsync(new Uri("account/login", UriKind.Relative), form).ConfigureAwait(false);
        Assert.True((int)response.StatusCode is 302 or 303, $"login: {(int)response.StatusCode}");
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
