using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using TlsServerProtocol = Org.BouncyCastle.Tls.TlsServerProtocol;

namespace DaneKit.Tests.Smtp;

/// <summary>
/// A scripted server on 127.0.0.1 (port chosen by the system) for one connection. The script talks raw bytes, so it
/// can misbehave in any way; it may switch to TLS with a real <see cref="SslStream"/> and records the SNI name it
/// received. Everything it read is kept in <see cref="Received"/>. The server gives up after 20 s whatever happens,
/// or when disposed: then its connection is closed, so even a blocked write or a blocking TLS handshake ends.
/// </summary>
internal sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(20));
    private readonly Task _task;

    public FakeSmtpServer(Func<FakeSmtpSession, Task> script)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Endpoint = (IPEndPoint)_listener.LocalEndpoint;
        _task = Task.Run(async () =>
        {
            using var client = await _listener.AcceptTcpClientAsync(_cts.Token);
            using var closeOnCancel = _cts.Token.Register(client.Dispose);
            var session = new FakeSmtpSession(client.GetStream(), this, _cts.Token);
            try
            {
                await script(session);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // The client went away or the test is over (BouncyCastle's TlsException is an IOException too): the
                // script simply ends.
            }
            finally
            {
                await session.DisposeAsync();
            }
        });
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>The lines the server read from the client, in order (over TLS too).</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>The SNI name the client sent, once the script did TLS.</summary>
    public string? SniReceived { get; set; }

    /// <summary>Waits for the script to end (at most 20 s).</summary>
    public Task CompletionAsync() => _task.WaitAsync(TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _listener.Stop();
        try
        {
            await _task.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or SocketException)
        {
        }

        _cts.Dispose();
    }
}

/// <summary>The server side of one connection, for a script.</summary>
internal sealed class FakeSmtpSession(NetworkStream network, FakeSmtpServer server, CancellationToken cancellationToken) : IAsyncDisposable
{
    private Stream _stream = network;

    public CancellationToken Token => cancellationToken;

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>Reads one line (without CRLF), or null when the client closed.</summary>
    public async Task<string?> ReadLineAsync()
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await _stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            if (one[0] == (byte)'\n')
            {
                var text = Encoding.Latin1.GetString(line.ToArray()).TrimEnd('\r');
                server.Received.Enqueue(text);
                return text;
            }

            line.Add(one[0]);
        }
    }

    /// <summary>Reads whatever the client sent next, at least one byte (e.g. a TLS ClientHello).</summary>
    public async Task ReadSomeAsync()
    {
        var buffer = new byte[16384];
        _ = await _stream.ReadAsync(buffer, cancellationToken); // any amount will do: the point is that the client spoke
    }

    /// <summary>Reads a line and sends the reply.</summary>
    public async Task ReplyAsync(string reply)
    {
        await ReadLineAsync();
        await SendAsync(reply);
    }

    /// <summary>Does the server side of a TLS handshake with the test chain (leaf + intermediate), or the given one.</summary>
    public async Task StartTlsAsync(SslStreamCertificateContext? context = null)
    {
        var ssl = new SslStream(_stream, false);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context ?? SmtpTestPki.ServerContext }, cancellationToken);
        server.SniReceived = ssl.TargetHostName;
        _stream = ssl;
    }

    /// <summary>
    /// Does the server side of a TLS handshake that sends <paramref name="chain"/> exactly as it is (BouncyCastle's
    /// TLS, blocking; disposing the server ends it).
    /// </summary>
    public async Task StartTlsAsync(HostileChain chain)
    {
        var protocol = new TlsServerProtocol(_stream);
        await Task.Run(() => protocol.Accept(new HostileTlsServer(chain)), cancellationToken);
        _stream = protocol.Stream;
    }

    /// <summary>Sends <paramref name="count"/> bytes made of <paramref name="block"/> repeated, in writes of the block's size.</summary>
    public async Task SendRepeatedAsync(byte[] block, long count)
    {
        for (long sent = 0; sent < count; sent += block.Length)
        {
            await _stream.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, count - sent)), cancellationToken);
        }

        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>Sends the bytes one at a time, <paramref name="interval"/> apart.</summary>
    public async Task TrickleAsync(byte[] bytes, TimeSpan interval)
    {
        foreach (var b in bytes)
        {
            await SendAsync([b]);
            await Task.Delay(interval, cancellationToken);
        }
    }

    /// <summary>Reads until the client closes (or the test ends), so the client sees no reset.</summary>
    public async Task DrainAsync()
    {
        while (await ReadLineAsync() is not null)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _stream.DisposeAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Closing TLS sends close_notify; the connection may be gone already (BouncyCastle's TLS then throws).
        }
    }
}

/// <summary>The test chain: a root (never served) → intermediate → leaf for mx.example.com, made once.</summary>
internal static class SmtpTestPki
{
    private static readonly Lazy<(X509Certificate2 Leaf, X509Certificate2 Intermediate, SslStreamCertificateContext Context)> Chain = new(Create);

    public static X509Certificate2 Leaf => Chain.Value.Leaf;

    public static X509Certificate2 Intermediate => Chain.Value.Intermediate;

    public static SslStreamCertificateContext ServerContext => Chain.Value.Context;

    private static (X509Certificate2, X509Certificate2, SslStreamCertificateContext) Create()
    {
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        var notAfter = DateTimeOffset.UtcNow.AddDays(30);
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = CaRequest("CN=Probe Test Root", rootKey).CreateSelfSigned(notBefore, notAfter);
        var intermediate = CaRequest("CN=Probe Test Intermediate", intermediateKey).Create(root, notBefore, notAfter, [1, 2, 3]);
        using var intermediateWithKey = intermediate.CopyWithPrivateKey(intermediateKey);
        var leafRequest = new CertificateRequest("CN=mx.example.com", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("mx.example.com");
        leafRequest.CertificateExtensions.Add(san.Build());
        using var leafPublic = leafRequest.Create(intermediateWithKey, notBefore, notAfter, [4, 5, 6]);
        var leaf = leafPublic.CopyWithPrivateKey(leafKey);
        return (leaf, intermediate, SslStreamCertificateContext.Create(leaf, [intermediate], offline: true));
    }

    private static CertificateRequest CaRequest(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request;
    }
}
