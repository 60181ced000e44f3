using System.Collections.Concurrent;
using System.Text;
using DaneKit.Web.Storage;
using Xunit.Abstractions;

namespace DaneKit.Web.Tests.Storage;

/// <summary>
/// The contract of <see cref="IMonitorStore"/>, run against every backend: each subclass gives a fresh, empty store
/// (SQLite: a new file; PostgreSQL: a new schema on the test server).
/// </summary>
public abstract class MonitorStoreContract(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>A time with milliseconds (what the store keeps exactly).</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    private IMonitorStore? _store;

    /// <summary>The store under test (migrated).</summary>
    protected IMonitorStore Store => _store ?? throw new InvalidOperationException("not initialized");

    /// <summary>The test output.</summary>
    protected ITestOutputHelper Output { get; } = output;

    /// <summary>Opens a fresh, empty store (not migrated). The same backend location every call within one test.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<IMonitorStore> OpenStoreAsync();

    /// <summary>Removes what <see cref="OpenStoreAsync"/> created.</summary>
    /// <returns>A task.</returns>
    protected abstract Task CleanupAsync();

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        _store = await OpenStoreAsync();
        await _store.MigrateAsync();
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await CleanupAsync();
    }

    private static NewCheck Check(string domain, DateTimeOffset started, string verdict = "dane-valid", int errors = 0, int warnings = 0, string? json = null) =>
        new(domain, started, TimeSpan.FromMilliseconds(1234), verdict, verdict == "dane-valid" ? 0 : 2, "enforced", errors, warnings, 1,
            json ?? $$"""{"domain":"{{domain}}","started":"{{started:O}}"}""");

    private static NewAlert Alert(string domain, DateTimeOffset at, string key, string kind = "finding-new") =>
        new(domain, at, kind, "error", "summary " + key, key, $$"""{"key":"{{key}}"}""");

    [Fact]
    public async Task MigrateIsIdempotentAndReturnsTheVersion()
    {
        var first = await Store.MigrateAsync();
        var second = await Store.MigrateAsync();
        Assert.True(first >= 1);
        Assert.Equal(first, second);

        // A second store on the same database sees the same version and the data.
        await Store.AddDomainAsync("example.", TimeSpan.FromHours(1), T0);
        await using var again = await OpenStoreAsync();
        Assert.Equal(first, await again.MigrateAsync());
        Assert.NotNull(await again.GetDomainAsync("example."));
    }

    [Fact]
    public async Task AddGetAndListDomains()
    {
        var added = await Store.AddDomainAsync("b.example.", TimeSpan.FromMinutes(30), T0);
        Assert.Equal(new MonitoredDomain("b.example.", T0, TimeSpan.FromMinutes(30), false, T0, null, null, null, null, 0, 0), added);

        // Adding again changes nothing.
        var again = await Store.AddDomainAsync("b.example.", TimeSpan.FromHours(5), T0.AddDays(1));
        Assert.Equal(added, again);

        await Store.AddDomainAsync("a.example.", TimeSpan.FromHours(1), T0);
        await Store.AddDomainAsync("c.example.", TimeSpan.FromHours(1), T0);
        Assert.Equal(added, await Store.GetDomainAsync("b.example."));
        Assert.Null(await Store.GetDomainAsync("missing.example."));
        // Names are stored exactly as given: no case folding on lookup.
        Assert.Null(await Store.GetDomainAsync("B.EXAMPLE."));

        var (all, total) = await Store.ListDomainsAsync(0, 100);
        Assert.Equal(3, total);
        Assert.Equal(["a.example.", "b.example.", "c.example."], all.Select(d => d.Name));

        var (page, pageTotal) = await Store.ListDomainsAsync(1, 1);
        Assert.Equal(3, pageTotal);
        Assert.Equal("b.example.", Assert.Single(page).Name);

        var (past, pastTotal) = await Store.ListDomainsAsync(10, 10);
        Assert.Empty(past);
        Assert.Equal(3, pastTotal);
    }

    [Fact]
    public async Task ListOrdersNamesBytewise()
    {
        string[] names = ["b.example.", "a-b.example.", "ab.example.", "a.example.", "a0.example.", "_tcp.example.", "z.example."];
        foreach (var name in names)
        {
            await Store.AddDomainAsync(name, TimeSpan.FromHours(1), T0);
        }

        var (all, _) = await Store.ListDomainsAsync(0, 100);
        Assert.Equal(names.Order(StringComparer.Ordinal), all.Select(d => d.Name));
    }

    [Fact]
    public async Task SearchIsALiteralSubstringEvenWithLikeWildcards()
    {
        string[] names = ["a_b.example.", "axb.example.", "50%.example.", "500.example.", "back\\slash.example.", "backxslash.example.", "other.test."];
        foreach (var name in names)
        {
            await Store.AddDomainAsync(name, TimeSpan.FromHours(1), T0);
        }

        async Task<string[]> Search(string text)
        {
            var (found, total) = await Store.ListDomainsAsync(0, 100, text);
            Assert.Equal(found.Count, total);
            return [.. found.Select(d => d.Name)];
        }

        Assert.Equal(["a_b.example."], await Search("_"));
        Assert.Equal(["a_b.example."], await Search("a_b"));
        Assert.Equal(["50%.example."], await Search("%"));
        Assert.Equal(["50%.example."], await Search("0%."));
        Assert.Equal(["back\\slash.example."], await Search("\\"));
        Assert.Equal(["back\\slash.example."], await Search("k\\s"));
        Assert.Equal(["other.test."], await Search(".test"));
        Assert.Empty(await Search("nothing"));
        // Case-insensitive (domain names are).
        Assert.Equal(["a_b.example."], await Search("A_B"));
        // Empty or null: everything.
        Assert.Equal(names.Length, (await Store.ListDomainsAsync(0, 100, "")).Total);

        var (page, pageTotal) = await Store.ListDomainsAsync(1, 2, "example");
        Assert.Equal(6, pageTotal);
        Assert.Equal(2, page.Count);
    }

    [Fact]
    public async Task UpdateChangesIntervalAndPause()
    {
        await Store.AddDomainAsync("example.", TimeSpan.FromHours(1), T0);
        var paused = await Store.UpdateDomainAsync("example.", null, true);
        Assert.NotNull(paused);
        Assert.True(paused.Paused);
        Assert.Equal(TimeSpan.FromHours(1), paused.Interval);

        var changed = await Store.UpdateDomainAsync("example.", TimeSpan.FromMinutes(5), null);
        Assert.NotNull(changed);
        Assert.True(changed.Paused);
        Assert.Equal(TimeSpan.FromMinutes(5), changed.Interval);

        var resumed = await Store.UpdateDomainAsync("example.", null, false);
        Assert.False(resumed!.Paused);
        Assert.Equal(resumed, await Store.GetDomainAsync("example."));
        Assert.Null(await Store.UpdateDomainAsync("missing.", TimeSpan.FromMinutes(1), true));
    }

    [Fact]
    public async Task RemoveTakesHistoryAndAlertsWithIt()
    {
        await Store.AddDomainAsync("gone.example.", TimeSpan.FromHours(1), T0);
        await Store.AddDomainAsync("kept.example.", TimeSpan.FromHours(1), T0);
        var id = await Store.SaveCheckAsync(Check("gone.example.", T0), [Alert("gone.example.", T0, "k1")], T0.AddHours(1));
        var keptId = await Store.SaveCheckAsync(Check("kept.example.", T0), [Alert("kept.example.", T0, "k2")], T0.AddHours(1));

        Assert.True(await Store.RemoveDomainAsync("gone.example."));
        Assert.False(await Store.RemoveDomainAsync("gone.example."));
        Assert.Null(await Store.GetDomainAsync("gone.example."));
        Assert.Null(await Store.GetCheckAsync(id));
        Assert.Null(await Store.LatestCheckAsync("gone.example."));
        Assert.Empty(await Store.HistoryAsync("gone.example.", 10));
        Assert.Empty(await Store.RecentAlertsAsync("gone.example.", 10));
        Assert.Equal("k2", Assert.Single(await Store.PendingAlertsAsync(10)).Alert.DedupKey);
        Assert.NotNull(await Store.GetCheckAsync(keptId));

        // Added again: a fresh start (its old alerts' dedup keys went with it).
        await Store.AddDomainAsync("gone.example.", TimeSpan.FromHours(1), T0.AddDays(1));
        var newId = await Store.SaveCheckAsync(Check("gone.example.", T0.AddDays(1)), [Alert("gone.example.", T0.AddDays(1), "k1")], T0.AddDays(2));
        Assert.NotEqual(id, newId);
        Assert.Single(await Store.RecentAlertsAsync("gone.example.", 10));
    }

    [Fact]
    public async Task ClaimDueTakesDueUnpausedDomainsEarliestFirstAndLeasesThem()
    {
        await Store.AddDomainAsync("late.example.", TimeSpan.FromHours(1), T0.AddMinutes(2));
        await Store.AddDomainAsync("early.example.", TimeSpan.FromHours(1), T0);
        await Store.AddDomainAsync("middle.example.", TimeSpan.FromHours(1), T0.AddMinutes(1));
        await Store.AddDomainAsync("future.example.", TimeSpan.FromHours(1), T0.AddHours(1));
        await Store.AddDomainAsync("paused.example.", TimeSpan.FromHours(1), T0);
        await Store.UpdateDomainAsync("paused.example.", null, true);

        var now = T0.AddMinutes(10);
        var lease = now.AddMinutes(10);
        var first = await Store.ClaimDueAsync(now, lease, 2);
        Assert.Equal(["early.example.", "middle.example."], first.Select(d => d.Name));
        Assert.All(first, d => Assert.Equal(lease, d.NextDueAt));

        var second = await Store.ClaimDueAsync(now, lease, 10);
        Assert.Equal(["late.example."], second.Select(d => d.Name));
        Assert.Empty(await Store.ClaimDueAsync(now, lease, 10));
        Assert.Empty(await Store.ClaimDueAsync(now, lease, 0));

        // The lease runs out: due again (a check that died with its process).
        var afterLease = await Store.ClaimDueAsync(lease, lease.AddMinutes(10), 10);
        Assert.Equal(["early.example.", "late.example.", "middle.example."], afterLease.Select(d => d.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ClaimDueIsAtomicUnderConcurrency()
    {
        const int Domains = 200;
        await Parallel.ForEachAsync(Enumerable.Range(0, Domains), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
            await Store.AddDomainAsync($"d{i:D4}.example.", TimeSpan.FromHours(1), T0.AddSeconds(-i), ct));

        var claimed = new ConcurrentBag<(int Claimer, string Name)>();
        var now = T0.AddMinutes(1);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(claimer => Task.Run(async () =>
        {
            while (true)
            {
                var batch = await Store.ClaimDueAsync(now, now.AddMinutes(10), 7);
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var d in batch)
                {
                    claimed.Add((claimer, d.Name));
                }
            }
        })));

        var names = claimed.Select(c => c.Name).ToList();
        Assert.Equal(Domains, names.Count);
        Assert.Equal(Domains, names.Distinct(StringComparer.Ordinal).Count());
        Output.WriteLine("claims per claimer: " + string.Join(", ", claimed.GroupBy(c => c.Claimer).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
    }

    [Fact]
    public async Task MakeDueMakesAClaimedDomainDueNow()
    {
        await Store.AddDomainAsync("example.", TimeSpan.FromHours(1), T0);
        Assert.Single(await Store.ClaimDueAsync(T0, T0.AddHours(1), 10));
        Assert.Empty(await Store.ClaimDueAsync(T0.AddMinutes(1), T0.AddHours(1), 10));

        Assert.True(await Store.MakeDueAsync("example.", T0.AddMinutes(1)));
        Assert.Equal(T0.AddMinutes(1), (await Store.GetDomainAsync("example."))!.NextDueAt);
        Assert.Single(await Store.ClaimDueAsync(T0.AddMinutes(1), T0.AddHours(1), 10));
        Assert.False(await Store.MakeDueAsync("missing.", T0));
    }

    [Fact]
    public async Task SaveCheckUpdatesTheDomainAndKeepsTheResult()
    {
        await Store.AddDomainAsync("example.", TimeSpan.FromHours(1), T0);
        var check = Check("example.", T0.AddMinutes(1), "dane-invalid", errors: 3, warnings: 2);
        var next = T0.AddHours(1).AddMilliseconds(7);
        var id = await Store.SaveCheckAsync(check, [], next);

        var domain = await Store.GetDomainAsync("example.");
        Assert.Equal(new MonitoredDomain("example.", T0, TimeSpan.FromHours(1), false, next, id, check.StartedAt, "dane-invalid", "enforced", 3, 2), domain);

        var stored = await Store.GetCheckAsync(id);
        Assert.NotNull(stored);
        Assert.Equal(new CheckSummary(id, "example.", check.StartedAt, check.Elapsed, "dane-invalid", 2, "enforced", 3, 2, 1), stored.Summary);
        Assert.Equal(check.ResultJson, stored.ResultJson);
        Assert.Equal(stored, await Store.LatestCheckAsync("example."));
        Assert.Null(await Store.GetCheckAsync(id + 1000));
        Assert.Null(await Store.LatestCheckAsync("missing."));

        // A null MTA-STS outcome.
        var plain = check with { StartedAt = T0.AddMinutes(2), MtaSts = null, Verdict = "dane-valid", Errors = 0 };
        var plainId = await Store.SaveCheckAsync(plain, [], next);
        Assert.Null((await Store.GetCheckAsync(plainId))!.Summary.MtaSts);
        var after = await Store.GetDomainAsync("example.");
        Assert.Null(after!.LastMtaSts);
        Assert.Equal(("dane-valid", 0, plainId), (after.LastVerdict, after.OpenErrors, after.LastCheckId));
    }

    [Fact]
    public async Task AnOlderCheckFinishingLaterDoesNotOverwriteTheNewerState()
    {
        await Store.AddDomainAsync("example.", TimeSpan.FromHours(1), T0);
        var newer = await Store.SaveCheckAsync(Check("example.", T0.AddMinutes(5), "dane-valid"), [], T0.AddHours(1));
        await Store.SaveCheckAsync(Check("example.", T0.AddMinutes(1), "dane-invalid", errors: 1), [], T0.AddHours(2));
        var domain = await Store.GetDomainAsync("example.");
        Assert.Equal(newer, domain!.LastCheckId);
        Assert.Equal("dane-valid", domain.LastVerdict);
        Assert.Equal(T0.AddHours(2), domain.NextDueAt);
        Assert.Equal(newer, (await Store.LatestCheckAsync("example."))!.Summary.Id);
    }

    [Fact]
    public async Task SaveCheckIsAllOrNothing()
    {
        await Store.AddDomainAsync("example.", TimeSpan.FromHours(1), T0);
        var first = await Store.SaveCheckAsync(Check("example.", T0), [Alert("example.", T0, "k1")], T0.AddHours(1));
        var before = await Store.GetDomainAsync("example.");

        // The second alert names a domain the store does not have: its insert fails, so nothing of the check stays.
        var failing = Check("example.", T0.AddMinutes(1), "dane-invalid", errors: 5);
        await Assert.ThrowsAnyAsync<Exception>(() => Store.SaveCheckAsync(failing, [Alert("example.", T0, "k2"), Alert("missing.", T0, "k3")], T0.AddHours(9)));
        Assert.Equal(before, await Store.GetDomainAsync("example."));
        Assert.Equal([first], (await Store.HistoryAsync("example.", 10)).Select(c => c.Id));
        Assert.Equal(["k1"], (await Store.RecentAlertsAsync(null, 10)).Select(a => a.Alert.DedupKey));

        // A domain removed while its check ran: nothing is stored.
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.SaveCheckAsync(Check("removed.", T0), [], T0.AddHours(1)));
        Assert.Empty(await Store.HistoryAsync("removed.", 10));
    }

    [Fact]
    public async Task AlertsAreDeduplicatedByKey()
    {
        await Store.AddDomainAsync("example.", TimeSpan.FromHours(1), T0);
        var first = await Store.SaveCheckAsync(Check("example.", T0), [Alert("example.", T0, "k1"), Alert("example.", T0, "k2")], T0.AddHours(1));
        var second = await Store.SaveCheckAsync(Check("example.", T0.AddHours(1)),
            [Alert("example.", T0.AddHours(1), "k1"), Alert("example.", T0.AddHours(1), "k3"), Alert("example.", T0.AddHours(1), "k3")], T0.AddHours(2));

        var alerts = await Store.RecentAlertsAsync("example.", 10);
        Assert.Equal(["k3", "k2", "k1"], alerts.Select(a => a.Alert.DedupKey));
        Assert.Equal([second, first, first], alerts.Select(a => a.CheckId));
        Assert.Equal(T0, alerts.Single(a => a.Alert.DedupKey == "k1").Alert.CreatedAt);
        Assert.Equal(2, (await Store.HistoryAsync("example.", 10)).Count);
    }

    [Fact]
    public async Task HistoryIsNewestFirst()
    {
        await Store.AddDomainAsync("example.", TimeSpan.FromHours(1), T0);
        await Store.AddDomainAsync("other.", TimeSpan.FromHours(1), T0);
        var a = await Store.SaveCheckAsync(Check("example.", T0), [], T0);
        var c = await Store.SaveCheckAsync(Check("example.", T0.AddHours(2)), [], T0);
        var b = await Store.SaveCheckAsync(Check("example.", T0.AddHours(1)), [], T0);
        await Store.SaveCheckAsync(Check("other.", T0.AddHours(3)), [], T0);

        Assert.Equal([c, b, a], (await Store.HistoryAsync("example.", 10)).Select(s => s.Id));
        Assert.Equal([c, b], (await Store.HistoryAsync("example.", 2)).Select(s => s.Id));
        Assert.Equal(c, (await Store.LatestCheckAsync("example."))!.Summary.Id);
        Assert.Empty(await Store.HistoryAsync("missing.", 10));
    }

    [Fact]
    public async Task PruneDeletesOldChecksButKeepsEachDomainsNewest()
    {
        await Store.AddDomainAsync("a.", TimeSpan.FromHours(1), T0);
        await Store.AddDomainAsync("b.", TimeSpan.FromHours(1), T0);
        var a0 = await Store.SaveCheckAsync(Check("a.", T0), [Alert("a.", T0, "ka")], T0);
        var a1 = await Store.SaveCheckAsync(Check("a.", T0.AddDays(1)), [], T0);
        var a2 = await Store.SaveCheckAsync(Check("a.", T0.AddDays(2)), [], T0);
        var b0 = await Store.SaveCheckAsync(Check("b.", T0), [], T0);

        Assert.Equal(2, await Store.PruneAsync(T0.AddDays(2).AddHours(1)));
        Assert.Equal([a2], (await Store.HistoryAsync("a.", 10)).Select(s => s.Id));
        Assert.Equal([b0], (await Store.HistoryAsync("b.", 10)).Select(s => s.Id));
        Assert.Null(await Store.GetCheckAsync(a0));
        Assert.Null(await Store.GetCheckAsync(a1));
        Assert.Equal(0, await Store.PruneAsync(T0.AddDays(10)));
        // Alerts are not history: they stay (their dedup keys keep working).
        Assert.Single(await Store.RecentAlertsAsync("a.", 10));
        Assert.Equal(a2, (await Store.GetDomainAsync("a."))!.LastCheckId);
    }

    [Fact]
    public async Task PendingAlertsAndDelivery()
    {
        await Store.AddDomainAsync("example.", TimeSpan.FromHours(1), T0);
        await Store.SaveCheckAsync(Check("example.", T0),
            [Alert("example.", T0.AddSeconds(2), "second"), Alert("example.", T0.AddSeconds(1), "first"), Alert("example.", T0.AddSeconds(3), "third")], T0);

        var pending = await Store.PendingAlertsAsync(10);
        Assert.Equal(["first", "second", "third"], pending.Select(a => a.Alert.DedupKey));
        Assert.All(pending, a => Assert.Equal((null, 0, null), (a.DeliveredAt, a.Attempts, a.LastError)));
        Assert.Equal(["first", "second"], (await Store.PendingAlertsAsync(2)).Select(a => a.Alert.DedupKey));

        var first = pending[0].Id;
        await Store.RecordDeliveryAsync(first, null, "connection refused");
        var failed = (await Store.PendingAlertsAsync(10))[0];
        Assert.Equal((first, 1, "connection refused", (DateTimeOffset?)null), (failed.Id, failed.Attempts, failed.LastError, failed.DeliveredAt));

        await Store.RecordDeliveryAsync(first, T0.AddMinutes(1), null);
        Assert.Equal(["second", "third"], (await Store.PendingAlertsAsync(10)).Select(a => a.Alert.DedupKey));
        var delivered = (await Store.RecentAlertsAsync(null, 10)).Single(a => a.Id == first);
        Assert.Equal((2, (string?)null, (DateTimeOffset?)T0.AddMinutes(1)), (delivered.Attempts, delivered.LastError, delivered.DeliveredAt));
        Assert.Equal(Alert("example.", T0.AddSeconds(1), "first"), delivered.Alert);
    }

    [Fact]
    public async Task RecentAlertsNewestFirstOptionallyOfOneDomain()
    {
        await Store.AddDomainAsync("a.", TimeSpan.FromHours(1), T0);
        await Store.AddDomainAsync("b.", TimeSpan.FromHours(1), T0);
        await Store.SaveCheckAsync(Check("a.", T0), [Alert("a.", T0.AddMinutes(1), "a1"), Alert("a.", T0.AddMinutes(3), "a3")], T0);
        await Store.SaveCheckAsync(Check("b.", T0), [Alert("b.", T0.AddMinutes(2), "b2")], T0);

        Assert.Equal(["a3", "b2", "a1"], (await Store.RecentAlertsAsync(null, 10)).Select(a => a.Alert.DedupKey));
        Assert.Equal(["a3", "b2"], (await Store.RecentAlertsAsync(null, 2)).Select(a => a.Alert.DedupKey));
        Assert.Equal(["a3", "a1"], (await Store.RecentAlertsAsync("a.", 10)).Select(a => a.Alert.DedupKey));
        Assert.Empty(await Store.RecentAlertsAsync("c.", 10));
    }

    [Fact]
    public async Task TlsRptReportsAreStoredOncePerOrganizationAndReportId()
    {
        var report = new NewTlsRptReport(T0, "Company-X", "2026-03-04T00:00:00Z_example.", ["example.", "mail.example."],
            T0.AddDays(-1), T0, 100, 2, 1, """{"organization-name":"Company-X"}""");
        var (id, added) = await Store.SaveTlsRptReportAsync(report);
        Assert.True(added);

        var (againId, againAdded) = await Store.SaveTlsRptReportAsync(report with { ReceivedAt = T0.AddHours(1), Failures = 99 });
        Assert.Equal((id, false), (againId, againAdded));

        var other = report with { OrganizationName = "Company-Y", PolicyDomains = ["other."], Start = T0.AddDays(-2) };
        var (otherId, otherAdded) = await Store.SaveTlsRptReportAsync(other);
        Assert.True(otherAdded);
        Assert.NotEqual(id, otherId);

        var all = await Store.TlsRptReportsAsync(null, 10);
        Assert.Equal([id, otherId], all.Select(r => r.Id));
        var stored = all[0].Report;
        Assert.Equal(report.PolicyDomains, stored.PolicyDomains);
        Assert.Equal(report with { PolicyDomains = stored.PolicyDomains }, stored);

        Assert.Equal([id], (await Store.TlsRptReportsAsync("mail.example.", 10)).Select(r => r.Id));
        Assert.Equal([otherId], (await Store.TlsRptReportsAsync("other.", 10)).Select(r => r.Id));
        Assert.Empty(await Store.TlsRptReportsAsync("none.", 10));
        Assert.Single(await Store.TlsRptReportsAsync(null, 1));
    }

    [Fact]
    public async Task ConcurrentTlsRptDuplicatesStoreOne()
    {
        var report = new NewTlsRptReport(T0, "org", "r1", ["example."], T0, T0, 1, 0, 0, "{}");
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store.SaveTlsRptReportAsync(report))));
        Assert.Single(results, r => r.Added);
        Assert.Single(results.Select(r => r.Id).Distinct());
    }

    [Fact]
    public async Task TimesAndDurationsRoundTripToTheMillisecond()
    {
        var added = new DateTimeOffset(2031, 12, 31, 23, 59, 59, 999, TimeSpan.FromHours(2));
        var interval = TimeSpan.FromMilliseconds(90_500);
        var domain = await Store.AddDomainAsync("example.", interval, added);
        Assert.Equal(added, domain.AddedAt);
        Assert.Equal(TimeSpan.Zero, domain.AddedAt.Offset);
        Assert.Equal(added.UtcTicks, domain.AddedAt.UtcTicks);
        Assert.Equal(interval, domain.Interval);

        var started = new DateTimeOffset(1999, 1, 1, 0, 0, 0, 1, TimeSpan.FromHours(-5));
        var check = Check("example.", started) with { Elapsed = TimeSpan.FromMilliseconds(987_654_321) };
        var id = await Store.SaveCheckAsync(check, [], DateTimeOffset.UnixEpoch);
        var stored = await Store.GetCheckAsync(id);
        Assert.Equal(started.UtcTicks, stored!.Summary.StartedAt.UtcTicks);
        Assert.Equal(check.Elapsed, stored.Summary.Elapsed);
        Assert.Equal(DateTimeOffset.UnixEpoch, (await Store.GetDomainAsync("example."))!.NextDueAt);

        // Finer than a millisecond: truncated, not rounded.
        var fine = await Store.AddDomainAsync("fine.", TimeSpan.FromTicks(12_345_678), T0.AddTicks(9_999));
        Assert.Equal(T0, fine.AddedAt);
        Assert.Equal(TimeSpan.FromMilliseconds(1234), fine.Interval);
    }

    [Fact]
    public async Task ABigResultDocumentRoundTrips()
    {
        var builder = new StringBuilder("{\"data\":\"");
        string[] pieces = ["a", "b", "\u00e9", "\u4e2d", "\U0001F512", "<script>", "\\\\", "\\\"", "'", "\\u0000"];
        var random = new Random(8);
        while (builder.Length < 1_048_576)
        {
            builder.Append(pieces[random.Next(pieces.Length)]);
        }

        builder.Append("\"}");
        var json = builder.ToString();
        await Store.AddDomainAsync("example.", TimeSpan.FromHours(1), T0);
        var id = await Store.SaveCheckAsync(Check("example.", T0, json: json), [], T0);
        Assert.Equal(json, (await Store.GetCheckAsync(id))!.ResultJson);
        Assert.Equal(json, (await Store.LatestCheckAsync("example."))!.ResultJson);
    }

    [Fact]
    public async Task CountByVerdict()
    {
        Assert.Empty(await Store.CountByVerdictAsync());
        foreach (var name in new[] { "a.", "b.", "c.", "d." })
        {
            await Store.AddDomainAsync(name, TimeSpan.FromHours(1), T0);
        }

        await Store.SaveCheckAsync(Check("a.", T0, "dane-valid"), [], T0);
        await Store.SaveCheckAsync(Check("b.", T0, "dane-valid"), [], T0);
        await Store.SaveCheckAsync(Check("c.", T0, "dane-invalid"), [], T0);
        var counts = await Store.CountByVerdictAsync();
        Assert.Equal(new Dictionary<string, int> { ["dane-valid"] = 2, ["dane-invalid"] = 1, ["unchecked"] = 1 }, counts);
    }

    [Fact]
    public async Task ConcurrentWritersAndReadersDoNotFail()
    {
        for (var i = 0; i < 8; i++)
        {
            await Store.AddDomainAsync($"d{i}.", TimeSpan.FromHours(1), T0);
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, 160), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var name = $"d{i % 8}.";
            switch (i % 4)
            {
                case 0:
                    await Store.SaveCheckAsync(Check(name, T0.AddSeconds(i)), [Alert(name, T0, "k" + i)], T0.AddHours(1), ct);
                    break;
                case 1:
                    await Store.ClaimDueAsync(T0.AddDays(1), T0.AddDays(2), 3, ct);
                    break;
                case 2:
                    await Store.ListDomainsAsync(0, 50, "d", ct);
                    break;
                default:
                    await Store.HistoryAsync(name, 10, ct);
                    await Store.PendingAlertsAsync(10, ct);
                    break;
            }
        });

        Assert.Equal(40, (await Store.RecentAlertsAsync(null, 100)).Count);
    }

    [Fact]
    public async Task OverviewAndDomainPageQueriesAreRightWith10000Domains()
    {
        // Correctness at the load test's scale (bench/monitor-load.sh measures the speed, against a peer, with wrk; the
        // SQLite query-plan tests check that these queries use their indexes). No timing is asserted here.
        const int Domains = 10_000;
        await Parallel.ForEachAsync(Enumerable.Range(0, Domains), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var name = $"domain{i:D5}.example.";
            await Store.AddDomainAsync(name, TimeSpan.FromHours(1), T0, ct);
            if (i % 10 == 0)
            {
                await Store.SaveCheckAsync(Check(name, T0, i % 20 == 0 ? "dane-valid" : "dane-invalid", json: new string('x', 20_000)), [], T0.AddHours(1), ct);
            }
        });

        static async Task Run(string what, Func<int, Task> query)
        {
            Assert.False(string.IsNullOrEmpty(what));
            for (var i = 0; i < 20; i++)
            {
                await query(i);
            }
        }

        await Run("ListDomains(offset 0, 100)", async _ => Assert.Equal(Domains, (await Store.ListDomainsAsync(0, 100)).Total));
        await Run("ListDomains(offset 5000, 100)", async _ => Assert.Equal(100, (await Store.ListDomainsAsync(5000, 100)).Domains.Count));
        await Run("ListDomains(offset 9950, 50)", async _ => Assert.Equal(50, (await Store.ListDomainsAsync(9950, 50)).Domains.Count));
        var matching = Enumerable.Range(0, Domains).Count(i => $"domain{i:D5}.example.".Contains("0042", StringComparison.Ordinal));
        await Run("ListDomains(search '0042', 100)", async _ => Assert.Equal(matching, (await Store.ListDomainsAsync(0, 100, "0042")).Total));
        await Run("CountByVerdict", async _ => Assert.Equal(3, (await Store.CountByVerdictAsync()).Count));
        await Run("GetDomain", async i => Assert.NotNull(await Store.GetDomainAsync($"domain{i * 37 % Domains:D5}.example.")));
        await Run("LatestCheck (20 kB)", async i => Assert.NotNull(await Store.LatestCheckAsync($"domain{i * 10 % Domains:D5}.example.")));
        await Run("History(20)", async i => await Store.HistoryAsync($"domain{i * 10 % Domains:D5}.example.", 20));
        await Run("ClaimDue(now, none due)", async _ => Assert.Empty(await Store.ClaimDueAsync(T0.AddMinutes(-1), T0.AddHours(1), 10)));
    }
}
