using System.Diagnostics;
using DaneKit.Web.Storage;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace DaneKit.Web.Tests.Storage;

/// <summary>
/// kill -9 in the middle of writing: a child process (this test assembly, run by <c>dotnet</c> with
/// <see cref="StartupHook"/> as a startup hook) saves checks with alerts in a loop and reports each commit; the test
/// kills it (SIGKILL) at an arbitrary moment and opens the file again: no committed check is lost, no check is
/// half-stored, the file is intact, and the schedule goes on.
/// </summary>
public sealed class SqliteCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillNineWhileWritingLosesNoCommittedCheckAndCorruptsNothing()
    {
        var directory = Path.Combine(Path.GetTempPath(), "danekit-store-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "monitor.db");
        try
        {
            for (var round = 0; round < 3; round++)
            {
                var committed = await RunChildAndKillAsync(database, killAfter: 20 + (round * 17));
                output.WriteLine($"round {round}: killed after {committed.Count} reported commits");

                await using var store = await MonitorStores.OpenAsync(database);
                Assert.Equal(1, await store.MigrateAsync());
                Assert.Equal("ok", await ScalarAsync(database, "PRAGMA integrity_check"));

                // Every commit the child reported is there, with its alert: nothing committed is lost.
                foreach (var id in committed)
                {
                    var check = await store.GetCheckAsync(id);
                    Assert.NotNull(check);
                    Assert.Equal(200_000, check.ResultJson.Length);
                }

                // All or nothing: each stored check has its alert, and the domain points at the newest check.
                Assert.Equal(await ScalarAsync(database, "SELECT COUNT(*) FROM checks"), await ScalarAsync(database, "SELECT COUNT(*) FROM alerts"));
                Assert.Equal("0", await ScalarAsync(database, "SELECT COUNT(*) FROM checks c WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.check_id = c.id)"));
                var domain = await store.GetDomainAsync("crash.example.");
                Assert.NotNull(domain);
                Assert.Equal((await store.LatestCheckAsync("crash.example."))!.Summary.Id, domain.LastCheckId);
                Assert.True(long.Parse(await ScalarAsync(database, "SELECT COUNT(*) FROM checks"), System.Globalization.CultureInfo.InvariantCulture) >= committed.Count);

                // The schedule resumes: the domain the child claimed is due again after its lease.
                var claimed = await store.ClaimDueAsync(DateTimeOffset.UtcNow.AddDays(2), DateTimeOffset.UtcNow.AddDays(3), 10);
                Assert.Contains(claimed, d => d.Name == "crash.example.");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<List<long>> RunChildAndKillAsync(string database, int killAfter)
    {
        var assembly = typeof(SqliteCrashTests).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        start.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        start.Environment[StartupHook.Variable] = database;
        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        var committed = new List<long>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (committed.Count < killAfter)
            {
                var line = await child.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"the child ended early (exit {(child.HasExited ? child.ExitCode : -1)}): {await stderr}");
                if (line.StartsWith("committed ", StringComparison.Ordinal))
                {
                    committed.Add(long.Parse(line["committed ".Length..], System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        finally
        {
            // SIGKILL: no cleanup of any kind runs in the child.
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(CancellationToken.None);
        }

        return committed;
    }

    private static async Task<string> ScalarAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}
