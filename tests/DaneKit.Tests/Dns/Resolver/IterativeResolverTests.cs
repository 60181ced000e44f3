using System.Net;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dns.Resolver;

namespace DaneKit.Tests.Dns.Resolver;

/// <summary>
/// The iterative resolver against a scripted hierarchy (RFC 1034 5.3.3): referrals, bailiwick of glue
/// (RFC 2181 5.4.1), CNAME (RFC 1034 3.6.2) and DNAME (RFC 6672 2.2), loops and limits.
/// </summary>
public sealed class IterativeResolverTests
{
    private const string Soa = "SOA ns. hostmaster. 1 1800 900 604800 300";
    private const string DsDigest = "E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CFC41A5766";

    private static readonly RootHints Hints = new([new NameServer(DnsName.Parse("a.root."), [IPAddress.Parse("10.0.0.1")])]);

    private static FakeNetwork Network() => new FakeNetwork()
        .Serve("10.0.0.1", new FakeZone(".", $"""
            . 300 IN {Soa}
            . 300 IN NS a.root.
            a.root. 300 IN A 10.0.0.1
            example. 300 IN NS ns.example.
            example. 300 IN DS 1 13 2 {DsDigest}
            ns.example. 300 IN A 10.0.1.1
            test. 300 IN NS ns.test.
            ns.test. 300 IN A 10.0.2.1
            """))
        .Serve("10.0.1.1", new FakeZone("example.", $"""
            example. 300 IN {Soa}
            example. 300 IN NS ns.example.
            ns.example. 300 IN A 10.0.1.1
            a.example. 300 IN NS ns.a.example.
            a.example. 300 IN DS 2 13 2 {DsDigest}
            ns.a.example. 300 IN A 10.0.1.2
            b.example. 300 IN NS ns.other.test.
            ns.other.test. 300 IN A 10.6.6.6
            lame.example. 300 IN NS ns.lame.example.
            ns.lame.example. 300 IN A 10.0.1.3
            """))
        .Serve("10.0.1.2", new FakeZone("a.example.", $"""
            a.example. 300 IN {Soa}
            a.example. 300 IN NS ns.a.example.
            ns.a.example. 300 IN A 10.0.1.2
            Host2.a.example. 300 IN A 192.0.2.2
            www.a.example. 300 IN CNAME host.b.example.
            loop.a.example. 300 IN CNAME loop.b.example.
            d.a.example. 300 IN DNAME b.example.
            """))
        .Serve("10.0.1.3", new FakeZone("lame.example.", """
            example. 300 IN NS ns.example.
            ns.example. 300 IN A 10.0.1.1
            """))
        .Serve("10.0.2.1", new FakeZone("test.", $"""
            test. 300 IN {Soa}
            test. 300 IN NS ns.test.
            ns.test. 300 IN A 10.0.2.1
            other.test. 300 IN NS ns.other.test.
            ns.other.test. 300 IN A 10.0.2.2
            """))
        .Serve("10.0.2.2", new FakeZone("other.test.", $"""
            other.test. 300 IN {Soa}
            other.test. 300 IN NS ns.other.test.
            ns.other.test. 300 IN A 10.0.2.2
            """))
        .Serve("10.0.2.2", new FakeZone("b.example.", $"""
            b.example. 300 IN {Soa}
            b.example. 300 IN NS ns.other.test.
            host.b.example. 300 IN A 192.0.2.80
            x.b.example. 300 IN A 192.0.2.81
            loop.b.example. 300 IN CNAME loop.a.example.
            """));

    private static IterativeResolver Resolver(FakeNetwork network, int maxQueries = 64, int maxDepth = 8) =>
        new(new IterativeResolverOptions { RootHints = Hints, MaxQueries = maxQueries, MaxDepth = maxDepth, QueryTimeout = TimeSpan.FromMilliseconds(200) },
            network);

    [Fact]
    public async Task FollowsReferralsFromTheRootAndKeepsTheZoneCut()
    {
        var network = Network();
        var r = await Resolver(network).ResolveAsync(DnsName.Parse("host2.A.example."), DnsType.A);

        Assert.Equal(ResolutionStatus.Answer, r.Status);
        Assert.Equal("192.0.2.2", Assert.Single(r.AnswerRRset).Data.ToString());
        Assert.Equal([".", "example.", "a.example."], r.Steps.Select(s => s.Zone.ToString().ToLowerInvariant())); // the server echoes the QNAME case
        Assert.Equal(3, r.QueriesUsed);
        Assert.True(r.ZoneCut!.Zone.Equals(DnsName.Parse("a.example.")));
        Assert.Single(r.ZoneCut.DelegationSigners);
        Assert.NotNull(r.FinalResponse);
        Assert.All(network.Sent, s => Assert.Equal("host2.A.example.", s.Query.Questions[0].Name.ToString())); // QNAME case kept
        Assert.All(network.Sent, s => Assert.False(s.Query.RecursionDesired));
    }

    [Fact]
    public async Task OutOfBailiwickGlueIsIgnoredAndTheNameServerNameIsResolved()
    {
        var network = Network();
        var r = await Resolver(network).ResolveAsync(DnsName.Parse("host.b.example."), DnsType.A);

        Assert.Equal(ResolutionStatus.Answer, r.Status);
        Assert.Equal("192.0.2.80", Assert.Single(r.AnswerRRset).Data.ToString());
        Assert.DoesNotContain(network.Sent, s => s.Server.Address.Equals(IPAddress.Parse("10.6.6.6")));
        Assert.Contains(network.Sent, s => s.Query.Questions[0].Name.ToString() == "ns.other.test." && s.Query.Questions[0].Type == DnsType.A);
    }

