using BenchmarkDotNet.Running;

namespace DaneKit.Bench;

/// <summary>Runs the benchmarks named on the command line (BenchmarkDotNet switches, e.g. <c>--filter *DnsParse*</c>).</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    /// <param name="args">BenchmarkDotNet arguments.</param>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
