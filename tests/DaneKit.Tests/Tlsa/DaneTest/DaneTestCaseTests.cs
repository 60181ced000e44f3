using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Tlsa;

namespace DaneKit.Tests.Tlsa.DaneTest;

/// <summary>
/// OpenSSL's DANE verification cases (test/danetest.in, restated in danetest-cases.txt) and DaneKit's extra cases
/// checked against OpenSSL 3.0 (openssl-extra-cases.txt), run through <see cref="TlsaRecordSet"/> and
/// <see cref="DaneMatcher"/>: the outcome, the depth and the record must be OpenSSL's, except where a case names the
/// RFC section DaneKit follows instead.
/// </summary>
public sealed class DaneTestCaseTests
{
    /// <summary>
    /// danetest verifies at the wall clock; its certificates are valid from 2015/2016 to 2116 and 3015, except the
    /// anonymous leaf, which is never valid and is only used with DANE-EE(3), where dates are not checked. A fixed
    /// time inside every window keeps the cases from depending on the day they run.
    /// </summary>
    public static readonly DateTimeOffset Pinned = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<Dictionary<string, IReadOnlyList<DaneTestCase>>> Files = new(() => new()
    {
        ["danetest-cases.txt"] = DaneTestCase.Load("danetest-cases.txt"),
        ["openssl-extra-cases.txt"] = DaneTestCase.Load("openssl-extra-cases.txt"),
    });

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var (file, cases) in Files.Value)
        {
            foreach (var c in cases)
            {
                data.Add(file, c.Id);
            }
        }

        return data;
    }

    [Fact]
    public void EveryDanetestCaseIsConvertedOnceInOrder()
    {
        Assert.Equal(Enumerable.Range(1, 50), Files.Value["danetest-cases.txt"].Select(c => c.Id));
        Assert.Equal(Enumerable.Range(101, 30), Files.Value["openssl-extra-cases.txt"].Select(c => c.Id));
    }

    [Fact]
    public void OnlyCase50DiffersFromOpenSslAndItNamesTheRfc()
    {
        var differing = Files.Value["danetest-cases.txt"].Where(c => c.Override is not null).ToArray();

        var only = Assert.Single(differing);
        Assert.Equal(50, only.Id);
        Assert.StartsWith("RFC 7671 5.1", only.Rfc, StringComparison.Ordinal);
        Assert.True(only.DaneEeNamesChecked);
        Assert.Equal([104, 110], Files.Value["openssl-extra-cases.txt"].Where(c => c.Override is not null).Select(c => c.Id));
    }

    [Fact]
    public void ThePinnedTimeIsInsideEveryCertificateThatIsEverValid()
    {
        var certificates = Files.Value.Values.SelectMany(f => f).SelectMany(c => c.Chain.Concat(c.TrustRoots))
            .Select(Convert.ToBase64String).Distinct().Select(b => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(b))).ToArray();
        try
        {
            Assert.Equal(7, certificates.Length);
            foreach (var c in certificates)
            {
                var neverValid = c.NotBefore > c.NotAfter;
                Assert.True(neverValid || (c.NotBefore.ToUniversalTime() < Pinned.UtcDateTime && Pinned.UtcDateTime < c.NotAfter.ToUniversalTime()), c.Subject);
            }

            Assert.Single(certificates, c => c.NotBefore > c.NotAfter);
        }
        finally
        {
            foreach (var c in certificates)
            {
                c.Dispose();
            }
        }
    }

    /// <summary>All four usages, trust roots given: OpenSSL's result, or the RFC's where the case names it.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void GenericContextAgreesWithOpenSsl(string file, int id)
    {
        var c = Find(file, id);
        var chain = c.LoadChain();
        using var roots = new DisposableCollection(c.LoadTrustRoots());
        try
        {
            var set = TlsaRecordSet.Create(c.Records, TlsaContext.Generic);
            Assert.Empty(set.Unusable);

            var result = DaneMatcher.Match(set, SecurityStatus.Secure, chain, Names(c), Pinned, roots.Collection);

            AssertOutcome(c.Expected, result, c.ToString());
        }
        finally
        {
            Dispose(chain);
        }
    }

    /// <summary>
    /// SMTP: PKIX-TA and PKIX-EE are unusable (RFC 7672 3.1.3). A case with DANE records must give the same result; a
    /// case with PKIX records only is "all unusable", TLS mandatory but unauthenticated (RFC 7672 2.2).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void SmtpContextAgreesWithOpenSsl(string file, int id)
    {
        var c = Find(file, id);
        var chain = c.LoadChain();
        try
        {
            var set = TlsaRecordSet.Create(c.Records, TlsaContext.Smtp);
            var result = DaneMatcher.Match(set, SecurityStatus.Secure, chain, Names(c), Pinned);

            var pkixOnly = c.Records.All(r => r.Usage is TlsaUsage.PkixTa or TlsaUsage.PkixEe);
            Assert.Equal(pkixOnly, c.Smtp == DaneTestExpectation.AllUnusable);
            if (pkixOnly)
            {
                Assert.Equal(DaneMatchOutcome.AllRecordsUnusable, result.Outcome);
                Assert.All(result.Unusable, u => Assert.Equal(TlsaUsabilityReason.PkixUsageInSmtp, u.Reason));
                Assert.Empty(result.Failures);
                return;
            }

            // Mixed cases must be decided by a DANE record, or the SMTP result would differ and need its own line.
            Assert.True(c.Expected.Record is not { Usage: 0 or 1 }, $"{c}: the SMTP outcome needs its own line");
            AssertOutcome(c.Expected, result, c + " (SMTP)");

            // The bare-records overload gives the same for SMTP's usable records.
            var bare = DaneMatcher.Match(set.Usable.Select(e => e.Record).ToArray(), chain, Names(c), Pinned);
            Assert.Equal(result.Outcome, bare.Outcome);
            Assert.Equal(result.MatchedDepth, bare.MatchedDepth);
            Assert.Same(result.MatchedRecord, bare.MatchedRecord);
        }
        finally
        {
            Dispose(chain);
        }
    }

    private static void AssertOutcome(DaneTestExpectation expected, DaneMatchResult result, string what)
    {
        switch (expected.Outcome)
        {
            case DaneTestExpectation.Match:
                Assert.True(result.Matched, $"{what}: {result}");
                Assert.Equal(DaneMatchOutcome.Matched, result.Outcome);
                Assert.Equal(expected.Depth, result.MatchedDepth);
                AssertRecord(expected, result.MatchedRecord!, what);
                Assert.Null(result.NearestMiss);
                break;
            case DaneTestExpectation.NoMatch:
                Assert.Equal(DaneMatchOutcome.NotMatched, result.Outcome);
                Assert.Null(result.NearestMiss);
                Assert.NotEmpty(result.Failures);
                Assert.All(result.Failures, f => Assert.Null(f.MatchedDepth));
                Assert.All(result.Failures, f => Assert.Contains(f.Reason, new[]
                {
                    DaneMatchFailureReason.DigestMismatch, DaneMatchFailureReason.AnchorNotServed,
                    DaneMatchFailureReason.AnchorDoesNotSign, DaneMatchFailureReason.PkixAnchorNotInPath,
                }));
                break;
            case DaneTestExpectation.NameMismatch or DaneTestExpectation.PkixUntrusted:
                Assert.Equal(DaneMatchOutcome.NotMatched, result.Outcome);
                var miss = result.NearestMiss;
                Assert.NotNull(miss);
                Assert.Equal(expected.Outcome == DaneTestExpectation.NameMismatch
                    ? DaneMatchFailureReason.NameMismatch : DaneMatchFailureReason.PkixValidationFailed, miss.Reason);
                Assert.Equal(expected.Depth, miss.MatchedDepth);
                AssertRecord(expected, miss.Record, what);
                break;
            default:
                Assert.Fail($"{what}: unknown expectation {expected}");
                break;
        }
    }

    private static void AssertRecord(DaneTestExpectation expected, TlsaData record, string what)
    {
        if (expected.Record is { } r)
        {
            Assert.True(((byte)record.Usage, (byte)record.Selector, (byte)record.MatchingType) == r,
                $"{what}: expected the record {r}, got {record}");
        }
    }

    private static DaneReferenceNames Names(DaneTestCase c) => new(c.Name, null, null);

    private static DaneTestCase Find(string file, int id) => Files.Value[file].Single(c => c.Id == id);

    private static void Dispose(IEnumerable<X509Certificate2> certificates)
    {
        foreach (var c in certificates)
        {
            c.Dispose();
        }
    }

    private sealed class DisposableCollection(X509Certificate2Collection collection) : IDisposable
    {
        public X509Certificate2Collection Collection { get; } = collection;

        public void Dispose() => DaneTestCaseTests.Dispose(Collection);
    }
}
