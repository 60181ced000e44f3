using System.CommandLine;
using System.Globalization;
using System.Net;
using DaneKit.Dns;
using DaneKit.Dns.Resolver;

namespace DaneKit.Cli.Commands;

/// <summary>What <c>danekit query</c> was asked to do, after the command line was checked.</summary>
/// <param name="Name">The name to ask about.</param>
/// <param name="Type">The type.</param>
/// <param name="Server">The server for stub mode; resolv.conf when <see langword="null"/>.</param>
/// <param name="Iterative">Resolve iteratively from the root instead of asking a recursive server.</param>
/// <param name="RootHints">The root hints file for iterative mode; the built-in IANA hints when <see langword="null"/>.</param>
/// <param name="Tcp">Use TCP from the start.</param>
/// <param name="DnssecOk">Set the DO bit.</param>
/// <param name="CheckingDisabled">Set the CD bit (stub mode).</param>
/// <param name="Timeout">The per-try timeout, or <see langword="null"/> for the default.</param>
/// <param name="Json">Print JSON instead of dig-like text.</param>
internal sealed record QueryRequest(DnsName Name, DnsType Type, IPEndPoint? Server, bool Iterative, string? RootHints, bool Tcp,
    bool DnssecOk, bool CheckingDisabled, TimeSpan? Timeout, bool Json);

/// <summary>
/// <c>danekit query NAME TYPE</c>: one DNS query through the stub resolver (resolv.conf or <c>--server</c>)
/// or the iterative resolver (<c>--iterative</c>), printed like dig or as JSON.
/// Exit codes: 0 with a response (whatever its RCODE), 2 when no server gave one, 64 for bad input.
/// </summary>
internal static class QueryCommand
{
    /// <summary>Builds the <c>query</c> command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The domain name to ask about, e.g. _25._tcp.mx.example.com." };
        var type = new Argument<string>("TYPE") { Description = "The record type: A, AAAA, MX, TLSA, DNSKEY, DS, ... or TYPEnnn." };
        var server = new Option<string?>("--server") { Description = "Ask this recursive server (IP, IP:port or [IPv6]:port) instead of those in /etc/resolv.conf." };
        var iterative = new Option<bool>("--iterative") { Description = "Resolve iteratively from the root servers (no validation)." };
        var rootHints = new Option<string?>("--root-hints") { Description = "Root hints file in zone format for --iterative (default: the IANA root servers)." };
        var tcp = new Option<bool>("--tcp") { Description = "Use TCP instead of UDP." };
        var noDnssec = new Option<bool>("--no-dnssec") { Description = "Do not set the DO bit (no RRSIGs)." };
        var cd = new Option<bool>("--cd") { Description = "Set the CD bit: ask the resolver not to validate." };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds to wait for each try." };
        var json = new Option<bool>("--json") { Description = "Print JSON (snake_case) instead of dig-like text." };

