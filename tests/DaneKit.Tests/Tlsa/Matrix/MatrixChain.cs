using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Tests.Tlsa.Matcher;

namespace DaneKit.Tests.Tlsa.Matrix;

/// <summary>The key algorithm of every certificate of a <see cref="MatrixChain"/>.</summary>
public enum MatrixKeyKind
{
    Rsa,
    Ecdsa,
}

/// <summary>
/// A root CA → intermediate CA → leaf chain made at test time with <see cref="CertificateRequest"/>, every key of one
/// kind (RSA 2048 with SHA-256 PKCS#1, or ECDSA P-256 with SHA-256), valid around <see cref="MatcherTestPki.Now"/>, the
/// leaf for mx.example.com. An unrelated CA and leaf of the same kind serve as the "another key" of wrong records.
/// </summary>
public sealed class MatrixChain : IDisposable
{
    private readonly List<IDisposable> _keys = [];

    public MatrixChain(MatrixKeyKind kind)
    {
        Kind = kind;
        Root = SelfSigned("CN=Matrix Root CA " + kind);
        Intermediate = Issue("CN=Matrix Intermediate CA " + kind, Root, ca: true);
        Leaf = Issue("CN=mx.example.com", Intermediate, ca: false, "mx.example.com");
        OtherCa = SelfSigned("CN=Unrelated CA " + kind);
        OtherLeaf = Issue("CN=mx.example.com", OtherCa, ca: false, "mx.example.com");
    }

    public MatrixKeyKind Kind { get; }

    public CertificateWithKey Root { get; }

    public CertificateWithKey Intermediate { get; }

    public CertificateWithKey Leaf { get; }

    public CertificateWithKey OtherCa { get; }

    public CertificateWithKey OtherLeaf { get; }

    public void Dispose()
    {
        foreach (var c in new[] { Root, Intermediate, Leaf, OtherCa, OtherLeaf })
        {
            c.Certificate.Dispose();
        }

        foreach (var k in _keys)
        {
            k.Dispose();
        }
    }

    private CertificateWithKey SelfSigned(string subject)
    {
        var (request, signer) = Request(subject);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var certificate = request.Create(new X500DistinguishedName(subject), signer, MatcherTestPki.NotBefore, MatcherTestPki.NotAfter, Serial());
        return new CertificateWithKey(certificate, signer);
    }

    private CertificateWithKey Issue(string subject, CertificateWithKey issuer, bool ca, params string[] names)
    {
        var (request, signer) = Request(subject);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, true));
        request.CertificateExtensions.Add(ca
            ? new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true)
            : new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer.Certificate, true, false));
        if (names.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var n in names)
            {
                san.AddDnsName(n);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        var certificate = request.Create(issuer.Certificate.SubjectName, issuer.Signer, MatcherTestPki.NotBefore, MatcherTestPki.NotAfter, Serial());
        return new CertificateWithKey(certificate, signer);
    }

    private (CertificateRequest Request, X509SignatureGenerator Signer) Request(string subject)
    {
        if (Kind == MatrixKeyKind.Rsa)
        {
            var rsa = RSA.Create(2048);
            _keys.Add(rsa);
            return (new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1));
        }

        var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _keys.Add(ec);
        return (new CertificateRequest(subject, ec, HashAlgorithmName.SHA256), X509SignatureGenerator.CreateForECDsa(ec));
    }

    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }
}

/// <summary>A certificate and the signature generator of its private key.</summary>
public sealed record CertificateWithKey(X509Certificate2 Certificate, X509SignatureGenerator Signer);
