using System.Globalization;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns;

/// <summary>
/// One resource record (RFC 1035 3.2.1): owner name, class, TTL and typed RDATA.
/// </summary>
/// <param name="Name">The owner name.</param>
/// <param name="Class">The class, normally <see cref="DnsClass.IN"/>.</param>
/// <param name="Ttl">The time to live in seconds.</param>
/// <param name="Data">The typed RDATA; its <see cref="DnsRecordData.Type"/> is the record's type.</param>
public sealed record DnsResourceRecord(DnsName Name, DnsClass Class, uint Ttl, DnsRecordData Data)
{
    /// <summary>The record type, from the RDATA.</summary>
    public DnsType Type => Data.Type;

    /// <summary>The record as one zone-file line: <c>owner TTL CLASS TYPE rdata</c>, tab-separated like dig.</summary>
    public override string ToString() =>
        $"{Name}\t{Ttl.ToString(CultureInfo.InvariantCulture)}\t{Class.ToText()}\t{Type.ToText()}\t{Data}";

    /// <summary>Writes the record; names are compressed where RFC 3597 4 allows it.</summary>
    internal void WriteTo(DnsWireWriter writer)
    {
        writer.WriteName(Name, compress: true);
        writer.WriteUInt16((ushort)Type);
        writer.WriteUInt16((ushort)Class);
        writer.WriteUInt32(Ttl);
        var at = writer.ReserveUInt16();
        Data.WriteData(writer, canonical: false);
        writer.PatchLengthSince(at);
    }

    /// <summary>Reads one record at the reader's position (after the question section).</summary>
    internal static DnsResourceRecord ReadFrom(ref DnsWireReader reader, out ushort rawClass, out uint rawTtl)
    {
        var name = reader.ReadName();
        var type = (DnsType)reader.ReadUInt16();
        rawClass = reader.ReadUInt16();
        rawTtl = reader.ReadUInt32();
        var length = reader.ReadUInt16();
        var saved = reader.PushLimit(length);
        var data = Records.RecordDataCodec.Read(type, ref reader, length);
        if (reader.Remaining != 0)
        {
            throw new DnsWireException(reader.Position, $"{type.ToText()} RDATA has {reader.Remaining} octets left over");
        }

        reader.PopLimit(saved);
        return new DnsResourceRecord(name, (DnsClass)rawClass, rawTtl, data);
    }
}
