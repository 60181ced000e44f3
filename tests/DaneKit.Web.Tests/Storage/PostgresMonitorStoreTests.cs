using DaneKit.Web.Storage;
using Npgsql;
using Xunit.Abstractions;

namespace DaneKit.Web.Tests.Storage;

/// <summary>
/// The store contract on PostgreSQL: the server of <c>scripts/postgres-test</c> (or <c>DANEKIT_TEST_POSTGRES</c>), a new
/// schema per test, dropped after it.
/// </summary>
[Collection(PostgresServerGroup.Name)]
public sealed class PostgresMonitorStoreTests(PostgresServer server, ITestOutputHelper output) : MonitorStoreContract(output)
{
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N");
    private bool _created;

    protected override async Task<IMonitorStore> OpenStoreAsync()
    {
        if (!_created)
        {
            await server.ExecuteAsync($"CREATE SCHEMA {_schema}");
            _created = true;
        }

        return await MonitorStores.OpenAsync(server.Url + (server.Url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "search_path=" + _schema);
    }

    protected override async Task CleanupAsync()
    {
        if (_created)
        {
            await server.ExecuteAsync($"DROP SCHEMA {_schema} CASCADE");
        }
    }

    [Fact]
    public async Task TheTablesAreInTheTestSchema()
    {
        var count = await server.ScalarAsync($"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '{_schema}'");
        Assert.Equal(6, count);
    }
}

/// <summary>The test PostgreSQL server, shared by the PostgreSQL tests.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresServerGroup : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server";
}

/// <summary>
/// The PostgreSQL server the tests use: <c>DANEKIT_TEST_POSTGRES</c> (a postgres:// URL) when set, else the one
/// <c>scripts/postgres-test start</c> runs (idempotent). A server that cannot be had fails the tests with the reason.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>The server's URL.</summary>
    public string Url { get; private set; } = "";

    private NpgsqlDataSource? _admin;

    public async Task InitializeAsync()
    {
        var url = Environment.GetEnvironmentVariable("DANEKIT_TEST_POSTGRES");
        Url = string.IsNullOrWhiteSpace(url) ? await StartScriptAsync() : url.Trim();
        _admin = NpgsqlDataSource.Create(PostgresMonitorStore.ConnectionString(Url));
        try
        {
            await ExecuteAsync("SELECT 1");
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new InvalidOperationException($"the test PostgreSQL server at {Url} does not answer: {e.Message}", e);
        }
    }

    public async Task DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = _admin!.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var command = _admin!.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> StartScriptAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "postgres-test");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"no DANEKIT_TEST_POSTGRES and no {script} to start a test PostgreSQL server");
        }

        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(script, "start")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var output = (await stdout).Trim();
        if (process.ExitCode != 0 || output.Length == 0)
        {
            throw new InvalidOperationException(
                $"scripts/postgres-test start failed (exit {process.ExitCode}); set DANEKIT_TEST_POSTGRES to a server's URL or install Debian's postgresql (scripts/setup-packages): {await stderr}");
        }

        return output.Split('\n')[^1].Trim();
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(source) ?? "" })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "DaneKit.slnx")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException($"DaneKit.slnx not found above {AppContext.BaseDirectory} or {source}");
    }
}
