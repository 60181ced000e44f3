using DaneKit.Web.Storage;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace DaneKit.Web.Tests.Storage;

/// <summary>The store contract on SQLite: a new file in a new temporary directory per test.</summary>
public sealed class SqliteMonitorStoreTests(ITestOutputHelper output) : MonitorStoreContract(output)
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "danekit-store-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_directory, "monitor.db");

    protected override async Task<IMonitorStore> OpenStoreAsync() => await MonitorStores.OpenAsync(DatabasePath);

    protected override Task CleanupAsync()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task TheFileIsInWalModeWithTheSchemaVersionRecorded()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "SELECT MAX(version) FROM schema_version";
        Assert.Equal(await Store.MigrateAsync(), Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        command.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task TheOverviewAndSchedulingQueriesUseIndexes()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();

        async Task<string> Plan(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            await using var reader = await command.ExecuteReaderAsync();
            var lines = new List<string>();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(3));
            }

            Output.WriteLine(sql + " => " + string.Join(" | ", lines));
            return string.Join("\n", lines);
        }

        Assert.DoesNotContain("TEMP B-TREE", await Plan("SELECT * FROM domains ORDER BY name LIMIT 100 OFFSET 50"), StringComparison.Ordinal);
        Assert.Contains("domains_due", await Plan("SELECT name FROM domains WHERE paused = 0 AND next_due_at <= 5 ORDER BY next_due_at, name LIMIT 10"), StringComparison.Ordinal);
        Assert.Contains("checks_history", await Plan("SELECT id FROM checks WHERE domain = 'a.' ORDER BY started_at DESC, id DESC LIMIT 10"), StringComparison.Ordinal);
        Assert.Contains("alerts_pending", await Plan("SELECT id FROM alerts WHERE delivered_at IS NULL ORDER BY created_at, id LIMIT 10"), StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", await Plan("SELECT id FROM alerts ORDER BY created_at DESC, id DESC LIMIT 10"), StringComparison.Ordinal);
    }
}
