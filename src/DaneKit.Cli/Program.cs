using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using DaneKit.Cli.Commands;

namespace DaneKit.Cli;

/// <summary>Entry point of the <c>danekit</c> command.</summary>
internal static class Program
{
    /// <summary>Parses the command line and runs the chosen command.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>The process exit code; <see cref="ExitCodes.Usage"/> for invalid usage.</returns>
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

    /// <summary>
    /// Parses and runs a command line, writing to the given output and error. Parse errors are one line each and give
    /// <see cref="ExitCodes.Usage"/>; an exception no command expected is one line too (never a stack trace) and
    /// gives <see cref="ExitCodes.Software"/>.
    /// </summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The exit code.</returns>
    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Length > 0 && args[0] == "serve")
        {
            // The monitor parses its own options (danekit-web serve --help).
            return await ServeCommand.RunAsync(args[1..], error, cancellationToken).ConfigureAwait(false);
        }

        var parseResult = CreateRootCommand().Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync($"danekit: {parseError.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'danekit --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C (System.CommandLine cancels the command's token) or the caller's token.
            await error.WriteLineAsync("danekit: cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
#pragma warning disable CA1031 // the command line never shows a stack trace: any failure no command expected is one line
        catch (Exception e)
        {
            await error.WriteLineAsync($"danekit: internal error: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Software;
        }
#pragma warning restore CA1031
    }

    /// <summary>
    /// Builds the root command. It has the built-in <c>--help</c> and <c>--version</c> options (the latter
    /// prints the informational version); run with nothing to do, it prints help and reports invalid usage.
    /// </summary>
    internal static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("DaneKit: DANE (RFC 7672) and DNSSEC checks for mail operators.");
        root.SetAction(parseResult =>
        {
            new HelpAction().Invoke(parseResult);
            return ExitCodes.Usage;
        });
        root.Subcommands.Add(QueryCommand.Create());
        root.Subcommands.Add(DnssecCommand.Create());
        root.Subcommands.Add(TlsaCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(ScanCommand.Create());
        root.Subcommands.Add(RolloverCommand.Create());
        root.Subcommands.Add(TlsRptCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        return root;
    }
}
