using System.Net;

namespace DaneKit.Dns.Resolver;

/// <summary>
/// A stub resolver (RFC 1034 5.3.1): asks recursive servers with RD set, UDP first with EDNS, TCP after
/// TC=1; a per-try timeout, several rounds over the servers, optional rotation. Network problems come back
/// as a <see cref="DnsQueryResult"/> with an error, never as exceptions.
/// </summary>
public sealed class StubResolver
{
    private readonly DnsClient _client;
    private int _next;

    /// <summary>Creates a stub resolver.</summary>
    /// <param name="options">Servers and behaviour.</param>
    /// <param name="transport">The transport; the real network when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    public StubResolver(StubResolverOptions options, IDnsTransport? transport = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _client = new DnsClient(transport ?? SocketDnsTransport.Instance, timeProvider ?? TimeProvider.System);
    }

    /// <summary>The options in use.</summary>
    public StubResolverOptions Options { get; }

    /// <summary>A stub resolver for the servers and timing of a resolv.conf file.</summary>
    /// <param name="path">The file; <c>/etc/resolv.conf</c> by default.</param>
    /// <param name="configure">Changes to the options read (DO, CD, TCP...), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels reading the file.</param>
    /// <returns>The resolver.</returns>
    public static async Task<StubResolver> FromResolvConfAsync(string path = ResolvConf.DefaultPath,
        Func<StubResolverOptions, StubResolverOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var conf = await ResolvConf.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        var options = StubResolverOptions.FromResolvConf(conf);
        return new StubResolver(configure is null ? options : configure(options));
    }

    /// <summary>Asks for <paramref name="type"/> records of <paramref name="name"/>.</summary>
    /// <param name="name">The name.</param>
    /// <param name="type">The type.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The response (any RCODE) or a typed error.</returns>
    public Task<DnsQueryResult> QueryAsync(DnsName name, DnsType type, CancellationToken cancellationToken = default) =>
        QueryAsync(new DnsQuestion(name, type), cancellationToken);

    /// <summary>Asks one question, trying the servers in turn.</summary>
    /// <param name="question">The question.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>
    /// The first NOERROR or NXDOMAIN response; else the last SERVFAIL/REFUSED/other response when every server
    /// gave one; else the error of the last try.
    /// </returns>
    public async Task<DnsQueryResult> QueryAsync(DnsQuestion question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        var servers = Options.Servers;
        if (servers.Count == 0)
        {
            return new DnsQueryResult { Error = new DnsQueryError(DnsQueryErrorKind.NoServers, "no name server configured") };
        }

        var first = Options.Rotate ? (int)((uint)Interlocked.Increment(ref _next) % (uint)servers.Count) : 0;
        var failures = new List<DnsQueryError>();
        var answered = new HashSet<IPEndPoint>();
        DnsQueryResult? lastResponse = null;
        DnsQueryResult? last = null;
        var tries = 0;
        var elapsed = TimeSpan.Zero;
        var dropped = 0;
        for (var attempt = 0; attempt < Math.Max(1, Options.Attempts); attempt++)
        {
            for (var i = 0; i < servers.Count; i++)
            {
                var server = servers[(first + i) % servers.Count];
                if (answered.Contains(server))
                {
                    continue; // it answered with an error RCODE already; asking again would get the same
                }

                var query = DnsMessage.CreateQuery(question.Name, question.Type, DnsClient.NewId(), recursionDesired: true,
                    dnssecOk: Options.DnssecOk, checkingDisabled: Options.CheckingDisabled, udpPayloadSize: Options.UdpPayloadSize,
                    @class: question.Class);
                var result = await _client.ExchangeAsync(server, query, Options.UseTcp, Options.Timeout, cancellationToken).ConfigureAwait(false);
                tries += result.Tries;
                elapsed += result.Elapsed;
                dropped += result.DroppedMismatches;
                last = result;
                if (result.Response is { } response)
                {
                    if (response.ResponseCode is DnsResponseCode.NoError or DnsResponseCode.NXDomain)
                    {
                        return result with { Tries = tries, Elapsed = elapsed, FailedTries = failures, DroppedMismatches = dropped };
                    }

                    answered.Add(server);
                    lastResponse = result;
                    failures.Add(new DnsQueryError(DnsQueryErrorKind.NetworkError, $"answered {response.ResponseCode.ToText()}", server));
                }
                else
                {
                    failures.Add(result.Error!);
                }
            }
        }

        var final = lastResponse ?? last!;
        return final with { Tries = tries, Elapsed = elapsed, FailedTries = failures, DroppedMismatches = dropped };
    }
}
