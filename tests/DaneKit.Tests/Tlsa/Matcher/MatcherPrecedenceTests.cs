using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Tlsa;
using static DaneKit.Tests.Tlsa.Matcher.MatcherTestPki;

namespace DaneKit.Tests.Tlsa.Matcher;

/// <summary>
/// Which record is reported when several match, and which failure when none does, as OpenSSL chooses (checked against
/// OpenSSL 3.0 in DaneTest/openssl-extra-cases.txt): DANE-EE, then DANE-TA at the lowest depth, then PKIX-EE, then
/// PKIX-TA, ties going to the record tried first. Any one match authenticates (dane-rules 13).
/// </summary>
public sealed class MatcherPrecedenceTests : IClassFixture<MatcherPrecedenceTests.ChainFixture>
{
    private static readonly DaneReferenceNames Names = new("mx.example.com", null, null);
    private readonly MatcherTestChain _chain;

    public MatcherPrecedenceTests(ChainFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        _chain = fixture.Chain;
    }

    [Fact]
    public void DaneEeBeatsDaneTaWhateverTheOrder()
    {
        var ta = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Intermediate);
        var ee = Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Leaf);

        var result = DaneMatcher.Match([ta, ee], _chain.Served, Names, Now);

        Assert.Same(ee, result.MatchedRecord);
        Assert.Empty(result.Failures);
    }

    [Fact]
    public void TheLowestDaneTaDepthWinsWhateverTheRRsetOrder()
    {
        // Same usage, selector and matching type: the record set keeps the RRset order, root first.
        var root = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha512, _chain.Root);
        var intermediate = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha512, _chain.Intermediate);

        var result = Match([root, intermediate], [_chain.Leaf, _chain.Intermediate, _chain.Root]);

        Assert.Same(intermediate, result.MatchedRecord);
        Assert.Equal(1, result.MatchedDepth);
    }

    [Fact]
    public void ADaneTaKeyFromDnsTiesWithTheServedCaItSignsAndTheRecordTriedFirstWins()
    {
        // openssl-extra-cases.txt case 111: "2 1 0" of the root reports depth 1, like "2 1 1" of the intermediate.
        var key = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Full, _chain.Root);
        var digest = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Intermediate);

        var result = Match([key, digest], _chain.Served);

        Assert.Same(digest, result.MatchedRecord);
        Assert.Equal(1, result.MatchedDepth);
    }

    [Fact]
    public void DaneTaBeatsPkixEeAndPkixEeBeatsPkixTa()
    {
        var pkixEe = Record(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Leaf);
        var pkixTa = Record(TlsaUsage.PkixTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Intermediate);
        var daneTa = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Root);
        var served = new[] { _chain.Leaf, _chain.Intermediate, _chain.Root };

        Assert.Same(daneTa, Match([pkixEe, pkixTa, daneTa], served).MatchedRecord);
        Assert.Same(pkixEe, Match([pkixTa, pkixEe], served).MatchedRecord);
    }

    [Fact]
    public void WhenNothingMatchesTheNearestMissIsTheRecordThatMatchedACertificate()
    {
        using var chain = new MatcherTestChain(null, "smtp.other.org");
        var wrongEe = new TlsaData(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]);
        var ta = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, chain.Intermediate);
        var wrongTa = new TlsaData(TlsaUsage.DaneTa, TlsaSelector.Cert, TlsaMatchingType.Sha256, new byte[32]);

        var result = DaneMatcher.Match([wrongEe, wrongTa, ta], chain.Served, Names, Now);

        Assert.Equal(DaneMatchOutcome.NotMatched, result.Outcome);
        Assert.Equal(3, result.Failures.Count);
        Assert.NotNull(result.NearestMiss);
        Assert.Same(ta, result.NearestMiss.Record);
        Assert.Equal(DaneMatchFailureReason.NameMismatch, result.NearestMiss.Reason);
        Assert.Equal(1, result.NearestMiss.MatchedDepth);
        Assert.StartsWith("no TLSA record authenticated the server; nearest: DANE-TA 2 1 1", result.Summary, StringComparison.Ordinal);
    }

    private DaneMatchResult Match(TlsaData[] records, IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> served) =>
        DaneMatcher.Match(TlsaRecordSet.Create(records, TlsaContext.Generic), SecurityStatus.Secure, served, Names, Now, [_chain.Root]);

    public sealed class ChainFixture : IDisposable
    {
        public MatcherTestChain Chain { get; } = new();

        public void Dispose() => Chain.Dispose();
    }
}
