using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;
using DaneKit.Tlsa;
using static DaneKit.Tests.Tlsa.Matcher.MatcherTestPki;

namespace DaneKit.Tests.Tlsa.Matcher;

/// <summary>DANE-EE(3): the leaf only, no name and no expiry check (RFC 7672 3.1.1, RFC 7671 5.1).</summary>
public sealed class MatcherDaneEeTests
{
    private static readonly DaneReferenceNames Names = new("mx.example.com", "mx.example.com", "example.com");

    [Theory]
    [InlineData(TlsaSelector.Spki, TlsaMatchingType.Sha256)]
    [InlineData(TlsaSelector.Cert, TlsaMatchingType.Sha256)]
    [InlineData(TlsaSelector.Spki, TlsaMatchingType.Sha512)]
    [InlineData(TlsaSelector.Cert, TlsaMatchingType.Full)]
    [InlineData(TlsaSelector.Spki, TlsaMatchingType.Full)]
    public void LeafMatchesAtDepth0(TlsaSelector selector, TlsaMatchingType matching)
    {
        using var chain = new MatcherTestChain();
        var record = Record(TlsaUsage.DaneEe, selector, matching, chain.Leaf);

        var result = DaneMatcher.Match([record], chain.Served, Names, Now);

        Assert.True(result.Matched);
        Assert.Same(record, result.MatchedRecord);
        Assert.Equal(0, result.MatchedDepth);
        Assert.Equal($"DANE-EE 3 {(byte)selector} {(byte)matching} matched at depth 0", result.Description);
        Assert.Empty(result.Failures);
    }

    [Fact]
    public void WrongDigestFailsAndShowsWhatTheLeafGives()
    {
        using var chain = new MatcherTestChain();
        var record = new TlsaData(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]);

        var result = DaneMatcher.Match([record], chain.Served, Names, Now);

        Assert.False(result.Matched);
        Assert.Null(result.Description);
        var failure = Assert.Single(result.Failures);
        Assert.Same(record, failure.Record);
        Assert.Equal(DaneMatchFailureReason.DigestMismatch, failure.Reason);
        var expected = Convert.ToHexString(Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, chain.Leaf).CertificateAssociationData);
        Assert.Contains(expected, failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void IntermediateDoesNotMatchADaneEeRecord()
    {
        using var chain = new MatcherTestChain();
        var record = Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, chain.Intermediate);

        var result = DaneMatcher.Match([record], chain.Served, Names, Now);

        Assert.False(result.Matched);
        Assert.Equal(DaneMatchFailureReason.DigestMismatch, Assert.Single(result.Failures).Reason);
    }

    [Fact]
    public void ExpiredSelfSignedLeafWithAnotherNameStillMatches()
    {
        using var key = NewEcKey();
        using var leaf = SelfSigned(key, "CN=old.example.net", Now.AddYears(-3), Now.AddYears(-2), ca: false, "old.example.net");
        var record = Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, leaf);

        var result = DaneMatcher.Match([record], [leaf], Names, Now);

        Assert.True(result.Matched);
        Assert.Equal("DANE-EE 3 1 1 matched at depth 0", result.Description);
    }

    [Fact]
    public void EmptyChainFailsEveryRecord()
    {
        var record = new TlsaData(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]);

        var result = DaneMatcher.Match([record], Array.Empty<X509Certificate2>(), Names, Now);

        Assert.False(result.Matched);
        Assert.Equal(DaneMatchFailureReason.NoServedChain, Assert.Single(result.Failures).Reason);
    }

    [Fact]
    public void OneMatchingRecordAmongSeveralAuthenticates()
    {
        using var chain = new MatcherTestChain();
        var wrongEe = new TlsaData(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]);
        var wrongTa = new TlsaData(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]);
        var good = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, chain.Intermediate);

        var result = DaneMatcher.Match([wrongTa, good, wrongEe], chain.Served, Names, Now);

        Assert.True(result.Matched);
        Assert.Same(good, result.MatchedRecord);
        Assert.Equal("DANE-TA 2 1 1 matched at depth 1", result.Description);
        Assert.Equal(2, result.Failures.Count);
        Assert.Contains(result.Failures, f => f.Record == wrongEe && f.Reason == DaneMatchFailureReason.DigestMismatch);
        Assert.Contains(result.Failures, f => f.Record == wrongTa && f.Reason == DaneMatchFailureReason.AnchorNotServed);
    }

    [Fact]
    public void PkixUsageWithoutTrustRootsFailsAndSaysSo()
    {
        using var chain = new MatcherTestChain();
        var pkix = Record(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, chain.Leaf);

        var result = DaneMatcher.Match([pkix], chain.Served, Names, Now);

        Assert.False(result.Matched);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(DaneMatchFailureReason.PkixNoTrustRoots, failure.Reason);
        Assert.Equal(0, failure.MatchedDepth);
        Assert.Same(failure, result.NearestMiss);
    }

    [Fact]
    public void UnknownUsageIsReportedNotMatched()
    {
        using var chain = new MatcherTestChain();
        var unknown = new TlsaData((TlsaUsage)4, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]);

        var result = DaneMatcher.Match([unknown], chain.Served, Names, Now);

        Assert.False(result.Matched);
        Assert.Equal(DaneMatchFailureReason.UnsupportedRecord, Assert.Single(result.Failures).Reason);
    }
}
