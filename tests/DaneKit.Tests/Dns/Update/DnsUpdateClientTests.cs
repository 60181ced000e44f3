using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using DaneKit.Dns;
using DaneKit.Dns.Resolver;
using DaneKit.Dns.Update;
using static DaneKit.Tests.Dns.Update.UpdateSamples;

namespace DaneKit.Tests.Dns.Update;

/// <summary>
/// The client over real TCP on 127.0.0.1 against scripted servers: polite ones that sign their answers,
/// and hostile ones (close early, garbage, a huge length prefix, silence). No timing is asserted: a short
/// timeout only keeps the silent cases quick.
/// </summary>
public sealed class DnsUpdateClientTests
{
    private static readonly DnsUpdateOptions Quick = new() { Timeout = TimeSpan.FromMilliseconds(500) };

    private static DnsUpdateClient Client() => new(TimeProvider.System);

    /// <summary>A server that answers with <paramref name="rcode"/>, signed over the request's MAC with <paramref name="key"/>.</summary>
    private static FakeUpdateServer SigningServer(TsigKey? key, DnsResponseCode rcode, Func<byte[], byte[]>? tamper = null) =>
        new(async (request, stream, ct) =>
        {
            var response = Response(request, rcode);
            if (key is not null)
            {
                response = Tsig.SignResponse(response, key, RequestMac(request), TimeProvider.System).Wire.ToArray();
            }

            await FakeUpdateServer.SendFramedAsync(stream, tamper?.Invoke(response) ?? response, ct);
        });

