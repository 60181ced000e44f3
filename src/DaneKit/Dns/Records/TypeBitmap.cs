using System.Text;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Records;

/// <summary>
/// The type bit maps field of NSEC (RFC 4034 4.1.2) and NSEC3 (RFC 5155 3.2.1): the set of record types
/// present at a name, encoded as windows.
/// <code>
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// |  Window Block # (1)   |  Bitmap Length (1)    |
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// /             Bitmap (1 to 32 octets)           /
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
///   ... repeated, window numbers ascending
/// </code>
/// </summary>
/// <remarks>
/// Decoding is strict, so that the canonical form re-encodes to exactly the octets received: windows
/// must ascend, each bitmap is 1 to 32 octets, and a bitmap may not end in a zero octet (no empty
/// windows, trailing zero octets omitted, RFC 4034 4.1.2). An empty set (no windows) is valid: an NSEC3
/// record of an empty non-terminal has one.
/// </remarks>
public sealed class TypeBitmap : IEquatable<TypeBitmap>
{
    private readonly DnsType[] _types; // sorted ascending, no duplicates

    /// <summary>Creates a bitmap holding <paramref name="types"/> (order and duplicates do not matter).</summary>
    /// <param name="types">The types present.</param>
    public TypeBitmap(IEnumerable<DnsType> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        _types = types.Distinct().Order().ToArray();
    }

    /// <summary>The empty set.</summary>
    public static TypeBitmap Empty { get; } = new([]);

    /// <summary>The types present, ascending.</summary>
    public IReadOnlyList<DnsType> Types => _types;

    /// <summary>The number of types present.</summary>
    public int Count => _types.Length;

    /// <summary>Whether <paramref name="type"/> is in the set.</summary>
    /// <param name="type">The type.</param>
    /// <returns>True when its bit is set.</returns>
    public bool Contains(DnsType type) => Array.BinarySearch(_types, type) >= 0;

    /// <summary>Reads windows up to the reader's limit (the end of the RDATA).</summary>
    internal static TypeBitmap Read(ref DnsWireReader r)
    {
        var types = new List<DnsType>();
        var previous = -1;
        while (r.Remaining > 0)
        {
            var at = r.Position;
            var window = r.ReadByte();
            if (r.Remaining == 0)
            {
                throw new DnsWireException(at, $"type bitmap window {window} has no length octet");
            }

            var length = r.ReadByte();
            if (window <= previous)
            {
                throw new DnsWireException(at, $"type bitmap window {window} follows window {previous}: windows must ascend (RFC 4034 4.1.2)");
            }

            if (length is 0 or > 32)
            {
                throw new DnsWireException(at, $"type bitmap window {window} has length {length}, not 1 to 32 (RFC 4034 4.1.2)");
            }

            if (length > r.Remaining)
            {
                throw new DnsWireException(at, $"type bitmap window {window} of {length} octets runs past the RDATA ({r.Remaining} left)");
            }

            var bits = r.ReadSpan(length);
            if (bits[^1] == 0)
            {
                throw new DnsWireException(at, $"type bitmap window {window} ends in a zero octet (empty windows and trailing zero octets are not allowed, RFC 4034 4.1.2)");
            }

            for (var i = 0; i < bits.Length; i++)
            {
                for (var bit = 0; bit < 8; bit++)
                {
                    if ((bits[i] & (0x80 >> bit)) != 0)
                    {
                        types.Add((DnsType)((window << 8) | (i << 3) | bit));
                    }
                }
            }

            previous = window;
        }

        return new TypeBitmap(types);
    }

    /// <summary>Parses the remaining tokens as type mnemonics or <c>TYPEnnn</c> (RFC 3597 5).</summary>
    internal static TypeBitmap Parse(RdataTextReader r)
    {
        var types = new List<DnsType>();
        foreach (var t in r.Rest())
        {
            if (!DnsTypes.TryParse(t, out var type))
            {
                throw new PresentationException($"type bitmap: '{t}' is not a record type");
            }

            types.Add(type);
        }

        return new TypeBitmap(types);
    }

    /// <summary>Writes the windows.</summary>
    internal void Write(DnsWireWriter writer)
    {
        Span<byte> bits = stackalloc byte[32];
        var i = 0;
        while (i < _types.Length)
        {
            var window = (ushort)_types[i] >> 8;
            bits.Clear();
            var length = 0;
            for (; i < _types.Length && (ushort)_types[i] >> 8 == window; i++)
            {
                var low = (ushort)_types[i] & 0xFF;
                bits[low >> 3] |= (byte)(0x80 >> (low & 7));
                length = (low >> 3) + 1;
            }

            writer.WriteByte((byte)window);
            writer.WriteByte((byte)length);
            writer.WriteBytes(bits[..length]);
        }
    }

    /// <summary>The types as mnemonics (or <c>TYPEnnn</c>), ascending, space-separated; empty for the empty set.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var t in _types)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(t.ToText());
        }

        return sb.ToString();
    }

    /// <inheritdoc/>
    public bool Equals(TypeBitmap? other) => other is not null && _types.AsSpan().SequenceEqual(other._types);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TypeBitmap b && Equals(b);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var t in _types)
        {
            h.Add(t);
        }

        return h.ToHashCode();
    }
}
