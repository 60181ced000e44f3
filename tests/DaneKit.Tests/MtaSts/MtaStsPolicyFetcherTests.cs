using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DaneKit.MtaSts;

namespace DaneKit.Tests.MtaSts;

/// <summary>
/// The policy fetch (RFC 8461 3.3) against a raw HTTP/1.1-over-TLS responder on 127.0.0.1 (TcpListener + SslStream),
/// reached through <see cref="MtaStsFetchOptions.ConnectTo"/> while SNI and Host stay <c>mta-sts.example.com</c>.
/// </summary>
public sealed class MtaStsPolicyFetcherTests
{
    private const string Policy = "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n";

    [Fact]
    public async Task FetchesATextPlainPolicy()
    {
        using var pki = new PolicyPki("mta-sts.example.com");
        await using var server = new PolicyServer(pki.ServerCertificate, Response("200 OK", "text/plain; charset=utf-8", Policy));
        var result = await Fetcher(pki, server).FetchAsync("example.com", CancellationToken.None);

        Assert.Empty(result.Findings);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(new Uri("https://mta-sts.example.com/.well-known/mta-sts.txt"), result.PolicyUrl);
        Assert.NotNull(result.Policy);
        Assert.Equal(MtaStsMode.Enforce, result.Policy.Mode);
        Assert.Equal(["mail.example.com", "*.example.net"], result.Policy.Mx);
        var request = await server.Request;
        Assert.StartsWith("GET /.well-known/mta-sts.txt HTTP/1.1\r\n", request, StringComparison.Ordinal);
        Assert.Contains("\r\nHost: mta-sts.example.com\r\n", request, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("mta-sts.example.com", server.Sni);
    }

    [Fact]
    public async Task ARedirectIsNotFollowed()
    {
        using var pki = new PolicyPki("mta-sts.example.com");
        await using var server = new PolicyServer(pki.ServerCertificate,
            Encoding.ASCII.GetBytes("HTTP/1.1 301 Moved Permanently\r\nLocation: https://elsewhere.example/mta-sts.txt\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        var result = await Fetcher(pki, server).FetchAsync("example.com", CancellationToken.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(MtaStsFindings.FetchRedirect, finding.Code);
        Assert.Equal(301, result.StatusCode);
        Assert.Contains("https://elsewhere.example/mta-sts.txt", finding.Message, StringComparison.Ordinal);
        Assert.Null(result.Policy);
    }

    [Fact]
    public async Task AStatusOtherThan200IsAnError()
    {
        using var pki = new PolicyPki("mta-sts.example.com");
        await using var server = new PolicyServer(pki.ServerCertificate, Response("404 Not Found", "text/plain", "no"));
        var result = await Fetcher(pki, server).FetchAsync("example.com", CancellationToken.None);

        Assert.Equal(MtaStsFindings.FetchHttpStatus, Assert.Single(result.Findings).Code);
        Assert.Null(result.Policy);
    }

    [Fact]
    public async Task AWrongContentTypeIsAnError()
    {
        using var pki = new PolicyPki("mta-sts.example.com");
        await using var server = new PolicyServer(pki.ServerCertificate, Response("200 OK", "text/html", Policy));
        var result = await Fetcher(pki, server).FetchAsync("example.com", CancellationToken.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(MtaStsFindings.FetchContentType, finding.Code);
        Assert.Contains("text/html", finding.Message, StringComparison.Ordinal);
        Assert.Null(result.Policy);
    }

    [Fact]
    public async Task AnOversizedBodyIsCutAtTheCap()
    {
        using var pki = new PolicyPki("mta-sts.example.com");

        // No Content-Length: the fetcher must count what it reads and stop at the cap (the server would send 1 MiB).
        var head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n");
        var body = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("mx: a.example.com\n", 60_000)));
        await using var server = new PolicyServer(pki.ServerCertificate, [.. head, .. body]);
        var result = await Fetcher(pki, server, o => o with { MaxBodyBytes = 4096 }).FetchAsync("example.com", CancellationToken.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(MtaStsFindings.FetchTooLarge, finding.Code);
        Assert.Contains("4096", finding.Message, StringComparison.Ordinal);
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task ADeclaredOversizedBodyIsRefusedBeforeReading()
    {
        using var pki = new PolicyPki("mta-sts.example.com");
        await using var server = new PolicyServer(pki.ServerCertificate,
            Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 10000000\r\n\r\nversion: STSv1\n"), stallAfter: true);
        var result = await Fetcher(pki, server).FetchAsync("example.com", CancellationToken.None);

        Assert.Equal(MtaStsFindings.FetchTooLarge, Assert.Single(result.Findings).Code);
    }

    [Fact]
    public async Task ASlowBodyTimesOut()
    {
        using var pki = new PolicyPki("mta-sts.example.com");
        await using var server = new PolicyServer(pki.ServerCertificate,
            Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 200\r\n\r\nversion: STSv1\n"), stallAfter: true);
        var started = DateTime.UtcNow;
        var result = await Fetcher(pki, server, o => o with { Timeout = TimeSpan.FromSeconds(1) }).FetchAsync("example.com", CancellationToken.None);

        Assert.Equal(MtaStsFindings.FetchTimeout, Assert.Single(result.Findings).Code);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AnUntrustedRootIsAnErrorWithTheReason()
    {
        using var pki = new PolicyPki("mta-sts.example.com");
        using var other = new PolicyPki("mta-sts.example.com");
        await using var server = new PolicyServer(pki.ServerCertificate, Response("200 OK", "text/plain", Policy));

        // The custom root given is another CA's: the served chain leads to an unknown root.
        var fetcher = new MtaStsPolicyFetcher(new MtaStsFetchOptions { CustomRoots = [other.Root], ConnectTo = server.EndPoint });
        var result = await fetcher.FetchAsync("example.com", CancellationToken.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(MtaStsFindings.FetchCertificate, finding.Code);
        Assert.Contains("untrusted", finding.Message, StringComparison.Ordinal);
        Assert.Null(result.Policy);
    }

    [Fact]
    public async Task NoCustomRootMeansSystemRootsOnly()
    {
        using var pki = new PolicyPki("mta-sts.example.com");
        await using var server = new PolicyServer(pki.ServerCertificate, Response("200 OK", "text/plain", Policy));
        var result = await new MtaStsPolicyFetcher(new MtaStsFetchOptions { ConnectTo = server.EndPoint }).FetchAsync("example.com", CancellationToken.None);

        Assert.Equal(MtaStsFindings.FetchCertificate, Assert.Single(result.Findings).Code);
    }

    [Fact]
    public async Task ACertificateForAnotherNameIsAnError()
    {
        using var pki = new PolicyPki("www.example.com");
        await using var server = new PolicyServer(pki.ServerCertificate, Response("200 OK", "text/plain", Policy));
        var result = await Fetcher(pki, server).FetchAsync("example.com", CancellationToken.None);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(MtaStsFindings.FetchCertificate, finding.Code);
        Assert.Contains("name mismatch", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedConnectionIsAConnectError()
    {
        // A port that was open a moment ago and is closed now.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endPoint = (IPEndPoint)listener.LocalEndpoint;
        listener.Stop();

        var result = await new MtaStsPolicyFetcher(new MtaStsFetchOptions { ConnectTo = endPoint }).FetchAsync("example.com", CancellationToken.None);
        Assert.Equal(MtaStsFindings.FetchConnect, Assert.Single(result.Findings).Code);
    }

    [Fact]
    public async Task AnInvalidPolicyBodyGivesTheParserFindings()
    {
        using var pki = new PolicyPki("mta-sts.example.com");
        await using var server = new PolicyServer(pki.ServerCertificate, Response("200 OK", "text/plain", "version: STSv1\nmode: enforce\n"));
        var result = await Fetcher(pki, server).FetchAsync("example.com", CancellationToken.None);

        Assert.NotNull(result.Body);
        Assert.Null(result.Policy);
        Assert.All(result.Findings, f => Assert.Equal(MtaStsFindings.PolicyMissingField, f.Code));
        Assert.Equal(2, result.Findings.Count);
    }

    [Fact]
    public void ThePolicyUrlIsTheWellKnownPathAtTheMtaStsHost()
    {
        Assert.Equal("mta-sts.example.com", MtaStsPolicyFetcher.PolicyHost("example.com."));
        Assert.Equal("https://mta-sts.example.com/.well-known/mta-sts.txt", MtaStsPolicyFetcher.PolicyUrl("example.com").ToString());
    }

    private static MtaStsPolicyFetcher Fetcher(PolicyPki pki, PolicyServer server, Func<Options, Options>? change = null)
    {
        var o = (change ?? (x => x))(new Options(TimeSpan.FromSeconds(20), MtaStsFetchOptions.DefaultMaxBodyBytes));
        return new MtaStsPolicyFetcher(new MtaStsFetchOptions
        {
            CustomRoots = [pki.Root],
            ConnectTo = server.EndPoint,
            Timeout = o.Timeout,
            MaxBodyBytes = o.MaxBodyBytes,
        });
    }

    private static byte[] Response(string status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return [.. Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n"), .. bytes];
    }

    private sealed record Options(TimeSpan Timeout, int MaxBodyBytes);
}

/// <summary>A root CA and a server certificate for one name, valid around now (made with <see cref="CertificateRequest"/>).</summary>
internal sealed class PolicyPki : IDisposable
{
    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public PolicyPki(string name)
    {
        var now = DateTimeOffset.UtcNow;
        var rootRequest = new CertificateRequest("CN=DaneKit MTA-STS Test Root", _rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        var leafRequest = new CertificateRequest($"CN={name}", _leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        leafRequest.CertificateExtensions.Add(san.Build());
        using var leaf = leafRequest.Create(Root, now.AddDays(-1), now.AddDays(10), [7, 8, 9]);
        ServerCertificate = leaf.CopyWithPrivateKey(_leafKey);
    }

    /// <summary>The root (public part), given to the fetcher as a custom root.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The server certificate with its key.</summary>
    public X509Certificate2 ServerCertificate { get; }

    public void Dispose()
    {
        ServerCertificate.Dispose();
        Root.Dispose();
        _leafKey.Dispose();
        _rootKey.Dispose();
    }
}

/// <summary>
/// A one-connection HTTP/1.1-over-TLS responder on 127.0.0.1: reads the request head, writes the canned bytes, then
/// closes (or, with <c>stallAfter</c>, keeps the connection open and silent until disposed).
/// </summary>
internal sealed class PolicyServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(30));
    private readonly TaskCompletionSource<string> _request = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _served;

    public PolicyServer(X509Certificate2 certificate, byte[] response, bool stallAfter = false)
    {
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _served = Task.Run(() => ServeAsync(certificate, response, stallAfter, _cts.Token));
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>The request head as received.</summary>
    public Task<string> Request => _request.Task;

    /// <summary>The SNI name the client sent.</summary>
    public string? Sni { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _listener.Stop();
        try
        {
            await _served;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
            // the client gave up (certificate refused, cap reached, timeout): expected in several tests
        }

        _cts.Dispose();
    }

    private async Task ServeAsync(X509Certificate2 certificate, byte[] response, bool stallAfter, CancellationToken ct)
    {
        using var client = await _listener.AcceptTcpClientAsync(ct);
        await using var ssl = new SslStream(client.GetStream(), false);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, ct);
        Sni = ssl.TargetHostName;
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 16384 && !(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await ssl.ReadAsync(one, ct) == 0)
            {
                break;
            }

            head.Add(one[0]);
        }

        _request.TrySetResult(Encoding.ASCII.GetString([.. head]));
        await ssl.WriteAsync(response, ct);
        await ssl.FlushAsync(ct);
        if (stallAfter)
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
    }
}
