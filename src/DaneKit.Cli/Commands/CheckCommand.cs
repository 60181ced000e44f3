using System.CommandLine;
using System.Globalization;
using DaneKit.Cli.Rendering;
using DaneKit.Dns;
using DaneKit.Dnssec;
using DaneKit.Reporting;
using DaneKit.Smtp;

namespace DaneKit.Cli.Commands;

/// <summary>Runs a check: the engine behind <c>danekit check</c>, replaceable in tests.</summary>
/// <param name="validator">The DNSSEC validator built from the resolver options.</param>
/// <param name="options">The engine's options.</param>
/// <param name="target">The domain (or host) to check.</param>
/// <param name="cancellationToken">Cancels the check.</param>
/// <returns>The result.</returns>
internal delegate Task<DaneCheckResult> CheckEngine(IDnssecValidator validator, CheckOptions options, DnsName target, CancellationToken cancellationToken);

/// <summary>
/// <c>danekit check DOMAIN</c>: what a DANE-enforcing sender (RFC 7672) does with mail to DOMAIN, for every MX host and
/// address, why, and how to fix what fails; <c>--service tcp/PORT HOST</c> checks one TLS service (RFC 6698). Prints a
/// tree (or JSON with <c>--json</c>, docs/check-json.md). Exit codes (<see cref="CheckExitCodes"/>): 0 authenticated
/// everywhere, 1 DANE failure, 2 deferred or indeterminate, 3 no DANE published, 64 usage error.
/// </summary>
internal static class CheckCommand
{
    private const string Prefix = "danekit check";