    [Fact]
    public async Task ChasesACnameAcrossZones()
    {
        var r = await Resolver(Network()).ResolveAsync(DnsName.Parse("www.a.example."), DnsType.A);

        Assert.Equal(ResolutionStatus.Answer, r.Status);
        Assert.Equal(
            ["www.a.example. CNAME host.b.example.", "host.b.example. A 192.0.2.80"],
            r.Answers.Select(a => $"{a.Name} {a.Type.ToText()} {a.Data}"));
        Assert.Equal("b.example.", r.ZoneCut!.Zone.ToString());
    }

    [Fact]
    public async Task SynthesisesTheCnameOfADname()
    {
        var r = await Resolver(Network()).ResolveAsync(DnsName.Parse("x.d.a.example."), DnsType.A);

        Assert.Equal(ResolutionStatus.Answer, r.Status);
        Assert.Equal(
            ["d.a.example. DNAME b.example.", "x.d.a.example. CNAME x.b.example.", "x.b.example. A 192.0.2.81"],
            r.Answers.Select(a => $"{a.Name} {a.Type.ToText()} {a.Data}"));
    }

    [Fact]
    public async Task DetectsACnameLoop()
    {
        var r = await Resolver(Network()).ResolveAsync(DnsName.Parse("loop.a.example."), DnsType.A);

        Assert.Equal(ResolutionStatus.Failed, r.Status);
        Assert.Equal(ResolutionErrorKind.AliasLoop, r.Error!.Kind);
        Assert.Equal(DnsResponseCode.ServFail, r.ResponseCode);
    }

    [Fact]
    public async Task ReportsTheExhaustedQueryBudget()
    {
        var r = await Resolver(Network(), maxQueries: 2).ResolveAsync(DnsName.Parse("host2.a.example."), DnsType.A);

        Assert.Equal(ResolutionErrorKind.QueryBudgetExhausted, r.Error!.Kind);
        Assert.Equal(2, r.QueriesUsed);
    }

    [Fact]
    public async Task ReportsTheDepthLimitOfNameServerLookups()
    {
        var r = await Resolver(Network(), maxDepth: 0).ResolveAsync(DnsName.Parse("host.b.example."), DnsType.A);

        Assert.Equal(ResolutionErrorKind.DepthLimitExceeded, r.Error!.Kind);
    }

    [Fact]
    public async Task AnUpwardReferralIsAReferralLoop()
    {
        var r = await Resolver(Network()).ResolveAsync(DnsName.Parse("www.lame.example."), DnsType.A);

        Assert.Equal(ResolutionErrorKind.ReferralLoop, r.Error!.Kind);
        Assert.Contains("10.0.1.3", r.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DsIsAskedOfTheParentZone()
    {
        var resolver = Resolver(Network());
        await resolver.ResolveAsync(DnsName.Parse("host2.a.example."), DnsType.A); // caches the a.example. cut
        var r = await resolver.ResolveAsync(DnsName.Parse("a.example."), DnsType.DS);

        Assert.Equal(ResolutionStatus.Answer, r.Status);
        Assert.IsType<DsData>(Assert.Single(r.AnswerRRset).Data);
    }

    [Fact]
    public async Task NxDomainIsCachedForEveryType()
    {
        var network = Network();
        var resolver = Resolver(network);
        var first = await resolver.ResolveAsync(DnsName.Parse("nope.a.example."), DnsType.A);
        var sent = network.Sent.Count;
        var again = await resolver.ResolveAsync(DnsName.Parse("NOPE.a.example."), DnsType.AAAA);

        Assert.Equal(ResolutionStatus.NxDomain, first.Status);
        Assert.Contains(first.Authority, r => r.Type == DnsType.SOA);
        Assert.Equal(ResolutionStatus.NxDomain, again.Status);
        Assert.True(again.FromCache);
        Assert.Equal(0, again.QueriesUsed);
        Assert.Equal(sent, network.Sent.Count);
    }

    [Fact]
    public async Task NoDataIsNegativeWithTheSoa()
    {
        var r = await Resolver(Network()).ResolveAsync(DnsName.Parse("host2.a.example."), DnsType.TXT);

        Assert.Equal(ResolutionStatus.NoData, r.Status);
        Assert.Equal(DnsResponseCode.NoError, r.ResponseCode);
        Assert.Empty(r.Answers);
        Assert.Contains(r.Authority, a => a.Type == DnsType.SOA);
    }

    [Fact]
    public async Task UnreachableServersEndInAFailureNamingThem()
    {
        var hints = new RootHints([new NameServer(DnsName.Parse("a.root."), [IPAddress.Parse("10.9.9.9")])]);
        var r = await new IterativeResolver(new IterativeResolverOptions { RootHints = hints }, Network()).ResolveAsync(DnsName.Parse("x.example."), DnsType.A);

        Assert.Equal(ResolutionErrorKind.NoReachableAuthority, r.Error!.Kind);
        Assert.Contains("10.9.9.9", r.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RootHintsLoadFromAZoneFormatFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, ".\t3600000\tIN\tNS\ta.root-servers.example.\na.root-servers.example.\t3600000\tIN\tA\t127.53.0.1\n");
            var hints = await RootHints.LoadAsync(path);
            var server = Assert.Single(hints.Servers);
            Assert.Equal("a.root-servers.example.", server.Name.ToString());
            Assert.Equal(IPAddress.Parse("127.53.0.1"), Assert.Single(server.Addresses));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BuiltInHintsAreTheThirteenIanaRootServers()
    {
        Assert.Equal(13, RootHints.Iana.Servers.Count);
        Assert.All(RootHints.Iana.Servers, s => Assert.Equal(2, s.Addresses.Count));
        Assert.Contains(RootHints.Iana.Servers, s => s.Addresses.Contains(IPAddress.Parse("170.247.170.2")));
    }
}
