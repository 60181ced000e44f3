using System.Security.Cryptography;
using DaneKit.Dns.Records;
using DaneKit.Tlsa;
using static DaneKit.Tests.Tlsa.Generator.GeneratorTestCertificates;

namespace DaneKit.Tests.Tlsa.Generator;

/// <summary>RFC 6698 2.1: the generator's association data equals what openssl computes.</summary>
public sealed class GeneratorOpenSslTests
{
    [Theory]
    [InlineData("rsa", 1, 1, "openssl x509 -pubkey -noout -in {0} | openssl pkey -pubin -outform DER | openssl dgst -sha256 -r")]
    [InlineData("ec", 1, 1, "openssl x509 -pubkey -noout -in {0} | openssl pkey -pubin -outform DER | openssl dgst -sha256 -r")]
    [InlineData("rsa", 0, 1, "openssl x509 -outform DER -in {0} | openssl dgst -sha256 -r")]
    [InlineData("ec", 0, 1, "openssl x509 -outform DER -in {0} | openssl dgst -sha256 -r")]
    [InlineData("rsa", 1, 2, "openssl x509 -pubkey -noout -in {0} | openssl pkey -pubin -outform DER | openssl dgst -sha512 -r")]
    [InlineData("ec", 1, 2, "openssl x509 -pubkey -noout -in {0} | openssl pkey -pubin -outform DER | openssl dgst -sha512 -r")]
    [InlineData("rsa", 0, 2, "openssl x509 -outform DER -in {0} | openssl dgst -sha512 -r")]
    public void DaneEeMatchesOpenSsl(string kind, byte selector, byte matchingType, string pipeline)
    {
        using var certificate = Create(kind);
        var path = WritePem("CERTIFICATE", certificate.RawData);
        try
        {
            var record = TlsaGenerator.Create(certificate, TlsaUsage.DaneEe, (TlsaSelector)selector, (TlsaMatchingType)matchingType);
            var expected = OpenSslDigest(string.Format(System.Globalization.CultureInfo.InvariantCulture, pipeline, path));
            Assert.Equal(expected, Convert.ToHexString(record.CertificateAssociationData));
            Assert.Equal($"3 {selector} {matchingType} {expected}", record.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("ec")]
    public void PrivateKeyPemGivesTheSameSpkiAsOpenSsl(string kind)
    {
        byte[] pkcs8;
        byte[] traditional;
        string traditionalLabel;
        if (kind == "rsa")
        {
            using var rsa = RSA.Create(2048);
            pkcs8 = rsa.ExportPkcs8PrivateKey();
            traditional = rsa.ExportRSAPrivateKey();
            traditionalLabel = "RSA PRIVATE KEY";
        }
        else
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            pkcs8 = ec.ExportPkcs8PrivateKey();
            traditional = ec.ExportECPrivateKey();
            traditionalLabel = "EC PRIVATE KEY";
        }

        var path = WritePem("PRIVATE KEY", pkcs8);
        try
        {
            var expected = OpenSslDigest($"openssl pkey -in {path} -pubout -outform DER | openssl dgst -sha256 -r");
            foreach (var pem in new[] { File.ReadAllText(path), PemEncoding.WriteString(traditionalLabel, traditional) })
            {
                Assert.True(TlsaGeneratorInput.TryLoadSubjectPublicKeyInfo(System.Text.Encoding.ASCII.GetBytes(pem), out var spki, out var problem), problem);
                Assert.Equal(expected, Convert.ToHexString(TlsaGenerator.ComputeAssociationData(spki, TlsaMatchingType.Sha256)));
                var publicPem = PemEncoding.WriteString("PUBLIC KEY", spki);
                Assert.True(TlsaGeneratorInput.TryLoadSubjectPublicKeyInfo(System.Text.Encoding.ASCII.GetBytes(publicPem), out var again, out _));
                Assert.Equal(spki, again);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Edwards-curve keys (RFC 8410): the public key is derived from the PKCS #8 private key, as openssl does.</summary>
    [Theory]
    [InlineData("ed25519")]
    [InlineData("ed448")]
    public void EdwardsPrivateKeyGivesTheSameSpkiAsOpenSsl(string algorithm)
    {
        var path = Path.Combine(Path.GetTempPath(), $"danekit-tlsa-{Guid.NewGuid():N}.pem");
        try
        {
            OpenSslDigest($"openssl genpkey -algorithm {algorithm} -out {path} && openssl dgst -sha256 -r {path}");
            var expected = OpenSslDigest($"openssl pkey -in {path} -pubout -outform DER | openssl dgst -sha256 -r");
            Assert.True(TlsaGeneratorInput.TryLoadSubjectPublicKeyInfo(File.ReadAllBytes(path), out var spki, out var problem), problem);
            Assert.Equal(expected, Convert.ToHexString(TlsaGenerator.ComputeAssociationData(spki, TlsaMatchingType.Sha256)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A key of an algorithm a TLS server certificate cannot carry is named, not called invalid.</summary>
    [Fact]
    public void UnsupportedKeyAlgorithmIsNamed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"danekit-tlsa-{Guid.NewGuid():N}.pem");
        try
        {
            OpenSslDigest($"openssl genpkey -algorithm x25519 -out {path} && openssl dgst -sha256 -r {path}");
            Assert.False(TlsaGeneratorInput.TryLoadSubjectPublicKeyInfo(File.ReadAllBytes(path), out _, out var problem));
            Assert.Contains("unsupported key algorithm 1.3.101.110", problem, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
