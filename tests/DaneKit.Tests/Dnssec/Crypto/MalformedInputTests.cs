using System.Security.Cryptography;
using DaneKit.Dnssec.Crypto;

namespace DaneKit.Tests.Dnssec.Crypto;

/// <summary>Malformed keys and signatures give a status and a reason, never an exception.</summary>
public sealed class MalformedInputTests
{
    private static readonly byte[] Data = [1, 2, 3, 4, 5];

    private static byte[] Bytes(int length, byte fill = 0x5A) => Enumerable.Repeat(fill, length).ToArray();

    private static byte[] Odd(byte[] modulus)
    {
        modulus[0] |= 0x80;
        modulus[^1] |= 1;
        return modulus;
    }

    public static TheoryData<byte, byte[], byte[], SignatureStatus, string> Cases => new()
    {
        // Unsupported algorithms (RFC 8624 3.1).
        { 1, Bytes(64), Bytes(64), SignatureStatus.UnsupportedAlgorithm, "algorithm 1 (RSAMD5) is not supported" },
        { 3, Bytes(64), Bytes(41), SignatureStatus.UnsupportedAlgorithm, "algorithm 3 (DSA) is not supported" },
        { 6, Bytes(64), Bytes(41), SignatureStatus.UnsupportedAlgorithm, "algorithm 6 (DSA-NSEC3-SHA1) is not supported" },
        { 12, Bytes(64), Bytes(64), SignatureStatus.UnsupportedAlgorithm, "algorithm 12 (ECC-GOST) is not supported" },
        { 0, [], [], SignatureStatus.UnsupportedAlgorithm, "algorithm 0 (0) is not supported" },
        { 253, Bytes(64), Bytes(64), SignatureStatus.UnsupportedAlgorithm, "algorithm 253 (253) is not supported" },

        // RSA, RFC 3110 2.
        { 8, [], Bytes(64), SignatureStatus.MalformedKey, "RSA key is empty" },
        { 8, [0, 1], Bytes(64), SignatureStatus.MalformedKey, "RSA key exponent length field runs past the key" },
        { 8, [0, 0, 0, 1, 2, 3], Bytes(64), SignatureStatus.MalformedKey, "RSA key exponent length is zero" },
        { 8, [4, 1, 0, 1], Bytes(64), SignatureStatus.MalformedKey, "RSA key exponent length 4 runs past the key (3 octets left)" },
        { 8, [0, 1, 0, 1, 0, 1], Bytes(64), SignatureStatus.MalformedKey, "RSA key exponent length 256 runs past the key (3 octets left)" },
        { 8, [3, 1, 0, 1], Bytes(64), SignatureStatus.MalformedKey, "RSA key has no modulus after the exponent" },
        { 8, [3, 1, 0, 1, 0, 0, 0], Bytes(64), SignatureStatus.MalformedKey, "RSA key has no modulus after the exponent" },
        { 8, [3, 0, 0, 0, .. Odd(Bytes(64))], Bytes(64), SignatureStatus.MalformedKey, "RSA key exponent is zero" },
        { 8, [3, 1, 0, 1, .. Odd(Bytes(32))], Bytes(32), SignatureStatus.MalformedKey, "RSA modulus of 256 bits is outside 512..4096 for RSASHA256 (RFC 3110, RFC 5702)" },
        { 8, [3, 1, 0, 1, .. Odd(Bytes(513))], Bytes(513), SignatureStatus.MalformedKey, "RSA modulus of 4104 bits is outside 512..4096 for RSASHA256 (RFC 3110, RFC 5702)" },
        { 10, [3, 1, 0, 1, .. Odd(Bytes(64))], Bytes(64), SignatureStatus.MalformedKey, "RSA modulus of 512 bits is outside 1024..4096 for RSASHA512 (RFC 3110, RFC 5702)" },
        { 8, [65, .. Bytes(65, 1), .. Odd(Bytes(64))], Bytes(64), SignatureStatus.MalformedKey, "RSA exponent (65 octets) is longer than the modulus (64)" },
        { 8, [3, 1, 0, 1, .. Bytes(64, 0x80)], Bytes(64), SignatureStatus.MalformedKey, "RSA modulus is even" },
        { 8, [3, 1, 0, 1, .. Odd(Bytes(64))], Bytes(63), SignatureStatus.MalformedSignature, "RSA signature must be 64 octets (the modulus length), got 63" },
        { 5, [3, 1, 0, 1, .. Odd(Bytes(128))], [], SignatureStatus.MalformedSignature, "RSA signature must be 128 octets (the modulus length), got 0" },
        { 7, [3, 1, 0, 1, 0, .. Odd(Bytes(128))], Bytes(129), SignatureStatus.MalformedSignature, "RSA signature must be 128 octets (the modulus length), got 129" },

        // ECDSA, RFC 6605 4.
        { 13, Bytes(63), Bytes(64), SignatureStatus.MalformedKey, "ECDSA P-256 key must be 64 octets (x | y), got 63" },
        { 13, [], Bytes(64), SignatureStatus.MalformedKey, "ECDSA P-256 key must be 64 octets (x | y), got 0" },
        { 14, Bytes(64), Bytes(96), SignatureStatus.MalformedKey, "ECDSA P-384 key must be 96 octets (x | y), got 64" },
        { 13, Bytes(64), Bytes(63), SignatureStatus.MalformedSignature, "ECDSA P-256 signature must be 64 octets (r | s), got 63" },
        { 14, Bytes(96), Bytes(97), SignatureStatus.MalformedSignature, "ECDSA P-384 signature must be 96 octets (r | s), got 97" },
        { 13, Bytes(64), Bytes(64), SignatureStatus.MalformedKey, "ECDSA P-256 key is not a point on the curve" },
        { 13, Bytes(64, 0), Bytes(64), SignatureStatus.MalformedKey, "ECDSA P-256 key is not a point on the curve" },
        { 14, Bytes(96), Bytes(96), SignatureStatus.MalformedKey, "ECDSA P-384 key is not a point on the curve" },

        // EdDSA, RFC 8080 3 and 4.
        { 15, Bytes(31), Bytes(64), SignatureStatus.MalformedKey, "Ed25519 key must be 32 octets, got 31" },
        { 15, Bytes(32), Bytes(65), SignatureStatus.MalformedSignature, "Ed25519 signature must be 64 octets, got 65" },
        { 16, Bytes(32), Bytes(114), SignatureStatus.MalformedKey, "Ed448 key must be 57 octets, got 32" },
        { 16, Bytes(57), Bytes(64), SignatureStatus.MalformedSignature, "Ed448 signature must be 114 octets, got 64" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MalformedInputGivesStatusAndReason(byte algorithm, byte[] key, byte[] signature, SignatureStatus status, string reason)
    {
        var check = SignatureVerifier.Verify(algorithm, key, Data, signature);
        Assert.Equal(status, check.Status);
        Assert.Equal(reason, check.Reason);
        Assert.False(check.IsValid);
    }

    [Fact]
    public void Ed25519KeyOffTheCurveIsMalformed()
    {
        // Find a 32-octet string that does not decode to a point (about half of them do not).
        var rng = new Random(7);
        var key = new byte[32];
        SignatureCheck check;
        do
        {
            rng.NextBytes(key);
            check = SignatureVerifier.Verify(15, key, Data, Bytes(64));
        }
        while (check.Status == SignatureStatus.Invalid);
        Assert.Equal(SignatureStatus.MalformedKey, check.Status);
        Assert.Equal("Ed25519 key is not a point on the curve", check.Reason);
    }

    [Fact]
    public void EcdsaSignatureWithROrSOutOfRangeIsInvalid()
    {
        var data = RandomNumberGenerator.GetBytes(100);
        var (key, signature) = TestKeys.SignEcdsa(ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, data);
        Assert.True(SignatureVerifier.Verify(13, key, data, signature).IsValid);
        Assert.Equal(SignatureStatus.Invalid, SignatureVerifier.Verify(13, key, data, Bytes(64, 0)).Status);
        Assert.Equal(SignatureStatus.Invalid, SignatureVerifier.Verify(13, key, data, Bytes(64, 0xFF)).Status);
    }

    [Fact]
    public void RsaSignatureNotBelowTheModulusIsInvalid()
    {
        var data = RandomNumberGenerator.GetBytes(100);
        var (key, _) = TestKeys.SignRsa(1024, HashAlgorithmName.SHA256, data);
        var check = SignatureVerifier.Verify(8, key, data, Bytes(128, 0xFF));
        Assert.False(check.IsValid);
        Assert.Contains(check.Status, new[] { SignatureStatus.Invalid, SignatureStatus.MalformedKey });
    }

    public static TheoryData<byte> AllAlgorithms => [1, 3, 5, 6, 7, 8, 10, 12, 13, 14, 15, 16, 17, 253];

    /// <summary>
    /// A few thousand random keys and signatures per algorithm: every call returns, none verifies. Lengths are
    /// drawn around the valid ones, and a third of the RSA keys are well formed, so the import and verify paths
    /// run too (and the key cache fills past its bound).
    /// </summary>
    [Theory]
    [MemberData(nameof(AllAlgorithms))]
    public void RandomKeysAndSignaturesAlwaysReturnAResult(byte algorithm)
    {
        var rng = new Random(algorithm * 7919);
        var (keyLength, sigLength) = algorithm switch
        {
            13 => (64, 64),
            14 => (96, 96),
            15 => (32, 64),
            16 => (57, 114),
            _ => (132, 128),
        };
        var statuses = new Dictionary<SignatureStatus, int>();
        for (var i = 0; i < 3000; i++)
        {
            var data = new byte[rng.Next(0, 300)];
            rng.NextBytes(data);
            byte[] key, signature;
            if (algorithm is 5 or 7 or 8 or 10 && i % 3 == 0)
            {
                var modulus = Odd(new byte[rng.Next(64, 260)]);
                rng.NextBytes(modulus.AsSpan(1, modulus.Length - 2));
                key = TestKeys.RsaDnskey([1, 0, 1], modulus);
                signature = new byte[rng.Next(2) == 0 ? modulus.Length : rng.Next(0, 300)];
            }
            else
            {
                key = new byte[rng.Next(3) == 0 ? rng.Next(0, 600) : keyLength + rng.Next(-1, 2)];
                signature = new byte[rng.Next(3) == 0 ? rng.Next(0, 600) : sigLength + rng.Next(-1, 2)];
            }

            rng.NextBytes(signature);
            if (key.Length > 0 && i % 2 == 0)
            {
                rng.NextBytes(key);
                if (algorithm == 16 && key.Length == 57)
                {
                    // RFC 8032 5.2.2: only the sign bit of the last octet may be set, so random Ed448 keys reach the verify step.
                    key[56] &= 0x80;
                }
            }

            var check = SignatureVerifier.Verify(algorithm, key, data, signature);
            Assert.NotEqual(SignatureStatus.Valid, check.Status);
            Assert.False(string.IsNullOrEmpty(check.Reason));
            statuses[check.Status] = statuses.GetValueOrDefault(check.Status) + 1;
        }

        if (DnssecAlgorithms.IsSupported(algorithm))
        {
            Assert.Contains(SignatureStatus.MalformedKey, statuses.Keys);
            Assert.Contains(SignatureStatus.MalformedSignature, statuses.Keys);
            if (algorithm is not (13 or 14))
            {
                // Random ECDSA coordinates are almost never on the curve; the others reach the verify step.
                Assert.Contains(SignatureStatus.Invalid, statuses.Keys);
            }
        }
        else
        {
            Assert.Equal([SignatureStatus.UnsupportedAlgorithm], statuses.Keys);
        }

        Assert.InRange(SignatureVerifier.CachedKeyCount, 0, SignatureVerifier.MaxCachedKeys);
    }

    [Fact]
    public void KeyCacheStaysBounded()
    {
        var data = new byte[] { 1 };
        var random = new Org.BouncyCastle.Security.SecureRandom();
        for (var i = 0; i < SignatureVerifier.MaxCachedKeys + 300; i++)
        {
            var (key, signature) = TestKeys.SignEd25519(data, random);
            Assert.True(SignatureVerifier.Verify(15, key, data, signature).IsValid);
            Assert.InRange(SignatureVerifier.CachedKeyCount, 1, SignatureVerifier.MaxCachedKeys);
        }
    }
}
