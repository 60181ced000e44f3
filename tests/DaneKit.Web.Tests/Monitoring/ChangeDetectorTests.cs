using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DaneKit.Diagnostics;
using DaneKit.Smtp;
using DaneKit.Web.Monitoring;
using static DaneKit.Web.Tests.Monitoring.CheckResults;

namespace DaneKit.Web.Tests.Monitoring;

public sealed class ChangeDetectorTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NothingChangedRaisesNothing()
    {
        var leaf = Leaf();
        var findings = new[] { Finding("DANE-ROLLOVER-SINGLE-KEY", FindingSeverity.Warning) };
        var a = Result(leaf, ["3 1 1 " + leaf.SpkiSha256], findings: findings, mtaSts: CheckMtaStsOutcome.Delivers);
        var b = Result(leaf, ["3 1 1 " + leaf.SpkiSha256], findings: findings, mtaSts: CheckMtaStsOutcome.Delivers);
        Assert.Empty(ChangeDetector.Detect(a, b));
        Assert.Null(AlertComposer.Compose(Domain, ChangeDetector.Detect(a, b), 1, "authenticated", "authenticated", "http://m", At));
    }

    [Fact]
    public void FirstCheckAlertsOnlyItsErrorFindings()
    {
        var leaf = Leaf();
        var first = Result(leaf, ["3 1 1 " + leaf.SpkiSha256], findings:
            [Finding("DANE-ROLLOVER-SINGLE-KEY", FindingSeverity.Warning), Finding("DANE-MATCH-FAILED", FindingSeverity.Error), Finding("MX-IMPLICIT", FindingSeverity.Info)]);
        var change = Assert.Single(ChangeDetector.Detect(null, first));
        Assert.Equal(("finding-new", "error", "DANE-MATCH-FAILED"), (change.Kind, change.Severity, (string)change.Details["code"]!));

        var clean = Result(leaf, ["3 1 1 " + leaf.SpkiSha256], findings: [Finding("DANE-ROLLOVER-SINGLE-KEY", FindingSeverity.Warning)]);
        Assert.Empty(ChangeDetector.Detect(null, clean));
    }

    [Fact]
    public void NewAndResolvedFindingsByCodeAndSubject()
    {
        var leaf = Leaf();
        var tlsa = new[] { "3 1 1 " + leaf.SpkiSha256 };
        var a = Result(leaf, tlsa, findings: [Finding("SMTP-PROBE-INCOMPLETE", FindingSeverity.Warning), Finding("CHECK-TRUNCATED", FindingSeverity.Warning, Domain)]);
        var b = Result(leaf, tlsa, findings: [Finding("CHECK-TRUNCATED", FindingSeverity.Warning, Domain), Finding("CHECK-TRUNCATED", FindingSeverity.Warning, "other.example.")]);
        var changes = ChangeDetector.Detect(a, b);
        Assert.Equal(2, changes.Count);
        var added = Assert.Single(changes, c => c.Kind == "finding-new");
        Assert.Equal(("other.example.", "warning"), (added.Subject, added.Severity));
        var resolved = Assert.Single(changes, c => c.Kind == "finding-resolved");
        Assert.Equal((Host, "info"), (resolved.Subject, resolved.Severity));
    }

    [Fact]
    public void ExpiringSignaturesHaveTheirOwnKind()
    {
        var leaf = Leaf();
        var tlsa = new[] { "3 1 1 " + leaf.SpkiSha256 };
        var a = Result(leaf, tlsa);
        var b = Result(leaf, tlsa, findings: [Finding(FindingCatalogue.SignatureExpiring, FindingSeverity.Warning, "_25._tcp.mx.example.com.")]);
        var change = Assert.Single(ChangeDetector.Detect(a, b));
        Assert.Equal(("signature-expiring", "warning"), (change.Kind, change.Severity));
    }

    [Fact]
    public void VerdictAndMtaStsChanges()
    {
        var leaf = Leaf();
        var tlsa = new[] { "3 1 1 " + leaf.SpkiSha256 };
        var a = Result(leaf, tlsa, mtaSts: CheckMtaStsOutcome.Delivers);
        var b = Result(leaf, tlsa, verdict: DaneVerdict.Deferred, mtaSts: CheckMtaStsOutcome.Refuses);
        var changes = ChangeDetector.Detect(a, b);
        var dane = Assert.Single(changes, c => c.Kind == "verdict-changed" && c.Subject == Domain);
        Assert.Equal(("authenticated", "deferred", "warning"), ((string)dane.Details["previous"]!, (string)dane.Details["current"]!, dane.Severity));
        var sts = Assert.Single(changes, c => c.Kind == "verdict-changed" && c.Subject == "mta-sts");
        Assert.Equal(("delivers", "refuses", "error"), ((string)sts.Details["previous"]!, (string)sts.Details["current"]!, sts.Severity));
    }

    [Fact]
    public void KeyChangeNotInTlsaIsAnError()
    {
        var old = Leaf();
        var fresh = Leaf();
        var tlsa = new[] { "3 1 1 " + old.SpkiSha256 };
        var changes = ChangeDetector.Detect(Result(old, tlsa), Result(fresh, tlsa, matched: false, verdict: DaneVerdict.DaneFail,
            findings: [Finding(FindingCatalogue.TlsaStale, FindingSeverity.Error, Host + "[192.0.2.1]:25")]));
        var key = Assert.Single(changes, c => c.Kind == "key-changed");
        Assert.Equal("error", key.Severity);
        Assert.False((bool)key.Details["prePublished"]!);
        Assert.Equal(fresh.SpkiSha256, (string)key.Details["spkiSha256"]!);
        Assert.Contains("not in TLSA", key.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(changes, c => c.Kind is "certificate-changed" or "tlsa-changed");

        // The three changes are one alert, named after the key change.
        var alert = AlertComposer.Compose(Domain, changes, 41, "dane-fail", "authenticated", "http://monitor.example/", At)!;
        Assert.Equal(("key-changed", "error"), (alert.Kind, alert.Severity));
        Assert.Contains("(+2 more changes)", alert.Summary, StringComparison.Ordinal);
        var payload = JsonNode.Parse(alert.PayloadJson)!;
        Assert.Equal("http://monitor.example/domain/example.com", (string)payload["link"]!);
        Assert.Equal("example.com", (string)payload["domain"]!);
        Assert.Equal(3, payload["details"]!["changes"]!.AsArray().Count);
        Assert.Equal("2026-11-29T10:00:00Z", (string)payload["at"]!);
        Assert.Equal(41, (long)payload["details"]!["previousCheckId"]!);
    }

    [Fact]
    public void PrePublishedKeyChangeIsInfo()
    {
        var old = Leaf();
        var fresh = Leaf();
        var tlsa = new[] { "3 1 1 " + old.SpkiSha256, "3 1 1 " + fresh.SpkiSha256 };
        var key = Assert.Single(ChangeDetector.Detect(Result(old, tlsa), Result(fresh, tlsa)));
        Assert.Equal(("key-changed", "info", true), (key.Kind, key.Severity, (bool)key.Details["prePublished"]!));

        // A full-certificate SHA2-512 record of the new key's certificate counts as well.
        var der = Convert.FromBase64String(fresh.Der);
        var full = new[] { "3 1 1 " + old.SpkiSha256, "3 0 2 " + Convert.ToHexString(SHA512.HashData(der)) };
        var again = Assert.Single(ChangeDetector.Detect(Result(old, full), Result(fresh, full, matched: false)));
        Assert.True((bool)again.Details["prePublished"]!);
    }

    // Not pre-published, but the TLSA RRset was updated in the same interval and matches now: a warning (senders with
    // the previous records cached may have refused mail meanwhile).
    [Fact]
    public void KeyChangeNotPrePublishedButMatchingNowIsAWarning()
    {
        var old = Leaf();
        var fresh = Leaf();
        var key = Assert.Single(ChangeDetector.Detect(Result(old, ["3 1 1 " + old.SpkiSha256]), Result(fresh, ["3 1 1 " + fresh.SpkiSha256])),
            c => c.Kind == "key-changed");
        Assert.Equal(("warning", false, true), (key.Severity, (bool)key.Details["prePublished"]!, (bool)key.Details["matchesTlsa"]!));
        Assert.Contains("was not in the previous TLSA records", key.Summary, StringComparison.Ordinal);
    }

    // The rollover findings are findings like any other: a new DANE-ROLLOVER-EXPIRING (replacing DANE-ROLLOVER-SINGLE-KEY
    // as the certificate nears its end) is a new warning, and the single-key one resolved.
    [Fact]
    public void ExpiringRolloverFindingIsANewWarning()
    {
        var leaf = Leaf();
        var tlsa = new[] { "3 1 1 " + leaf.SpkiSha256 };
        var changes = ChangeDetector.Detect(Result(leaf, tlsa, findings: [Finding(FindingCatalogue.RolloverSingleKey, FindingSeverity.Warning)]),
            Result(leaf, tlsa, findings: [Finding(FindingCatalogue.RolloverExpiring, FindingSeverity.Warning)]));
        var added = Assert.Single(changes, c => c.Kind == "finding-new");
        Assert.Equal(("warning", FindingCatalogue.RolloverExpiring), (added.Severity, (string)added.Details["code"]!));
        Assert.Equal(FindingCatalogue.RolloverSingleKey, (string)Assert.Single(changes, c => c.Kind == "finding-resolved").Details["code"]!);
        var alert = AlertComposer.Compose(Domain, changes, 5, "authenticated", "authenticated", "http://m", At)!;
        Assert.Equal("warning", alert.Severity);
    }

    [Fact]
    public void SameKeyNewCertificateIsCertificateChanged()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var a = Leaf(key, days: 90);
        var b = Leaf(key, days: 180);
        Assert.Equal(a.SpkiSha256, b.SpkiSha256);
        var tlsa = new[] { "3 1 1 " + a.SpkiSha256 };
        var change = Assert.Single(ChangeDetector.Detect(Result(a, tlsa), Result(b, tlsa)));
        Assert.Equal(("certificate-changed", "info"), (change.Kind, change.Severity));
        Assert.Equal(b.CertificateSha256, (string)change.Details["certificateSha256"]!);
    }

    [Fact]
    public void TlsaRecordsAddedAndRemoved()
    {
        var leaf = Leaf();
        var next = Leaf();
        var a = Result(leaf, ["3 1 1 " + leaf.SpkiSha256, "2 1 1 AABB"]);
        var b = Result(leaf, ["3 1 1 " + leaf.SpkiSha256, "3 1 1 " + next.SpkiSha256]);
        var change = Assert.Single(ChangeDetector.Detect(a, b));
        Assert.Equal(("tlsa-changed", Host), (change.Kind, change.Subject));
        Assert.Equal("3 1 1 " + next.SpkiSha256, (string)change.Details["added"]![0]!);
        Assert.Equal("2 1 1 AABB", (string)change.Details["removed"]![0]!);

        // A failed TLSA lookup is not "the records were removed".
        var failed = Result(leaf, [], tlsaStatus: DaneKit.Dnssec.SecurityStatus.Indeterminate);
        Assert.Empty(ChangeDetector.Detect(a, failed));
    }

    [Fact]
    public void DedupKeyIsStableForTheSameChangeAndNewForAFlap()
    {
        var old = Leaf();
        var fresh = Leaf();
        var tlsa = new[] { "3 1 1 " + old.SpkiSha256 };
        var before = Result(old, tlsa);
        var after = Result(fresh, tlsa, matched: false, verdict: DaneVerdict.DaneFail);
        string Key(long? previous, DaneCheckResult? p, DaneCheckResult c) =>
            AlertComposer.Compose(Domain, ChangeDetector.Detect(p, c), previous, "x", null, "http://m", At)!.DedupKey;

        // The same change against the same previous check (a race, or a repeat after a crash): one key.
        Assert.Equal(Key(7, before, after), Key(7, before, Result(fresh, tlsa, matched: false, verdict: DaneVerdict.DaneFail)));
        // Back and forth again: each change is a new event.
        var back = Key(8, after, before);
        var forth = Key(9, before, after);
        Assert.NotEqual(Key(7, before, after), forth);
        Assert.NotEqual(back, forth);
        // A different change against the same previous check is a different alert.
        Assert.NotEqual(Key(7, before, after), Key(7, before, Result(Leaf(), tlsa, matched: false, verdict: DaneVerdict.DaneFail)));
        Assert.StartsWith("example.com.|first|", Key(null, null, Result(fresh, tlsa, findings: [Finding("X", FindingSeverity.Error)])), StringComparison.Ordinal);
    }

    [Fact]
    public void SummariesAreOneLine()
    {
        var leaf = Leaf();
        var hostile = Finding("SMTP-PROBE-INCOMPLETE", FindingSeverity.Error) with { Message = "banner\r\n<script>alert(1)</script>" };
        var change = Assert.Single(ChangeDetector.Detect(null, Result(leaf, [], findings: [hostile])));
        Assert.DoesNotContain('\n', change.Summary);
        Assert.DoesNotContain('\r', change.Summary);
    }
}
