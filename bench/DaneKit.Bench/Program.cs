using BenchmarkDotNet.Running;

namespace DaneKit.Bench;

/// <summary>
/// Runs the benchmarks named on the command line (BenchmarkDotNet switches, e.g. <c>--filter *DnsParse*</c>),
/// or <c>validate-cpu ...</c> (see <see cref="ValidationCpu"/>).
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    /// <param name="args">BenchmarkDotNet arguments, or <c>validate-cpu</c> and its arguments.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "validate-cpu")
        {
            return await ValidationCpu.RunAsync(args[1..]).ConfigureAwait(false);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
