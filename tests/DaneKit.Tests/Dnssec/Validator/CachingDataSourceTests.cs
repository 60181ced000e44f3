using DaneKit.Dns;
using DaneKit.Dns.Presentation;
using DaneKit.Dnssec;
using DaneKit.Tests.Dns.Resolver;

namespace DaneKit.Tests.Dnssec.Validator;

public class CachingDataSourceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<DnsResourceRecord> Records(string text) =>
        new ZoneFileParser().ParseText("$ORIGIN example.\n" + text);

    private static readonly IReadOnlyList<DnsResourceRecord> Soa = Records("@ 600 IN SOA ns hostmaster 1 3600 600 86400 120");

    [Fact]
    public async Task AnAnswerIsKeptForItsTtlWithTheTtlCountingDown()
    {
        var clock = new ManualTimeProvider(Start);
        var inner = new CountingSource { Next = new(DnsResponseCode.NoError, Records("mx 300 IN A 192.0.2.1"), [], null, "192.0.2.53") };
        var cache = new CachingDataSource(inner, clock);
        var name = DnsName.Parse("mx.example.");

        await cache.LookupAsync(name, DnsType.A, default);
        clock.Advance(TimeSpan.FromSeconds(100));
        var hit = await cache.LookupAsync(name, DnsType.A, default);

        Assert.Equal(1, inner.Calls);
        Assert.Equal(200u, Assert.Single(hit.Answers).Ttl);
        Assert.EndsWith("(cached)", hit.Server, StringComparison.Ordinal);
        Assert.Equal(1, cache.Hits);

        clock.Advance(TimeSpan.FromSeconds(200));
        await cache.LookupAsync(name, DnsType.A, default);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task TypesAreKeptApart()
    {
        var inner = new CountingSource { Next = new(DnsResponseCode.NoError, Records("mx 300 IN A 192.0.2.1"), [], null, "s") };
        var cache = new CachingDataSource(inner, new ManualTimeProvider(Start));
        var name = DnsName.Parse("mx.example.");

        await cache.LookupAsync(name, DnsType.A, default);
        await cache.LookupAsync(name, DnsType.AAAA, default);

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task AnNxdomainAnswersEveryTypeForTheNegativeTtl()
    {
        // RFC 2308 5: a name error is cached per name; its TTL is the smaller of the SOA's TTL and MINIMUM (3, 5).
        var clock = new ManualTimeProvider(Start);
        var inner = new CountingSource { Next = new(DnsResponseCode.NXDomain, [], Soa, null, "s") };
        var cache = new CachingDataSource(inner, clock);
        var name = DnsName.Parse("mta-sts.example.");

        await cache.LookupAsync(name, DnsType.A, default);
        var aaaa = await cache.LookupAsync(name, DnsType.AAAA, default);
        Assert.Equal(1, inner.Calls);
        Assert.Equal(DnsResponseCode.NXDomain, aaaa.ResponseCode);

        clock.Advance(TimeSpan.FromSeconds(121));
        await cache.LookupAsync(name, DnsType.TXT, default);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task NodataIsKeptOnlyForItsType()
    {
        var inner = new CountingSource { Next = new(DnsResponseCode.NoError, [], Soa, null, "s") };
        var cache = new CachingDataSource(inner, new ManualTimeProvider(Start));
        var name = DnsName.Parse("mx.example.");

        await cache.LookupAsync(name, DnsType.AAAA, default);
        await cache.LookupAsync(name, DnsType.AAAA, default);
        await cache.LookupAsync(name, DnsType.A, default);

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task FailuresZeroTtlsAndNegativeAnswersWithoutSoaAreNotKept()
    {
        var name = DnsName.Parse("mx.example.");
        foreach (var response in new DnssecLookup[]
        {
            DnssecLookup.Failed("timeout", "s"),
            new(DnsResponseCode.ServFail, [], [], null, "s"),
            new(DnsResponseCode.NoError, Records("mx 0 IN A 192.0.2.1"), [], null, "s"),
            new(DnsResponseCode.NXDomain, [], [], null, "s"),
        })
        {
            var inner = new CountingSource { Next = response };
            var cache = new CachingDataSource(inner, new ManualTimeProvider(Start));
            await cache.LookupAsync(name, DnsType.A, default);
            await cache.LookupAsync(name, DnsType.A, default);
            Assert.Equal(2, inner.Calls);
        }
    }

    [Fact]
    public async Task LongTtlsAreCappedAndTheCacheStaysBounded()
    {
        var clock = new ManualTimeProvider(Start);
        var inner = new CountingSource { Next = new(DnsResponseCode.NoError, Records("mx 86400 IN A 192.0.2.1"), [], null, "s") };
        var cache = new CachingDataSource(inner, clock, maxEntries: 2, maxTtl: TimeSpan.FromMinutes(10));

        await cache.LookupAsync(DnsName.Parse("mx.example."), DnsType.A, default);
        clock.Advance(TimeSpan.FromMinutes(11));
        await cache.LookupAsync(DnsName.Parse("mx.example."), DnsType.A, default);
        Assert.Equal(2, inner.Calls);

        for (var i = 0; i < 5; i++)
        {
            await cache.LookupAsync(DnsName.Parse($"h{i}.example."), DnsType.A, default);
        }

        // Five names through a cache of two: at most two are answered from it afterwards.
        var before = inner.Calls;
        for (var i = 0; i < 5; i++)
        {
            await cache.LookupAsync(DnsName.Parse($"h{i}.example."), DnsType.A, default);
        }

        Assert.InRange(inner.Calls - before, 3, 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CachingDataSource(inner, clock, maxEntries: 0));
    }

    [Fact]
    public async Task AnNsecChainOfAKeptNxdomainDeniesOtherNamesItCovers()
    {
        // RFC 8198 4: the apex NSEC (next name: the apex again) covers every name of the zone; no wildcard exists.
        var authority = Records("@ 120 IN SOA ns hostmaster 1 3600 600 86400 120\n@ 120 IN NSEC @ SOA NS NSEC RRSIG DNSKEY");
        var inner = new CountingSource { Next = new(DnsResponseCode.NXDomain, [], authority, null, "s") };
        var cache = new CachingDataSource(inner, new ManualTimeProvider(Start));

        await cache.LookupAsync(DnsName.Parse("_mta-sts.example."), DnsType.TXT, default);
        var synthesised = await cache.LookupAsync(DnsName.Parse("mta-sts.example."), DnsType.A, default);
        await cache.LookupAsync(DnsName.Parse("_smtp._tls.example."), DnsType.TXT, default);

        Assert.Equal(1, inner.Calls);
        Assert.Equal(DnsResponseCode.NXDomain, synthesised.ResponseCode);
        Assert.Equal(authority.Count, synthesised.Authority.Count);

        // Not for the apex (it exists), and not for another zone.
        await cache.LookupAsync(DnsName.Parse("example."), DnsType.MX, default);
        await cache.LookupAsync(DnsName.Parse("mta-sts.example.net."), DnsType.A, default);
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task AnNsecThatDoesNotCoverTheNameOrAWildcardStopsTheShortcut()
    {
        // b.example. -> d.example. covers c.example. only; a name after d.example. is not denied by it.
        var covering = Records("@ 120 IN SOA ns hostmaster 1 3600 600 86400 120\nb 120 IN NSEC d A RRSIG NSEC\n@ 120 IN NSEC a SOA NS NSEC RRSIG DNSKEY");
        var inner = new CountingSource { Next = new(DnsResponseCode.NXDomain, [], covering, null, "s") };
        var cache = new CachingDataSource(inner, new ManualTimeProvider(Start));
        await cache.LookupAsync(DnsName.Parse("c.example."), DnsType.A, default);
        await cache.LookupAsync(DnsName.Parse("c2.example."), DnsType.A, default); // covered by b -> d too
        await cache.LookupAsync(DnsName.Parse("e.example."), DnsType.A, default); // not covered
        Assert.Equal(2, inner.Calls);

        // A wildcard in the zone: the NSEC chain shows *.example. exists, so nothing below the apex is denied by it.
        var wildcard = Records("@ 120 IN SOA ns hostmaster 1 3600 600 86400 120\n*.example. 120 IN NSEC @ A RRSIG NSEC\n@ 120 IN NSEC *.example. SOA NS NSEC RRSIG DNSKEY");
        var inner2 = new CountingSource { Next = new(DnsResponseCode.NXDomain, [], wildcard, null, "s") };
        var cache2 = new CachingDataSource(inner2, new ManualTimeProvider(Start));
        await cache2.LookupAsync(DnsName.Parse("x.example."), DnsType.A, default);
        await cache2.LookupAsync(DnsName.Parse("y.example."), DnsType.A, default);
        Assert.Equal(2, inner2.Calls);
    }

    [Fact]
    public async Task ConcurrentAsksForTheSameQuestionShareOneExchange()
    {
        var gate = new TaskCompletionSource<DnssecLookup>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = new GatedSource(gate.Task);
        var cache = new CachingDataSource(inner, new ManualTimeProvider(Start));
        var name = DnsName.Parse("mx.example.");

        var asks = Enumerable.Range(0, 8).Select(_ => cache.LookupAsync(name, DnsType.A, default)).ToList();
        using var cancelled = new CancellationTokenSource();
        var impatient = cache.LookupAsync(name, DnsType.A, cancelled.Token);
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);

        gate.SetResult(new(DnsResponseCode.NoError, Records("mx 300 IN A 192.0.2.1"), [], null, "s"));
        var answers = await Task.WhenAll(asks);

        Assert.Equal(1, inner.Calls);
        Assert.All(answers, a => Assert.Equal("192.0.2.1", Assert.Single(a.Answers).Data.ToString()));
        await cache.LookupAsync(name, DnsType.A, default);
        Assert.Equal(1, inner.Calls);
    }

    private sealed class GatedSource(Task<DnssecLookup> answer) : IDnssecDataSource
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string Description => "gated";

        public Task<DnssecLookup> LookupAsync(DnsName name, DnsType type, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return answer;
        }
    }

    private sealed class CountingSource : IDnssecDataSource
    {
        public required DnssecLookup Next { get; set; }

        public int Calls { get; private set; }

        public string Description => "counting";

        public Task<DnssecLookup> LookupAsync(DnsName name, DnsType type, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(Next);
        }
    }
}
