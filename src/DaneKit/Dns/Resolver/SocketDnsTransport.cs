using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace DaneKit.Dns.Resolver;

/// <summary>
/// The real network: UDP with a connected socket on a fresh ephemeral port per query, or TCP with the
/// 2-octet length framing of RFC 7766 8. IPv4 and IPv6. Responses are bounded at 65535 octets, the most
/// either framing can carry.
/// </summary>
public sealed class SocketDnsTransport : IDnsTransport
{
    /// <summary>The largest DNS message: a UDP datagram's payload, and what a 2-octet TCP length can say.</summary>
    public const int MaxMessageSize = 65535;

    /// <summary>A shared instance; the transport has no state.</summary>
    public static SocketDnsTransport Instance { get; } = new();

    /// <inheritdoc/>
    public async Task<IDnsExchange> SendAsync(IPEndPoint server, ReadOnlyMemory<byte> query, bool tcp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (query.Length > MaxMessageSize)
        {
            throw new ArgumentException("the query exceeds 65535 octets", nameof(query));
        }

        var socket = tcp
            ? new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Connecting a UDP socket makes the kernel drop datagrams from other sources and report ICMP errors.
            await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
            if (tcp)
            {
                var framed = new byte[query.Length + 2];
                BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
                query.Span.CopyTo(framed.AsSpan(2));
                await SendAllAsync(socket, framed, cancellationToken).ConfigureAwait(false);
                return new TcpExchange(socket, server);
            }

            await socket.SendAsync(query, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            return new UdpExchange(socket, server);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw Map(e, server, tcp);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var n = await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[n..];
        }
    }

    private static DnsTransportException Map(SocketException e, IPEndPoint server, bool tcp)
    {
        var proto = tcp ? "TCP" : "UDP";
        var kind = e.SocketErrorCode switch
        {
            SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.NetworkDown or SocketError.HostDown
                or SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported => DnsQueryErrorKind.NetworkUnreachable,
            SocketError.ConnectionRefused => DnsQueryErrorKind.ConnectionRefused,
            SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => tcp
                ? DnsQueryErrorKind.ConnectionClosed
                : DnsQueryErrorKind.ConnectionRefused,
            _ => DnsQueryErrorKind.NetworkError,
        };
        return new DnsTransportException(kind, $"{proto} to {server}: {e.Message} ({e.SocketErrorCode})", e);
    }

    private sealed class UdpExchange(Socket socket, IPEndPoint server) : IDnsExchange
    {
        public async ValueTask<DnsDatagram> ReceiveAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[MaxMessageSize];
            try
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                return new DnsDatagram(server, buffer.AsMemory(0, n));
            }
            catch (SocketException e)
            {
                throw Map(e, server, tcp: false);
            }
        }

        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class TcpExchange(Socket socket, IPEndPoint server) : IDnsExchange
    {
        public async ValueTask<DnsDatagram> ReceiveAsync(CancellationToken cancellationToken)
        {
            try
            {
                var prefix = new byte[2];
                await ReadExactlyAsync(prefix, cancellationToken).ConfigureAwait(false);
                var length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
                var message = new byte[length];
                await ReadExactlyAsync(message, cancellationToken).ConfigureAwait(false);
                return new DnsDatagram(server, message);
            }
            catch (SocketException e)
            {
                throw Map(e, server, tcp: true);
            }
        }

        private async Task ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            while (!buffer.IsEmpty)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new DnsTransportException(DnsQueryErrorKind.ConnectionClosed, $"TCP to {server}: the server closed the connection mid-response");
                }

                buffer = buffer[n..];
            }
        }

        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
