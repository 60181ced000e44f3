using System.Collections.Concurrent;
using DaneKit.Web.Monitoring;
using DaneKit.Web.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace DaneKit.Web.Tests.Monitoring;

public sealed class MonitorSchedulerTests
{
    [Fact]
    public async Task DueDomainsRunAtMostTheLimitAtOnce()
    {
        await using var db = await MonitorTestStore.OpenAsync();
        var clock = new ManualClock();
        var checks = new FakeChecks(db.Store, clock) { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var options = new MonitorOptions { MaxConcurrentChecks = 2, CheckLease = TimeSpan.FromMinutes(10) };
        using var scheduler = new MonitorScheduler(db.Store, checks, options, clock, NullLogger<MonitorScheduler>.Instance);
        for (var i = 0; i < 5; i++)
        {
            await db.Store.AddDomainAsync($"d{i}.example.", TimeSpan.FromHours(1), clock.GetUtcNow());
        }

        // Not yet due: one added in the future.
        await db.Store.AddDomainAsync("later.example.", TimeSpan.FromHours(1), clock.GetUtcNow() + TimeSpan.FromMinutes(30));

        Assert.Equal(2, (await scheduler.RunDueAsync(CancellationToken.None)).Count);
        Assert.Empty(await scheduler.RunDueAsync(CancellationToken.None));
        Assert.Equal(2, scheduler.Running);
        for (var i = 0; i < 500 && checks.InFlight < 2; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(2, checks.InFlight);
        checks.Gate.SetResult();
        while (scheduler.Running > 0)
        {
            await Task.Delay(10);
        }

        Assert.Equal(2, (await scheduler.RunDueAsync(CancellationToken.None)).Count);
        while (scheduler.Running > 0)
        {
            await Task.Delay(10);
        }

        await Assert.Single(await scheduler.RunDueAsync(CancellationToken.None));
        while (scheduler.Running > 0)
        {
            await Task.Delay(10);
        }

        Assert.Empty(await scheduler.RunDueAsync(CancellationToken.None));
        Assert.Equal(2, checks.MaxConcurrent);
        Assert.Equal(["d0.example.", "d1.example.", "d2.example.", "d3.example.", "d4.example."], checks.Done.Order(StringComparer.Ordinal));

        // Half an hour later the last one is due; an hour later all are (the fake stores them due in an hour).
        clock.Advance(TimeSpan.FromMinutes(31));
        var late = Assert.Single(await scheduler.RunDueAsync(CancellationToken.None));
        await late;
        Assert.Contains("later.example.", checks.Done);
    }

    [Fact]
    public async Task ACrashedCheckComesBackAfterItsLease()
    {
        await using var db = await MonitorTestStore.OpenAsync();
        var clock = new ManualClock();
        var checks = new FakeChecks(db.Store, clock) { Crash = "crash.example." };
        var options = new MonitorOptions { MaxConcurrentChecks = 4, CheckLease = TimeSpan.FromMinutes(10) };
        using var scheduler = new MonitorScheduler(db.Store, checks, options, clock, NullLogger<MonitorScheduler>.Instance);
        await db.Store.AddDomainAsync("crash.example.", TimeSpan.FromHours(1), clock.GetUtcNow());
        await Task.WhenAll(await scheduler.RunDueAsync(CancellationToken.None));
        Assert.Equal(1, checks.Attempts("crash.example."));

        // Leased: not due again during the lease...
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Empty(await scheduler.RunDueAsync(CancellationToken.None));

        // ...and due again after it (as after a restart: the lease lives in the store).
        clock.Advance(TimeSpan.FromMinutes(2));
        checks.Crash = null;
        await Task.WhenAll(await scheduler.RunDueAsync(CancellationToken.None));
        Assert.Equal(2, checks.Attempts("crash.example."));
        Assert.Contains("crash.example.", checks.Done);
    }

    [Fact]
    public async Task TheServiceSeedsAndRunsWhatIsDueUntilStopped()
    {
        await using var db = await MonitorTestStore.OpenAsync();
        var checks = new FakeChecks(db.Store, TimeProvider.System);
        var options = new MonitorOptions { SeedDomains = ["Seed-One.example", "seed-two.example.", "not a domain!"], MaxConcurrentChecks = 1 };
        using var scheduler = new MonitorScheduler(db.Store, checks, options, TimeProvider.System, NullLogger<MonitorScheduler>.Instance);
        await scheduler.StartAsync(CancellationToken.None);
        for (var i = 0; i < 500 && checks.Done.Count < 2; i++)
        {
            await Task.Delay(20);
        }

        // A domain made due ("check now") is picked up at the next poll.
        checks.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await db.Store.MakeDueAsync("seed-one.example.", DateTimeOffset.UtcNow);
        for (var i = 0; i < 500 && checks.Attempts("seed-one.example.") < 2; i++)
        {
            await Task.Delay(20);
        }

        // Stopping cancels the running check (its lease makes it due again).
        await scheduler.StopAsync(CancellationToken.None);
        Assert.Equal(["seed-one.example.", "seed-two.example."], checks.Done.Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(2, checks.Attempts("seed-one.example."));
        Assert.Equal(1, checks.Cancelled);
        Assert.Equal(2, (await db.Store.ListDomainsAsync(0, 10)).Total);
    }

    /// <summary>Checks that store a summary (due again in an hour) after <see cref="Gate"/>, or throw for <see cref="Crash"/>.</summary>
    private sealed class FakeChecks(IMonitorStore store, TimeProvider clock) : IMonitorChecks
    {
        private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
        private int _running;
        private int _max;
        private int _cancelled;

        public TaskCompletionSource? Gate { get; set; }

        public string? Crash { get; set; }

        public ConcurrentBag<string> Done { get; } = [];

        public int MaxConcurrent => Volatile.Read(ref _max);

        public int InFlight => Volatile.Read(ref _running);

        public int Cancelled => Volatile.Read(ref _cancelled);

        public int Attempts(string domain) => _attempts.GetValueOrDefault(domain);

        public async Task<CheckSummary> CheckNowAsync(string domain, CancellationToken cancellationToken = default)
        {
            _attempts.AddOrUpdate(domain, 1, (_, n) => n + 1);
            var now = Interlocked.Increment(ref _running);
            InterlockedMax(ref _max, now);
            try
            {
                if (Gate is { } gate)
                {
                    try
                    {
                        await gate.Task.WaitAsync(cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        Interlocked.Increment(ref _cancelled);
                        throw;
                    }
                }

                if (domain == Crash)
                {
                    throw new InvalidOperationException("engine bug");
                }

                var at = clock.GetUtcNow();
                var check = new NewCheck(domain, at, TimeSpan.FromSeconds(1), "authenticated", 0, null, 0, 0, 0, "{}");
                var id = await store.SaveCheckAsync(check, [], at + TimeSpan.FromHours(1), cancellationToken);
                Done.Add(domain);
                return new CheckSummary(id, domain, at, TimeSpan.FromSeconds(1), "authenticated", 0, null, 0, 0, 0);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
