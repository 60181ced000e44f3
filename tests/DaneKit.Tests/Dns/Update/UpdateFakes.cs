using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dns.Update;

namespace DaneKit.Tests.Dns.Update;

/// <summary>A clock pinned at a given second; timers (the client's deadline) still run on real time.</summary>
internal sealed class UpdateClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public static UpdateClock At(long unixSeconds) => new(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>The messages and keys of the reference vectors (make-vectors.py builds the same ones with dnspython).</summary>
internal static class UpdateSamples
{
    public static DnsName N(string name) => DnsName.Parse(name);

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    public static TlsaData TlsaRdata(string hex) => new(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, Hex(hex));

    /// <summary>Add one TLSA record, delete another, delete a whole TLSA RRset.</summary>
    public static DnsUpdateMessage VectorUpdate(bool prerequisites = false)
    {
        var u = new DnsUpdateMessage(N(UpdateVectors.Zone));
        if (prerequisites)
        {
            u.RequireRRsetExists(N("_25._tcp.mail.example.com."), DnsType.TLSA)
                .RequireRRsetAbsent(N("_25._tcp.new.example.com."), DnsType.TLSA)
                .RequireNameInUse(N("mail.example.com."))
                .RequireNameNotInUse(N("new.example.com."));
        }

        return u.AddRecord(N("_25._tcp.mail.example.com."), 3600, TlsaRdata(UpdateVectors.NewHash))
            .DeleteRecord(N("_25._tcp.mail.example.com."), TlsaRdata(UpdateVectors.OldHash))
            .DeleteRRset(N("_25._tcp.old.example.com."), DnsType.TLSA);
    }

    public static TsigKey Key(string name, string algorithm, string secret) =>
        TsigKey.ParseCommandLine($"{algorithm}:{name}:{secret}");

    public static TsigKey Sha256Key => Key(UpdateVectors.Sha256KeyName, UpdateVectors.Sha256Algorithm, UpdateVectors.Sha256Secret);

    /// <summary>
    /// The MAC of a signed message whose TSIG record is last and has no Other Data, read from the end
    /// (test-side, independent of the library's parser; the general decoder cannot read UPDATE requests
    /// because their delete-RRset entries have empty RDATA).
    /// </summary>
    public static byte[] RequestMac(ReadOnlySpan<byte> signed, int macSize = 32)
    {
        var macAt = signed.Length - 6 - macSize;
        Assert.Equal(macSize, BinaryPrimitives.ReadUInt16BigEndian(signed[(macAt - 2)..]));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(signed[^2..]));
        return signed.Slice(macAt, macSize).ToArray();
    }

    /// <summary>The length of the zone section's name at offset 12 (uncompressed, as every UPDATE writes it).</summary>
    private static int ZoneNameLength(ReadOnlySpan<byte> request)
    {
        var at = 12;
        while (request[at] != 0)
        {
            at += request[at] + 1;
        }

        return at + 1 - 12;
    }

    /// <summary>
    /// An UPDATE response to <paramref name="request"/>, unsigned: the header with QR and the RCODE, and the
    /// zone section copied; the other sections left out (RFC 2136 3.8 allows either).
    /// </summary>
    public static byte[] Response(ReadOnlySpan<byte> request, DnsResponseCode rcode, ushort? id = null, byte opcode = 5, bool qr = true)
    {
        var end = 12 + ZoneNameLength(request) + 4;
        var r = request[..end].ToArray();
        if (id is { } newId)
        {
            BinaryPrimitives.WriteUInt16BigEndian(r, newId);
        }

        r[2] = (byte)((qr ? 0x80 : 0) | ((opcode & 0xF) << 3));
        r[3] = (byte)((byte)rcode & 0xF);
        BinaryPrimitives.WriteUInt16BigEndian(r.AsSpan(4), 1);
        r.AsSpan(6, 6).Clear();
        return r;
    }

    /// <summary>
    /// An UPDATE response that copies every section of the request (RFC 2136 3.8's other choice): the
    /// request without its TSIG record (hmac-sha256 key <paramref name="keyNameLength"/> octets long), QR set.
    /// </summary>
    public static byte[] EchoResponse(ReadOnlySpan<byte> signedRequest, int keyNameLength, DnsResponseCode rcode)
    {
        var tsigLength = keyNameLength + 10 + 13 + 10 + 32 + 6;
        var r = signedRequest[..^tsigLength].ToArray();
        r[2] |= 0x80;
        r[3] = (byte)((byte)rcode & 0xF);
        BinaryPrimitives.WriteUInt16BigEndian(r.AsSpan(10), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(r.AsSpan(10)) - 1));
        return r;
    }

    /// <summary>Appends an unsigned TSIG error record (empty MAC), as a server does for BADKEY and BADSIG (RFC 8945 5.3.2).</summary>
    public static byte[] WithUnsignedTsigError(byte[] response, DnsName keyName, DnsName algorithm, long time, TsigError error)
    {
        using var ms = new MemoryStream();
        ms.Write(response);
        ms.Write(keyName.Wire);
        var fixedPart = new byte[10];
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart, 250);
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart.AsSpan(2), 255);
        ms.Write(fixedPart.AsSpan(0, 8));
        var rdata = new MemoryStream();
        rdata.Write(algorithm.Wire);
        var rest = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(rest, (ushort)(time >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(rest.AsSpan(2), (uint)time);
        BinaryPrimitives.WriteUInt16BigEndian(rest.AsSpan(6), 300);
        BinaryPrimitives.WriteUInt16BigEndian(rest.AsSpan(8), 0); // MAC size
        BinaryPrimitives.WriteUInt16BigEndian(rest.AsSpan(10), BinaryPrimitives.ReadUInt16BigEndian(response));
        BinaryPrimitives.WriteUInt16BigEndian(rest.AsSpan(12), (ushort)error);
        BinaryPrimitives.WriteUInt16BigEndian(rest.AsSpan(14), 0);
        rdata.Write(rest);
        var len = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(len, (ushort)rdata.Length);
        ms.Write(len);
        ms.Write(rdata.ToArray());
        var wire = ms.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(wire.AsSpan(10), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(wire.AsSpan(10)) + 1));
        return wire;
    }
}

/// <summary>
/// A one-connection-at-a-time TCP server on 127.0.0.1 that runs a script per connection: read the
/// framed request, then do whatever the test says (answer, close, send garbage, stall).
/// </summary>
internal sealed class FakeUpdateServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeUpdateServer(Func<byte[], NetworkStream, CancellationToken, Task> script)
    {
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                using (client)
                {
                    try
                    {
                        var stream = client.GetStream();
                        var prefix = new byte[2];
                        await stream.ReadExactlyAsync(prefix, _stop.Token);
                        var request = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                        await stream.ReadExactlyAsync(request, _stop.Token);
                        Requests.Add(request);
                        await script(request, stream, _stop.Token);
                    }
                    catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
                    {
                        // The client went away or the test ended.
                    }
                }
            }
        });
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public List<byte[]> Requests { get; } = [];

    public static async Task SendFramedAsync(NetworkStream stream, byte[] message, CancellationToken cancellationToken)
    {
        var framed = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.CopyTo(framed, 2);
        await stream.WriteAsync(framed, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
