using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;
using DaneKit.Tlsa;
using static DaneKit.Tests.Tlsa.Matcher.MatcherTestPki;

namespace DaneKit.Tests.Tlsa.Matcher;

/// <summary>
/// DANE-TA(2): chain from the served certificates, every signature, expiry and the leaf's name
/// (RFC 7672 3.1.2, 3.2; RFC 7671 5.2).
/// </summary>
public sealed class MatcherDaneTaTests
{
    private static readonly DaneReferenceNames Names = new("mx.example.com", "mx.example.com", "example.com");

    [Theory]
    [InlineData(TlsaSelector.Spki, TlsaMatchingType.Sha256)]
    [InlineData(TlsaSelector.Cert, TlsaMatchingType.Sha256)]
    [InlineData(TlsaSelector.Cert, TlsaMatchingType.Sha512)]
    [InlineData(TlsaSelector.Cert, TlsaMatchingType.Full)]
    public void ServedIntermediateMatchesAtDepth1(TlsaSelector selector, TlsaMatchingType matching)
    {
        using var chain = new MatcherTestChain();
        var record = Record(TlsaUsage.DaneTa, selector, matching, chain.Intermediate);

        var result = DaneMatcher.Match([record], chain.Served, Names, Now);

        Assert.True(result.Matched, result.ToString());
        Assert.Equal(1, result.MatchedDepth);
        Assert.Equal($"DANE-TA 2 {(byte)selector} {(byte)matching} matched at depth 1", result.Description);
    }

    [Fact]
    public void ServedChainOutOfOrderWithRootStillBuildsThePath()
    {
        using var chain = new MatcherTestChain();
        var record = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, chain.Root);

        var result = DaneMatcher.Match([record], [chain.Leaf, chain.Root, chain.Intermediate], Names, Now);

