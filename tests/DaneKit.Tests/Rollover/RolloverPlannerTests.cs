using System.Globalization;
using System.Security.Cryptography;
using DaneKit.Rollover;
using static DaneKit.Tests.Rollover.RolloverTestPki;

namespace DaneKit.Tests.Rollover;

/// <summary>
/// <see cref="RolloverPlanner.Plan"/>: the "current + next" TLSA RRset, the issuing CA variant, what is published
/// already and the earliest safe switch (RFC 7671 8.1: publish, wait two TTLs, switch, retire).
/// </summary>
public sealed class RolloverPlannerTests : IDisposable
{
    private const uint Ttl = 300;

    private readonly ECDsa _caKey = NewEcKey();
    private readonly ECDsa _currentKey = NewEcKey();
    private readonly ECDsa _nextKey = NewEcKey();
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _ca;
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _leaf;
    private readonly RolloverCredential _current;
    private readonly RolloverCredential _currentWithChain;
    private readonly RolloverCredential _next;

    public RolloverPlannerTests()
    {
        _ca = Ca(_caKey);
        _leaf = Leaf(_currentKey, _ca, _caKey);
        _current = Chain("cert.pem", _leaf);
        _currentWithChain = Chain("fullchain.pem", _leaf, _ca);
        _next = KeyOnly(_nextKey, "next.pem");
    }

    public void Dispose()
    {
        _current.Dispose();
        _currentWithChain.Dispose();
        _next.Dispose();
        _leaf.Dispose();
        _ca.Dispose();
        _caKey.Dispose();
        _currentKey.Dispose();
        _nextKey.Dispose();
    }

    private string CurrentText => EndEntity(_currentKey);

    private string NextText => EndEntity(_nextKey);

    private string CaText => "2 1 1 " + Spki256(_caKey);

    private static string Line(string record, uint ttl = Ttl) => string.Create(CultureInfo.InvariantCulture, $"{Owner} {ttl} IN TLSA {record}");

    [Fact]
    public void CurrentAndNextRecordsWithRolesAndZoneLines()
    {
        var plan = RolloverPlanner.Plan(_current, _next, false, Owner, Ttl, "--ttl", null);

        Assert.Equal(Owner, plan.Owner);
        Assert.Equal(Ttl, plan.Ttl);
        Assert.Equal("--ttl", plan.TtlSource);
        Assert.Equal(2, plan.Records.Count);
        Assert.Equal(new RolloverPlanRecord(CurrentText, "current key", Line(CurrentText), null, null), plan.Records[0]);
        Assert.Equal(new RolloverPlanRecord(NextText, "next key", Line(NextText), null, null), plan.Records[1]);
        Assert.Equal($"_25._tcp.mx.example.com. 300 IN TLSA 3 1 1 {Spki256(_nextKey)}", plan.Records[1].ZoneLine);
        Assert.Empty(plan.Retire);
        Assert.Empty(plan.Notes);
        Assert.Null(plan.EarliestSwitch);
    }

    [Fact]
    public void SafeWaitIsTwoTtlsAndThereAreFiveSteps()
    {
        var plan = RolloverPlanner.Plan(_current, _next, false, Owner, 3600, "assumed", null);

        Assert.Equal(TimeSpan.FromSeconds(7200), plan.SafeWait);
        Assert.Equal(5, plan.Steps.Count);
        Assert.Contains("not looked up", plan.Steps[0], StringComparison.Ordinal);
        Assert.Contains(Line(CurrentText, 3600) + " (current key)", plan.Steps[0], StringComparison.Ordinal);
        Assert.Contains(Line(NextText, 3600) + " (next key)", plan.Steps[0], StringComparison.Ordinal);
        Assert.Contains("7200 s (2 × TTL 3600 s)", plan.Steps[1], StringComparison.Ordinal);
        Assert.Contains("next.pem", plan.Steps[2], StringComparison.Ordinal);
        Assert.StartsWith("Install the certificate", plan.Steps[3], StringComparison.Ordinal);
        Assert.StartsWith("Then retire the old key's record", plan.Steps[4], StringComparison.Ordinal);
    }

