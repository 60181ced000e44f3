using System.Collections.Concurrent;
using System.Net;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Smtp;

namespace DaneKit.Web.Tests.Monitoring;

public sealed class SharedProberTests
{
    private static readonly IPEndPoint Mx1 = IPEndPoint.Parse("192.0.2.1:25");
    private static readonly IPEndPoint Mx2 = IPEndPoint.Parse("192.0.2.2:25");

    [Fact]
    public async Task TwoChecksOfDomainsSharingAnMxProbeItOnceWithinTheWindow()
    {
        var clock = new ManualClock();
        var inner = new CountingProber();
        using var shared = new SharedProber(inner, 2, TimeSpan.FromMinutes(5), clock);

        // domain-a.example and domain-b.example both use mx.shared.example (the SNI is the MX host name).
        var a = await shared.ProbeAsync(Mx1, "mx.shared.example.", SmtpProbeMode.StartTls, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(4));
        var b = await shared.ProbeAsync(Mx1, "MX.shared.example", SmtpProbeMode.StartTls, CancellationToken.None);
        Assert.Same(a, b);
        Assert.Equal(1, inner.Calls);

        // Another address, another SNI or another mode is another probe.
        await shared.ProbeAsync(Mx2, "mx.shared.example.", SmtpProbeMode.StartTls, CancellationToken.None);
        await shared.ProbeAsync(Mx1, "mx.other.example.", SmtpProbeMode.StartTls, CancellationToken.None);
        await shared.ProbeAsync(Mx1, "mx.shared.example.", SmtpProbeMode.ImplicitTls, CancellationToken.None);
        Assert.Equal(4, inner.Calls);

        // After the window the result is stale: probed again, and the expired entries are dropped.
        clock.Advance(TimeSpan.FromMinutes(2));
        var c = await shared.ProbeAsync(Mx1, "mx.shared.example.", SmtpProbeMode.StartTls, CancellationToken.None);
        Assert.NotSame(a, c);
        Assert.Equal(5, inner.Calls);
        clock.Advance(TimeSpan.FromMinutes(10));
        await shared.ProbeAsync(Mx2, "mx.new.example.", SmtpProbeMode.StartTls, CancellationToken.None);
        Assert.Equal(1, shared.Count);
    }

    [Fact]
    public async Task TwoDomainChecksThroughTheCheckerShareTheMxProbe()
    {
        var clock = new ManualClock();
        var inner = new CountingProber();
        using var shared = new SharedProber(inner, 2, TimeSpan.FromMinutes(5), clock);
        var checker = new DaneChecker(new SharedMxDns(), shared, new CheckOptions { MtaSts = false, DiagnosticLookups = false, AddressFamilies = CheckAddressFamilies.IPv4 }, clock);
        var a = await checker.CheckAsync("a.example");
        var b = await checker.CheckAsync("b.example");
        Assert.Equal(1, inner.Calls);
        Assert.Equal("192.0.2.25", Assert.Single(Assert.Single(a.Hosts).Addresses).Address);
        Assert.NotNull(Assert.Single(Assert.Single(b.Hosts).Addresses).Probe);
    }

