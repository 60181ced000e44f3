using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DaneKit.Web.Storage;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace DaneKit.Web.Monitoring;

/// <summary>
/// Delivers stored alerts: to every webhook (POST <c>application/json</c>: DaneKit's payload, or Slack's <c>{"text": ...}</c>
/// with <see cref="MonitorOptions.SlackWebhooks"/>) and by mail through <see cref="MonitorOptions.SmtpServer"/> (MailKit,
/// STARTTLS when offered; plain text with the link). Each attempt is recorded; a failed alert is retried with exponential
/// backoff (from <see cref="FirstRetry"/>, at most <see cref="MaxBackoff"/>), and after <see cref="MaxAttempts"/> attempts
/// delivery gives up (recorded as the last attempt's failure). A target that took an alert is not sent it again when
/// another target's failure makes the alert retry (within this process). Webhook targets are the operator's own
/// configuration, so the SSRF guard does not apply; every request has a timeout and at most <see cref="MaxResponseBytes"/>
/// of a response are read. Without any target the service does nothing (alerts stay in the store and on the pages).
/// </summary>
public sealed partial class AlertDelivery : BackgroundService
{
    /// <summary>Attempts before delivery gives up.</summary>
    public const int MaxAttempts = 8;

    /// <summary>The most of a webhook's response read (for the failure message).</summary>
    public const int MaxResponseBytes = 4096;

    /// <summary>The wait before the first retry (doubling each attempt).</summary>
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(15);

    /// <summary>The longest wait between attempts.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    /// <summary>The timeout of one webhook request or one mail session.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    private readonly IMonitorStore _store;
    private readonly MonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly AlertSignal _signal;
    private readonly ILogger<AlertDelivery> _log;
    private readonly HttpClient _http;
    private readonly Dictionary<long, (DateTimeOffset NextAttempt, HashSet<string> Done)> _retries = [];

