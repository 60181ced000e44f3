using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace DaneKit.Tls;

/// <summary>
/// The client side of a TLS handshake that only looks: its validation callback records the certificates the server
/// served (through <see cref="ServedChain"/>, the one adapter) and accepts them, because DANE matching is done by
/// DaneKit's matcher against the chain as served, not by .NET (RFC 7671 5.2.2). .NET is told never to fetch
/// anything: no AIA certificate downloads, no revocation checks.
/// </summary>
internal sealed class ServedChainCapture
{
    /// <summary>The served certificates as DER, leaf first; empty until the callback ran.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Certificates { get; private set; } = [];

    /// <summary>Options for <see cref="SslStream.AuthenticateAsClientAsync(SslClientAuthenticationOptions, CancellationToken)"/>.</summary>
    /// <param name="serverName">The SNI name (RFC 6066 3); .NET sends none when it is an IP address.</param>
    public SslClientAuthenticationOptions CreateClientOptions(string serverName) => new()
    {
        TargetHost = serverName,

        // CA5359: Accept takes every certificate on purpose. The probe is not a TLS client that trusts a server: it
        // records what was served, and DaneKit's DANE matcher judges it against the TLSA records (RFC 7672 3.1), where
        // a self-signed or name-mismatched certificate can be valid (DANE-EE). Nothing is sent over the connection
        // that would need the server to be authenticated (no AUTH, no mail).
#pragma warning disable CA5359
        RemoteCertificateValidationCallback = Accept,
#pragma warning restore CA5359
        CertificateChainPolicy = new X509ChainPolicy
        {
            DisableCertificateDownloads = true,
            RevocationMode = X509RevocationMode.NoCheck,
        },
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        AllowRenegotiation = false,
    };

    private bool Accept(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var served = ServedChain.FromValidationCallback(certificate, chain);
        var der = new ReadOnlyMemory<byte>[served.Count];
        for (var i = 0; i < served.Count; i++)
        {
            der[i] = served[i].RawData;
            served[i].Dispose();
        }

        Certificates = der;

        // Not a validation: the probe records what was served and the DANE matcher judges it (RFC 7672 3.1). A
        // self-signed or name-mismatched certificate is normal and valid under DANE-EE, so .NET's verdict is ignored.
        return true;
    }
}
