using DaneKit.Web.Storage;
using Npgsql;

namespace DaneKit.Web.Tests.Storage;

/// <summary>Choosing the backend from <c>--db</c>, and the postgres:// URL.</summary>
public sealed class MonitorStoresTests
{
    [Fact]
    public async Task APathOpensSqlite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "danekit-store-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using (var store = await MonitorStores.OpenAsync(Path.Combine(directory, "sub", "m.db")))
            {
                Assert.IsType<SqliteMonitorStore>(store);
                Assert.Equal(1, await store.MigrateAsync());
            }

            Assert.True(File.Exists(Path.Combine(directory, "sub", "m.db")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("postgres://u:p@h/d")]
    [InlineData("postgresql://u:p@h/d")]
    [InlineData("POSTGRES://u:p@h/d")]
    public async Task APostgresUrlOpensPostgresqlWithoutConnecting(string url)
    {
        await using var store = await MonitorStores.OpenAsync(url);
        Assert.IsType<PostgresMonitorStore>(store);
    }

    [Fact]
    public void TheUrlBecomesAConnectionStringWithPercentDecoding()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresMonitorStore.ConnectionString("postgres://dane%40kit:p%3Ass%2Fw%40rd@db.example:6543/monitor%20db?sslmode=require&application_name=danekit"));
        Assert.Equal("dane@kit", builder.Username);
        Assert.Equal("p:ss/w@rd", builder.Password);
        Assert.Equal("db.example", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("monitor db", builder.Database);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("danekit", builder.ApplicationName);

        var plain = new NpgsqlConnectionStringBuilder(PostgresMonitorStore.ConnectionString("postgresql://[::1]/x"));
        Assert.Equal("::1", plain.Host);
        Assert.Equal(5432, plain.Port);
        Assert.Null(plain.Username);
        Assert.Equal("x", plain.Database);

        var socket = new NpgsqlConnectionStringBuilder(PostgresMonitorStore.ConnectionString("postgres:///d?host=%2Frun%2Fpostgresql&user=u&password=a+b"));
        Assert.Equal("/run/postgresql", socket.Host);
        Assert.Equal("a+b", socket.Password);

        Assert.Throws<ArgumentException>(() => PostgresMonitorStore.ConnectionString("postgres://h/d?nonsense=1"));
        Assert.Throws<ArgumentException>(() => PostgresMonitorStore.ConnectionString("postgres:///d"));
        var e = Assert.Throws<ArgumentException>(() => PostgresMonitorStore.ConnectionString("postgres://user:secret@/d"));
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
    }
}
