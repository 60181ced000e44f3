using System.Globalization;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Records;

/// <summary>
/// SOA: the start of a zone of authority (RFC 1035 3.3.13). Its MINIMUM field is the TTL of negative
/// answers (RFC 2308 4).
/// <code>
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// /                     MNAME                     /
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// /                     RNAME                     /
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// |                    SERIAL                     |   32 bits
/// |                    REFRESH                    |   32 bits
/// |                     RETRY                     |   32 bits
/// |                    EXPIRE                     |   32 bits
/// |                    MINIMUM                    |   32 bits
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// </code>
/// </summary>
/// <param name="primaryNameServer">MNAME: the primary name server of the zone.</param>
/// <param name="responsibleMailbox">RNAME: the mailbox of the person responsible, first label the local part.</param>
/// <param name="serial">SERIAL: the zone version (RFC 1982 arithmetic).</param>
/// <param name="refresh">REFRESH: seconds between secondary refresh checks.</param>
/// <param name="retry">RETRY: seconds before a failed refresh is retried.</param>
/// <param name="expire">EXPIRE: seconds after which a secondary stops answering without a refresh.</param>
/// <param name="minimum">MINIMUM: the negative-caching TTL (RFC 2308 4).</param>
public sealed class SoaData(DnsName primaryNameServer, DnsName responsibleMailbox, uint serial, uint refresh, uint retry,
    uint expire, uint minimum) : DnsRecordData
{
    /// <summary>MNAME: the primary name server of the zone.</summary>
    public DnsName PrimaryNameServer { get; } = primaryNameServer ?? throw new ArgumentNullException(nameof(primaryNameServer));

    /// <summary>RNAME: the responsible person's mailbox, first label the local part.</summary>
    public DnsName ResponsibleMailbox { get; } = responsibleMailbox ?? throw new ArgumentNullException(nameof(responsibleMailbox));

    /// <summary>SERIAL: the zone version.</summary>
    public uint Serial { get; } = serial;

    /// <summary>REFRESH, in seconds.</summary>
    public uint Refresh { get; } = refresh;

    /// <summary>RETRY, in seconds.</summary>
    public uint Retry { get; } = retry;

    /// <summary>EXPIRE, in seconds.</summary>
    public uint Expire { get; } = expire;

    /// <summary>MINIMUM: the TTL of negative answers from this zone, in seconds (RFC 2308 4).</summary>
    public uint Minimum { get; } = minimum;

    /// <inheritdoc/>
    public override DnsType Type => DnsType.SOA;

    internal static SoaData Read(ref DnsWireReader r) =>
        new(r.ReadName(), r.ReadName(), r.ReadUInt32(), r.ReadUInt32(), r.ReadUInt32(), r.ReadUInt32(), r.ReadUInt32());

    internal static SoaData Parse(RdataTextReader r)
    {
        var d = new SoaData(r.Name("SOA MNAME"), r.Name("SOA RNAME"), r.ReadU32("SOA serial"), r.ReadTtl("SOA refresh"),
            r.ReadTtl("SOA retry"), r.ReadTtl("SOA expire"), r.ReadTtl("SOA minimum"));
        r.End("SOA");
        return d;
    }

    /// <inheritdoc/>
    internal override void WriteData(DnsWireWriter writer, bool canonical)
    {
        writer.WriteName(PrimaryNameServer, compress: true, canonical: canonical);
        writer.WriteName(ResponsibleMailbox, compress: true, canonical: canonical);
        writer.WriteUInt32(Serial);
        writer.WriteUInt32(Refresh);
        writer.WriteUInt32(Retry);
        writer.WriteUInt32(Expire);
        writer.WriteUInt32(Minimum);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{PrimaryNameServer} {ResponsibleMailbox} {Serial} {Refresh} {Retry} {Expire} {Minimum}");
}
