using System.Runtime.CompilerServices;
using DaneKit.Web.Storage;

namespace DaneKit.Web.Rendering;

/// <summary>
/// The overview's counts per verdict, read from the store at most once per <see cref="MaxAge"/> per store: they are a
/// summary over every domain (a scan of all of them), and the overview is the page read most. A change shows within
/// <see cref="MaxAge"/>; the domain list itself is always read fresh.
/// </summary>
public static class VerdictCountCache
{
    /// <summary>How long counts are reused.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private static readonly ConditionalWeakTable<IMonitorStore, Entry> Entries = [];

    /// <summary>The counts of <paramref name="store"/>, at most <see cref="MaxAge"/> old.</summary>
    /// <param name="store">The store.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>Verdict → count.</returns>
    public static async Task<IReadOnlyDictionary<string, int>> GetAsync(IMonitorStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var entry = Entries.GetOrCreateValue(store);
        var now = time.GetTimestamp();
        var cached = Volatile.Read(ref entry.Value);
        if (cached is not null && time.GetElapsedTime(cached.At, now) < MaxAge)
        {
            return cached.Counts;
        }

        var counts = await store.CountByVerdictAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref entry.Value, new Snapshot(now, counts));
        return counts;
    }

    /// <summary>Forgets the counts of <paramref name="store"/> (after a change made through the pages).</summary>
    /// <param name="store">The store.</param>
    public static void Invalidate(IMonitorStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (Entries.TryGetValue(store, out var entry))
        {
            Volatile.Write(ref entry.Value, null);
        }
    }

    private sealed record Snapshot(long At, IReadOnlyDictionary<string, int> Counts);

    private sealed class Entry
    {
#pragma warning disable CA1051 // a field, for Volatile.Read and Write
        public Snapshot? Value;
#pragma warning restore CA1051
    }
}
