using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace DaneKit.Tests.Dnssec.Crypto;

/// <summary>Fresh keys in DNSKEY public key format, and signatures made with them, for the algorithms without a published vector at hand.</summary>
internal static class TestKeys
{
    /// <summary>RFC 3110 2: exponent length in 1 octet (or 0 and 2 octets), exponent, modulus.</summary>
    public static byte[] RsaDnskey(ReadOnlySpan<byte> exponent, ReadOnlySpan<byte> modulus)
    {
        byte[] prefix = exponent.Length <= 255 ? [(byte)exponent.Length] : [0, (byte)(exponent.Length >> 8), (byte)exponent.Length];
        return [.. prefix, .. exponent, .. modulus];
    }

    public static (byte[] Key, byte[] Signature) SignRsa(int bits, HashAlgorithmName hash, byte[] data)
    {
        using var rsa = RSA.Create(bits);
        var p = rsa.ExportParameters(false);
        return (RsaDnskey(p.Exponent, p.Modulus), rsa.SignData(data, hash, RSASignaturePadding.Pkcs1));
    }

    public static (byte[] Key, byte[] Signature) SignEcdsa(ECCurve curve, HashAlgorithmName hash, byte[] data)
    {
        using var ecdsa = ECDsa.Create(curve);
        var p = ecdsa.ExportParameters(false);
        return ([.. p.Q.X!, .. p.Q.Y!], ecdsa.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    public static (byte[] Key, byte[] Signature) SignEd25519(byte[] data, SecureRandom? random = null)
    {
        var priv = new Ed25519PrivateKeyParameters(random ?? new SecureRandom());
        var signer = new Ed25519Signer();
        signer.Init(true, priv);
        signer.BlockUpdate(data, 0, data.Length);
        return (priv.GeneratePublicKey().GetEncoded(), signer.GenerateSignature());
    }

    public static (byte[] Key, byte[] Signature) SignEd448(byte[] data)
    {
        var priv = new Ed448PrivateKeyParameters(new SecureRandom());
        var signer = new Ed448Signer([]);
        signer.Init(true, priv);
        signer.BlockUpdate(data, 0, data.Length);
        return (priv.GeneratePublicKey().GetEncoded(), signer.GenerateSignature());
    }
}
