using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DaneKit.Dns.Records;
using DaneKit.Rollover;

namespace DaneKit.Tests.Rollover;

/// <summary>
/// Keys and certificates for the rollover tests, made with <see cref="CertificateRequest"/> and dated around the pinned
/// <see cref="Now"/>: a CA (ECDSA P-256) that issues leaves for <c>mx.example.com</c>, and the helpers that turn them into
/// <see cref="RolloverCredential"/>s through the same loader the command uses.
/// </summary>
internal static class RolloverTestPki
{
    /// <summary>The pinned time of every rollover test.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset NotBefore = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset NotAfter = new(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The MX host of the tests.</summary>
    public const string Host = "mx.example.com.";

    /// <summary>Its TLSA owner name at port 25.</summary>
    public const string Owner = "_25._tcp.mx.example.com.";

    private static int _serial;

    public static ECDsa NewEcKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>A self-signed CA certificate.</summary>
    public static X509Certificate2 Ca(ECDsa key, string subject = "CN=Rollover Test CA", DateTimeOffset? notAfter = null)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(NotBefore, notAfter ?? NotAfter);
    }

    /// <summary>A leaf for <paramref name="dnsName"/> with <paramref name="leafKey"/>, issued by the CA.</summary>
    public static X509Certificate2 Leaf(ECDsa leafKey, X509Certificate2 ca, ECDsa caKey, string dnsName = "mx.example.com", DateTimeOffset? notAfter = null)
    {
        var request = new CertificateRequest("CN=" + dnsName, leafKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        var serial = BitConverter.GetBytes(Interlocked.Increment(ref _serial) + 5000);
        return request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), NotBefore, notAfter ?? NotAfter, serial);
    }

    /// <summary>A self-signed leaf (no CA) for <paramref name="dnsName"/>.</summary>
    public static X509Certificate2 SelfSignedLeaf(ECDsa key, string dnsName = "mx.example.com")
    {
        var request = new CertificateRequest("CN=" + dnsName, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(NotBefore, NotAfter);
    }

    /// <summary>Loads a credential through <see cref="RolloverCredential.TryLoad"/>; fails the test when it cannot be read.</summary>
    public static RolloverCredential Load(byte[] content, string source)
    {
        Assert.True(RolloverCredential.TryLoad(content, source, out var credential, out var problem), problem);
        Assert.Null(problem);
        return Assert.IsType<RolloverCredential>(credential);
    }

    public static RolloverCredential Load(string pem, string source) => Load(Encoding.ASCII.GetBytes(pem), source);

    /// <summary>A bare-key credential from the key's PEM PUBLIC KEY.</summary>
    public static RolloverCredential KeyOnly(AsymmetricAlgorithm key, string source = "next.key") =>
        Load(key.ExportSubjectPublicKeyInfoPem(), source);

    /// <summary>A certificate-chain credential from PEM (leaf first).</summary>
    public static RolloverCredential Chain(string source, params X509Certificate2[] chain) =>
        Load(string.Concat(chain.Select(c => c.ExportCertificatePem() + "\n")), source);

    /// <summary>The expected 3 1 1 data: SHA-256 of the DER SubjectPublicKeyInfo, upper-case hex.</summary>
    public static string Spki256(AsymmetricAlgorithm key) => Convert.ToHexString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    /// <summary>The expected 3 1 1 record text of a key.</summary>
    public static string EndEntity(AsymmetricAlgorithm key) => "3 1 1 " + Spki256(key);

    /// <summary>A record computed independently of the code under test.</summary>
    public static TlsaData Record(TlsaUsage usage, TlsaSelector selector, TlsaMatchingType matching, byte[] selected)
    {
        var data = matching switch
        {
            TlsaMatchingType.Sha256 => SHA256.HashData(selected),
            TlsaMatchingType.Sha512 => SHA512.HashData(selected),
            _ => selected,
        };
        return new TlsaData(usage, selector, matching, data);
    }
}
