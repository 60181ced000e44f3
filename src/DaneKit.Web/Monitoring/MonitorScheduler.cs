using DaneKit.Web.Storage;

namespace DaneKit.Web.Monitoring;

/// <summary>
/// Runs due checks: seeds the configured domains, then claims due domains from the store (at most
/// <see cref="MonitorOptions.MaxConcurrentChecks"/> running at once), each with a lease of
/// <see cref="MonitorOptions.CheckLease"/>, and checks them. The schedule lives in the store, so it survives restarts: a
/// check that dies with its process leaves its domain due again when the lease ends. History older than
/// <see cref="MonitorOptions.Retention"/> is pruned once a day. On shutdown running checks are cancelled (their lease
/// makes them due again).
/// </summary>
public sealed partial class MonitorScheduler : BackgroundService
{
    /// <summary>How long the loop sleeps when nothing is due (it also wakes when a check ends).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan PruneEvery = TimeSpan.FromDays(1);

    private readonly IMonitorStore _store;
    private readonly IMonitorChecks _checks;
    private readonly MonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MonitorScheduler> _log;
    private readonly Dictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private DateTimeOffset? _lastPrune;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="store">The store.</param>
    /// <param name="checks">Runs the checks.</param>
    /// <param name="options">The configuration.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="log">The log.</param>
    public MonitorScheduler(IMonitorStore store, IMonitorChecks checks, MonitorOptions options, TimeProvider timeProvider, ILogger<MonitorScheduler> log)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _checks = checks ?? throw new ArgumentNullException(nameof(checks));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>How many checks are running now.</summary>
    public int Running
    {
        get
        {
            lock (_lock)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>Adds the configured seed domains that are not in the store yet.</summary>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>A task.</returns>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var domain in _options.SeedDomains)
        {
            if (!MonitorCommandLine.TryDomain(domain, out var name))
            {
                LogBadSeed(domain);
                continue;
            }

            await _store.AddDomainAsync(name, _options.DefaultInterval, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One round: prunes when a day has passed, claims as many due domains as there are free slots, and starts their checks.
    /// </summary>
    /// <param name="cancellationToken">Cancels the round and the checks it starts.</param>
    /// <returns>The checks started.</returns>
    public async Task<IReadOnlyList<Task>> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_lastPrune is null || now - _lastPrune.Value >= PruneEvery)
        {
            _lastPrune = now;
            var pruned = await _store.PruneAsync(now - _options.Retention, cancellationToken).ConfigureAwait(false);
            if (pruned > 0)
            {
                LogPruned(pruned);
            }
        }

        var free = Math.Max(1, _options.MaxConcurrentChecks) - Running;
        if (free <= 0)
        {
            return [];
        }

        var claimed = await _store.ClaimDueAsync(now, now + _options.CheckLease, free, cancellationToken).ConfigureAwait(false);
        var started = new List<Task>();
        lock (_lock)
        {
            foreach (var domain in claimed)
            {
                if (_running.ContainsKey(domain.Name))
                {
                    continue; // its lease ended while it still runs here: the running check completes it
                }

                var task = Task.Run(() => CheckOneAsync(domain.Name, cancellationToken), CancellationToken.None);
                _running[domain.Name] = task;
                started.Add(task);
            }
        }

        return started;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            try
            {
                await SeedAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRoundFailed(e);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RunDueAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRoundFailed(e);
                }

                Task[] running;
                lock (_lock)
                {
                    running = [.. _running.Values];
                }

                // Sleep for the poll interval, or until a check ends (a slot is free).
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var delay = Task.Delay(PollInterval, _time, wake.Token);
                await Task.WhenAny([delay, .. running]).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
                await delay.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        Task[] left;
        lock (_lock)
        {
            left = [.. _running.Values];
        }

        // The checks saw the same token; wait for them to unwind (each catches its own cancellation).
        await Task.WhenAll(left).ConfigureAwait(false);
    }

    private async Task CheckOneAsync(string domain, CancellationToken cancellationToken)
    {
        try
        {
            await _checks.CheckNowAsync(domain, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the lease makes the domain due again.
        }
        catch (KeyNotFoundException)
        {
            // Removed while it was being checked.
        }
        catch (Exception e)
        {
            // Not DNS or network trouble (the engine reports that in the result): a bug or a store failure. The lease
            // makes the domain due again.
            LogCheckFailed(domain, e);
        }
        finally
        {
            lock (_lock)
            {
                _running.Remove(domain);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "check of {Domain} failed; it is due again when its lease ends")]
    private partial void LogCheckFailed(string domain, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "scheduler round failed")]
    private partial void LogRoundFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "seed domain '{Domain}' is not a domain name; skipped")]
    private partial void LogBadSeed(string domain);

    [LoggerMessage(Level = LogLevel.Information, Message = "pruned {Count} checks past the retention")]
    private partial void LogPruned(int count);
}