    /// <summary>Builds the command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var target = new Argument<string?>("DOMAIN")
        {
            Description = "The mail domain to check; with --service, the host of the service.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var resolver = new Option<string?>("--resolver") { HelpName = "IP", Description = "Fetch DNS data from this resolver (IP, IP:port, [IPv6]:port) instead of those in /etc/resolv.conf; DaneKit validates it." };
        var iterative = new Option<bool>("--iterative") { Description = "Fetch DNS data from the authoritative servers, starting at the root hints." };
        var anchor = new Option<string?>("--trust-anchor") { HelpName = "FILE", Description = "Trust anchor file: DS/DNSKEY zone lines, Unbound's or BIND's format (default: the IANA root KSKs)." };
        var rootHints = new Option<string?>("--root-hints") { HelpName = "FILE", Description = "Root hints file in zone format for --iterative (default: the IANA root servers)." };
        var trustAd = new Option<bool>("--trust-ad") { Description = "Do not validate: trust the AD bit of the resolver, as Postfix does (loopback only)." };
        var force = new Option<bool>("--force-trust-ad") { Description = "With --trust-ad, accept a resolver that is not on loopback." };
        var timeout = new Option<string?>("--timeout") { HelpName = "SECONDS", Description = "Seconds for each network step (a DNS try, connect, each SMTP reply, the TLS handshake); a probe and a validated lookup get four times as long." };
        var ipv4 = new Option<bool>("-4") { Description = "Check IPv4 addresses only." };
        var ipv6 = new Option<bool>("-6") { Description = "Check IPv6 addresses only." };
        var port = new Option<string?>("--port") { HelpName = "PORT", Description = "The SMTP port to probe and to look up TLSA for (default 25)." };
        var mx = new Option<string?>("--mx") { HelpName = "HOST", Description = "Check only this host, as if it were the MX host of DOMAIN (DOMAIN may be left out)." };
        var service = new Option<string?>("--service") { HelpName = "tcp/PORT", Description = "Check one TLS service instead of mail: tcp/443 (HTTPS), tcp/465 (implicit TLS), tcp/587 (STARTTLS); PKIX usages count there." };
        var caFile = new Option<string?>("--ca-file") { HelpName = "FILE", Description = "PEM trust roots. Mail: also trusted for MTA-STS (the policy host's and MX hosts' certificates), beside the system's roots. With --service: the roots for PKIX-TA and PKIX-EE records (default: the system's)." };
        var noMtaSts = new Option<bool>("--no-mta-sts") { Description = "Do not check MTA-STS (RFC 8461) and the TLS-RPT record (RFC 8460) beside DANE." };
        var requireDane = new Option<bool>("--require-dane") { Description = "Mandatory DANE (RFC 7672 6): a host without secure, usable TLSA is a failure (TLS-RPT dane-required)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (schema: docs/check-json.md)." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also show the evidence: chains of trust, signatures, validator evidence, SMTP transcripts." };

        var command = new Command("check", "Check a mail domain as a DANE-enforcing sender does (RFC 7672): every MX host and address, why, and how to fix it.");
        command.Arguments.Add(target);
        foreach (var option in new Option[] { resolver, iterative, anchor, rootHints, trustAd, force, timeout, ipv4, ipv6, port, mx, service, caFile, requireDane, noMtaSts, json, verbose })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (p, cancellationToken) =>
        {
            var arguments = new CheckArguments(p.GetValue(target), p.GetValue(resolver), p.GetValue(iterative), p.GetValue(anchor), p.GetValue(rootHints),
                p.GetValue(trustAd), p.GetValue(force), p.GetValue(timeout), p.GetValue(ipv4), p.GetValue(ipv6), p.GetValue(port), p.GetValue(mx),
                p.GetValue(service), p.GetValue(caFile), p.GetValue(requireDane), p.GetValue(json), p.GetValue(verbose), p.GetValue(noMtaSts));
            var output = p.InvocationConfiguration.Output;
            return await RunAsync(arguments, output, p.InvocationConfiguration.Error, null, StyleFor(output, arguments.Verbose), cancellationToken)
                .ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>The engine: <see cref="DaneChecker"/> with the real prober and the system clock.</summary>
    public static CheckEngine RealEngine { get; } = (validator, options, target, cancellationToken) =>
        new DaneChecker(validator, prober: null, options, TimeProvider.System).CheckAsync(target, cancellationToken);

    /// <summary>
    /// Checks the values, builds the validator, runs the check and prints the report or JSON. Bad input is one line on
    /// <paramref name="error"/> naming the option, and exit code 64.
    /// </summary>
    /// <param name="arguments">The values as given.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="engine">The engine; <see cref="RealEngine"/> when <see langword="null"/>.</param>
    /// <param name="style">How to draw the report; <see cref="ReportStyle.Plain"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The exit code.</returns>
    internal static async Task<int> RunAsync(CheckArguments arguments, TextWriter output, TextWriter error, CheckEngine? engine, ReportStyle? style,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!CheckRequest.TryCreate(arguments, out var request, out var problem))
        {
            await error.WriteLineAsync($"{Prefix}: {problem}").ConfigureAwait(false);
            return CheckExitCodes.Usage;
        }

        var (validator, options, setupProblem) = await CheckSetup.SetUpAsync(request!, cacheLookups: false, time: null, cancellationToken).ConfigureAwait(false);
        if (setupProblem is not null)
        {
            await error.WriteLineAsync($"{Prefix}: {setupProblem}").ConfigureAwait(false);
            return CheckExitCodes.Usage;
        }

        var result = await (engine ?? RealEngine)(validator!, options!, request!.Target, cancellationToken).ConfigureAwait(false);
        var code = CheckExitCodes.For(result.Verdict);
        if (request.Json)
        {
            await output.WriteAsync(CheckJson.Write(result, code).AsMemory(), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            CheckReport.Write(result, code, output, (style ?? ReportStyle.Plain) with { Verbose = request.Verbose });
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return code;
    }

    /// <summary>How the report is drawn for <paramref name="output"/>: colour only on a terminal without NO_COLOR.</summary>
    /// <param name="output">Where the report goes.</param>
    /// <param name="verbose">Whether to show the evidence.</param>
    /// <returns>The style.</returns>
    internal static ReportStyle StyleFor(TextWriter output, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(output);
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            || string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
        // UTF-8, UTF-16 or UTF-32 (the console's encoding is a wrapper type, so compare code pages).
        var unicode = output.Encoding.CodePage is 65001 or 1200 or 1201 or 12000 or 12001;
        // On a terminal, wrap at $COLUMNS when the shell exports it; never ask the console (on Unix that switches the
        // terminal's keypad mode, an escape sequence in the output). Otherwise lines are not wrapped at all.
        var width = ReportStyle.Unwrapped;
        if (terminal && int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns)
            && columns >= 40)
        {
            width = columns;
        }

        return new ReportStyle(terminal && !noColor, unicode, width, verbose);
    }
}
