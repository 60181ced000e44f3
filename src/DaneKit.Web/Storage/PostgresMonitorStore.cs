using System.Data.Common;
using Npgsql;

namespace DaneKit.Web.Storage;

/// <summary>
/// The store on a PostgreSQL server (<c>--db postgres://user:password@host:port/database</c>), through one pooled
/// <see cref="NpgsqlDataSource"/>. Same schema and semantics as the SQLite store (times as UTC milliseconds).
/// </summary>
internal sealed class PostgresMonitorStore : SqlMonitorStore
{
    // Names sort bytewise (COLLATE "C"), as in SQLite, whatever the database's locale.
    // Any constant: the advisory lock that serializes migrators of one database.
    private const long MigrationLock = 0x44414e454b4954;

    private static readonly string[] PostgresMigrations =
    [
        // 1: the initial schema.
        """
        CREATE TABLE domains (
            name text COLLATE "C" NOT NULL PRIMARY KEY,
            added_at bigint NOT NULL,
            interval_ms bigint NOT NULL,
            paused boolean NOT NULL DEFAULT false,
            next_due_at bigint NOT NULL,
            last_check_id bigint,
            last_checked_at bigint,
            last_verdict text,
            last_mta_sts text,
            open_errors integer NOT NULL DEFAULT 0,
            open_warnings integer NOT NULL DEFAULT 0
        );
        CREATE INDEX domains_due ON domains (paused, next_due_at);
        CREATE INDEX domains_verdict ON domains (last_verdict);

        CREATE TABLE checks (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            domain text NOT NULL REFERENCES domains (name) ON DELETE CASCADE,
            started_at bigint NOT NULL,
            elapsed_ms bigint NOT NULL,
            verdict text NOT NULL,
            exit_code integer NOT NULL,
            mta_sts text,
            errors integer NOT NULL,
            warnings integer NOT NULL,
            infos integer NOT NULL,
            result_json text NOT NULL
        );
        CREATE INDEX checks_history ON checks (domain, started_at DESC, id DESC);
        CREATE INDEX checks_started ON checks (started_at);

        CREATE TABLE alerts (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            check_id bigint NOT NULL,
            domain text NOT NULL REFERENCES domains (name) ON DELETE CASCADE,
            created_at bigint NOT NULL,
            kind text NOT NULL,
            severity text NOT NULL,
            summary text NOT NULL,
            dedup_key text NOT NULL UNIQUE,
            payload_json text NOT NULL,
            delivered_at bigint,
            attempts integer NOT NULL DEFAULT 0,
            last_error text
        );
        CREATE INDEX alerts_pending ON alerts (created_at, id) WHERE delivered_at IS NULL;
        CREATE INDEX alerts_created ON alerts (created_at, id);
        CREATE INDEX alerts_domain ON alerts (domain, created_at, id);

        CREATE TABLE tlsrpt_reports (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            received_at bigint NOT NULL,
            organization text NOT NULL,
            report_id text NOT NULL,
            start_at bigint NOT NULL,
            end_at bigint NOT NULL,
            successes bigint NOT NULL,
            failures bigint NOT NULL,
            warnings integer NOT NULL,
            json text NOT NULL,
            UNIQUE (organization, report_id)
        );
        CREATE INDEX tlsrpt_start ON tlsrpt_reports (start_at, id);

        CREATE TABLE tlsrpt_policy_domains (
            report bigint NOT NULL REFERENCES tlsrpt_reports (id) ON DELETE CASCADE,
            position integer NOT NULL,
            domain text NOT NULL,
            PRIMARY KEY (report, position)
        );
        CREATE INDEX tlsrpt_policy_domain ON tlsrpt_policy_domains (domain, report);
        """,
    ];

    private readonly NpgsqlDataSource _dataSource;

    private PostgresMonitorStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <inheritdoc/>
    protected override IReadOnlyList<string> Migrations => PostgresMigrations;

    /// <inheritdoc/>
    protected override string SearchOperator => "ILIKE";

