using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using DaneKit.Web.Monitoring;
using DaneKit.Web.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaneKit.Web.Tests.Monitoring;

public sealed class AlertDeliveryTests
{
    [Fact]
    public async Task WebhooksGetDaneKitsJsonWithTheCheckIdAndTheLink()
    {
        await using var db = await MonitorTestStore.OpenAsync();
        using var hook = new WebhookSink();
        var checkId = await StoreAlertAsync(db.Store);
        var options = new MonitorOptions { Webhooks = [hook.Url] };
        using var delivery = new AlertDelivery(db.Store, options, new ManualClock(), new AlertSignal(), NullLogger<AlertDelivery>.Instance);
        Assert.Equal(1, await delivery.DeliverPendingAsync(CancellationToken.None));

        var (contentType, body) = Assert.Single(hook.Received);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        var json = JsonNode.Parse(body)!;
        Assert.Equal("key-changed", (string)json["kind"]!);
        Assert.Equal("error", (string)json["severity"]!);
        Assert.Equal("example.com", (string)json["domain"]!);
        Assert.Equal("https://monitor.example/domain/example.com", (string)json["link"]!);
        Assert.Equal(checkId, (long)json["checkId"]!);
        Assert.NotNull(json["details"]);
        Assert.NotNull(json["at"]);
        Assert.Empty(await db.Store.PendingAlertsAsync(10));
        var stored = Assert.Single(await db.Store.RecentAlertsAsync(null, 10));
        Assert.Equal((1, null), (stored.Attempts, stored.LastError));
        Assert.NotNull(stored.DeliveredAt);

        // Delivered alerts are not sent again.
        Assert.Equal(0, await delivery.DeliverPendingAsync(CancellationToken.None));
        Assert.Single(hook.Received);
    }

    [Fact]
    public async Task SlackWebhooksGetText()
    {
        await using var db = await MonitorTestStore.OpenAsync();
        using var hook = new WebhookSink();
        await StoreAlertAsync(db.Store, summary: "key of <mx> & co changed");
        var options = new MonitorOptions { Webhooks = [hook.Url], SlackWebhooks = true };
        using var delivery = new AlertDelivery(db.Store, options, new ManualClock(), new AlertSignal(), NullLogger<AlertDelivery>.Instance);
        await delivery.DeliverPendingAsync(CancellationToken.None);
        var json = JsonNode.Parse(Assert.Single(hook.Received).Body)!.AsObject();
        Assert.Equal(["text"], json.Select(p => p.Key));
        Assert.Equal("[error] key of &lt;mx&gt; &amp; co changed <https://monitor.example/domain/example.com|example.com>", (string)json["text"]!);
    }

