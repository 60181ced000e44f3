using System.Data.Common;
using System.Globalization;
using System.Text;

namespace DaneKit.Web.Storage;

/// <summary>
/// What the SQLite and PostgreSQL stores share: the queries that are the same in both dialects (standard SQL with
/// <c>LIMIT</c>/<c>OFFSET</c>, <c>RETURNING</c> and <c>ON CONFLICT ... DO NOTHING</c>, which SQLite 3.35+ and PostgreSQL
/// both have), the row mapping and the migration runner. Each backend gives its connections, its migrations, and its
/// own <see cref="ClaimDueAsync"/> (the one statement whose atomicity needs dialect-specific SQL).
/// <para>
/// Representation, the same in both: every time is a 64-bit integer of UTC milliseconds since the Unix epoch (a
/// <see cref="DateTimeOffset"/> comes back with offset zero, exact to the millisecond; finer ticks are truncated);
/// every duration is whole milliseconds; names are stored exactly as given.
/// </para>
/// </summary>
internal abstract class SqlMonitorStore : IMonitorStore
{
    /// <summary>The columns of a domain row, in the order <see cref="ReadDomain"/> reads them.</summary>
    protected const string DomainColumns =
        "name, added_at, interval_ms, paused, next_due_at, last_check_id, last_checked_at, last_verdict, last_mta_sts, open_errors, open_warnings";

    private const string CheckSummaryColumns = "id, domain, started_at, elapsed_ms, verdict, exit_code, mta_sts, errors, warnings, infos";

    private const string AlertColumns =
        "id, domain, created_at, kind, severity, summary, dedup_key, payload_json, check_id, delivered_at, attempts, last_error";

    private const string TlsRptColumns = "id, received_at, organization, report_id, start_at, end_at, successes, failures, warnings, json";

    /// <summary>The ordered migrations: element <c>i</c> brings the schema from version <c>i</c> to <c>i + 1</c>.</summary>
    protected abstract IReadOnlyList<string> Migrations { get; }

    /// <summary>The operator for the case-insensitive name search (<c>LIKE</c> in SQLite, <c>ILIKE</c> in PostgreSQL).</summary>
    protected abstract string SearchOperator { get; }

    /// <summary>Opens a (pooled) connection ready for use.</summary>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The open connection; the caller disposes it.</returns>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Begins a transaction that will write (SQLite: <c>BEGIN IMMEDIATE</c>, so it never fails to upgrade a read lock).</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The transaction.</returns>
    protected virtual ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.BeginTransactionAsync(cancellationToken);

    /// <summary>Serializes concurrent migrators (another process opening the same database) inside a migration transaction.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The migration's transaction.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>A task.</returns>
    protected virtual Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <inheritdoc/>
    public abstract ValueTask DisposeAsync();

