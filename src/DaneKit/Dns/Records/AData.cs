using System.Net;
using System.Net.Sockets;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Records;

/// <summary>
/// A: an IPv4 address (RFC 1035 3.4.1).
/// <code>
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// |                    ADDRESS                    |   32 bits
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// </code>
/// </summary>
public sealed class AData : DnsRecordData
{
    /// <summary>Creates A RDATA.</summary>
    /// <param name="address">An IPv4 address.</param>
    public AData(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("A records hold IPv4 addresses", nameof(address));
        }

        Address = address;
    }

    /// <summary>The address.</summary>
    public IPAddress Address { get; }

    /// <inheritdoc/>
    public override DnsType Type => DnsType.A;

    internal static AData Read(ref DnsWireReader r, int length)
    {
        if (length != 4)
        {
            throw new DnsWireException(r.Position, $"A RDATA must be 4 octets, not {length}");
        }

        return new AData(new IPAddress(r.ReadSpan(4)));
    }

    internal static AData Parse(RdataTextReader r)
    {
        var t = r.Text("address");
        if (!IPAddress.TryParse(t, out var a) || a.AddressFamily != AddressFamily.InterNetwork || t.Count(c => c == '.') != 3)
        {
            throw new PresentationException($"A address: '{t}' is not a dotted-quad IPv4 address");
        }

        r.End("A");
        return new AData(a);
    }

    /// <inheritdoc/>
    internal override void WriteData(DnsWireWriter writer, bool canonical)
    {
        Span<byte> b = stackalloc byte[4];
        Address.TryWriteBytes(b, out _);
        writer.WriteBytes(b);
    }

    /// <inheritdoc/>
    public override string ToString() => Address.ToString();
}
