using System.Collections.Concurrent;

namespace DaneKit.Web.Security;

/// <summary>
/// Slows down password guessing: after <see cref="FreeFailures"/> failed logins from one client within
/// <see cref="Window"/>, each further attempt waits first (doubling from half a second up to <see cref="MaxDelay"/>),
/// and after <see cref="LockoutFailures"/> failures attempts are refused until the window has passed. A success clears
/// the client's count.
/// </summary>
public sealed class LoginThrottle(TimeProvider time)
{
    /// <summary>Failures that cost nothing.</summary>
    public const int FreeFailures = 3;

    /// <summary>Failures after which attempts are refused for the rest of the window.</summary>
    public const int LockoutFailures = 20;

    private const int MaxClients = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _failures = new(StringComparer.Ordinal);

    /// <summary>How long failures are remembered.</summary>
    public static TimeSpan Window { get; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest wait before an attempt.</summary>
    public static TimeSpan MaxDelay { get; } = TimeSpan.FromSeconds(8);

    /// <summary>How long an attempt from <paramref name="client"/> waits before its password is looked at.</summary>
    /// <param name="client">The client (its address).</param>
    /// <returns>The delay (zero for the first few failures), or null when the client is locked out.</returns>
    public TimeSpan? DelayFor(string client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var count = Count(client);
        if (count >= LockoutFailures)
        {
            return null;
        }

        if (count < FreeFailures)
        {
            return TimeSpan.Zero;
        }

        var ms = 500.0 * Math.Pow(2, count - FreeFailures);
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxDelay.TotalMilliseconds));
    }

    /// <summary>Records a failed attempt.</summary>
    /// <param name="client">The client.</param>
    public void RecordFailure(string client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var now = time.GetUtcNow();
        if (_failures.Count >= MaxClients)
        {
            foreach (var (key, entry) in _failures)
            {
                if (now - entry.Last > Window)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }

        _failures.AddOrUpdate(client, _ => new Entry(1, now), (_, e) => now - e.Last > Window ? new Entry(1, now) : new Entry(e.Count + 1, now));
    }

    /// <summary>Records a successful login: the client's failures are forgotten.</summary>
    /// <param name="client">The client.</param>
    public void RecordSuccess(string client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _failures.TryRemove(client, out _);
    }

    private int Count(string client) =>
        _failures.TryGetValue(client, out var e) && time.GetUtcNow() - e.Last <= Window ? e.Count : 0;

    private sealed record Entry(int Count, DateTimeOffset Last);
}
