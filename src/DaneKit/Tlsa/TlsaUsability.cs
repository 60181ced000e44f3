using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;

namespace DaneKit.Tlsa;

/// <summary>
/// Checks one TLSA record on its own, as OpenSSL does when a record is added: known code points, the digest
/// length, and Full(0) data parsed up front (RFC 7672 3.1.3, RFC 7671 4).
/// </summary>
public static class TlsaUsability
{
    /// <summary>The length of SHA2-256 association data (RFC 6698 2.1.3).</summary>
    public const int Sha256Length = 32;

    /// <summary>The length of SHA2-512 association data (RFC 6698 2.1.3).</summary>
    public const int Sha512Length = 64;

    /// <summary>Checks a record.</summary>
    /// <param name="record">The record.</param>
    /// <param name="context">The protocol it is used for.</param>
    /// <param name="subjectPublicKeyInfo">For a usable Full(0) record, the DER SubjectPublicKeyInfo it publishes; otherwise empty.</param>
    /// <returns>The rejection, or <see langword="null"/> when the record is usable.</returns>
    public static TlsaRecordSetRejection? Check(TlsaData record, TlsaContext context, out ReadOnlyMemory<byte> subjectPublicKeyInfo)
    {
        ArgumentNullException.ThrowIfNull(record);
        subjectPublicKeyInfo = ReadOnlyMemory<byte>.Empty;
        var usage = (byte)record.Usage;
        var selector = (byte)record.Selector;
        var matching = (byte)record.MatchingType;

        if (usage > 3)
        {
            return Reject(record, TlsaUsabilityReason.UnknownUsage, $"unknown certificate usage {usage}");
        }

        if (context == TlsaContext.Smtp && record.Usage is TlsaUsage.PkixTa or TlsaUsage.PkixEe)
        {
            return Reject(record, TlsaUsabilityReason.PkixUsageInSmtp,
                $"usage {record.Usage.ToMnemonic()} is not used for SMTP (RFC 7672 3.1.3)");
        }

        if (selector > 1)
        {
            return Reject(record, TlsaUsabilityReason.UnknownSelector, $"unknown selector {selector}");
        }

        if (record.MatchingType == TlsaMatchingType.PrivMatch)
        {
            return Reject(record, TlsaUsabilityReason.PrivateMatchingType, "private matching type 255 (PrivMatch)");
        }

        if (matching > 2)
        {
            return Reject(record, TlsaUsabilityReason.UnknownMatchingType, $"unknown matching type {matching}");
        }

        var data = record.CertificateAssociationData;
        var expected = record.MatchingType switch
        {
            TlsaMatchingType.Sha256 => Sha256Length,
            TlsaMatchingType.Sha512 => Sha512Length,
            _ => -1,
        };
        if (expected >= 0 && data.Length != expected)
        {
            return Reject(record, TlsaUsabilityReason.DigestLengthMismatch,
                $"{record.MatchingType.ToMnemonic()} data is {data.Length} bytes, not {expected}");
        }

        if (record.MatchingType != TlsaMatchingType.Full)
        {
            return null;
        }

        if (record.Selector == TlsaSelector.Cert)
        {
            if (!TryParseCertificate(data, out var spki, out var problem))
            {
                return Reject(record, TlsaUsabilityReason.UnparseableCertificate, $"Full certificate data does not parse: {problem}");
            }

            subjectPublicKeyInfo = spki;
            return null;
        }

        if (!TryParseSubjectPublicKeyInfo(data, out var problem2))
        {
            return Reject(record, TlsaUsabilityReason.UnparseablePublicKey, $"Full SubjectPublicKeyInfo data does not parse: {problem2}");
        }

        subjectPublicKeyInfo = data.ToArray();
        return null;
    }

    /// <summary>Parses a DER certificate and returns its DER SubjectPublicKeyInfo.</summary>
    internal static bool TryParseCertificate(ReadOnlySpan<byte> der, out byte[] subjectPublicKeyInfo, out string? problem)
    {
        subjectPublicKeyInfo = [];
        if (der.IsEmpty)
        {
            problem = "empty";
            return false;
        }

        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            if (certificate.RawData.Length != der.Length)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"{der.Length - certificate.RawData.Length} bytes after the certificate");
                return false;
            }

            subjectPublicKeyInfo = certificate.PublicKey.ExportSubjectPublicKeyInfo();
            problem = null;
            return true;
        }
        catch (CryptographicException e)
        {
            problem = e.Message;
            return false;
        }
    }

    /// <summary>Checks that the data is exactly one DER SubjectPublicKeyInfo.</summary>
    internal static bool TryParseSubjectPublicKeyInfo(ReadOnlySpan<byte> der, out string? problem)
    {
        if (der.IsEmpty)
        {
            problem = "empty";
            return false;
        }

        try
        {
            _ = PublicKey.CreateFromSubjectPublicKeyInfo(der, out var read);
            if (read != der.Length)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"{der.Length - read} bytes after the SubjectPublicKeyInfo");
                return false;
            }

            problem = null;
            return true;
        }
        catch (CryptographicException e)
        {
            problem = e.Message;
            return false;
        }
    }

    private static TlsaRecordSetRejection Reject(TlsaData record, TlsaUsabilityReason reason, string detail) => new(record, reason, detail);
}
