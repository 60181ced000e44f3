using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DaneKit.Tlsa;

/// <summary>
/// The one place in the matcher that knows the signature algorithms: checks that a certificate was signed by a
/// given public key, using the certificate's own tbsCertificate and signatureValue (RFC 5280 4.1), without any
/// system store or chain engine.
/// </summary>
/// <remarks>
/// Supported: sha256/384/512WithRSAEncryption (PKCS#1 v1.5, RFC 4055) and ecdsa-with-SHA256/384/512 (RFC 5758,
/// DER-encoded Ecdsa-Sig-Value). Anything else is reported as unsupported rather than as a bad signature.
/// </remarks>
internal static class MatcherSignatures
{
    private const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    private const string Sha384WithRsa = "1.2.840.113549.1.1.12";
    private const string Sha512WithRsa = "1.2.840.113549.1.1.13";
    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    private const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    private const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";

    /// <summary>Checks that the certificate <paramref name="certificateDer"/> is signed by <paramref name="issuerSpki"/>.</summary>
    /// <param name="certificateDer">The DER certificate whose signature is checked.</param>
    /// <param name="issuerSpki">The DER SubjectPublicKeyInfo of the presumed issuer.</param>
    /// <param name="problem">Why the check failed, when it did.</param>
    /// <returns>True when the signature verifies; false, with the reason, for any input, however malformed.</returns>
    internal static bool Verifies(ReadOnlyMemory<byte> certificateDer, ReadOnlyMemory<byte> issuerSpki, out string? problem)
    {
        ReadOnlyMemory<byte> tbs;
        string algorithm;
        byte[] signature;
        try
        {
            var reader = new AsnReader(certificateDer, AsnEncodingRules.DER);
            var cert = reader.ReadSequence();
            tbs = cert.ReadEncodedValue();
            var algorithmIdentifier = cert.ReadSequence();
            algorithm = algorithmIdentifier.ReadObjectIdentifier();
            signature = cert.ReadBitString(out var unusedBits);
            if (unusedBits != 0)
            {
                problem = "the signatureValue BIT STRING has unused bits";
                return false;
            }
        }
        catch (AsnContentException e)
        {
            problem = "the certificate is not DER: " + e.Message;
            return false;
        }

        var (isRsa, hash) = algorithm switch
        {
            Sha256WithRsa => (true, HashAlgorithmName.SHA256),
            Sha384WithRsa => (true, HashAlgorithmName.SHA384),
            Sha512WithRsa => (true, HashAlgorithmName.SHA512),
            EcdsaWithSha256 => (false, HashAlgorithmName.SHA256),
            EcdsaWithSha384 => (false, HashAlgorithmName.SHA384),
            EcdsaWithSha512 => (false, HashAlgorithmName.SHA512),
            _ => (false, default(HashAlgorithmName)),
        };
        if (hash == default)
        {
            problem = $"signature algorithm {algorithm} is not supported";
            return false;
        }

        PublicKey issuerKey;
        try
        {
            issuerKey = PublicKey.CreateFromSubjectPublicKeyInfo(issuerSpki.Span, out _);
        }
        catch (CryptographicException e)
        {
            problem = "the issuer key cannot be read: " + e.Message;
            return false;
        }

        try
        {
            if (isRsa)
            {
                using var rsa = issuerKey.GetRSAPublicKey();
                if (rsa is null)
                {
                    problem = "the signature is RSA but the issuer key is not";
                    return false;
                }

                problem = rsa.VerifyData(tbs.Span, signature, hash, RSASignaturePadding.Pkcs1) ? null : "the RSA signature does not verify";
                return problem is null;
            }

            using var ecdsa = issuerKey.GetECDsaPublicKey();
            if (ecdsa is null)
            {
                problem = "the signature is ECDSA but the issuer key is not";
                return false;
            }

            problem = ecdsa.VerifyData(tbs.Span, signature, hash, DSASignatureFormat.Rfc3279DerSequence) ? null : "the ECDSA signature does not verify";
            return problem is null;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or PlatformNotSupportedException)
        {
            problem = "the issuer key cannot be used: " + e.Message;
            return false;
        }
    }
}
