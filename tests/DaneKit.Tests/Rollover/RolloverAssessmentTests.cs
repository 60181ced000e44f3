using System.Security.Cryptography;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Rollover;
using DaneKit.Smtp;
using DaneKit.Tls;
using static DaneKit.Tests.Rollover.RolloverHosts;
using static DaneKit.Tests.Rollover.RolloverTestPki;

namespace DaneKit.Tests.Rollover;

/// <summary>
/// <see cref="RolloverAssessment.Decide"/>: whether deploying the new certificate is safe now (RFC 7671 8.1: the new key's
/// record visible Secure for two TTLs; RFC 7672 3.1: every address matching now). Hosts are built by hand, times pinned.
/// </summary>
public sealed class RolloverAssessmentTests : IDisposable
{
    private static readonly TimeSpan TwoTtl = TimeSpan.FromSeconds(2 * Ttl);

    private readonly ECDsa _currentKey = NewEcKey();
    private readonly ECDsa _nextKey = NewEcKey();
    private readonly RolloverCredential _next;

    public RolloverAssessmentTests()
    {
        _next = KeyOnly(_nextKey, "next.pem");
    }

    public void Dispose()
    {
        _next.Dispose();
        _currentKey.Dispose();
        _nextKey.Dispose();
    }

    private TlsaData CurrentRecord => Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _currentKey.ExportSubjectPublicKeyInfo());

    private TlsaData NextRecord => Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _nextKey.ExportSubjectPublicKeyInfo());

    private DaneCheckAddress ServingCurrent(string address = "192.0.2.25") => Address(address, Spki256(_currentKey), matched: true);

    private static Func<string, (DateTimeOffset Since, string Source)?> Unknown => _ => null;

    private static Func<string, (DateTimeOffset Since, string Source)?> Since(string record, DateTimeOffset since, string source = "state file") =>
        r => string.Equals(r, record, StringComparison.OrdinalIgnoreCase) ? (since, source) : null;

    [Theory]
    [InlineData(SecurityStatus.Bogus)]
    [InlineData(SecurityStatus.Indeterminate)]
    public void UnvalidatedTlsaIsUnknown(SecurityStatus status)
    {
        var host = MxHost(NotSecureTlsa(status, [CurrentRecord, NextRecord]), ServingCurrent());

        var d = RolloverAssessment.Decide(host, _next, Unknown, Now);

        Assert.Equal(RolloverOutcome.Unknown, d.Outcome);
        var reason = Assert.Single(d.Reasons);
        Assert.Equal("ROLLOVER-TLSA-UNVERIFIED", reason.Code);
        Assert.Equal(RolloverOutcome.Unknown, reason.Outcome);
        Assert.Equal("RFC 7672 2.2", reason.Rfc);
        Assert.Contains(status.ToString().ToLowerInvariant(), reason.Message, StringComparison.Ordinal);
        Assert.Equal(status, d.TlsaStatus);
        Assert.Empty(d.Matching);
        Assert.Null(d.SafeAt);
        Assert.Equal(Now, d.CheckedAt);
    }

    [Fact]
    public void SecureButDeferredRequirementIsUnknown()
    {
        var host = MxHost(SecureTlsa([CurrentRecord]) with { Requirement = DaneTlsaRequirement.Defer }, ServingCurrent());

        var d = RolloverAssessment.Decide(host, _next, Unknown, Now);

        Assert.Equal(RolloverOutcome.Unknown, d.Outcome);
        Assert.Equal("ROLLOVER-TLSA-UNVERIFIED", Assert.Single(d.Reasons).Code);
    }

    [Fact]
    public void InsecureTlsaIsUnsafe()
    {
        var host = MxHost(NotSecureTlsa(SecurityStatus.Insecure, [CurrentRecord]), Address("192.0.2.25", Spki256(_currentKey), null, DaneVerdict.Opportunistic,
            DaneTlsaRequirement.NotApplicable));

        var d = RolloverAssessment.Decide(host, _next, Unknown, Now);

        Assert.Equal(RolloverOutcome.Unsafe, d.Outcome);
        var reason = Assert.Single(d.Reasons);
        Assert.Equal("ROLLOVER-NO-SECURE-TLSA", reason.Code);
        Assert.Equal(RolloverOutcome.Unsafe, reason.Outcome);
        Assert.Contains($"{Owner} IN TLSA {EndEntity(_nextKey)}", reason.Fix, StringComparison.Ordinal);
        Assert.Empty(d.Published);
    }

    [Fact]
    public void SecureDenialIsUnsafe()
    {
        var host = MxHost(SecureTlsa([]));

        var d = RolloverAssessment.Decide(host, _next, Unknown, Now);

        Assert.Equal(RolloverOutcome.Unsafe, d.Outcome);
        Assert.Equal("ROLLOVER-NO-SECURE-TLSA", Assert.Single(d.Reasons).Code);
    }

    [Fact]
    public void NoUsableRecordsIsUnsafe()
    {
        // Only a PKIX-EE record: Secure, but unusable for SMTP (RFC 7672 3.1.3).
        var pkix = CheckRecord(new TlsaData(TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, SHA256.HashData(_nextKey.ExportSubjectPublicKeyInfo())));
        var tlsa = SecureTlsa([]) with
        {
            Requirement = DaneTlsaRequirement.NoUsableRecords,
            Description = "secure TLSA RRset, no usable record",
            Records = [pkix],
            Unusable = [pkix],
        };

        var d = RolloverAssessment.Decide(MxHost(tlsa), _next, Unknown, Now);

        Assert.Equal(RolloverOutcome.Unsafe, d.Outcome);
        Assert.Equal("ROLLOVER-NO-SECURE-TLSA", Assert.Single(d.Reasons).Code);
        Assert.Empty(d.Matching);
    }

    [Fact]
    public void NewKeyNotPublishedIsUnsafeAndSaysWhichRecord()
    {
        var host = MxHost(SecureTlsa([CurrentRecord]), ServingCurrent());

        var d = RolloverAssessment.Decide(host, _next, Unknown, Now);

        Assert.Equal(RolloverOutcome.Unsafe, d.Outcome);
        var reason = Assert.Single(d.Reasons);
        Assert.Equal("ROLLOVER-NEW-KEY-NOT-PUBLISHED", reason.Code);
        Assert.Equal("RFC 7671 8.1", reason.Rfc);
        Assert.Equal(EndEntity(_nextKey), d.Needed);
        Assert.Contains($"{Owner} {Ttl} IN TLSA {EndEntity(_nextKey)}", reason.Fix, StringComparison.Ordinal);
        Assert.Contains($"({2 * Ttl} s)", reason.Fix, StringComparison.Ordinal);
        Assert.Contains("next.pem", reason.Message, StringComparison.Ordinal);
        Assert.Contains(EndEntity(_currentKey), reason.Message, StringComparison.Ordinal);
        Assert.Equal([CurrentRecord.ToString()], d.Published);
        Assert.Empty(d.Matching);
        Assert.Null(d.VisibleSince);
        Assert.Null(d.SafeAt);
        Assert.Equal(Ttl, d.Ttl);
    }

    [Fact]
    public void NewKeyNotPublishedWithUnknownTtlCountsAnHour()
    {
        var host = MxHost(SecureTlsa([CurrentRecord], withRRset: false), ServingCurrent());

        var d = RolloverAssessment.Decide(host, _next, Unknown, Now);

        Assert.Equal("ROLLOVER-NEW-KEY-NOT-PUBLISHED", d.Reasons[0].Code);
        Assert.Contains($"{Owner} 3600 IN TLSA {EndEntity(_nextKey)}", d.Reasons[0].Fix, StringComparison.Ordinal);
        Assert.Contains("(7200 s)", d.Reasons[0].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void PublishedButFirstSeenNowIsTooSoon()
    {
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord]), ServingCurrent());

        var d = RolloverAssessment.Decide(host, _next, Unknown, Now);

        Assert.Equal(RolloverOutcome.NotYet, d.Outcome);
        var reason = Assert.Single(d.Reasons);
        Assert.Equal("ROLLOVER-TOO-SOON", reason.Code);
        Assert.Equal(RolloverOutcome.NotYet, reason.Outcome);
        Assert.Equal([NextRecord.ToString()], d.Matching);
        Assert.Null(d.Needed);
        Assert.Equal(Now, d.VisibleSince);
        Assert.Equal("first seen now", d.VisibleSinceSource);
        Assert.Equal(Now + TwoTtl, d.SafeAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 12, 10, 0, TimeSpan.Zero), d.SafeAt);
        Assert.Contains("safe at 2026-11-29 12:10:00Z, in 600 s", reason.Message, StringComparison.Ordinal);
        Assert.Equal("Deploy at or after 2026-11-29 12:10:00Z; run this check again then.", reason.Fix);
    }

    [Fact]
    public void VisibleForMoreThanTwoTtlsIsSafe()
    {
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord]), ServingCurrent(), ServingCurrent("2001:db8::25"));
        var since = Now - TwoTtl - TimeSpan.FromSeconds(1);

        var d = RolloverAssessment.Decide(host, _next, Since(NextRecord.ToString(), since), Now);

        Assert.Equal(RolloverOutcome.Safe, d.Outcome);
        Assert.Empty(d.Reasons);
        Assert.Equal(since, d.VisibleSince);
        Assert.Equal("state file", d.VisibleSinceSource);
        Assert.Equal(Now - TimeSpan.FromSeconds(1), d.SafeAt);
    }

    [Fact]
    public void ExactlyTwoTtlsIsSafe()
    {
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord]), ServingCurrent());

        var d = RolloverAssessment.Decide(host, _next, Since(NextRecord.ToString(), Now - TwoTtl), Now);

        Assert.Equal(RolloverOutcome.Safe, d.Outcome);
        Assert.Equal(Now, d.SafeAt);
        Assert.Empty(d.Reasons);
    }

    [Fact]
    public void OneSecondShortOfTwoTtlsIsNotYet()
    {
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord]), ServingCurrent());

        var d = RolloverAssessment.Decide(host, _next, Since(NextRecord.ToString(), Now - TwoTtl + TimeSpan.FromSeconds(1), "the monitor"), Now);

        Assert.Equal(RolloverOutcome.NotYet, d.Outcome);
        Assert.Equal(Now + TimeSpan.FromSeconds(1), d.SafeAt);
        Assert.Equal("the monitor", d.VisibleSinceSource);
        Assert.Contains("in 1 s", d.Reasons[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VisibilityOfOtherRecordsDoesNotCount()
    {
        // The current record has been there for days; that says nothing about the new key's.
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord]), ServingCurrent());

        var d = RolloverAssessment.Decide(host, _next, Since(CurrentRecord.ToString(), Now.AddDays(-30)), Now);

        Assert.Equal(RolloverOutcome.NotYet, d.Outcome);
        Assert.Equal(Now, d.VisibleSince);
    }

    [Fact]
    public void TheEarliestOfSeveralMatchingRecordsCounts()
    {
        var next512 = Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha512, _nextKey.ExportSubjectPublicKeyInfo());
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord, next512]), ServingCurrent());
        var early = Now - TimeSpan.FromHours(1);
        var late = Now - TimeSpan.FromSeconds(10);

        var d = RolloverAssessment.Decide(host, _next, r =>
            r == NextRecord.ToString() ? (late, "late") : r == next512.ToString() ? (early, "early") : null, Now);

        Assert.Equal(RolloverOutcome.Safe, d.Outcome);
        Assert.Equal(2, d.Matching.Count);
        Assert.Contains(next512.ToString(), d.Matching);
        Assert.Equal(early, d.VisibleSince);
        Assert.Equal("early", d.VisibleSinceSource);
    }

    [Fact]
    public void VisibilityLookupGetsThePublishedRecordText()
    {
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord]), ServingCurrent());
        var asked = new List<string>();

        RolloverAssessment.Decide(host, _next, r =>
        {
            asked.Add(r);
            return null;
        }, Now);

        Assert.Equal([NextRecord.ToString()], asked);
    }

    [Fact]
    public void AnAddressThatDoesNotMatchIsUnsafe()
    {
        var bad = Address("192.0.2.26", Spki256(_currentKey), matched: false);
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord]), ServingCurrent(), bad);

        var d = RolloverAssessment.Decide(host, _next, Since(NextRecord.ToString(), Now.AddDays(-1)), Now);

        Assert.Equal(RolloverOutcome.Unsafe, d.Outcome);
        var reason = Assert.Single(d.Reasons);
        Assert.Equal("ROLLOVER-ADDRESS-NOT-MATCHING", reason.Code);
        Assert.Equal(RolloverOutcome.Unsafe, reason.Outcome);
        Assert.StartsWith("192.0.2.26:25 ", reason.Message, StringComparison.Ordinal);
        Assert.Equal("RFC 7672 3.1", reason.Rfc);
    }

    [Fact]
    public void AnAddressNotMatchedBecauseNothingWasServedIsUnsafe()
    {
        // The handshake failed: no chain, a match with no outcome, verdict dane-fail.
        var failed = Address("192.0.2.26", null, matched: null, DaneVerdict.DaneFail);
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord]), ServingCurrent(), failed);

        var d = RolloverAssessment.Decide(host, _next, Since(NextRecord.ToString(), Now.AddDays(-1)), Now);

        Assert.Equal(RolloverOutcome.Unsafe, d.Outcome);
        Assert.Equal("ROLLOVER-ADDRESS-NOT-MATCHING", Assert.Single(d.Reasons).Code);
    }

    [Fact]
    public void ADeferredAddressWithoutAMatchIsUnknown()
    {
        var deferred = Address("2001:db8::26", null, matched: null, DaneVerdict.Deferred);
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord]), ServingCurrent(), deferred);

        var d = RolloverAssessment.Decide(host, _next, Since(NextRecord.ToString(), Now.AddDays(-1)), Now);

        Assert.Equal(RolloverOutcome.Unknown, d.Outcome);
        var reason = Assert.Single(d.Reasons);
        Assert.Equal("ROLLOVER-ADDRESS-UNCHECKED", reason.Code);
        Assert.Equal(RolloverOutcome.Unknown, reason.Outcome);
        Assert.Equal("[2001:db8::26]:25 could not be checked now: the connection timed out", reason.Message);
        Assert.Equal("RFC 7672 3.1.1", reason.Rfc);
    }

    [Fact]
    public void AddressesWhereDaneDoesNotApplyAreNotJudged()
    {
        // An address whose A record is Insecure: senders do not use DANE there (RFC 7672 2.2.3), whatever it serves.
        var insecure = Address("198.51.100.25", Spki256(_currentKey), matched: null, DaneVerdict.Opportunistic, DaneTlsaRequirement.NotApplicable);
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord]), ServingCurrent(), insecure);

        var d = RolloverAssessment.Decide(host, _next, Since(NextRecord.ToString(), Now.AddDays(-1)), Now);

        Assert.Equal(RolloverOutcome.Safe, d.Outcome);
        Assert.Equal(2, d.Addresses.Count);
    }

    [Fact]
    public void UnknownTtlCountsAnHourAndSaysSoWithoutBlocking()
    {
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord], withRRset: false), ServingCurrent());
        var since = Now - TimeSpan.FromSeconds(7200);

        var d = RolloverAssessment.Decide(host, _next, Since(NextRecord.ToString(), since), Now);

        Assert.Null(d.Ttl);
        Assert.Equal(since + TimeSpan.FromSeconds(7200), d.SafeAt);
        Assert.Equal(RolloverOutcome.Safe, d.Outcome);
        var reason = Assert.Single(d.Reasons);
        Assert.Equal("ROLLOVER-TTL-UNKNOWN", reason.Code);
        Assert.Equal(RolloverOutcome.Safe, reason.Outcome);
        Assert.Contains("3600 s", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTtlStillWaitsTwoHours()
    {
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord], withRRset: false), ServingCurrent());

        var d = RolloverAssessment.Decide(host, _next, Since(NextRecord.ToString(), Now - TimeSpan.FromSeconds(601)), Now);

        Assert.Equal(RolloverOutcome.NotYet, d.Outcome);
        Assert.Equal(["ROLLOVER-TOO-SOON", "ROLLOVER-TTL-UNKNOWN"], d.Reasons.Select(r => r.Code));
        Assert.Equal(Now - TimeSpan.FromSeconds(601) + TimeSpan.FromSeconds(7200), d.SafeAt);
    }

    [Fact]
    public void OriginalTtlWinsOverTheRemainingTtl()
    {
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord], remainingTtl: 17, originalTtl: 900), ServingCurrent());

        var d = RolloverAssessment.Decide(host, _next, Unknown, Now);

        Assert.Equal(900u, d.Ttl);
        Assert.Equal(Now + TimeSpan.FromSeconds(1800), d.SafeAt);
    }

    [Fact]
    public void RemainingTtlWhenTheRRsetIsNotSigned()
    {
        // A resolver that strips RRSIGs leaves only the cache's countdown (no original TTL).
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord], remainingTtl: 120, originalTtl: null), ServingCurrent());

        var d = RolloverAssessment.Decide(host, _next, Unknown, Now);

        Assert.Equal(120u, d.Ttl);
        Assert.Equal(Now + TimeSpan.FromSeconds(240), d.SafeAt);
        Assert.DoesNotContain(d.Reasons, r => r.Code == "ROLLOVER-TTL-UNKNOWN");
    }

    [Fact]
    public void TheWorstReasonDecidesAndReasonsAreWorstFirst()
    {
        var deferred = Address("192.0.2.27", null, matched: null, DaneVerdict.Deferred);
        var bad = Address("192.0.2.26", Spki256(_currentKey), matched: false);
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord], withRRset: false), ServingCurrent(), deferred, bad);

        var d = RolloverAssessment.Decide(host, _next, Unknown, Now);

        Assert.Equal(RolloverOutcome.Unsafe, d.Outcome);
        Assert.Equal(["ROLLOVER-ADDRESS-NOT-MATCHING", "ROLLOVER-ADDRESS-UNCHECKED", "ROLLOVER-TOO-SOON", "ROLLOVER-TTL-UNKNOWN"], d.Reasons.Select(r => r.Code));
        Assert.Equal([RolloverOutcome.Unsafe, RolloverOutcome.Unknown, RolloverOutcome.NotYet, RolloverOutcome.Safe], d.Reasons.Select(r => r.Outcome));
    }

    [Fact]
    public void UnknownBeatsNotYet()
    {
        var deferred = Address("192.0.2.27", null, matched: null, DaneVerdict.Deferred);
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord]), deferred, ServingCurrent());

        var d = RolloverAssessment.Decide(host, _next, Unknown, Now);

        Assert.Equal(RolloverOutcome.Unknown, d.Outcome);
        Assert.Equal(["ROLLOVER-ADDRESS-UNCHECKED", "ROLLOVER-TOO-SOON"], d.Reasons.Select(r => r.Code));
    }

    [Fact]
    public void NotPublishedAndABrokenAddressAreBothReported()
    {
        var bad = Address("192.0.2.26", Spki256(_currentKey), matched: false);
        var host = MxHost(SecureTlsa([CurrentRecord]), bad);

        var d = RolloverAssessment.Decide(host, _next, Unknown, Now);

        Assert.Equal(RolloverOutcome.Unsafe, d.Outcome);
        Assert.Equal(["ROLLOVER-NEW-KEY-NOT-PUBLISHED", "ROLLOVER-ADDRESS-NOT-MATCHING"], d.Reasons.Select(r => r.Code));
    }

    [Fact]
    public void ServesNewKeyPerAddress()
    {
        var oldOne = ServingCurrent("192.0.2.25");
        var switched = Address("192.0.2.26", Spki256(_nextKey).ToLowerInvariant(), matched: true);
        var silent = Address("192.0.2.27", null, matched: null, DaneVerdict.Deferred);
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord]), oldOne, switched, silent);

        var d = RolloverAssessment.Decide(host, _next, Unknown, Now);

        Assert.Equal(["192.0.2.25:25", "192.0.2.26:25", "192.0.2.27:25"], d.Addresses.Select(a => a.Endpoint));
        Assert.Equal([false, true, false], d.Addresses.Select(a => a.ServesNewKey));
        Assert.Equal(Spki256(_currentKey), d.Addresses[0].ServedKey);
        Assert.Null(d.Addresses[2].ServedKey);
        Assert.Equal([DaneVerdict.Authenticated, DaneVerdict.Authenticated, DaneVerdict.Deferred], d.Addresses.Select(a => a.Verdict));
    }

    [Fact]
    public void DecisionCarriesTheHostAndRRset()
    {
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord]), ServingCurrent());

        var d = RolloverAssessment.Decide(host, _next, Unknown, Now);

        Assert.Equal(Host, d.Host);
        Assert.Equal(Owner, d.Owner);
        Assert.Equal(SecurityStatus.Secure, d.TlsaStatus);
        Assert.Equal([CurrentRecord.ToString(), NextRecord.ToString()], d.Published);
        Assert.Equal(Now, d.CheckedAt);
    }

    [Fact]
    public void ANewCertificateMatchesThePublishedIssuingCaRecord()
    {
        using var caKey = NewEcKey();
        using var ca = Ca(caKey);
        using var leaf = Leaf(_nextKey, ca, caKey);
        using var candidate = Chain("fullchain.pem", leaf, ca);
        var caRecord = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, caKey.ExportSubjectPublicKeyInfo());
        var host = MxHost(SecureTlsa([CurrentRecord, caRecord]), ServingCurrent());

        var d = RolloverAssessment.Decide(host, candidate, Since(caRecord.ToString(), Now.AddDays(-3)), Now);

        Assert.Equal(RolloverOutcome.Safe, d.Outcome);
        Assert.Equal([caRecord.ToString()], d.Matching);
    }

    [Fact]
    public void ANewCertificateForAnotherNameDoesNotMatchTheIssuingCaRecord()
    {
        using var caKey = NewEcKey();
        using var ca = Ca(caKey);
        using var leaf = Leaf(_nextKey, ca, caKey, "mail.example.org");
        using var candidate = Chain("fullchain.pem", leaf, ca);
        var caRecord = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, caKey.ExportSubjectPublicKeyInfo());
        var host = MxHost(SecureTlsa([CurrentRecord, caRecord]), ServingCurrent());

        var d = RolloverAssessment.Decide(host, candidate, Since(caRecord.ToString(), Now.AddDays(-3)), Now);

        Assert.Equal(RolloverOutcome.Unsafe, d.Outcome);
        Assert.Equal("ROLLOVER-NEW-KEY-NOT-PUBLISHED", d.Reasons[0].Code);
        Assert.Contains("certificate (fullchain.pem)", d.Reasons[0].Message, StringComparison.Ordinal);
        Assert.Equal(EndEntity(_nextKey), d.Needed);
    }

    [Fact]
    public void ARenewalWithTheSameKeyIsSafeOnceItsRecordHasBeenSeenLongEnough()
    {
        using var renewed = KeyOnly(_currentKey, "privkey.pem");
        var host = MxHost(SecureTlsa([CurrentRecord]), ServingCurrent());

        var d = RolloverAssessment.Decide(host, renewed, Since(CurrentRecord.ToString(), Now.AddDays(-90)), Now);

        Assert.Equal(RolloverOutcome.Safe, d.Outcome);
        Assert.Equal([CurrentRecord.ToString()], d.Matching);
        Assert.True(d.Addresses[0].ServesNewKey);
    }

    [Fact]
    public void TheIssuingCaRecordIsCheckedAgainstTheMxHostNameWhenTheBaseDomainIsACnameTarget()
    {
        // mx.example.com. is a CNAME to smtp.hoster.example.; the records are at the target; the leaf names the MX host.
        using var caKey = NewEcKey();
        using var ca = Ca(caKey);
        using var leaf = Leaf(_nextKey, ca, caKey, "mx.example.com");
        using var candidate = Chain("fullchain.pem", leaf, ca);
        var caRecord = Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, caKey.ExportSubjectPublicKeyInfo());
        var tlsa = SecureTlsa([CurrentRecord, caRecord]) with { BaseDomain = "smtp.hoster.example.", Owner = "_25._tcp.smtp.hoster.example." };
        var host = MxHost(tlsa, ServingCurrent()) with { ExpandedName = "smtp.hoster.example.", CnameChain = ["smtp.hoster.example."] };

        var d = RolloverAssessment.Decide(host, candidate, Since(caRecord.ToString(), Now.AddDays(-3)), Now);

        Assert.Equal(RolloverOutcome.Safe, d.Outcome);
        Assert.Equal([caRecord.ToString()], d.Matching);
        Assert.Equal("_25._tcp.smtp.hoster.example.", d.Owner);
    }

    [Fact]
    public void TimesInMessagesAreUtc()
    {
        // A visibility time given with an offset (a monitor answering in local time) is still printed as UTC with "Z".
        var host = MxHost(SecureTlsa([CurrentRecord, NextRecord]), ServingCurrent());
        var since = new DateTimeOffset(2026, 11, 29, 13, 55, 0, TimeSpan.FromHours(2)); // 11:55Z

        var d = RolloverAssessment.Decide(host, _next, Since(NextRecord.ToString(), since), Now);

        Assert.Equal(RolloverOutcome.NotYet, d.Outcome);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 12, 5, 0, TimeSpan.Zero), d.SafeAt);
        Assert.Contains("since 2026-11-29 11:55:00Z", d.Reasons[0].Message, StringComparison.Ordinal);
        Assert.Contains("safe at 2026-11-29 12:05:00Z, in 300 s", d.Reasons[0].Message, StringComparison.Ordinal);
        Assert.Equal("Deploy at or after 2026-11-29 12:05:00Z; run this check again then.", d.Reasons[0].Fix);
    }

    [Fact]
    public void NullArgumentsThrow()
    {
        var host = MxHost(SecureTlsa([CurrentRecord]));

        Assert.Throws<ArgumentNullException>(() => RolloverAssessment.Decide(null!, _next, Unknown, Now));
        Assert.Throws<ArgumentNullException>(() => RolloverAssessment.Decide(host, null!, Unknown, Now));
        Assert.Throws<ArgumentNullException>(() => RolloverAssessment.Decide(host, _next, null!, Now));
    }
}
