using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;
using DaneKit.Smtp;
using DaneKit.Tlsa;

namespace DaneKit.Cli.Commands;

/// <summary>The <c>tlsa</c> command group.</summary>
internal static class TlsaCommand
{
    /// <summary>Builds the <c>tlsa</c> command with its <c>generate</c> and <c>verify</c> subcommands.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var command = new Command("tlsa", "Work with TLSA records (RFC 6698, RFC 7672).");
        command.Subcommands.Add(TlsaGenerateCommand.Create());
        command.Subcommands.Add(TlsaVerifyCommand.Create());
        return command;
    }
}

/// <summary>The values of <c>danekit tlsa generate</c> as given, before they are checked.</summary>
/// <param name="CertPath"><c>--cert</c>.</param>
/// <param name="ChainPath"><c>--chain FILE</c>.</param>
/// <param name="ChainWithoutFile"><c>--chain</c> given with no value (with <c>--from</c>: a record per served certificate).</param>
/// <param name="KeyPath"><c>--key</c>.</param>
/// <param name="From"><c>--from</c>.</param>
/// <param name="Host"><c>--host</c>.</param>
/// <param name="Port"><c>--port</c>.</param>
/// <param name="Proto"><c>--proto</c>.</param>
/// <param name="Usage"><c>--usage</c>.</param>
/// <param name="Selector"><c>--selector</c>.</param>
/// <param name="MatchingType"><c>--mtype</c>.</param>
/// <param name="Ttl"><c>--ttl</c>.</param>
/// <param name="Resolver"><c>--resolver</c>.</param>
/// <param name="Timeout"><c>--timeout</c>.</param>
/// <param name="Verbose"><c>--verbose</c>.</param>
internal sealed record TlsaGenerateArguments(string? CertPath = null, string? ChainPath = null, bool ChainWithoutFile = false, string? KeyPath = null,
    string? From = null, string? Host = null, string? Port = null, string? Proto = null, string? Usage = null, string? Selector = null,
    string? MatchingType = null, string? Ttl = null, string? Resolver = null, double? Timeout = null, bool Verbose = false);

/// <summary>
/// <c>danekit tlsa generate (--cert FILE | --chain FILE | --key FILE | --from URL [--chain]) [--host NAME]</c>: prints the
/// TLSA records to publish, as zone-file lines. <c>--from smtp://HOST[:PORT]</c> or <c>tls://HOST[:PORT]</c> fetches
/// the chain the server serves (STARTTLS, or TLS at once) and takes its leaf, or with a bare <c>--chain</c> every
/// served certificate by its role. Exit codes: 0 with records printed, 2 when no address of the server gave a chain
/// (one line per address with the failure), 64 for bad input (one line naming the field).
/// </summary>
internal static class TlsaGenerateCommand
{
    private const string Prefix = "danekit tlsa generate";

