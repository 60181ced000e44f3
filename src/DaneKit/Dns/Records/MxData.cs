using System.Globalization;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Records;

/// <summary>
/// MX: a mail exchange for the owner (RFC 1035 3.3.9). The null MX <c>0 .</c> says the domain accepts no
/// mail (RFC 7505).
/// <code>
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// |                  PREFERENCE                   |
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// /                   EXCHANGE                    /
/// </code>
/// </summary>
/// <param name="preference">Lower is preferred.</param>
/// <param name="exchange">The mail host.</param>
public sealed class MxData(ushort preference, DnsName exchange) : DnsRecordData
{
    /// <summary>The preference; lower values are tried first.</summary>
    public ushort Preference { get; } = preference;

    /// <summary>The mail host's name.</summary>
    public DnsName Exchange { get; } = exchange ?? throw new ArgumentNullException(nameof(exchange));

    /// <summary>True for the null MX of RFC 7505: preference 0 and the root name.</summary>
    public bool IsNullMx => Preference == 0 && Exchange.IsRoot;

    /// <inheritdoc/>
    public override DnsType Type => DnsType.MX;

    internal static MxData Read(ref DnsWireReader r) => new(r.ReadUInt16(), r.ReadName());

    internal static MxData Parse(RdataTextReader r)
    {
        var d = new MxData(r.ReadU16("MX preference"), r.Name("MX exchange"));
        r.End("MX");
        return d;
    }

    /// <inheritdoc/>
    internal override void WriteData(DnsWireWriter writer, bool canonical)
    {
        writer.WriteUInt16(Preference);
        writer.WriteName(Exchange, compress: true, canonical: canonical);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Preference.ToString(CultureInfo.InvariantCulture)} {Exchange}";
}
