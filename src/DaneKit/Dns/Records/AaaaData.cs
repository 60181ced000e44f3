using System.Net;
using System.Net.Sockets;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Records;

/// <summary>
/// AAAA: an IPv6 address (RFC 3596 2.2), 128 bits in network byte order.
/// </summary>
public sealed class AaaaData : DnsRecordData
{
    /// <summary>Creates AAAA RDATA.</summary>
    /// <param name="address">An IPv6 address.</param>
    public AaaaData(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException("AAAA records hold IPv6 addresses", nameof(address));
        }

        Address = address;
    }

    /// <summary>The address.</summary>
    public IPAddress Address { get; }

    /// <inheritdoc/>
    public override DnsType Type => DnsType.AAAA;

    internal static AaaaData Read(ref DnsWireReader r, int length)
    {
        if (length != 16)
        {
            throw new DnsWireException(r.Position, $"AAAA RDATA must be 16 octets, not {length}");
        }

        return new AaaaData(new IPAddress(r.ReadSpan(16)));
    }

    internal static AaaaData Parse(RdataTextReader r)
    {
        var t = r.Text("address");
        if (!IPAddress.TryParse(t, out var a) || a.AddressFamily != AddressFamily.InterNetworkV6 || t.Contains('%', StringComparison.Ordinal))
        {
            throw new PresentationException($"AAAA address: '{t}' is not an IPv6 address");
        }

        r.End("AAAA");
        return new AaaaData(a);
    }

    /// <inheritdoc/>
    internal override void WriteData(DnsWireWriter writer, bool canonical)
    {
        Span<byte> b = stackalloc byte[16];
        Address.TryWriteBytes(b, out _);
        writer.WriteBytes(b);
    }

    /// <inheritdoc/>
    public override string ToString() => Address.ToString();
}
