using System.Security.Cryptography;
using System.Text.Json;
using DaneKit.Reporting;
using DaneKit.Smtp;
using DaneKit.Web.Storage;

namespace DaneKit.Web.Monitoring;

/// <summary>
/// The monitor's <see cref="IMonitorChecks"/>: runs the check, writes the <c>danekit check --json</c> document, compares
/// it with the domain's previous stored check (<see cref="ChangeDetector"/>, <see cref="AlertComposer"/>), and stores the
/// check with its alert and the next due time (one interval ahead, with jitter) in one transaction.
/// </summary>
public sealed partial class MonitorChecks : IMonitorChecks
{
    private readonly IMonitorStore _store;
    private readonly IMonitorCheckEngine _engine;
    private readonly MonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly AlertSignal _signal;
    private readonly ILogger<MonitorChecks> _log;
    private readonly Func<double> _random;
    private readonly Api.MonitorMetrics? _metrics;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The store.</param>
    /// <param name="engine">The check engine.</param>
    /// <param name="options">The configuration.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="signal">Wakes alert delivery when a check raised an alert.</param>
    /// <param name="log">The log.</param>
    /// <param name="metrics">Counts every completed check for /metrics.</param>
    public MonitorChecks(IMonitorStore store, IMonitorCheckEngine engine, MonitorOptions options, TimeProvider timeProvider, AlertSignal signal,
        ILogger<MonitorChecks> log, Api.MonitorMetrics metrics)
        : this(store, engine, options, timeProvider, signal, log, Schedule.SecureFraction, metrics)
    {
    }

    /// <summary>Creates the service with a source of random fractions (tests).</summary>
    internal MonitorChecks(IMonitorStore store, IMonitorCheckEngine engine, MonitorOptions options, TimeProvider timeProvider, AlertSignal signal,
        ILogger<MonitorChecks> log, Func<double> random, Api.MonitorMetrics? metrics = null)
    {
        _metrics = metrics;
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _signal = signal ?? throw new ArgumentNullException(nameof(signal));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _random = random;
    }

    /// <inheritdoc/>
    public async Task<CheckSummary> CheckNowAsync(string domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var name = Schedule.Normalize(domain);
        var monitored = await _store.GetDomainAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"{name} is not monitored");
        var previous = await _store.LatestCheckAsync(name, cancellationToken).ConfigureAwait(false);
        DaneCheckResult? previousResult = null;
        if (previous is not null)
        {
            try
            {
                previousResult = CheckJson.Read(previous.ResultJson);
            }
            catch (JsonException e)
            {
                // A document this version cannot read (an older schema): compare as if it were the first check.
                LogUnreadable(name, previous.Summary.Id, e.Message);
            }
        }

        var startedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        var result = await _engine.CheckAsync(name, cancellationToken).ConfigureAwait(false);
        var elapsed = _time.GetElapsedTime(started);
        var exit = CheckExitCodes.For(result.Verdict);
        var json = CheckJson.Write(result, exit);
        var verdict = CheckWireNames.Of(result.Verdict);
        var changes = ChangeDetector.Detect(previousResult, result);
        var alert = AlertComposer.Compose(name, changes, previousResult is null ? null : previous!.Summary.Id, verdict,
            previousResult is null ? null : CheckWireNames.Of(previousResult.Verdict), _options.LinkBase, startedAt);
        var mtaSts = result.MtaSts is { } s ? CheckWireNames.Of(s.Outcome) : null;
        var errors = result.Findings.Count(f => f.Severity == Diagnostics.FindingSeverity.Error);
        var warnings = result.Findings.Count(f => f.Severity == Diagnostics.FindingSeverity.Warning);
        var infos = result.Findings.Count(f => f.Severity == Diagnostics.FindingSeverity.Info);
        var check = new NewCheck(name, startedAt, elapsed, verdict, exit, mtaSts, errors, warnings, infos, json);
        var next = Schedule.NextDue(_time.GetUtcNow(), monitored.Interval, _options.Jitter, _random());
        var alerts = alert is null ? Array.Empty<NewAlert>() : [alert];
        var id = await _store.SaveCheckAsync(check, alerts, next, cancellationToken).ConfigureAwait(false);
        _metrics?.RecordCheck(verdict, elapsed);
        if (alert is not null)
        {
            _signal.Pulse();
        }

        return new CheckSummary(id, name, startedAt, elapsed, verdict, exit, mtaSts, errors, warnings, infos);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "check {CheckId} of {Domain} cannot be read ({Problem}); compared as a first check")]
    private partial void LogUnreadable(string domain, long checkId, string problem);
}

/// <summary>Scheduling arithmetic.</summary>
public static class Schedule
{
    /// <summary>
    /// The next due time: <paramref name="now"/> plus the interval moved by up to <paramref name="jitter"/> of it either way
    /// (<c>interval × (1 + jitter × (2·fraction − 1))</c>), never less than a second ahead.
    /// </summary>
    /// <param name="now">Now.</param>
    /// <param name="interval">The domain's interval.</param>
    /// <param name="jitter">The most the interval moves, as a fraction of it (clamped to 0..0.5).</param>
    /// <param name="fraction">A random fraction in [0, 1).</param>
    /// <returns>The due time.</returns>
    public static DateTimeOffset NextDue(DateTimeOffset now, TimeSpan interval, double jitter, double fraction)
    {
        var j = double.IsNaN(jitter) ? 0 : Math.Clamp(jitter, 0, 0.5);
        var f = double.IsNaN(fraction) ? 0.5 : Math.Clamp(fraction, 0, 1);
        var ticks = interval.Ticks * (1 + (j * ((2 * f) - 1)));
        return now + TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, (long)ticks));
    }

    /// <summary>A random fraction in [0, 1) from the system's cryptographic generator.</summary>
    /// <returns>The fraction.</returns>
    public static double SecureFraction() => RandomNumberGenerator.GetInt32(int.MaxValue) / (double)int.MaxValue;

    /// <summary>A domain as the store keeps it: lower case, with a final dot.</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>The name.</returns>
    public static string Normalize(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var d = domain.Trim().ToLowerInvariant();
        return d.EndsWith('.') ? d : d + ".";
    }
}

/// <summary>Wakes alert delivery when alerts were stored (so they go out at once, not at the next poll).</summary>
public sealed class AlertSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    /// <summary>Signals that alerts are waiting.</summary>
    public void Pulse()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>Waits for a signal or the timeout.</summary>
    /// <param name="timeout">The longest wait.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>A task.</returns>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, timeProvider, cts.Token);
        var signal = _semaphore.WaitAsync(cts.Token);
        await Task.WhenAny(delay, signal).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(delay, signal).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The other wait, stopped.
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <inheritdoc/>
    public void Dispose() => _semaphore.Dispose();
}
