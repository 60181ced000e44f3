using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;

namespace DaneKit.Tests.Tlsa.Matcher;

/// <summary>
/// Certificates made at test time with <see cref="CertificateRequest"/>, dated around a pinned
/// <see cref="Now"/>. Signing goes through <see cref="X509SignatureGenerator"/> so that a test can give any
/// issuer name, key and validity period (including a leaf outliving its issuer, or signed by the wrong key).
/// </summary>
internal static class MatcherTestPki
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NotBefore = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NotAfter = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static int _serial;

    public static ECDsa NewEcKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static X509Certificate2 SelfSigned(ECDsa key, string subject, DateTimeOffset notBefore, DateTimeOffset notAfter, bool ca = false, params string[] dnsNames)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        AddExtensions(request, ca, dnsNames);
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    public static X509Certificate2 Issue(
        CertificateRequest request, X509Certificate2 issuer, X509SignatureGenerator signer, DateTimeOffset notBefore, DateTimeOffset notAfter, bool ca, params string[] dnsNames)
    {
        AddExtensions(request, ca, dnsNames);
        var serial = BitConverter.GetBytes(Interlocked.Increment(ref _serial) + 1000);
        return request.Create(issuer.SubjectName, signer, notBefore, notAfter, serial);
    }

    private static void AddExtensions(CertificateRequest request, bool ca, string[] dnsNames)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, ca));
        if (dnsNames.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }

            request.CertificateExtensions.Add(san.Build());
        }
    }

    public static TlsaData Record(TlsaUsage usage, TlsaSelector selector, TlsaMatchingType matching, X509Certificate2 certificate)
    {
        var selected = selector == TlsaSelector.Cert ? certificate.RawData : certificate.PublicKey.ExportSubjectPublicKeyInfo();
        var data = matching switch
        {
            TlsaMatchingType.Sha256 => SHA256.HashData(selected),
            TlsaMatchingType.Sha512 => SHA512.HashData(selected),
            _ => selected,
        };
        return new TlsaData(usage, selector, matching, data);
    }
}

/// <summary>
/// A root CA (ECDSA P-256, not served) → intermediate CA (RSA 2048) → leaf (ECDSA P-256, SAN mx.example.com), all
/// valid at <see cref="MatcherTestPki.Now"/>. The root's and intermediate's keys are kept to issue variants.
/// </summary>
public sealed class MatcherTestChain : IDisposable
{
    public MatcherTestChain(DateTimeOffset? intermediateNotAfter = null, params string[] leafNames)
    {
        RootKey = MatcherTestPki.NewEcKey();
        Root = MatcherTestPki.SelfSigned(RootKey, "CN=Test Root CA", MatcherTestPki.NotBefore, MatcherTestPki.NotAfter, ca: true);

        IntermediateKey = RSA.Create(2048);
        var intermediateRequest = new CertificateRequest("CN=Test Intermediate CA", IntermediateKey, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1);
        Intermediate = MatcherTestPki.Issue(intermediateRequest, Root, X509SignatureGenerator.CreateForECDsa(RootKey),
            MatcherTestPki.NotBefore, intermediateNotAfter ?? MatcherTestPki.NotAfter, ca: true);

        LeafKey = MatcherTestPki.NewEcKey();
        Leaf = IssueLeaf(X509SignatureGenerator.CreateForRSA(IntermediateKey, RSASignaturePadding.Pkcs1),
            leafNames.Length > 0 ? leafNames : ["mx.example.com"]);
    }

    public ECDsa RootKey { get; }

    public X509Certificate2 Root { get; }

    public RSA IntermediateKey { get; }

    public X509Certificate2 Intermediate { get; }

    public ECDsa LeafKey { get; }

    public X509Certificate2 Leaf { get; }

    /// <summary>Leaf then intermediate, as a server normally sends them (the root is not sent).</summary>
    public IReadOnlyList<X509Certificate2> Served => [Leaf, Intermediate];

    public X509Certificate2 IssueLeaf(X509SignatureGenerator signer, string[] names, string subject = "CN=mx.example.com")
    {
        var request = new CertificateRequest(subject, LeafKey, HashAlgorithmName.SHA256);
        return MatcherTestPki.Issue(request, Intermediate, signer, MatcherTestPki.NotBefore, MatcherTestPki.NotAfter, ca: false, names);
    }

    public void Dispose()
    {
        Leaf.Dispose();
        Intermediate.Dispose();
        Root.Dispose();
        LeafKey.Dispose();
        IntermediateKey.Dispose();
        RootKey.Dispose();
    }
}
