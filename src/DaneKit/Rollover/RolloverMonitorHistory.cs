using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace DaneKit.Rollover;

/// <summary>
/// Since when each TLSA record of an MX host has been visible, from a DaneKit monitor's history (<c>danekit serve</c>):
/// the stored <c>check --json</c> documents of a monitored mail domain that uses the host, newest first, followed back
/// while the record stays in the host's Secure usable set. The monitor checks on a schedule, so this is at most one
/// interval late, and known even when <c>rollover check</c> never ran before.
/// </summary>
public static class RolloverMonitorHistory
{
    /// <summary>The most checks read back.</summary>
    public const int MaxChecks = 200;

    /// <summary>The largest response read (the history or one check document).</summary>
    public const int MaxResponseBytes = 16 * 1024 * 1024;

    /// <summary>Reads the history.</summary>
    /// <param name="monitor">The monitor's base URL.</param>
    /// <param name="domain">The monitored mail domain.</param>
    /// <param name="host">The MX host name.</param>
    /// <param name="token">The API token (<c>DANEKIT_API_TOKEN</c>) for a private monitor, or null.</param>
    /// <param name="http">The HTTP client (tests pass one); a new one when null.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The first-seen time of each record (by its text), and what went wrong, if anything; never throws for network or format problems.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<(IReadOnlyDictionary<string, DateTimeOffset> FirstSeen, string? Problem)> FirstSeenAsync(Uri monitor, string domain, string host,
        string? token, HttpClient? http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentException.ThrowIfNullOrEmpty(domain);
        ArgumentException.ThrowIfNullOrEmpty(host);
        var owned = http is null;
        // Bounded: 30 s and 16 MiB a response (a stored check document is tens of KiB), so a wrong or hostile URL ends
        // with a problem, not with memory exhausted.
        http ??= new HttpClient { Timeout = TimeSpan.FromSeconds(30), MaxResponseContentBufferSize = MaxResponseBytes };
        var first = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var baseUri = monitor.AbsoluteUri.EndsWith('/') ? monitor : new Uri(monitor.AbsoluteUri + "/");
            using var history = await GetAsync(http, new Uri(baseUri, $"api/v1/domains/{Uri.EscapeDataString(domain.TrimEnd('.'))}/history?limit={MaxChecks}"), token, cancellationToken).ConfigureAwait(false);
            HashSet<string>? active = null;
            foreach (var check in history.RootElement.GetProperty("checks").EnumerateArray())
            {
                var id = check.GetProperty("id").ToString();
                var started = check.GetProperty("startedAt").GetDateTimeOffset();
                using var doc = await GetAsync(http, new Uri(baseUri, $"api/v1/checks/{Uri.EscapeDataString(id)}"), token, cancellationToken).ConfigureAwait(false);
                var present = SecureUsable(doc.RootElement, host);
                if (active is null)
                {
                    active = present;
                }
                else
                {
                    active.IntersectWith(present);
                }

                if (active.Count == 0)
                {
                    break;
                }

                foreach (var r in active)
                {
                    first[r] = started;
                }
            }

            return (first, null);
        }
        catch (Exception e) when ((e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
            && !cancellationToken.IsCancellationRequested)
        {
            // A timeout (TaskCanceledException without the caller's cancellation) is a problem; the caller's cancellation is not swallowed.
            return (first, $"the monitor's history could not be read: {e.Message}");
        }
        finally
        {
            if (owned)
            {
                http.Dispose();
            }
        }
    }

    private static async Task<JsonDocument> GetAsync(HttpClient http, Uri uri, string? token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(string.Create(CultureInfo.InvariantCulture, $"{uri.AbsolutePath}: HTTP {(int)response.StatusCode}"));
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        return await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { MaxDepth = 64 }, ct).ConfigureAwait(false);
    }

    private static HashSet<string> SecureUsable(JsonElement check, string host)
    {
        var wanted = host.TrimEnd('.');
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in check.GetProperty("hosts").EnumerateArray())
        {
            if (!string.Equals(h.GetProperty("name").GetString()?.TrimEnd('.'), wanted, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var tlsa = h.GetProperty("tlsa");
            if (tlsa.GetProperty("status").GetString() != "secure")
            {
                continue;
            }

            foreach (var r in tlsa.GetProperty("usable").EnumerateArray())
            {
                if (r.GetProperty("text").GetString() is { } text)
                {
                    set.Add(text);
                }
            }
        }

        return set;
    }
}
