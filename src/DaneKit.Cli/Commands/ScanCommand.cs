using System.CommandLine;
using System.Globalization;
using System.Text;
using DaneKit.Dnssec;
using DaneKit.Smtp;
using DaneKit.Survey;

namespace DaneKit.Cli.Commands;

/// <summary>The values of <c>danekit scan</c> as given on the command line.</summary>
/// <param name="Input">FILE, or <c>-</c> (or <see langword="null"/>) for standard input.</param>
/// <param name="Output"><c>-o</c>.</param>
/// <param name="Check">The options shared with <c>danekit check</c> (no DOMAIN).</param>
/// <param name="Concurrency"><c>--concurrency</c>, as typed.</param>
/// <param name="PerMx"><c>--per-mx</c>, as typed.</param>
/// <param name="PerIp"><c>--per-ip</c>, as typed.</param>
/// <param name="Reprobe"><c>--reprobe</c>.</param>
/// <param name="SummaryJson"><c>--summary-json</c>.</param>
/// <param name="Quiet"><c>--quiet</c>.</param>
internal sealed record ScanArguments(string? Input, string? Output, CheckArguments Check, string? Concurrency = null, string? PerMx = null,
    string? PerIp = null, bool Reprobe = false, string? SummaryJson = null, bool Quiet = false);

/// <summary>What the tests put in place of the network: the validator and the prober under the <see cref="SharedProber"/>.</summary>
/// <param name="Validator">Validated DNS answers.</param>
/// <param name="Prober">The prober the shared prober wraps.</param>
internal sealed record ScanFakes(IDnssecValidator Validator, ISmtpProber Prober);

/// <summary>
/// <c>danekit scan [FILE|-] -o OUT.jsonl</c>: checks many mail domains, one a line, as <c>danekit check</c> does, sharing
/// DNS, DNSSEC keys and MX probes across them, and appends one line of JSON per domain (docs/scan.md). Exit codes: 0 done
/// (whatever the verdicts), 64 usage, 70 the output could not be written, 130 interrupted (the output is resumable).
/// </summary>
internal static class ScanCommand
{
    /// <summary>The output could not be written (<c>EX_SOFTWARE</c> as the issue asks; the output stays resumable).</summary>
    public const int OutputFailed = 70;

    /// <summary>Default <c>--concurrency</c>.</summary>
    public const int DefaultConcurrency = 64;

    /// <summary>Default <c>--per-mx</c>.</summary>
    public const int DefaultPerMx = 4;

    /// <summary>Default <c>--per-ip</c>.</summary>
    public const int DefaultPerIp = 2;

    private const string Prefix = "danekit scan";

