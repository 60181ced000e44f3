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
        var result = new List<X509Certificate2>(4);
        foreach (var der in Served(certificate, chain))
        {
            if (result.Count == MaxCertificates)
            {
                break;
            }

            result.Add(X509CertificateLoader.LoadCertificate(der.Span));
        }

        return result;
    }

    /// <summary>
    /// The DER octets of the served certificates, leaf first, at most <see cref="MaxCertificates"/>, copied out of the
    /// callback's objects (which .NET disposes after the handshake) without parsing them.
    /// </summary>
    /// <param name="certificate">The callback's certificate.</param>
    /// <param name="chain">The callback's chain.</param>
    /// <returns>The DER of each certificate.</returns>
    public static IReadOnlyList<ReadOnlyMemory<byte>> DerFromValidationCallback(X509Certificate? certificate, X509Chain? chain)
    {
        var result = new List<ReadOnlyMemory<byte>>(4);
        foreach (var der in Served(certificate, chain))
        {
            if (result.Count == MaxCertificates)
            {
                break;
            }

            result.Add(der.ToArray());
        }

        return result;
    }

    /// <summary>
    /// How many certificates the peer sent and their total DER size, counting every one, beyond
    /// <see cref="MaxCertificates"/> too: for limits on what a peer may send.
    /// </summary>
    /// <param name="certificate">The callback's certificate.</param>
    /// <param name="chain">The callback's chain.</param>
    /// <returns>The count (leaf included) and the bytes.</returns>
    public static (int Count, long Bytes) Measure(X509Certificate? certificate, X509Chain? chain)
    {
        var count = 0;
        long bytes = 0;
        foreach (var der in Served(certificate, chain))
        {
            count++;
            bytes += der.Length;
        }

        return (count, bytes);
    }

    /// <summary>The DER of every served certificate, leaf first, read where .NET puts them (see the remarks).</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> Served(X509Certificate? certificate, X509Chain? chain)
    {
        if (certificate is null)
        {
            yield break;
        }

        var leaf = certificate.GetRawCertData();
        yield return leaf;
        var extra = chain?.ChainPolicy.ExtraStore;
        for (var i = 0; extra is not null && i < extra.Count; i++)
        {
            var der = extra[i].RawDataMemory;

            // The client-side view: the leaf leads the served list; it is already given.
            if (i == 0 && der.Span.SequenceEqual(leaf))
            {
                continue;
            }

            yield return der;
        }
    }
}
