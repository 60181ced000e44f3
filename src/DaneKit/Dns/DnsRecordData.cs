using DaneKit.Dns.Wire;

namespace DaneKit.Dns;

/// <summary>
/// The RDATA of one resource record, typed per record type (one class per type under <c>Dns/Records/</c>).
/// Types this library does not know are kept as <see cref="Records.UnknownData"/> (RFC 3597).
/// </summary>
/// <remarks>
/// Two RDATA values are equal when their canonical wire forms are equal (RFC 4034 6.2, 6.3): that is
/// how duplicates in an RRset are recognised.
/// </remarks>
public abstract class DnsRecordData : IEquatable<DnsRecordData>
{
    private byte[]? _canonical;

    /// <summary>The record type.</summary>
    public abstract DnsType Type { get; }

    /// <summary>Writes the RDATA (without its length). <paramref name="canonical"/>: the form of RFC 4034 6.2.</summary>
    internal abstract void WriteData(DnsWireWriter writer, bool canonical);

    /// <summary>The RDATA in presentation format, as it appears after the type in a zone file.</summary>
    public abstract override string ToString();

    /// <summary>The RDATA in wire form (uncompressed).</summary>
    /// <param name="canonical">Lowercase the embedded names of the types RFC 4034 6.2 lists.</param>
    /// <returns>The octets.</returns>
    public byte[] ToWire(bool canonical = false)
    {
        if (canonical && _canonical is not null)
        {
            return (byte[])_canonical.Clone();
        }

        var w = new DnsWireWriter(64) { Compress = false };
        WriteData(w, canonical);
        var bytes = w.ToArray();
        if (canonical)
        {
            _canonical = bytes;
            return (byte[])bytes.Clone();
        }

        return bytes;
    }

    /// <summary>The canonical wire form, cached; for comparisons without copying.</summary>
    internal ReadOnlySpan<byte> CanonicalWire
    {
        get
        {
            if (_canonical is null)
            {
                var w = new DnsWireWriter(64) { Compress = false };
                WriteData(w, canonical: true);
                _canonical = w.ToArray();
            }

            return _canonical;
        }
    }

    /// <summary>The RFC 3597 generic form: <c>\# length hex</c>.</summary>
    public string ToGenericString()
    {
        var wire = ToWire();
        return wire.Length == 0 ? "\\# 0" : $"\\# {wire.Length} {Convert.ToHexString(wire)}";
    }

    /// <inheritdoc/>
    public bool Equals(DnsRecordData? other) =>
        other is not null && other.Type == Type && CanonicalWire.SequenceEqual(other.CanonicalWire);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DnsRecordData d && Equals(d);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Type);
        h.AddBytes(CanonicalWire);
        return h.ToHashCode();
    }
}
