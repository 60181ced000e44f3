using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Tlsa;
using DaneKit.Tests.Tlsa.Matcher;

namespace DaneKit.Tests.Tlsa.Matrix;

/// <summary>
/// Every usage (0 to 3) × selector (0, 1) × matching type (0, 1, 2), for RSA and ECDSA chains made at test time:
/// the record computed from the right certificate matches at the right depth, and a wrong one (a digest with one byte
/// flipped, or a full certificate or key of another key pair) fails with the right reason. PKIX usages run in the
/// generic context with the root as trust root (RFC 6698 2.1.1); in the SMTP context they are unusable (RFC 7672
/// 3.1.3), while DANE usages give the same result in both.
/// </summary>
public sealed class MatrixTests : IClassFixture<MatrixTests.Chains>
{
    private static readonly DaneReferenceNames Names = new("mx.example.com", "mx.example.com", "example.com");
    private readonly Chains _chains;

    public MatrixTests(Chains chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        _chains = chains;
    }

    /// <summary>Which certificate a record is made from: the leaf, the served intermediate, or the root.</summary>
    public enum Target
    {
        Leaf,
        Intermediate,
        Root,
    }

    public static TheoryData<MatrixKeyKind, TlsaUsage, TlsaSelector, TlsaMatchingType, Target> Rows()
    {
        var rows = new TheoryData<MatrixKeyKind, TlsaUsage, TlsaSelector, TlsaMatchingType, Target>();
        foreach (var kind in new[] { MatrixKeyKind.Rsa, MatrixKeyKind.Ecdsa })
        {
            foreach (var usage in new[] { TlsaUsage.PkixTa, TlsaUsage.PkixEe, TlsaUsage.DaneTa, TlsaUsage.DaneEe })
            {
                foreach (var selector in new[] { TlsaSelector.Cert, TlsaSelector.Spki })
                {
                    foreach (var matching in new[] { TlsaMatchingType.Full, TlsaMatchingType.Sha256, TlsaMatchingType.Sha512 })
                    {
                        var targets = usage is TlsaUsage.DaneEe or TlsaUsage.PkixEe ? new[] { Target.Leaf } : [Target.Intermediate, Target.Root];
                        foreach (var target in targets)
                        {
                            rows.Add(kind, usage, selector, matching, target);
                        }
                    }
                }
            }
        }

        return rows;
    }

