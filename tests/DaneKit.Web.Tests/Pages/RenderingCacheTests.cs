using DaneKit.Web.Rendering;
using DaneKit.Web.Storage;

namespace DaneKit.Web.Tests.Pages;

public sealed class RenderingCacheTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "danekit-web-tests", Guid.NewGuid().ToString("N"));
    private IMonitorStore? _store;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _store = await MonitorStores.OpenAsync(Path.Combine(_directory, "monitor.db"));
        await _store.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _store!.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void AStoredCheckIsRenderedOnceAndAnIdGivenOutAgainIsNotConfused()
    {
        var stale = Recorded.Json("stale-tlsa");
        var good = Recorded.Json("good");
        var at = DateTimeOffset.Parse("2026-11-29T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        StoredCheck Stored(long id, string domain, string json) =>
            new(new CheckSummary(id, domain, at, TimeSpan.FromSeconds(1), "dane-fail", 1, null, 1, 0, 0), json);

        var first = DomainViewCache.Get(_store!, Stored(7, "stale-tlsa.example.", stale));
        Assert.Same(first, DomainViewCache.Get(_store!, Stored(7, "stale-tlsa.example.", stale)));
        var reused = DomainViewCache.Get(_store!, Stored(7, "good.example.", good));
        Assert.NotSame(first, reused);
        Assert.Equal("authenticated", reused.Verdict.Word);
        Assert.Throws<System.Text.Json.JsonException>(() => DomainViewCache.Get(_store!, Stored(8, "x.example.", "{}")));
    }

    [Fact]
    public async Task VerdictCountsAreReusedForASecondAndForgottenOnAChange()
    {
        var time = new ManualTime();
        await _store!.AddDomainAsync("a.example.", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        Assert.Equal(1, (await VerdictCountCache.GetAsync(_store, time, default))["unchecked"]);
        await _store.AddDomainAsync("b.example.", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        Assert.Equal(1, (await VerdictCountCache.GetAsync(_store, time, default))["unchecked"]);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, (await VerdictCountCache.GetAsync(_store, time, default))["unchecked"]);
        await _store.AddDomainAsync("c.example.", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        VerdictCountCache.Invalidate(_store);
        Assert.Equal(3, (await VerdictCountCache.GetAsync(_store, time, default))["unchecked"]);
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
