using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using DaneKit.Reporting;
using DaneKit.Web.Storage;

namespace DaneKit.Web.Rendering;

/// <summary>
/// The views of stored checks, by store and check id: a stored check never changes, so its parsed result, match
/// matrix and chain of trust SVG are built once and reused by every request for it (the domain page is read far more
/// often than checks run). Bounded: when <see cref="Capacity"/> views are held, the cache starts over.
/// </summary>
public static class DomainViewCache
{
    /// <summary>How many views are held per store.</summary>
    public const int Capacity = 256;

    private static readonly ConditionalWeakTable<IMonitorStore, ConcurrentDictionary<Key, DomainView>> Views = [];

    /// <summary>The view of a stored check.</summary>
    /// <param name="store">The store it comes from.</param>
    /// <param name="check">The check.</param>
    /// <returns>The view.</returns>
    /// <exception cref="System.Text.Json.JsonException">The stored document cannot be read.</exception>
    public static DomainView Get(IMonitorStore store, StoredCheck check)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(check);
        var views = Views.GetOrCreateValue(store);
        // The id with the domain and the time: an id a store hands out again after a removal never finds a stale view.
        var key = new Key(check.Summary.Id, check.Summary.Domain, check.Summary.StartedAt);
        if (views.TryGetValue(key, out var view))
        {
            return view;
        }

        view = DomainView.Of(CheckJson.Read(check.ResultJson));
        if (views.Count >= Capacity)
        {
            views.Clear();
        }

        views[key] = view;
        return view;
    }

    private readonly record struct Key(long Id, string Domain, DateTimeOffset StartedAt);
}