    [Fact]
    public async Task ConcurrentRequestsWaitForTheProbeInFlight()
    {
        var inner = new CountingProber { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var shared = new SharedProber(inner, 2, TimeSpan.Zero, new ManualClock());
        var waiting = Enumerable.Range(0, 10).Select(_ => shared.ProbeAsync(Mx1, "mx.shared.example.", SmtpProbeMode.StartTls, CancellationToken.None)).ToList();
        await WaitUntil(() => inner.Calls == 1);
        inner.Gate.SetResult();
        var results = await Task.WhenAll(waiting);
        Assert.Equal(1, inner.Calls);
        Assert.All(results, r => Assert.Same(results[0], r));

        // With a zero window nothing is kept once the probe is done.
        Assert.Equal(0, shared.Count);
        await shared.ProbeAsync(Mx1, "mx.shared.example.", SmtpProbeMode.StartTls, CancellationToken.None);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task ACancelledWaiterDoesNotCancelTheSharedProbe()
    {
        var inner = new CountingProber { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var shared = new SharedProber(inner, 2, TimeSpan.FromMinutes(5), new ManualClock());
        using var cancel = new CancellationTokenSource();
        var first = shared.ProbeAsync(Mx1, "mx.shared.example.", SmtpProbeMode.StartTls, cancel.Token);
        var second = shared.ProbeAsync(Mx1, "mx.shared.example.", SmtpProbeMode.StartTls, CancellationToken.None);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        inner.Gate.SetResult();
        Assert.NotNull(await second);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task AFailedProbeIsNotShared()
    {
        var inner = new CountingProber { Throw = true };
        using var shared = new SharedProber(inner, 2, TimeSpan.FromMinutes(5), new ManualClock());
        await Assert.ThrowsAsync<InvalidOperationException>(() => shared.ProbeAsync(Mx1, "mx.example.", SmtpProbeMode.StartTls, CancellationToken.None));
        inner.Throw = false;
        Assert.NotNull(await shared.ProbeAsync(Mx1, "mx.example.", SmtpProbeMode.StartTls, CancellationToken.None));
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task AtMostTheLimitOfProbesOfOneMxHostRunAtOnce()
    {
        var inner = new CountingProber { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var shared = new SharedProber(inner, 2, TimeSpan.FromMinutes(5), new ManualClock());

        // Six addresses of one MX host, and two of another host.
        var sameHost = Enumerable.Range(1, 6).Select(i => shared.ProbeAsync(IPEndPoint.Parse($"192.0.2.{i}:25"), "mx.busy.example.", SmtpProbeMode.StartTls, CancellationToken.None)).ToList();
        var otherHost = Enumerable.Range(1, 2).Select(i => shared.ProbeAsync(IPEndPoint.Parse($"198.51.100.{i}:25"), "mx.quiet.example.", SmtpProbeMode.StartTls, CancellationToken.None)).ToList();
        await WaitUntil(() => inner.Calls == 4);
        await Task.Delay(200);
        Assert.Equal(4, inner.Calls);
        Assert.Equal(2, inner.MaxInFlight("mx.busy.example."));
        inner.Gate.SetResult();
        await Task.WhenAll(sameHost.Concat(otherHost));
        Assert.Equal(8, inner.Calls);
        Assert.Equal(2, inner.MaxInFlight("mx.busy.example."));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    /// <summary>a.example and b.example both have MX mx.shared.example (192.0.2.25, no TLSA), all Secure.</summary>
    private sealed class SharedMxDns : IDnssecValidator
    {
        public async Task<ValidatedAnswer> ValidateAsync(DnsName name, DnsType type, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            DnsRecordData? data = (name.ToString(), type) switch
            {
                ("a.example." or "b.example.", DnsType.MX) => new MxData(10, DnsName.Parse("mx.shared.example.")),
                ("mx.shared.example.", DnsType.A) => new AData(IPAddress.Parse("192.0.2.25")),
                _ => null,
            };
            if (data is null)
            {
                return new ValidatedAnswer { Question = new DnsQuestion(name, type), Status = SecurityStatus.Secure, ResponseCode = DnsResponseCode.NoError, IsDenial = true, Source = "fake" };
            }

            DnsResourceRecord[] records = [new DnsResourceRecord(name, DnsClass.IN, 3600, data)];
            return new ValidatedAnswer
            {
                Question = new DnsQuestion(name, type),
                Status = SecurityStatus.Secure,
                ResponseCode = DnsResponseCode.NoError,
                RRsets = [new ValidatedRRset(name, type, SecurityStatus.Secure, records, [], DnsName.Parse("example."), 12345, 3600, DateTimeOffset.MaxValue.AddYears(-1))],
                Records = records,
                Source = "fake",
            };
        }
    }

    private sealed class CountingProber : ISmtpProber
    {
        private readonly ConcurrentDictionary<string, int> _inFlight = new();
        private readonly ConcurrentDictionary<string, int> _max = new();
        private int _calls;

        public TaskCompletionSource? Gate { get; init; }

        public bool Throw { get; set; }

        public int Calls => Volatile.Read(ref _calls);

        public int MaxInFlight(string host) => _max.GetValueOrDefault(host);

        public async Task<SmtpProbeResult> ProbeAsync(IPEndPoint endpoint, string serverName, SmtpProbeMode mode, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            var now = _inFlight.AddOrUpdate(serverName, 1, (_, n) => n + 1);
            _max.AddOrUpdate(serverName, now, (_, m) => Math.Max(m, now));
            try
            {
                if (Gate is not null)
                {
                    await Gate.Task.WaitAsync(cancellationToken);
                }

                if (Throw)
                {
                    throw new InvalidOperationException("prober bug");
                }

                return new SmtpProbeResult { Mode = mode, Endpoint = endpoint, ServerName = serverName, Transcript = new SmtpTranscript() };
            }
            finally
            {
                _inFlight.AddOrUpdate(serverName, 0, (_, n) => n - 1);
            }
        }
    }
}
