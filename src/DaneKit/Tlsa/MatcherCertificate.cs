using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;

namespace DaneKit.Tlsa;

/// <summary>
/// A certificate as the matcher sees it: everything it needs read once, up front, so that a certificate the runtime
/// cannot read (disposed, odd key algorithm) is reported as such instead of throwing half-way through matching.
/// Association data (RFC 6698 2.1.2, 2.1.3) is computed on demand and kept.
/// </summary>
internal sealed class MatcherCertificate
{
    private readonly Dictionary<(TlsaSelector, TlsaMatchingType), byte[]> _associations = [];

    private MatcherCertificate(X509Certificate2 certificate, byte[] der, byte[] spki, byte[] subjectName, byte[] issuerName, string subject,
        DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        Certificate = certificate;
        Der = der;
        SubjectPublicKeyInfo = spki;
        SubjectName = subjectName;
        IssuerName = issuerName;
        Subject = subject;
        NotBefore = notBefore;
        NotAfter = notAfter;
    }

    /// <summary>The certificate.</summary>
    internal X509Certificate2 Certificate { get; }

    /// <summary>Its DER encoding.</summary>
    internal byte[] Der { get; }

    /// <summary>Its DER SubjectPublicKeyInfo.</summary>
    internal byte[] SubjectPublicKeyInfo { get; }

    /// <summary>The DER subject name.</summary>
    internal byte[] SubjectName { get; }

    /// <summary>The DER issuer name.</summary>
    internal byte[] IssuerName { get; }

    /// <summary>The subject for messages, e.g. "CN=mx.example.com", or "(empty subject)".</summary>
    internal string Subject { get; }

    /// <summary>notBefore.</summary>
    internal DateTimeOffset NotBefore { get; }

    /// <summary>notAfter.</summary>
    internal DateTimeOffset NotAfter { get; }

    /// <summary>Whether subject and issuer names are the same (self-issued, RFC 5280 6.1).</summary>
    internal bool SelfIssued => SubjectName.AsSpan().SequenceEqual(IssuerName);

    /// <summary>Reads a certificate.</summary>
    /// <param name="certificate">The certificate, possibly null or unreadable.</param>
    /// <param name="where">Where it is, for the message: "in position 2 of the served chain".</param>
    /// <param name="read">The certificate as read.</param>
    /// <param name="problem">Why it cannot be used.</param>
    /// <returns>Whether it could be read.</returns>
    internal static bool TryRead(X509Certificate2? certificate, string where, out MatcherCertificate? read, out string? problem)
    {
        read = null;
        if (certificate is null)
        {
            problem = $"there is no certificate {where}";
            return false;
        }

        try
        {
            var der = certificate.RawData;
            var spki = certificate.PublicKey.ExportSubjectPublicKeyInfo();
            var subject = certificate.Subject;
            read = new MatcherCertificate(certificate, der, spki, certificate.SubjectName.RawData, certificate.IssuerName.RawData,
                subject.Length == 0 ? "(empty subject)" : subject,
                new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
            problem = null;
            return true;
        }
        catch (Exception e) when (e is CryptographicException or ObjectDisposedException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            problem = $"the certificate {where} cannot be read: {e.Message}";
            return false;
        }
    }

    /// <summary>The association data this certificate gives for a selector and matching type (RFC 6698 2.1.2, 2.1.3).</summary>
    /// <param name="selector">Cert(0) or SPKI(1).</param>
    /// <param name="matchingType">Full(0), SHA2-256(1) or SHA2-512(2).</param>
    /// <returns>The data.</returns>
    internal byte[] Associate(TlsaSelector selector, TlsaMatchingType matchingType)
    {
        if (_associations.TryGetValue((selector, matchingType), out var cached))
        {
            return cached;
        }

        var selected = selector == TlsaSelector.Cert ? Der : SubjectPublicKeyInfo;
        var data = matchingType switch
        {
            TlsaMatchingType.Sha256 => SHA256.HashData(selected),
            TlsaMatchingType.Sha512 => SHA512.HashData(selected),
            _ => selected,
        };
        _associations[(selector, matchingType)] = data;
        return data;
    }

    /// <summary>Whether the record's data is what this certificate gives.</summary>
    /// <param name="record">The record.</param>
    /// <returns>True on a match.</returns>
    internal bool Matches(TlsaData record) =>
        Associate(record.Selector, record.MatchingType).AsSpan().SequenceEqual(record.CertificateAssociationData);

    /// <summary>The validity check of DANE-TA and the chains below an anchor: null when valid at <paramref name="now"/>.</summary>
    /// <param name="record">The record being matched, for the failure.</param>
    /// <param name="depth">This certificate's depth.</param>
    /// <param name="now">The time.</param>
    /// <param name="anchorDepth">The depth of the record's match, for the failure.</param>
    /// <returns>The failure, or null.</returns>
    internal DaneMatchFailure? CheckValidity(TlsaData record, int depth, DateTimeOffset now, int anchorDepth)
    {
        if (now > NotAfter)
        {
            return new DaneMatchFailure(record, DaneMatchFailureReason.Expired, string.Create(CultureInfo.InvariantCulture,
                $"the certificate at depth {depth} ({Subject}) expired at {NotAfter:u}"), anchorDepth);
        }

        return now < NotBefore
            ? new DaneMatchFailure(record, DaneMatchFailureReason.NotYetValid, string.Create(CultureInfo.InvariantCulture,
                $"the certificate at depth {depth} ({Subject}) is not valid before {NotBefore:u}"), anchorDepth)
            : null;
    }
}
