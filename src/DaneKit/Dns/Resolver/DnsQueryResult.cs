using System.Net;

namespace DaneKit.Dns.Resolver;

/// <summary>Why a query got no usable response. Network problems are values of this, never exceptions.</summary>
public enum DnsQueryErrorKind
{
    /// <summary>No acceptable response arrived before the deadline.</summary>
    Timeout,

    /// <summary>Only responses that did not match the query (ID, source or question) arrived before the deadline (RFC 5452 9.1).</summary>
    Mismatch,

    /// <summary>The network or host is unreachable (ENETUNREACH, EHOSTUNREACH).</summary>
    NetworkUnreachable,

    /// <summary>The server refused the connection or its port is closed (ECONNREFUSED, ICMP port unreachable).</summary>
    ConnectionRefused,

    /// <summary>The TCP connection closed before a whole response arrived.</summary>
    ConnectionClosed,

    /// <summary>A response for this query arrived but could not be decoded; <see cref="DnsQueryError.ParseError"/> says why.</summary>
    Malformed,

    /// <summary>Another socket error.</summary>
    NetworkError,

    /// <summary>No server was configured.</summary>
    NoServers,
}

/// <summary>A failed query: the kind, a readable reason and the server it concerns.</summary>
/// <param name="Kind">The kind of failure.</param>
/// <param name="Message">A readable reason, e.g. "no response within 2 s".</param>
/// <param name="Server">The server that failed, when there was one.</param>
/// <param name="ParseError">For <see cref="DnsQueryErrorKind.Malformed"/>: what was malformed and where.</param>
public sealed record DnsQueryError(DnsQueryErrorKind Kind, string Message, IPEndPoint? Server = null, DnsParseError? ParseError = null)
{
    /// <inheritdoc/>
    public override string ToString() => Server is null ? $"{Kind}: {Message}" : $"{Kind} from {Server}: {Message}";
}

/// <summary>The outcome of a query: a response or a typed error, with the server and the time it took.</summary>
public sealed record DnsQueryResult
{
    /// <summary>The accepted response; <see langword="null"/> when <see cref="Error"/> is set.</summary>
    public DnsMessage? Response { get; init; }

    /// <summary>Why there is no response; <see langword="null"/> on success.</summary>
    public DnsQueryError? Error { get; init; }

    /// <summary>The server that answered, or the last one tried.</summary>
    public IPEndPoint? Server { get; init; }

    /// <summary>Whether the accepted response came over TCP.</summary>
    public bool UsedTcp { get; init; }

    /// <summary>Time from the first send to the outcome.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>How many tries (one message to one server, a TCP retry after TC=1 included) were made.</summary>
    public int Tries { get; init; }

    /// <summary>For <see cref="StubResolver"/>: the failures of the tries made, oldest first (empty when the first try succeeded).</summary>
    public IReadOnlyList<DnsQueryError> FailedTries { get; init; } = [];

    /// <summary>How many messages were dropped because they did not match the query.</summary>
    public int DroppedMismatches { get; init; }

    /// <summary>Whether a response was accepted.</summary>
    public bool IsSuccess => Response is not null;
}
