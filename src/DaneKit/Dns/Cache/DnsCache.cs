using DaneKit.Dns.Records;

namespace DaneKit.Dns.Cache;

/// <summary>
/// A thread-safe, TTL-bounded cache of RRsets and negative answers (RFC 2308), keyed by (name in canonical
/// form, type, class). Entries keep the RRSIGs that cover them so a validator can reuse them. Memory is
/// bounded by an entry count and an approximate byte budget, evicting the least recently used first.
/// </summary>
/// <remarks>
/// An NXDOMAIN is stored once per (name, class) and answers every type (RFC 2308 5). TTLs count down
/// with the <see cref="TimeProvider"/> given, so tests can move time.
/// </remarks>
public sealed class DnsCache
{
    /// <summary>Approximate bytes an entry costs beyond its records: key, list node, lists.</summary>
    private const int EntryOverhead = 160;

    /// <summary>Approximate bytes one record costs beyond its RDATA and owner name.</summary>
    private const int RecordOverhead = 64;

    /// <summary>The type under which NXDOMAIN entries are kept: 0 is reserved (RFC 6895 3.1) and never asked for.</summary>
    private const DnsType NxDomainKeyType = 0;

    private readonly Lock _lock = new();
    private readonly Dictionary<Key, LinkedListNode<Item>> _entries = [];
    private readonly LinkedList<Item> _lru = new();
    private readonly TimeProvider _time;
    private long _bytes;

    /// <summary>Creates an empty cache.</summary>
    /// <param name="options">Bounds; the defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    public DnsCache(DnsCacheOptions? options = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? new DnsCacheOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Options.MaxEntries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Options.MaxBytes);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The bounds in use.</summary>
    public DnsCacheOptions Options { get; }