    /// <summary>Creates the service.</summary>
    /// <param name="store">The store.</param>
    /// <param name="options">The configuration (targets).</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="signal">Wakes delivery when alerts were stored.</param>
    /// <param name="log">The log.</param>
    public AlertDelivery(IMonitorStore store, MonitorOptions options, TimeProvider timeProvider, AlertSignal signal, ILogger<AlertDelivery> log)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _signal = signal ?? throw new ArgumentNullException(nameof(signal));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ConnectTimeout = RequestTimeout })
        {
            Timeout = RequestTimeout,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("danekit-monitor", "1"));
    }

    /// <summary>Whether any target is configured.</summary>
    public bool HasTargets => _options.Webhooks.Count > 0 || (_options.SmtpServer is not null && _options.MailTo.Count > 0);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!HasTargets)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await DeliverPendingAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRoundFailed(e);
                }

                await _signal.WaitAsync(Poll, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; undelivered alerts stay pending in the store.
        }
    }

    /// <summary>One round: every pending alert whose retry time has come is sent to the targets it has not reached yet.</summary>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>How many alerts were delivered in this round.</returns>
    public async Task<int> DeliverPendingAsync(CancellationToken cancellationToken)
    {
        var pending = await _store.PendingAlertsAsync(100, cancellationToken).ConfigureAwait(false);
        var delivered = 0;
        foreach (var alert in pending)
        {
            var now = _time.GetUtcNow();
            if (_retries.TryGetValue(alert.Id, out var state) && state.NextAttempt > now)
            {
                continue;
            }

            var done = state.Done ?? new HashSet<string>(StringComparer.Ordinal);
            var failures = new List<string>();
            foreach (var url in _options.Webhooks)
            {
                var target = "webhook " + url;
                if (!done.Contains(target))
                {
                    var failure = await PostAsync(url, alert, cancellationToken).ConfigureAwait(false);
                    if (failure is null)
                    {
                        done.Add(target);
                    }
                    else
                    {
                        failures.Add($"{Redact(url)}: {failure}");
                    }
                }
            }

            if (_options.SmtpServer is not null && _options.MailTo.Count > 0 && !done.Contains("mail"))
            {
                var failure = await MailAsync(alert, cancellationToken).ConfigureAwait(false);
                if (failure is null)
                {
                    done.Add("mail");
                }
                else
                {
                    failures.Add($"mail via {_options.SmtpServer}: {failure}");
                }
            }

            var attempts = alert.Attempts + 1;
            if (failures.Count == 0)
            {
                await _store.RecordDeliveryAsync(alert.Id, _time.GetUtcNow(), null, cancellationToken).ConfigureAwait(false);
                _retries.Remove(alert.Id);
                delivered++;
            }
            else if (attempts >= MaxAttempts)
            {
                // Give up: the alert leaves the queue (its delivery time is when delivery ended); the failure stays as its
                // last error, so the pages and the API show it was not delivered everywhere.
                var message = string.Create(CultureInfo.InvariantCulture, $"gave up after {attempts} attempts: {string.Join("; ", failures)}");
                await _store.RecordDeliveryAsync(alert.Id, _time.GetUtcNow(), Clip(message), cancellationToken).ConfigureAwait(false);
                _retries.Remove(alert.Id);
                LogGaveUp(alert.Id, alert.Alert.Domain, message);
            }
            else
            {
                var message = string.Join("; ", failures);
                await _store.RecordDeliveryAsync(alert.Id, null, Clip(message), cancellationToken).ConfigureAwait(false);
                _retries[alert.Id] = (_time.GetUtcNow() + Backoff(attempts), done);
                LogRetry(alert.Id, alert.Alert.Domain, attempts, message);
            }
        }

        // Forget retry state of alerts that left the queue another way (their domain was removed).
        if (pending.Count < 100)
        {
            foreach (var gone in _retries.Keys.Where(id => !pending.Any(a => a.Id == id)).ToList())
            {
                _retries.Remove(gone);
            }
        }

        return delivered;
    }

    /// <summary>The wait after <paramref name="attempts"/> failed attempts: <see cref="FirstRetry"/> doubled each time, at most <see cref="MaxBackoff"/>.</summary>
    /// <param name="attempts">Failed attempts so far (at least 1).</param>
    /// <returns>The wait.</returns>
    public static TimeSpan Backoff(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 20);
        var wait = FirstRetry * Math.Pow(2, exponent);
        return wait > MaxBackoff ? MaxBackoff : wait;
    }

    /// <summary>The webhook payload of a stored alert: its stored JSON with <c>checkId</c> filled in.</summary>
    /// <param name="alert">The alert.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject Payload(StoredAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        JsonObject payload;
        try
        {
            payload = JsonNode.Parse(alert.Alert.PayloadJson) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            payload = [];
        }

        payload["kind"] ??= alert.Alert.Kind;
        payload["severity"] ??= alert.Alert.Severity;
        payload["domain"] ??= AlertComposer.DisplayName(alert.Alert.Domain);
        payload["summary"] ??= alert.Alert.Summary;
        payload["checkId"] = alert.CheckId;
        return payload;
    }

    /// <summary>The Slack incoming-webhook body: <c>{"text": "..."}</c> with the link as <c>&lt;url|domain&gt;</c>.</summary>
    /// <param name="alert">The alert.</param>
    /// <returns>The JSON text.</returns>
    public static string SlackBody(StoredAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var payload = Payload(alert);
        var link = payload["link"]?.GetValue<string>() ?? "";
        var domain = AlertComposer.DisplayName(alert.Alert.Domain);
        var text = $"[{alert.Alert.Severity}] {SlackEscape(alert.Alert.Summary)} <{SlackEscape(link)}|{SlackEscape(domain)}>";
        return new JsonObject { ["text"] = text }.ToJsonString();
    }

    /// <summary>The plain-text mail body.</summary>
    /// <param name="alert">The alert.</param>
    /// <returns>The text.</returns>
    public static string MailBody(StoredAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var payload = Payload(alert);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{AlertComposer.DisplayName(alert.Alert.Domain)}: {alert.Alert.Summary}\n\n");
        if (payload["details"]?["changes"] is JsonArray changes)
        {
            foreach (var c in changes)
            {
                text.Append(CultureInfo.InvariantCulture, $"- [{c?["severity"]}] {c?["kind"]}: {c?["summary"]}\n");
            }

            text.Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"Details and fixes: {payload["link"]}\n");
        text.Append(CultureInfo.InvariantCulture, $"Check {alert.CheckId} at {alert.Alert.CreatedAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC\n");
        return text.ToString();
    }

    private async Task<string?> PostAsync(string url, StoredAlert alert, CancellationToken cancellationToken)
    {
        var body = _options.SlackWebhooks ? SlackBody(alert) : Payload(alert).ToJsonString();
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(new Uri(url), content, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var text = await ReadSomeAsync(response, cancellationToken).ConfigureAwait(false);
            return string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {text}").Trim();
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UriFormatException or InvalidOperationException or NotSupportedException
            or ArgumentException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return e is TaskCanceledException ? "timed out" : e.Message;
        }
    }

    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxResponseBytes];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return ChangeDetector.Line(Encoding.UTF8.GetString(buffer, 0, read));
        }
    }

    private async Task<string?> MailAsync(StoredAlert alert, CancellationToken cancellationToken)
    {
        var server = _options.SmtpServer!;
        var colon = server.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(server.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return $"'{server}' is not HOST:PORT";
        }

        var host = server[..colon].Trim('[', ']');

        try
        {
            using var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse(_options.MailFrom));
            foreach (var to in _options.MailTo)
            {
                message.To.Add(MailboxAddress.Parse(to));
            }

            message.Subject = ChangeDetector.Line($"[DaneKit {alert.Alert.Severity}] {AlertComposer.DisplayName(alert.Alert.Domain)}: {alert.Alert.Summary}");
            message.Body = new TextPart("plain") { Text = MailBody(alert) };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RequestTimeout);
            using var client = new SmtpClient { Timeout = (int)RequestTimeout.TotalMilliseconds };
            await client.ConnectAsync(host, port, SecureSocketOptions.StartTlsWhenAvailable, timeout.Token).ConfigureAwait(false);
            await client.SendAsync(message, timeout.Token).ConfigureAwait(false);
            await client.DisconnectAsync(true, timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "timed out";
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException or MailKit.CommandException
            or SslHandshakeException or AuthenticationException or ParseException or FormatException or InvalidOperationException)
        {
            return ChangeDetector.Line(e.Message);
        }
    }

    private static string SlackEscape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>A URL without its user information, query and fragment (webhook URLs often carry a secret).</summary>
    private static string Redact(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) ? $"{u.Scheme}://{u.Host}:{u.Port}{u.AbsolutePath}" : "a webhook";

    private static string Clip(string text) => text.Length <= 1000 ? text : text[..1000];

    /// <inheritdoc/>
    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "alert {AlertId} of {Domain}: attempt {Attempt} failed, retrying: {Failure}")]
    private partial void LogRetry(long alertId, string domain, int attempt, string failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "alert {AlertId} of {Domain}: delivery given up: {Failure}")]
    private partial void LogGaveUp(long alertId, string domain, string failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "alert delivery round failed")]
    private partial void LogRoundFailed(Exception exception);
}
