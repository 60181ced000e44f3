using DaneKit.Web;

// danekit-web serve [options]: the monitor (docs/monitor.md). `danekit serve` runs this program.
var parsed = MonitorCommandLine.Parse(args);
if (parsed.Problem is not null)
{
    await Console.Error.WriteLineAsync("danekit serve: " + parsed.Problem).ConfigureAwait(false);
    return 64;
}

if (parsed.Help)
{
    await Console.Out.WriteAsync(MonitorCommandLine.HelpText).ConfigureAwait(false);
    return 0;
}

try
{
    await using var app = await MonitorApp.BuildAsync(parsed.Options!).ConfigureAwait(false);
    await Console.Out.WriteLineAsync($"danekit serve: dashboard at {parsed.Options!.LinkBase}/ (store {MonitorCommandLine.Describe(parsed.Options.Database)})").ConfigureAwait(false);
    await app.RunAsync().ConfigureAwait(false);
    return 0;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.Data.Common.DbException)
{
    await Console.Error.WriteLineAsync("danekit serve: " + e.Message).ConfigureAwait(false);
    return 70;
}