        Assert.True(result.Matched, result.ToString());
        Assert.Equal("DANE-TA 2 1 1 matched at depth 2", result.Description);
    }

    [Fact]
    public void DigestOfARootThatIsNotServedFailsAsAnchorNotServed()
    {
        using var chain = new MatcherTestChain();
        var record = Record(TlsaUsage.DaneTa, TlsaSelector.Cert, TlsaMatchingType.Sha256, chain.Root);

        var result = DaneMatcher.Match([record], chain.Served, Names, Now);

        Assert.False(result.Matched);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(DaneMatchFailureReason.AnchorNotServed, failure.Reason);
        Assert.Contains("server", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void DigestOfTheLeafDoesNotCountAsDaneTa()
    {
        using var chain = new MatcherTestChain();
        var record = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, chain.Leaf);

        var result = DaneMatcher.Match([record], chain.Served, Names, Now);

        Assert.False(result.Matched);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(DaneMatchFailureReason.AnchorNotServed, failure.Reason);
        Assert.Contains("DANE-EE(3)", failure.Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// OpenSSL's depths (danetest cases 43 to 46): a certificate from DNS sits above the served path; a bare key has no
    /// certificate of its own and is reported at the depth of the certificate it signed.
    /// </summary>
    [Theory]
    [InlineData(TlsaSelector.Cert, 2, "certificate")]
    [InlineData(TlsaSelector.Spki, 1, "key")]
    public void FullRootFromDnsThatIsNotServedSignsTheTopAndMatches(TlsaSelector selector, int depth, string what)
    {
        using var chain = new MatcherTestChain();
        var record = Record(TlsaUsage.DaneTa, selector, TlsaMatchingType.Full, chain.Root);

        var result = DaneMatcher.Match([record], chain.Served, Names, Now);

        Assert.True(result.Matched, result.ToString());
        Assert.Equal(depth, result.MatchedDepth);
        Assert.Equal($"DANE-TA 2 {(byte)selector} 0 matched at depth {depth} (trust anchor {what} from DNS, not served; it signs the certificate at depth 1)",
            result.Description);
    }

    [Fact]
    public void KeyFromDnsStillChecksTheCertificateItSigns()
    {
        using var chain = new MatcherTestChain(intermediateNotAfter: Now.AddDays(-1));
        var record = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Full, chain.Root);

        var result = DaneMatcher.Match([record], chain.Served, Names, Now);

        Assert.False(result.Matched);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(DaneMatchFailureReason.Expired, failure.Reason);
        Assert.Contains("depth 1 (CN=Test Intermediate CA)", failure.Detail, StringComparison.Ordinal);
        Assert.Equal(1, failure.MatchedDepth);
    }

    [Fact]
    public void FullKeyFromDnsThatSignsNothingFails()
    {
        using var chain = new MatcherTestChain();
        using var other = NewEcKey();
        var record = new TlsaData(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Full, other.ExportSubjectPublicKeyInfo());

        var result = DaneMatcher.Match([record], chain.Served, Names, Now);

        Assert.False(result.Matched);
        Assert.Equal(DaneMatchFailureReason.AnchorDoesNotSign, Assert.Single(result.Failures).Reason);
    }

    [Fact]
    public void LeafNameMismatchFailsAndListsTheNamesTried()
    {
        using var chain = new MatcherTestChain(null, "smtp.other.org");
        var record = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, chain.Intermediate);

        var result = DaneMatcher.Match([record], chain.Served, new DaneReferenceNames("mx.example.com", "MX.example.com.", "example.com"), Now);

        Assert.False(result.Matched);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(DaneMatchFailureReason.NameMismatch, failure.Reason);
        Assert.Equal("the leaf presents smtp.other.org; tried mx.example.com, example.com", failure.Detail);
    }

    [Fact]
    public void LeafNameMatchingTheNextHopDomainPasses()
    {
        using var chain = new MatcherTestChain(null, "example.com");
        var record = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, chain.Intermediate);

        var result = DaneMatcher.Match([record], chain.Served, new DaneReferenceNames("mx.example.com", null, "example.com"), Now);

        Assert.True(result.Matched, result.ToString());
    }

    [Fact]
    public void ExpiredIntermediateFailsAndNamesIt()
    {
        using var chain = new MatcherTestChain(intermediateNotAfter: Now.AddDays(-1));
        var record = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, chain.Root);

        var result = DaneMatcher.Match([record], [chain.Leaf, chain.Intermediate, chain.Root], Names, Now);

        Assert.False(result.Matched);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(DaneMatchFailureReason.Expired, failure.Reason);
        Assert.Contains("depth 1 (CN=Test Intermediate CA)", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpiredLeafFailsForDaneTaButNotForDaneEe()
    {
        using var chain = new MatcherTestChain();
        var ta = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, chain.Intermediate);
        var ee = Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, chain.Leaf);
        var later = NotAfter.AddDays(1);

        var taOnly = DaneMatcher.Match([ta], chain.Served, Names, later);
        var both = DaneMatcher.Match([ta, ee], chain.Served, Names, later);

        Assert.Equal(DaneMatchFailureReason.Expired, Assert.Single(taOnly.Failures).Reason);
        Assert.Contains("depth 0", taOnly.Failures[0].Detail, StringComparison.Ordinal);
        Assert.True(both.Matched);
        Assert.Same(ee, both.MatchedRecord);
    }

    [Fact]
    public void LeafNotYetValidFails()
    {
        using var chain = new MatcherTestChain();
        var record = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, chain.Intermediate);

        var result = DaneMatcher.Match([record], chain.Served, Names, NotBefore.AddDays(-1));

        Assert.Equal(DaneMatchFailureReason.NotYetValid, Assert.Single(result.Failures).Reason);
    }

    [Fact]
    public void LeafSignedByAnotherKeyFailsWithTheBrokenLink()
    {
        using var chain = new MatcherTestChain();
        using var impostorKey = RSA.Create(2048);
        using var tampered = chain.IssueLeaf(X509SignatureGenerator.CreateForRSA(impostorKey, RSASignaturePadding.Pkcs1), ["mx.example.com"]);
        var record = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, chain.Intermediate);

        var result = DaneMatcher.Match([record], [tampered, chain.Intermediate], Names, Now);

        Assert.False(result.Matched);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(DaneMatchFailureReason.ChainSignatureInvalid, failure.Reason);
        Assert.Contains("signature on the certificate at depth 0", failure.Detail, StringComparison.Ordinal);
        Assert.Contains("CN=Test Intermediate CA", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void IntermediateSignedByAnotherKeyFailsAFullRootFromDns()
    {
        using var chain = new MatcherTestChain();
        var record = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Full, chain.Root);
        using var otherRoot = NewEcKey();
        using var forged = MatcherTestPki.Issue(
            new CertificateRequest("CN=Test Intermediate CA", chain.IntermediateKey, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
            chain.Root, X509SignatureGenerator.CreateForECDsa(otherRoot), NotBefore, NotAfter, ca: true);

        var result = DaneMatcher.Match([record], [chain.Leaf, forged], Names, Now);

        Assert.False(result.Matched);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(DaneMatchFailureReason.AnchorDoesNotSign, failure.Reason);
        Assert.Contains("signature does not verify", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ServedCATheLeafDoesNotChainToIsIncomplete()
    {
        using var chain = new MatcherTestChain();
        using var otherKey = NewEcKey();
        using var unrelated = SelfSigned(otherKey, "CN=Unrelated CA", NotBefore, NotAfter, ca: true);
        var record = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, unrelated);

        var result = DaneMatcher.Match([record], [chain.Leaf, chain.Intermediate, unrelated], Names, Now);

        Assert.False(result.Matched);
        Assert.Equal(DaneMatchFailureReason.ChainIncomplete, Assert.Single(result.Failures).Reason);
    }
}
