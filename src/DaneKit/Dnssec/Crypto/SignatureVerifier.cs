using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;
using BcEd448 = Org.BouncyCastle.Math.EC.Rfc8032.Ed448;

namespace DaneKit.Dnssec.Crypto;

/// <summary>
/// DNSSEC signature verification, one algorithm at a time: the only code in DaneKit that knows the crypto
/// libraries (as Unbound keeps val_secalgo.c). RSA (RFC 3110, RFC 5702) and ECDSA (RFC 6605) come from
/// System.Security.Cryptography; Ed25519 and Ed448 (RFC 8080) from BouncyCastle.
/// </summary>
/// <remarks>
/// <para>
/// Bad input never throws: a malformed key or signature gives <see cref="SignatureStatus.MalformedKey"/> or
/// <see cref="SignatureStatus.MalformedSignature"/> with the reason. Checking the validity window, the key tag,
/// the signer name and the DNSKEY flags is the validator's job, not this class's.
/// </para>
/// <para>
/// Imported keys are cached by (algorithm, public key octets), at most <see cref="MaxCachedKeys"/> of them, so
/// that the many signatures made by one DNSKEY import it once. The cache is shared and thread-safe.
/// </para>
/// </remarks>
public static class SignatureVerifier
{
    /// <summary>The most imported keys kept in the cache.</summary>
    public const int MaxCachedKeys = 1024;

    /// <summary>The smallest RSA modulus accepted, in bits (RFC 3110 2, RFC 5702 2.1).</summary>
    public const int MinRsaModulusBits = 512;

    /// <summary>The smallest RSA modulus accepted with SHA-512 (algorithm 10), in bits (RFC 5702 2.2).</summary>
    public const int MinRsaSha512ModulusBits = 1024;

    /// <summary>
    /// The largest RSA modulus accepted, in bits (RFC 3110 2, RFC 5702 2.1 and 2.2). Larger keys are reported as
    /// malformed, which also bounds the CPU a hostile DNSKEY can cost.
    /// </summary>
    public const int MaxRsaModulusBits = 4096;

    private static readonly DnssecKeyCache Cache = new(MaxCachedKeys);

    /// <summary>The number of imported keys in the cache (for diagnostics and tests).</summary>
    public static int CachedKeyCount => Cache.Count;

    /// <summary>Drops every cached key (for tests and benchmarks that measure a cold import).</summary>
    public static void ClearKeyCache() => Cache.Clear();

    /// <inheritdoc cref="Verify(byte, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
    public static SignatureCheck Verify(DnssecAlgorithm algorithm, ReadOnlySpan<byte> dnskeyPublicKey, ReadOnlySpan<byte> signedData,
        ReadOnlySpan<byte> signature) => Verify((byte)algorithm, dnskeyPublicKey, signedData, signature);

    /// <summary>Verifies a DNSSEC signature over <paramref name="signedData"/> with a DNSKEY's public key.</summary>
    /// <param name="algorithm">The algorithm number of the RRSIG (which must equal the DNSKEY's; the caller checks that).</param>
    /// <param name="dnskeyPublicKey">The DNSKEY Public Key field, in the algorithm's format (RFC 3110 2, RFC 6605 4, RFC 8080 3).</param>
    /// <param name="signedData">The signed octets: RRSIG RDATA without the signature, then the canonical RRset (RFC 4034 3.1.8.1).</param>
    /// <param name="signature">The RRSIG Signature field.</param>
    /// <returns>The status and a short reason.</returns>
    public static SignatureCheck Verify(byte algorithm, ReadOnlySpan<byte> dnskeyPublicKey, ReadOnlySpan<byte> signedData, ReadOnlySpan<byte> signature)
    {
        try
        {
            return algorithm switch
            {
                5 or 7 => VerifyRsa(algorithm, dnskeyPublicKey, signedData, signature, HashAlgorithmName.SHA1),
                8 => VerifyRsa(algorithm, dnskeyPublicKey, signedData, signature, HashAlgorithmName.SHA256),
                10 => VerifyRsa(algorithm, dnskeyPublicKey, signedData, signature, HashAlgorithmName.SHA512),
                13 => VerifyEcdsa(algorithm, dnskeyPublicKey, signedData, signature),
                14 => VerifyEcdsa(algorithm, dnskeyPublicKey, signedData, signature),
                15 => VerifyEd25519(dnskeyPublicKey, signedData, signature),
                16 => VerifyEd448(dnskeyPublicKey, signedData, signature),
                _ => new(SignatureStatus.UnsupportedAlgorithm,
                    $"algorithm {algorithm} ({((DnssecAlgorithm)algorithm).ToMnemonic()}) is not supported"),
            };
        }
        catch (CryptographicException e)
        {
            // The library refused the key at verification time (e.g. OpenSSL's limits on RSA exponents).
            return new(SignatureStatus.MalformedKey, $"{((DnssecAlgorithm)algorithm).ToMnemonic()} key refused by the crypto library: {e.Message}");
        }
    }

