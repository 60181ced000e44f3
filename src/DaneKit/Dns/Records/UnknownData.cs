using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Records;

/// <summary>
/// RDATA of a type this library does not interpret, kept as opaque octets (RFC 3597 5). It prints in the
/// generic form <c>\# length hex</c> and round-trips unchanged; names inside are never decompressed.
/// </summary>
public sealed class UnknownData : DnsRecordData
{
    private readonly byte[] _data;

    /// <summary>Creates unknown RDATA.</summary>
    /// <param name="type">The record type.</param>
    /// <param name="data">The RDATA octets.</param>
    public UnknownData(DnsType type, ReadOnlySpan<byte> data)
    {
        Type = type;
        _data = data.ToArray();
    }

    /// <inheritdoc/>
    public override DnsType Type { get; }

    /// <summary>The RDATA octets.</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <inheritdoc/>
    internal override void WriteData(DnsWireWriter writer, bool canonical) => writer.WriteBytes(_data);

    /// <inheritdoc/>
    public override string ToString() => ToGenericString();
}
