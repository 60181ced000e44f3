using System.Globalization;
using System.Net;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dns.Resolver;
using DaneKit.Smtp;

namespace DaneKit.Cli.Commands;

/// <summary>What <c>--from</c> fetched: the probe that got a chain, the probes of the addresses that failed before it.</summary>
/// <param name="Url">The URL.</param>
/// <param name="Success">The probe that completed the TLS handshake and got certificates, or <see langword="null"/>.</param>
/// <param name="Failures">The probes that did not, in the order tried.</param>
/// <param name="Problem">Why no address could be tried (name resolution), or <see langword="null"/>.</param>
internal sealed record LiveChainFetch(ProbeUrl Url, SmtpProbeResult? Success, IReadOnlyList<SmtpProbeResult> Failures, string? Problem)
{
    /// <summary>One line for a failed probe: <c>smtp://mx.example:25 (192.0.2.25): STARTTLS not offered</c>.</summary>
    public string Describe(SmtpProbeResult result) =>
        $"{Url} ({result.Endpoint.Address}): {result.Failure?.Message ?? "the server sent no certificate"}";
}

/// <summary>
/// Fetches the certificate chain a server serves, for <c>--from</c>: the host's addresses (A, then AAAA) through
/// DaneKit's stub resolver, from <c>--resolver</c> or <c>/etc/resolv.conf</c> as <c>danekit query</c> does; then a
/// probe of each address in turn until one completes the TLS handshake.
/// </summary>
internal static class LiveChain
{
    /// <summary>The default <c>--timeout</c>: seconds for the whole exchange with one address.</summary>
    public const double DefaultTimeoutSeconds = 30;

    /// <summary>The longest <c>--timeout</c> accepted.</summary>
    public const double MaxTimeoutSeconds = 600;

    /// <summary>Checks <c>--timeout</c> and <c>--resolver</c>.</summary>
    public static bool TryParseOptions(double? timeoutSeconds, string? resolverText, out TimeSpan timeout, out IPEndPoint? resolver, out string? problem)
    {
        timeout = TimeSpan.FromSeconds(DefaultTimeoutSeconds);
        resolver = null;
        if (timeoutSeconds is { } t)
        {
            if (double.IsNaN(t) || t <= 0 || t > MaxTimeoutSeconds)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"--timeout: {t} is not a number of seconds more than 0 and at most {MaxTimeoutSeconds}");
                return false;
            }

