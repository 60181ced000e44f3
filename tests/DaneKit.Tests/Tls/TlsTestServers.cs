using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DaneKit.Dns.Records;

namespace DaneKit.Tests.Tls;

/// <summary>A clock pinned to one instant, for DANE-TA validity checks.</summary>
internal sealed class PinnedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>
/// A small PKI made with <see cref="CertificateRequest"/>: a root, an intermediate and a leaf issued by it, all valid
/// in a fixed window (so a pinned clock can put "now" inside or after it). The root is never served.
/// </summary>
internal sealed class TestPki : IDisposable
{
    /// <summary>The start of every certificate's validity.</summary>
    public static readonly DateTimeOffset NotBefore = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The end of the CA certificates' validity.</summary>
    public static readonly DateTimeOffset CaNotAfter = new(2031, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A time inside every certificate's validity.</summary>
    public static readonly DateTimeOffset Inside = new(2030, 1, 15, 0, 0, 0, TimeSpan.Zero);

    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _intermediateWithKey;

    /// <summary>Makes the PKI.</summary>
    /// <param name="leafName">The leaf's DNS name (SAN and CN).</param>
    /// <param name="leafNotAfter">The end of the leaf's validity.</param>
    public TestPki(string leafName, DateTimeOffset leafNotAfter)
    {
        using var root = CaRequest("CN=DaneKit Test Root", _rootKey).CreateSelfSigned(NotBefore, CaNotAfter);
        Intermediate = CaRequest("CN=DaneKit Test Intermediate", _intermediateKey).Create(root, NotBefore, CaNotAfter, [1, 2, 3]);
        _intermediateWithKey = Intermediate.CopyWithPrivateKey(_intermediateKey);
        var leafRequest = new CertificateRequest($"CN={leafName}", _leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(leafName);
        leafRequest.CertificateExtensions.Add(san.Build());
        using var leafPublic = leafRequest.Create(_intermediateWithKey, NotBefore, leafNotAfter, [4, 5, 6]);
        Leaf = leafPublic.CopyWithPrivateKey(_leafKey);
    }

    /// <summary>The leaf, with its private key.</summary>
    public X509Certificate2 Leaf { get; }

    /// <summary>The intermediate CA certificate (served after the leaf).</summary>
    public X509Certificate2 Intermediate { get; }

    /// <summary>The server's certificate context: leaf + intermediate, as sent in the TLS Certificate message.</summary>
    public SslStreamCertificateContext ServerContext() => SslStreamCertificateContext.Create(Leaf, [Intermediate], offline: true);

    /// <summary>A "3 1 1" record of the leaf's key.</summary>
    public TlsaData DaneEe311() => Spki256(TlsaUsage.DaneEe, Leaf);

    /// <summary>A "2 1 1" record of the intermediate's key.</summary>
    public TlsaData DaneTa211() => Spki256(TlsaUsage.DaneTa, Intermediate);

    /// <summary>A "usage 1 1" record of a certificate's key.</summary>
    public static TlsaData Spki256(TlsaUsage usage, X509Certificate2 certificate) =>
        new(usage, TlsaSelector.Spki, TlsaMatchingType.Sha256, SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    public void Dispose()
    {
        Leaf.Dispose();
        _intermediateWithKey.Dispose();
        Intermediate.Dispose();
        _leafKey.Dispose();
        _intermediateKey.Dispose();
        _rootKey.Dispose();
    }

    private static CertificateRequest CaRequest(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request;
    }
}

/// <summary>
/// In-process servers on 127.0.0.1: a TLS server that sends a given chain, and a minimal SMTP server with STARTTLS.
/// Each serves one connection and stops; a client that aborts the handshake only ends the server's task.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(30));

    private LoopbackServer(Func<TcpClient, CancellationToken, Task> serve)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Served = Task.Run(async () =>
        {
            using var accepted = await _listener.AcceptTcpClientAsync(_cts.Token);
            await serve(accepted, _cts.Token);
        });
    }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The server's work; faults when the client aborted the handshake.</summary>
    public Task Served { get; }

    /// <summary>Cancels everything the test does after 30 seconds.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>A TLS server that completes the handshake and writes one byte.</summary>
    public static LoopbackServer Tls(SslStreamCertificateContext context) => new(async (client, ct) =>
    {
        await using var ssl = new SslStream(client.GetStream(), false);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context }, ct);
        await ssl.WriteAsync(new byte[] { 42 }, ct);
        await ssl.FlushAsync(ct);
    });

    /// <summary>
    /// A minimal SMTP server: 220 greeting, EHLO with STARTTLS, "220 Ready", the TLS handshake, then EHLO and QUIT
    /// inside TLS.
    /// </summary>
    public static LoopbackServer Smtp(SslStreamCertificateContext context) => new(async (client, ct) =>
    {
        var stream = client.GetStream();
        await WriteAsync(stream, "220 mx.example ESMTP DaneKit test\r\n", ct);
        while (true)
        {
            var line = await ReadLineAsync(stream, ct);
            if (line.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase))
            {
                await WriteAsync(stream, "250-mx.example\r\n250-PIPELINING\r\n250 STARTTLS\r\n", ct);
            }
            else if (line.Equals("STARTTLS", StringComparison.OrdinalIgnoreCase))
            {
                await WriteAsync(stream, "220 2.0.0 Ready to start TLS\r\n", ct);
                break;
            }
            else
            {
                await WriteAsync(stream, "502 5.5.2 not in this test\r\n", ct);
            }
        }

        await using var ssl = new SslStream(stream, false);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context }, ct);
        while (true)
        {
            var line = await ReadLineAsync(ssl, ct);
            if (line.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase))
            {
                await WriteAsync(ssl, "250-mx.example\r\n250 PIPELINING\r\n", ct);
            }
            else if (line.Equals("QUIT", StringComparison.OrdinalIgnoreCase))
            {
                await WriteAsync(ssl, "221 2.0.0 Bye\r\n", ct);
                return;
            }
            else
            {
                await WriteAsync(ssl, "502 5.5.2 not in this test\r\n", ct);
            }
        }
    });

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await Served.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException
            or OperationCanceledException or SocketException or TimeoutException or ObjectDisposedException)
        {
            // The client rejected the server, or the test ended first: the server's part is over either way.
        }

        _cts.Dispose();
    }

    private static async Task WriteAsync(Stream stream, string text, CancellationToken ct)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text), ct);
        await stream.FlushAsync(ct);
    }

    /// <summary>Reads one CRLF line a byte at a time, so nothing after it (the TLS handshake) is consumed.</summary>
    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken ct)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (line.Length < 1000)
        {
            if (await stream.ReadAsync(one, ct) == 0)
            {
                throw new IOException("the client closed the connection");
            }

            if (one[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }

        throw new IOException("line too long");
    }
}
