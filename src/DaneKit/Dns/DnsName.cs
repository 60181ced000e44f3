using System.Buffers;
using System.Text;

namespace DaneKit.Dns;

/// <summary>
/// An absolute domain name (RFC 1035 3.1), stored in uncompressed wire form with its original case.
/// Comparison is ASCII case-insensitive (RFC 4343); <see cref="CompareTo"/> is the canonical DNS name
/// order of RFC 4034 6.1.
/// </summary>
/// <remarks>
/// Limits are those of RFC 1035 2.3.4: a label is at most 63 octets, a name at most 255 octets in wire
/// form (length octets and the root label included).
/// </remarks>
public sealed class DnsName : IEquatable<DnsName>, IComparable<DnsName>
{
    /// <summary>The largest wire length of a name, root label included (RFC 1035 2.3.4).</summary>
    public const int MaxWireLength = 255;

    /// <summary>The largest length of one label (RFC 1035 2.3.4).</summary>
    public const int MaxLabelLength = 63;

    private readonly byte[] _wire;     // length-prefixed labels, ending with the 0 root label
    private readonly byte[] _offsets;  // offset of each non-root label in _wire
    private int _hash;

    /// <summary>The root name, <c>.</c>.</summary>
    public static DnsName Root { get; } = new([0], []);

    private DnsName(byte[] wire, byte[] offsets)
    {
        _wire = wire;
        _offsets = offsets;
    }

    /// <summary>The number of labels, not counting the root label (RFC 4034 3.1.3): 0 for the root.</summary>
    public int LabelCount => _offsets.Length;

    /// <summary>The length of the name in uncompressed wire form.</summary>
    public int WireLength => _wire.Length;

    /// <summary>True for the root name.</summary>
    public bool IsRoot => _offsets.Length == 0;

    /// <summary>True when the left-most label is <c>*</c> (a wildcard owner, RFC 4592).</summary>
    public bool IsWildcard => _offsets.Length > 0 && _wire[0] == 1 && _wire[1] == (byte)'*';

    /// <summary>The uncompressed wire form, original case.</summary>
    public ReadOnlySpan<byte> Wire => _wire;

    /// <summary>Returns label <paramref name="index"/> (0 is the left-most) without its length octet.</summary>
    /// <param name="index">0 to <see cref="LabelCount"/> - 1.</param>
    /// <returns>The label's octets.</returns>
    public ReadOnlySpan<byte> Label(int index)
    {
        var o = _offsets[index];
        return _wire.AsSpan(o + 1, _wire[o]);
    }

    /// <summary>The name without its left-most label; the root's parent is the root.</summary>
    public DnsName Parent() => IsRoot ? this : Suffix(LabelCount - 1);

    /// <summary>The name made of the right-most <paramref name="labels"/> labels.</summary>
    /// <param name="labels">0 (the root) to <see cref="LabelCount"/>.</param>
    /// <returns>The suffix.</returns>
    public DnsName Suffix(int labels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(labels);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(labels, LabelCount);
        if (labels == LabelCount)
        {
            return this;
        }

        if (labels == 0)
        {
            return Root;
        }

        var start = _offsets[LabelCount - labels];
        var offsets = new byte[labels];
        for (var i = 0; i < labels; i++)
        {
            offsets[i] = (byte)(_offsets[LabelCount - labels + i] - start);
        }

        return new DnsName(_wire[start..], offsets);
    }

    /// <summary>True when this name equals <paramref name="ancestor"/> or lies below it.</summary>
    /// <param name="ancestor">The possible ancestor, e.g. a zone apex.</param>
    /// <returns>Whether this name is at or below <paramref name="ancestor"/>.</returns>
    public bool IsSubdomainOf(DnsName ancestor)
    {
        ArgumentNullException.ThrowIfNull(ancestor);
        return ancestor.LabelCount <= LabelCount && Suffix(ancestor.LabelCount).Equals(ancestor);
    }

    /// <summary>Prepends one label: <c>"_25"</c> to <c>_tcp.mx.example.</c> gives <c>_25._tcp.mx.example.</c>.</summary>
    /// <param name="label">The label, in presentation form (escapes allowed).</param>
    /// <returns>The longer name.</returns>
    /// <exception cref="FormatException">The label is empty, too long, or the result exceeds 255 octets.</exception>
    public DnsName Prepend(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var head = Parse(label.EndsWith('.') ? label : label + ".");
        if (head.LabelCount != 1)
        {
            throw new FormatException($"'{label}' is not a single label");
        }

        return Concat(head, this);
    }

