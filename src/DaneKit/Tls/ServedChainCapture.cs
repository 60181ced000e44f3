using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace DaneKit.Tls;

/// <summary>
/// The client side of a TLS handshake that only looks: its validation callback records the certificates the server
/// served (through <see cref="ServedChain"/>, the one adapter) and accepts them, because DANE matching is done by
/// DaneKit's matcher against the chain as served, not by .NET (RFC 7671 5.2.2). .NET is told never to fetch
/// anything: no AIA certificate downloads, no revocation checks.
/// </summary>
/// <remarks>
/// It refuses (fails the handshake from the callback) a chain of more than <paramref name="maxCertificates"/>
/// certificates or more than <paramref name="maxBytes"/> bytes of DER in all (dane-rules 20); the first certificates
/// are still recorded, and <see cref="ServedCount"/> and <see cref="ServedBytes"/> say what was served.
/// </remarks>
/// <param name="maxCertificates">The most certificates accepted, at most <see cref="ServedChain.MaxCertificates"/>.</param>
/// <param name="maxBytes">The most bytes of DER accepted, all certificates together.</param>
internal sealed class ServedChainCapture(int maxCertificates = ServedChain.MaxCertificates, long maxBytes = long.MaxValue)
{
    /// <summary>The served certificates as DER, leaf first; empty until the callback ran.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Certificates { get; private set; } = [];

    /// <summary>Whether the validation callback ran, i.e. .NET got as far as showing the served chain.</summary>
    public bool CallbackRan { get; private set; }

    /// <summary>How many certificates the server sent, leaf included (all of them, not only those recorded).</summary>
    public int ServedCount { get; private set; }

    /// <summary>The bytes of DER of all the certificates the server sent.</summary>
    public long ServedBytes { get; private set; }

    /// <summary>Whether the chain has more than the allowed number of certificates; the handshake was refused.</summary>
    public bool TooLong => ServedCount > maxCertificates;

    /// <summary>Whether the chain has more than the allowed bytes; the handshake was refused.</summary>
    public bool TooLarge => ServedBytes > maxBytes;

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

            // .NET builds a chain before the callback whatever the callback decides; nothing here trusts the system's CA
            // store, so it is not named as the trust. (On Linux .NET still reads /etc/ssl/certs for that build: about
            // 36 ms of a probe's CPU, measured in bench/README.md.)
            TrustMode = X509ChainTrustMode.CustomRootTrust,
        },
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        AllowRenegotiation = false,

        // Every probe must see the chain the server sends now. A resumed session sends no certificate, and .NET then
        // reports the one of the earlier session, which may be another address of the same name (servers that share
        // ticket keys across listeners): a stale chain would be matched as if it were served.
        AllowTlsResume = false,
    };

    private bool Accept(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        CallbackRan = true;
        (ServedCount, ServedBytes) = ServedChain.Measure(certificate, chain);
        var der = ServedChain.DerFromValidationCallback(certificate, chain);
        Certificates = der;

        // Not a validation: the probe records what was served and the DANE matcher judges it (RFC 7672 3.1). A
        // self-signed or name-mismatched certificate is normal and valid under DANE-EE, so .NET's verdict is ignored.
        // Only a chain over the limits is refused: that is a hostile or broken server, not a certificate to judge.
        return !TooLong && !TooLarge;
    }
}
