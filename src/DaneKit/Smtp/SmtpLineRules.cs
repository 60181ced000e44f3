using System.Text;
using System.Text.Unicode;

namespace DaneKit.Smtp;

/// <summary>
/// The syntax of reply lines (RFC 5321 4.2): <c>Reply-code [ ("-" / SP) textstring ] CRLF</c>, where the code's
/// first digit is 2 to 5 and the second 0 to 5. Text is taken as printable ASCII or UTF-8 (SMTPUTF8 servers, RFC 6531);
/// control characters and bytes that are not UTF-8 are a protocol violation.
/// </summary>
internal static class SmtpLineRules
{
    public static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => Utf8.IsValid(bytes);

    /// <summary>What is wrong with the text of a whole line (without CRLF), or <see langword="null"/>.</summary>
    public static string? CheckText(ReadOnlySpan<byte> line)
    {
        var nonAscii = false;
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            if ((b < 0x20 && b != (byte)'\t') || b == 0x7f)
            {
                return $"control character 0x{b:X2} at byte {i + 1}";
            }

            nonAscii |= b >= 0x80;
        }

        return nonAscii && !IsValidUtf8(line) ? "bytes that are neither ASCII nor UTF-8" : null;
    }

    /// <summary>
    /// Whether the start of a line that has no line end yet can still become a reply line. Lets the probe stop at
    /// once on binary data (a TLS record, a banner of another protocol) instead of waiting for a newline.
    /// </summary>
    public static bool IsPlausiblePrefix(ReadOnlySpan<byte> partial)
    {
        for (var i = 0; i < partial.Length; i++)
        {
            var b = partial[i];
            var ok = i switch
            {
                0 => b is >= (byte)'2' and <= (byte)'5',
                1 => b is >= (byte)'0' and <= (byte)'5',
                2 => b is >= (byte)'0' and <= (byte)'9',
                3 => b is (byte)' ' or (byte)'-' or (byte)'\r',
                _ => b >= 0x20 ? b != 0x7f : b == (byte)'\t' || (b == (byte)'\r' && i == partial.Length - 1),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses one reply line (without CRLF) whose text was checked by <see cref="CheckText"/>.</summary>
    public static bool TryParseReplyLine(ReadOnlySpan<byte> line, out int code, out bool more, out string text, out string? problem)
    {
        code = 0;
        more = false;
        text = "";
        if (line.Length < 3 || !IsDigit(line[0]) || !IsDigit(line[1]) || !IsDigit(line[2]))
        {
            problem = "a line that is not an SMTP reply (no three-digit code)";
            return false;
        }

        if (line[0] is < (byte)'2' or > (byte)'5' || line[1] > (byte)'5')
        {
            problem = $"the reply code {Encoding.ASCII.GetString(line[..3])} is not valid (RFC 5321 4.2: 2yz to 5yz, second digit 0 to 5)";
            return false;
        }

        code = ((line[0] - '0') * 100) + ((line[1] - '0') * 10) + (line[2] - '0');
        if (line.Length == 3)
        {
            problem = null;
            return true;
        }

        if (line[3] is not ((byte)' ' or (byte)'-'))
        {
            problem = "no space or hyphen after the reply code";
            return false;
        }

        more = line[3] == (byte)'-';
        text = Encoding.UTF8.GetString(line[4..]);
        problem = null;
        return true;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
