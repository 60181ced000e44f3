using System.CommandLine;
using System.Net;
using DaneKit.Dns;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Resolver;
using DaneKit.Dnssec;

namespace DaneKit.Cli.Commands;

/// <summary>
/// <c>danekit dnssec NAME TYPE</c>: validates one answer with DaneKit's own validator and prints the chain of
/// trust as a tree (anchor → zones → RRset) with the reason chain, or as JSON.
/// Exit codes: 0 Secure, 1 Bogus, 2 Indeterminate (lookup failed), 3 Insecure, 64 usage.
/// </summary>
internal static class DnssecCommand
{
    /// <summary>Exit code for a Bogus answer.</summary>
    public const int Bogus = 1;

    /// <summary>Exit code for an Indeterminate answer.</summary>
    public const int Indeterminate = 2;

    /// <summary>Exit code for an Insecure answer.</summary>
    public const int Insecure = 3;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The name, e.g. _25._tcp.mx.example.com." };
        var type = new Argument<string>("TYPE") { Description = "The record type, e.g. TLSA." };
        var resolver = new Option<string?>("--resolver") { Description = "Fetch data from this resolver (with CD set) instead of those in /etc/resolv.conf." };
        var iterative = new Option<bool>("--iterative") { Description = "Fetch data from the authoritative servers, starting at the root hints." };
        var rootHints = new Option<string?>("--root-hints") { Description = "Root hints file in zone format for --iterative." };
        var anchor = new Option<string?>("--trust-anchor") { Description = "Trust anchor file: DS/DNSKEY zone lines, Unbound's or BIND's format (default: the IANA root KSKs)." };
        var trustAd = new Option<bool>("--trust-ad") { Description = "Do not validate: trust the AD bit of the resolver (loopback only)." };
        var force = new Option<bool>("--force-trust-ad") { Description = "With --trust-ad, accept a resolver that is not on loopback." };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds to wait for each DNS try." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var command = new Command("dnssec", "Validate an answer with DNSSEC from the trust anchor and show the chain of trust.");
        command.Arguments.Add(name);
        command.Arguments.Add(type);
        foreach (var o in new Option[] { resolver, iterative, rootHints, anchor, trustAd, force, timeout, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (p, ct) =>
        {
            var error = p.InvocationConfiguration.Error;
            var output = p.InvocationConfiguration.Output;
            try
            {
                return await RunAsync(p.GetValue(name), p.GetValue(type), p.GetValue(resolver), p.GetValue(iterative), p.GetValue(rootHints),
                    p.GetValue(anchor), p.GetValue(trustAd), p.GetValue(force), p.GetValue(timeout), p.GetValue(json), output, error, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is PresentationException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                var message = e is ArgumentException { ParamName: { } param } ? e.Message.Replace($" (Parameter '{param}')", "", StringComparison.Ordinal) : e.Message;
                await error.WriteLineAsync($"danekit dnssec: {message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(string? nameText, string? typeText, string? resolverText, bool iterative, string? rootHints,
        string? anchorFile, bool trustAd, bool force, double? timeout, bool json, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!DnsName.TryParse(nameText, out var name, out var nameError))
        {
            await error.WriteLineAsync($"danekit dnssec: invalid name '{nameText}': {nameError}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (!DnsTypes.TryParse(typeText, out var type) || type is DnsType.ANY or DnsType.OPT)
        {
            await error.WriteLineAsync($"danekit dnssec: unknown record type '{typeText}'").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (timeout is <= 0 or > 300)
        {
            await error.WriteLineAsync("danekit dnssec: --timeout must be between 0 and 300 seconds").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        IPEndPoint? server = null;
        if (resolverText is not null && !QueryCommand.TryParseServer(resolverText, out server))
        {
            await error.WriteLineAsync($"danekit dnssec: invalid resolver '{resolverText}'").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (iterative && (trustAd || resolverText is not null))
        {
            await error.WriteLineAsync("danekit dnssec: --iterative cannot be combined with --resolver or --trust-ad").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var stubOptions = server is not null
            ? new StubResolverOptions { Servers = [server] }
            : StubResolverOptions.FromResolvConf(await ResolvConf.LoadAsync(cancellationToken: ct).ConfigureAwait(false));
        if (timeout is { } t)
        {
            stubOptions = stubOptions with { Timeout = TimeSpan.FromSeconds(t) };
        }

        IDnssecValidator validator;
        if (trustAd)
        {
            if (stubOptions.Servers.Count == 0)
            {
                await error.WriteLineAsync("danekit dnssec: no resolver to trust; use --resolver").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            validator = new AdTrustingValidator(stubOptions.Servers[0], force, stubOptions);
        }
        else
        {
            var anchors = anchorFile is null ? TrustAnchors.IanaRoot : await TrustAnchors.LoadAsync(anchorFile, ct).ConfigureAwait(false);
            IDnssecDataSource source;
            if (iterative)
            {
                var hints = rootHints is null ? RootHints.Iana : await RootHints.LoadAsync(rootHints, ct).ConfigureAwait(false);
                source = new IterativeDataSource(new IterativeResolver(new IterativeResolverOptions { RootHints = hints, DnssecOk = true }));
            }
            else
            {
                if (stubOptions.Servers.Count == 0)
                {
                    await error.WriteLineAsync($"danekit dnssec: no nameserver in {ResolvConf.DefaultPath}; use --resolver or --iterative").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                source = new StubDataSource(stubOptions);
            }

            validator = new DnssecValidator(source, anchors);
        }

        var answer = await validator.ValidateAsync(name, type, ct).ConfigureAwait(false);
        await output.WriteAsync(json ? DnssecOutput.Json(answer) : DnssecOutput.Tree(answer)).ConfigureAwait(false);
        return answer.Status switch
        {
            SecurityStatus.Secure => ExitCodes.Ok,
            SecurityStatus.Bogus => Bogus,
            SecurityStatus.Insecure => Insecure,
            _ => Indeterminate,
        };
    }
}
