using System.Diagnostics;
using DaneKit.Diagnostics;
using DaneKit.Dns;
using DaneKit.Dnssec;
using DaneKit.Smtp;
using DaneKit.TlsRpt;

namespace DaneKit.Tests.Check;

/// <summary>
/// dane-rules 20: a stalled, flooding or broken server (or prober, or resolver) gives an Indeterminate result with the
/// step, within the deadline; the verdict is deferred, never a crash and never a wait without end.
/// </summary>
public sealed class CheckHostileTests
{
    [Theory]
    [InlineData(SmtpProbeFailureKind.GreetingTimeout, SmtpProbeStep.Greeting)]
    [InlineData(SmtpProbeFailureKind.ReplyTimeout, SmtpProbeStep.Ehlo)]
    [InlineData(SmtpProbeFailureKind.TlsHandshakeTimeout, SmtpProbeStep.TlsHandshake)]
    [InlineData(SmtpProbeFailureKind.ProtocolViolation, SmtpProbeStep.Ehlo)]
    [InlineData(SmtpProbeFailureKind.ProtocolViolation, SmtpProbeStep.TlsHandshake)]
    [InlineData(SmtpProbeFailureKind.OverallTimeout, SmtpProbeStep.StartTls)]
    [InlineData(SmtpProbeFailureKind.ServerClosed, SmtpProbeStep.Greeting)]
    [InlineData(SmtpProbeFailureKind.GreetingRejected, SmtpProbeStep.Greeting)]
    [InlineData(SmtpProbeFailureKind.EhloRejected, SmtpProbeStep.Ehlo)]
    public async Task AStalledOrHostileServerIsIndeterminateWithTheStep(SmtpProbeFailureKind kind, SmtpProbeStep step)
    {
        using var w = new CheckWorld();
        w.Prober.Fail(CheckWorld.Address, kind, step, $"{kind} at {step}");

        var r = await w.CheckAsync();

        Assert.Equal(DaneVerdict.Deferred, r.Verdict);
        Assert.Equal("RFC 5321 4.5.4.1", r.VerdictRfc);
        Assert.Null(r.Rfc8460);
        var a = Assert.Single(r.Hosts[0].Addresses);
        Assert.Equal(CheckProbeStatus.Indeterminate, a.Probe!.Status);
        Assert.Equal(step, a.Probe.StalledStep);
        Assert.Contains(step.ToString(), a.VerdictReason, StringComparison.Ordinal);
        var f = Assert.Single(r.Findings, f => f.Code == FindingCatalogue.ProbeIndeterminate);
        Assert.Contains(f.Evidence, e => e.Label == "step" && e.Value == step.ToString());
    }

    // A kind the probe may add later (e.g. a chain cap) is no conclusion either.
    [Fact]
    public async Task AnUnknownFailureKindIsIndeterminate()
    {
        using var w = new CheckWorld();
        w.Prober.Fail(CheckWorld.Address, (SmtpProbeFailureKind)999, SmtpProbeStep.TlsHandshake, "the chain is longer than the cap");

        var r = await w.CheckAsync();

        Assert.Equal(DaneVerdict.Deferred, r.Verdict);
        Assert.Equal(SmtpProbeStep.TlsHandshake, r.Hosts[0].Addresses[0].Probe!.StalledStep);
    }

    [Fact]
    public async Task ConnectionRefusedIsDeferredWithAConnectFinding()
    {
        using var w = new CheckWorld();
        w.Prober.Fail(CheckWorld.Address, SmtpProbeFailureKind.ConnectionRefused, SmtpProbeStep.Connect, "connection refused");

        var r = await w.CheckAsync();

        Assert.Equal(DaneVerdict.Deferred, r.Verdict);
        Assert.Equal(SmtpProbeStep.Connect, r.Hosts[0].Addresses[0].Probe!.StalledStep);
        Assert.Single(r.Findings, f => f.Code == FindingCatalogue.ConnectFailed);
    }

    // The stall is Indeterminate whatever the TLSA records say: a sender retries later.
    [Fact]
    public async Task AStallOnAHostWithoutTlsaIsDeferredToo()
    {
        using var w = new CheckWorld();
        w.Dns.Tlsa(CheckWorld.TlsaOwner, SecurityStatus.Secure);
        w.Prober.Fail(CheckWorld.Address, SmtpProbeFailureKind.GreetingTimeout, SmtpProbeStep.Greeting, "greeting timeout");

        var r = await w.CheckAsync();

        Assert.Equal(DaneVerdict.Deferred, r.Verdict);
    }

