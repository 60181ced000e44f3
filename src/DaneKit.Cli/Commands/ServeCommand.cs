using System.CommandLine;
using System.Diagnostics;

namespace DaneKit.Cli.Commands;

/// <summary>
/// <c>danekit serve [options]</c>: runs the monitor, the <c>danekit-web</c> program (src/DaneKit.Web; docs/monitor.md),
/// with the same arguments. The monitor is a separate program so that this command stays a small NativeAOT binary
/// (ASP.NET Core with Razor Pages is not). It is found through <c>DANEKIT_WEB</c>, next to this program, or in the
/// repository's build output.
/// </summary>
internal static class ServeCommand
{
    /// <summary>The name of the monitor's executable.</summary>
    public const string WebProgram = "danekit-web";

    /// <summary>The command, for <c>danekit --help</c>; <see cref="Program.RunAsync"/> runs <c>serve</c> before parsing.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var command = new Command("serve", "Run the monitor: scheduled checks, history, alerts, dashboard and API (danekit serve --help).");
        command.SetAction(async (p, ct) => await RunAsync([], p.InvocationConfiguration.Error, ct).ConfigureAwait(false));
        return command;
    }

    /// <summary>Runs <c>danekit-web serve ARGS</c> with this process's standard streams and returns its exit code.</summary>
    /// <param name="args">The arguments after <c>serve</c>.</param>
    /// <param name="error">Standard error, for a missing program.</param>
    /// <param name="cancellationToken">Stops the monitor (it gets a TERM signal and shuts down).</param>
    /// <returns>The monitor's exit code, or 70 when it cannot be started.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        var program = Locate();
        if (program is null)
        {
            await error.WriteLineAsync($"danekit serve: the monitor ({WebProgram}) was not found: build it (dotnet build src/DaneKit.Web -c Release) or set DANEKIT_WEB to its path").ConfigureAwait(false);
            return ExitCodes.Software;
        }

        var start = new ProcessStartInfo(program) { UseShellExecute = false };
        start.ArgumentList.Add("serve");
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start);
        if (process is null)
        {
            await error.WriteLineAsync($"danekit serve: could not start {program}").ConfigureAwait(false);
            return ExitCodes.Software;
        }

        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C reaches the monitor too (same process group); give it time to stop cleanly, then make sure.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }

            throw;
        }

        return process.ExitCode;
    }

    /// <summary>Where the monitor is: <c>DANEKIT_WEB</c>, next to this program, or the repository's build output.</summary>
    /// <returns>The executable's path, or null.</returns>
    internal static string? Locate()
    {
        if (Environment.GetEnvironmentVariable("DANEKIT_WEB") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, WebProgram);
        if (File.Exists(beside))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DaneKit.slnx")))
            {
                foreach (var configuration in new[] { "Release", "Debug" })
                {
                    var built = Path.Combine(dir.FullName, "src", "DaneKit.Web", "bin", configuration, "net10.0", WebProgram);
                    if (File.Exists(built))
                    {
                        return built;
                    }
                }

                return null;
            }
        }

        return null;
    }
}
