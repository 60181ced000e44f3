using DaneKit.Web.Storage;

namespace DaneKit.Web.Tests.Monitoring;

/// <summary>The real SQLite store in a fresh temporary directory, migrated.</summary>
internal sealed class MonitorTestStore : IAsyncDisposable
{
    private MonitorTestStore(IMonitorStore store, string directory)
    {
        Store = store;
        Directory = directory;
    }

    public IMonitorStore Store { get; }

    public string Directory { get; }

    public static async Task<MonitorTestStore> OpenAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "danekit-web-tests", "monitoring-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var store = await MonitorStores.OpenAsync(Path.Combine(directory, "monitor.db"));
        await store.MigrateAsync();
        return new MonitorTestStore(store, directory);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // still open somewhere: the temporary directory stays
        }
    }
}
