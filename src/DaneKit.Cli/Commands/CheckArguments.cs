using System.Globalization;
using System.Net;
using DaneKit.Dns;
using DaneKit.Smtp;
using DaneKit.Survey;
using DaneKit.Tlsa;

namespace DaneKit.Cli.Commands;

/// <summary>The values of <c>danekit check</c> as given on the command line, before they are checked.</summary>
/// <param name="Target">DOMAIN (or, with <c>--service</c>, the host).</param>
/// <param name="Resolver"><c>--resolver</c>.</param>
/// <param name="Iterative"><c>--iterative</c>.</param>
/// <param name="TrustAnchor"><c>--trust-anchor</c>.</param>
/// <param name="RootHints"><c>--root-hints</c>.</param>
/// <param name="TrustAd"><c>--trust-ad</c>.</param>
/// <param name="ForceTrustAd"><c>--force-trust-ad</c>.</param>
/// <param name="Timeout"><c>--timeout</c>, as typed.</param>
/// <param name="IPv4Only"><c>-4</c>.</param>
/// <param name="IPv6Only"><c>-6</c>.</param>
/// <param name="Port"><c>--port</c>, as typed.</param>
/// <param name="MxHost"><c>--mx</c>.</param>
/// <param name="Service"><c>--service</c>.</param>
/// <param name="CaFile"><c>--ca-file</c>.</param>
/// <param name="RequireDane"><c>--require-dane</c>.</param>
/// <param name="Json"><c>--json</c>.</param>
/// <param name="Verbose"><c>--verbose</c>.</param>
/// <param name="NoMtaSts"><c>--no-mta-sts</c>.</param>
internal sealed record CheckArguments(
    string? Target,
    string? Resolver = null,
    bool Iterative = false,
    string? TrustAnchor = null,
    string? RootHints = null,
    bool TrustAd = false,
    bool ForceTrustAd = false,
    string? Timeout = null,
    bool IPv4Only = false,
    bool IPv6Only = false,
    string? Port = null,
    string? MxHost = null,
    string? Service = null,
    string? CaFile = null,
    bool RequireDane = false,
    bool Json = false,
    bool Verbose = false,
    bool NoMtaSts = false);

