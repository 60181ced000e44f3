using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;
using DaneKit.Tlsa;

namespace DaneKit.Rollover;

/// <summary>
/// A key a mail server serves or will serve: its SubjectPublicKeyInfo, and the certificate chain when one is known
/// (a certificate file, leaf first; empty for a bare key). The rollover commands compute its TLSA records and test
/// whether a published record matches it.
/// </summary>
/// <remarks>The chain's certificates belong to this object; dispose it when done.</remarks>
public sealed class RolloverCredential : IDisposable
{
    private RolloverCredential(byte[] spki, IReadOnlyList<X509Certificate2> chain, string source)
    {
        SubjectPublicKeyInfo = spki;
        Chain = chain;
        Source = source;
    }

    /// <summary>The DER SubjectPublicKeyInfo of the (leaf) key.</summary>
    public ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; }

    /// <summary>The SHA-256 of the SubjectPublicKeyInfo, upper-case hex: what <c>check --json</c> shows as a served certificate's <c>spkiSha256</c>.</summary>
    public string SpkiSha256 => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(SubjectPublicKeyInfo.Span));

    /// <summary>The certificates, leaf first; empty for a bare key.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>Where it came from (a file name), for messages.</summary>
    public string Source { get; }

    /// <summary>The leaf certificate, when a certificate was given.</summary>
    public X509Certificate2? Leaf => Chain.Count > 0 ? Chain[0] : null;

    /// <summary>The issuing CA's certificate (the second of the chain), when the file holds one.</summary>
    public X509Certificate2? Issuer => Chain.Count > 1 ? Chain[1] : null;

    /// <summary>Reads a certificate file (PEM chain or one DER certificate) or, failing that, a public or private key file.</summary>
    /// <param name="content">The file's octets.</param>
    /// <param name="source">Its name, for messages.</param>
    /// <param name="credential">The credential.</param>
    /// <param name="problem">What is wrong, in one line.</param>
    /// <returns>Whether it could be read.</returns>
    public static bool TryLoad(ReadOnlySpan<byte> content, string source, out RolloverCredential? credential, out string? problem)
    {
        credential = null;
        if (TlsaGeneratorInput.TryLoadCertificates(content, out var chain, out var certProblem))
        {
            byte[] spki;
            try
            {
                spki = chain[0].PublicKey.ExportSubjectPublicKeyInfo();
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                foreach (var c in chain)
                {
                    c.Dispose();
                }

                problem = $"the certificate's public key cannot be read: {e.Message}";
                return false;
            }

            credential = new RolloverCredential(spki, chain, source);
            problem = null;
            return true;
        }

        if (TlsaGeneratorInput.TryLoadSubjectPublicKeyInfo(content, out var key, out var keyProblem))
        {
            credential = new RolloverCredential(key, [], source);
            problem = null;
            return true;
        }

        problem = $"neither a certificate ({certProblem}) nor a key ({keyProblem})";
        return false;
    }

    /// <summary>The DANE-EE(3) SPKI(1) record of the key (RFC 7671 5.1: the recommended form).</summary>
    /// <param name="matchingType">The matching type; SHA2-256 by default.</param>
    /// <returns>The record.</returns>
    public TlsaData EndEntityRecord(TlsaMatchingType matchingType = TlsaMatchingType.Sha256) =>
        TlsaGenerator.Create(SubjectPublicKeyInfo.Span, TlsaUsage.DaneEe, matchingType);

    /// <summary>The DANE-TA(2) SPKI(1) record of the issuing CA (RFC 7671 5.2), when the chain holds it.</summary>
    /// <param name="matchingType">The matching type; SHA2-256 by default.</param>
    /// <returns>The record, or null without an issuer certificate.</returns>
    public TlsaData? IssuerRecord(TlsaMatchingType matchingType = TlsaMatchingType.Sha256) =>
        Issuer is { } ca ? TlsaGenerator.Create(ca, TlsaUsage.DaneTa, TlsaSelector.Spki, matchingType) : null;

    /// <summary>
    /// Whether a usable TLSA record would authenticate this credential when served. With a chain the real matcher decides
    /// (DANE-TA name and validity checks included, RFC 7672 3.1); with a bare key only DANE-EE(3) SPKI(1) records can be
    /// tested, and they match by the key alone (RFC 7672 3.1.1).
    /// </summary>
    /// <param name="record">The record.</param>
    /// <param name="names">The reference names for DANE-TA.</param>
    /// <param name="now">The time for validity checks (DANE-TA only).</param>
    /// <returns>Whether it matches.</returns>
    public bool IsMatchedBy(TlsaData record, DaneReferenceNames names, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (Chain.Count > 0)
        {
            return DaneMatcher.Match([record], Chain, names, now).Matched;
        }

        if (record.Usage != TlsaUsage.DaneEe || record.Selector != TlsaSelector.Spki || record.MatchingType > TlsaMatchingType.Sha512)
        {
            return false;
        }

        return record.CertificateAssociationData.SequenceEqual(TlsaGenerator.ComputeAssociationData(SubjectPublicKeyInfo.Span, record.MatchingType));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var c in Chain)
        {
            c.Dispose();
        }
    }
}