    [Fact]
    public void PublishedFlagsFollowThePublishedList()
    {
        var plan = RolloverPlanner.Plan(_current, _next, false, Owner, Ttl, "rrsig", [CurrentText]);

        Assert.Equal([true, false], plan.Records.Select(r => r.Published));
        // Step 1 names only what is missing.
        Assert.Contains("1 usable record(s) now", plan.Steps[0], StringComparison.Ordinal);
        Assert.Contains(Line(NextText), plan.Steps[0], StringComparison.Ordinal);
        Assert.DoesNotContain(Line(CurrentText), plan.Steps[0], StringComparison.Ordinal);
        Assert.Empty(plan.Retire);
    }

    [Fact]
    public void PublishedComparesRecordTextIgnoringCase()
    {
        var plan = RolloverPlanner.Plan(_current, _next, false, Owner, Ttl, "rrsig", [CurrentText.ToLowerInvariant(), NextText.ToLowerInvariant()]);

        Assert.Equal([true, true], plan.Records.Select(r => r.Published));
        Assert.Empty(plan.Retire);
        Assert.Equal($"The RRset at {Owner} already holds every record of the plan.", plan.Steps[0]);
    }

    [Fact]
    public void NothingPublishedYetIsAllFalseNotNull()
    {
        var plan = RolloverPlanner.Plan(_current, _next, false, Owner, Ttl, "rrsig", []);

        Assert.Equal([false, false], plan.Records.Select(r => r.Published));
        Assert.Contains("0 usable record(s) now", plan.Steps[0], StringComparison.Ordinal);
    }

    [Fact]
    public void NextKeyEqualToTheCurrentAddsANoteNotARecord()
    {
        // A renewal with the same key (certbot --reuse-key): the key file of the current certificate.
        using var sameKey = KeyOnly(_currentKey, "privkey.pem");

        var plan = RolloverPlanner.Plan(_current, sameKey, false, Owner, Ttl, "--ttl", null);

        var only = Assert.Single(plan.Records);
        Assert.Equal("current key", only.Role);
        Assert.Equal(CurrentText, only.Record);
        var note = Assert.Single(plan.Notes);
        Assert.Contains("privkey.pem", note, StringComparison.Ordinal);
        Assert.Contains("is the current key", note, StringComparison.Ordinal);
    }

    [Fact]
    public void IssuerCaAddsTheIssuingCaRecordAndANote()
    {
        var plan = RolloverPlanner.Plan(_currentWithChain, null, true, Owner, Ttl, "--ttl", null);

        Assert.Equal(["current key", "issuing CA"], plan.Records.Select(r => r.Role));
        Assert.Equal(CaText, plan.Records[1].Record);
        Assert.Equal(Line(CaText), plan.Records[1].ZoneLine);
        var note = Assert.Single(plan.Notes);
        Assert.Contains("2 1 1", note, StringComparison.Ordinal);
        Assert.Contains("RFC 7671 5.2", note, StringComparison.Ordinal);
        Assert.Contains("NEW-CHAIN.pem", plan.Steps[2], StringComparison.Ordinal);
    }

    [Fact]
    public void IssuerCaWithNextKeyHasThreeRecords()
    {
        var plan = RolloverPlanner.Plan(_currentWithChain, _next, true, Owner, Ttl, "--ttl", null);

        Assert.Equal([CurrentText, NextText, CaText], plan.Records.Select(r => r.Record));
        Assert.Equal(["current key", "next key", "issuing CA"], plan.Records.Select(r => r.Role));
    }

    [Fact]
    public void IssuerCaWithoutAnIssuerCertificateThrows()
    {
        var e = Assert.Throws<ArgumentException>(() => RolloverPlanner.Plan(_current, null, true, Owner, Ttl, "--ttl", null));

        Assert.Equal("issuerCa", e.ParamName);
        Assert.Contains("cert.pem", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IssuerCaWithABareKeyThrows()
    {
        using var bare = KeyOnly(_currentKey, "privkey.pem");

        Assert.Throws<ArgumentException>(() => RolloverPlanner.Plan(bare, _next, true, Owner, Ttl, "--ttl", null));
    }

    [Fact]
    public void NeitherNextNorIssuerThrows()
    {
        var e = Assert.Throws<ArgumentException>(() => RolloverPlanner.Plan(_current, null, false, Owner, Ttl, "--ttl", null));

        Assert.Equal("next", e.ParamName);
    }

    [Fact]
    public void EmptyOwnerThrows()
    {
        Assert.Throws<ArgumentException>(() => RolloverPlanner.Plan(_current, _next, false, "", Ttl, "--ttl", null));
        Assert.Throws<ArgumentNullException>(() => RolloverPlanner.Plan(null!, _next, false, Owner, Ttl, "--ttl", null));
    }

    [Fact]
    public void EarliestSwitchIsTheLatestVisibilityPlusTwoTtls()
    {
        var currentSince = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var nextSince = new DateTimeOffset(2026, 11, 29, 11, 0, 0, TimeSpan.Zero);

        var plan = RolloverPlanner.Plan(_current, _next, false, Owner, Ttl, "rrsig", [CurrentText, NextText],
            r => r == CurrentText ? currentSince : r == NextText ? nextSince : null);

        Assert.Equal([currentSince, nextSince], plan.Records.Select(r => r.VisibleSince));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 11, 10, 0, TimeSpan.Zero), plan.EarliestSwitch);
        Assert.StartsWith("Wait until 2026-11-29 11:10:00Z:", plan.Steps[1], StringComparison.Ordinal);
    }