    /// <summary>
    /// Replaces the suffix <paramref name="oldSuffix"/> of this name with <paramref name="newSuffix"/>:
    /// the DNAME substitution of RFC 6672 2.2 (<c>a.b.old.</c> with old → new. gives <c>a.b.new.</c>).
    /// </summary>
    /// <param name="oldSuffix">A suffix of this name.</param>
    /// <param name="newSuffix">What replaces it.</param>
    /// <returns>The substituted name.</returns>
    /// <exception cref="ArgumentException"><paramref name="oldSuffix"/> is not a suffix of this name.</exception>
    /// <exception cref="FormatException">The result exceeds 255 octets (RFC 6672 2.2: YXDOMAIN).</exception>
    public DnsName ReplaceSuffix(DnsName oldSuffix, DnsName newSuffix)
    {
        ArgumentNullException.ThrowIfNull(oldSuffix);
        ArgumentNullException.ThrowIfNull(newSuffix);
        if (!IsSubdomainOf(oldSuffix))
        {
            throw new ArgumentException($"{oldSuffix} is not a suffix of {this}", nameof(oldSuffix));
        }

        var keep = LabelCount - oldSuffix.LabelCount;
        var prefix = keep == 0 ? Root : FromValidatedWire([.. _wire.AsSpan(0, _offsets.Length > keep ? _offsets[keep] : _wire.Length - 1), 0]);
        return Concat(prefix, newSuffix);
    }

    /// <summary>Appends <paramref name="origin"/> to a relative name whose labels are this name's.</summary>
    /// <param name="relative">The relative name's labels (an absolute name whose root stands for the origin).</param>
    /// <param name="origin">The origin.</param>
    /// <returns>The absolute name.</returns>
    /// <exception cref="FormatException">The result exceeds 255 octets.</exception>
    public static DnsName Concat(DnsName relative, DnsName origin)
    {
        ArgumentNullException.ThrowIfNull(relative);
        ArgumentNullException.ThrowIfNull(origin);
        if (origin.IsRoot)
        {
            return relative;
        }

        if (relative.IsRoot)
        {
            return origin;
        }

        var length = relative._wire.Length - 1 + origin._wire.Length;
        if (length > MaxWireLength)
        {
            throw new FormatException($"name longer than {MaxWireLength} octets");
        }

        var wire = new byte[length];
        relative._wire.AsSpan(0, relative._wire.Length - 1).CopyTo(wire);
        origin._wire.CopyTo(wire.AsSpan(relative._wire.Length - 1));
        return FromValidatedWire(wire);
    }

    /// <summary>The name with ASCII letters lowered: the canonical form of RFC 4034 6.2.</summary>
    public DnsName ToCanonical()
    {
        var lower = (byte[])_wire.Clone();
        var changed = false;
        foreach (var o in _offsets)
        {
            for (var i = o + 1; i <= o + _wire[o]; i++)
            {
                if (lower[i] is >= (byte)'A' and <= (byte)'Z')
                {
                    lower[i] += 32;
                    changed = true;
                }
            }
        }

        return changed ? new DnsName(lower, _offsets) : this;
    }

    /// <summary>Parses a name in presentation form (RFC 1035 5.1): <c>mx.example.</c>, with <c>\.</c> and <c>\DDD</c> escapes.</summary>
    /// <param name="text">The name; a missing final dot is accepted and means the same absolute name.</param>
    /// <returns>The name.</returns>
    /// <exception cref="FormatException">The text is not a valid name; the message says why.</exception>
    public static DnsName Parse(string text)
    {
        return TryParse(text, out var name, out var error) ? name : throw new FormatException(error);
    }

    /// <summary>Parses a name in presentation form without throwing.</summary>
    /// <param name="text">The name.</param>
    /// <param name="name">The parsed name, or <see cref="Root"/> on failure.</param>
    /// <param name="error">Why parsing failed, or <see langword="null"/>.</param>
    /// <returns>Whether the text is a valid name.</returns>
    public static bool TryParse(string? text, out DnsName name, out string? error)
    {
        name = Root;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "empty name";
            return false;
        }