    /// <summary>Builds the <c>generate</c> command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var cert = new Option<string?>("--cert") { Description = "A certificate file (PEM or DER); the first certificate is used." };
        var chain = new Option<string?>("--chain")
        {
            Description = "A chain file (PEM), leaf first: one record per certificate, DANE-EE for the leaf, DANE-TA for each CA. "
                + "With --from, give no file: the records are made for the served chain.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var key = new Option<string?>("--key") { Description = "A public or private key file (PEM or DER); selector SPKI only." };
        var from = new Option<string?>("--from") { Description = "Fetch the served chain live: smtp://HOST[:PORT] (STARTTLS, port 25) or tls://HOST[:PORT] (port 443)." };
        var host = new Option<string?>("--host") { Description = "The TLSA base domain: for SMTP, the MX host name (default with --from: its host name). Sent as SNI." };
        var port = new Option<string?>("--port") { Description = "The port of the owner name (default 25; with --from, the URL's port)." };
        var proto = new Option<string?>("--proto") { Description = "The protocol: tcp (default), udp or sctp." };
        var usage = new Option<string?>("--usage") { Description = "The usage: 0-3 or PKIX-TA, PKIX-EE, DANE-TA, DANE-EE (default 3)." };
        var selector = new Option<string?>("--selector") { Description = "The selector: 0, 1, Cert or SPKI (default 1)." };
        var mtype = new Option<string?>("--mtype") { Description = "The matching type: 0-2 or Full, SHA2-256, SHA2-512 (default 1)." };
        var ttl = new Option<string?>("--ttl") { Description = "The TTL in seconds (default: none, the zone's $TTL)." };
        var resolver = new Option<string?>("--resolver") { Description = "With --from: resolve the host through this server (IP, IP:port) instead of those in /etc/resolv.conf." };
        var timeout = new Option<double?>("--timeout") { Description = "With --from: seconds for the whole exchange with one address (default 30)." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "With --from: print the SMTP transcript to stderr." };

        var command = new Command("generate", "Print the TLSA records for a certificate, chain, key or live server as zone-file lines.");
        foreach (var option in new Option[] { cert, chain, key, from, host, port, proto, usage, selector, mtype, ttl, resolver, timeout, verbose })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var arguments = new TlsaGenerateArguments(parseResult.GetValue(cert), parseResult.GetValue(chain),
                parseResult.GetResult(chain) is not null && parseResult.GetValue(chain) is null, parseResult.GetValue(key),
                parseResult.GetValue(from), parseResult.GetValue(host), parseResult.GetValue(port), parseResult.GetValue(proto),
                parseResult.GetValue(usage), parseResult.GetValue(selector), parseResult.GetValue(mtype), parseResult.GetValue(ttl),
                parseResult.GetValue(resolver), parseResult.GetValue(timeout), parseResult.GetValue(verbose));
            return await RunAsync(arguments, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken)
                .ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Checks the values, reads or fetches the input and prints the records; never throws for bad input or a bad server.</summary>
    /// <returns>The exit code.</returns>
    internal static async Task<int> RunAsync(TlsaGenerateArguments a, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        int code;
        IReadOnlyList<string> lines;
        IReadOnlyList<string> problems;
        if (a.From is null)
        {
            string? problem;
            (code, lines, problem) = a.Resolver is not null ? Fail("--resolver: only with --from")
                : a.Timeout is not null ? Fail("--timeout: only with --from")
                : a.ChainWithoutFile ? Fail("--chain: give a chain file, or use --chain without a file together with --from")
                : Run(a.CertPath, a.ChainPath, a.KeyPath, a.Host, a.Port, a.Proto, a.Usage, a.Selector, a.MatchingType, a.Ttl);
            problems = problem is null ? [] : [problem];
        }
        else
        {
            (code, lines, problems) = await RunFromAsync(a, a.Verbose ? error : null, cancellationToken).ConfigureAwait(false);
        }

        foreach (var problem in problems)
        {
            await error.WriteLineAsync($"{Prefix}: {problem}").ConfigureAwait(false);
        }

        foreach (var line in lines)
        {
            await output.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        return code;
    }

    /// <summary>Checks the values, reads the input file and builds the lines; never throws for bad input.</summary>
    /// <returns>The exit code, the lines to print, and the problem when the code is not 0.</returns>
    internal static (int Code, IReadOnlyList<string> Lines, string? Problem) Run(string? certPath, string? chainPath, string? keyPath,
        string? host, string? port, string? proto, string? usage, string? selector, string? mtype, string? ttl)
    {
        var given = (certPath is null ? 0 : 1) + (chainPath is null ? 0 : 1) + (keyPath is null ? 0 : 1);
        if (given != 1)
        {
            return Fail("give exactly one of --cert, --chain, --key or --from");
        }

        if (chainPath is not null && usage is not null)
        {
            return Fail("--usage: not with --chain, where the leaf gets DANE-EE(3) and each CA DANE-TA(2)");
        }

        if (!TlsaRecordSpec.TryCreate(host, port, proto, usage, selector, mtype, ttl, out var spec, out var problem))
        {
            return Fail(problem!);
        }

        var (field, path) = certPath is not null ? ("--cert", certPath) : chainPath is not null ? ("--chain", chainPath) : ("--key", keyPath!);
        if (!CertificateFiles.TryRead(field, path, out var content, out problem))
        {
            return Fail(problem!);
        }

        if (keyPath is not null)
        {
            if (spec!.Selector != TlsaSelector.Spki)
            {
                return Fail("--selector: a key has no certificate; use 1 (SPKI) with --key");
            }

            if (!TlsaGeneratorInput.TryLoadSubjectPublicKeyInfo(content, out var spki, out problem))
            {
                return Fail($"--key: '{path}': {problem}");
            }

            return (ExitCodes.Ok, [spec.ToZoneLine(TlsaGenerator.Create(spki, spec.Usage, spec.MatchingType))], null);
        }

        if (!TlsaGeneratorInput.TryLoadCertificates(content, out var certificates, out problem))
        {
            return Fail($"{field}: '{path}': {problem}");
        }

        try
        {
            return (ExitCodes.Ok, Lines(spec!, certificates, wholeChain: chainPath is not null), null);
        }
        finally
        {
            CertificateFiles.DisposeAll(certificates);
        }
    }

    private static async Task<(int, IReadOnlyList<string>, IReadOnlyList<string>)> RunFromAsync(TlsaGenerateArguments a, TextWriter? verbose,
        CancellationToken cancellationToken)
    {
        if (a.CertPath is not null || a.KeyPath is not null || a.ChainPath is not null)
        {
            return Usage("--from: not with --cert, --key or --chain FILE (with --from, a bare --chain asks for a record per served certificate)");
        }

        if (a.ChainWithoutFile && a.Usage is not null)
        {
            return Usage("--usage: not with --chain, where the leaf gets DANE-EE(3) and each CA DANE-TA(2)");
        }

        if (!ProbeUrl.TryParse(a.From, out var url, out var problem))
        {
            return Usage(problem!);
        }

        var host = a.Host ?? url!.Name?.ToString();
        if (host is null)
        {
            return Usage($"--host: required when --from gives an IP address ({a.From}): it names the TLSA record and is sent as SNI");
        }

        if (!TlsaRecordSpec.TryCreate(host, a.Port ?? url!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Proto, a.Usage,
            a.Selector, a.MatchingType, a.Ttl, out var spec, out problem))
        {
            return Usage(problem!);
        }

        if (!LiveChain.TryParseOptions(a.Timeout, a.Resolver, out var timeout, out var resolver, out problem))
        {
            return Usage(problem!);
        }

        var sni = spec!.Host.ToString().TrimEnd('.');
        var fetch = await LiveChain.FetchAsync(url!, sni, resolver, timeout, verbose, cancellationToken).ConfigureAwait(false);
        var notes = new List<string>();
        if (fetch.Problem is not null)
        {
            return (ExitCodes.NetworkFailure, [], [fetch.Problem]);
        }

        if (fetch.Success is not { } success)
        {
            return (ExitCodes.NetworkFailure, [], fetch.Failures.Select(fetch.Describe).ToList());
        }

        notes.AddRange(fetch.Failures.Select(f => "note: " + fetch.Describe(f) + "; the next address gave a chain"));
        if (success.Failure is not null)
        {
            notes.Add($"note: {fetch.Describe(success)} (after the TLS handshake; the chain was served)");
        }

        IReadOnlyList<X509Certificate2> served;
        try
        {
            served = success.LoadServedChain();
        }
        catch (CryptographicException e)
        {
            return (ExitCodes.NetworkFailure, [], [.. notes, $"{url} ({success.Endpoint.Address}): a served certificate does not parse: {e.Message}"]);
        }

        try
        {
            var lines = new List<string> { Provenance(url!, success) };
            lines.AddRange(Lines(spec, served, a.ChainWithoutFile));
            return (ExitCodes.Ok, lines, notes);
        }
        finally
        {
            CertificateFiles.DisposeAll(served);
        }
    }

    /// <summary>The zone-file comment saying where the chain came from.</summary>
    private static string Provenance(ProbeUrl url, SmtpProbeResult result) =>
        $"; served by {url} ({result.Endpoint.Address}) over {result.TlsProtocolName} {result.CipherSuite}, "
        + $"{result.ServedCertificates.Count} certificate{(result.ServedCertificates.Count == 1 ? "" : "s")}";

    private static List<string> Lines(TlsaRecordSpec spec, IReadOnlyList<X509Certificate2> certificates, bool wholeChain)
    {
        if (!wholeChain)
        {
            return [spec.ToZoneLine(TlsaGenerator.Create(certificates[0], spec.Usage, spec.Selector, spec.MatchingType))];
        }

        var lines = new List<string>();
        foreach (var generated in TlsaGenerator.CreateForChain(certificates, spec.Selector, spec.MatchingType))
        {
            lines.Add(generated.Comment);
            lines.Add(spec.ToZoneLine(generated.Record));
        }

        return lines;
    }

    private static (int, IReadOnlyList<string>, string?) Fail(string problem) => (ExitCodes.Usage, [], problem);

    private static (int, IReadOnlyList<string>, IReadOnlyList<string>) Usage(string problem) => (ExitCodes.Usage, [], [problem]);
}