    [Fact]
    public void EarliestSwitchIsPrintedInUtc()
    {
        var since = new DateTimeOffset(2026, 11, 29, 13, 0, 0, TimeSpan.FromHours(2)); // 11:00Z

        var plan = RolloverPlanner.Plan(_current, _next, false, Owner, Ttl, "rrsig", [CurrentText, NextText], _ => since);

        Assert.Equal(new DateTimeOffset(2026, 11, 29, 11, 10, 0, TimeSpan.Zero), plan.EarliestSwitch);
        Assert.StartsWith("Wait until 2026-11-29 11:10:00Z:", plan.Steps[1], StringComparison.Ordinal);
    }

    [Fact]
    public void EarliestSwitchDoesNotDependOnTheCurrentCulture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            // A culture whose time separator is not ':' (where the platform knows one) and whose digits differ.
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fi-FI");
            var since = new DateTimeOffset(2026, 11, 29, 11, 0, 0, TimeSpan.Zero);

            var plan = RolloverPlanner.Plan(_current, _next, false, Owner, Ttl, "rrsig", [CurrentText, NextText], _ => since);

            Assert.StartsWith("Wait until 2026-11-29 11:10:00Z:", plan.Steps[1], StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void NoEarliestSwitchWhenARecordIsNotPublished()
    {
        var since = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

        // The visibility lookup knows both, but the RRset does not hold the next key now: the old time does not count.
        var plan = RolloverPlanner.Plan(_current, _next, false, Owner, Ttl, "rrsig", [CurrentText], _ => since);

        Assert.Null(plan.EarliestSwitch);
        Assert.Equal([since, null], plan.Records.Select(r => r.VisibleSince));
        Assert.StartsWith("Wait until the records validate (Secure)", plan.Steps[1], StringComparison.Ordinal);
    }

    [Fact]
    public void NoEarliestSwitchWhenAVisibilityIsUnknown()
    {
        var since = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

        var plan = RolloverPlanner.Plan(_current, _next, false, Owner, Ttl, "rrsig", [CurrentText, NextText], r => r == CurrentText ? since : null);

        Assert.Null(plan.EarliestSwitch);
        Assert.Equal([true, true], plan.Records.Select(r => r.Published));
    }

    [Fact]
    public void NoEarliestSwitchWithoutAVisibilityLookup()
    {
        var plan = RolloverPlanner.Plan(_current, _next, false, Owner, Ttl, "rrsig", [CurrentText, NextText]);

        Assert.Null(plan.EarliestSwitch);
        Assert.All(plan.Records, r => Assert.Null(r.VisibleSince));
    }

    [Fact]
    public void RetireListsPublishedRecordsThePlanDoesNotKeep()
    {
        var old = "3 1 1 " + new string('A', 64);
        var stale = "2 1 1 " + new string('B', 64);

        var plan = RolloverPlanner.Plan(_current, _next, false, Owner, Ttl, "rrsig", [old, CurrentText, stale]);

        Assert.Equal([old, stale], plan.Retire);
        Assert.Contains(plan.Notes, n => n.Contains(old, StringComparison.Ordinal) && n.Contains(stale, StringComparison.Ordinal)
            && n.StartsWith("published records the plan does not keep", StringComparison.Ordinal));
        Assert.Contains("3 usable record(s) now", plan.Steps[0], StringComparison.Ordinal);
    }
}
