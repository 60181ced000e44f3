using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcCertificate = Org.BouncyCastle.Tls.Certificate;
using BcHashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;
using X509Request = System.Security.Cryptography.X509Certificates.CertificateRequest;

namespace DaneKit.Tests.Smtp;

/// <summary>
/// A certificate chain for a hostile TLS server to send exactly as it is, leaf first, with the leaf's private key.
/// </summary>
/// <param name="Certificates">The DER certificates, leaf first, in the order they are sent.</param>
/// <param name="LeafKey">The leaf's private key, for the server's CertificateVerify.</param>
internal sealed record HostileChain(IReadOnlyList<byte[]> Certificates, AsymmetricKeyParameter LeafKey)
{
    /// <summary>The bytes of DER of all the certificates.</summary>
    public long Bytes => Certificates.Sum(c => (long)c.Length);

    /// <summary>
    /// A leaf and <paramref name="count"/> - 1 CA certificates all issued by one root that is not sent: the shape of a
    /// server that sends a whole CA bundle. .NET builds no deep chain from it, so the probe's callback sees them all.
    /// </summary>
    public static HostileChain Flat(int count, int padding = 0)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = X509SignatureGenerator.CreateForECDsa(key);
        var root = new X500DistinguishedName("CN=Hostile Root");
        var certificates = new List<byte[]>(count) { Array.Empty<byte>() };
        for (var i = 1; i < count; i++)
        {
            certificates.Add(Ca($"CN=Hostile CA {i}", key, padding).Create(root, signer, NotBefore, NotAfter, Serial(i)).RawData);
        }

        return WithLeaf(certificates, root, signer, padding);
    }

    /// <summary>
    /// A leaf and <paramref name="intermediates"/> intermediates, each issued by the next, the last by a root that is not
    /// sent: one chain <paramref name="intermediates"/> + 1 deep.
    /// </summary>
    public static HostileChain Deep(int intermediates)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = X509SignatureGenerator.CreateForECDsa(key);
        var certificates = new List<byte[]>(intermediates + 1) { Array.Empty<byte>() };
        for (var i = 0; i < intermediates; i++)
        {
            var issuer = new X500DistinguishedName(i + 1 < intermediates ? $"CN=Hostile Intermediate {i + 1}" : "CN=Hostile Root");
            certificates.Add(Ca($"CN=Hostile Intermediate {i}", key, 0).Create(issuer, signer, NotBefore, NotAfter, Serial(i + 1)).RawData);
        }

        return WithLeaf(certificates, new X500DistinguishedName("CN=Hostile Intermediate 0"), signer, 0);
    }

    private static DateTimeOffset NotBefore { get; } = DateTimeOffset.UtcNow.AddDays(-1);

    private static DateTimeOffset NotAfter { get; } = DateTimeOffset.UtcNow.AddDays(30);

    private static HostileChain WithLeaf(List<byte[]> certificates, X500DistinguishedName issuer, X509SignatureGenerator signer, int padding)
    {
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new X509Request("CN=mx.example.com", leafKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        Pad(request, padding);
        certificates[0] = request.Create(issuer, signer, NotBefore, NotAfter, [0x7f]).RawData;
        return new HostileChain(certificates, PrivateKeyFactory.CreateKey(leafKey.ExportPkcs8PrivateKey()));
    }

    private static X509Request Ca(string subject, ECDsa key, int padding)
    {
        var request = new X509Request(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        Pad(request, padding);
        return request;
    }

    /// <summary>Makes a certificate bigger with a private, non-critical extension of <paramref name="padding"/> bytes.</summary>
    private static void Pad(X509Request request, int padding)
    {
        if (padding > 0)
        {
            request.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.32473.1", new byte[padding], false));
        }
    }

    private static byte[] Serial(int i) => [(byte)(i >> 8), (byte)i, 1];
}

/// <summary>
/// The server side of a real TLS 1.3 or 1.2 handshake (BouncyCastle's) that sends a <see cref="HostileChain"/> as it
/// is: .NET's own server would build a chain from the certificates first, and cannot send one deeper than 100.
/// </summary>
internal sealed class HostileTlsServer(HostileChain chain) : DefaultTlsServer(new BcTlsCrypto(new SecureRandom()))
{
    public override TlsCredentials GetCredentials()
    {
        var crypto = (BcTlsCrypto)Crypto;
        var entries = chain.Certificates.Select(der => new CertificateEntry(crypto.CreateCertificate(der), null)).ToArray();
        var certificate = new BcCertificate(TlsUtilities.IsTlsV13(m_context) ? [] : null, entries);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), crypto, chain.LeafKey, certificate,
            SignatureAndHashAlgorithm.GetInstance(BcHashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.TLSv13.DownTo(ProtocolVersion.TLSv12);

    protected override int[] GetSupportedCipherSuites() =>
        [CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256];
}
