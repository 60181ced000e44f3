using System.Net;
using DaneKit.Smtp;
using DaneKit.Tests.Check;

namespace DaneKit.Tests.Survey;

/// <summary>The bounds of the <see cref="SharedProber"/> as a scan uses it: a window for the whole scan, an LRU of results.</summary>
public sealed class SharedProberBoundsTests
{
    private static IPEndPoint Ep(int i) => IPEndPoint.Parse($"192.0.2.{i}:25");

    [Fact]
    public async Task ResultsAreKeptForTheWholeScanButAtMostMaxEntriesLeastRecentlyUsedFirst()
    {
        var inner = new CountingProber();
        var clock = new CheckClock(CheckWorld.Now);
        using var shared = new SharedProber(inner, 4, SharedProber.Forever, clock, perAddress: 2, maxEntries: 3);
        for (var i = 1; i <= 3; i++)
        {
            await shared.ProbeAsync(Ep(i), "mx.example", SmtpProbeMode.StartTls, CancellationToken.None);
        }

        // 1 is used again (now the most recent); 4 then pushes out the least recently used, 2.
        await shared.ProbeAsync(Ep(1), "mx.example.", SmtpProbeMode.StartTls, CancellationToken.None);
        await shared.ProbeAsync(Ep(4), "mx.example", SmtpProbeMode.StartTls, CancellationToken.None);
        Assert.Equal(4, inner.Calls);
        Assert.Equal(3, shared.Count);
        Assert.Equal(3, shared.MaxEntries);

        await shared.ProbeAsync(Ep(1), "mx.example", SmtpProbeMode.StartTls, CancellationToken.None);
        await shared.ProbeAsync(Ep(3), "mx.example", SmtpProbeMode.StartTls, CancellationToken.None);
        Assert.Equal(4, inner.Calls);
        await shared.ProbeAsync(Ep(2), "mx.example", SmtpProbeMode.StartTls, CancellationToken.None);
        Assert.Equal(5, inner.Calls);
        Assert.Equal(3, shared.Count);
        Assert.Equal(5, shared.ProbesMade);
        Assert.Equal(3, shared.ProbesShared);
    }

    [Fact]
    public async Task WithoutSharingEveryRequestIsAProbeAndNothingIsKept()
    {
        var inner = new CountingProber();
        using var shared = new SharedProber(inner, 4, SharedProber.Forever, new CheckClock(CheckWorld.Now), share: false);
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => shared.ProbeAsync(Ep(1), "mx.example", SmtpProbeMode.StartTls, CancellationToken.None)));
        Assert.Equal(5, inner.Calls);
        Assert.Equal(0, shared.Count);
        Assert.InRange(inner.MaxInFlight("host:mx.example"), 1, 4);
    }
}
