using DaneKit.Cli;

namespace DaneKit.Tests.Cli;

/// <summary>What one <c>danekit</c> run printed and returned.</summary>
internal sealed record CliRun(int Code, string Out, string Err)
{
    /// <summary>The lines of standard error.</summary>
    public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The lines of standard output.</summary>
    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {Code}\n--- stdout\n{Out}--- stderr\n{Err}";
}

/// <summary>Runs the <c>danekit</c> command line in-process, as <c>Main</c> does, with the output captured.</summary>
internal static class CliRunner
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var code = await Program.RunAsync(args, output, error, cts.Token);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