    /// <inheritdoc/>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var migrations = Migrations;
            for (var target = 1; target <= migrations.Count; target++)
            {
                var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await LockForMigrationAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at BIGINT NOT NULL)", cancellationToken).ConfigureAwait(false);
                    var current = await ScalarInt64Async(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken).ConfigureAwait(false);
                    if (current >= target)
                    {
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    await ExecuteAsync(connection, transaction, migrations[target - 1], cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, transaction, "INSERT INTO schema_version (version, applied_at) VALUES (@v, @t)", cancellationToken,
                        ("@v", target), ("@t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return (int)await ScalarInt64Async(connection, null, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<MonitoredDomain> AddDomainAsync(string name, TimeSpan interval, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var at = Ms(now);
            await ExecuteAsync(connection, null,
                "INSERT INTO domains (name, added_at, interval_ms, paused, next_due_at, open_errors, open_warnings) VALUES (@n, @a, @i, @p, @a, 0, 0) ON CONFLICT (name) DO NOTHING",
                cancellationToken, ("@n", name), ("@a", at), ("@i", Ms(interval)), ("@p", false)).ConfigureAwait(false);
            return await GetDomainAsync(connection, name, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("the domain was removed while it was added: " + name);
        }
    }

    /// <inheritdoc/>
    public async Task<bool> RemoveDomainAsync(string name, CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // The domain row first: in PostgreSQL that waits for a SaveCheckAsync holding it (which locks it first
                // too), so the two never deadlock. Its foreign keys cascade to checks and alerts; the explicit deletes
                // keep the behaviour independent of them.
                var removed = await ExecuteAsync(connection, transaction, "DELETE FROM domains WHERE name = @n", cancellationToken, ("@n", name)).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, "DELETE FROM alerts WHERE domain = @n", cancellationToken, ("@n", name)).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, "DELETE FROM checks WHERE domain = @n", cancellationToken, ("@n", name)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return removed > 0;
            }
        }
    }

    /// <inheritdoc/>
    public async Task<MonitoredDomain?> UpdateDomainAsync(string name, TimeSpan? interval, bool? paused, CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = Command(connection, null,
                "UPDATE domains SET interval_ms = COALESCE(@i, interval_ms), paused = COALESCE(@p, paused) WHERE name = @n RETURNING " + DomainColumns,
                ("@n", name), ("@i", interval is { } i ? Ms(i) : null), ("@p", paused));
            await using (command.ConfigureAwait(false))
            {
                // Typed nulls: PostgreSQL cannot infer the type of an untyped null inside COALESCE.
                command.Parameters["@i"].DbType = System.Data.DbType.Int64;
                command.Parameters["@p"].DbType = System.Data.DbType.Boolean;
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadDomain(reader) : null;
                }
            }
        }
    }

    /// <inheritdoc/>
    public async Task<MonitoredDomain?> GetDomainAsync(string name, CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await GetDomainAsync(connection, name, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<MonitoredDomain?> GetDomainAsync(DbConnection connection, string name, CancellationToken cancellationToken)
    {
        var list = await QueryAsync(connection, null, "SELECT " + DomainColumns + " FROM domains WHERE name = @n", ReadDomain, cancellationToken, ("@n", name)).ConfigureAwait(false);
        return list.Count > 0 ? list[0] : null;
    }

    /// <inheritdoc/>
    public async Task<(IReadOnlyList<MonitoredDomain> Domains, int Total)> ListDomainsAsync(int offset, int limit, string? search = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        limit = Math.Min(limit, 1000);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (string.IsNullOrEmpty(search))
            {
                var total = await ScalarInt64Async(connection, null, "SELECT COUNT(*) FROM domains", cancellationToken).ConfigureAwait(false);
                var page = await QueryAsync(connection, null, "SELECT " + DomainColumns + " FROM domains ORDER BY name LIMIT @l OFFSET @o",
                    ReadDomain, cancellationToken, ("@l", limit), ("@o", offset)).ConfigureAwait(false);
                return (page, (int)total);
            }

            var pattern = "%" + EscapeLike(search) + "%";
            var where = " FROM domains WHERE name " + SearchOperator + " @s ESCAPE '\\'";
            var matching = await ScalarInt64Async(connection, null, "SELECT COUNT(*)" + where, cancellationToken, ("@s", pattern)).ConfigureAwait(false);
            var found = await QueryAsync(connection, null, "SELECT " + DomainColumns + where + " ORDER BY name LIMIT @l OFFSET @o",
                ReadDomain, cancellationToken, ("@s", pattern), ("@l", limit), ("@o", offset)).ConfigureAwait(false);
            return (found, (int)matching);
        }
    }

    /// <summary>Escapes the LIKE wildcards (and the escape character, a backslash) of a search text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text matching itself literally.</returns>
    internal static string EscapeLike(string text)
    {
        var builder = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (c is '\\' or '%' or '_')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, int>> CountByVerdictAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await QueryAsync(connection, null, "SELECT COALESCE(last_verdict, 'unchecked'), COUNT(*) FROM domains GROUP BY 1",
                r => (r.GetString(0), (int)r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
            return rows.ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
        }
    }

    /// <inheritdoc/>
    public abstract Task<IReadOnlyList<MonitoredDomain>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default);

    /// <inheritdoc/>
    public async Task<bool> MakeDueAsync(string name, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ExecuteAsync(connection, null, "UPDATE domains SET next_due_at = @t WHERE name = @n", cancellationToken, ("@n", name), ("@t", Ms(now))).ConfigureAwait(false) > 0;
        }
    }

    /// <inheritdoc/>
    /// <exception cref="KeyNotFoundException">The domain is not in the store (removed while its check ran); nothing is stored.</exception>
    public async Task<long> SaveCheckAsync(NewCheck check, IReadOnlyList<NewAlert> alerts, DateTimeOffset nextDueAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(alerts);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // First: the domain exists (and, in PostgreSQL, its row is locked against a concurrent removal).
                if (await ExecuteAsync(connection, transaction, "UPDATE domains SET next_due_at = @d WHERE name = @n", cancellationToken,
                        ("@n", check.Domain), ("@d", Ms(nextDueAt))).ConfigureAwait(false) == 0)
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    throw new KeyNotFoundException("not a monitored domain: " + check.Domain);
                }

                var started = Ms(check.StartedAt);
                var id = await ScalarInt64Async(connection, transaction,
                    "INSERT INTO checks (domain, started_at, elapsed_ms, verdict, exit_code, mta_sts, errors, warnings, infos, result_json) " +
                    "VALUES (@d, @s, @e, @v, @x, @m, @er, @w, @i, @j) RETURNING id",
                    cancellationToken, ("@d", check.Domain), ("@s", started), ("@e", Ms(check.Elapsed)), ("@v", check.Verdict), ("@x", check.ExitCode),
                    ("@m", check.MtaSts), ("@er", check.Errors), ("@w", check.Warnings), ("@i", check.Infos), ("@j", check.ResultJson)).ConfigureAwait(false);

                foreach (var alert in alerts)
                {
                    await ExecuteAsync(connection, transaction,
                        "INSERT INTO alerts (check_id, domain, created_at, kind, severity, summary, dedup_key, payload_json, attempts) " +
                        "VALUES (@c, @d, @t, @k, @s, @m, @u, @p, 0) ON CONFLICT (dedup_key) DO NOTHING",
                        cancellationToken, ("@c", id), ("@d", alert.Domain), ("@t", Ms(alert.CreatedAt)), ("@k", alert.Kind), ("@s", alert.Severity),
                        ("@m", alert.Summary), ("@u", alert.DedupKey), ("@p", alert.PayloadJson)).ConfigureAwait(false);
                }

                // The last state follows the newest check by start time (a slower, older check finishing later does not
                // overwrite a newer one's state).
                await ExecuteAsync(connection, transaction,
                    "UPDATE domains SET last_check_id = @c, last_checked_at = @s, last_verdict = @v, last_mta_sts = @m, open_errors = @er, open_warnings = @w " +
                    "WHERE name = @n AND (last_checked_at IS NULL OR last_checked_at <= @s)",
                    cancellationToken, ("@n", check.Domain), ("@c", id), ("@s", started), ("@v", check.Verdict), ("@m", check.MtaSts),
                    ("@er", check.Errors), ("@w", check.Warnings)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return id;
            }
        }
    }

    /// <inheritdoc/>
    public async Task<StoredCheck?> GetCheckAsync(long id, CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var list = await QueryAsync(connection, null, "SELECT " + CheckSummaryColumns + ", result_json FROM checks WHERE id = @i",
                r => new StoredCheck(ReadCheckSummary(r), r.GetString(10)), cancellationToken, ("@i", id)).ConfigureAwait(false);
            return list.Count > 0 ? list[0] : null;
        }
    }

    /// <inheritdoc/>
    public async Task<StoredCheck?> LatestCheckAsync(string domain, CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var list = await QueryAsync(connection, null,
                "SELECT " + CheckSummaryColumns + ", result_json FROM checks WHERE domain = @d ORDER BY started_at DESC, id DESC LIMIT 1",
                r => new StoredCheck(ReadCheckSummary(r), r.GetString(10)), cancellationToken, ("@d", domain)).ConfigureAwait(false);
            return list.Count > 0 ? list[0] : null;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CheckSummary>> HistoryAsync(string domain, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await QueryAsync(connection, null,
                "SELECT " + CheckSummaryColumns + " FROM checks WHERE domain = @d ORDER BY started_at DESC, id DESC LIMIT @l",
                ReadCheckSummary, cancellationToken, ("@d", domain), ("@l", limit)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<int> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Kept: each domain's newest check (by start time, then id) and the one its state points at.
            return await ExecuteAsync(connection, null,
                "DELETE FROM checks WHERE started_at < @t " +
                "AND EXISTS (SELECT 1 FROM checks n WHERE n.domain = checks.domain AND (n.started_at > checks.started_at OR (n.started_at = checks.started_at AND n.id > checks.id))) " +
                "AND NOT EXISTS (SELECT 1 FROM domains d WHERE d.name = checks.domain AND d.last_check_id = checks.id)",
                cancellationToken, ("@t", Ms(olderThan))).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredAlert>> PendingAlertsAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await QueryAsync(connection, null,
                "SELECT " + AlertColumns + " FROM alerts WHERE delivered_at IS NULL ORDER BY created_at, id LIMIT @l",
                ReadAlert, cancellationToken, ("@l", limit)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task RecordDeliveryAsync(long id, DateTimeOffset? deliveredAt, string? failure, CancellationToken cancellationToken = default)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = Command(connection, null,
                "UPDATE alerts SET attempts = attempts + 1, delivered_at = COALESCE(@d, delivered_at), last_error = @f WHERE id = @i",
                ("@i", id), ("@d", deliveredAt is { } d ? Ms(d) : null), ("@f", failure));
            await using (command.ConfigureAwait(false))
            {
                command.Parameters["@d"].DbType = System.Data.DbType.Int64;
                command.Parameters["@f"].DbType = System.Data.DbType.String;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredAlert>> RecentAlertsAsync(string? domain, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return domain is null
                ? await QueryAsync(connection, null, "SELECT " + AlertColumns + " FROM alerts ORDER BY created_at DESC, id DESC LIMIT @l",
                    ReadAlert, cancellationToken, ("@l", limit)).ConfigureAwait(false)
                : await QueryAsync(connection, null, "SELECT " + AlertColumns + " FROM alerts WHERE domain = @d ORDER BY created_at DESC, id DESC LIMIT @l",
                    ReadAlert, cancellationToken, ("@d", domain), ("@l", limit)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<(long Id, bool Added)> SaveTlsRptReportAsync(NewTlsRptReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var inserted = await QueryAsync(connection, transaction,
                    "INSERT INTO tlsrpt_reports (received_at, organization, report_id, start_at, end_at, successes, failures, warnings, json) " +
                    "VALUES (@r, @o, @i, @s, @e, @ok, @f, @w, @j) ON CONFLICT (organization, report_id) DO NOTHING RETURNING id",
                    r => r.GetInt64(0), cancellationToken, ("@r", Ms(report.ReceivedAt)), ("@o", report.OrganizationName), ("@i", report.ReportId),
                    ("@s", Ms(report.Start)), ("@e", Ms(report.End)), ("@ok", report.Successes), ("@f", report.Failures), ("@w", report.Warnings),
                    ("@j", report.Json)).ConfigureAwait(false);
                if (inserted.Count == 0)
                {
                    var existing = await ScalarInt64Async(connection, transaction, "SELECT id FROM tlsrpt_reports WHERE organization = @o AND report_id = @i",
                        cancellationToken, ("@o", report.OrganizationName), ("@i", report.ReportId)).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return (existing, false);
                }

                var id = inserted[0];
                for (var i = 0; i < report.PolicyDomains.Count; i++)
                {
                    await ExecuteAsync(connection, transaction, "INSERT INTO tlsrpt_policy_domains (report, position, domain) VALUES (@r, @p, @d)",
                        cancellationToken, ("@r", id), ("@p", i), ("@d", report.PolicyDomains[i])).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (id, true);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredTlsRptReport>> TlsRptReportsAsync(string? policyDomain, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            static (long Id, long ReceivedAt, string Org, string ReportId, long Start, long End, long Ok, long Failed, int Warnings, string Json) Read(DbDataReader r) =>
                (r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetInt32(8), r.GetString(9));
            var rows = policyDomain is null
                ? await QueryAsync(connection, null, "SELECT " + TlsRptColumns + " FROM tlsrpt_reports ORDER BY start_at DESC, id DESC LIMIT @l",
                    Read, cancellationToken, ("@l", limit)).ConfigureAwait(false)
                : await QueryAsync(connection, null,
                    "SELECT " + TlsRptColumns + " FROM tlsrpt_reports r WHERE EXISTS (SELECT 1 FROM tlsrpt_policy_domains p WHERE p.report = r.id AND p.domain = @d) " +
                    "ORDER BY start_at DESC, id DESC LIMIT @l",
                    Read, cancellationToken, ("@d", policyDomain), ("@l", limit)).ConfigureAwait(false);
            var result = new List<StoredTlsRptReport>(rows.Count);
            foreach (var row in rows)
            {
                var domains = await QueryAsync(connection, null, "SELECT domain FROM tlsrpt_policy_domains WHERE report = @r ORDER BY position",
                    r => r.GetString(0), cancellationToken, ("@r", row.Id)).ConfigureAwait(false);
                result.Add(new StoredTlsRptReport(row.Id, new NewTlsRptReport(Time(row.ReceivedAt), row.Org, row.ReportId, domains,
                    Time(row.Start), Time(row.End), row.Ok, row.Failed, row.Warnings, row.Json)));
            }

            return result;
        }
    }

    /// <summary>A time as stored: UTC milliseconds since the Unix epoch.</summary>
    /// <param name="time">The time.</param>
    /// <returns>The milliseconds.</returns>
    protected static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>A duration as stored: whole milliseconds.</summary>
    /// <param name="span">The duration.</param>
    /// <returns>The milliseconds.</returns>
    protected static long Ms(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMillisecond;

    /// <summary>A stored time.</summary>
    /// <param name="ms">UTC milliseconds since the Unix epoch.</param>
    /// <returns>The time, offset zero.</returns>
    protected static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>Reads a domain row selected with <see cref="DomainColumns"/>.</summary>
    /// <param name="r">The reader.</param>
    /// <returns>The domain.</returns>
    protected static MonitoredDomain ReadDomain(DbDataReader r) => new(
        r.GetString(0),
        Time(r.GetInt64(1)),
        TimeSpan.FromTicks(r.GetInt64(2) * TimeSpan.TicksPerMillisecond),
        r.GetBoolean(3),
        Time(r.GetInt64(4)),
        r.IsDBNull(5) ? null : r.GetInt64(5),
        r.IsDBNull(6) ? null : Time(r.GetInt64(6)),
        r.IsDBNull(7) ? null : r.GetString(7),
        r.IsDBNull(8) ? null : r.GetString(8),
        r.GetInt32(9),
        r.GetInt32(10));

    private static CheckSummary ReadCheckSummary(DbDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        Time(r.GetInt64(2)),
        TimeSpan.FromTicks(r.GetInt64(3) * TimeSpan.TicksPerMillisecond),
        r.GetString(4),
        r.GetInt32(5),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.GetInt32(7),
        r.GetInt32(8),
        r.GetInt32(9));

    private static StoredAlert ReadAlert(DbDataReader r) => new(
        r.GetInt64(0),
        new NewAlert(r.GetString(1), Time(r.GetInt64(2)), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7)),
        r.GetInt64(8),
        r.IsDBNull(9) ? null : Time(r.GetInt64(9)),
        r.GetInt32(10),
        r.IsDBNull(11) ? null : r.GetString(11));

    /// <summary>A command with parameters (null values become <see cref="DBNull"/>).</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The transaction, or null.</param>
    /// <param name="sql">The statement: a constant of this class or a backend, never user text.</param>
    /// <param name="parameters">Name (with its <c>@</c>) and value.</param>
    /// <returns>The command; the caller disposes it.</returns>
    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // every statement is built from constants; values are always parameters
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null)
            {
                parameter.DbType = System.Data.DbType.String;
            }

            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Runs a statement.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The transaction, or null.</param>
    /// <param name="sql">The statement.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <param name="parameters">Its parameters.</param>
    /// <returns>The rows affected.</returns>
    protected static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a query with one integer result.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The transaction, or null.</param>
    /// <param name="sql">The query.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <param name="parameters">Its parameters.</param>
    /// <returns>The value.</returns>
    protected static async Task<long> ScalarInt64Async(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Runs a query and reads every row.</summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The transaction, or null.</param>
    /// <param name="sql">The query.</param>
    /// <param name="read">Reads one row.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <param name="parameters">Its parameters.</param>
    /// <returns>The rows.</returns>
    protected static async Task<List<T>> QueryAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<T>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(read(reader));
                }

                return rows;
            }
        }
    }
}
