using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DaneKit.Tlsa;

/// <summary>
/// Reads the input of the TLSA generator from file contents, PEM or DER: certificates, or a public or private key
/// reduced to its SubjectPublicKeyInfo. Failures come back as one line saying what is wrong, never an exception.
/// </summary>
public static class TlsaGeneratorInput
{
    /// <summary>Reads certificates: every PEM <c>CERTIFICATE</c> block in order, or one DER certificate.</summary>
    /// <param name="content">The file contents.</param>
    /// <param name="certificates">The certificates, in file order; the caller disposes them.</param>
    /// <param name="problem">What is wrong, or <see langword="null"/>.</param>
    /// <returns>Whether at least one certificate was read.</returns>
    public static bool TryLoadCertificates(ReadOnlySpan<byte> content, out IReadOnlyList<X509Certificate2> certificates, out string? problem)
    {
        certificates = [];
        if (content.IsEmpty)
        {
            problem = "the file is empty";
            return false;
        }

        var list = new List<X509Certificate2>();
        try
        {
            if (IsPem(content, out var text))
            {
                foreach (var (label, der) in PemBlocks(text))
                {
                    if (label is "CERTIFICATE")
                    {
                        list.Add(Load(der));
                    }
                }

                if (list.Count == 0)
                {
                    problem = "no valid PEM CERTIFICATE block found";
                    return false;
                }
            }
            else
            {
                list.Add(Load(content.ToArray()));
            }
        }
        catch (CryptographicException e)
        {
            foreach (var c in list)
            {
                c.Dispose();
            }

            problem = $"not a valid certificate (PEM or DER): {e.Message}";
            return false;
        }

        certificates = list;
        problem = null;
        return true;
    }

    /// <summary>
    /// Reads a key and returns its DER SubjectPublicKeyInfo. PEM <c>PUBLIC KEY</c>, <c>PRIVATE KEY</c> (PKCS #8,
    /// RSA or EC), <c>RSA PRIVATE KEY</c>, <c>EC PRIVATE KEY</c>, <c>RSA PUBLIC KEY</c>; or DER SubjectPublicKeyInfo
    /// or PKCS #8. A PEM file with a certificate takes the certificate's key.
    /// </summary>
    /// <param name="content">The file contents.</param>
    /// <param name="subjectPublicKeyInfo">The DER SubjectPublicKeyInfo.</param>
    /// <param name="problem">What is wrong, or <see langword="null"/>.</param>
    /// <returns>Whether a key was read.</returns>
    public static bool TryLoadSubjectPublicKeyInfo(ReadOnlySpan<byte> content, out byte[] subjectPublicKeyInfo, out string? problem)
    {
        subjectPublicKeyInfo = [];
        if (content.IsEmpty)
        {
            problem = "the file is empty";
            return false;
        }

        try
        {
            if (IsPem(content, out var text))
            {
                foreach (var (label, der) in PemBlocks(text))
                {
                    byte[]? spki = label switch
                    {
                        "PUBLIC KEY" => CheckedSpki(der),
                        "PRIVATE KEY" => FromPkcs8(der),
                        "RSA PRIVATE KEY" => FromRsaPrivateKey(der),
                        "RSA PUBLIC KEY" => FromRsaPublicKey(der),
                        "EC PRIVATE KEY" => FromEcPrivateKey(der),
                        "CERTIFICATE" => FromCertificate(der),
                        _ => null,
                    };
                    if (spki is not null)
                    {
                        subjectPublicKeyInfo = spki;
                        problem = null;
                        return true;
                    }
                }

                problem = "no valid PEM PUBLIC KEY, PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block found";
                return false;
            }

            var bytes = content.ToArray();
            subjectPublicKeyInfo = TlsaUsability.TryParseSubjectPublicKeyInfo(bytes, out _) ? bytes : FromPkcs8(bytes);
            problem = null;
            return true;
        }
        catch (CryptographicException e)
        {
            problem = $"not a valid key (PEM or DER): {e.Message}";
            return false;
        }
    }

    private static X509Certificate2 Load(byte[] der)
    {
        var certificate = X509CertificateLoader.LoadCertificate(der);
        if (certificate.RawData.Length != der.Length)
        {
            certificate.Dispose();
            throw new CryptographicException("data after the certificate");
        }

        return certificate;
    }

    private const string RsaEncryption = "1.2.840.113549.1.1.1";
    private const string EcPublicKey = "1.2.840.10045.2.1";
    private const string Ed25519 = "1.3.101.112";
    private const string Ed448 = "1.3.101.113";