    // A prober that never returns and ignores cancellation is cut off at the overall deadline plus a grace.
    [Fact]
    public async Task AProberThatHangsIsCutOffAtTheDeadline()
    {
        using var w = new CheckWorld();
        var never = new TaskCompletionSource<SmtpProbeResult>();
        w.Prober.Script(CheckWorld.Address, (_, _, _, _) => never.Task);
        w.Options = w.Options with { Probe = new SmtpProbeOptions { OverallTimeout = TimeSpan.FromMilliseconds(200) } };

        var clock = Stopwatch.StartNew();
        var r = await w.CheckAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
        Assert.Equal(DaneVerdict.Deferred, r.Verdict);
        var probe = r.Hosts[0].Addresses[0].Probe!;
        Assert.Equal(CheckProbeStatus.Indeterminate, probe.Status);
        Assert.Equal(SmtpProbeFailureKind.OverallTimeout, probe.Failure!.Kind);
    }

    [Fact]
    public async Task AProberThatThrowsIsIndeterminate()
    {
        using var w = new CheckWorld();
        w.Prober.Script(CheckWorld.Address, (_, _, _, _) => throw new InvalidOperationException("boom"));

        var r = await w.CheckAsync();

        Assert.Equal(DaneVerdict.Deferred, r.Verdict);
        Assert.Contains("boom", r.Hosts[0].Addresses[0].Probe!.Failure!.Message, StringComparison.Ordinal);
    }

    // A lookup that never answers is Indeterminate after LookupTimeout: a failed lookup, never "no TLSA".
    [Fact]
    public async Task AResolverThatHangsIsAFailedLookup()
    {
        using var w = new CheckWorld();
        w.Dns.Hang(CheckWorld.TlsaOwner, DnsType.TLSA);
        w.Options = w.Options with { LookupTimeout = TimeSpan.FromMilliseconds(200) };

        var clock = Stopwatch.StartNew();
        var r = await w.CheckAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
        Assert.Equal(DaneVerdict.Deferred, r.Verdict);
        Assert.Equal(TlsRptResultType.DnssecInvalid, r.Rfc8460);
        var lookup = Assert.Single(r.Hosts[0].Tlsa.Lookups);
        Assert.Equal(SecurityStatus.Indeterminate, lookup.Status);
        Assert.Contains("no answer within", lookup.Summary, StringComparison.Ordinal);
    }

    // A served chain that cannot be read fails every record, with the reason; nothing throws.
    [Fact]
    public async Task AnUnreadableServedCertificateFailsTheMatch()
    {
        using var w = new CheckWorld();
        w.Prober.Script(CheckWorld.Address, (ep, sni, mode, _) => Task.FromResult(FakeProber.Tls(ep, sni, mode, []) with
        {
            ServedCertificates = [new byte[] { 0x30, 0x03, 0x01, 0x01, 0xff }],
        }));

        var r = await w.CheckAsync();

        Assert.Equal(DaneVerdict.DaneFail, r.Verdict);
        Assert.Equal(TlsRptResultType.ValidationFailure, r.Rfc8460);
        Assert.Equal(DaneKit.Tlsa.DaneMatchFailureReason.InvalidServedChain, r.Hosts[0].Addresses[0].Match!.Failures[0].Reason);
        Assert.Single(r.Findings, f => f.Code == FindingCatalogue.MatchFailed);
    }

    // TLS then a failure (EHLO over TLS): the chain is judged; the rest is a warning.
    [Fact]
    public async Task AFailureAfterTlsKeepsTheMatchAndWarns()
    {
        using var w = new CheckWorld();
        w.Prober.Script(CheckWorld.Address, (ep, sni, mode, _) => Task.FromResult(FakeProber.Tls(ep, sni, mode, [w.Leaf],
            new SmtpProbeFailure(SmtpProbeFailureKind.ReplyTimeout, SmtpProbeStep.EhloAfterTls, "reply timeout: EHLO over TLS did not complete within 1 s"))));

        var r = await w.CheckAsync();

        Assert.Equal(DaneVerdict.Authenticated, r.Verdict);
        Assert.Single(r.Findings, f => f.Code == FindingCatalogue.ProbeIncomplete && f.Severity == FindingSeverity.Warning);
    }

    // Hundreds of hostile MX records are bounded by MaxHosts; the check still ends.
    [Fact]
    public async Task AFloodOfMxRecordsIsBounded()
    {
        using var w = new CheckWorld();
        w.Dns.Mx(CheckWorld.Domain, SecurityStatus.Secure, Enumerable.Range(0, 500).Select(i => (i, $"mx{i}.example.com.")).ToArray());

        var r = await w.CheckAsync();

        Assert.Equal(16, r.Hosts.Count);
        Assert.Single(r.Findings, f => f.Code == FindingCatalogue.Truncated);
        Assert.True(w.Dns.Queries.Count < 16 * 10, w.Dns.Queries.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
