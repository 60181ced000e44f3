using System.Net;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Records;

namespace DaneKit.Dns.Resolver;

/// <summary>One name server of a zone and the addresses known for it.</summary>
/// <param name="Name">The server's name (the NS target).</param>
/// <param name="Addresses">Its addresses, from hints, glue or resolution; may be empty.</param>
public sealed record NameServer(DnsName Name, IReadOnlyList<IPAddress> Addresses);

/// <summary>
/// Where iterative resolution starts (RFC 1034 5.3.3): the root's name servers and their addresses.
/// <see cref="Iana"/> has the IANA root servers as of 2024; <see cref="LoadAsync"/> reads a hints file in
/// zone format (NS records at the root, A/AAAA records for their names), as the testbed's root.hints.
/// </summary>
public sealed class RootHints
{
    private static readonly Lazy<RootHints> LazyIana = new(CreateIana);

    /// <summary>Creates hints from name servers.</summary>
    /// <param name="servers">The root's name servers with their addresses.</param>
    public RootHints(IReadOnlyList<NameServer> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        Servers = servers;
    }

    /// <summary>The root's name servers with their addresses.</summary>
    public IReadOnlyList<NameServer> Servers { get; }

    /// <summary>The 13 IANA root servers (a to m.root-servers.net) with their IPv4 and IPv6 addresses, as of 2024.</summary>
    public static RootHints Iana => LazyIana.Value;

    /// <summary>Builds hints from records: NS records owned by the root, and A/AAAA records for their targets.</summary>
    /// <param name="records">The records, e.g. of a parsed named.root file.</param>
    /// <returns>The hints.</returns>
    /// <exception cref="FormatException">The records have no root NS record or none of the servers has an address.</exception>
    public static RootHints FromRecords(IEnumerable<DnsResourceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var list = records.ToList();
        var names = list.Where(r => r.Name.IsRoot && r.Data is NsData).Select(r => ((NsData)r.Data).Target).Distinct().ToList();
        if (names.Count == 0)
        {
            throw new FormatException("the root hints hold no NS record for the root");
        }

        var servers = names.Select(n => new NameServer(n, list.Where(r => r.Name.Equals(n))
            .Select(r => r.Data switch { AData a => a.Address, AaaaData a => a.Address, _ => null })
            .OfType<IPAddress>().Distinct().ToList())).ToList();
        if (servers.All(s => s.Addresses.Count == 0))
        {
            throw new FormatException("no root server in the hints has an A or AAAA record");
        }

        return new RootHints(servers);
    }

    /// <summary>Reads a hints file in zone format.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The hints.</returns>
    /// <exception cref="PresentationException">The file is not valid zone data (the message gives file and line).</exception>
    /// <exception cref="FormatException">The records are not usable hints.</exception>
    public static async Task<RootHints> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var records = await new ZoneFileParser().ParseFileAsync(path, cancellationToken).ConfigureAwait(false);
        return FromRecords(records);
    }

    private static RootHints CreateIana()
    {
        (char Letter, string V4, string V6)[] table =
        [
            ('a', "198.41.0.4", "2001:503:ba3e::2:30"),
            ('b', "170.247.170.2", "2801:1b8:10::b"),
            ('c', "192.33.4.12", "2001:500:2::c"),
            ('d', "199.7.91.13", "2001:500:2d::d"),
            ('e', "192.203.230.10", "2001:500:a8::e"),
            ('f', "192.5.5.241", "2001:500:2f::f"),
            ('g', "192.112.36.4", "2001:500:12::d0d"),
            ('h', "198.97.190.53", "2001:500:1::53"),
            ('i', "192.36.148.17", "2001:7fe::53"),
            ('j', "192.58.128.30", "2001:503:c27::2:30"),
            ('k', "193.0.14.129", "2001:7fd::1"),
            ('l', "199.7.83.42", "2001:500:9f::42"),
            ('m', "202.12.27.33", "2001:dc3::35"),
        ];
        return new RootHints(table.Select(t => new NameServer(
            DnsName.Parse($"{t.Letter}.root-servers.net."),
            [IPAddress.Parse(t.V4), IPAddress.Parse(t.V6)])).ToList());
    }
}
