using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec.Denial;

namespace DaneKit.Dnssec;

/// <summary>
/// Keeps the responses of another data source for their TTL, so that many checks in one process (a scan) ask the
/// resolver once for what they share: the A, AAAA and TLSA records of a common MX host, the DS and DNSKEY sets above.
/// Every hit is validated again like a fresh response (only the network round trip is saved), and its records carry
/// the TTL they have left.
/// </summary>
/// <remarks>
/// <para>
/// What is kept: NOERROR answers (data or NODATA) under (name, type) for the smallest TTL in the answer and authority
/// sections; NXDOMAIN under the name alone, answering every type (RFC 2308 5), for the smallest TTL of the authority
/// records and the SOA's MINIMUM field (RFC 2308 3, 5). Failures and responses with a record of TTL 0 are never kept.
/// </para>
/// <para>
/// Aggressive use of NSEC (RFC 8198, as Unbound's <c>aggressive-nsec</c>, NSEC only): the NSEC records of a kept
/// NXDOMAIN answer also answer another name of the same zone when they prove it does not exist (a covering NSEC and
/// no wildcard at its closest encloser, checked with the validator's own <see cref="NsecProofs"/>). The validator
/// then verifies that proof like any other; nothing is taken on trust. A scan asks <c>_mta-sts</c>, <c>mta-sts</c>
/// and <c>_smtp._tls</c> of every domain, and one NSEC chain usually denies all three.
/// </para>
/// <para>
/// Bounded: at most <see cref="MaxEntries"/> entries and at most <see cref="MaxTtl"/> each; when full, the cache is
/// emptied and starts again. Thread-safe. Time comes from the <see cref="TimeProvider"/>.
/// </para>
/// </remarks>
public sealed class CachingDataSource : IDnssecDataSource
{
    private const DnsType NxDomainKey = 0; // reserved type (RFC 6895 3.1): never asked for
    private readonly IDnssecDataSource _inner;
    private readonly TimeProvider _time;
    private const int MaxNsecAnswersPerZone = 4;
    private readonly Dictionary<(DnsName Name, DnsType Type), Entry> _entries = [];
    private readonly Dictionary<DnsName, List<Entry>> _nsecAnswers = [];
    private readonly Dictionary<(DnsName Name, DnsType Type), Task<DnssecLookup>> _inFlight = [];
    private readonly Lock _lock = new();

