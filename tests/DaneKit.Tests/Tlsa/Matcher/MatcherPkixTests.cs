using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Tlsa;
using static DaneKit.Tests.Tlsa.Matcher.MatcherTestPki;

namespace DaneKit.Tests.Tlsa.Matcher;

/// <summary>
/// PKIX-EE(1) and PKIX-TA(0) outside SMTP (RFC 6698 2.1.1): the record must match and the served chain must validate to
/// trust roots the caller passes; without them, or in the SMTP context, the records authenticate nothing.
/// </summary>
public sealed class MatcherPkixTests : IClassFixture<MatcherPkixTests.ChainFixture>
{
    private static readonly DaneReferenceNames Names = new("mx.example.com", null, null);
    private readonly MatcherTestChain _chain;

    public MatcherPkixTests(ChainFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        _chain = fixture.Chain;
    }

    [Fact]
    public void PkixEeMatchesWhenTheChainValidatesToTheTrustRoot()
    {
        var record = Record(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Leaf);

        var result = Match([record], _chain.Served, [_chain.Root]);

        Assert.True(result.Matched, result.ToString());
        Assert.Equal(0, result.MatchedDepth);
        Assert.Equal("PKIX-EE 1 1 1 matched at depth 0 (PKIX path validated to a trust root)", result.Description);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public void PkixTaMatchesACaOfTheValidatedPathTheTrustRootIncluded(bool root, int depth)
    {
        var record = Record(TlsaUsage.PkixTa, TlsaSelector.Cert, TlsaMatchingType.Sha512, root ? _chain.Root : _chain.Intermediate);

        // The root is not served: PKIX-TA matches it where the validated path ends (danetest cases 30, 31).
        var result = Match([record], _chain.Served, [_chain.Root]);

        Assert.True(result.Matched, result.ToString());
        Assert.Equal(depth, result.MatchedDepth);
    }

    [Fact]
    public void PkixTaDoesNotMatchTheLeaf()
    {
        var record = Record(TlsaUsage.PkixTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Leaf);

        var failure = Assert.Single(Match([record], _chain.Served, [_chain.Root]).Failures);

        Assert.Equal(DaneMatchFailureReason.PkixAnchorNotInPath, failure.Reason);
        Assert.Contains("CN=Test Root CA", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutTrustRootsPkixRecordsFailAndSayWhy()
    {
        var ee = Record(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Leaf);
        var ta = Record(TlsaUsage.PkixTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Intermediate);

        foreach (var roots in new[] { null, new X509Certificate2Collection() })
        {
            var result = Match([ee, ta], _chain.Served, roots);

            Assert.Equal(DaneMatchOutcome.NotMatched, result.Outcome);
            Assert.All(result.Failures, f => Assert.Equal(DaneMatchFailureReason.PkixNoTrustRoots, f.Reason));
            Assert.Equal([0, 1], result.Failures.Select(f => f.MatchedDepth));
            Assert.Contains("no trust roots were given", result.Failures[0].Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ChainToAnotherRootFailsValidationAtTheMatchedDepth()
    {
        using var otherKey = NewEcKey();
        using var otherRoot = SelfSigned(otherKey, "CN=Other Root", NotBefore, NotAfter, ca: true);
        var record = Record(TlsaUsage.PkixEe, TlsaSelector.Cert, TlsaMatchingType.Sha256, _chain.Leaf);

        var result = Match([record], _chain.Served, [otherRoot]);

        var failure = Assert.Single(result.Failures);
        Assert.Equal(DaneMatchFailureReason.PkixValidationFailed, failure.Reason);
        Assert.Equal(0, failure.MatchedDepth);
        Assert.Same(failure, result.NearestMiss);
        Assert.Contains("does not validate to a trust root", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingIntermediateFailsValidation()
    {
        // danetest case 34.
        var record = Record(TlsaUsage.PkixEe, TlsaSelector.Cert, TlsaMatchingType.Sha256, _chain.Leaf);

        var failure = Assert.Single(Match([record], [_chain.Leaf], [_chain.Root]).Failures);

        Assert.Equal(DaneMatchFailureReason.PkixValidationFailed, failure.Reason);
    }

    [Fact]
    public void IntermediatePublishedInFullAsPkixTaCompletesTheChain()
    {
        // danetest case 35: the server sends only its leaf; "0 0 0" carries the intermediate.
        var ee = Record(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Leaf);
        var ta = Record(TlsaUsage.PkixTa, TlsaSelector.Cert, TlsaMatchingType.Full, _chain.Intermediate);

        var result = Match([ee, ta], [_chain.Leaf], [_chain.Root]);

        Assert.True(result.Matched, result.ToString());
        Assert.Same(ee, result.MatchedRecord);
        Assert.Equal(0, result.MatchedDepth);
    }

    [Fact]
    public void PkixChecksValidityPeriods()
    {
        var record = Record(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Leaf);
        var set = TlsaRecordSet.Create([record], TlsaContext.Generic);

        var result = DaneMatcher.Match(set, SecurityStatus.Secure, _chain.Served, Names, NotAfter.AddDays(1), [_chain.Root]);

        var failure = Assert.Single(result.Failures);
        Assert.Equal(DaneMatchFailureReason.PkixValidationFailed, failure.Reason);
        Assert.Contains("NotTimeValid", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void PkixChecksTheLeafName()
    {
        using var chain = new MatcherTestChain(null, "smtp.other.org");
        var record = Record(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, chain.Leaf);

        var failure = Assert.Single(Match([record], chain.Served, [chain.Root]).Failures);

        Assert.Equal(DaneMatchFailureReason.NameMismatch, failure.Reason);
        Assert.Equal(0, failure.MatchedDepth);
        Assert.Equal("the leaf presents smtp.other.org; tried mx.example.com", failure.Detail);
    }

    [Fact]
    public void PkixRecordsAreUnusableForSmtpWhateverTheTrustRoots()
    {
        var record = Record(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Leaf);
        var set = TlsaRecordSet.Create([record], TlsaContext.Smtp);

        var result = DaneMatcher.Match(set, SecurityStatus.Secure, _chain.Served, Names, Now, [_chain.Root]);

        Assert.Equal(DaneMatchOutcome.AllRecordsUnusable, result.Outcome);
        Assert.Equal(TlsaUsabilityReason.PkixUsageInSmtp, Assert.Single(result.Unusable).Reason);
    }

    [Fact]
    public void ASignatureTheMatcherCannotCheckStillFailsCleanly()
    {
        // RSA-PSS is not among the algorithms the DANE-TA path builder verifies; X509Chain does verify it.
        using var leaf = _chain.IssueLeaf(X509SignatureGenerator.CreateForRSA(_chain.IntermediateKey, RSASignaturePadding.Pss), ["mx.example.com"]);
        var ta = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Intermediate);

        var result = Match([ta], [leaf, _chain.Intermediate], [_chain.Root]);

        var failure = Assert.Single(result.Failures);
        Assert.Equal(DaneMatchFailureReason.ChainSignatureInvalid, failure.Reason);
        Assert.Contains("not supported", failure.Detail, StringComparison.Ordinal);
    }

    private static DaneMatchResult Match(TlsaData[] records, IReadOnlyList<X509Certificate2> served, X509Certificate2Collection? roots) =>
        DaneMatcher.Match(TlsaRecordSet.Create(records, TlsaContext.Generic), SecurityStatus.Secure, served, Names, Now, roots);

    public sealed class ChainFixture : IDisposable
    {
        public MatcherTestChain Chain { get; } = new();

        public void Dispose() => Chain.Dispose();
    }
}