    /// <summary>How many entries are held (expired ones not yet evicted included).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The approximate bytes the entries take.</summary>
    public long ApproximateBytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Stores an RRset and the RRSIGs that cover it. The TTL is the smallest of the records' and signatures' TTLs.</summary>
    /// <param name="records">The RRset: one owner, type and class; must not be empty.</param>
    /// <param name="signatures">The RRSIG records covering it (others are ignored).</param>
    /// <param name="authoritative">
    /// <see langword="false"/> for referral data (NS records and glue in a referral, RFC 2181 5.4.1); such an
    /// entry does not replace a live authoritative one.
    /// </param>
    /// <returns>The entry stored, or <see langword="null"/> when the TTL is 0 (not cacheable) or better data is held.</returns>
    public DnsCacheEntry? AddRRset(IReadOnlyList<DnsResourceRecord> records, IEnumerable<DnsResourceRecord>? signatures = null,
        bool authoritative = true)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            throw new ArgumentException("an RRset has at least one record", nameof(records));
        }

        var first = records[0];
        if (records.Any(r => r.Type != first.Type || r.Class != first.Class || !r.Name.Equals(first.Name)))
        {
            throw new ArgumentException("the records are not one RRset (owner, type and class differ)", nameof(records));
        }

        var sigs = (signatures ?? []).Where(s => s.Data is RrsigData d && d.TypeCovered == first.Type && s.Name.Equals(first.Name)).ToList();
        var ttl = records.Concat(sigs).Min(r => r.Ttl);
        var lifetime = Min(TimeSpan.FromSeconds(ttl), Options.MaxTtl);
        if (lifetime <= TimeSpan.Zero)
        {
            return null;
        }

        var entry = new DnsCacheEntry(first.Name, first.Type, first.Class, DnsCacheEntryKind.Positive, records.Distinct().ToList(), sigs, [],
            _time.GetUtcNow() + lifetime, authoritative);
        return Store(new Key(first.Name.ToCanonical(), first.Type, first.Class), entry) ? entry : null;
    }

    /// <summary>
    /// Stores a negative answer. The TTL is the smaller of the SOA record's TTL and its MINIMUM field
    /// (RFC 2308 5); without an SOA in <paramref name="authority"/> nothing is stored (RFC 2308 5: SHOULD NOT cache).
    /// </summary>
    /// <param name="name">The name asked.</param>
    /// <param name="type">The type asked (ignored for NXDOMAIN, which covers every type).</param>
    /// <param name="class">The class asked.</param>
    /// <param name="kind"><see cref="DnsCacheEntryKind.NxDomain"/> or <see cref="DnsCacheEntryKind.NoData"/>.</param>
    /// <param name="authority">The response's authority section: SOA, NSEC/NSEC3 and RRSIGs are kept.</param>
    /// <returns>The entry stored, or <see langword="null"/> when none was.</returns>
    public DnsCacheEntry? AddNegative(DnsName name, DnsType type, DnsClass @class, DnsCacheEntryKind kind, IReadOnlyList<DnsResourceRecord> authority)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(authority);
        if (kind == DnsCacheEntryKind.Positive)
        {
            throw new ArgumentException("use AddRRset for positive answers", nameof(kind));
        }

        var soa = authority.FirstOrDefault(r => r.Data is SoaData);
        if (soa is null)
        {
            return null;
        }

        var ttl = Math.Min(soa.Ttl, ((SoaData)soa.Data).Minimum);
        var lifetime = Min(TimeSpan.FromSeconds(ttl), Options.MaxNegativeTtl);
        if (lifetime <= TimeSpan.Zero)
        {
            return null;
        }

        var kept = authority.Where(r => r.Type is DnsType.SOA or DnsType.NSEC or DnsType.NSEC3 or DnsType.RRSIG).ToList();
        var keyType = kind == DnsCacheEntryKind.NxDomain ? NxDomainKeyType : type;
        var entry = new DnsCacheEntry(name, type, @class, kind, [], [], kept, _time.GetUtcNow() + lifetime);
        return Store(new Key(name.ToCanonical(), keyType, @class), entry) ? entry : null;
    }

    /// <summary>Looks up (name, type, class); an NXDOMAIN entry for the name answers any type.</summary>
    /// <param name="name">The name (any case).</param>
    /// <param name="type">The type.</param>
    /// <param name="class">The class.</param>
    /// <param name="entry">The entry, its records' TTLs lowered to what remains.</param>
    /// <returns>Whether a live entry was found.</returns>
    public bool TryGet(DnsName name, DnsType type, DnsClass @class, out DnsCacheEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(name);
        var canonical = name.ToCanonical();
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (TryGetLocked(new Key(canonical, type, @class), now, out var found)
                || TryGetLocked(new Key(canonical, NxDomainKeyType, @class), now, out found))
            {
                entry = WithRemainingTtl(found!, now);
                return true;
            }
        }

        entry = null;
        return false;
    }

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            _lru.Clear();
            _bytes = 0;
        }
    }

    private bool TryGetLocked(Key key, DateTimeOffset now, out DnsCacheEntry? entry)
    {
        entry = null;
        if (!_entries.TryGetValue(key, out var node))
        {
            return false;
        }

        if (node.Value.Entry.Expires <= now)
        {
            RemoveLocked(node);
            return false;
        }

        _lru.Remove(node);
        _lru.AddFirst(node);
        entry = node.Value.Entry;
        return true;
    }

    private bool Store(Key key, DnsCacheEntry entry)
    {
        var size = EntryOverhead + Size(entry.Records) + Size(entry.Signatures) + Size(entry.Authority);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var old))
            {
                if (!entry.IsAuthoritative && old.Value.Entry.IsAuthoritative && old.Value.Entry.Expires > _time.GetUtcNow())
                {
                    return false;
                }

                RemoveLocked(old);
            }

            var node = _lru.AddFirst(new Item(key, entry, size));
            _entries[key] = node;
            _bytes += size;
            while ((_entries.Count > Options.MaxEntries || _bytes > Options.MaxBytes) && _lru.Last is { } victim && victim != node)
            {
                RemoveLocked(victim);
            }
        }

        return true;
    }

    private void RemoveLocked(LinkedListNode<Item> node)
    {
        _lru.Remove(node);
        _entries.Remove(node.Value.Key);
        _bytes -= node.Value.Size;
    }

    private static long Size(IReadOnlyList<DnsResourceRecord> records) =>
        records.Sum(r => (long)RecordOverhead + r.Name.WireLength + r.Data.ToWire().Length);

    private static DnsCacheEntry WithRemainingTtl(DnsCacheEntry entry, DateTimeOffset now)
    {
        var remaining = (uint)Math.Max(0, Math.Ceiling((entry.Expires - now).TotalSeconds));
        IReadOnlyList<DnsResourceRecord> Lower(IReadOnlyList<DnsResourceRecord> list) =>
            list.Select(r => r.Ttl > remaining ? r with { Ttl = remaining } : r).ToList();
        return entry with { Records = Lower(entry.Records), Signatures = Lower(entry.Signatures), Authority = Lower(entry.Authority) };
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private readonly record struct Key(DnsName Name, DnsType Type, DnsClass Class);

    private sealed record Item(Key Key, DnsCacheEntry Entry, long Size);
}