    /// <summary>How often a plain progress line is written when standard error is not a terminal.</summary>
    internal static TimeSpan PlainProgressInterval { get; set; } = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan TerminalProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Builds the command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var input = new Argument<string?>("FILE") { Description = "Domains, one a line (# comments and blank lines skipped); - or nothing for standard input.", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--output", "-o") { HelpName = "OUT.jsonl", Description = "The JSON Lines output: one danekit check --json document per domain. An existing file is resumed." };
        var resolver = new Option<string?>("--resolver") { HelpName = "IP", Description = "Fetch DNS data from this resolver (IP, IP:port, [IPv6]:port) instead of those in /etc/resolv.conf; DaneKit validates it." };
        var iterative = new Option<bool>("--iterative") { Description = "Fetch DNS data from the authoritative servers, starting at the root hints." };
        var anchor = new Option<string?>("--trust-anchor") { HelpName = "FILE", Description = "Trust anchor file: DS/DNSKEY zone lines, Unbound's or BIND's format (default: the IANA root KSKs)." };
        var rootHints = new Option<string?>("--root-hints") { HelpName = "FILE", Description = "Root hints file in zone format for --iterative (default: the IANA root servers)." };
        var trustAd = new Option<bool>("--trust-ad") { Description = "Do not validate: trust the AD bit of the resolver, as Postfix does (loopback only)." };
        var force = new Option<bool>("--force-trust-ad") { Description = "With --trust-ad, accept a resolver that is not on loopback." };
        var caFile = new Option<string?>("--ca-file") { HelpName = "FILE", Description = "PEM trust roots, also trusted for MTA-STS beside the system's roots." };
        var timeout = new Option<string?>("--timeout") { HelpName = "SECONDS", Description = "Seconds for each network step; a probe and a validated lookup get four times as long." };
        var ipv4 = new Option<bool>("-4") { Description = "Check IPv4 addresses only." };
        var ipv6 = new Option<bool>("-6") { Description = "Check IPv6 addresses only." };
        var concurrency = new Option<string?>("--concurrency") { HelpName = "N", Description = $"Domains checked at once (default {DefaultConcurrency})." };
        var perMx = new Option<string?>("--per-mx") { HelpName = "N", Description = $"Probes of one MX host at once (default {DefaultPerMx})." };
        var perIp = new Option<string?>("--per-ip") { HelpName = "N", Description = $"Probes of one IP address at once (default {DefaultPerIp})." };
        var reprobe = new Option<bool>("--reprobe") { Description = "Probe every MX address for every domain (default: each address, port and SNI once per scan)." };
        var noMtaSts = new Option<bool>("--no-mta-sts") { Description = "Do not check MTA-STS and TLS-RPT beside DANE." };
        var summaryJson = new Option<string?>("--summary-json") { HelpName = "FILE", Description = "Also write the summary as JSON to FILE." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress: only errors and the summary." };

        var command = new Command("scan", "Check many mail domains (one a line) as danekit check does, sharing DNS and MX probes; one JSON line per domain.");
        command.Arguments.Add(input);
        foreach (var option in new Option[] { output, resolver, iterative, anchor, rootHints, trustAd, force, caFile, timeout, ipv4, ipv6, concurrency, perMx, perIp, reprobe, noMtaSts, summaryJson, quiet })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (p, cancellationToken) =>
        {
            var check = new CheckArguments(null, p.GetValue(resolver), p.GetValue(iterative), p.GetValue(anchor), p.GetValue(rootHints), p.GetValue(trustAd),
                p.GetValue(force), p.GetValue(timeout), p.GetValue(ipv4), p.GetValue(ipv6), CaFile: p.GetValue(caFile), NoMtaSts: p.GetValue(noMtaSts));
            var arguments = new ScanArguments(p.GetValue(input), p.GetValue(output), check, p.GetValue(concurrency), p.GetValue(perMx), p.GetValue(perIp),
                p.GetValue(reprobe), p.GetValue(summaryJson), p.GetValue(quiet));
            return await RunAsync(arguments, null, p.InvocationConfiguration.Output, p.InvocationConfiguration.Error, null, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Checks the values, builds the validator and the shared prober, runs the scan, and prints the summary.</summary>
    /// <param name="arguments">The values as given.</param>
    /// <param name="standardInput">Standard input (for <c>-</c>); the process's when <see langword="null"/>.</param>
    /// <param name="output">Standard output (the summary).</param>
    /// <param name="error">Standard error (problems and progress).</param>
    /// <param name="fakes">The validator and inner prober to use instead of the network (tests), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Interrupts the scan.</param>
    /// <returns>The exit code.</returns>
    internal static async Task<int> RunAsync(ScanArguments arguments, TextReader? standardInput, TextWriter output, TextWriter error, ScanFakes? fakes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!TryLimits(arguments, out var concurrency, out var perMx, out var perIp, out var problem)
            || !CheckRequest.TryCreate(arguments.Check, out var request, out problem, targetless: true))
        {
            await error.WriteLineAsync($"{Prefix}: {problem}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var fromStdin = arguments.Input is null or "-";
        if (!fromStdin && !File.Exists(arguments.Input))
        {
            await error.WriteLineAsync($"{Prefix}: FILE: '{arguments.Input}': no such file").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (arguments.Output is not { Length: > 0 } outputPath)
        {
            await error.WriteLineAsync($"{Prefix}: -o: give the output file (JSON Lines; an existing one is resumed)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (Directory.Exists(outputPath))
        {
            await error.WriteLineAsync($"{Prefix}: -o: '{outputPath}' is a directory").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var (validator, options, setupProblem) = await CheckSetup.SetUpAsync(request!, cacheLookups: true, time: null, cancellationToken).ConfigureAwait(false);
        if (setupProblem is not null)
        {
            await error.WriteLineAsync($"{Prefix}: {setupProblem}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var time = TimeProvider.System;
        validator = fakes?.Validator ?? validator!;
        using var prober = new SharedProber(fakes?.Prober ?? new DaneCheckProber(options!.Probe, time), perMx, SharedProber.Forever, time, perIp,
            share: !arguments.Reprobe);
        var checker = new DaneChecker(validator, prober, options, time);
        var scanner = new SurveyScanner((domain, ct) => checker.CheckAsync(domain, ct), concurrency);

        using var reader = fromStdin
            ? standardInput is null ? new StreamReader(Console.OpenStandardInput(), Encoding.UTF8) : null
            : new StreamReader(arguments.Input!, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 64 * 1024 });
        var input = reader ?? standardInput!;

        var started = time.GetTimestamp();
        using var progressStop = new CancellationTokenSource();
        var progress = arguments.Quiet
            ? Task.CompletedTask
            : ProgressAsync(scanner, prober, fromStdin ? null : arguments.Input, error, time, started, progressStop.Token);
        SurveyOutcome outcome;
        try
        {
            outcome = await scanner.RunAsync(input, outputPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await progressStop.CancelAsync().ConfigureAwait(false);
            await progress.ConfigureAwait(false);
            await error.WriteLineAsync($"{Prefix}: -o: '{outputPath}': {e.Message}").ConfigureAwait(false);
            return OutputFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Interrupted while the output was being read: nothing was written.
            outcome = SurveyOutcome.Interrupted;
        }

        await progressStop.CancelAsync().ConfigureAwait(false);
        await progress.ConfigureAwait(false);

        var summary = SurveySummary.From(scanner.Tally, outcome, scanner.Output?.Written ?? 0, prober.ProbesMade, prober.ProbesShared,
            time.GetElapsedTime(started), SurveySummary.ReadPeakRss());
        if (scanner.Output is { TruncatedBytes: > 0 } cut)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{Prefix}: resumed {outputPath}: cut a partial last line ({cut.TruncatedBytes} bytes)")).ConfigureAwait(false);
        }

        if (scanner.Output is { UnreadableLines: > 0 } odd)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{Prefix}: {outputPath}: {odd.UnreadableLines} lines are not scan results (left in place)")).ConfigureAwait(false);
        }

        if (scanner.Problem is { } failure)
        {
            await error.WriteLineAsync($"{Prefix}: {failure}").ConfigureAwait(false);
        }

        summary.WriteText(output);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (arguments.SummaryJson is { } summaryPath)
        {
            try
            {
                await File.WriteAllTextAsync(summaryPath, summary.ToJson(), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"{Prefix}: --summary-json: '{summaryPath}': {e.Message}").ConfigureAwait(false);
                return OutputFailed;
            }
        }

        return outcome switch
        {
            SurveyOutcome.Completed => ExitCodes.Ok,
            SurveyOutcome.Interrupted => ExitCodes.Cancelled,
            _ => OutputFailed,
        };
    }

    private static bool TryLimits(ScanArguments a, out int concurrency, out int perMx, out int perIp, out string? problem)
    {
        perMx = perIp = 0;
        problem = null;
        return TryCount("--concurrency", a.Concurrency, DefaultConcurrency, 4096, out concurrency, ref problem)
            && TryCount("--per-mx", a.PerMx, DefaultPerMx, 1024, out perMx, ref problem)
            && TryCount("--per-ip", a.PerIp, DefaultPerIp, 1024, out perIp, ref problem);
    }

    private static bool TryCount(string option, string? text, int fallback, int max, out int value, ref string? problem)
    {
        value = fallback;
        if (text is null)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < 1 || value > max)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"{option}: '{text}' is not a number from 1 to {max}");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Progress on standard error: on a terminal (and without NO_COLOR) a line redrawn in place; otherwise a plain line
    /// every <see cref="PlainProgressInterval"/> and one at the end.
    /// </summary>
    private static async Task ProgressAsync(SurveyScanner scanner, SharedProber prober, string? inputFile, TextWriter error, TimeProvider time, long started,
        CancellationToken ct)
    {
        var terminal = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            && !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
        var total = inputFile is null ? Task.FromResult<long?>(null) : CountLinesAsync(inputFile, ct);
        using var timer = new PeriodicTimer(terminal ? TerminalProgressInterval : PlainProgressInterval, time);
        var width = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                var line = ProgressLine(scanner, prober, total.IsCompletedSuccessfully ? total.Result : null, time.GetElapsedTime(started));
                if (terminal)
                {
                    await error.WriteAsync("\r" + line.PadRight(width) + "\x1b[K").ConfigureAwait(false);
                    width = line.Length;
                }
                else
                {
                    await error.WriteLineAsync(line).ConfigureAwait(false);
                }

                await error.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The scan ended: the last line.
        }

        var last = ProgressLine(scanner, prober, total.IsCompletedSuccessfully ? total.Result : null, time.GetElapsedTime(started));
        await error.WriteLineAsync(terminal ? "\r" + last + "\x1b[K" : last).ConfigureAwait(false);
        await error.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>One progress line: lines done of the total, rate, ETA, counts per verdict.</summary>
    internal static string ProgressLine(SurveyScanner scanner, SharedProber prober, long? total, TimeSpan elapsed)
    {
        var t = scanner.Tally;
        // Lines whose fate is decided: skipped, duplicate, invalid, or checked (or failed).
        var done = t.Skipped + t.Duplicates + t.Invalid + t.Checked + t.Failed;
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        var rate = t.Checked / seconds;
        var lineRate = done / seconds;
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"{done:N0}");
        if (total is { } all)
        {
            sb.Append(c, $"/{all:N0} lines ({(all == 0 ? 100 : 100.0 * done / all):0.0}%)");
        }
        else
        {
            sb.Append(" lines");
        }

        sb.Append(c, $"  {rate:0.0} domains/s");
        if (total is { } n && lineRate > 0 && n > done)
        {
            sb.Append(c, $"  ETA {TimeSpan.FromSeconds(Math.Round((n - done) / lineRate)):c}");
        }

        sb.Append(c, $"  elapsed {TimeSpan.FromSeconds(Math.Round(elapsed.TotalSeconds)):c}  ");
        var verdicts = t.Verdicts().Where(v => v.Value > 0).Select(v => $"{v.Key} {v.Value.ToString(c)}").ToList();
        sb.Append(verdicts.Count == 0 ? "no verdicts yet" : string.Join(", ", verdicts));
        if (t.Invalid + t.Failed > 0)
        {
            sb.Append(c, $", errors {t.Invalid + t.Failed}");
        }

        sb.Append(c, $"  probes {prober.ProbesMade}");
        return sb.ToString();
    }

    /// <summary>The number of lines of the input (a streaming count of newlines, for the progress total).</summary>
    private static async Task<long?> CountLinesAsync(string path, CancellationToken ct)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024, useAsync: true);
            var buffer = new byte[64 * 1024];
            long lines = 0;
            var last = (byte)'\n';
            int read;
            while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
                last = buffer[read - 1];
            }

            return last == '\n' ? lines : lines + 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            return null;
        }
    }
}
