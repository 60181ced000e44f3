using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Tlsa;
using static DaneKit.Tests.Tlsa.Matcher.MatcherTestPki;

namespace DaneKit.Tests.Tlsa.Matcher;

/// <summary>
/// Bad input never throws out of the matcher: garbage in full records, odd code points, missing or unreadable
/// certificates, duplicates, issuer-name loops, long chains. Each gives failures with reasons.
/// </summary>
public sealed class MatcherRobustnessTests : IClassFixture<MatcherRobustnessTests.ChainFixture>
{
    private static readonly DaneReferenceNames Names = new("mx.example.com", null, null);
    private readonly MatcherTestChain _chain;

    public MatcherRobustnessTests(ChainFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        _chain = fixture.Chain;
    }

    [Fact]
    public void GarbageInFullRecordsIsAReasonNotAnException()
    {
        byte[] garbage = [0x30, 0x82, 0xFF, 0xFF, 0x01, 0x02, 0x03];
        var certificate = new TlsaData(TlsaUsage.DaneTa, TlsaSelector.Cert, TlsaMatchingType.Full, garbage);
        var key = new TlsaData(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Full, garbage);
        var trailing = new TlsaData(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Full, [.. _chain.Root.PublicKey.ExportSubjectPublicKeyInfo(), 0x00]);
        var empty = new TlsaData(TlsaUsage.DaneTa, TlsaSelector.Cert, TlsaMatchingType.Full, []);
        var ee = new TlsaData(TlsaUsage.DaneEe, TlsaSelector.Cert, TlsaMatchingType.Full, garbage);

        // The bare-records overload takes whatever it is given; a record set would have dropped these as unusable.
        var result = DaneMatcher.Match([certificate, key, trailing, empty, ee], _chain.Served, Names, Now);

        Assert.Equal(DaneMatchOutcome.NotMatched, result.Outcome);
        Assert.Equal(
            [DaneMatchFailureReason.DigestMismatch, DaneMatchFailureReason.UnsupportedRecord, DaneMatchFailureReason.UnsupportedRecord,
             DaneMatchFailureReason.UnsupportedRecord, DaneMatchFailureReason.UnsupportedRecord],
            result.Failures.Select(f => f.Reason));
        Assert.Contains("bytes after the SubjectPublicKeyInfo", result.Failures[2].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void GarbagePkixCertificateInDnsDoesNotStopValidation()
    {
        var garbage = new TlsaData(TlsaUsage.PkixTa, TlsaSelector.Cert, TlsaMatchingType.Full, [0x30, 0x03, 0x02, 0x01, 0x00]);
        var ee = Record(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Leaf);
        var set = TlsaRecordSet.Create([garbage, ee], TlsaContext.Generic);

        var result = DaneMatcher.Match(set, SecurityStatus.Secure, _chain.Served, Names, Now, [_chain.Root]);

        Assert.True(result.Matched, result.ToString());
        Assert.Equal(TlsaUsabilityReason.UnparseableCertificate, Assert.Single(result.Unusable).Reason);
    }

    [Fact]
    public void OddCodePointsAndLengthsAreReasons()
    {
        var shortDigest = new TlsaData(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[5]);
        var emptyDigest = new TlsaData(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha512, []);
        var selector = new TlsaData(TlsaUsage.DaneEe, (TlsaSelector)7, TlsaMatchingType.Sha256, new byte[32]);
        var matching = new TlsaData(TlsaUsage.DaneEe, TlsaSelector.Spki, (TlsaMatchingType)9, new byte[32]);
        var usage = new TlsaData(TlsaUsage.PrivCert, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]);

        var result = DaneMatcher.Match([shortDigest, emptyDigest, selector, matching, usage], _chain.Served, Names, Now);

        Assert.Equal(5, result.Failures.Count);
        Assert.Equal(DaneMatchFailureReason.DigestMismatch, result.Failures.Single(f => f.Record == shortDigest).Reason);
        Assert.Equal(DaneMatchFailureReason.AnchorNotServed, result.Failures.Single(f => f.Record == emptyDigest).Reason);
        Assert.All(result.Failures.Where(f => f.Record == selector || f.Record == matching || f.Record == usage),
            f => Assert.Equal(DaneMatchFailureReason.UnsupportedRecord, f.Reason));
    }

    [Fact]
    public void AMissingCertificateInTheChainFailsEveryRecord()
    {
        var ee = Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Leaf);
        X509Certificate2[] served = [_chain.Leaf, null!];

        var result = DaneMatcher.Match([ee], served, Names, Now);

        var failure = Assert.Single(result.Failures);
        Assert.Equal(DaneMatchFailureReason.InvalidServedChain, failure.Reason);
        Assert.Equal("there is no certificate in position 1 of the served chain", failure.Detail);
    }

