using System.Net;

namespace DaneKit.Smtp;

/// <summary>
/// An <see cref="ISmtpProber"/> decorator shared by many checks (the monitor's, and <c>danekit scan</c>'s): it (a) lets at
/// most <c>perHost</c> probes of one MX host (by name, the SNI) and at most <c>perAddress</c> probes of one IP address run
/// at once, and (b) shares the result of a probe of one address, port, SNI name and mode between checks for a window after
/// it completes (domains that use the same MX); a request for a probe that is running waits for it instead of probing
/// twice.
/// </summary>
/// <remarks>
/// <para>
/// Memory is bounded: completed results are kept in least-recently-used order and at most <see cref="MaxEntries"/> of
/// them are held (the least recently used is dropped first); expired results are dropped when met and by a sweep at most
/// once per window. Probes in flight are never dropped; there are at most as many as the callers waiting for them. The
/// per-host and per-address gates exist only while a probe needs them.
/// </para>
/// <para>
/// A shared probe runs on its own, not under the token of the check that started it, so that a cancelled check does not
/// fail the others waiting for it; each caller stops waiting at its own cancellation, and the probe ends at its own
/// deadlines (or when the prober is disposed, at shutdown). A probe that throws is not shared. A probe takes its host's
/// gate, then its address's: always in that order, and a probe holding an address slot never waits for a host slot,
/// so the gates cannot deadlock.
/// </para>
/// </remarks>
public sealed class SharedProber : ISmtpProber, IDisposable
{
    /// <summary>The default bound on completed results kept.</summary>
    public const int DefaultMaxEntries = 10_000;

    /// <summary>A window that never ends: each probe is made once for the life of the prober (a scan).</summary>
    public static readonly TimeSpan Forever = TimeSpan.MaxValue;

    private readonly ISmtpProber _inner;
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly int _perHost;
    private readonly int _perAddress;
    private readonly bool _share;
    private readonly Lock _lock = new();
    private readonly Dictionary<ProbeKey, Entry> _entries = [];
    private readonly LinkedList<Entry> _recent = new();
    private readonly Dictionary<string, Gate> _hosts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Gate> _addresses = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;
    private long _probesMade;
    private long _shared;

    /// <summary>Creates the decorator.</summary>
    /// <param name="inner">The real prober.</param>
    /// <param name="perHost">Probes of one MX host at once (at least 1).</param>
    /// <param name="window">
    /// How long a completed probe's result is shared (zero: only probes in flight are shared; <see cref="Forever"/>: for
    /// the life of the prober).
    /// </param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="perAddress">Probes of one IP address at once (at least 1); unlimited when <see langword="null"/>.</param>
    /// <param name="maxEntries">The most completed results kept (at least 1); <see cref="DefaultMaxEntries"/> when <see langword="null"/>.</param>
    /// <param name="share">
    /// Whether to share at all: <see langword="false"/> makes every request its own probe (<c>danekit scan --reprobe</c>),
    /// under the same per-host and per-address limits.
    /// </param>
    public SharedProber(ISmtpProber inner, int perHost, TimeSpan window, TimeProvider timeProvider, int? perAddress = null, int? maxEntries = null,
        bool share = true)
    {
        _share = share;
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _perHost = Math.Max(1, perHost);
        _perAddress = perAddress is { } p ? Math.Max(1, p) : int.MaxValue;
        _window = window < TimeSpan.Zero ? TimeSpan.Zero : window;
        MaxEntries = maxEntries is { } m ? Math.Max(1, m) : DefaultMaxEntries;
    }

    /// <summary>The most completed results kept at once; the least recently used are dropped first.</summary>
    public int MaxEntries { get; }

    /// <summary>How many probes were actually made (not shared).</summary>
    public long ProbesMade => Interlocked.Read(ref _probesMade);

    /// <summary>How many requests were answered by a probe made (or being made) for another request.</summary>
    public long ProbesShared => Interlocked.Read(ref _shared);

    /// <summary>How many results and probes in flight are held.</summary>
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

