using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Tlsa;
using static DaneKit.Tests.Tlsa.Matcher.MatcherTestPki;

namespace DaneKit.Tests.Tlsa.Matcher;

/// <summary>
/// The top-level matcher: a TLSA RRset and its DNSSEC status (RFC 7672 2.1.1, 2.2). Only a Secure RRset is matched;
/// Insecure means DANE does not apply, Bogus or Indeterminate means the records cannot be trusted, all-unusable means
/// TLS without authentication.
/// </summary>
public sealed class MatcherRecordSetTests : IClassFixture<MatcherRecordSetTests.ChainFixture>
{
    private static readonly DaneReferenceNames Names = new("mx.example.com", "mx.example.com", "example.com");
    private readonly MatcherTestChain _chain;

    public MatcherRecordSetTests(ChainFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        _chain = fixture.Chain;
    }

    [Fact]
    public void SecureRecordThatMatchesAuthenticates()
    {
        var ee = Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Leaf);

        var result = Match([ee], SecurityStatus.Secure);

        Assert.Equal(DaneMatchOutcome.Matched, result.Outcome);
        Assert.Equal(SecurityStatus.Secure, result.DnssecStatus);
        Assert.Same(ee, result.MatchedRecord);
        Assert.Equal(0, result.MatchedDepth);
        Assert.Equal("DANE-EE 3 1 1 matched at depth 0", result.Summary);
    }

    [Fact]
    public void SecureRecordsThatDoNotMatchGiveEveryReasonAndTheUnusableOnes()
    {
        var wrong = new TlsaData(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]);
        var pkix = Record(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Leaf);
        var shortDigest = new TlsaData(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[5]);

        var result = Match([wrong, pkix, shortDigest], SecurityStatus.Secure);

        Assert.Equal(DaneMatchOutcome.NotMatched, result.Outcome);
        Assert.False(result.Matched);
        Assert.Equal(DaneMatchFailureReason.DigestMismatch, Assert.Single(result.Failures).Reason);
        Assert.Equal(
            [TlsaUsabilityReason.PkixUsageInSmtp, TlsaUsabilityReason.DigestLengthMismatch],
            result.Unusable.Select(u => u.Reason));
        Assert.StartsWith("no TLSA record matched: DANE-EE 3 1 1", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void UnusableRecordsAreListedBesideAMatch()
    {
        var ee = Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Leaf);
        var priv = new TlsaData(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.PrivMatch, new byte[4]);

        var result = Match([priv, ee], SecurityStatus.Secure);

        Assert.True(result.Matched);
        Assert.Equal(TlsaUsabilityReason.PrivateMatchingType, Assert.Single(result.Unusable).Reason);
    }

    [Fact]
    public void SecureRecordsAllUnusableMeanTlsWithoutAuthentication()
    {
        var pkix = Record(TlsaUsage.PkixTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Intermediate);
        var unknown = new TlsaData((TlsaUsage)7, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]);

        var result = Match([pkix, unknown], SecurityStatus.Secure);

        Assert.Equal(DaneMatchOutcome.AllRecordsUnusable, result.Outcome);
        Assert.Empty(result.Failures);
        Assert.Null(result.MatchedRecord);
        Assert.Equal(2, result.Unusable.Count);
        Assert.Contains("TLS is mandatory", result.Summary, StringComparison.Ordinal);
        Assert.Contains("RFC 7672 2.2", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void SecureEmptyRRsetMeansNoDane()
    {
        var result = Match([], SecurityStatus.Secure);

        Assert.Equal(DaneMatchOutcome.NoRecords, result.Outcome);
        Assert.Empty(result.Failures);
        Assert.Empty(result.Unusable);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void InsecureMeansDaneDoesNotApplyAndNothingIsMatched(bool withRecords)
    {
        var records = withRecords ? new[] { Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Leaf) } : [];

        var result = Match(records, SecurityStatus.Insecure);

        Assert.Equal(DaneMatchOutcome.DaneNotApplicable, result.Outcome);
        Assert.Equal(SecurityStatus.Insecure, result.DnssecStatus);
        Assert.False(result.Matched);
        Assert.Null(result.MatchedRecord);
        Assert.Empty(result.Failures);
        Assert.Contains("DANE does not apply", result.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SecurityStatus.Bogus)]
    [InlineData(SecurityStatus.Indeterminate)]
    [InlineData((SecurityStatus)42)]
    public void BogusOrIndeterminateMeansTheRecordsCannotBeTrusted(SecurityStatus status)
    {
        // Even a record that would match authenticates nothing when the RRset is not Secure.
        var ee = Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Leaf);

        var result = Match([ee], status);

        Assert.Equal(DaneMatchOutcome.RecordsNotTrusted, result.Outcome);
        Assert.Equal(status, result.DnssecStatus);
        Assert.False(result.Matched);
        Assert.Empty(result.Failures);
        Assert.Contains("cannot be trusted", result.Summary, StringComparison.Ordinal);
        Assert.Contains("defers", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void BogusEmptyRRsetIsNotTreatedAsNoRecords()
    {
        Assert.Equal(DaneMatchOutcome.RecordsNotTrusted, Match([], SecurityStatus.Bogus).Outcome);
        Assert.Equal(DaneMatchOutcome.RecordsNotTrusted, Match([], SecurityStatus.Indeterminate).Outcome);
    }

    [Fact]
    public void NoServedChainFailsEveryUsableRecord()
    {
        var set = TlsaRecordSet.Create([Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Leaf)], TlsaContext.Smtp);

        var result = DaneMatcher.Match(set, SecurityStatus.Secure, Array.Empty<X509Certificate2>(), Names, Now);

        Assert.Equal(DaneMatchOutcome.NotMatched, result.Outcome);
        Assert.Equal(DaneMatchFailureReason.NoServedChain, Assert.Single(result.Failures).Reason);
    }

    [Fact]
    public void RecordsAreTriedInTheOrderOfTheSet()
    {
        var ta = new TlsaData(TlsaUsage.DaneTa, TlsaSelector.Cert, TlsaMatchingType.Sha256, new byte[32]);
        var ee = new TlsaData(TlsaUsage.DaneEe, TlsaSelector.Cert, TlsaMatchingType.Sha512, new byte[64]);
        var ee2 = new TlsaData(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, new byte[32]);

        var result = Match([ta, ee, ee2], SecurityStatus.Secure);

        Assert.Equal([ee2, ee, ta], result.Failures.Select(f => f.Record));
    }

    private DaneMatchResult Match(TlsaData[] records, SecurityStatus status) =>
        DaneMatcher.Match(TlsaRecordSet.Create(records, TlsaContext.Smtp), status, _chain.Served, Names, Now);

    public sealed class ChainFixture : IDisposable
    {
        public MatcherTestChain Chain { get; } = new();

        public void Dispose() => Chain.Dispose();
    }
}
