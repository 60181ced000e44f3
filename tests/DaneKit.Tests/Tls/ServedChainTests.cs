using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Tls;

namespace DaneKit.Tests.Tls;

/// <summary>
/// The adapter's own test: a real TLS handshake over loopback with a server that sends leaf + intermediate, and a
/// client whose .NET chain is built up to a root the server never sent. The adapter must give exactly what was
/// sent, in order; the chain .NET built must not leak in.
/// </summary>
public sealed class ServedChainTests
{
    private static readonly DateTimeOffset NotBefore = DateTimeOffset.UtcNow.AddDays(-1);
    private static readonly DateTimeOffset NotAfter = DateTimeOffset.UtcNow.AddDays(30);

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task GivesTheServedCertificatesInOrderNotTheBuiltChain(SslProtocols protocol)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = CaRequest("CN=Served Chain Test Root", rootKey).CreateSelfSigned(NotBefore, NotAfter);
        using var intermediate = CaRequest("CN=Served Chain Test Intermediate", intermediateKey)
            .Create(root, NotBefore.AddMinutes(1), NotAfter.AddMinutes(-1), [1, 2, 3]);
        using var intermediateWithKey = intermediate.CopyWithPrivateKey(intermediateKey);
        var leafRequest = new CertificateRequest("CN=mx.example", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var leafPublic = leafRequest.Create(intermediateWithKey, NotBefore.AddMinutes(2), NotAfter.AddMinutes(-2), [4, 5, 6]);
        using var leaf = leafPublic.CopyWithPrivateKey(leafKey);

        IReadOnlyList<X509Certificate2>? served = null;
        var builtChainLength = 0;
        var serverContext = SslStreamCertificateContext.Create(leaf, [intermediate], offline: true);
        await RunHandshakeAsync(protocol, serverContext, (sender, certificate, chain, errors) =>
        {
            served = ServedChain.FromValidationCallback(certificate, chain);
            builtChainLength = chain?.ChainElements.Count ?? 0;
            return errors == SslPolicyErrors.None;
        }, root);

        Assert.NotNull(served);
        Assert.Equal(2, served!.Count);
        Assert.Equal(leaf.RawData, served[0].RawData);
        Assert.Equal(intermediate.RawData, served[1].RawData);

        // .NET's own chain went up to the root the client trusts, which the server never sent.
        Assert.Equal(3, builtChainLength);

        // The copies outlive the callback.
        Assert.Equal("CN=mx.example", served[0].Subject);
        foreach (var c in served)
        {
            c.Dispose();
        }
    }

    [Fact]
    public void NoCertificateGivesAnEmptyList()
    {
        Assert.Empty(ServedChain.FromValidationCallback(null, null));
    }

    [Fact]
    public void ALeafWithoutAChainIsServedAlone()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = new CertificateRequest("CN=alone", key, HashAlgorithmName.SHA256).CreateSelfSigned(NotBefore, NotAfter);
        var served = ServedChain.FromValidationCallback(leaf, null);
        Assert.Single(served);
        Assert.Equal(leaf.RawData, served[0].RawData);
    }

    [Fact]
    public void TheServerSideViewWithoutTheLeafInTheExtraStoreGetsTheLeafPrepended()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = new CertificateRequest("CN=leaf", key, HashAlgorithmName.SHA256).CreateSelfSigned(NotBefore, NotAfter);
        using var ca = new CertificateRequest("CN=ca", other, HashAlgorithmName.SHA256).CreateSelfSigned(NotBefore, NotAfter);
        using var chain = new X509Chain();
        chain.ChainPolicy.ExtraStore.Add(ca);
        var served = ServedChain.FromValidationCallback(leaf, chain);
        Assert.Equal(2, served.Count);
        Assert.Equal(leaf.RawData, served[0].RawData);
        Assert.Equal(ca.RawData, served[1].RawData);
    }

    [Fact]
    public void MeasureCountsEveryServedCertificateWhileTheListStopsAtTheCap()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = new CertificateRequest("CN=leaf", key, HashAlgorithmName.SHA256).CreateSelfSigned(NotBefore, NotAfter);
        using var chain = new X509Chain();
        chain.ChainPolicy.ExtraStore.Add(leaf);
        var expectedBytes = (long)leaf.RawData.Length;
        var extra = new List<X509Certificate2>();
        for (var i = 0; i < ServedChain.MaxCertificates + 8; i++)
        {
            var ca = new CertificateRequest($"CN=ca {i}", key, HashAlgorithmName.SHA256).CreateSelfSigned(NotBefore, NotAfter);
            extra.Add(ca);
            chain.ChainPolicy.ExtraStore.Add(ca);
            expectedBytes += ca.RawData.Length;
        }

        var (count, bytes) = ServedChain.Measure(leaf, chain);
        var served = ServedChain.FromValidationCallback(leaf, chain);

        Assert.Equal(ServedChain.MaxCertificates + 9, count);
        Assert.Equal(expectedBytes, bytes);
        Assert.Equal(ServedChain.MaxCertificates, served.Count);
        Assert.Equal(leaf.RawData, served[0].RawData);
        Assert.Equal(extra[0].RawData, served[1].RawData);
        Assert.Equal((0, 0L), ServedChain.Measure(null, chain));
        foreach (var c in served.Concat(extra))
        {
            c.Dispose();
        }
    }

    private static CertificateRequest CaRequest(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request;
    }

    private static async Task RunHandshakeAsync(
        SslProtocols protocol, SslStreamCertificateContext serverContext, RemoteCertificateValidationCallback validate, X509Certificate2 trustedRoot)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var serverTask = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptTcpClientAsync(cts.Token);
            await using var ssl = new SslStream(accepted.GetStream(), false);
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = serverContext,
                EnabledSslProtocols = protocol,
            }, cts.Token);
            await ssl.WriteAsync(new byte[] { 1 }, cts.Token);
        }, cts.Token);

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
        await using var clientSsl = new SslStream(client.GetStream(), false);
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.Add(trustedRoot);
        await clientSsl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "mx.example",
            EnabledSslProtocols = protocol,
            RemoteCertificateValidationCallback = validate,
            CertificateChainPolicy = policy,
        }, cts.Token);
        var buffer = new byte[1];
        Assert.Equal(1, await clientSsl.ReadAsync(buffer, cts.Token));
        await serverTask;
    }
}
