using System.Globalization;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Records;

/// <summary>
/// SRV: the location of a service (RFC 2782). The target is never compressed (RFC 2782, RFC 3597 4) but
/// is lowercased in canonical form (RFC 4034 6.2).
/// <code>
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// |                   PRIORITY                    |
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// |                    WEIGHT                     |
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// |                     PORT                      |
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// /                    TARGET                     /
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// </code>
/// </summary>
/// <param name="priority">Lower is tried first.</param>
/// <param name="weight">Relative weight among targets of equal priority.</param>
/// <param name="port">The service's port.</param>
/// <param name="target">The host; <c>.</c> means the service is not offered.</param>
public sealed class SrvData(ushort priority, ushort weight, ushort port, DnsName target) : DnsRecordData
{
    /// <summary>The priority; lower values are tried first.</summary>
    public ushort Priority { get; } = priority;

    /// <summary>The weight among targets of the same priority.</summary>
    public ushort Weight { get; } = weight;

    /// <summary>The port.</summary>
    public ushort Port { get; } = port;

    /// <summary>The target host.</summary>
    public DnsName Target { get; } = target ?? throw new ArgumentNullException(nameof(target));

    /// <inheritdoc/>
    public override DnsType Type => DnsType.SRV;

    internal static SrvData Read(ref DnsWireReader r) => new(r.ReadUInt16(), r.ReadUInt16(), r.ReadUInt16(), r.ReadName());

    internal static SrvData Parse(RdataTextReader r)
    {
        var d = new SrvData(r.ReadU16("SRV priority"), r.ReadU16("SRV weight"), r.ReadU16("SRV port"), r.Name("SRV target"));
        r.End("SRV");
        return d;
    }

    /// <inheritdoc/>
    internal override void WriteData(DnsWireWriter writer, bool canonical)
    {
        writer.WriteUInt16(Priority);
        writer.WriteUInt16(Weight);
        writer.WriteUInt16(Port);
        writer.WriteName(Target, compress: false, canonical: canonical);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Priority} {Weight} {Port} {Target}");
}