        if (text == ".")
        {
            return true;
        }

        Span<byte> wire = stackalloc byte[MaxWireLength + 64];
        var pos = 0;
        var labelStart = 0;
        var labelLength = 0;
        wire[0] = 0;
        pos = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            byte b;
            if (c == '.')
            {
                if (labelLength == 0)
                {
                    error = $"empty label at position {i} in '{text}'";
                    return false;
                }

                if (pos >= MaxWireLength)
                {
                    error = $"name longer than {MaxWireLength} octets: '{text}'";
                    return false;
                }

                wire[labelStart] = (byte)labelLength;
                labelStart = pos;
                labelLength = 0;
                wire[pos++] = 0;
                continue;
            }

            if (c == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    error = $"dangling backslash in '{text}'";
                    return false;
                }

                if (char.IsAsciiDigit(text[i + 1]))
                {
                    if (i + 3 >= text.Length || !char.IsAsciiDigit(text[i + 2]) || !char.IsAsciiDigit(text[i + 3]))
                    {
                        error = $"\\DDD escape needs three digits in '{text}'";
                        return false;
                    }

                    var v = ((text[i + 1] - '0') * 100) + ((text[i + 2] - '0') * 10) + (text[i + 3] - '0');
                    if (v > 255)
                    {
                        error = $"\\{text.Substring(i + 1, 3)} is above 255 in '{text}'";
                        return false;
                    }

                    b = (byte)v;
                    i += 3;
                }
                else
                {
                    b = AsciiOctet(text[i + 1], out error);
                    if (error is not null)
                    {
                        return false;
                    }

                    i++;
                }
            }
            else
            {
                b = AsciiOctet(c, out error);
                if (error is not null)
                {
                    return false;
                }
            }

            if (++labelLength > MaxLabelLength)
            {
                error = $"label longer than {MaxLabelLength} octets in '{text}'";
                return false;
            }

            if (pos >= MaxWireLength - 1)
            {
                error = $"name longer than {MaxWireLength} octets: '{text}'";
                return false;
            }

            wire[pos++] = b;
        }

        if (labelLength > 0)
        {
            wire[labelStart] = (byte)labelLength;
            if (pos >= MaxWireLength)
            {
                error = $"name longer than {MaxWireLength} octets: '{text}'";
                return false;
            }

            wire[pos++] = 0;
        }

        name = FromValidatedWire(wire[..pos].ToArray());
        return true;

        static byte AsciiOctet(char c, out string? error)
        {
            error = c > 0x7E || c < 0x21 ? $"character U+{(int)c:X4} must be written as \\DDD" : null;
            return (byte)c;
        }
    }

    /// <summary>Builds a name from uncompressed wire form (labels ending with the root label).</summary>
    /// <param name="wire">The wire form; it must be exactly one complete name.</param>
    /// <returns>The name.</returns>
    /// <exception cref="FormatException">The octets are not exactly one valid uncompressed name.</exception>
    public static DnsName FromWire(ReadOnlySpan<byte> wire)
    {
        var pos = 0;
        while (true)
        {
            if (pos >= wire.Length)
            {
                throw new FormatException("name runs past its end");
            }

            var len = wire[pos];
            if (len == 0)
            {
                break;
            }

            if (len > MaxLabelLength)
            {
                throw new FormatException($"label length {len} (a compression pointer or reserved label type) in an uncompressed name");
            }

            pos += len + 1;
        }

        if (pos + 1 != wire.Length || wire.Length > MaxWireLength)
        {
            throw new FormatException("not exactly one name of at most 255 octets");
        }

        return FromValidatedWire(wire.ToArray());
    }

    /// <summary>Wraps wire octets already known to be one valid name.</summary>
    internal static DnsName FromValidatedWire(byte[] wire)
    {
        if (wire.Length == 1)
        {
            return Root;
        }

        Span<byte> offsets = stackalloc byte[128];
        var n = 0;
        for (var pos = 0; wire[pos] != 0; pos += wire[pos] + 1)
        {
            offsets[n++] = (byte)pos;
        }

        return new DnsName(wire, offsets[..n].ToArray());
    }

    /// <summary>The presentation form, absolute with a final dot; special characters escaped (RFC 4343 2.1).</summary>
    public override string ToString()
    {
        if (IsRoot)
        {
            return ".";
        }

        var sb = new StringBuilder(_wire.Length + 8);
        for (var l = 0; l < LabelCount; l++)
        {
            foreach (var b in Label(l))
            {
                AppendEscaped(sb, b);
            }

            sb.Append('.');
        }

        return sb.ToString();
    }

    /// <summary>Appends one octet of a label in presentation form.</summary>
    internal static void AppendEscaped(StringBuilder sb, byte b)
    {
        if (b is (byte)'.' or (byte)'\\' or (byte)'"' or (byte)'(' or (byte)')' or (byte)';' or (byte)'@' or (byte)'$')
        {
            sb.Append('\\').Append((char)b);
        }
        else if (b is < 0x21 or > 0x7E)
        {
            sb.Append('\\').Append((b / 100).ToString(System.Globalization.CultureInfo.InvariantCulture))
              .Append((b / 10 % 10).ToString(System.Globalization.CultureInfo.InvariantCulture))
              .Append((b % 10).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append((char)b);
        }
    }

    /// <inheritdoc/>
    public bool Equals(DnsName? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other._wire.Length != _wire.Length || other._offsets.Length != _offsets.Length)
        {
            return false;
        }

        var a = _wire.AsSpan();
        var b = other._wire.AsSpan();
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i] && Lower(a[i]) != Lower(b[i]))
            {
                return false;
            }
        }

        // Length octets are compared too: equal bytes with different label boundaries differ.
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DnsName n && Equals(n);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        if (_hash != 0)
        {
            return _hash;
        }

        var h = new HashCode();
        foreach (var b in _wire)
        {
            h.Add(Lower(b));
        }

        var v = h.ToHashCode();
        _hash = v == 0 ? 1 : v;
        return _hash;
    }

    /// <summary>
    /// The canonical DNS name order of RFC 4034 6.1: compare right-most labels first, each label as
    /// lowercase octet strings, a shorter label (or name) first when one is a prefix of the other.
    /// </summary>
    /// <param name="other">The name to compare with.</param>
    /// <returns>Negative, zero or positive.</returns>
    public int CompareTo(DnsName? other)
    {
        if (other is null)
        {
            return 1;
        }

        var i = LabelCount - 1;
        var j = other.LabelCount - 1;
        for (; i >= 0 && j >= 0; i--, j--)
        {
            var a = Label(i);
            var b = other.Label(j);
            var n = Math.Min(a.Length, b.Length);
            for (var k = 0; k < n; k++)
            {
                var d = Lower(a[k]) - Lower(b[k]);
                if (d != 0)
                {
                    return d;
                }
            }

            if (a.Length != b.Length)
            {
                return a.Length - b.Length;
            }
        }

        return LabelCount - other.LabelCount;
    }

    /// <summary>Equality operator (case-insensitive).</summary>
    public static bool operator ==(DnsName? left, DnsName? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality operator (case-insensitive).</summary>
    public static bool operator !=(DnsName? left, DnsName? right) => !(left == right);

    /// <summary>Canonical-order comparison operator.</summary>
    public static bool operator <(DnsName left, DnsName right) => left is null ? right is not null : left.CompareTo(right) < 0;

    /// <summary>Canonical-order comparison operator.</summary>
    public static bool operator >(DnsName left, DnsName right) => left is not null && left.CompareTo(right) > 0;

    /// <summary>Canonical-order comparison operator.</summary>
    public static bool operator <=(DnsName left, DnsName right) => left is null || left.CompareTo(right) <= 0;

    /// <summary>Canonical-order comparison operator.</summary>
    public static bool operator >=(DnsName left, DnsName right) => left is null ? right is null : left.CompareTo(right) >= 0;

    /// <summary>Writes the uncompressed wire form, lowercased when <paramref name="canonical"/>.</summary>
    internal void WriteUncompressed(IBufferWriter<byte> output, bool canonical)
    {
        var span = output.GetSpan(_wire.Length);
        _wire.CopyTo(span);
        if (canonical)
        {
            for (var i = 0; i < _wire.Length; i++)
            {
                span[i] = Lower(span[i]);
            }

            // Length octets are < 64 and never in 'A'..'Z' (65..90), so lowering all octets is safe.
        }

        output.Advance(_wire.Length);
    }

    private static byte Lower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b;
}
