using System.Net;
using DaneKit.Dns;
using DaneKit.Dns.Resolver;

namespace DaneKit.Tests.Dns.Resolver;

/// <summary>The stub resolver and <see cref="DnsClient"/> against scripted servers: RFC 7766 5 (TCP after TC), RFC 5452 9.1 (matching).</summary>
public sealed class StubResolverTests
{
    private static readonly IPEndPoint ServerA = new(IPAddress.Parse("192.0.2.1"), 53);
    private static readonly IPEndPoint ServerB = new(IPAddress.Parse("2001:db8::2"), 53);
    private static readonly DnsName Name = DnsName.Parse("mx.Example.");

    private static StubResolverOptions Options(params IPEndPoint[] servers) =>
        new() { Servers = servers, Timeout = TimeSpan.FromMilliseconds(200), Attempts = 1 };

    private static IReadOnlyList<DnsResourceRecord> AnswerA => Msg.Records("mx.example. 300 IN A 192.0.2.25\n");

    [Fact]
    public async Task TruncatedUdpAnswerIsFetchedAgainOverTcp()
    {
        var transport = new ScriptedTransport((_, q, tcp) => tcp
            ? [Msg.Wire(Msg.Reply(q, answers: AnswerA))]
            : [Msg.Wire(Msg.Reply(q, tc: true))]);
        var result = await new StubResolver(Options(ServerA), transport).QueryAsync(Name, DnsType.A);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.True(result.UsedTcp);
        Assert.Single(result.Response!.Answers);
        Assert.Equal([false, true], transport.Sent.Select(s => s.Tcp));
    }

    [Fact]
    public async Task TimeoutMovesToTheNextServer()
    {
        var transport = new ScriptedTransport((server, q, _) => server.Equals(ServerA) ? [] : [Msg.Wire(Msg.Reply(q, answers: AnswerA))]);
        var result = await new StubResolver(Options(ServerA, ServerB), transport).QueryAsync(Name, DnsType.A);

        Assert.True(result.IsSuccess);
        Assert.Equal(ServerB, result.Server);
        var failure = Assert.Single(result.FailedTries);
        Assert.Equal(DnsQueryErrorKind.Timeout, failure.Kind);
        Assert.Equal(ServerA, failure.Server);
    }

    [Fact]
    public async Task MismatchedRepliesAreDroppedAndTheRightOneIsAccepted()
    {
        var transport = new ScriptedTransport((server, q, _) =>
        [
            Msg.Wire(Msg.Reply(q, answers: AnswerA, id: (ushort)(q.Id + 1))),                                            // wrong ID
            Msg.Wire(Msg.Reply(q, answers: AnswerA, question: new DnsQuestion(DnsName.Parse("evil.example."), DnsType.A))), // wrong name
            Msg.Wire(Msg.Reply(q, answers: AnswerA, question: new DnsQuestion(Name, DnsType.AAAA))),                      // wrong type
            Msg.Wire(Msg.Reply(q, answers: AnswerA), new IPEndPoint(server.Address, 5353)),                               // wrong port
            Msg.Wire(Msg.Reply(q, answers: AnswerA), new IPEndPoint(IPAddress.Parse("198.51.100.9"), 53)),               // wrong address
            Msg.Wire(Msg.Reply(q, answers: AnswerA, question: new DnsQuestion(DnsName.Parse("MX.EXAMPLE."), DnsType.A))), // right (case differs)
        ]);
        var result = await new StubResolver(Options(ServerA), transport).QueryAsync(Name, DnsType.A);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(5, result.DroppedMismatches);
        Assert.Single(transport.Sent);
    }

    [Fact]
    public async Task OnlyMismatchedRepliesEndInAMismatchError()
    {
        var transport = new ScriptedTransport((_, q, _) => [Msg.Wire(Msg.Reply(q, id: (ushort)(q.Id ^ 0x5555)))]);
        var result = await new StubResolver(Options(ServerA), transport).QueryAsync(Name, DnsType.A);

        Assert.False(result.IsSuccess);
        Assert.Equal(DnsQueryErrorKind.Mismatch, result.Error!.Kind);
        Assert.Equal(ServerA, result.Error.Server);
    }