    // ---------------------------------------------------------------- RSA (RFC 3110 2, RFC 5702)

    private sealed class RsaKey(RSA rsa, int modulusLength)
    {
        public RSA Rsa { get; } = rsa;

        public int ModulusLength { get; } = modulusLength;
    }

    private static SignatureCheck VerifyRsa(byte algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature,
        HashAlgorithmName hash)
    {
        RsaKey rsaKey;
        if (Cache.TryGet(algorithm, key, out var cached))
        {
            rsaKey = (RsaKey)cached;
        }
        else
        {
            var parsed = ImportRsa(algorithm, key, out var imported);
            if (parsed is not null)
            {
                return new(SignatureStatus.MalformedKey, parsed);
            }

            rsaKey = (RsaKey)Cache.Add(algorithm, key, imported!);
        }

        if (signature.Length != rsaKey.ModulusLength)
        {
            return new(SignatureStatus.MalformedSignature, string.Create(CultureInfo.InvariantCulture,
                $"RSA signature must be {rsaKey.ModulusLength} octets (the modulus length), got {signature.Length}"));
        }

        return rsaKey.Rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1)
            ? new(SignatureStatus.Valid, ValidText(algorithm))
            : new(SignatureStatus.Invalid, InvalidText(algorithm));
    }

    /// <summary>Parses RFC 3110 2: exponent length (1 octet, or 0 then 2 octets), exponent, modulus. Null when imported.</summary>
    private static string? ImportRsa(byte algorithm, ReadOnlySpan<byte> key, out RsaKey? imported)
    {
        imported = null;
        if (key.IsEmpty)
        {
            return "RSA key is empty";
        }

        int exponentLength = key[0], offset = 1;
        if (exponentLength == 0)
        {
            if (key.Length < 3)
            {
                return "RSA key exponent length field runs past the key";
            }

            exponentLength = (key[1] << 8) | key[2];
            offset = 3;
        }

        if (exponentLength == 0)
        {
            return "RSA key exponent length is zero";
        }

        if (offset + exponentLength > key.Length)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"RSA key exponent length {exponentLength} runs past the key ({key.Length - offset} octets left)");
        }

        var exponent = TrimLeadingZeros(key.Slice(offset, exponentLength));
        var modulus = TrimLeadingZeros(key[(offset + exponentLength)..]);
        if (modulus.IsEmpty)
        {
            return "RSA key has no modulus after the exponent";
        }

        if (exponent.IsEmpty)
        {
            return "RSA key exponent is zero";
        }

        var bits = (modulus.Length * 8) - BitOperations.LeadingZeroCount((uint)modulus[0]) + 24;
        var min = algorithm == 10 ? MinRsaSha512ModulusBits : MinRsaModulusBits;
        if (bits < min || bits > MaxRsaModulusBits)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"RSA modulus of {bits} bits is outside {min}..{MaxRsaModulusBits} for {((DnssecAlgorithm)algorithm).ToMnemonic()} (RFC 3110, RFC 5702)");
        }

        if (exponent.Length > modulus.Length)
        {
            return string.Create(CultureInfo.InvariantCulture, $"RSA exponent ({exponent.Length} octets) is longer than the modulus ({modulus.Length})");
        }

        if ((modulus[^1] & 1) == 0)
        {
            return "RSA modulus is even";
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportParameters(new RSAParameters { Exponent = exponent.ToArray(), Modulus = modulus.ToArray() });
        }
        catch (CryptographicException e)
        {
            rsa.Dispose();
            return $"RSA key refused by the crypto library: {e.Message}";
        }

        imported = new RsaKey(rsa, modulus.Length);
        return null;
    }

    private static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> value)
    {
        var i = value.IndexOfAnyExcept((byte)0);
        return i < 0 ? [] : value[i..];
    }

    // ---------------------------------------------------------------- ECDSA (RFC 6605 4)

    private static SignatureCheck VerifyEcdsa(byte algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var (size, curveName, hash) = algorithm == 13 ? (32, "P-256", HashAlgorithmName.SHA256) : (48, "P-384", HashAlgorithmName.SHA384);
        if (key.Length != 2 * size)
        {
            return new(SignatureStatus.MalformedKey, string.Create(CultureInfo.InvariantCulture,
                $"ECDSA {curveName} key must be {2 * size} octets (x | y), got {key.Length}"));
        }

        if (signature.Length != 2 * size)
        {
            return new(SignatureStatus.MalformedSignature, string.Create(CultureInfo.InvariantCulture,
                $"ECDSA {curveName} signature must be {2 * size} octets (r | s), got {signature.Length}"));
        }

        ECDsa ecdsa;
        if (Cache.TryGet(algorithm, key, out var cached))
        {
            ecdsa = (ECDsa)cached;
        }
        else
        {
            var parameters = new ECParameters
            {
                Curve = algorithm == 13 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384,
                Q = new ECPoint { X = key[..size].ToArray(), Y = key[size..].ToArray() },
            };
            try
            {
                ecdsa = (ECDsa)Cache.Add(algorithm, key, ECDsa.Create(parameters));
            }
            catch (CryptographicException)
            {
                return new(SignatureStatus.MalformedKey, $"ECDSA {curveName} key is not a point on the curve");
            }
        }

        // Hash and re-encode r | s as DER on the stack: handing .NET the IEEE P1363 form makes it allocate the
        // DER conversion on every call.
        Span<byte> digest = stackalloc byte[48];
        digest = digest[..(algorithm == 13 ? SHA256.HashData(data, digest) : SHA384.HashData(data, digest))];
        Span<byte> der = stackalloc byte[MaxEcdsaDerLength];
        var derLength = EncodeDerSignature(signature[..size], signature[size..], der);
        return ecdsa.VerifyHash(digest, der[..derLength], DSASignatureFormat.Rfc3279DerSequence)
            ? new(SignatureStatus.Valid, ValidText(algorithm))
            : new(SignatureStatus.Invalid, InvalidText(algorithm));
    }

    // SEQUENCE (2) + two INTEGERs of at most 48 octets plus a sign octet (2 + 49 each): under 128, short lengths.
    private const int MaxEcdsaDerLength = 2 + (2 * (2 + 49));

    /// <summary>Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 2.2.3) from the raw halves.</summary>
    private static int EncodeDerSignature(ReadOnlySpan<byte> r, ReadOnlySpan<byte> s, Span<byte> der)
    {
        var length = 2;
        length += EncodeDerInteger(r, der[length..]);
        length += EncodeDerInteger(s, der[length..]);
        der[0] = 0x30;
        der[1] = (byte)(length - 2);
        return length;
    }

    private static int EncodeDerInteger(ReadOnlySpan<byte> value, Span<byte> der)
    {
        value = TrimLeadingZeros(value);
        var pad = value.IsEmpty || value[0] >= 0x80 ? 1 : 0; // zero is one 0x00 octet; a set high bit needs a 0x00 before it
        der[0] = 0x02;
        der[1] = (byte)(value.Length + pad);
        der[2] = 0;
        value.CopyTo(der[(2 + pad)..]);
        return 2 + pad + value.Length;
    }

    // ---------------------------------------------------------------- EdDSA (RFC 8080 3, 4)

    private const int Ed25519KeyLength = 32;
    private const int Ed25519SignatureLength = 64;
    private const int Ed448KeyLength = 57;
    private const int Ed448SignatureLength = 114;
    private static readonly byte[] EmptyContext = [];

    private static SignatureCheck VerifyEd25519(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (key.Length != Ed25519KeyLength)
        {
            return new(SignatureStatus.MalformedKey, string.Create(CultureInfo.InvariantCulture, $"Ed25519 key must be 32 octets, got {key.Length}"));
        }

        if (signature.Length != Ed25519SignatureLength)
        {
            return new(SignatureStatus.MalformedSignature,
                string.Create(CultureInfo.InvariantCulture, $"Ed25519 signature must be 64 octets, got {signature.Length}"));
        }

        Ed25519PublicKeyParameters publicKey;
        if (Cache.TryGet(15, key, out var cached))
        {
            publicKey = (Ed25519PublicKeyParameters)cached;
        }
        else
        {
            try
            {
                publicKey = (Ed25519PublicKeyParameters)Cache.Add(15, key, new Ed25519PublicKeyParameters(key.ToArray()));
            }
            catch (ArgumentException)
            {
                return new(SignatureStatus.MalformedKey, "Ed25519 key is not a point on the curve");
            }
        }

        // BouncyCastle takes arrays: borrow them rather than allocate per call.
        var message = ArrayPool<byte>.Shared.Rent(data.Length);
        var sig = ArrayPool<byte>.Shared.Rent(Ed25519SignatureLength);
        try
        {
            data.CopyTo(message);
            signature.CopyTo(sig);
            return publicKey.Verify(BcEd25519.Algorithm.Ed25519, null, message, 0, data.Length, sig, 0)
                ? new(SignatureStatus.Valid, ValidText(15))
                : new(SignatureStatus.Invalid, InvalidText(15));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
            ArrayPool<byte>.Shared.Return(sig);
        }
    }

    private static SignatureCheck VerifyEd448(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (key.Length != Ed448KeyLength)
        {
            return new(SignatureStatus.MalformedKey, string.Create(CultureInfo.InvariantCulture, $"Ed448 key must be 57 octets, got {key.Length}"));
        }

        if (signature.Length != Ed448SignatureLength)
        {
            return new(SignatureStatus.MalformedSignature,
                string.Create(CultureInfo.InvariantCulture, $"Ed448 signature must be 114 octets, got {signature.Length}"));
        }

        Ed448PublicKeyParameters publicKey;
        if (Cache.TryGet(16, key, out var cached))
        {
            publicKey = (Ed448PublicKeyParameters)cached;
        }
        else
        {
            try
            {
                publicKey = (Ed448PublicKeyParameters)Cache.Add(16, key, new Ed448PublicKeyParameters(key.ToArray()));
            }
            catch (ArgumentException)
            {
                return new(SignatureStatus.MalformedKey, "Ed448 key is not a point on the curve");
            }
        }

        var message = ArrayPool<byte>.Shared.Rent(data.Length);
        var sig = ArrayPool<byte>.Shared.Rent(Ed448SignatureLength);
        try
        {
            data.CopyTo(message);
            signature.CopyTo(sig);
            // RFC 8080 4: pure Ed448 with an empty context.
            return publicKey.Verify(BcEd448.Algorithm.Ed448, EmptyContext, message, 0, data.Length, sig, 0)
                ? new(SignatureStatus.Valid, ValidText(16))
                : new(SignatureStatus.Invalid, InvalidText(16));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
            ArrayPool<byte>.Shared.Return(sig);
        }
    }

    // Constant reasons, so that the common outcomes allocate nothing.
    private static string ValidText(byte algorithm) => algorithm switch
    {
        5 => "RSASHA1 signature verifies",
        7 => "RSASHA1-NSEC3-SHA1 signature verifies",
        8 => "RSASHA256 signature verifies",
        10 => "RSASHA512 signature verifies",
        13 => "ECDSAP256SHA256 signature verifies",
        14 => "ECDSAP384SHA384 signature verifies",
        15 => "ED25519 signature verifies",
        _ => "ED448 signature verifies",
    };

    private static string InvalidText(byte algorithm) => algorithm switch
    {
        5 => "RSASHA1 signature does not verify with this key",
        7 => "RSASHA1-NSEC3-SHA1 signature does not verify with this key",
        8 => "RSASHA256 signature does not verify with this key",
        10 => "RSASHA512 signature does not verify with this key",
        13 => "ECDSAP256SHA256 signature does not verify with this key",
        14 => "ECDSAP384SHA384 signature does not verify with this key",
        15 => "ED25519 signature does not verify with this key",
        _ => "ED448 signature does not verify with this key",
    };
}
