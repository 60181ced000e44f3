using System.Globalization;

namespace DaneKit.Dns.Presentation;

/// <summary>One token of presentation format: its text (escapes kept) and whether it was quoted.</summary>
/// <param name="Text">The token's characters; quotes removed, backslash escapes kept as written.</param>
/// <param name="Quoted">Whether it was written inside double quotes.</param>
public readonly record struct PresentationToken(string Text, bool Quoted);

/// <summary>
/// Reads the RDATA fields of one record in presentation format, field by field. Every failure throws a
/// <see cref="PresentationException"/> that names the field.
/// </summary>
public sealed class RdataTextReader
{
    private readonly IReadOnlyList<PresentationToken> _tokens;
    private int _next;

    /// <summary>Creates a reader over the RDATA tokens of one record.</summary>
    /// <param name="tokens">The tokens after the type.</param>
    /// <param name="origin">The origin that relative names are completed with.</param>
    public RdataTextReader(IReadOnlyList<PresentationToken> tokens, DnsName origin)
    {
        _tokens = tokens;
        Origin = origin;
    }

    /// <summary>Creates a reader from plain whitespace-separated text (no quoting): for tests and the CLI.</summary>
    /// <param name="text">The RDATA text, e.g. <c>3 1 1 AB12…</c>.</param>
    /// <param name="origin">The origin, or the root when omitted.</param>
    /// <returns>The reader.</returns>
    public static RdataTextReader FromText(string text, DnsName? origin = null) =>
        new(ZoneTokenizer.TokenizeLine(text), origin ?? DnsName.Root);

    /// <summary>The origin for relative names.</summary>
    public DnsName Origin { get; }

    /// <summary>True when every token has been read.</summary>
    public bool AtEnd => _next >= _tokens.Count;

    /// <summary>Tokens not read yet.</summary>
    public int RemainingCount => _tokens.Count - _next;

    /// <summary>The next token's text without consuming it, or <see langword="null"/> at the end.</summary>
    public string? PeekText() => AtEnd ? null : _tokens[_next].Text;

    /// <summary>Reads the next token.</summary>
    /// <param name="field">The field's name for error messages.</param>
    /// <returns>The token.</returns>
    public PresentationToken Token(string field)
    {
        if (AtEnd)
        {
            throw new PresentationException($"missing {field}");
        }

        return _tokens[_next++];
    }

    /// <summary>Reads the next token's text.</summary>
    public string Text(string field) => Token(field).Text;

    /// <summary>Reads a domain name, completing a relative one with the origin; <c>@</c> is the origin.</summary>
    public DnsName Name(string field)
    {
        var t = Text(field);
        if (t == "@")
        {
            return Origin;
        }

        if (!DnsName.TryParse(t, out var name, out var error))
        {
            throw new PresentationException($"{field}: {error}");
        }

        if (t.EndsWith('.') && !t.EndsWith("\\.", StringComparison.Ordinal))
        {
            return name;
        }

        try
        {
            return DnsName.Concat(name, Origin);
        }
        catch (FormatException e)
        {
            throw new PresentationException($"{field}: {e.Message}");
        }
    }

    /// <summary>Reads an unsigned 8-bit number.</summary>
    public byte ReadU8(string field) => (byte)Number(field, byte.MaxValue);

    /// <summary>Reads an unsigned 16-bit number.</summary>
    public ushort ReadU16(string field) => (ushort)Number(field, ushort.MaxValue);

    /// <summary>Reads an unsigned 32-bit number.</summary>
    public uint ReadU32(string field) => (uint)Number(field, uint.MaxValue);

    private ulong Number(string field, ulong max)
    {
        var t = Text(field);
        if (!ulong.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v > max)
        {
            throw new PresentationException($"{field}: '{t}' is not a number from 0 to {max}");
        }

        return v;
    }

    /// <summary>Reads all remaining tokens as one base64 string (RFC 4648 4), which may be split by spaces.</summary>
    public byte[] Base64Rest(string field, bool allowEmpty = false)
    {
        var s = string.Concat(Rest());
        if (s.Length == 0 && !allowEmpty)
        {
            throw new PresentationException($"missing {field}");
        }

        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            throw new PresentationException($"{field}: not valid base64");
        }
    }

    /// <summary>Reads all remaining tokens as one hexadecimal string, which may be split by spaces.</summary>
    public byte[] HexRest(string field, bool allowEmpty = false)
    {
        var s = string.Concat(Rest());
        if (s.Length == 0 && !allowEmpty)
        {
            throw new PresentationException($"missing {field}");
        }

        return Hex(s, field);
    }

    /// <summary>Decodes hexadecimal text; <c>-</c> is not accepted here.</summary>
    public static byte[] Hex(string s, string field)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Length % 2 != 0)
        {
            throw new PresentationException($"{field}: odd number of hex digits ({s.Length})");
        }

        try
        {
            return Convert.FromHexString(s);
        }
        catch (FormatException)
        {
            throw new PresentationException($"{field}: not hexadecimal");
        }
    }

    /// <summary>The remaining tokens' texts.</summary>
    public IEnumerable<string> Rest()
    {
        while (!AtEnd)
        {
            yield return _tokens[_next++].Text;
        }
    }

    /// <summary>Fails when tokens are left over.</summary>
    /// <param name="type">The record type, for the message.</param>
    public void End(string type)
    {
        if (!AtEnd)
        {
            throw new PresentationException($"{type}: unexpected extra data '{_tokens[_next].Text}'");
        }
    }
}