    /// <summary>Wraps a data source.</summary>
    /// <param name="inner">Where responses come from on a miss.</param>
    /// <param name="timeProvider">The clock for TTLs.</param>
    /// <param name="maxEntries">The most responses kept.</param>
    /// <param name="maxTtl">The longest a response is kept, whatever its TTL; 1 hour when null.</param>
    public CachingDataSource(IDnssecDataSource inner, TimeProvider? timeProvider = null, int maxEntries = 50_000, TimeSpan? maxTtl = null)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        _time = timeProvider ?? TimeProvider.System;
        MaxEntries = maxEntries;
        MaxTtl = maxTtl ?? TimeSpan.FromHours(1);
    }

    /// <summary>The most responses kept.</summary>
    public int MaxEntries { get; }

    /// <summary>The longest a response is kept.</summary>
    public TimeSpan MaxTtl { get; }

    /// <summary>Responses answered from the cache so far.</summary>
    public long Hits
    {
        get
        {
            lock (_lock)
            {
                return _hits;
            }
        }
    }

    private long _hits;

    /// <inheritdoc/>
    public string Description => _inner.Description;

    /// <inheritdoc/>
    public async Task<DnssecLookup> LookupAsync(DnsName name, DnsType type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var now = _time.GetUtcNow();
        Task<DnssecLookup>? running;
        lock (_lock)
        {
            if (TryGet(name, type, now) is { } hit)
            {
                _hits++;
                return hit;
            }

            // One question in flight at a time: many checks asking the same (a scan's first wave) share one exchange. It
            // runs without the first caller's token (the resolver's own timeouts bound it); each caller waits with its own.
            if (!_inFlight.TryGetValue((name, type), out running))
            {
                running = FetchAsync(name, type, now);
                _inFlight[(name, type)] = running;
            }
        }

        return await running.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<DnssecLookup> FetchAsync(DnsName name, DnsType type, DateTimeOffset now)
    {
        await Task.Yield(); // never run the exchange inside the caller's lock
        try
        {
            var lookup = await _inner.LookupAsync(name, type, CancellationToken.None).ConfigureAwait(false);
            Store(name, type, lookup, now);
            return lookup;
        }
        finally
        {
            lock (_lock)
            {
                _inFlight.Remove((name, type));
            }
        }
    }

    private DnssecLookup? TryGet(DnsName name, DnsType type, DateTimeOffset now)
    {
        // The caller holds _lock.
        if ((!_entries.TryGetValue((name, type), out var entry) || entry.Until <= now)
            && (!_entries.TryGetValue((name, NxDomainKey), out entry) || entry.Until <= now)
            && (entry = CoveringNxDomain(name, now)) is null)
        {
            return null;
        }

        var elapsed = (uint)Math.Clamp(Math.Ceiling((now - entry.Stored).TotalSeconds), 0, uint.MaxValue);
        return entry.Lookup with
        {
            Answers = Age(entry.Lookup.Answers, elapsed),
            Authority = Age(entry.Lookup.Authority, elapsed),
            Server = entry.Lookup.Server + " (cached)",
        };
    }

    /// <summary>A kept NXDOMAIN answer of an enclosing zone whose NSEC records prove <paramref name="name"/> does not exist (RFC 8198 4).</summary>
    private Entry? CoveringNxDomain(DnsName name, DateTimeOffset now)
    {
        for (var zone = name; !zone.IsRoot; zone = zone.Parent())
        {
            var apex = zone.Parent();
            if (!_nsecAnswers.TryGetValue(apex, out var answers))
            {
                continue;
            }

            foreach (var answer in answers)
            {
                if (answer.Until > now && NsecProofs.ProveNameError(apex, name, answer.Lookup.Authority).IsProven)
                {
                    return answer;
                }
            }
        }

        return null;
    }

    private static DnsResourceRecord[] Age(IReadOnlyList<DnsResourceRecord> records, uint elapsed) =>
        records.Select(r => r with { Ttl = r.Ttl > elapsed ? r.Ttl - elapsed : 0 }).ToArray();

    private void Store(DnsName name, DnsType type, DnssecLookup lookup, DateTimeOffset now)
    {
        if (lookup.Error is not null || lookup.ResponseCode is not (DnsResponseCode.NoError or DnsResponseCode.NXDomain)
            || (type is DnsType.DS or DnsType.DNSKEY && lookup.ResponseCode == DnsResponseCode.NoError && lookup.Answers.Count > 0))
        {
            // Failures are never kept. Nor are DS and DNSKEY answers: the validator keeps the keys they establish for
            // their TTL (its zone-key cache), so it asks for them once per zone anyway, and keeping them here too only
            // made every zone's keys survive twice (GC work that cost more than the cache saved).
            return;
        }

        var records = lookup.Answers.Concat(lookup.Authority).ToList();
        if (records.Count == 0)
        {
            return; // nothing says how long it may be kept
        }

        var ttl = (double)records.Min(r => r.Ttl);
        var negative = lookup.ResponseCode == DnsResponseCode.NXDomain || lookup.Answers.Count == 0;
        if (negative)
        {
            var soa = lookup.Authority.FirstOrDefault(r => r.Data is SoaData);
            if (soa is null)
            {
                return; // a negative answer without an SOA is not cached (RFC 2308 5)
            }

            ttl = Math.Min(ttl, ((SoaData)soa.Data).Minimum);
        }

        if (ttl <= 0)
        {
            return;
        }

        var until = now + TimeSpan.FromSeconds(Math.Min(ttl, MaxTtl.TotalSeconds));
        var key = (name, lookup.ResponseCode == DnsResponseCode.NXDomain ? NxDomainKey : type);
        lock (_lock)
        {
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
                _nsecAnswers.Clear();
            }

            var entry = new Entry(lookup, now, until);
            _entries[key] = entry;
            if (lookup.ResponseCode == DnsResponseCode.NXDomain && lookup.Authority.Any(r => r.Type == DnsType.NSEC)
                && lookup.Authority.FirstOrDefault(r => r.Data is SoaData)?.Name is { } apex && name.IsSubdomainOf(apex))
            {
                if (!_nsecAnswers.TryGetValue(apex, out var answers))
                {
                    _nsecAnswers[apex] = answers = [];
                }

                answers.RemoveAll(a => a.Until <= now);
                if (answers.Count >= MaxNsecAnswersPerZone)
                {
                    answers.RemoveAt(0);
                }

                answers.Add(entry);
            }
        }
    }

    private sealed record Entry(DnssecLookup Lookup, DateTimeOffset Stored, DateTimeOffset Until);
}
