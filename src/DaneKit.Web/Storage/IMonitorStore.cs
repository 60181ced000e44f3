namespace DaneKit.Web.Storage;

/// <summary>
/// The monitor's storage: domains with their schedule, the history of every check with its full result (the
/// <c>danekit check --json</c> document), alerts with their delivery state, and received TLS-RPT reports. Two
/// implementations: SQLite (one file, WAL; the default) and PostgreSQL (<c>--db postgres://...</c>). Every method is
/// safe to call concurrently; every write that belongs together is one transaction, so a process killed at any moment
/// leaves either all of a check (result, alerts, the domain's new state) or none of it.
/// </summary>
public interface IMonitorStore : IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema to the newest version (idempotent; each migration in its own transaction).</summary>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The schema version now in force.</returns>
    Task<int> MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a domain, due at once. Adding one that exists changes nothing and returns it.</summary>
    /// <param name="name">The domain, absolute with a final dot, lower case.</param>
    /// <param name="interval">How often it is checked.</param>
    /// <param name="now">The time it is added (and first due).</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The domain.</returns>
    Task<MonitoredDomain> AddDomainAsync(string name, TimeSpan interval, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Removes a domain with its history and alerts.</summary>
    /// <param name="name">The domain.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>Whether it existed.</returns>
    Task<bool> RemoveDomainAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Changes a domain's interval or pauses it.</summary>
    /// <param name="name">The domain.</param>
    /// <param name="interval">The new interval, or null to keep it.</param>
    /// <param name="paused">Paused (not scheduled), or null to keep it.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The domain, or null when it does not exist.</returns>
    Task<MonitoredDomain?> UpdateDomainAsync(string name, TimeSpan? interval, bool? paused, CancellationToken cancellationToken = default);

    /// <summary>One domain.</summary>
    /// <param name="name">The domain.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>It, or null.</returns>
    Task<MonitoredDomain?> GetDomainAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>A page of domains in name order, optionally those whose name contains <paramref name="search"/>.</summary>
    /// <param name="offset">Rows to skip.</param>
    /// <param name="limit">Rows to return (at most 1000).</param>
    /// <param name="search">A substring of the name, or null.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The page and the total count of matching domains.</returns>
    Task<(IReadOnlyList<MonitoredDomain> Domains, int Total)> ListDomainsAsync(int offset, int limit, string? search = null, CancellationToken cancellationToken = default);

    /// <summary>Counts of domains per last verdict (wire name; "unchecked" for none yet), for the overview and /metrics.</summary>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>Verdict → count.</returns>
    Task<IReadOnlyDictionary<string, int>> CountByVerdictAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="limit"/> domains that are due (not paused, <see cref="MonitoredDomain.NextDueAt"/> at or
    /// before <paramref name="now"/>), earliest first, by moving their due time to <paramref name="leaseUntil"/>: a check
    /// that dies with its process is due again after the lease, so the schedule survives restarts.
    /// </summary>
    /// <param name="now">Now.</param>
    /// <param name="leaseUntil">When a claimed domain is due again if its check never completes.</param>
    /// <param name="limit">How many to claim.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The claimed domains.</returns>
    Task<IReadOnlyList<MonitoredDomain>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default);

    /// <summary>Makes a domain due now (the "check now" button and API).</summary>
    /// <param name="name">The domain.</param>
    /// <param name="now">Now.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>Whether it exists.</returns>
    Task<bool> MakeDueAsync(string name, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a completed check in one transaction: the check, its alerts (an alert whose <see cref="NewAlert.DedupKey"/>
    /// exists already is skipped), and the domain's new state (last check, verdict, open finding counts, next due time).
    /// </summary>
    /// <param name="check">The check.</param>
    /// <param name="alerts">Alerts the change detection raised.</param>
    /// <param name="nextDueAt">When the domain is due again.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The check's id.</returns>
    Task<long> SaveCheckAsync(NewCheck check, IReadOnlyList<NewAlert> alerts, DateTimeOffset nextDueAt, CancellationToken cancellationToken = default);

    /// <summary>One check with its full result document.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>It, or null.</returns>
    Task<StoredCheck?> GetCheckAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The newest check of a domain with its full result document.</summary>
    /// <param name="domain">The domain.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>It, or null when never checked.</returns>
    Task<StoredCheck?> LatestCheckAsync(string domain, CancellationToken cancellationToken = default);

    /// <summary>A domain's history, newest first, without the result documents.</summary>
    /// <param name="domain">The domain.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The checks.</returns>
    Task<IReadOnlyList<CheckSummary>> HistoryAsync(string domain, int limit, CancellationToken cancellationToken = default);

    /// <summary>Deletes checks older than <paramref name="olderThan"/>, keeping each domain's newest check.</summary>
    /// <param name="olderThan">The retention limit.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>How many checks were deleted.</returns>
    Task<int> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default);

    /// <summary>Alerts not delivered yet, oldest first.</summary>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The alerts.</returns>
    Task<IReadOnlyList<StoredAlert>> PendingAlertsAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Records a delivery attempt.</summary>
    /// <param name="id">The alert.</param>
    /// <param name="deliveredAt">When it was delivered, or null when the attempt failed.</param>
    /// <param name="failure">Why it failed, or null.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>A task.</returns>
    Task RecordDeliveryAsync(long id, DateTimeOffset? deliveredAt, string? failure, CancellationToken cancellationToken = default);

    /// <summary>The newest alerts (delivered or not), newest first, optionally of one domain.</summary>
    /// <param name="domain">The domain, or null for all.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The alerts.</returns>
    Task<IReadOnlyList<StoredAlert>> RecentAlertsAsync(string? domain, int limit, CancellationToken cancellationToken = default);

    /// <summary>Stores a TLS-RPT report; one with the same organization and report id as a stored one is not stored again.</summary>
    /// <param name="report">The report.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The id, and whether it was new.</returns>
    Task<(long Id, bool Added)> SaveTlsRptReportAsync(NewTlsRptReport report, CancellationToken cancellationToken = default);

    /// <summary>TLS-RPT reports, newest (by start of period) first, optionally for one policy domain.</summary>
    /// <param name="policyDomain">The policy domain (absolute), or null for all.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The reports.</returns>
    Task<IReadOnlyList<StoredTlsRptReport>> TlsRptReportsAsync(string? policyDomain, int limit, CancellationToken cancellationToken = default);
}

/// <summary>A monitored domain and its schedule and last state.</summary>
/// <param name="Name">Absolute, lower case, final dot.</param>
/// <param name="AddedAt">When it was added.</param>
/// <param name="Interval">How often it is checked.</param>
/// <param name="Paused">Not scheduled.</param>
/// <param name="NextDueAt">When it is due.</param>
/// <param name="LastCheckId">The newest check, or null.</param>
/// <param name="LastCheckedAt">When that check started, or null.</param>
/// <param name="LastVerdict">Its DANE verdict (wire name), or null.</param>
/// <param name="LastMtaSts">Its MTA-STS outcome (wire name), or null.</param>
/// <param name="OpenErrors">Error findings of the newest check.</param>
/// <param name="OpenWarnings">Warning findings of the newest check.</param>
public sealed record MonitoredDomain(string Name, DateTimeOffset AddedAt, TimeSpan Interval, bool Paused, DateTimeOffset NextDueAt,
    long? LastCheckId, DateTimeOffset? LastCheckedAt, string? LastVerdict, string? LastMtaSts, int OpenErrors, int OpenWarnings);

/// <summary>A completed check to store.</summary>
/// <param name="Domain">The domain.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Elapsed">How long it took.</param>
/// <param name="Verdict">The DANE verdict (wire name).</param>
/// <param name="ExitCode">The exit code <c>danekit check</c> gives for it.</param>
/// <param name="MtaSts">The MTA-STS outcome (wire name), or null.</param>
/// <param name="Errors">Error findings.</param>
/// <param name="Warnings">Warning findings.</param>
/// <param name="Infos">Info findings.</param>
/// <param name="ResultJson">The full result: the <c>danekit check --json</c> document.</param>
public sealed record NewCheck(string Domain, DateTimeOffset StartedAt, TimeSpan Elapsed, string Verdict, int ExitCode, string? MtaSts,
    int Errors, int Warnings, int Infos, string ResultJson);

/// <summary>One stored check without its document.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Domain">The domain.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Elapsed">How long it took.</param>
/// <param name="Verdict">The DANE verdict (wire name).</param>
/// <param name="ExitCode">The exit code.</param>
/// <param name="MtaSts">The MTA-STS outcome, or null.</param>
/// <param name="Errors">Error findings.</param>
/// <param name="Warnings">Warning findings.</param>
/// <param name="Infos">Info findings.</param>
public sealed record CheckSummary(long Id, string Domain, DateTimeOffset StartedAt, TimeSpan Elapsed, string Verdict, int ExitCode, string? MtaSts,
    int Errors, int Warnings, int Infos);

/// <summary>One stored check with its document.</summary>
/// <param name="Summary">The summary.</param>
/// <param name="ResultJson">The <c>danekit check --json</c> document.</param>
public sealed record StoredCheck(CheckSummary Summary, string ResultJson);

/// <summary>An alert raised by change detection.</summary>
/// <param name="Domain">The domain.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="Kind">What changed: <c>finding-new</c>, <c>finding-resolved</c>, <c>verdict-changed</c>, <c>signature-expiring</c>, <c>key-changed</c>, <c>certificate-changed</c>, <c>tlsa-changed</c>.</param>
/// <param name="Severity"><c>error</c>, <c>warning</c> or <c>info</c>.</param>
/// <param name="Summary">One line for people.</param>
/// <param name="DedupKey">Unique: the same change is alerted once.</param>
/// <param name="PayloadJson">The JSON sent by webhook (kind, domain, summary, details, link).</param>
public sealed record NewAlert(string Domain, DateTimeOffset CreatedAt, string Kind, string Severity, string Summary, string DedupKey, string PayloadJson);

/// <summary>A stored alert.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Alert">What was raised.</param>
/// <param name="CheckId">The check that raised it.</param>
/// <param name="DeliveredAt">When it was delivered, or null.</param>
/// <param name="Attempts">Delivery attempts so far.</param>
/// <param name="LastError">The last delivery error, or null.</param>
public sealed record StoredAlert(long Id, NewAlert Alert, long CheckId, DateTimeOffset? DeliveredAt, int Attempts, string? LastError);

/// <summary>A received TLS-RPT report.</summary>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="OrganizationName">organization-name.</param>
/// <param name="ReportId">report-id.</param>
/// <param name="PolicyDomains">The policy domains it covers (absolute).</param>
/// <param name="Start">date-range start-datetime.</param>
/// <param name="End">date-range end-datetime.</param>
/// <param name="Successes">Total successful sessions.</param>
/// <param name="Failures">Total failed sessions.</param>
/// <param name="Warnings">How many deviations the reader warned about.</param>
/// <param name="Json">The report as received (decompressed JSON).</param>
public sealed record NewTlsRptReport(DateTimeOffset ReceivedAt, string OrganizationName, string ReportId, IReadOnlyList<string> PolicyDomains,
    DateTimeOffset Start, DateTimeOffset End, long Successes, long Failures, int Warnings, string Json);

/// <summary>A stored TLS-RPT report.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Report">The report.</param>
public sealed record StoredTlsRptReport(long Id, NewTlsRptReport Report);
