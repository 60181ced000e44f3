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

        if (IsAbsolute(t))
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

    /// <summary>True when presentation text of a name ends with an unescaped dot, i.e. is absolute (RFC 1035 5.1).</summary>
    /// <param name="text">The name as written.</param>
    /// <returns>Whether the name is absolute.</returns>
    public static bool IsAbsolute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.EndsWith('.'))
        {
            return false;
        }

        // The dot is escaped when an odd number of backslashes precede it: "a\\." is absolute, "a\." is not.
        var backslashes = 0;
        for (var i = text.Length - 2; i >= 0 && text[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 0;
    }

    /// <summary>
    /// Reads a TTL or other time in seconds: a plain number, or BIND units <c>w d h m s</c> in any
    /// combination (<c>1h30m</c>, <c>1d</c>, <c>2W</c>), case-insensitive.
    /// </summary>
    /// <param name="field">The field's name for error messages.</param>
    /// <returns>The seconds.</returns>
    public uint ReadTtl(string field)
    {
        var t = Text(field);
        return TryParseTtl(t, out var seconds)
            ? seconds
            : throw new PresentationException($"{field}: '{t}' is not a number of seconds from 0 to {uint.MaxValue} or a time like 1h30m");
    }

    /// <summary>Parses a TTL: a plain number of seconds, or BIND units <c>w d h m s</c> (<c>1w2d</c>, <c>1h30m</c>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="seconds">The seconds.</param>
    /// <returns>Whether the text is a TTL of at most 2^32 - 1 seconds.</returns>
    public static bool TryParseTtl(string? text, out uint seconds)
    {
        seconds = 0;
        if (string.IsNullOrEmpty(text) || !char.IsAsciiDigit(text[0]))
        {
            return false;
        }

        ulong total = 0;
        var i = 0;
        while (i < text.Length)
        {
            ulong n = 0;
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                n = (n * 10) + (ulong)(text[i] - '0');
                if (n > uint.MaxValue)
                {
                    return false;
                }

                i++;
            }

            if (i == start)
            {
                return false; // a unit without a number, e.g. "1hm"
            }

            ulong unit = 1;
            if (i < text.Length)
            {
                unit = char.ToLowerInvariant(text[i]) switch
                {
                    'w' => 604800,
                    'd' => 86400,
                    'h' => 3600,
                    'm' => 60,
                    's' => 1,
                    _ => 0,
                };
                if (unit == 0)
                {
                    return false;
                }

                i++;
            }

            total += n * unit;
            if (total > uint.MaxValue)
            {
                return false;
            }
        }

        seconds = (uint)total;
        return true;
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
