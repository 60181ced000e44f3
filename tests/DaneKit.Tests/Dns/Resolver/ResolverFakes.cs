using System.Net;
using System.Threading.Channels;
using DaneKit.Dns;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Records;
using DaneKit.Dns.Resolver;

namespace DaneKit.Tests.Dns.Resolver;

/// <summary>A scripted server reply: raw octets from a source (the server itself when null).</summary>
internal sealed record ScriptedReply(byte[] Payload, IPEndPoint? Source = null);

/// <summary>
/// An in-process transport: each query goes to the handler, which returns the replies to deliver
/// (in order) or throws <see cref="DnsTransportException"/>. After the replies the exchange waits until cancelled.
/// </summary>
internal sealed class ScriptedTransport(Func<IPEndPoint, DnsMessage, bool, IReadOnlyList<ScriptedReply>> handler) : IDnsTransport
{
    public List<(IPEndPoint Server, DnsMessage Query, bool Tcp)> Sent { get; } = [];

    public Task<IDnsExchange> SendAsync(IPEndPoint server, ReadOnlyMemory<byte> query, bool tcp, CancellationToken cancellationToken)
    {
        var message = DnsMessage.Parse(query.Span);
        lock (Sent)
        {
            Sent.Add((server, message, tcp));
        }

        var replies = handler(server, message, tcp);
        var channel = Channel.CreateUnbounded<DnsDatagram>();
        foreach (var r in replies)
        {
            channel.Writer.TryWrite(new DnsDatagram(r.Source ?? server, r.Payload));
        }

        return Task.FromResult<IDnsExchange>(new Exchange(channel.Reader));
    }

    private sealed class Exchange(ChannelReader<DnsDatagram> reader) : IDnsExchange
    {
        public async ValueTask<DnsDatagram> ReceiveAsync(CancellationToken cancellationToken) => await reader.ReadAsync(cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>Builders for scripted messages.</summary>
internal static class Msg
{
    public static IReadOnlyList<DnsResourceRecord> Records(string text) => new ZoneFileParser().ParseText(text.Replace("\r", "", StringComparison.Ordinal));

    public static DnsMessage Reply(DnsMessage query, DnsResponseCode rcode = DnsResponseCode.NoError, IReadOnlyList<DnsResourceRecord>? answers = null,
        IReadOnlyList<DnsResourceRecord>? authority = null, IReadOnlyList<DnsResourceRecord>? additional = null, bool aa = true, bool tc = false,
        ushort? id = null, DnsQuestion? question = null) => new()
        {
            Id = id ?? query.Id,
            IsResponse = true,
            AuthoritativeAnswer = aa,
            Truncated = tc,
            RecursionDesired = query.RecursionDesired,
            ResponseCode = rcode,
            Questions = [question ?? query.Questions[0]],
            Answers = answers ?? [],
            Authority = authority ?? [],
            Additional = additional ?? [],
            Edns = new Edns(1232, 0, 0, true, []),
        };

    public static ScriptedReply Wire(DnsMessage m, IPEndPoint? source = null) => new(m.ToWire(), source);
}

/// <summary>
/// A tiny authoritative server for one zone, from zone text: answers, CNAME and DNAME, NODATA and NXDOMAIN
/// with the SOA, and referrals (NS, DS, and every A/AAAA the zone text has for the NS names, in bailiwick or not).
/// </summary>
internal sealed class FakeZone(string apex, string text)
{
    public DnsName Apex { get; } = DnsName.Parse(apex);

    public IReadOnlyList<DnsResourceRecord> Data { get; } = Msg.Records(text);

    public DnsMessage Answer(DnsMessage query)
    {
        var q = query.Questions[0];
        var soa = Data.Where(r => r.Type == DnsType.SOA).ToList();
        var cut = Data.Where(r => r.Type == DnsType.NS && !r.Name.Equals(Apex) && q.Name.IsSubdomainOf(r.Name))
            .Select(r => r.Name).OrderByDescending(n => n.LabelCount).FirstOrDefault();
        if (cut is not null && !(q.Type == DnsType.DS && q.Name.Equals(cut)))
        {
            var ns = Data.Where(r => r.Type == DnsType.NS && r.Name.Equals(cut)).ToList();
            var ds = Data.Where(r => r.Type == DnsType.DS && r.Name.Equals(cut)).ToList();
            var targets = ns.Select(r => ((NsData)r.Data).Target).ToList();
            var glue = Data.Where(r => r.Type is DnsType.A or DnsType.AAAA && targets.Any(t => t.Equals(r.Name))).ToList();
            return Msg.Reply(query, authority: [.. ns, .. ds], additional: glue, aa: false);
        }

        var here = Data.Where(r => r.Name.Equals(q.Name)).ToList();
        var match = here.Where(r => r.Type == q.Type).ToList();
        if (match.Count > 0)
        {
            return Msg.Reply(query, answers: match);
        }

        if (here.FirstOrDefault(r => r.Type == DnsType.CNAME) is { } cname)
        {
            return Msg.Reply(query, answers: [cname]);
        }

        if (Data.FirstOrDefault(r => r.Data is DnameData && q.Name.IsSubdomainOf(r.Name) && !q.Name.Equals(r.Name)) is { } dname)
        {
            return Msg.Reply(query, answers: [dname]);
        }

        return here.Count > 0 || Data.Any(r => r.Name.IsSubdomainOf(q.Name))
            ? Msg.Reply(query, authority: soa)
            : Msg.Reply(query, DnsResponseCode.NXDomain, authority: soa);
    }
}

/// <summary>A network of fake authoritative servers by address; unknown addresses are unreachable.</summary>
internal sealed class FakeNetwork : IDnsTransport
{
    private readonly Dictionary<IPAddress, List<FakeZone>> _servers = [];
    private readonly ScriptedTransport _inner;

    public FakeNetwork()
    {
        _inner = new ScriptedTransport((server, query, _) => _servers.TryGetValue(server.Address, out var zones)
            ? [Msg.Wire(Pick(zones, query.Questions[0].Name).Answer(query))]
            : throw new DnsTransportException(DnsQueryErrorKind.NetworkUnreachable, $"{server} unreachable"));
    }

    public List<(IPEndPoint Server, DnsMessage Query, bool Tcp)> Sent => _inner.Sent;

    /// <summary>Adds a zone served at an address; one address may serve several zones (the deepest match answers).</summary>
    public FakeNetwork Serve(string address, FakeZone zone)
    {
        var ip = IPAddress.Parse(address);
        if (!_servers.TryGetValue(ip, out var zones))
        {
            _servers[ip] = zones = [];
        }

        zones.Add(zone);
        return this;
    }

    private static FakeZone Pick(List<FakeZone> zones, DnsName name) =>
        zones.Where(z => name.IsSubdomainOf(z.Apex)).OrderByDescending(z => z.Apex.LabelCount).FirstOrDefault() ?? zones[0];

    public Task<IDnsExchange> SendAsync(IPEndPoint server, ReadOnlyMemory<byte> query, bool tcp, CancellationToken cancellationToken) =>
        _inner.SendAsync(server, query, tcp, cancellationToken);
}

/// <summary>A clock that moves only when told to.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