    [Fact]
    public async Task SignedUpdateAppliedAndAuthenticated()
    {
        await using var server = SigningServer(Sha256Key, DnsResponseCode.NoError);
        var result = await Client().SendAsync(server.EndPoint, VectorUpdate(), Sha256Key, Quick, CancellationToken.None);

        Assert.Equal(DnsUpdateStatus.Applied, result.Status);
        Assert.True(result.IsSuccess);
        Assert.True(result.UsedTcp);
        Assert.Equal(DnsResponseCode.NoError, result.ResponseCode);
        Assert.Equal(TsigStatus.Verified, result.Tsig!.Status);
        Assert.Contains("response authenticated with key danekit-update. (hmac-sha256)", result.Reason, StringComparison.Ordinal);

        // What reached the server is the update, signed, with the ID the result reports.
        var request = Assert.Single(server.Requests);
        Assert.Equal(result.Id, BinaryPrimitives.ReadUInt16BigEndian(request));
        Assert.Equal(5, (request[2] >> 3) & 0xF); // OPCODE UPDATE
        Assert.Equal(3, BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(8))); // UPCOUNT
        Assert.True(Tsig.TryReadSignature(request, out var keyName, out _));
        Assert.Equal(Sha256Key.Name, keyName);
    }

    [Fact]
    public async Task ResponseThatCopiesEveryRequestSectionIsRead()
    {
        // RFC 2136 3.8 lets a server copy the prerequisite and update sections into its answer; the
        // delete-RRset entries there have empty RDATA, which the general decoder refuses for TLSA.
        await using var server = new FakeUpdateServer(async (request, stream, ct) =>
        {
            var echo = EchoResponse(request, Sha256Key.Name.WireLength, DnsResponseCode.NoError);
            var signed = Tsig.SignResponse(echo, Sha256Key, RequestMac(request), TimeProvider.System);
            await FakeUpdateServer.SendFramedAsync(stream, signed.Wire.ToArray(), ct);
        });
        var result = await Client().SendAsync(server.EndPoint, VectorUpdate(prerequisites: true), Sha256Key, Quick, CancellationToken.None);
        Assert.Equal(DnsUpdateStatus.Applied, result.Status);
        Assert.Equal(TsigStatus.Verified, result.Tsig!.Status);
        Assert.Equal(DnsResponseCode.NoError, result.ResponseCode);
        Assert.Null(result.Response); // not decodable as a general message; the header and TSIG were enough
    }

    [Fact]
    public async Task UnsignedUpdate()
    {
        await using var server = SigningServer(null, DnsResponseCode.NoError);
        var result = await Client().SendAsync(server.EndPoint, VectorUpdate(), null, Quick, CancellationToken.None);
        Assert.Equal(DnsUpdateStatus.Applied, result.Status);
        Assert.Equal(TsigStatus.NotSigned, result.Tsig!.Status);
        Assert.False(Tsig.TryReadSignature(Assert.Single(server.Requests), out _, out _));
    }

    [Theory]
    [InlineData(DnsResponseCode.Refused, "REFUSED: the server's policy does not allow this update (check its ACL for key danekit-update. and zone example.com.)")]
    [InlineData(DnsResponseCode.NotAuth, "NOTAUTH: the server is not authoritative for zone example.com.")]
    [InlineData(DnsResponseCode.NotZone, "NOTZONE: a name in the update is outside zone example.com.")]
    [InlineData(DnsResponseCode.YXRRSet, "YXRRSET: an RRset that must not exist does")]
    [InlineData(DnsResponseCode.NXRRSet, "NXRRSET: an RRset that must exist does not")]
    [InlineData(DnsResponseCode.ServFail, "SERVFAIL: the server failed to process the update")]
    public async Task RejectionsCarryTheRcodeAndAReason(DnsResponseCode rcode, string reason)
    {
        await using var server = SigningServer(Sha256Key, rcode);
        var result = await Client().SendAsync(server.EndPoint, VectorUpdate(), Sha256Key, Quick, CancellationToken.None);
        Assert.Equal(DnsUpdateStatus.Rejected, result.Status);
        Assert.Equal(rcode, result.ResponseCode);
        Assert.Equal(TsigStatus.Verified, result.Tsig!.Status);
        Assert.StartsWith(reason, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerSaysBadKey()
    {
        await using var server = new FakeUpdateServer(async (request, stream, ct) =>
            await FakeUpdateServer.SendFramedAsync(stream, WithUnsignedTsigError(Response(request, DnsResponseCode.NotAuth), Sha256Key.Name,
                Sha256Key.Algorithm.Name, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), TsigError.BadKey), ct));
        var result = await Client().SendAsync(server.EndPoint, VectorUpdate(), Sha256Key, Quick, CancellationToken.None);
        Assert.Equal(DnsUpdateStatus.TsigFailed, result.Status);
        Assert.Equal(DnsResponseCode.NotAuth, result.ResponseCode);
        Assert.Equal((TsigStatus.BadKey, true), (result.Tsig!.Status, result.Tsig.ReportedByServer));
        Assert.StartsWith("NOTAUTH, TSIG BADKEY: the server does not know key danekit-update.", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoerrorWithoutTsigIsNotSuccess()
    {
        await using var server = SigningServer(null, DnsResponseCode.NoError);
        var result = await Client().SendAsync(server.EndPoint, VectorUpdate(), Sha256Key, Quick, CancellationToken.None);
        Assert.Equal(DnsUpdateStatus.TsigFailed, result.Status);
        Assert.False(result.IsSuccess);
        Assert.Equal(TsigStatus.Missing, result.Tsig!.Status);
        Assert.Contains("may or may not have been applied", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoerrorSignedWithAnotherSecretIsNotSuccess()
    {
        var impostor = Key(UpdateVectors.Sha256KeyName, UpdateVectors.Sha256Algorithm, UpdateVectors.Sha512Secret);
        await using var server = SigningServer(impostor, DnsResponseCode.NoError);
        var result = await Client().SendAsync(server.EndPoint, VectorUpdate(), Sha256Key, Quick, CancellationToken.None);
        Assert.Equal(DnsUpdateStatus.TsigFailed, result.Status);
        Assert.Equal(TsigStatus.BadSig, result.Tsig!.Status);
    }

    [Fact]
    public async Task ServerClosesWithoutAnswering()
    {
        await using var server = new FakeUpdateServer((_, _, _) => Task.CompletedTask);
        var result = await Client().SendAsync(server.EndPoint, VectorUpdate(), Sha256Key, Quick, CancellationToken.None);
        Assert.Equal(DnsUpdateStatus.NetworkError, result.Status);
        Assert.Equal(DnsQueryErrorKind.ConnectionClosed, result.TransportError);
        Assert.Contains("closed the connection", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerClosesMidResponse()
    {
        await using var server = new FakeUpdateServer(async (request, stream, ct) =>
        {
            var framed = new byte[2 + 20];
            BinaryPrimitives.WriteUInt16BigEndian(framed, 100); // says 100, sends 20, closes
            await stream.WriteAsync(framed, ct);
        });
        var result = await Client().SendAsync(server.EndPoint, VectorUpdate(), Sha256Key, Quick, CancellationToken.None);
        Assert.Equal(DnsUpdateStatus.NetworkError, result.Status);
        Assert.Equal(DnsQueryErrorKind.ConnectionClosed, result.TransportError);
    }

    [Fact]
    public async Task GarbageWithTheRightIdIsMalformed()
    {
        await using var server = new FakeUpdateServer(async (request, stream, ct) =>
        {
            var garbage = new byte[40];
            new Random(1).NextBytes(garbage);
            request.AsSpan(0, 2).CopyTo(garbage);
            BinaryPrimitives.WriteUInt16BigEndian(garbage.AsSpan(4), 0xFFFF); // 65535 zone entries in 28 octets
            await FakeUpdateServer.SendFramedAsync(stream, garbage, ct);
        });
        var result = await Client().SendAsync(server.EndPoint, VectorUpdate(), Sha256Key, Quick, CancellationToken.None);
        Assert.Equal(DnsUpdateStatus.Malformed, result.Status);
        Assert.Contains("cannot be decoded", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageWithAnotherIdIsAMismatch()
    {
        await using var server = new FakeUpdateServer(async (request, stream, ct) =>
        {
            var reply = Response(request, DnsResponseCode.NoError, id: (ushort)(BinaryPrimitives.ReadUInt16BigEndian(request) ^ 0xFFFF));
            await FakeUpdateServer.SendFramedAsync(stream, reply, ct);
        });
        var result = await Client().SendAsync(server.EndPoint, VectorUpdate(), Sha256Key, Quick, CancellationToken.None);
        Assert.Equal(DnsUpdateStatus.Mismatch, result.Status);
    }

    [Fact]
    public async Task AQueryResponseIsNotAnUpdateResponse()
    {
        await using var server = new FakeUpdateServer(async (request, stream, ct) =>
            await FakeUpdateServer.SendFramedAsync(stream, Response(request, DnsResponseCode.NoError, opcode: 0), ct));
        var result = await Client().SendAsync(server.EndPoint, VectorUpdate(), Sha256Key, Quick, CancellationToken.None);
        Assert.Equal(DnsUpdateStatus.Mismatch, result.Status);
        Assert.Contains("OPCODE=0", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneOctetMessageIsAMismatchNotACrash()
    {
        await using var server = new FakeUpdateServer(async (request, stream, ct) =>
            await FakeUpdateServer.SendFramedAsync(stream, [0x12], ct));
        var result = await Client().SendAsync(server.EndPoint, VectorUpdate(), Sha256Key, Quick, CancellationToken.None);
        Assert.Equal(DnsUpdateStatus.Mismatch, result.Status);
    }

    [Fact]
    public async Task HugeLengthPrefixThenSilenceTimesOut()
    {
        await using var server = new FakeUpdateServer(async (request, stream, ct) =>
        {
            await stream.WriteAsync(new byte[] { 0xFF, 0xFF, 1, 2, 3 }, ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        var result = await Client().SendAsync(server.EndPoint, VectorUpdate(), Sha256Key, Quick, CancellationToken.None);
        Assert.Equal(DnsUpdateStatus.Timeout, result.Status);
        Assert.Equal(DnsQueryErrorKind.Timeout, result.TransportError);
    }

    [Fact]
    public async Task HugeLengthPrefixThenCloseIsConnectionClosed()
    {
        await using var server = new FakeUpdateServer(async (request, stream, ct) =>
            await stream.WriteAsync(new byte[] { 0xFF, 0xFF, 1, 2, 3 }, ct));
        var result = await Client().SendAsync(server.EndPoint, VectorUpdate(), Sha256Key, Quick, CancellationToken.None);
        Assert.Equal(DnsUpdateStatus.NetworkError, result.Status);
        Assert.Equal(DnsQueryErrorKind.ConnectionClosed, result.TransportError);
    }

    [Fact]
    public async Task SilentServerTimesOut()
    {
        await using var server = new FakeUpdateServer((_, _, ct) => Task.Delay(Timeout.Infinite, ct));
        var result = await Client().SendAsync(server.EndPoint, VectorUpdate(), Sha256Key, Quick, CancellationToken.None);
        Assert.Equal(DnsUpdateStatus.Timeout, result.Status);
        Assert.Contains("no TCP response from 127.0.0.1:", result.Reason, StringComparison.Ordinal);
        Assert.Null(result.Response);
    }

    [Fact]
    public async Task CancellationIsThrownNotReported()
    {
        await using var server = new FakeUpdateServer((_, _, ct) => Task.Delay(Timeout.Infinite, ct));
        using var cts = new CancellationTokenSource();
        var pending = Client().SendAsync(server.EndPoint, VectorUpdate(), Sha256Key, new DnsUpdateOptions { Timeout = TimeSpan.FromMinutes(5) }, cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task ClosedPortIsConnectionRefused()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        var result = await Client().SendAsync(new IPEndPoint(IPAddress.Loopback, port), VectorUpdate(), Sha256Key, Quick, CancellationToken.None);
        Assert.Equal(DnsUpdateStatus.NetworkError, result.Status);
        Assert.Equal(DnsQueryErrorKind.ConnectionRefused, result.TransportError);
        Assert.Contains("TCP to 127.0.0.1:", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverUdpWhenAsked()
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var endPoint = (IPEndPoint)udp.Client.LocalEndPoint!;
        var serverTask = Task.Run(async () =>
        {
            var received = await udp.ReceiveAsync();
            var stray = Response(received.Buffer, DnsResponseCode.NoError, id: (ushort)(BinaryPrimitives.ReadUInt16BigEndian(received.Buffer) + 1));
            await udp.SendAsync(stray, received.RemoteEndPoint); // another ID: dropped, the wait goes on
            var reply = Tsig.SignResponse(Response(received.Buffer, DnsResponseCode.NoError), Sha256Key, RequestMac(received.Buffer), TimeProvider.System);
            await udp.SendAsync(reply.Wire.ToArray(), received.RemoteEndPoint);
        });
        var result = await Client().SendAsync(endPoint, VectorUpdate(), Sha256Key, new DnsUpdateOptions { UseTcp = false, Timeout = TimeSpan.FromSeconds(5) },
            CancellationToken.None);
        await serverTask;
        Assert.Equal(DnsUpdateStatus.Applied, result.Status);
        Assert.False(result.UsedTcp);
    }

    [Fact]
    public async Task TruncatedUdpResponseIsRetriedOverTcp()
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        var tcp = new TcpListener(IPAddress.Loopback, port);
        tcp.Start();
        try
        {
            var udpServer = Task.Run(async () =>
            {
                var received = await udp.ReceiveAsync();
                var truncated = Response(received.Buffer, DnsResponseCode.NoError);
                truncated[2] |= 0x02; // TC
                await udp.SendAsync(truncated, received.RemoteEndPoint);
            });
            var tcpServer = Task.Run(async () =>
            {
                using var client = await tcp.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var prefix = new byte[2];
                await stream.ReadExactlyAsync(prefix);
                var request = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                await stream.ReadExactlyAsync(request);
                var reply = Tsig.SignResponse(Response(request, DnsResponseCode.NoError), Sha256Key, RequestMac(request), TimeProvider.System);
                await FakeUpdateServer.SendFramedAsync(stream, reply.Wire.ToArray(), CancellationToken.None);
            });
            var result = await Client().SendAsync(new IPEndPoint(IPAddress.Loopback, port), VectorUpdate(), Sha256Key,
                new DnsUpdateOptions { UseTcp = false, Timeout = TimeSpan.FromSeconds(5) }, CancellationToken.None);
            await Task.WhenAll(udpServer, tcpServer);
            Assert.Equal(DnsUpdateStatus.Applied, result.Status);
            Assert.True(result.UsedTcp);
            Assert.Equal(TsigStatus.Verified, result.Tsig!.Status);
        }
        finally
        {
            tcp.Stop();
        }
    }
}
