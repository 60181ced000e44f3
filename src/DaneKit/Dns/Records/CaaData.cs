using System.Globalization;
using System.Text;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Records;

/// <summary>
/// CAA: which certification authorities may issue for the owner (RFC 8659 4.1).
/// <code>
/// +0-1-2-3-4-5-6-7-|0-1-2-3-4-5-6-7-|
/// | Flags          | Tag Length = n |
/// +----------------|----------------+...+---------------+
/// | Tag char 0     | Tag char 1     |...| Tag char n-1  |
/// +----------------|----------------+...+---------------+
/// +----------------|----------------+.....+----------------+
/// | Value byte 0   | Value byte 1   |.....| Value byte m-1 |
/// +----------------|----------------+.....+----------------+
/// </code>
/// </summary>
/// <remarks>The tag is 1 to 255 ASCII letters and digits (RFC 8659 4.1); the value runs to the end of the RDATA.</remarks>
public sealed class CaaData : DnsRecordData
{
    /// <summary>The Issuer Critical flag, bit 0 of the flags octet (RFC 8659 4.1).</summary>
    public const byte IssuerCriticalFlag = 0x80;

    private readonly byte[] _value;

    /// <summary>Creates CAA RDATA.</summary>
    /// <param name="flags">The flags octet.</param>
    /// <param name="tag">The property tag, e.g. <c>issue</c>: 1 to 255 ASCII letters and digits.</param>
    /// <param name="value">The property value octets.</param>
    /// <exception cref="ArgumentException">The tag is empty, too long or not alphanumeric.</exception>
    public CaaData(byte flags, string tag, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (TagError(tag) is { } error)
        {
            throw new ArgumentException(error, nameof(tag));
        }

        Flags = flags;
        Tag = tag;
        _value = value.ToArray();
    }

    /// <summary>The flags octet.</summary>
    public byte Flags { get; }

    /// <summary>Whether the Issuer Critical flag is set: a CA that does not understand the tag must not issue.</summary>
    public bool IssuerCritical => (Flags & IssuerCriticalFlag) != 0;

    /// <summary>The property tag, as written (compare case-insensitively).</summary>
    public string Tag { get; }

    /// <summary>The property value octets.</summary>
    public ReadOnlySpan<byte> Value => _value;

    /// <inheritdoc/>
    public override DnsType Type => DnsType.CAA;

    internal static CaaData Read(ref DnsWireReader r)
    {
        var flags = r.ReadByte();
        var at = r.Position;
        var tag = Encoding.ASCII.GetString(r.ReadCharacterString());
        if (TagError(tag) is { } error)
        {
            throw new DnsWireException(at, error);
        }

        return new CaaData(flags, tag, r.ReadSpan(r.Remaining));
    }

    internal static CaaData Parse(RdataTextReader r)
    {
        var flags = r.ReadU8("CAA flags");
        var tag = r.Text("CAA tag");
        if (TagError(tag) is { } error)
        {
            throw new PresentationException(error);
        }

        var value = CharacterString.Unescape(r.Text("CAA value"), "CAA value");
        r.End("CAA");
        return new CaaData(flags, tag, value);
    }

    private static string? TagError(string tag)
    {
        if (tag.Length is 0 or > 255)
        {
            return $"CAA tag must be 1 to 255 characters, not {tag.Length} (RFC 8659 4.1)";
        }

        return tag.All(char.IsAsciiLetterOrDigit) ? null : $"CAA tag '{tag}' must be ASCII letters and digits only (RFC 8659 4.1)";
    }

    /// <inheritdoc/>
    internal override void WriteData(DnsWireWriter writer, bool canonical)
    {
        writer.WriteByte(Flags);
        writer.WriteCharacterString(Encoding.ASCII.GetBytes(Tag));
        writer.WriteBytes(_value);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Flags.ToString(CultureInfo.InvariantCulture)} {Tag} {CharacterString.Quote(_value)}";
}
