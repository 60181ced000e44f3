using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using DaneKit.Dns;
using DaneKit.Dns.Resolver;

namespace DaneKit.Tests.Dns.Resolver;

/// <summary>The real transport over loopback: UDP, then TCP with the 2-octet framing of RFC 7766 8 after TC=1.</summary>
public sealed class SocketDnsTransportTests
{
    [Fact]
    public async Task TruncatedUdpThenFramedTcpOverLoopback()
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        var tcp = new TcpListener(IPAddress.Loopback, port);
        tcp.Start();
        try
        {
            var answers = Msg.Records("mx.example. 300 IN A 192.0.2.25\n");
            var udpServer = Task.Run(async () =>
            {
                var received = await udp.ReceiveAsync();
                var query = DnsMessage.Parse(received.Buffer);
                await udp.SendAsync(Msg.Reply(query, tc: true).ToWire(), received.RemoteEndPoint);
            });
            var tcpServer = Task.Run(async () =>
            {
                using var client = await tcp.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var prefix = new byte[2];
                await stream.ReadExactlyAsync(prefix);
                var body = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                await stream.ReadExactlyAsync(body);
                var reply = Msg.Reply(DnsMessage.Parse(body), answers: answers).ToWire();
                var framed = new byte[reply.Length + 2];
                BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)reply.Length);
                reply.CopyTo(framed, 2);
                await stream.WriteAsync(framed.AsMemory(0, 5)); // in two pieces: the reader must reassemble
                await stream.WriteAsync(framed.AsMemory(5));
            });

            var stub = new StubResolver(new StubResolverOptions
            {
                Servers = [new IPEndPoint(IPAddress.Loopback, port)],
                Timeout = TimeSpan.FromSeconds(5),
                Attempts = 1,
            });
            var result = await stub.QueryAsync(DnsName.Parse("mx.example."), DnsType.A);
            await Task.WhenAll(udpServer, tcpServer);

            Assert.True(result.IsSuccess, result.Error?.ToString());
            Assert.True(result.UsedTcp);
            Assert.Equal("192.0.2.25", Assert.Single(result.Response!.Answers).Data.ToString());
        }
        finally
        {
            tcp.Stop();
        }
    }

    [Fact]
    public async Task AClosedUdpPortIsConnectionRefused()
    {
        int port;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }

        var stub = new StubResolver(new StubResolverOptions
        {
            Servers = [new IPEndPoint(IPAddress.Loopback, port)],
            Timeout = TimeSpan.FromSeconds(2),
            Attempts = 1,
        });
        var result = await stub.QueryAsync(DnsName.Parse("mx.example."), DnsType.A);

        Assert.False(result.IsSuccess);
        Assert.Equal(DnsQueryErrorKind.ConnectionRefused, result.Error!.Kind);
    }
}
