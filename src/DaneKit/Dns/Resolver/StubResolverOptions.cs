using System.Net;

namespace DaneKit.Dns.Resolver;

/// <summary>Options of <see cref="StubResolver"/>. Plain values; <see cref="FromResolvConf"/> fills them from resolv.conf.</summary>
public sealed record StubResolverOptions
{
    /// <summary>The recursive servers to ask, in order.</summary>
    public IReadOnlyList<IPEndPoint> Servers { get; init; } = [];

    /// <summary>The deadline of one try (one message to one server).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(ResolvConf.DefaultTimeoutSeconds);

    /// <summary>How many rounds over the servers before giving up.</summary>
    public int Attempts { get; init; } = ResolvConf.DefaultAttempts;

    /// <summary>Start each query at the next server in turn (resolv.conf <c>options rotate</c>).</summary>
    public bool Rotate { get; init; }

    /// <summary>DO: ask for DNSSEC records (RFC 3225). On by default: DaneKit needs the RRSIGs and the AD bit.</summary>
    public bool DnssecOk { get; init; } = true;

    /// <summary>CD: ask the resolver not to validate (RFC 4035 3.2.2), to see bogus data.</summary>
    public bool CheckingDisabled { get; init; }

    /// <summary>Use TCP from the start instead of UDP.</summary>
    public bool UseTcp { get; init; }

    /// <summary>The EDNS UDP payload size advertised (RFC 6891 6.2.5); 1232 avoids IP fragmentation.</summary>
    public ushort UdpPayloadSize { get; init; } = 1232;

    /// <summary>Options for the servers and timing of a resolv.conf file.</summary>
    /// <param name="conf">The parsed file.</param>
    /// <returns>The options.</returns>
    public static StubResolverOptions FromResolvConf(ResolvConf conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        return new StubResolverOptions { Servers = conf.Servers, Timeout = conf.Timeout, Attempts = conf.Attempts, Rotate = conf.Rotate };
    }
}