    [Fact]
    public void TheMatrixCoversEveryCombination()
    {
        var rows = Rows().Select(r => ((MatrixKeyKind)r[0], (TlsaUsage)r[1], (TlsaSelector)r[2], (TlsaMatchingType)r[3])).Distinct().ToArray();

        Assert.Equal(2 * 4 * 2 * 3, rows.Length);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void CorrectRecordMatchesAtItsDepth(MatrixKeyKind kind, TlsaUsage usage, TlsaSelector selector, TlsaMatchingType matching, Target target)
    {
        var chain = _chains[kind];
        var record = MatcherTestPki.Record(usage, selector, matching, Certificate(chain, target));
        var served = Served(chain, target);
        var depth = target switch { Target.Leaf => 0, Target.Intermediate => 1, _ => 2 };

        var generic = Match(record, TlsaContext.Generic, served, chain);

        Assert.True(generic.Matched, $"{kind} {record}: {generic}");
        Assert.Equal(DaneMatchOutcome.Matched, generic.Outcome);
        Assert.Same(record, generic.MatchedRecord);
        Assert.Equal(depth, generic.MatchedDepth);
        Assert.StartsWith($"{usage.ToMnemonic()} {(byte)usage} {(byte)selector} {(byte)matching} matched at depth {depth}", generic.Description, StringComparison.Ordinal);
        Assert.Empty(generic.Failures);

        AssertSmtp(record, served, chain, generic);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void WrongRecordFailsWithTheRightReason(MatrixKeyKind kind, TlsaUsage usage, TlsaSelector selector, TlsaMatchingType matching, Target target)
    {
        var chain = _chains[kind];
        var record = Wrong(MatcherTestPki.Record(usage, selector, matching, Certificate(chain, target)), chain, target);
        var served = Served(chain, target);
        var expected = (usage, matching) switch
        {
            (TlsaUsage.DaneEe or TlsaUsage.PkixEe, _) => DaneMatchFailureReason.DigestMismatch,
            (TlsaUsage.DaneTa, TlsaMatchingType.Full) => DaneMatchFailureReason.AnchorDoesNotSign,
            (TlsaUsage.DaneTa, _) => DaneMatchFailureReason.AnchorNotServed,
            _ => DaneMatchFailureReason.PkixAnchorNotInPath,
        };

        var generic = Match(record, TlsaContext.Generic, served, chain);

        Assert.Equal(DaneMatchOutcome.NotMatched, generic.Outcome);
        Assert.Null(generic.MatchedRecord);
        var failure = Assert.Single(generic.Failures);
        Assert.Same(record, failure.Record);
        Assert.True(expected == failure.Reason, $"{kind} {record}: expected {expected}, got {failure.Reason}: {failure.Detail}");
        Assert.Null(failure.MatchedDepth);
        Assert.Null(generic.NearestMiss);

        AssertSmtp(record, served, chain, generic);
    }

    private static void AssertSmtp(TlsaData record, IReadOnlyList<X509Certificate2> served, MatrixChain chain, DaneMatchResult generic)
    {
        var smtp = Match(record, TlsaContext.Smtp, served, chain);
        if (record.Usage is TlsaUsage.PkixTa or TlsaUsage.PkixEe)
        {
            Assert.Equal(DaneMatchOutcome.AllRecordsUnusable, smtp.Outcome);
            var unusable = Assert.Single(smtp.Unusable);
            Assert.Equal(TlsaUsabilityReason.PkixUsageInSmtp, unusable.Reason);
            Assert.Empty(smtp.Failures);
            return;
        }

        Assert.Equal(generic.Outcome, smtp.Outcome);
        Assert.Equal(generic.MatchedDepth, smtp.MatchedDepth);
        Assert.Equal(generic.Failures.Select(f => f.Reason), smtp.Failures.Select(f => f.Reason));
    }

    private static DaneMatchResult Match(TlsaData record, TlsaContext context, IReadOnlyList<X509Certificate2> served, MatrixChain chain)
    {
        var set = TlsaRecordSet.Create([record], context);
        if (context == TlsaContext.Generic)
        {
            Assert.Empty(set.Unusable);
        }

        return DaneMatcher.Match(set, SecurityStatus.Secure, served, Names, MatcherTestPki.Now, [chain.Root.Certificate]);
    }

    private static X509Certificate2 Certificate(MatrixChain chain, Target target) => target switch
    {
        Target.Leaf => chain.Leaf.Certificate,
        Target.Intermediate => chain.Intermediate.Certificate,
        _ => chain.Root.Certificate,
    };

    /// <summary>Leaf and intermediate; the root too when a record is made from it (DANE-TA digests need it served).</summary>
    private static X509Certificate2[] Served(MatrixChain chain, Target target) => target == Target.Root
        ? [chain.Leaf.Certificate, chain.Intermediate.Certificate, chain.Root.Certificate]
        : [chain.Leaf.Certificate, chain.Intermediate.Certificate];

    /// <summary>
    /// A digest with its last byte flipped; for Full(0), the certificate or key of another key pair (a flipped byte
    /// would no longer parse, and the record set would drop the record as unusable instead).
    /// </summary>
    private static TlsaData Wrong(TlsaData right, MatrixChain chain, Target target)
    {
        if (right.MatchingType != TlsaMatchingType.Full)
        {
            var data = right.CertificateAssociationData.ToArray();
            data[^1] ^= 0x01;
            return new TlsaData(right.Usage, right.Selector, right.MatchingType, data);
        }

        var other = target == Target.Leaf ? chain.OtherLeaf.Certificate : chain.OtherCa.Certificate;
        return MatcherTestPki.Record(right.Usage, right.Selector, right.MatchingType, other);
    }

    public sealed class Chains : IDisposable
    {
        private readonly MatrixChain _rsa = new(MatrixKeyKind.Rsa);
        private readonly MatrixChain _ecdsa = new(MatrixKeyKind.Ecdsa);

        public MatrixChain this[MatrixKeyKind kind] => kind == MatrixKeyKind.Rsa ? _rsa : _ecdsa;

        public void Dispose()
        {
            _rsa.Dispose();
            _ecdsa.Dispose();
        }
    }
}
