using System.Collections.Concurrent;
using System.Security.Cryptography;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace DaneKit.Dnssec;

/// <summary>The outcome of one signature verification.</summary>
/// <param name="Valid">Whether the signature verified.</param>
/// <param name="Reason">Why not, when it did not ("signature does not match", "RSA modulus of 4200 bits is over 4096", …).</param>
internal readonly record struct SignatureCheck(bool Valid, string Reason);

/// <summary>
/// The only file that knows the crypto libraries (as Unbound keeps val_secalgo.c): DNSSEC signature
/// verification per algorithm and DS digests. RSA and ECDSA come from System.Security.Cryptography,
/// Ed25519 and Ed448 from BouncyCastle. Malformed keys and signatures give a result, never an exception.
/// </summary>
internal static class DnssecCrypto
{
    private const int MaxCachedKeys = 1024;
    private static readonly ConcurrentDictionary<string, object> Keys = new(StringComparer.Ordinal);

    /// <summary>Signature algorithms DaneKit validates: 5, 7, 8, 10 (RSA), 13, 14 (ECDSA), 15, 16 (EdDSA).</summary>
    public static bool IsSupportedAlgorithm(byte algorithm) => algorithm is 5 or 7 or 8 or 10 or 13 or 14 or 15 or 16;

    /// <summary>DS digest types DaneKit computes: 1 SHA-1, 2 SHA-256 (RFC 4509), 4 SHA-384 (RFC 6605).</summary>
    public static bool IsSupportedDigest(byte digestType) => digestType is 1 or 2 or 4;

    /// <summary>Whether <paramref name="ds"/> is the digest of <paramref name="key"/> at <paramref name="owner"/> (RFC 4034 5.1.4).</summary>
    public static bool DsMatches(DsData ds, DnsName owner, DnskeyData key)
    {
        var input = new byte[owner.WireLength + key.ToWire().Length];
        var canonical = owner.ToCanonical().Wire;
        canonical.CopyTo(input);
        key.ToWire().CopyTo(input, canonical.Length);
        byte[]? digest = ds.DigestType switch
        {
#pragma warning disable CA5350 // DS digest type 1 is SHA-1 by definition (RFC 4034 5.1.4); verifying it is not choosing it
            1 => SHA1.HashData(input),
#pragma warning restore CA5350
            2 => SHA256.HashData(input),
            4 => SHA384.HashData(input),
            _ => null,
        };
        return digest is not null && CryptographicOperations.FixedTimeEquals(digest, ds.Digest);
    }

    /// <summary>Verifies <paramref name="signature"/> over <paramref name="data"/> with a DNSKEY's public key.</summary>
    public static SignatureCheck Verify(byte algorithm, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        try
        {
            return algorithm switch
            {
                5 or 7 => VerifyRsa(publicKey, data, signature, HashAlgorithmName.SHA1),
                8 => VerifyRsa(publicKey, data, signature, HashAlgorithmName.SHA256),
                10 => VerifyRsa(publicKey, data, signature, HashAlgorithmName.SHA512),
                13 => VerifyEcdsa(publicKey, data, signature, ECCurve.NamedCurves.nistP256, 32, HashAlgorithmName.SHA256),
                14 => VerifyEcdsa(publicKey, data, signature, ECCurve.NamedCurves.nistP384, 48, HashAlgorithmName.SHA384),
                15 => VerifyEd25519(publicKey, data, signature),
                16 => VerifyEd448(publicKey, data, signature),
                _ => new SignatureCheck(false, $"algorithm {algorithm} is not supported"),
            };
        }
        catch (CryptographicException e)
        {
            return new SignatureCheck(false, $"malformed key or signature: {e.Message}");
        }
    }

    // RFC 3110 2: exponent length (1 octet, or 0 and then 2 octets), exponent, modulus.
    private static SignatureCheck VerifyRsa(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, HashAlgorithmName hash)
    {
        if (key.Length < 3)
        {
            return new(false, "RSA key shorter than 3 octets");
        }

        int expLen = key[0], offset = 1;
        if (expLen == 0)
        {
            expLen = (key[1] << 8) | key[2];
            offset = 3;
        }

        if (expLen == 0 || offset + expLen >= key.Length)
        {
            return new(false, "RSA key exponent length field runs past the key");
        }

        var modulus = key[(offset + expLen)..];
        var bits = (modulus.Length * 8) - System.Numerics.BitOperations.LeadingZeroCount((uint)modulus[0]) + 24;
        if (bits < 512 || bits > 4096)
        {
            return new(false, $"RSA modulus of {bits} bits is outside 512..4096 (RFC 3110, RFC 5702)");
        }

        var cacheKey = CacheKey(5, key);
        if (!Keys.TryGetValue(cacheKey, out var cached))
        {
            var r = RSA.Create();
            r.ImportParameters(new RSAParameters { Exponent = key.Slice(offset, expLen).ToArray(), Modulus = modulus.ToArray() });
            cached = Keys.GetOrAdd(cacheKey, r);
        }

        var rsa = (RSA)cached;
        TrimCache();
        return rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1)
            ? new(true, "")
            : new(false, "RSA signature does not match");
    }

    // RFC 6605 4: the key is Q = x | y, the signature r | s, each of the curve's size.
    private static SignatureCheck VerifyEcdsa(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, ECCurve curve, int size, HashAlgorithmName hash)
    {
        if (key.Length != 2 * size)
        {
            return new(false, $"ECDSA key must be {2 * size} octets, got {key.Length}");
        }

        if (signature.Length != 2 * size)
        {
            return new(false, $"ECDSA signature must be {2 * size} octets, got {signature.Length}");
        }

        var cacheKey = CacheKey((byte)size, key);
        if (!Keys.TryGetValue(cacheKey, out var cached))
        {
            cached = Keys.GetOrAdd(cacheKey, ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = key[..size].ToArray(), Y = key[size..].ToArray() } }));
        }

        var ecdsa = (ECDsa)cached;
        TrimCache();
        return ecdsa.VerifyData(data, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            ? new(true, "")
            : new(false, "ECDSA signature does not match");
    }

    // RFC 8080 3, 4: 32/57-octet public keys, 64/114-octet signatures.
    private static SignatureCheck VerifyEd25519(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (key.Length != 32 || signature.Length != 64)
        {
            return new(false, $"Ed25519 needs a 32-octet key and a 64-octet signature, got {key.Length} and {signature.Length}");
        }

        var signer = new Ed25519Signer();
        signer.Init(false, new Ed25519PublicKeyParameters(key.ToArray()));
        signer.BlockUpdate(data.ToArray(), 0, data.Length);
        return signer.VerifySignature(signature.ToArray()) ? new(true, "") : new(false, "Ed25519 signature does not match");
    }

    private static SignatureCheck VerifyEd448(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (key.Length != 57 || signature.Length != 114)
        {
            return new(false, $"Ed448 needs a 57-octet key and a 114-octet signature, got {key.Length} and {signature.Length}");
        }

        var signer = new Ed448Signer([]);
        signer.Init(false, new Ed448PublicKeyParameters(key.ToArray()));
        signer.BlockUpdate(data.ToArray(), 0, data.Length);
        return signer.VerifySignature(signature.ToArray()) ? new(true, "") : new(false, "Ed448 signature does not match");
    }

    private static string CacheKey(byte kind, ReadOnlySpan<byte> key) => kind + ":" + Convert.ToBase64String(key);

    private static void TrimCache()
    {
        if (Keys.Count > MaxCachedKeys)
        {
            Keys.Clear();
        }
    }
}
