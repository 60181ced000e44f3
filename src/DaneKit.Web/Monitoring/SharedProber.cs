using System.Net;
using DaneKit.Smtp;

namespace DaneKit.Web.Monitoring;

/// <summary>
/// The monitor's <see cref="ISmtpProber"/>: a decorator shared by every check that (a) lets at most
/// <see cref="MonitorOptions.MaxConcurrentPerMxHost"/> probes of one MX host (by name, the SNI) run at once, and (b) shares
/// the result of a probe of one address, port, SNI name and mode between checks for <see cref="MonitorOptions.MxShareWindow"/>
/// after it completes (domains that use the same MX); a request for a probe that is running waits for it instead of
/// probing twice. Memory is bounded: results expire after the window, and at most <see cref="MaxEntries"/> are kept.
/// </summary>
/// <remarks>
/// A shared probe runs on its own, not under the token of the check that started it, so that a cancelled check does not
/// fail the others waiting for it; each caller stops waiting at its own cancellation, and the probe ends at its own
/// deadlines (or when the prober is disposed, at shutdown). A probe that throws is not shared.
/// </remarks>
public sealed class SharedProber : ISmtpProber, IDisposable
{
    /// <summary>The most results (and probes in flight) kept at once; the oldest results are dropped first.</summary>
    public const int MaxEntries = 10_000;

    private readonly ISmtpProber _inner;
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly int _perHost;
    private readonly Lock _lock = new();
    private readonly Dictionary<ProbeKey, Entry> _entries = [];
    private readonly Dictionary<string, HostGate> _hosts = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Creates the decorator.</summary>
    /// <param name="inner">The real prober.</param>
    /// <param name="perHost">Probes of one MX host at once (at least 1).</param>
    /// <param name="window">How long a completed probe's result is shared (zero: only probes in flight are shared).</param>
    /// <param name="timeProvider">The clock.</param>
    public SharedProber(ISmtpProber inner, int perHost, TimeSpan window, TimeProvider timeProvider)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _perHost = Math.Max(1, perHost);
        _window = window < TimeSpan.Zero ? TimeSpan.Zero : window;
    }

    /// <summary>How many probes were actually made (not shared).</summary>
    public long ProbesMade => Interlocked.Read(ref _probesMade);

    private long _probesMade;

    /// <inheritdoc/>
    public Task<SmtpProbeResult> ProbeAsync(IPEndPoint endpoint, string serverName, SmtpProbeMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(serverName);
        var key = new ProbeKey(endpoint.ToString(), serverName.TrimEnd('.').ToLowerInvariant(), mode);
        Task<SmtpProbeResult> shared;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_entries.TryGetValue(key, out var entry) && (entry.CompletedAt is null || now - entry.CompletedAt.Value < _window))
            {
                shared = entry.Task;
            }
            else
            {
                Sweep(now);
                entry = new Entry();
                _entries[key] = entry;
                entry.Task = RunAsync(key, entry, endpoint, serverName, mode);
                shared = entry.Task;
            }
        }

        return shared.WaitAsync(cancellationToken);
    }

    private async Task<SmtpProbeResult> RunAsync(ProbeKey key, Entry entry, IPEndPoint endpoint, string serverName, SmtpProbeMode mode)
    {
        // Run on the thread pool, after the caller has registered the entry (the lock is not held here).
        await Task.Yield();
        var gate = EnterHost(key.Host);
        try
        {
            await gate.Semaphore.WaitAsync(_stopping.Token).ConfigureAwait(false);
            try
            {
                Interlocked.Increment(ref _probesMade);
                var result = await _inner.ProbeAsync(endpoint, serverName, mode, _stopping.Token).ConfigureAwait(false);
                lock (_lock)
                {
                    entry.CompletedAt = _time.GetUtcNow();
                    if (_window == TimeSpan.Zero && _entries.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
                    {
                        _entries.Remove(key);
                    }
                }

                return result;
            }
            finally
            {
                gate.Semaphore.Release();
            }
        }
        catch
        {
            lock (_lock)
            {
                if (_entries.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
                {
                    _entries.Remove(key);
                }
            }

            throw;
        }
        finally
        {
            LeaveHost(key.Host, gate);
        }
    }

    private HostGate EnterHost(string host)
    {
        lock (_lock)
        {
            if (!_hosts.TryGetValue(host, out var gate))
            {
                gate = new HostGate(new SemaphoreSlim(_perHost, _perHost));
                _hosts[host] = gate;
            }

            gate.Users++;
            return gate;
        }
    }

    private void LeaveHost(string host, HostGate gate)
    {
        lock (_lock)
        {
            if (--gate.Users == 0 && _hosts.TryGetValue(host, out var current) && ReferenceEquals(current, gate))
            {
                _hosts.Remove(host);
                gate.Semaphore.Dispose();
            }
        }
    }

    /// <summary>Drops expired results, and the oldest completed ones over <see cref="MaxEntries"/>. Called under the lock.</summary>
    private void Sweep(DateTimeOffset now)
    {
        List<ProbeKey>? expired = null;
        foreach (var (key, entry) in _entries)
        {
            if (entry.CompletedAt is { } done && now - done >= _window)
            {
                (expired ??= []).Add(key);
            }
        }

        foreach (var key in expired ?? [])
        {
            _entries.Remove(key);
        }

        if (_entries.Count >= MaxEntries)
        {
            foreach (var key in _entries.Where(e => e.Value.CompletedAt is not null).OrderBy(e => e.Value.CompletedAt).Take(_entries.Count - MaxEntries + 1)
                .Select(e => e.Key).ToList())
            {
                _entries.Remove(key);
            }
        }
    }

    /// <summary>How many results and probes in flight are held (for tests).</summary>
    internal int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Stops probes in flight (at shutdown).</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private readonly record struct ProbeKey(string Endpoint, string Host, SmtpProbeMode Mode);

    private sealed class Entry
    {
        public Task<SmtpProbeResult> Task { get; set; } = null!;

        public DateTimeOffset? CompletedAt { get; set; }
    }

    private sealed class HostGate(SemaphoreSlim semaphore)
    {
        public SemaphoreSlim Semaphore { get; } = semaphore;

        public int Users { get; set; }
    }
}