    [Fact]
    public async Task MalformedReplyIsATypedError()
    {
        var transport = new ScriptedTransport((_, q, _) =>
        {
            var wire = Msg.Reply(q, answers: AnswerA).ToWire();
            return [new ScriptedReply(wire[..^3])]; // cut inside the A RDATA
        });
        var result = await new StubResolver(Options(ServerA), transport).QueryAsync(Name, DnsType.A);

        Assert.Equal(DnsQueryErrorKind.Malformed, result.Error!.Kind);
        Assert.NotNull(result.Error.ParseError);
    }

    [Fact]
    public async Task NetworkFailureIsATypedErrorNotAnException()
    {
        var transport = new ScriptedTransport((s, _, _) => throw new DnsTransportException(DnsQueryErrorKind.NetworkUnreachable, $"{s} unreachable"));
        var result = await new StubResolver(Options(ServerA, ServerB) with { Attempts = 2 }, transport).QueryAsync(Name, DnsType.A);

        Assert.Equal(DnsQueryErrorKind.NetworkUnreachable, result.Error!.Kind);
        Assert.Equal(4, result.FailedTries.Count);
        Assert.Equal(4, transport.Sent.Count);
    }

    [Fact]
    public async Task ServfailFromEveryServerIsReturnedAsTheResponse()
    {
        var transport = new ScriptedTransport((_, q, _) => [Msg.Wire(Msg.Reply(q, DnsResponseCode.ServFail))]);
        var result = await new StubResolver(Options(ServerA, ServerB) with { Attempts = 3 }, transport).QueryAsync(Name, DnsType.A);

        Assert.Equal(DnsResponseCode.ServFail, result.Response!.ResponseCode);
        Assert.Equal(2, transport.Sent.Count); // each server once: asking again would get the same
    }

    [Fact]
    public async Task QueryCarriesDoAndCdAsConfigured()
    {
        var transport = new ScriptedTransport((_, q, _) => [Msg.Wire(Msg.Reply(q, answers: AnswerA))]);
        await new StubResolver(Options(ServerA) with { DnssecOk = false, CheckingDisabled = true }, transport).QueryAsync(Name, DnsType.A);

        var sent = Assert.Single(transport.Sent).Query;
        Assert.False(sent.Edns!.DnssecOk);
        Assert.True(sent.CheckingDisabled);
        Assert.True(sent.RecursionDesired);
        Assert.Equal("mx.Example.", sent.Questions[0].Name.ToString()); // case kept
    }

    [Fact]
    public async Task RotateStartsEachQueryAtTheNextServer()
    {
        var transport = new ScriptedTransport((_, q, _) => [Msg.Wire(Msg.Reply(q, answers: AnswerA))]);
        var stub = new StubResolver(Options(ServerA, ServerB) with { Rotate = true }, transport);
        await stub.QueryAsync(Name, DnsType.A);
        await stub.QueryAsync(Name, DnsType.A);

        Assert.NotEqual(transport.Sent[0].Server, transport.Sent[1].Server);
    }

    [Fact]
    public async Task NoServersIsATypedError()
    {
        var result = await new StubResolver(new StubResolverOptions()).QueryAsync(Name, DnsType.A);
        Assert.Equal(DnsQueryErrorKind.NoServers, result.Error!.Kind);
    }

    [Fact]
    public void ResolvConfGivesServersAndOptions()
    {
        var conf = ResolvConf.Parse("""
            # comment
            search example.org
            nameserver 127.53.53.53
            nameserver ::1 ; trailing
            nameserver not-an-address
            options timeout:3 attempts:4 rotate ndots:2
            nameserver 10.0.0.1
            nameserver 10.0.0.2
            """);

        Assert.Equal(["127.53.53.53:53", "[::1]:53", "10.0.0.1:53"], conf.Servers.Select(s => s.ToString()));
        Assert.Equal(TimeSpan.FromSeconds(3), conf.Timeout);
        Assert.Equal(4, conf.Attempts);
        Assert.True(conf.Rotate);
    }

    [Fact]
    public void ResolvConfDefaultsFollowLibc()
    {
        var conf = ResolvConf.Parse("nameserver 192.0.2.53\noptions timeout:99 attempts:0\n");
        Assert.Equal(TimeSpan.FromSeconds(30), conf.Timeout);
        Assert.Equal(1, conf.Attempts);
        Assert.False(conf.Rotate);
    }
}
