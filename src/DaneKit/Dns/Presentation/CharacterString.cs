using System.Text;

namespace DaneKit.Dns.Presentation;

/// <summary>Escaping of character-strings in presentation format (RFC 1035 5.1).</summary>
public static class CharacterString
{
    /// <summary>Decodes a token's text: <c>\X</c> is X, <c>\DDD</c> is the octet DDD; other characters are UTF-8.</summary>
    /// <param name="text">The token text with escapes as written (quotes removed).</param>
    /// <param name="field">The field name for errors.</param>
    /// <returns>The octets.</returns>
    public static byte[] Unescape(string text, string field)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new List<byte>(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\')
            {
                var n = Encoding.UTF8.GetBytes(text.AsSpan(i, char.IsHighSurrogate(c) && i + 1 < text.Length ? 2 : 1), utf8);
                for (var k = 0; k < n; k++)
                {
                    output.Add(utf8[k]);
                }

                if (char.IsHighSurrogate(c) && i + 1 < text.Length)
                {
                    i++;
                }

                continue;
            }

            if (i + 1 >= text.Length)
            {
                throw new PresentationException($"{field}: dangling backslash");
            }

            if (char.IsAsciiDigit(text[i + 1]))
            {
                if (i + 3 >= text.Length || !char.IsAsciiDigit(text[i + 2]) || !char.IsAsciiDigit(text[i + 3]))
                {
                    throw new PresentationException($"{field}: \\DDD escape needs three digits");
                }

                var v = ((text[i + 1] - '0') * 100) + ((text[i + 2] - '0') * 10) + (text[i + 3] - '0');
                if (v > 255)
                {
                    throw new PresentationException($"{field}: escape \\{text.Substring(i + 1, 3)} is above 255");
                }

                output.Add((byte)v);
                i += 3;
            }
            else if (text[i + 1] < 0x80)
            {
                output.Add((byte)text[i + 1]);
                i++;
            }
            else
            {
                // "\X" for a non-ASCII X means X itself, in UTF-8 like the unescaped characters.
                var n = Encoding.UTF8.GetBytes(text.AsSpan(i + 1, char.IsHighSurrogate(text[i + 1]) && i + 2 < text.Length ? 2 : 1), utf8);
                for (var k = 0; k < n; k++)
                {
                    output.Add(utf8[k]);
                }

                i += char.IsHighSurrogate(text[i + 1]) && i + 2 < text.Length ? 2 : 1;
            }
        }

        return output.ToArray();
    }

    /// <summary>Quotes octets for presentation: printable ASCII as is, <c>"</c> and <c>\</c> escaped, others as <c>\DDD</c>.</summary>
    /// <param name="value">The octets.</param>
    /// <returns>The quoted string.</returns>
    public static string Quote(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var b in value)
        {
            if (b is (byte)'"' or (byte)'\\')
            {
                sb.Append('\\').Append((char)b);
            }
            else if (b is < 0x20 or > 0x7E)
            {
                sb.Append('\\').Append(((int)b).ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append((char)b);
            }
        }

        return sb.Append('"').ToString();
    }
}
