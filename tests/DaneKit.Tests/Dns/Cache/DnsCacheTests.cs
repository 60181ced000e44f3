using DaneKit.Dns;
using DaneKit.Dns.Cache;
using DaneKit.Tests.Dns.Resolver;

namespace DaneKit.Tests.Dns.Cache;

/// <summary>The cache: TTLs (RFC 1035 3.2.1, RFC 2181 8), negative caching (RFC 2308 5), bounds and LRU eviction.</summary>
public sealed class DnsCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 2, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<DnsResourceRecord> R(string text) => Msg.Records(text);

    [Fact]
    public void AnRRsetExpiresWithItsTtlAndCountsDown()
    {
        var time = new ManualTimeProvider(Start);
        var cache = new DnsCache(timeProvider: time);
        cache.AddRRset(R("mx.example. 300 IN A 192.0.2.1\nmx.example. 300 IN A 192.0.2.2\n"));

        time.Advance(TimeSpan.FromSeconds(100));
        Assert.True(cache.TryGet(DnsName.Parse("MX.example."), DnsType.A, DnsClass.IN, out var entry));
        Assert.Equal(2, entry!.Records.Count);
        Assert.All(entry.Records, r => Assert.Equal(200u, r.Ttl));

        time.Advance(TimeSpan.FromSeconds(200));
        Assert.False(cache.TryGet(DnsName.Parse("mx.example."), DnsType.A, DnsClass.IN, out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void CoveringSignaturesAreKeptAndBoundTheTtl()
    {
        var time = new ManualTimeProvider(Start);
        var cache = new DnsCache(timeProvider: time);
        var rrsig = R("x.example. 60 IN RRSIG A 13 2 300 20261229021910 20261128021910 35394 example. YQWqUDfuZ5svfk6rGw4Zk1WHAcY5wMviQLoXvomdkC1fVK7zoFvqd/bfv3GrHxqo9Slsif/ABdzTK0AWBU8TvQ==\n"
            + "x.example. 60 IN RRSIG MX 13 2 300 20261229021910 20261128021910 35394 example. YQWqUDfuZ5svfk6rGw4Zk1WHAcY5wMviQLoXvomdkC1fVK7zoFvqd/bfv3GrHxqo9Slsif/ABdzTK0AWBU8TvQ==\n");
        cache.AddRRset(R("x.example. 300 IN A 192.0.2.1\n"), rrsig);

        Assert.True(cache.TryGet(DnsName.Parse("x.example."), DnsType.A, DnsClass.IN, out var entry));
        Assert.Single(entry!.Signatures); // only the RRSIG covering A
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.False(cache.TryGet(DnsName.Parse("x.example."), DnsType.A, DnsClass.IN, out _));
    }

    [Fact]
    public void NegativeTtlIsTheSmallerOfSoaTtlAndMinimum()
    {
        var time = new ManualTimeProvider(Start);
        var cache = new DnsCache(timeProvider: time);
        var authority = R("example. 3600 IN SOA ns.example. hostmaster.example. 1 1800 900 604800 120\n");
        cache.AddNegative(DnsName.Parse("x.example."), DnsType.TLSA, DnsClass.IN, DnsCacheEntryKind.NoData, authority);

        Assert.True(cache.TryGet(DnsName.Parse("x.example."), DnsType.TLSA, DnsClass.IN, out var entry));
        Assert.Equal(DnsCacheEntryKind.NoData, entry!.Kind);
        Assert.Single(entry.Authority);
        Assert.False(cache.TryGet(DnsName.Parse("x.example."), DnsType.A, DnsClass.IN, out _)); // NODATA is per type
        time.Advance(TimeSpan.FromSeconds(121));
        Assert.False(cache.TryGet(DnsName.Parse("x.example."), DnsType.TLSA, DnsClass.IN, out _));
    }

    [Fact]
    public void NxDomainAnswersEveryTypeOfTheName()
    {
        var cache = new DnsCache(timeProvider: new ManualTimeProvider(Start));
        var authority = R("example. 300 IN SOA ns.example. hostmaster.example. 1 1800 900 604800 300\n");
        cache.AddNegative(DnsName.Parse("gone.example."), DnsType.A, DnsClass.IN, DnsCacheEntryKind.NxDomain, authority);

        Assert.True(cache.TryGet(DnsName.Parse("GONE.example."), DnsType.MX, DnsClass.IN, out var entry));
        Assert.Equal(DnsCacheEntryKind.NxDomain, entry!.Kind);
    }

    [Fact]
    public void NegativeAnswerWithoutSoaIsNotCached()
    {
        var cache = new DnsCache();
        Assert.Null(cache.AddNegative(DnsName.Parse("x.example."), DnsType.A, DnsClass.IN, DnsCacheEntryKind.NoData, []));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void TheLeastRecentlyUsedEntryIsEvictedAtTheEntryBound()
    {
        var cache = new DnsCache(new DnsCacheOptions { MaxEntries = 2 });
        cache.AddRRset(R("a.example. 300 IN A 192.0.2.1\n"));
        cache.AddRRset(R("b.example. 300 IN A 192.0.2.2\n"));
        Assert.True(cache.TryGet(DnsName.Parse("a.example."), DnsType.A, DnsClass.IN, out _)); // a is now the most recent
        cache.AddRRset(R("c.example. 300 IN A 192.0.2.3\n"));

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet(DnsName.Parse("a.example."), DnsType.A, DnsClass.IN, out _));
        Assert.False(cache.TryGet(DnsName.Parse("b.example."), DnsType.A, DnsClass.IN, out _));
        Assert.True(cache.TryGet(DnsName.Parse("c.example."), DnsType.A, DnsClass.IN, out _));
    }

    [Fact]
    public void TheByteBudgetIsKept()
    {
        var cache = new DnsCache(new DnsCacheOptions { MaxBytes = 2_000 });
        for (var i = 0; i < 100; i++)
        {
            cache.AddRRset(R($"h{i}.example. 300 IN TXT \"{new string('x', 100)}\"\n"));
        }

        Assert.InRange(cache.ApproximateBytes, 1, 2_000);
        Assert.InRange(cache.Count, 1, 99);
        Assert.True(cache.TryGet(DnsName.Parse("h99.example."), DnsType.TXT, DnsClass.IN, out _));
        Assert.False(cache.TryGet(DnsName.Parse("h0.example."), DnsType.TXT, DnsClass.IN, out _));
    }

    [Fact]
    public void ReferralDataDoesNotReplaceAuthoritativeData()
    {
        var cache = new DnsCache();
        cache.AddRRset(R("ns.example. 300 IN A 192.0.2.1\n"));
        Assert.Null(cache.AddRRset(R("ns.example. 300 IN A 198.51.100.1\n"), authoritative: false));

        Assert.True(cache.TryGet(DnsName.Parse("ns.example."), DnsType.A, DnsClass.IN, out var entry));
        Assert.True(entry!.IsAuthoritative);
        Assert.Equal("192.0.2.1", Assert.Single(entry.Records).Data.ToString());
    }

    [Fact]
    public void ZeroTtlIsNotCached()
    {
        var cache = new DnsCache();
        Assert.Null(cache.AddRRset(R("x.example. 0 IN A 192.0.2.1\n")));
    }

    [Fact]
    public void ConcurrentUseKeepsTheBounds()
    {
        var cache = new DnsCache(new DnsCacheOptions { MaxEntries = 50 });
        Parallel.For(0, 2_000, i =>
        {
            cache.AddRRset(R($"n{i % 300}.example. 300 IN A 192.0.2.{i % 250}\n"));
            cache.TryGet(DnsName.Parse($"n{(i * 7) % 300}.example."), DnsType.A, DnsClass.IN, out _);
        });

        Assert.InRange(cache.Count, 1, 50);
    }
}