    private static bool IsPem(ReadOnlySpan<byte> content, out string text)
    {
        text = "";
        if (content.IndexOf("-----BEGIN "u8) < 0)
        {
            return false;
        }

        text = Encoding.ASCII.GetString(content);
        return true;
    }

    private static List<(string Label, byte[] Der)> PemBlocks(string text)
    {
        var blocks = new List<(string, byte[])>();
        var rest = text.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            var span = rest.Span;
            blocks.Add((span[fields.Label].ToString(), Convert.FromBase64String(span[fields.Base64Data].ToString())));
            rest = rest[fields.Location.End..];
        }

        return blocks;
    }

    private static byte[] CheckedSpki(byte[] der) =>
        TlsaUsability.TryParseSubjectPublicKeyInfo(der, out var problem) ? der : throw new CryptographicException(problem);

    private static byte[] FromCertificate(byte[] der)
    {
        using var certificate = Load(der);
        return certificate.PublicKey.ExportSubjectPublicKeyInfo();
    }

    private static byte[] FromPkcs8(byte[] der)
    {
        // PKCS #8 (RFC 5208) names its algorithm inside: read it, so an unsupported key says which algorithm it is.
        string algorithm;
        ReadOnlyMemory<byte> privateKey;
        try
        {
            var info = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            _ = info.ReadInteger();
            algorithm = info.ReadSequence().ReadObjectIdentifier();
            privateKey = info.ReadOctetString();
        }
        catch (AsnContentException e)
        {
            throw new CryptographicException("not a SubjectPublicKeyInfo or PKCS #8 private key: " + e.Message, e);
        }

        switch (algorithm)
        {
            case RsaEncryption:
            {
                using var rsa = RSA.Create();
                rsa.ImportPkcs8PrivateKey(der, out var read);
                return read == der.Length ? rsa.ExportSubjectPublicKeyInfo() : throw new CryptographicException("data after the key");
            }

            case EcPublicKey:
            {
                using var ec = ECDsa.Create();
                ec.ImportPkcs8PrivateKey(der, out var read);
                return read == der.Length ? ec.ExportSubjectPublicKeyInfo() : throw new CryptographicException("data after the key");
            }

            case Ed25519:
            case Ed448:
                return FromEdwardsPrivateKey(algorithm, privateKey.Span);
            default:
                throw new CryptographicException($"unsupported key algorithm {algorithm} (supported: RSA, EC, Ed25519, Ed448)");
        }
    }

    /// <summary>The SubjectPublicKeyInfo of an Ed25519 or Ed448 private key (RFC 8410 7: CurvePrivateKey in the octets).</summary>
    private static byte[] FromEdwardsPrivateKey(string algorithm, ReadOnlySpan<byte> privateKeyOctets)
    {
        byte[] seed;
        try
        {
            seed = new AsnReader(privateKeyOctets.ToArray(), AsnEncodingRules.DER).ReadOctetString();
        }
        catch (AsnContentException e)
        {
            throw new CryptographicException("the Edwards-curve private key is not a CurvePrivateKey: " + e.Message, e);
        }

        byte[] publicKey;
        if (algorithm == Ed25519)
        {
            if (seed.Length != Org.BouncyCastle.Crypto.Parameters.Ed25519PrivateKeyParameters.KeySize)
            {
                throw new CryptographicException($"an Ed25519 private key is 32 bytes, this is {seed.Length}");
            }

            publicKey = new Org.BouncyCastle.Crypto.Parameters.Ed25519PrivateKeyParameters(seed).GeneratePublicKey().GetEncoded();
        }
        else
        {
            if (seed.Length != Org.BouncyCastle.Crypto.Parameters.Ed448PrivateKeyParameters.KeySize)
            {
                throw new CryptographicException($"an Ed448 private key is 57 bytes, this is {seed.Length}");
            }

            publicKey = new Org.BouncyCastle.Crypto.Parameters.Ed448PrivateKeyParameters(seed).GeneratePublicKey().GetEncoded();
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(algorithm);
            }

            writer.WriteBitString(publicKey);
        }

        return writer.Encode();
    }

    private static byte[] FromRsaPrivateKey(byte[] der)
    {
        using var rsa = RSA.Create();
        rsa.ImportRSAPrivateKey(der, out _);
        return rsa.ExportSubjectPublicKeyInfo();
    }

    private static byte[] FromRsaPublicKey(byte[] der)
    {
        using var rsa = RSA.Create();
        rsa.ImportRSAPublicKey(der, out _);
        return rsa.ExportSubjectPublicKeyInfo();
    }

    private static byte[] FromEcPrivateKey(byte[] der)
    {
        using var ec = ECDsa.Create();
        ec.ImportECPrivateKey(der, out _);
        return ec.ExportSubjectPublicKeyInfo();
    }
}