/// <summary>What <c>danekit check</c> was asked to do, after every value was checked.</summary>
/// <param name="Target">The domain to check (the next-hop domain), or the host in service mode; with only <c>--mx</c>, that host.</param>
/// <param name="Options">The engine's options.</param>
/// <param name="Resolver">The resolver for stub mode; resolv.conf when <see langword="null"/>.</param>
/// <param name="Iterative">Resolve from the root hints.</param>
/// <param name="TrustAnchor">The trust anchor file; the IANA root KSKs when <see langword="null"/>.</param>
/// <param name="RootHints">The root hints file for <paramref name="Iterative"/>; the IANA hints when <see langword="null"/>.</param>
/// <param name="TrustAd">Trust the resolver's AD bit instead of validating.</param>
/// <param name="ForceTrustAd">Trust it even off loopback.</param>
/// <param name="Timeout">The per-step network deadline, or <see langword="null"/> for the defaults.</param>
/// <param name="CaFile">
/// Extra trust roots (PEM): in service mode, for PKIX usages (instead of the system roots); in mail mode, for MTA-STS (the
/// policy host's and the MX hosts' certificates, beside the system roots).
/// </param>
/// <param name="Json">Print JSON.</param>
/// <param name="Verbose">Print the evidence too.</param>
internal sealed record CheckRequest(DnsName Target, CheckOptions Options, IPEndPoint? Resolver, bool Iterative, string? TrustAnchor, string? RootHints,
    bool TrustAd, bool ForceTrustAd, TimeSpan? Timeout, string? CaFile, bool Json, bool Verbose)
{
    /// <summary>The longest <c>--timeout</c> accepted, in seconds.</summary>
    public const double MaxTimeoutSeconds = 300;

    /// <summary>
    /// Checks the values. Every problem is one message naming the option (or DOMAIN), for exit code 64. Files are only
    /// checked for existence here; they are read when the check starts.
    /// </summary>
    /// <param name="a">The values.</param>
    /// <param name="request">The request, or <see langword="null"/>.</param>
    /// <param name="problem">What is wrong, or <see langword="null"/>.</param>
    /// <param name="targetless">
    /// The command checks many domains given elsewhere (<c>danekit scan</c>): no DOMAIN is needed, and the request's
    /// <see cref="Target"/> is the root.
    /// </param>
    /// <returns>Whether the values make a request.</returns>
    public static bool TryCreate(CheckArguments a, out CheckRequest? request, out string? problem, bool targetless = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        request = null;

        CheckService? service = null;
        if (a.Service is not null && !CheckService.TryParse(a.Service, out service, out problem))
        {
            problem = $"--service: {problem}";
            return false;
        }

        var targetName = service is null ? "DOMAIN" : "HOST";
        DnsName? target = null;
        if (a.Target is not null && !TryHostName(targetName, a.Target, out target, out problem))
        {
            return false;
        }

        DnsName? mx = null;
        if (a.MxHost is not null)
        {
            if (service is not null)
            {
                problem = "--mx: not with --service (a service check is of one host: give it as HOST)";
                return false;
            }

            if (!TryHostName("--mx", a.MxHost, out mx, out problem))
            {
                return false;
            }
        }

        target ??= mx ?? (targetless ? DnsName.Root : null);
        if (target is null)
        {
            problem = service is null
                ? "DOMAIN: give the mail domain to check (or --mx HOST to check one mail host)"
                : "HOST: give the host of the service to check";
            return false;
        }

        int? port = null;
        if (a.Port is not null)
        {
            if (!int.TryParse(a.Port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                problem = $"--port: '{a.Port}' is not a port from 1 to 65535";
                return false;
            }

            if (service is not null)
            {
                problem = "--port: not with --service (give the port there: --service tcp/PORT)";
                return false;
            }

            port = p;
        }

        TimeSpan? timeout = null;
        if (a.Timeout is not null)
        {
            if (!double.TryParse(a.Timeout, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || double.IsNaN(seconds)
                || seconds <= 0 || seconds > MaxTimeoutSeconds)
            {
                problem = $"--timeout: '{a.Timeout}' is not a number of seconds above 0 and at most {MaxTimeoutSeconds.ToString(CultureInfo.InvariantCulture)}";
                return false;
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        if (a.IPv4Only && a.IPv6Only)
        {
            problem = "-4 and -6: give one of them, or neither to check both families";
            return false;
        }

        IPEndPoint? resolver = null;
        if (a.Resolver is not null && !QueryCommand.TryParseServer(a.Resolver, out resolver))
        {
            problem = $"--resolver: '{a.Resolver}' is not an IP address (give IP, IP:port or [IPv6]:port)";
            return false;
        }

        if (a.Iterative && a.Resolver is not null)
        {
            problem = "--iterative: not with --resolver (iterative resolution asks the authoritative servers)";
            return false;
        }

        if (a.Iterative && a.TrustAd)
        {
            problem = "--trust-ad: not with --iterative (there is no resolver whose AD bit could be trusted)";
            return false;
        }

        if (a.RootHints is not null && !a.Iterative)
        {
            problem = "--root-hints: only with --iterative";
            return false;
        }

        if (a.ForceTrustAd && !a.TrustAd)
        {
            problem = "--force-trust-ad: only with --trust-ad";
            return false;
        }

        if (a.TrustAd && a.TrustAnchor is not null)
        {
            problem = "--trust-anchor: not with --trust-ad (the resolver validates with its own anchor)";
            return false;
        }

        var options = service is null ? new CheckOptions() : CheckOptions.ForService(service);
        if (a.CaFile is not null && options.TlsaContext == TlsaContext.Smtp && (service is not null || a.NoMtaSts))
        {
            problem = service is not null
                ? "--ca-file: not with --service tcp/25 (SMTP ignores PKIX-TA and PKIX-EE, RFC 7672 3.1.3)"
                : "--ca-file: not with --no-mta-sts (in mail mode the CA file is for MTA-STS; SMTP ignores PKIX-TA and PKIX-EE, RFC 7672 3.1.3)";
            return false;
        }

        if (a.NoMtaSts && service is not null)
        {
            problem = "--no-mta-sts: only for mail domains (--service checks no MTA-STS)";
            return false;
        }

        foreach (var (option, path) in new[] { ("--trust-anchor", a.TrustAnchor), ("--root-hints", a.RootHints), ("--ca-file", a.CaFile) })
        {
            if (path is not null && !File.Exists(path))
            {
                problem = $"{option}: '{path}': no such file";
                return false;
            }
        }

        options = options with
        {
            Port = port ?? options.Port,
            AddressFamilies = a.IPv4Only ? CheckAddressFamilies.IPv4 : a.IPv6Only ? CheckAddressFamilies.IPv6 : CheckAddressFamilies.Both,
            MxHost = mx?.ToString(),
            RequireDane = a.RequireDane,
            MtaSts = service is null && !a.NoMtaSts,
        };
        if (timeout is { } t)
        {
            // --timeout is the deadline of each network step; a whole probe, and a whole validated lookup (several
            // queries up the chain of trust), get four of them.
            options = options with
            {
                LookupTimeout = 4 * t,
                Probe = options.Probe with { ConnectTimeout = t, ReplyTimeout = t, TlsHandshakeTimeout = t, OverallTimeout = 4 * t },
            };
        }

        request = new CheckRequest(target, options, resolver, a.Iterative, a.TrustAnchor, a.RootHints, a.TrustAd, a.ForceTrustAd, timeout, a.CaFile,
            a.Json, a.Verbose);
        problem = null;
        return true;
    }

    /// <summary>
    /// Parses a host or domain name as mail uses it: an internationalized name becomes its A-labels (RFC 5891), every
    /// label has letters, digits and hyphens only and neither starts nor ends with a hyphen (RFC 1123 2.1), and an IP
    /// address is refused (DANE needs a name for the TLSA owner).
    /// </summary>
    /// <param name="option">The option or argument, for the message.</param>
    /// <param name="text">The text.</param>
    /// <param name="name">The name, absolute.</param>
    /// <param name="problem">What is wrong, or <see langword="null"/>.</param>
    /// <returns>Whether the text is such a name.</returns>
    public static bool TryHostName(string option, string text, out DnsName? name, out string? problem)
    {
        if (DomainNames.TryNormalize(text, out name, out problem))
        {
            return true;
        }

        problem = $"{option}: {problem}";
        return false;
    }
}