        var command = new Command("query", "Ask one DNS question and print the response like dig.");
        command.Arguments.Add(name);
        command.Arguments.Add(type);
        foreach (var option in new Option[] { server, iterative, rootHints, tcp, noDnssec, cd, timeout, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (!TryBuildRequest(parseResult.GetValue(name), parseResult.GetValue(type), parseResult.GetValue(server), parseResult.GetValue(iterative),
                parseResult.GetValue(rootHints), parseResult.GetValue(tcp), parseResult.GetValue(noDnssec), parseResult.GetValue(cd),
                parseResult.GetValue(timeout), parseResult.GetValue(json), out var request, out var problem))
            {
                await error.WriteLineAsync($"danekit query: {problem}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            return await RunAsync(request!, output, error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Checks the command-line values.</summary>
    internal static bool TryBuildRequest(string? name, string? type, string? server, bool iterative, string? rootHints, bool tcp, bool noDnssec,
        bool cd, double? timeout, bool json, out QueryRequest? request, out string? problem)
    {
        request = null;
        if (!DnsName.TryParse(name, out var qname, out var nameError))
        {
            problem = $"invalid name '{name}': {nameError}";
            return false;
        }

        if (!DnsTypes.TryParse(type, out var qtype) || qtype == DnsType.OPT)
        {
            problem = $"unknown record type '{type}' (use a mnemonic such as A, MX, TLSA, or TYPEnnn)";
            return false;
        }

        IPEndPoint? endpoint = null;
        if (server is not null && !TryParseServer(server, out endpoint))
        {
            problem = $"invalid server '{server}': give an IP address, IP:port or [IPv6]:port";
            return false;
        }

        if (timeout is { } t && (double.IsNaN(t) || t <= 0 || t > 3600))
        {
            problem = $"invalid timeout {t.ToString(CultureInfo.InvariantCulture)}: give seconds between 0 and 3600";
            return false;
        }

        if (iterative && endpoint is not null)
        {
            problem = "--server and --iterative cannot be combined";
            return false;
        }

        if (!iterative && rootHints is not null)
        {
            problem = "--root-hints needs --iterative";
            return false;
        }

        problem = null;
        request = new QueryRequest(qname, qtype, endpoint, iterative, rootHints, tcp, !noDnssec, cd,
            timeout is { } s ? TimeSpan.FromSeconds(s) : null, json);
        return true;
    }

    /// <summary>Parses <c>IP</c>, <c>IP:port</c> or <c>[IPv6]:port</c>; the port defaults to 53.</summary>
    internal static bool TryParseServer(string text, out IPEndPoint? endpoint)
    {
        endpoint = null;
        var host = text;
        var port = 53;
        if (text.StartsWith('['))
        {
            // [IPv6] or [IPv6]:port
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close != text.Length - 1 && (text[close + 1] != ':' || !TryPort(text[(close + 2)..], out port))))
            {
                return false;
            }

            host = text[1..close];
            if (!host.Contains(':', StringComparison.Ordinal))
            {
                return false;
            }
        }
        else if (text.Count(c => c == ':') == 1)
        {
            // IPv4:port
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (!TryPort(text[(colon + 1)..], out port))
            {
                return false;
            }

            host = text[..colon];
        }

        // Only the full forms: IPAddress.TryParse would also take "1.2.3" (as 1.2.0.3) or a bare number.
        var isV6 = host.Contains(':', StringComparison.Ordinal);
        if ((!isV6 && host.Count(c => c == '.') != 3) || !IPAddress.TryParse(host, out var address))
        {
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;

    /// <summary>Runs the query and prints the outcome.</summary>
    internal static async Task<int> RunAsync(QueryRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return request.Iterative
                ? await RunIterativeAsync(request, output, error, cancellationToken).ConfigureAwait(false)
                : await RunStubAsync(request, output, error, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("danekit query: cancelled").ConfigureAwait(false);
            return ExitCodes.NetworkFailure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"danekit query: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
#pragma warning disable CA1031 // the command line never shows a stack trace: any other failure is reported in one line
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await error.WriteLineAsync($"danekit query: internal error: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Software;
        }
#pragma warning restore CA1031
    }

    private static async Task<int> RunStubAsync(QueryRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        StubResolverOptions options;
        if (request.Server is { } server)
        {
            options = new StubResolverOptions { Servers = [server] };
        }
        else
        {
            var conf = await ResolvConf.LoadAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            options = StubResolverOptions.FromResolvConf(conf);
            if (options.Servers.Count == 0)
            {
                await error.WriteLineAsync($"danekit query: no nameserver in {ResolvConf.DefaultPath}; use --server").ConfigureAwait(false);
                return ExitCodes.NetworkFailure;
            }
        }

        options = options with
        {
            DnssecOk = request.DnssecOk,
            CheckingDisabled = request.CheckingDisabled,
            UseTcp = request.Tcp,
            Timeout = request.Timeout ?? options.Timeout,
        };
        var result = await new StubResolver(options).QueryAsync(request.Name, request.Type, cancellationToken).ConfigureAwait(false);
        if (result.Response is not { } response)
        {
            var e = result.Error!;
            var where = e.Server is null ? string.Empty : $" from {QueryOutput.Endpoint(e.Server)}";
            await error.WriteLineAsync($"danekit query: no response{where}: {e.Message}").ConfigureAwait(false);
            if (request.Json)
            {
                await output.WriteLineAsync(QueryOutput.ErrorJson(request, e.Kind.ToString(), e.Message, e.Server)).ConfigureAwait(false);
            }

            return ExitCodes.NetworkFailure;
        }

        await output.WriteAsync(request.Json ? QueryOutput.StubJson(request, result) : QueryOutput.StubText(request, result)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task<int> RunIterativeAsync(QueryRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        RootHints hints;
        try
        {
            hints = request.RootHints is null ? RootHints.Iana : await RootHints.LoadAsync(request.RootHints, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            // PresentationException is a FormatException and names the file and line.
            await error.WriteLineAsync($"danekit query: cannot use root hints {request.RootHints}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var options = new IterativeResolverOptions
        {
            RootHints = hints,
            DnssecOk = request.DnssecOk,
            UseTcp = request.Tcp,
            QueryTimeout = request.Timeout ?? new IterativeResolverOptions().QueryTimeout,
        };
        var resolution = await new IterativeResolver(options).ResolveAsync(request.Name, request.Type, cancellationToken).ConfigureAwait(false);
        if (resolution.Error is { } failure)
        {
            await error.WriteLineAsync($"danekit query: resolution failed: {failure.Message} ({failure.Kind})").ConfigureAwait(false);
            if (request.Json)
            {
                await output.WriteLineAsync(QueryOutput.ErrorJson(request, failure.Kind.ToString(), failure.Message, null)).ConfigureAwait(false);
            }

            return ExitCodes.NetworkFailure;
        }

        await output.WriteAsync(request.Json ? QueryOutput.IterativeJson(request, resolution) : QueryOutput.IterativeText(request, resolution))
            .ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
