using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DaneKit.Web.Tests.TestSupport;

namespace DaneKit.Web.Tests.Security;

/// <summary>
/// A client of a <see cref="MonitorHost"/> that keeps cookies by hand (the host's client keeps none), so tests see and
/// control exactly what is sent: the login cookie, the antiforgery cookie, and the antiforgery token.
/// </summary>
internal sealed class Browser : IDisposable
{
    public const string Password = "correct horse battery";
    public const string Token = "test-api-token-0123456789";

    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public Browser(MonitorHost host) => Http = host.Client();

    public HttpClient Http { get; }

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, bool withCookies = true)
    {
        if (withCookies && _cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
        }

        var response = await Http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var value in values)
            {
                var pair = value.Split(';')[0];
                var eq = pair.IndexOf('=');
                var name = pair[..eq];
                var content = pair[(eq + 1)..];
                if (content.Length == 0 || value.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = content;
                }
            }
        }

        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>GET /account/antiforgery: the request token (the antiforgery cookie is kept).</summary>
    public async Task<string> AntiforgeryTokenAsync()
    {
        using var response = await GetAsync("account/antiforgery");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("X-CSRF-TOKEN", json.RootElement.GetProperty("headerName").GetString());
        return json.RootElement.GetProperty("token").GetString()!;
    }

    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) });

    /// <summary>Logs in as admin with a fresh antiforgery token.</summary>
    public async Task<HttpResponseMessage> LoginAsync(string password = Password, string returnUrl = "/")
    {
        var token = await AntiforgeryTokenAsync();
        return await PostFormAsync("account/login", [new("username", "admin"), new("password", password), new("returnUrl", returnUrl),
            new("__RequestVerificationToken", token)]);
    }

    public static HttpRequestMessage Json(HttpMethod method, string path, object body, string? bearer = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return request;
    }

    public static HttpRequestMessage Bearer(HttpMethod method, string path, string token = Token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>The "error" member of a JSON error, after checking the response is JSON.</summary>
    public static async Task<string> ErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("error").GetString()!;
    }

    public void Dispose() => Http.Dispose();
}
