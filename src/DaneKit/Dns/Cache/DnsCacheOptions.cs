namespace DaneKit.Dns.Cache;

/// <summary>Bounds of a <see cref="DnsCache"/>.</summary>
public sealed record DnsCacheOptions
{
    /// <summary>The most entries kept; the least recently used go first.</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>An approximate memory budget in bytes (RDATA wire sizes plus a fixed overhead per record and entry).</summary>
    public long MaxBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The longest a positive entry is kept, whatever its TTL (RFC 2181 8 allows capping; Unbound uses one day).</summary>
    public TimeSpan MaxTtl { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The longest a negative entry is kept (RFC 2308 5: "1 to 3 hours" is a sensible cap).</summary>
    public TimeSpan MaxNegativeTtl { get; init; } = TimeSpan.FromHours(3);
}