    /// <summary>Opens a store on a server (no connection is made yet).</summary>
    /// <param name="url">postgres://user:password@host:port/database (or a connection string).</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The store (not yet migrated).</returns>
    public static Task<PostgresMonitorStore> OpenAsync(string url, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connectionString = MonitorStores.IsPostgresUrl(url) ? ConnectionString(url) : url;
        return Task.FromResult(new PostgresMonitorStore(NpgsqlDataSource.Create(connectionString)));
    }

    /// <summary>
    /// The Npgsql connection string of a <c>postgres://</c> URL: user, password, host (a name, an address, or an IPv6
    /// address in brackets), port (5432), database, each percent-decoded (as libpq does: a plus stays a plus); query
    /// parameters (<c>?sslmode=require</c>, <c>search_path</c>, <c>application_name</c>, <c>host</c> for a socket
    /// directory, or any Npgsql keyword) are passed on.
    /// </summary>
    /// <param name="url">The URL.</param>
    /// <returns>The connection string.</returns>
    /// <exception cref="ArgumentException">Not a usable URL.</exception>
    public static string ConnectionString(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException("not a postgres:// URL (postgres://user:password@host:port/database): " + Redact(url), nameof(url));
        }

        var builder = new NpgsqlConnectionStringBuilder { Port = uri.Port > 0 ? uri.Port : 5432 };
        if (uri.Host.Length > 0)
        {
            builder.Host = uri.Host.StartsWith('[') ? uri.Host.Trim('[', ']') : uri.Host;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            var keyword = key.ToLowerInvariant() switch
            {
                "user" => "Username",
                "dbname" => "Database",
                "sslmode" => "SSL Mode",
                "sslrootcert" => "Root Certificate",
                "sslcert" => "SSL Certificate",
                "sslkey" => "SSL Key",
                "search_path" => "Search Path",
                "application_name" => "Application Name",
                "connect_timeout" => "Timeout",
                _ => key,
            };
            try
            {
                builder[keyword] = value;
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"postgres URL: unknown or invalid parameter '{key}': {e.Message}", nameof(url), e);
            }
        }

        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new ArgumentException("postgres URL without a host (postgres://user:password@host:port/database, or ?host=/socket/directory): " + Redact(url), nameof(url));
        }

        return builder.ConnectionString;
    }

    private static string Redact(string url)
    {
        var at = url.LastIndexOf('@');
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme > 0 && at > scheme ? url[..(scheme + 3)] + "***" + url[at..] : url;
    }

    /// <inheritdoc/>
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    protected override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@k)", cancellationToken, ("@k", MigrationLock));

    /// <inheritdoc/>
    public override async Task<IReadOnlyList<MonitoredDomain>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // FOR UPDATE SKIP LOCKED: rows another claimer holds are skipped, and a row it has just moved to its lease no
            // longer matches when its lock is rechecked, so each due domain is claimed once.
            var rows = await QueryAsync(connection, null,
                "UPDATE domains d SET next_due_at = @lease FROM (SELECT name, next_due_at AS due FROM domains WHERE paused = @no AND next_due_at <= @now " +
                "ORDER BY next_due_at, name LIMIT @l FOR UPDATE SKIP LOCKED) c WHERE d.name = c.name RETURNING " +
                "d.name, d.added_at, d.interval_ms, d.paused, d.next_due_at, d.last_check_id, d.last_checked_at, d.last_verdict, d.last_mta_sts, d.open_errors, d.open_warnings, c.due",
                r => (Domain: ReadDomain(r), Due: r.GetInt64(11)), cancellationToken, ("@lease", Ms(leaseUntil)), ("@no", false), ("@now", Ms(now)), ("@l", limit)).ConfigureAwait(false);
            return [.. rows.OrderBy(r => r.Due).ThenBy(r => r.Domain.Name, StringComparer.Ordinal).Select(r => r.Domain)];
        }
    }

    /// <inheritdoc/>
    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
