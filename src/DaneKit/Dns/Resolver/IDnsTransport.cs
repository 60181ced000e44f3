using System.Net;

namespace DaneKit.Dns.Resolver;

/// <summary>
/// Sends DNS messages to servers and hands back what arrives. The only place the resolvers touch the
/// network; tests replace it with scripted in-process servers.
/// </summary>
/// <remarks>
/// A transport does no DNS matching of its own: it returns every datagram or TCP message that arrives on
/// the exchange, with its source, and <see cref="DnsClient"/> decides what to accept (RFC 5452 9.1).
/// Network failures are reported by throwing <see cref="DnsTransportException"/>.
/// </remarks>
public interface IDnsTransport
{
    /// <summary>Sends one query to <paramref name="server"/> and opens the exchange that receives the replies.</summary>
    /// <param name="server">The server's address and port.</param>
    /// <param name="query">The query in wire form.</param>
    /// <param name="tcp">Use TCP with the 2-octet length framing of RFC 7766 8 instead of UDP.</param>
    /// <param name="cancellationToken">Cancels the send (the resolver's per-try deadline uses it too).</param>
    /// <returns>The exchange; dispose it to close the socket.</returns>
    /// <exception cref="DnsTransportException">The query could not be sent (network unreachable, refused...).</exception>
    Task<IDnsExchange> SendAsync(IPEndPoint server, ReadOnlyMemory<byte> query, bool tcp, CancellationToken cancellationToken);
}

/// <summary>One query in flight: the replies that arrive for it, one at a time.</summary>
public interface IDnsExchange : IAsyncDisposable
{
    /// <summary>Waits for the next message that arrives on this exchange.</summary>
    /// <param name="cancellationToken">Cancels the wait (the per-try deadline).</param>
    /// <returns>The message and where it came from.</returns>
    /// <exception cref="DnsTransportException">The socket failed or the TCP connection closed.</exception>
    ValueTask<DnsDatagram> ReceiveAsync(CancellationToken cancellationToken);
}

/// <summary>A message as received: its octets and the address and port it came from.</summary>
/// <param name="Source">The sender.</param>
/// <param name="Payload">The DNS message octets (for TCP, without the length prefix).</param>
public sealed record DnsDatagram(IPEndPoint Source, ReadOnlyMemory<byte> Payload);

/// <summary>A network failure of a transport, with its typed kind.</summary>
public sealed class DnsTransportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DnsTransportException()
        : this(DnsQueryErrorKind.NetworkError, "network error")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    public DnsTransportException(string message)
        : this(DnsQueryErrorKind.NetworkError, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The socket error behind it.</param>
    public DnsTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = DnsQueryErrorKind.NetworkError;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="kind">The kind of failure.</param>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The socket error behind it, if any.</param>
    public DnsTransportException(DnsQueryErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>The kind of failure.</summary>
    public DnsQueryErrorKind Kind { get; }
}