    /// <inheritdoc/>
    public Task<SmtpProbeResult> ProbeAsync(IPEndPoint endpoint, string serverName, SmtpProbeMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(serverName);
        var key = new ProbeKey(endpoint.ToString(), serverName.TrimEnd('.').ToLowerInvariant(), mode);
        if (!_share)
        {
            // Never registered, so never found by another request, and dropped when done.
            var own = new Entry(key);
            own.Task = RunAsync(own, endpoint, serverName, mode);
            return own.Task.WaitAsync(cancellationToken);
        }

        Task<SmtpProbeResult> shared;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_entries.TryGetValue(key, out var entry) && (entry.CompletedAt is null || Fresh(entry.CompletedAt.Value, now)))
            {
                if (entry.Node is { } node)
                {
                    _recent.Remove(node);
                    _recent.AddFirst(node);
                }

                Interlocked.Increment(ref _shared);
                shared = entry.Task;
            }
            else
            {
                if (entry is not null)
                {
                    Drop(key, entry);
                }

                Sweep(now);
                entry = new Entry(key);
                _entries[key] = entry;
                entry.Task = RunAsync(entry, endpoint, serverName, mode);
                shared = entry.Task;
            }
        }

        return shared.WaitAsync(cancellationToken);
    }

    private bool Fresh(DateTimeOffset completedAt, DateTimeOffset now) => _window == TimeSpan.MaxValue || now - completedAt < _window;

    private async Task<SmtpProbeResult> RunAsync(Entry entry, IPEndPoint endpoint, string serverName, SmtpProbeMode mode)
    {
        // Run on the thread pool, after the caller has registered the entry (the lock is not held here).
        await Task.Yield();
        var key = entry.Key;
        var address = endpoint.Address.ToString();
        var host = Enter(_hosts, key.Host, _perHost);
        var ip = Enter(_addresses, address, _perAddress);
        try
        {
            await host.Semaphore.WaitAsync(_stopping.Token).ConfigureAwait(false);
            try
            {
                await ip.Semaphore.WaitAsync(_stopping.Token).ConfigureAwait(false);
                try
                {
                    Interlocked.Increment(ref _probesMade);
                    var result = await _inner.ProbeAsync(endpoint, serverName, mode, _stopping.Token).ConfigureAwait(false);
                    lock (_lock)
                    {
                        entry.CompletedAt = _time.GetUtcNow();
                        if (_entries.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
                        {
                            if (_window == TimeSpan.Zero)
                            {
                                _entries.Remove(key);
                            }
                            else
                            {
                                entry.Node = _recent.AddFirst(entry);
                                while (_recent.Count > MaxEntries && _recent.Last is { } oldest)
                                {
                                    Drop(oldest.Value.Key, oldest.Value);
                                }
                            }
                        }
                    }

                    return result;
                }
                finally
                {
                    ip.Semaphore.Release();
                }
            }
            finally
            {
                host.Semaphore.Release();
            }
        }
        catch
        {
            lock (_lock)
            {
                if (_entries.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
                {
                    Drop(key, entry);
                }
            }

            throw;
        }
        finally
        {
            Leave(_addresses, address, ip);
            Leave(_hosts, key.Host, host);
        }
    }

    private Gate Enter(Dictionary<string, Gate> gates, string name, int limit)
    {
        lock (_lock)
        {
            if (!gates.TryGetValue(name, out var gate))
            {
                gate = new Gate(new SemaphoreSlim(limit, limit));
                gates[name] = gate;
            }

            gate.Users++;
            return gate;
        }
    }

    private void Leave(Dictionary<string, Gate> gates, string name, Gate gate)
    {
        lock (_lock)
        {
            if (--gate.Users == 0 && gates.TryGetValue(name, out var current) && ReferenceEquals(current, gate))
            {
                gates.Remove(name);
                gate.Semaphore.Dispose();
            }
        }
    }

    /// <summary>Forgets an entry. Called under the lock.</summary>
    private void Drop(ProbeKey key, Entry entry)
    {
        if (_entries.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
        {
            _entries.Remove(key);
        }

        if (entry.Node is { } node)
        {
            _recent.Remove(node);
            entry.Node = null;
        }
    }

    /// <summary>Drops expired results, at most once per window (never for <see cref="Forever"/>). Called under the lock.</summary>
    private void Sweep(DateTimeOffset now)
    {
        if (_window == TimeSpan.MaxValue || _window == TimeSpan.Zero || now - _lastSweep < _window)
        {
            return;
        }

        _lastSweep = now;
        for (var node = _recent.Last; node is not null;)
        {
            var previous = node.Previous;
            if (node.Value.CompletedAt is { } done && !Fresh(done, now))
            {
                Drop(node.Value.Key, node.Value);
            }

            node = previous;
        }
    }

    /// <summary>Stops probes in flight (at shutdown).</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private readonly record struct ProbeKey(string Endpoint, string Host, SmtpProbeMode Mode);

    private sealed class Entry(ProbeKey key)
    {
        public ProbeKey Key { get; } = key;

        public Task<SmtpProbeResult> Task { get; set; } = null!;

        public DateTimeOffset? CompletedAt { get; set; }

        public LinkedListNode<Entry>? Node { get; set; }
    }

    private sealed class Gate(SemaphoreSlim semaphore)
    {
        public SemaphoreSlim Semaphore { get; } = semaphore;

        public int Users { get; set; }
    }
}
