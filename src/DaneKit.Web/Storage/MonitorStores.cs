namespace DaneKit.Web.Storage;

/// <summary>PLACEHOLDER (owned by the storage work; replaced): opens the store named by <c>--db</c>.</summary>
public static class MonitorStores
{
    /// <summary>Opens the store.</summary>
    /// <param name="database">A SQLite path or a postgres:// URL.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The store (not yet migrated).</returns>
    public static Task<IMonitorStore> OpenAsync(string database, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("storage is not built yet: " + database);
}
