using DaneKit.Web.Storage;

namespace DaneKit.Web.Monitoring;

/// <summary>Runs checks for the monitor: the scheduler uses it, and so do "check now" in the pages and the API.</summary>
public interface IMonitorChecks
{
    /// <summary>
    /// Checks a monitored domain now, runs change detection against its previous check, and stores the check with its
    /// alerts (one transaction); the domain's next due time moves one interval (with jitter) ahead.
    /// </summary>
    /// <param name="domain">The domain, absolute (it must be monitored).</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The stored check.</returns>
    /// <exception cref="KeyNotFoundException">The domain is not monitored.</exception>
    Task<CheckSummary> CheckNowAsync(string domain, CancellationToken cancellationToken = default);
}
