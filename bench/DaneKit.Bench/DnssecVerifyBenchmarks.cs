using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using DaneKit.Dnssec.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace DaneKit.Bench;

/// <summary>
/// DNSSEC signature verifications per second on one thread (<see cref="SignatureVerifier"/>), beside
/// <c>openssl speed</c> in bench/run-dnssec-verify.sh (goal: at least 0.7 times OpenSSL's verify rate for
/// RSA-2048 and ECDSA P-256). Keys are made in <see cref="Setup"/>; the signed data is 160 octets, the size of
/// RRSIG fields plus a small RRset such as one TLSA record. The DNSKEY is in the key cache after the first call,
/// as it is when a validator checks many RRsets of one zone; the <c>Cold</c> case clears the cache every call.
/// </summary>
[MemoryDiagnoser]
public class DnssecVerifyBenchmarks
{
    private readonly byte[] _data = new byte[160];
    private byte[] _rsaKey = [];
    private byte[] _rsaSig = [];
    private byte[] _ecKey = [];
    private byte[] _ecSig = [];
    private byte[] _edKey = [];
    private byte[] _edSig = [];

    /// <summary>Makes an RSA-2048, a P-256 and an Ed25519 key and signs the data with each.</summary>
    [GlobalSetup]
    public void Setup()
    {
        new Random(2026).NextBytes(_data);

        using (var rsa = RSA.Create(2048))
        {
            var p = rsa.ExportParameters(false);
            _rsaKey = [(byte)p.Exponent!.Length, .. p.Exponent, .. p.Modulus!]; // RFC 3110 2
            _rsaSig = rsa.SignData(_data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        using (var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var p = ec.ExportParameters(false);
            _ecKey = [.. p.Q.X!, .. p.Q.Y!]; // RFC 6605 4
            _ecSig = ec.SignData(_data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        var ed = new Ed25519PrivateKeyParameters(new SecureRandom());
        var signer = new Ed25519Signer();
        signer.Init(true, ed);
        signer.BlockUpdate(_data, 0, _data.Length);
        _edSig = signer.GenerateSignature();
        _edKey = ed.GeneratePublicKey().GetEncoded(); // RFC 8080 3

        foreach (var (alg, key, sig) in new[] { (8, _rsaKey, _rsaSig), (13, _ecKey, _ecSig), (15, _edKey, _edSig) })
        {
            var check = SignatureVerifier.Verify((byte)alg, key, _data, sig);
            if (!check.IsValid)
            {
                throw new InvalidOperationException($"algorithm {alg}: {check}");
            }
        }
    }

    /// <summary>RSASHA256 (8) with a 2048-bit key, exponent 65537.</summary>
    /// <returns>The result, so the work is not optimised away.</returns>
    [Benchmark(Baseline = true)]
    public SignatureCheck Rsa2048Sha256() => SignatureVerifier.Verify(8, _rsaKey, _data, _rsaSig);

    /// <summary>ECDSAP256SHA256 (13).</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public SignatureCheck EcdsaP256Sha256() => SignatureVerifier.Verify(13, _ecKey, _data, _ecSig);

    /// <summary>ED25519 (15), through BouncyCastle.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public SignatureCheck Ed25519() => SignatureVerifier.Verify(15, _edKey, _data, _edSig);

    /// <summary>RSASHA256 with the key imported every call (what a new DNSKEY costs).</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public SignatureCheck Rsa2048Sha256Cold()
    {
        SignatureVerifier.ClearKeyCache();
        return SignatureVerifier.Verify(8, _rsaKey, _data, _rsaSig);
    }
}
