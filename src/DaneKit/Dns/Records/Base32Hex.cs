using System.Text;
using DaneKit.Dns.Presentation;

namespace DaneKit.Dns.Records;

/// <summary>The "base32hex" encoding of RFC 4648 7, without padding, as NSEC3 uses it (RFC 5155 3.3).</summary>
public static class Base32Hex
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUV";

    /// <summary>Encodes octets as unpadded base32hex, in uppercase.</summary>
    /// <param name="data">The octets.</param>
    /// <returns>The text.</returns>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var sb = new StringBuilder(((data.Length * 8) + 4) / 5);
        var buffer = 0;
        var bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                sb.Append(Alphabet[(buffer >> bits) & 0x1F]);
            }
        }

        if (bits > 0)
        {
            sb.Append(Alphabet[(buffer << (5 - bits)) & 0x1F]);
        }

        return sb.ToString();
    }

    /// <summary>Decodes unpadded base32hex, case-insensitively.</summary>
    /// <param name="text">The text.</param>
    /// <param name="field">The field name for errors.</param>
    /// <returns>The octets.</returns>
    /// <exception cref="PresentationException">A character outside the alphabet, padding, an impossible length, or non-zero trailing bits.</exception>
    public static byte[] Decode(string text, string field)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length % 8 is 1 or 3 or 6)
        {
            throw new PresentationException($"{field}: {text.Length} base32hex digits is not a whole number of octets");
        }

        var output = new byte[text.Length * 5 / 8];
        var n = 0;
        var buffer = 0;
        var bits = 0;
        foreach (var c in text)
        {
            int v = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'A' and <= 'V' => c - 'A' + 10,
                >= 'a' and <= 'v' => c - 'a' + 10,
                _ => throw new PresentationException($"{field}: '{c}' is not a base32hex digit (RFC 4648 7, no padding)"),
            };
            buffer = ((buffer << 5) | v) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output[n++] = (byte)(buffer >> bits);
            }
        }

        if ((buffer & ((1 << bits) - 1)) != 0)
        {
            throw new PresentationException($"{field}: base32hex text has non-zero trailing bits");
        }

        return output;
    }
}
