#pragma warning disable CA1050 // a startup hook is found by this exact name, outside any namespace

using DaneKit.Web.Storage;

/// <summary>
/// The writer child of <see cref="DaneKit.Web.Tests.Storage.SqliteCrashTests"/>: with <c>DOTNET_STARTUP_HOOKS</c> naming this
/// assembly and <see cref="Variable"/> naming a database, <c>dotnet exec</c> of the test assembly runs this before its
/// (empty) Main: it saves checks with alerts in a loop, printing <c>committed ID</c> after each commit, until it is
/// killed. Without the variable it does nothing.
/// </summary>
internal static class StartupHook
{
    /// <summary>The environment variable with the database path.</summary>
    public const string Variable = "DANEKIT_STORE_CRASH_CHILD";

    /// <summary>Called by the runtime.</summary>
    public static void Initialize()
    {
        var database = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(database))
        {
            return;
        }

        WriteForeverAsync(database).GetAwaiter().GetResult();
    }

    private static async Task WriteForeverAsync(string database)
    {
        await using var store = await MonitorStores.OpenAsync(database);
        await store.MigrateAsync();
        var now = DateTimeOffset.UtcNow;
        await store.AddDomainAsync("crash.example.", TimeSpan.FromHours(1), now);
        // Claimed with a lease of one day: after the kill the domain is due again only once the lease has run out.
        await store.ClaimDueAsync(now.AddYears(1), now.AddDays(1), 10);
        var json = new string('x', 200_000);
        var stdout = Console.Out;
        // Two writers, so the kill often lands inside a transaction.
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            for (var i = 0; ; i++)
            {
                var at = DateTimeOffset.UtcNow;
                var id = await store.SaveCheckAsync(
                    new NewCheck("crash.example.", at, TimeSpan.FromMilliseconds(5), "dane-valid", 0, null, 0, 0, 0, json),
                    [new NewAlert("crash.example.", at, "verdict-changed", "info", "s", $"{Environment.ProcessId}-{w}-{i}", "{}")],
                    now.AddDays(1));
                lock (stdout)
                {
                    stdout.WriteLine($"committed {id}");
                    stdout.Flush();
                }
            }
        }));
        await Task.WhenAll(writers);
    }
}
