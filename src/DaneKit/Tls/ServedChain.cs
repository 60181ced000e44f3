using System.Security.Cryptography.X509Certificates;

namespace DaneKit.Tls;

/// <summary>
/// The one place that knows how .NET exposes the certificates a TLS peer sent. DANE matches against the chain
/// exactly as served (RFC 7671 5.2.2, dane-rules 15): never against the chain .NET builds, which may pull
/// certificates from the system store or fetch them by AIA.
/// </summary>
/// <remarks>
/// <para>
/// In a <see cref="System.Net.Security.RemoteCertificateValidationCallback"/>, <see cref="System.Net.Security.SslStream"/> passes the
/// peer's leaf as the certificate, and puts every certificate the peer sent into
/// <see cref="X509ChainPolicy.ExtraStore"/> of the chain, in the order of the TLS Certificate message. On Linux
/// (OpenSSL's <c>SSL_get_peer_cert_chain</c>) a client sees the leaf there too, first; a server does not. The chain's
/// <see cref="X509Chain.ChainElements"/> are what .NET built, and are not used.
/// </para>
/// <para>
/// This adapter has its own test (<c>ServedChainTests</c>) that runs a real TLS handshake with a server sending a
/// known chain, so a change in how .NET exposes the certificates shows up there and nowhere else.
/// </para>
/// </remarks>
public static class ServedChain
{
    /// <summary>The most certificates taken from a peer; more than this is hostile, and the rest is dropped.</summary>
    public const int MaxCertificates = 32;

    /// <summary>The certificates the peer sent, leaf first, as given to a certificate validation callback.</summary>
    /// <param name="certificate">The callback's certificate: the peer's leaf, or null when it sent none.</param>
    /// <param name="chain">The callback's chain, or null.</param>
    /// <returns>
    /// Copies of the served certificates (the caller disposes them), leaf first; empty when the peer sent none.
    /// The copies stay valid after the callback returns, when .NET disposes its own.
    /// </returns>
    public static IReadOnlyList<X509Certificate2> FromValidationCallback(X509Certificate? certificate, X509Chain? chain)
    {
        if (certificate is null)
        {
            return [];
        }

        var leafBytes = certificate.GetRawCertData();
        var result = new List<X509Certificate2>(4) { X509CertificateLoader.LoadCertificate(leafBytes) };
        var extra = chain?.ChainPolicy.ExtraStore;
        if (extra is null)
        {
            return result;
        }

        var start = 0;
        if (extra.Count > 0 && extra[0].RawData.AsSpan().SequenceEqual(leafBytes))
        {
            // The client-side view: the leaf leads the served list; it is already taken.
            start = 1;
        }

        for (var i = start; i < extra.Count && result.Count < MaxCertificates; i++)
        {
            result.Add(X509CertificateLoader.LoadCertificate(extra[i].RawData));
        }

        return result;
    }
}
