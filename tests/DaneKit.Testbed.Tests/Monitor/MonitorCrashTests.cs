using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DaneKit.Web.Storage;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace DaneKit.Testbed.Tests.Monitor;

/// <summary>
/// The issue's reliability rule: <c>kill -9</c> during a check run loses no committed history and corrupts nothing, and
/// after a restart the schedule resumes. The monitor runs as its own process (<c>danekit-web serve</c>) on a SQLite store,
/// checking every testbed scenario domain every minute with 4 checks at a time; it is killed with SIGKILL while checks
/// are running, the store is inspected, and a second process picks up the schedule.
/// </summary>
[Collection(LiveTestbed.Name)]
public sealed class MonitorCrashTests(TestbedFixture testbed, ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "danekit-monitor-crash", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task KillNineLosesNoCommittedHistoryAndTheScheduleResumes()
    {
        Directory.CreateDirectory(_directory);
        var db = Path.Combine(_directory, "monitor.db");
        var domains = Path.Combine(_directory, "domains.txt");
        var names = testbed.Catalogue.Scenarios.Where(s => testbed.World.Scenarios.Contains(s.Id)).Select(s => s.Domain).ToArray();
        await File.WriteAllLinesAsync(domains, names);

        // First life: run until some checks are committed and others are under way, then SIGKILL.
        var committedBeforeKill = 0;
        using (var first = Start(db, domains))
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
                Assert.False(first.HasExited, "the monitor exited by itself:\n" + Log());
                try
                {
                    committedBeforeKill = await CountChecksAsync(db);
                }
                catch (SqliteException)
                {
                    continue; // the monitor has not created its schema yet
                }

                if (committedBeforeKill >= 8)
                {
                    break;
                }
            }

            Assert.True(committedBeforeKill >= 8, $"only {committedBeforeKill} checks were committed in 120 s:\n{Log()}");
            committedBeforeKill = await CountChecksAsync(db);
            first.Kill(); // SIGKILL on Linux: no shutdown code runs
            await first.WaitForExitAsync();
            output.WriteLine($"killed with {committedBeforeKill} checks committed (of {names.Length} domains)");
        }

        // Nothing is corrupt, and nothing committed before the kill is lost.
        Assert.Equal("ok", await ScalarAsync(db, "PRAGMA integrity_check"));
        var afterKill = await CountChecksAsync(db);
        Assert.True(afterKill >= committedBeforeKill, $"{committedBeforeKill} checks were committed before the kill, {afterKill} are left");

        // Second life: every domain is checked; those whose check the kill interrupted come back after their lease.
        var restartedAt = DateTimeOffset.UtcNow;
        using var second = Start(db, domains);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(180);
            MonitoredDomain[] stale = [];
            while (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
                Assert.False(second.HasExited, "the restarted monitor exited:\n" + Log());
                stale = (await ListAsync(db)).Where(d => d.LastCheckedAt is null).ToArray();
                if (stale.Length == 0)
                {
                    break;
                }
            }

            Assert.True(stale.Length == 0, $"after the restart, never checked: {string.Join(", ", stale.Select(d => d.Name))}\n{Log()}");
            Assert.True(await CountChecksAsync(db) > afterKill, "the restarted monitor committed no check");
            Assert.Equal("ok", await ScalarAsync(db, "PRAGMA integrity_check"));
            output.WriteLine($"after the restart at {restartedAt:HH:mm:ss}Z every one of {names.Length} domains has a check; {await CountChecksAsync(db)} checks in all");
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Process Start(string db, string domains)
    {
        var world = testbed.World;
        var web = Path.Combine(AppContext.BaseDirectory, "danekit-web.dll");
        Assert.True(File.Exists(web), $"{web} is missing (the test project references src/DaneKit.Web)");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            web, "serve", "--db", db, "--listen", $"http://127.0.0.1:{FreePort()}", "--resolver", world.Resolver,
            "--trust-anchor", world.TrustAnchorDs!, "--ca-file", world.Https!.CaRoot, "--allow-private-targets",
            "--domains-file", domains, "--interval", "1", "--jitter", "0", "--max-checks", "4", "--check-lease", "5", "--timeout", "5",
        })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        var log = Path.Combine(_directory, "monitor.log");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(string path, string? line)
    {
        if (line is not null)
        {
            lock (typeof(MonitorCrashTests))
            {
                File.AppendAllText(path, line + "\n");
            }
        }
    }

    private string Log()
    {
        var path = Path.Combine(_directory, "monitor.log");
        return File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(40)) : "(no output)";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<int> CountChecksAsync(string db)
    {
        var domains = await ListAsync(db);
        var total = 0;
        await using var store = await MonitorStores.OpenAsync(db);
        foreach (var d in domains)
        {
            total += (await store.HistoryAsync(d.Name, 10_000)).Count;
        }

        return total;
    }

    private static async Task<IReadOnlyList<MonitoredDomain>> ListAsync(string db)
    {
        await using var store = await MonitorStores.OpenAsync(db);
        return (await store.ListDomainsAsync(0, 1000)).Domains;
    }

    private static async Task<string?> ScalarAsync(string db, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
