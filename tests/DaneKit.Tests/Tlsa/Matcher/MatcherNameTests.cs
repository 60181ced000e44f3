using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;
using DaneKit.Tlsa;
using static DaneKit.Tests.Tlsa.Matcher.MatcherTestPki;

namespace DaneKit.Tests.Tlsa.Matcher;

/// <summary>
/// The DANE-TA leaf name check (RFC 7672 3.2.2, 3.2.3): SAN dNSNames, else CN; a wildcard is one whole left-most
/// label. One CA chain is shared; each case issues its own leaf.
/// </summary>
public sealed class MatcherNameTests : IClassFixture<MatcherNameTests.ChainFixture>
{
    private readonly MatcherTestChain _chain;

    public MatcherNameTests(ChainFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        _chain = fixture.Chain;
    }

    [Theory]
    [InlineData("*.example.com", "mx.example.com", true)]
    [InlineData("*.example.com", "MX.Example.COM.", true)]
    [InlineData("*.example.com", "a.mx.example.com", false)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.com", "example.com", false)]
    [InlineData("mx*.example.com", "mx1.example.com", false)]
    [InlineData("mx.example.com", "mx.example.com", true)]
    [InlineData("mx.example.com", "mx.example.org", false)]
    public void PresentedSanNameAgainstReference(string presented, string reference, bool expected)
    {
        using var leaf = IssueLeaf([presented]);

        var result = Match(leaf, new DaneReferenceNames(reference, null, null));

        Assert.Equal(expected, result.Matched);
        if (!expected)
        {
            var failure = Assert.Single(result.Failures);
            Assert.Equal(DaneMatchFailureReason.NameMismatch, failure.Reason);
            Assert.Contains(presented, failure.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("mx.example.com", null, null, true)]
    [InlineData("other.example.com", "mx.example.com", null, true)]
    [InlineData(null, null, "mx.example.com", true)]
    [InlineData(null, null, null, false)]
    public void AnyReferenceNameMayMatch(string? baseDomain, string? mxHost, string? nextHop, bool expected)
    {
        using var leaf = IssueLeaf(["mx.example.com"]);

        Assert.Equal(expected, Match(leaf, new DaneReferenceNames(baseDomain, mxHost, nextHop)).Matched);
    }

    [Fact]
    public void CommonNameIsUsedOnlyWithoutSanDnsNames()
    {
        var names = new DaneReferenceNames("mx.example.com", null, null);
        using var cnOnly = IssueLeaf([]);
        using var sanAndCn = IssueLeaf(["other.example.net"]);

        Assert.True(Match(cnOnly, names).Matched);
        var failure = Assert.Single(Match(sanAndCn, names).Failures);
        Assert.Equal("the leaf presents other.example.net; tried mx.example.com", failure.Detail);
    }

    private X509Certificate2 IssueLeaf(string[] names) =>
        _chain.IssueLeaf(X509SignatureGenerator.CreateForRSA(_chain.IntermediateKey, RSASignaturePadding.Pkcs1), names);

    private DaneMatchResult Match(X509Certificate2 leaf, DaneReferenceNames names) =>
        DaneMatcher.Match(
            [Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, _chain.Intermediate)],
            [leaf, _chain.Intermediate], names, Now);

    public sealed class ChainFixture : IDisposable
    {
        public MatcherTestChain Chain { get; } = new();

        public void Dispose() => Chain.Dispose();
    }
}