    [Fact]
    public void ADisposedCertificateIsReportedNotThrown()
    {
        var disposed = X509CertificateLoader.LoadCertificate(_chain.Intermediate.RawData);
        disposed.Dispose();
        var ta = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Intermediate);

        var result = DaneMatcher.Match([ta], [_chain.Leaf, disposed], Names, Now);

        var failure = Assert.Single(result.Failures);
        Assert.Equal(DaneMatchFailureReason.InvalidServedChain, failure.Reason);
        Assert.Contains("position 1", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicatesInTheChainAreHarmless()
    {
        var ta = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Intermediate);
        var leafAsTa = Record(TlsaUsage.DaneTa, TlsaSelector.Cert, TlsaMatchingType.Sha256, _chain.Leaf);
        X509Certificate2[] served = [_chain.Leaf, _chain.Intermediate, _chain.Leaf, _chain.Intermediate, _chain.Intermediate];

        var result = DaneMatcher.Match([leafAsTa, ta], served, Names, Now);

        Assert.Same(ta, result.MatchedRecord);
        Assert.Equal(1, result.MatchedDepth);
        Assert.Equal(DaneMatchFailureReason.AnchorNotServed, Assert.Single(result.Failures).Reason);
    }

    [Fact]
    public void AnIssuerNameLoopEndsThePath()
    {
        using var keyA = NewEcKey();
        using var keyB = NewEcKey();
        var nameA = new X500DistinguishedName("CN=Loop A");
        var nameB = new X500DistinguishedName("CN=Loop B");
        using var a = CaSignedBy("CN=Loop A", keyA, nameB, keyB);
        using var b = CaSignedBy("CN=Loop B", keyB, nameA, keyA);
        using var leafKey = NewEcKey();
        var leafRequest = new CertificateRequest("CN=mx.example.com", leafKey, HashAlgorithmName.SHA256);
        using var leaf = Issue(leafRequest, a, X509SignatureGenerator.CreateForECDsa(keyA), NotBefore, NotAfter, ca: false, "mx.example.com");
        var taB = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, b);
        var unrelated = new TlsaData(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]);
        var pkix = Record(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, leaf);
        X509Certificate2[] served = [leaf, a, b, a, b];

        var dane = DaneMatcher.Match([unrelated, taB], served, Names, Now);
        var generic = DaneMatcher.Match(TlsaRecordSet.Create([pkix], TlsaContext.Generic), SecurityStatus.Secure, served, Names, Now, [_chain.Root]);

        Assert.Same(taB, dane.MatchedRecord);
        Assert.Equal(2, dane.MatchedDepth);
        Assert.Equal(DaneMatchFailureReason.AnchorNotServed, Assert.Single(dane.Failures).Reason);
        Assert.Equal(DaneMatchFailureReason.PkixValidationFailed, Assert.Single(generic.Failures).Reason);
    }

    [Fact]
    public void AFiftyCertificateChainIsMatchedInAnyOrder()
    {
        using var longChain = new LongChain(49);
        var root = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, longChain.Root);
        var middle = Record(TlsaUsage.DaneTa, TlsaSelector.Cert, TlsaMatchingType.Sha512, longChain.Cas[20]);
        var ee = Record(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, longChain.Leaf);
        var served = longChain.Served;
        X509Certificate2[] shuffled = [served[0], .. served.Skip(1).Reverse()];

        Assert.Equal(50, served.Count);
        var inOrder = DaneMatcher.Match([root], served, Names, Now);
        var reversed = DaneMatcher.Match([root], shuffled, Names, Now);
        var lowest = DaneMatcher.Match([root, middle], shuffled, Names, Now);
        var pkix = DaneMatcher.Match(TlsaRecordSet.Create([ee], TlsaContext.Generic), SecurityStatus.Secure, shuffled, Names, Now, [longChain.Root]);

        Assert.Equal(49, inOrder.MatchedDepth);
        Assert.Equal(49, reversed.MatchedDepth);
        Assert.Equal(29, lowest.MatchedDepth);
        Assert.True(pkix.Matched, pkix.ToString());
    }

    [Fact]
    public void MoreThanTheLimitOfCertificatesFailsEveryRecord()
    {
        var ee = Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Leaf);
        var served = new X509Certificate2[DaneMatcher.MaxServedCertificates + 1];
        served[0] = _chain.Leaf;
        Array.Fill(served, _chain.Intermediate, 1, served.Length - 1);

        var result = DaneMatcher.Match([ee], served, Names, Now);

        var failure = Assert.Single(result.Failures);
        Assert.Equal(DaneMatchFailureReason.InvalidServedChain, failure.Reason);
        Assert.Contains("101 certificates", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AMalformedSubjectAltNameFailsTheNameCheckOnly()
    {
        var request = new CertificateRequest("CN=mx.example.com", _chain.LeafKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509Extension("2.5.29.17", [0x30, 0x05, 0x82, 0x09, 0x61], false));
        using var leaf = request.Create(_chain.Intermediate.SubjectName,
            X509SignatureGenerator.CreateForRSA(_chain.IntermediateKey, RSASignaturePadding.Pkcs1), NotBefore, NotAfter, [0x42]);
        var ta = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Intermediate);
        var ee = Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, leaf);

        var taOnly = DaneMatcher.Match([ta], [leaf, _chain.Intermediate], Names, Now);
        var both = DaneMatcher.Match([ta, ee], [leaf, _chain.Intermediate], Names, Now);

        var failure = Assert.Single(taOnly.Failures);
        Assert.Equal(DaneMatchFailureReason.NameMismatch, failure.Reason);
        Assert.StartsWith("the leaf's names cannot be read", failure.Detail, StringComparison.Ordinal);
        Assert.Same(ee, both.MatchedRecord);
    }

    [Fact]
    public void ALeafWithNoNameAtAllFailsDaneTaButNotDaneEe()
    {
        var request = new CertificateRequest(new X500DistinguishedName(""), _chain.LeafKey, HashAlgorithmName.SHA256);
        using var leaf = request.Create(_chain.Intermediate.SubjectName,
            X509SignatureGenerator.CreateForRSA(_chain.IntermediateKey, RSASignaturePadding.Pkcs1), NotBefore, NotAfter, [0x43]);
        var ta = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Intermediate);
        var ee = Record(TlsaUsage.DaneEe, TlsaSelector.Cert, TlsaMatchingType.Sha256, leaf);

        var result = DaneMatcher.Match([ta, ee], [leaf, _chain.Intermediate], Names, Now);

        Assert.Same(ee, result.MatchedRecord);
        Assert.Equal("the leaf presents no name; tried mx.example.com", Assert.Single(result.Failures).Detail);
    }

    private static X509Certificate2 CaSignedBy(string subject, ECDsa key, X500DistinguishedName issuer, ECDsa issuerKey)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.Create(issuer, X509SignatureGenerator.CreateForECDsa(issuerKey), NotBefore, NotAfter, RandomNumberGenerator.GetBytes(4));
    }

    public sealed class ChainFixture : IDisposable
    {
        public MatcherTestChain Chain { get; } = new();

        public void Dispose() => Chain.Dispose();
    }

    /// <summary>A root, <c>n - 1</c> intermediates below it and a leaf: <c>n + 1</c> certificates, all served.</summary>
    private sealed class LongChain : IDisposable
    {
        private readonly List<ECDsa> _keys = [];

        public LongChain(int cas)
        {
            var rootKey = NewKey();
            Root = SelfSigned(rootKey, "CN=Long Root", NotBefore, NotAfter, ca: true);
            Cas.Add(Root);
            var issuerKey = rootKey;
            for (var i = 1; i < cas; i++)
            {
                var key = NewKey();
                var request = new CertificateRequest($"CN=Long CA {i}", key, HashAlgorithmName.SHA256);
                Cas.Add(Issue(request, Cas[^1], X509SignatureGenerator.CreateForECDsa(issuerKey), NotBefore, NotAfter, ca: true));
                issuerKey = key;
            }

            var leafRequest = new CertificateRequest("CN=mx.example.com", NewKey(), HashAlgorithmName.SHA256);
            Leaf = Issue(leafRequest, Cas[^1], X509SignatureGenerator.CreateForECDsa(issuerKey), NotBefore, NotAfter, ca: false, "mx.example.com");
        }

        public X509Certificate2 Root { get; }

        /// <summary>The CAs, root first.</summary>
        public List<X509Certificate2> Cas { get; } = [];

        public X509Certificate2 Leaf { get; }

        /// <summary>Leaf first, then the CAs from the leaf's issuer up to the root.</summary>
        public IReadOnlyList<X509Certificate2> Served => [Leaf, .. Enumerable.Reverse(Cas)];

        public void Dispose()
        {
            Leaf.Dispose();
            Cas.ForEach(c => c.Dispose());
            _keys.ForEach(k => k.Dispose());
        }

        private ECDsa NewKey()
        {
            var key = NewEcKey();
            _keys.Add(key);
            return key;
        }
    }
}
