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
    public static async Task<int> Main(string[] args)
    {
        var parseResult = CreateRootCommand().Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            foreach (var error in parseResult.Errors)
            {
                await Console.Error.WriteLineAsync($"danekit: {error.Message}").ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Run 'danekit --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync().ConfigureAwait(false);
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
        return root;
    }
}