    [Fact]
    public async Task FailuresAreRetriedWithBackoffAndGivenUpAfterTheLimit()
    {
        await using var db = await MonitorTestStore.OpenAsync();
        using var hook = new WebhookSink { Status = 503 };
        await StoreAlertAsync(db.Store);
        var clock = new ManualClock();
        var options = new MonitorOptions { Webhooks = [hook.Url + "?secret=hunter2"] };
        using var delivery = new AlertDelivery(db.Store, options, clock, new AlertSignal(), NullLogger<AlertDelivery>.Instance);
        Assert.Equal(0, await delivery.DeliverPendingAsync(CancellationToken.None));
        var alert = Assert.Single(await db.Store.PendingAlertsAsync(10));
        Assert.Equal(1, alert.Attempts);
        Assert.Contains("HTTP 503", alert.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", alert.LastError, StringComparison.Ordinal);

        // Not before the backoff.
        await delivery.DeliverPendingAsync(CancellationToken.None);
        Assert.Single(hook.Received);
        for (var attempt = 1; attempt < AlertDelivery.MaxAttempts; attempt++)
        {
            clock.Advance(AlertDelivery.Backoff(attempt));
            await delivery.DeliverPendingAsync(CancellationToken.None);
        }

        Assert.Equal(AlertDelivery.MaxAttempts, hook.Received.Count);
        Assert.Empty(await db.Store.PendingAlertsAsync(10));
        var gaveUp = Assert.Single(await db.Store.RecentAlertsAsync(null, 10));
        Assert.Equal(AlertDelivery.MaxAttempts, gaveUp.Attempts);
        Assert.StartsWith("gave up after 8 attempts", gaveUp.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableWebhookIsAFailureNotACrash()
    {
        await using var db = await MonitorTestStore.OpenAsync();
        await StoreAlertAsync(db.Store);
        var options = new MonitorOptions { Webhooks = ["http://127.0.0.1:1/hook"] };
        using var delivery = new AlertDelivery(db.Store, options, new ManualClock(), new AlertSignal(), NullLogger<AlertDelivery>.Instance);
        Assert.Equal(0, await delivery.DeliverPendingAsync(CancellationToken.None));
        Assert.NotNull(Assert.Single(await db.Store.PendingAlertsAsync(10)).LastError);
    }

    [Fact]
    public async Task MailArrivesWithTheLink()
    {
        await using var db = await MonitorTestStore.OpenAsync();
        using var sink = new SmtpSink();
        var checkId = await StoreAlertAsync(db.Store);
        var options = new MonitorOptions { SmtpServer = $"127.0.0.1:{sink.Port}", MailFrom = "monitor@example.net", MailTo = ["ops@example.net", "dane@example.net"] };
        using var delivery = new AlertDelivery(db.Store, options, new ManualClock(), new AlertSignal(), NullLogger<AlertDelivery>.Instance);
        Assert.Equal(1, await delivery.DeliverPendingAsync(CancellationToken.None));
        var mail = Assert.Single(sink.Messages);
        Assert.Equal("monitor@example.net", mail.From);
        Assert.Equal(["ops@example.net", "dane@example.net"], mail.To);
        Assert.Contains("Subject: [DaneKit error] example.com:", mail.Data, StringComparison.Ordinal);
        Assert.Contains("https://monitor.example/domain/example.com", mail.Data, StringComparison.Ordinal);
        Assert.Contains("text/plain", mail.Data, StringComparison.Ordinal);
        Assert.Contains($"Check {checkId}", mail.Data, StringComparison.Ordinal);
        Assert.Empty(await db.Store.PendingAlertsAsync(10));
    }

    /// <summary>Stores a check of example.com. with a key-changed alert (as <see cref="MonitorChecks"/> makes it); returns the check's id.</summary>
    private static async Task<long> StoreAlertAsync(IMonitorStore store, string? summary = null)
    {
        var at = new ManualClock().GetUtcNow();
        await store.AddDomainAsync("example.com.", TimeSpan.FromHours(1), at);
        var old = CheckResults.Leaf();
        var tlsa = new[] { "3 1 1 " + old.SpkiSha256 };
        var changes = ChangeDetector.Detect(CheckResults.Result(old, tlsa), CheckResults.Result(CheckResults.Leaf(), tlsa, matched: false, verdict: DaneKit.Smtp.DaneVerdict.DaneFail));
        var alert = AlertComposer.Compose("example.com.", changes, 1, "dane-fail", "authenticated", "https://monitor.example", at)!;
        if (summary is not null)
        {
            alert = alert with { Summary = summary };
        }

        var check = new NewCheck("example.com.", at, TimeSpan.FromSeconds(1), "dane-fail", 1, null, 1, 0, 0, "{}");
        return await store.SaveCheckAsync(check, [alert], at + TimeSpan.FromHours(1));
    }

    /// <summary>A webhook receiver on 127.0.0.1 (HttpListener on a free port).</summary>
    internal sealed class WebhookSink : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public WebhookSink()
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/hook/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public string Url { get; }

        public int Status { get; set; } = 200;

        public ConcurrentQueue<(string ContentType, string Body)> Received { get; } = new();

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

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                Received.Enqueue((context.Request.ContentType ?? "", await reader.ReadToEndAsync()));
                context.Response.StatusCode = Status;
                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(Status == 200 ? "ok" : "busy, try later"));
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
    }

    /// <summary>A tiny SMTP server that accepts every message (no STARTTLS), for one session at a time.</summary>
    internal sealed class SmtpSink : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public SmtpSink()
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _loop = Task.Run(LoopAsync);
        }

        public int Port { get; }

        public ConcurrentQueue<(string From, List<string> To, string Data)> Messages { get; } = new();

        private async Task LoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                using (client)
                {
                    try
                    {
                        await SessionAsync(client.GetStream());
                    }
                    catch (IOException)
                    {
                        // the client went away
                    }
                }
            }
        }

        private async Task SessionAsync(NetworkStream stream)
        {
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 sink.test ESMTP");
            string from = "";
            var to = new List<string>();
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-sink.test");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "MAIL":
                        from = Between(line);
                        await writer.WriteLineAsync("250 ok");
                        break;
                    case "RCPT":
                        to.Add(Between(line));
                        await writer.WriteLineAsync("250 ok");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 go ahead");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync() is { } body && body != ".")
                        {
                            data.Append(body).Append('\n');
                        }

                        Messages.Enqueue((from, [.. to], data.ToString()));
                        to.Clear();
                        await writer.WriteLineAsync("250 queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 ok");
                        break;
                }
            }
        }

        private static string Between(string line)
        {
            var start = line.IndexOf('<', StringComparison.Ordinal);
            var end = line.IndexOf('>', StringComparison.Ordinal);
            return start >= 0 && end > start ? line[(start + 1)..end] : "";
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _loop.Wait(TimeSpan.FromSeconds(5));
            _stop.Dispose();
        }
    }
}
