using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace DaneKit.Web.Storage;

/// <summary>
/// The default store: one SQLite file in WAL mode. A pooled connection per operation, so it is safe for concurrent use
/// (WAL: readers never wait for the writer; writers take turns through <c>BEGIN IMMEDIATE</c> and the busy timeout).
/// </summary>
internal sealed class SqliteMonitorStore : SqlMonitorStore
{
    // synchronous=NORMAL in WAL mode: a commit is in the WAL file (the operating system's page cache) before
    // COMMIT returns, so a killed process (kill -9) loses no committed transaction and never corrupts the database;
    // only a power loss or OS crash can lose the last transactions (never corrupting it either). FULL would add an
    // fsync per commit for that case, which the monitor does not need. busy_timeout: a writer waits its turn instead of
    // failing with SQLITE_BUSY. foreign_keys: the cascades of the schema (SQLite has them off by default).
    private const string ConnectionPragmas = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";

    private static readonly string[] SqliteMigrations =
    [
        // 1: the initial schema.
        """
        CREATE TABLE domains (
            name TEXT NOT NULL PRIMARY KEY,
            added_at INTEGER NOT NULL,
            interval_ms INTEGER NOT NULL,
            paused INTEGER NOT NULL DEFAULT 0,
            next_due_at INTEGER NOT NULL,
            last_check_id INTEGER,
            last_checked_at INTEGER,
            last_verdict TEXT,
            last_mta_sts TEXT,
            open_errors INTEGER NOT NULL DEFAULT 0,
            open_warnings INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE INDEX domains_due ON domains (paused, next_due_at);
        CREATE INDEX domains_verdict ON domains (last_verdict);

        CREATE TABLE checks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            domain TEXT NOT NULL REFERENCES domains (name) ON DELETE CASCADE,
            started_at INTEGER NOT NULL,
            elapsed_ms INTEGER NOT NULL,
            verdict TEXT NOT NULL,
            exit_code INTEGER NOT NULL,
            mta_sts TEXT,
            errors INTEGER NOT NULL,
            warnings INTEGER NOT NULL,
            infos INTEGER NOT NULL,
            result_json TEXT NOT NULL
        );
        CREATE INDEX checks_history ON checks (domain, started_at DESC, id DESC);
        CREATE INDEX checks_started ON checks (started_at);

        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            check_id INTEGER NOT NULL,
            domain TEXT NOT NULL REFERENCES domains (name) ON DELETE CASCADE,
            created_at INTEGER NOT NULL,
            kind TEXT NOT NULL,
            severity TEXT NOT NULL,
            summary TEXT NOT NULL,
            dedup_key TEXT NOT NULL UNIQUE,
            payload_json TEXT NOT NULL,
            delivered_at INTEGER,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        CREATE INDEX alerts_pending ON alerts (created_at, id) WHERE delivered_at IS NULL;
        CREATE INDEX alerts_created ON alerts (created_at, id);
        CREATE INDEX alerts_domain ON alerts (domain, created_at, id);

        CREATE TABLE tlsrpt_reports (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            received_at INTEGER NOT NULL,
            organization TEXT NOT NULL,
            report_id TEXT NOT NULL,
            start_at INTEGER NOT NULL,
            end_at INTEGER NOT NULL,
            successes INTEGER NOT NULL,
            failures INTEGER NOT NULL,
            warnings INTEGER NOT NULL,
            json TEXT NOT NULL,
            UNIQUE (organization, report_id)
        );
        CREATE INDEX tlsrpt_start ON tlsrpt_reports (start_at, id);

        CREATE TABLE tlsrpt_policy_domains (
            report INTEGER NOT NULL REFERENCES tlsrpt_reports (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            domain TEXT NOT NULL,
            PRIMARY KEY (report, position)
        ) WITHOUT ROWID;
        CREATE INDEX tlsrpt_policy_domain ON tlsrpt_policy_domains (domain, report);
        """,
    ];

    private readonly string _connectionString;

    private SqliteMonitorStore(string connectionString, string path)
    {
        _connectionString = connectionString;
        Path = path;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    protected override IReadOnlyList<string> Migrations => SqliteMigrations;

    /// <inheritdoc/>
    protected override string SearchOperator => "LIKE";

    /// <summary>Opens (creating it and its directory when missing) a SQLite store and switches it to WAL mode.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The store (not yet migrated).</returns>
    public static async Task<SqliteMonitorStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30,
        };
        var store = new SqliteMonitorStore(builder.ToString(), full);
        var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // journal_mode is a property of the file (it persists), so once is enough.
            await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
        }

        return store;
    }

    /// <inheritdoc/>
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Per connection (a pooled connection keeps them, setting them again is a few microseconds).
            await ExecuteAsync(connection, null, ConnectionPragmas, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    protected override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // deferred: false is BEGIN IMMEDIATE: the write lock is taken at the start (waiting out the busy timeout), so a
        // transaction that read first never fails to upgrade to writing.
        return ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    /// <inheritdoc/>
    public override async Task<IReadOnlyList<MonitoredDomain>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // BEGIN IMMEDIATE holds the database's write lock from the first statement to the commit: no other claimer
            // can read the same due rows in between, so each domain is claimed once.
            var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var due = await QueryAsync(connection, transaction,
                    "SELECT name FROM domains WHERE paused = @no AND next_due_at <= @now ORDER BY next_due_at, name LIMIT @l",
                    r => r.GetString(0), cancellationToken, ("@no", false), ("@now", Ms(now)), ("@l", limit)).ConfigureAwait(false);
                if (due.Count == 0)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return [];
                }

                var claimed = await QueryAsync(connection, transaction,
                    "UPDATE domains SET next_due_at = @lease WHERE name IN (SELECT value FROM json_each(@names)) RETURNING " + DomainColumns,
                    ReadDomain, cancellationToken, ("@lease", Ms(leaseUntil)), ("@names", JsonArray(due))).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                var order = new Dictionary<string, int>(due.Count, StringComparer.Ordinal);
                for (var i = 0; i < due.Count; i++)
                {
                    order[due[i]] = i;
                }

                return [.. claimed.OrderBy(d => order[d.Name])];
            }
        }
    }

    private static string JsonArray(List<string> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <inheritdoc/>
    public override ValueTask DisposeAsync()
    {
        // Closes the pooled connections, so the last one checkpoints the WAL and the file can be moved or deleted.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