            timeout = TimeSpan.FromSeconds(t);
        }

        if (resolverText is not null && !QueryCommand.TryParseServer(resolverText, out resolver))
        {
            problem = $"--resolver: '{resolverText}' is not an IP address, IP:port or [IPv6]:port";
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>Resolves the URL's host when it is a name, and probes each address until one gives a chain.</summary>
    /// <param name="url">The URL.</param>
    /// <param name="serverName">The SNI name.</param>
    /// <param name="resolver">The resolver, or <see langword="null"/> for <c>/etc/resolv.conf</c>.</param>
    /// <param name="timeout">The deadline of the exchange with one address (and the most one DNS try may take).</param>
    /// <param name="verbose">Where to write each probe's transcript, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels everything.</param>
    public static async Task<LiveChainFetch> FetchAsync(ProbeUrl url, string serverName, IPEndPoint? resolver, TimeSpan timeout,
        TextWriter? verbose, CancellationToken cancellationToken)
    {
        IReadOnlyList<IPAddress> addresses;
        if (url.Address is { } literal)
        {
            addresses = [literal];
        }
        else
        {
            var (found, problem) = await ResolveAsync(url.Name!, resolver, timeout, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return new LiveChainFetch(url, null, [], $"{url}: {problem}");
            }

            addresses = found;
        }

        var probe = new SmtpProbe(OptionsFor(timeout));
        var failures = new List<SmtpProbeResult>();
        foreach (var address in addresses)
        {
            var result = await probe.ProbeAsync(new IPEndPoint(address, url.Port), serverName, url.Mode, cancellationToken).ConfigureAwait(false);
            if (verbose is not null)
            {
                await verbose.WriteLineAsync($"; {url} ({address}) transcript:").ConfigureAwait(false);
                foreach (var line in result.Transcript.Lines)
                {
                    await verbose.WriteLineAsync("; " + line).ConfigureAwait(false);
                }
            }

            if (result.TlsEstablished && result.ServedCertificates.Count > 0)
            {
                return new LiveChainFetch(url, result, failures, null);
            }

            failures.Add(result);
        }

        return new LiveChainFetch(url, null, failures, null);
    }

    /// <summary>The probe's deadlines, none longer than the given timeout.</summary>
    internal static SmtpProbeOptions OptionsFor(TimeSpan timeout)
    {
        var defaults = new SmtpProbeOptions();
        return defaults with
        {
            OverallTimeout = timeout,
            ConnectTimeout = Min(defaults.ConnectTimeout, timeout),
            ReplyTimeout = Min(defaults.ReplyTimeout, timeout),
            TlsHandshakeTimeout = Min(defaults.TlsHandshakeTimeout, timeout),
            QuitTimeout = Min(defaults.QuitTimeout, timeout),
        };
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static async Task<(IReadOnlyList<IPAddress> Addresses, string? Problem)> ResolveAsync(DnsName name, IPEndPoint? resolver, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        StubResolverOptions options;
        if (resolver is not null)
        {
            options = new StubResolverOptions { Servers = [resolver] };
        }
        else
        {
            ResolvConf conf;
            try
            {
                conf = await ResolvConf.LoadAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return ([], $"cannot read {ResolvConf.DefaultPath}: {e.Message}; use --resolver");
            }

            options = StubResolverOptions.FromResolvConf(conf);
            if (options.Servers.Count == 0)
            {
                return ([], $"no nameserver in {ResolvConf.DefaultPath}; use --resolver");
            }
        }

        // Addresses only: the DANE status of the host is not judged here (danekit check does that).
        options = options with { DnssecOk = false, Timeout = Min(options.Timeout, timeout) };
        var stub = new StubResolver(options);
        var addresses = new List<IPAddress>();
        var problems = new List<string>();
        foreach (var type in new[] { DnsType.A, DnsType.AAAA })
        {
            var result = await stub.QueryAsync(name, type, cancellationToken).ConfigureAwait(false);
            if (result.Response is not { } response)
            {
                problems.Add($"{type.ToText()}: {result.Error!.Message}");
                continue;
            }

            if (response.ResponseCode != DnsResponseCode.NoError)
            {
                problems.Add($"{type.ToText()}: {response.ResponseCode.ToText()}");
                continue;
            }

            var found = AddressesOf(response, name, type);
            if (found.Count == 0)
            {
                problems.Add($"{type.ToText()}: no records");
            }

            addresses.AddRange(found);
        }

        return addresses.Count > 0
            ? (addresses, null)
            : ([], $"cannot resolve {name.ToString().TrimEnd('.')}: {string.Join("; ", problems)}");
    }

    /// <summary>The addresses at the end of the CNAME chain that starts at the name (RFC 1034 3.6.2).</summary>
    private static List<IPAddress> AddressesOf(DnsMessage response, DnsName name, DnsType type)
    {
        var current = name;
        for (var i = 0; i < 16; i++)
        {
            var alias = response.Answers.FirstOrDefault(r => r.Type == DnsType.CNAME && r.Name == current);
            if (alias?.Data is not CnameData cname)
            {
                break;
            }

            current = cname.Target;
        }

        var list = new List<IPAddress>();
        foreach (var record in response.Answers)
        {
            if (record.Name != current)
            {
                continue;
            }

            if (record.Data is AData a && type == DnsType.A)
            {
                list.Add(a.Address);
            }
            else if (record.Data is AaaaData aaaa && type == DnsType.AAAA)
            {
                list.Add(aaaa.Address);
            }
        }

        return list;
    }
}
