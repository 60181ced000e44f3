using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;

namespace DaneKit.Tlsa;

/// <summary>
/// Computes TLSA certificate association data (RFC 6698 2.1) from a certificate or a public key: selector Cert(0)
/// takes the certificate DER, SPKI(1) the SubjectPublicKeyInfo DER; matching type Full(0) publishes it as is,
/// SHA2-256(1) and SHA2-512(2) its digest.
/// </summary>
public static class TlsaGenerator
{
    /// <summary>Computes the association data for a certificate.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <param name="selector">Cert(0) or SPKI(1).</param>
    /// <param name="matchingType">Full(0), SHA2-256(1) or SHA2-512(2).</param>
    /// <returns>The data.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The selector or matching type is not one of those.</exception>
    public static byte[] ComputeAssociationData(X509Certificate2 certificate, TlsaSelector selector, TlsaMatchingType matchingType)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var selected = selector switch
        {
            TlsaSelector.Cert => certificate.RawData,
            TlsaSelector.Spki => certificate.PublicKey.ExportSubjectPublicKeyInfo(),
            _ => throw new ArgumentOutOfRangeException(nameof(selector), selector, "the selector must be Cert(0) or SPKI(1)"),
        };
        return Match(selected, matchingType);
    }

    /// <summary>Computes SPKI(1) association data for a DER SubjectPublicKeyInfo.</summary>
    /// <param name="subjectPublicKeyInfo">The DER SubjectPublicKeyInfo.</param>
    /// <param name="matchingType">Full(0), SHA2-256(1) or SHA2-512(2).</param>
    /// <returns>The data.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The matching type is not one of those.</exception>
    public static byte[] ComputeAssociationData(ReadOnlySpan<byte> subjectPublicKeyInfo, TlsaMatchingType matchingType) =>
        Match(subjectPublicKeyInfo, matchingType);

    /// <summary>Creates a TLSA record for a certificate.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <param name="usage">The usage.</param>
    /// <param name="selector">Cert(0) or SPKI(1).</param>
    /// <param name="matchingType">Full(0), SHA2-256(1) or SHA2-512(2).</param>
    /// <returns>The record.</returns>
    public static TlsaData Create(X509Certificate2 certificate, TlsaUsage usage, TlsaSelector selector, TlsaMatchingType matchingType) =>
        new(usage, selector, matchingType, ComputeAssociationData(certificate, selector, matchingType));

    /// <summary>Creates an SPKI(1) TLSA record for a public key.</summary>
    /// <param name="subjectPublicKeyInfo">The DER SubjectPublicKeyInfo.</param>
    /// <param name="usage">The usage.</param>
    /// <param name="matchingType">Full(0), SHA2-256(1) or SHA2-512(2).</param>
    /// <returns>The record.</returns>
    public static TlsaData Create(ReadOnlySpan<byte> subjectPublicKeyInfo, TlsaUsage usage, TlsaMatchingType matchingType) =>
        new(usage, TlsaSelector.Spki, matchingType, ComputeAssociationData(subjectPublicKeyInfo, matchingType));

    /// <summary>
    /// One record per certificate of a chain, by role: the first certificate is the leaf and gets DANE-EE(3), each
    /// following one is a CA and gets DANE-TA(2) (RFC 7671 5.1, 5.2).
    /// </summary>
    /// <param name="chain">The chain, leaf first, as a server sends it.</param>
    /// <param name="selector">Cert(0) or SPKI(1).</param>
    /// <param name="matchingType">Full(0), SHA2-256(1) or SHA2-512(2).</param>
    /// <returns>The records, in chain order.</returns>
    public static IReadOnlyList<TlsaGeneratorChainRecord> CreateForChain(IReadOnlyList<X509Certificate2> chain, TlsaSelector selector,
        TlsaMatchingType matchingType)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var records = new TlsaGeneratorChainRecord[chain.Count];
        for (var i = 0; i < chain.Count; i++)
        {
            var usage = i == 0 ? TlsaUsage.DaneEe : TlsaUsage.DaneTa;
            records[i] = new TlsaGeneratorChainRecord(Create(chain[i], usage, selector, matchingType), i, chain[i].Subject);
        }

        return records;
    }

    private static byte[] Match(ReadOnlySpan<byte> selected, TlsaMatchingType matchingType) => matchingType switch
    {
        TlsaMatchingType.Full => selected.ToArray(),
        TlsaMatchingType.Sha256 => SHA256.HashData(selected),
        TlsaMatchingType.Sha512 => SHA512.HashData(selected),
        _ => throw new ArgumentOutOfRangeException(nameof(matchingType), matchingType, "the matching type must be Full(0), SHA2-256(1) or SHA2-512(2)"),
    };
}
