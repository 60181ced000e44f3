using System.Diagnostics;
using System.Globalization;
using System.Net;
using DaneKit.Dns;
using DaneKit.Dns.Resolver;
using DaneKit.Dnssec;

namespace DaneKit.Bench;

/// <summary>
/// <c>validate-cpu RESOLVER ANCHOR-FILE RUNS NAME TYPE</c>: DaneKit's process CPU time for one cold validation
/// (a new validator each run, so no cached keys), median over RUNS, after one warm-up run that pays for JIT.
/// Data comes from RESOLVER with CD set. Prints "median_cpu_seconds status verifications" on stdout.
/// </summary>
internal static class ValidationCpu
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 5 || !IPAddress.TryParse(args[0], out var resolver) || !int.TryParse(args[2], CultureInfo.InvariantCulture, out var runs)
            || runs < 1 || !DnsTypes.TryParse(args[4], out var type))
        {
            await Console.Error.WriteLineAsync("usage: validate-cpu RESOLVER ANCHOR-FILE RUNS NAME TYPE").ConfigureAwait(false);
            return 64;
        }

        var anchors = await TrustAnchors.LoadAsync(args[1]).ConfigureAwait(false);
        var name = DnsName.Parse(args[3]);
        var options = new StubResolverOptions { Servers = [new IPEndPoint(resolver, 53)] };
        var process = Process.GetCurrentProcess();
        var samples = new List<double>();
        ValidatedAnswer? last = null;
        for (var i = 0; i <= runs; i++)
        {
            var validator = new DnssecValidator(new StubDataSource(options), anchors);
            process.Refresh();
            var before = process.TotalProcessorTime;
            last = await validator.ValidateAsync(name, type).ConfigureAwait(false);
            process.Refresh();
            if (i > 0)
            {
                samples.Add((process.TotalProcessorTime - before).TotalSeconds);
            }
        }

        samples.Sort();
        var median = samples[samples.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{median:F4} {last!.Status.ToString().ToLowerInvariant()} {last.Verifications}"));
        return 0;
    }
}
