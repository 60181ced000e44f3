using System.Security.Cryptography;
using DaneKit.Dnssec.Crypto;

namespace DaneKit.Tests.Dnssec.Crypto;

/// <summary>
/// Sign-then-verify with fresh keys for every supported algorithm, including RSASHA1 (5, 7), for which no
/// published vector is used here, and Ed448 signed with BouncyCastle (the published Ed448 examples are in
/// <see cref="PublishedVectorTests"/>).
/// </summary>
public sealed class GeneratedKeyTests
{
    private static readonly byte[] Data = RandomNumberGenerator.GetBytes(150);

    public static TheoryData<byte> Algorithms => [5, 7, 8, 10, 13, 14, 15, 16];

    private static (byte[] Key, byte[] Signature) Sign(byte algorithm, byte[] data) => algorithm switch
    {
        5 or 7 => TestKeys.SignRsa(1024, HashAlgorithmName.SHA1, data),
        8 => TestKeys.SignRsa(2048, HashAlgorithmName.SHA256, data),
        10 => TestKeys.SignRsa(2048, HashAlgorithmName.SHA512, data),
        13 => TestKeys.SignEcdsa(ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, data),
        14 => TestKeys.SignEcdsa(ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384, data),
        15 => TestKeys.SignEd25519(data),
        _ => TestKeys.SignEd448(data),
    };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void FreshKeySignatureVerifiesAndAChangedOneDoesNot(byte algorithm)
    {
        var (key, signature) = Sign(algorithm, Data);
        Assert.Equal(SignatureStatus.Valid, SignatureVerifier.Verify(algorithm, key, Data, signature).Status);
        Assert.Equal(SignatureStatus.Invalid, SignatureVerifier.Verify(algorithm, key, Data, CryptoTestData.Flip(signature, 5)).Status);
        Assert.Equal(SignatureStatus.Invalid, SignatureVerifier.Verify(algorithm, key, CryptoTestData.Flip(Data, 149), signature).Status);
        Assert.Equal(SignatureStatus.Invalid, SignatureVerifier.Verify(algorithm, key, Data.AsSpan(0, 149), signature).Status);

        var (otherKey, _) = Sign(algorithm, Data);
        Assert.Equal(SignatureStatus.Invalid, SignatureVerifier.Verify(algorithm, otherKey, Data, signature).Status);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void EmptySignedDataIsHandled(byte algorithm)
    {
        var (key, signature) = Sign(algorithm, []);
        Assert.True(SignatureVerifier.Verify(algorithm, key, [], signature).IsValid);
    }

    [Fact]
    public void RsaKeyWithThreeOctetExponentLengthVerifies()
    {
        // RFC 3110 2: a zero octet, then the exponent length in two octets (used for exponents over 255 octets;
        // legal for any length).
        using var rsa = RSA.Create(1024);
        var p = rsa.ExportParameters(false);
        byte[] key = [0, 0, (byte)p.Exponent!.Length, .. p.Exponent, .. p.Modulus!];
        var signature = rsa.SignData(Data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.True(SignatureVerifier.Verify(8, key, Data, signature).IsValid);
    }

    [Fact]
    public void Rsa4096BitKeyIsAccepted()
    {
        var (key, signature) = TestKeys.SignRsa(4096, HashAlgorithmName.SHA256, Data);
        Assert.True(SignatureVerifier.Verify(DnssecAlgorithm.RsaSha256, key, Data, signature).IsValid);
    }

    [Fact]
    public void VerifyingFromManyThreadsWithOneCachedKeyIsSafe()
    {
        var rsa = TestKeys.SignRsa(2048, HashAlgorithmName.SHA256, Data);
        var ec = TestKeys.SignEcdsa(ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, Data);
        var ed = TestKeys.SignEd25519(Data);
        var failures = 0;
        Parallel.For(0, 600, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var ok = (i % 3) switch
            {
                0 => SignatureVerifier.Verify(8, rsa.Key, Data, rsa.Signature).IsValid && !SignatureVerifier.Verify(8, rsa.Key, Data, ec.Signature).IsValid,
                1 => SignatureVerifier.Verify(13, ec.Key, Data, ec.Signature).IsValid,
                _ => SignatureVerifier.Verify(15, ed.Key, Data, ed.Signature).IsValid,
            };
            if (!ok)
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }
}
