namespace DaneKit.Web.Storage;

/// <summary>Opens the store named by <c>--db</c>: a SQLite file path, or a <c>postgres://</c> (<c>postgresql://</c>) URL.</summary>
public static class MonitorStores
{
    /// <summary>Opens the store.</summary>
    /// <param name="database">A SQLite path or a postgres:// URL.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The store (not yet migrated).</returns>
    public static async Task<IMonitorStore> OpenAsync(string database, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        if (IsPostgresUrl(database))
        {
            return await PostgresMonitorStore.OpenAsync(database, cancellationToken).ConfigureAwait(false);
        }

        return await SqliteMonitorStore.OpenAsync(database, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether <c>--db</c> names a PostgreSQL server.</summary>
    /// <param name="database">The value.</param>
    /// <returns>True for postgres:// and postgresql:// URLs.</returns>
    public static bool IsPostgresUrl(string database) =>
        database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);
}
