using DaneKit.Dns.Presentation;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Records;

/// <summary>
/// Dispatches RDATA decoding by type, from wire and from presentation format. Unknown types become
/// <see cref="UnknownData"/>; the generic <c>\# length hex</c> form (RFC 3597 5) is accepted for every type.
/// </summary>
public static class RecordDataCodec
{
    /// <summary>Decodes RDATA of <paramref name="type"/>; the reader's limit is the end of the RDATA.</summary>
    internal static DnsRecordData Read(DnsType type, ref DnsWireReader r, int length) => type switch
    {
        DnsType.A => AData.Read(ref r, length),
        DnsType.AAAA => AaaaData.Read(ref r, length),
        DnsType.NS => NsData.Read(ref r),
        DnsType.CNAME => CnameData.Read(ref r),
        DnsType.PTR => PtrData.Read(ref r),
        DnsType.DNAME => DnameData.Read(ref r),
        DnsType.MX => MxData.Read(ref r),
        DnsType.TXT => TxtData.Read(ref r),
        DnsType.SOA => SoaData.Read(ref r),
        DnsType.SRV => SrvData.Read(ref r),
        DnsType.CAA => CaaData.Read(ref r),
        DnsType.DS => DsData.Read(ref r),
        DnsType.DNSKEY => DnskeyData.Read(ref r),
        DnsType.RRSIG => RrsigData.Read(ref r),
        DnsType.NSEC => NsecData.Read(ref r),
        DnsType.NSEC3 => Nsec3Data.Read(ref r),
        DnsType.NSEC3PARAM => Nsec3ParamData.Read(ref r),
        DnsType.TLSA => TlsaData.Read(ref r),
        _ => new UnknownData(type, r.ReadSpan(length)),
    };

    /// <summary>Parses RDATA of <paramref name="type"/> from its presentation tokens.</summary>
    /// <param name="type">The record type.</param>
    /// <param name="r">The RDATA tokens.</param>
    /// <returns>The typed RDATA.</returns>
    /// <exception cref="PresentationException">The text does not fit the type; the message names the field.</exception>
    public static DnsRecordData Parse(DnsType type, RdataTextReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (type is DnsType.OPT or DnsType.ANY)
        {
            throw new PresentationException($"{type.ToText()} is not a record type that can appear in a zone");
        }

        if (r.RemainingCount > 0 && PeekGeneric(r))
        {
            return ParseGeneric(type, r);
        }

        return type switch
        {
            DnsType.A => AData.Parse(r),
            DnsType.AAAA => AaaaData.Parse(r),
            DnsType.NS => NsData.Parse(r),
            DnsType.CNAME => CnameData.Parse(r),
            DnsType.PTR => PtrData.Parse(r),
            DnsType.DNAME => DnameData.Parse(r),
            DnsType.MX => MxData.Parse(r),
            DnsType.TXT => TxtData.Parse(r),
            DnsType.SOA => SoaData.Parse(r),
            DnsType.SRV => SrvData.Parse(r),
            DnsType.CAA => CaaData.Parse(r),
            DnsType.DS => DsData.Parse(r),
            DnsType.DNSKEY => DnskeyData.Parse(r),
            DnsType.RRSIG => RrsigData.Parse(r),
            DnsType.NSEC => NsecData.Parse(r),
            DnsType.NSEC3 => Nsec3Data.Parse(r),
            DnsType.NSEC3PARAM => Nsec3ParamData.Parse(r),
            DnsType.TLSA => TlsaData.Parse(r),
            _ => throw new PresentationException($"{type.ToText()}: unknown type; write its RDATA in the generic form \\# length hex (RFC 3597 5)"),
        };
    }

    /// <summary>Decodes RDATA octets of a type, as the wire decoder would (names must be uncompressed).</summary>
    /// <param name="type">The record type.</param>
    /// <param name="rdata">The octets.</param>
    /// <returns>The typed RDATA.</returns>
    /// <exception cref="FormatException">The octets are not valid RDATA of that type.</exception>
    public static DnsRecordData FromWire(DnsType type, ReadOnlySpan<byte> rdata)
    {
        var r = new DnsWireReader(rdata);
        try
        {
            var d = Read(type, ref r, rdata.Length);
            if (r.Remaining != 0)
            {
                throw new FormatException($"{type.ToText()} RDATA has {r.Remaining} octets left over");
            }

            return d;
        }
        catch (DnsWireException e)
        {
            throw new FormatException($"{type.ToText()} RDATA: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            // A constructor rejected a field value that the wire form can carry.
            throw new FormatException($"{type.ToText()} RDATA: {e.Message}", e);
        }
    }

    private static bool PeekGeneric(RdataTextReader r) => r.RemainingCount > 0 && r.PeekText() == "\\#";

    private static DnsRecordData ParseGeneric(DnsType type, RdataTextReader r)
    {
        r.Text("\\#");
        var length = r.ReadU16("generic RDATA length");
        var data = r.HexRest("generic RDATA", allowEmpty: true);
        if (data.Length != length)
        {
            throw new PresentationException($"generic RDATA: length says {length} octets, the hex holds {data.Length}");
        }

        try
        {
            return FromWire(type, data);
        }
        catch (FormatException e)
        {
            throw new PresentationException($"generic RDATA for {type.ToText()}: {e.Message}");
        }
    }
}
