using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using DaneKit.Diagnostics;
using DaneKit.Reporting;
using DaneKit.Smtp;
using DaneKit.Web.Monitoring;
using Microsoft.Extensions.Logging.Abstractions;
using static DaneKit.Web.Tests.Monitoring.CheckResults;

namespace DaneKit.Web.Tests.Monitoring;

public sealed class MonitorChecksTests
{
    [Fact]
    public async Task ChecksAreStoredWithOneAlertPerChangeAndNoneWhenNothingChanged()
    {
        await using var db = await MonitorTestStore.OpenAsync();
        var clock = new ManualClock();
        var engine = new ScriptedEngine();
        using var signal = new AlertSignal();
        var options = new MonitorOptions { PublicUrl = "https://monitor.example/", Jitter = 0.1 };
        var checks = new MonitorChecks(db.Store, engine, options, clock, signal, NullLogger<MonitorChecks>.Instance, () => 0.5);
        await db.Store.AddDomainAsync(Domain, TimeSpan.FromHours(1), clock.GetUtcNow());

        var old = Leaf();
        var tlsa = new[] { "3 1 1 " + old.SpkiSha256 };
        var stale = Finding(FindingCatalogue.TlsaStale, FindingSeverity.Error, Host + "[192.0.2.1]:25");

        // First check: authenticated, only a warning: stored, no alert.
        engine.Next = Result(old, tlsa, findings: [Finding("DANE-ROLLOVER-SINGLE-KEY", FindingSeverity.Warning)]);
        var first = await checks.CheckNowAsync("Example.COM");
        Assert.Equal(("authenticated", 0, 1), (first.Verdict, first.ExitCode, first.Warnings));
        var stored = await db.Store.GetCheckAsync(first.Id);
        Assert.Equal(DaneVerdict.Authenticated, CheckJson.Read(stored!.ResultJson).Verdict);
        var domain = await db.Store.GetDomainAsync(Domain);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromHours(1), domain!.NextDueAt);
        Assert.Empty(await db.Store.RecentAlertsAsync(Domain, 10));

        // The same again: no alert.
        clock.Advance(TimeSpan.FromHours(1));
        await checks.CheckNowAsync(Domain);
        Assert.Empty(await db.Store.RecentAlertsAsync(Domain, 10));

        // The server's key changes: one alert with all that changed.
        clock.Advance(TimeSpan.FromHours(1));
        engine.Next = Result(Leaf(), tlsa, matched: false, verdict: DaneVerdict.DaneFail,
            findings: [Finding("DANE-ROLLOVER-SINGLE-KEY", FindingSeverity.Warning), stale]);
        var third = await checks.CheckNowAsync(Domain);
        var alert = Assert.Single(await db.Store.RecentAlertsAsync(Domain, 10));
        Assert.Equal(("key-changed", "error", third.Id), (alert.Alert.Kind, alert.Alert.Severity, alert.CheckId));
        var payload = JsonNode.Parse(alert.Alert.PayloadJson)!;
        Assert.Equal("https://monitor.example/domain/example.com", (string)payload["link"]!);
        Assert.Equal(["key-changed", "verdict-changed", "finding-new"], payload["details"]!["changes"]!.AsArray().Select(c => (string)c!["kind"]!));
        Assert.Equal("error", (await db.Store.GetDomainAsync(Domain))!.OpenErrors > 0 ? "error" : "none");
    }

    [Fact]
    public async Task ARaceOfTwoChecksOfTheSameChangeAlertsOnce()
    {
        await using var db = await MonitorTestStore.OpenAsync();
        var clock = new ManualClock();
        var engine = new ScriptedEngine();
        using var signal = new AlertSignal();
        var checks = new MonitorChecks(db.Store, engine, new MonitorOptions(), clock, signal, NullLogger<MonitorChecks>.Instance, () => 0.5);
        await db.Store.AddDomainAsync(Domain, TimeSpan.FromHours(1), clock.GetUtcNow());
        var old = Leaf();
        var tlsa = new[] { "3 1 1 " + old.SpkiSha256 };
        engine.Next = Result(old, tlsa);
        await checks.CheckNowAsync(Domain);

        // The scheduler and "check now" both compare against the same previous check and see the same change.
        engine.Next = Result(Leaf(), tlsa, matched: false, verdict: DaneVerdict.DaneFail);
        engine.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var one = checks.CheckNowAsync(Domain);
        var two = checks.CheckNowAsync(Domain);
        await engine.WaitForCallsAsync(3);
        engine.Gate.SetResult();
        await Task.WhenAll(one, two);
        Assert.Single(await db.Store.RecentAlertsAsync(Domain, 10));
        Assert.Equal(3, (await db.Store.HistoryAsync(Domain, 10)).Count);
    }

    [Fact]
    public async Task AnUnknownDomainIsKeyNotFound()
    {
        await using var db = await MonitorTestStore.OpenAsync();
        using var signal = new AlertSignal();
        var checks = new MonitorChecks(db.Store, new ScriptedEngine(), new MonitorOptions(), new ManualClock(), signal, NullLogger<MonitorChecks>.Instance, () => 0.5);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => checks.CheckNowAsync("not-monitored.example."));
    }

    [Fact]
    public async Task TheFirstCheckAlertsItsErrors()
    {
        await using var db = await MonitorTestStore.OpenAsync();
        var engine = new ScriptedEngine { Next = Result(null, [], verdict: DaneVerdict.Deferred, findings: [Finding("SMTP-CONNECT-FAILED", FindingSeverity.Error, Host + "[192.0.2.1]:25")]) };
        using var signal = new AlertSignal();
        var checks = new MonitorChecks(db.Store, engine, new MonitorOptions(), new ManualClock(), signal, NullLogger<MonitorChecks>.Instance, () => 0.5);
        await db.Store.AddDomainAsync(Domain, TimeSpan.FromHours(1), new ManualClock().GetUtcNow());
        await checks.CheckNowAsync(Domain);
        var alert = Assert.Single(await db.Store.RecentAlertsAsync(Domain, 10));
        Assert.Equal("finding-new", alert.Alert.Kind);
        Assert.StartsWith("example.com.|first|", alert.Alert.DedupKey, StringComparison.Ordinal);
    }
}

/// <summary>An engine that returns <see cref="Next"/> (with the domain asked for), optionally after <see cref="Gate"/>.</summary>
internal sealed class ScriptedEngine : IMonitorCheckEngine
{
    private int _calls;

    public DaneCheckResult Next { get; set; } = Result(null, []);

    public TaskCompletionSource? Gate { get; set; }

    public ConcurrentQueue<string> Domains { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    public async Task<DaneCheckResult> CheckAsync(string domain, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        Domains.Enqueue(domain);
        var result = Next with { Domain = domain };
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return result;
    }

    public async Task WaitForCallsAsync(int calls)
    {
        for (var i = 0; i < 500 && Calls < calls; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(calls, Calls);
    }
}
