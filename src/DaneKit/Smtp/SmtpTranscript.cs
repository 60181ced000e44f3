using System.Globalization;
using System.Text;

namespace DaneKit.Smtp;

/// <summary>Who a transcript line comes from.</summary>
public enum SmtpTranscriptDirection
{
    /// <summary>A line the client (DaneKit) sent.</summary>
    Sent,

    /// <summary>A line the server sent.</summary>
    Received,

    /// <summary>Something that happened on the connection: connected, TLS handshake done or failed, closed.</summary>
    Event,
}

/// <summary>One line of an SMTP transcript.</summary>
/// <param name="Direction">Who it comes from.</param>
/// <param name="Text">
/// The line without CRLF. Server bytes that are not printable ASCII or valid UTF-8 are shown as <c>\xNN</c>; a line
/// longer than <see cref="SmtpTranscript.MaxShownLength"/> is cut and says how long it was.
/// </param>
/// <param name="Elapsed">The time since the probe started.</param>
public sealed record SmtpTranscriptLine(SmtpTranscriptDirection Direction, string Text, TimeSpan Elapsed)
{
    /// <summary>The line as <c>[0.012s] S: 220 mx.example.com ESMTP</c> (<c>C:</c> sent, <c>S:</c> received, <c>*</c> event).</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var who = Direction switch
        {
            SmtpTranscriptDirection.Sent => "C:",
            SmtpTranscriptDirection.Received => "S:",
            _ => "*",
        };
        return string.Create(CultureInfo.InvariantCulture, $"[{Elapsed.TotalSeconds:0.000}s] {who} {Text}");
    }
}

/// <summary>
/// The evidence of a probe: every SMTP line sent and received, in order, with the time, and the connection events.
/// TLS records are not shown; the handshake appears as one event with its outcome. Nothing secret is sent by the
/// probe (no AUTH), so nothing is hidden.
/// </summary>
public sealed class SmtpTranscript
{
    /// <summary>The most characters of one server line kept in the transcript; the rest is cut.</summary>
    public const int MaxShownLength = 512;

    private readonly List<SmtpTranscriptLine> _lines = [];

    /// <summary>The lines, oldest first.</summary>
    public IReadOnlyList<SmtpTranscriptLine> Lines => _lines;

    /// <summary>The whole transcript, one line each, as <see cref="SmtpTranscriptLine.ToString"/> prints them.</summary>
    /// <returns>The text, each line ending with a newline.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var line in _lines)
        {
            sb.Append(line).Append('\n');
        }

        return sb.ToString();
    }

    internal void Add(SmtpTranscriptDirection direction, string text, TimeSpan elapsed) => _lines.Add(new SmtpTranscriptLine(direction, text, elapsed));

    /// <summary>
    /// Server bytes as text: printable ASCII and valid UTF-8 as they are, anything else as <c>\xNN</c>; cut at
    /// <see cref="MaxShownLength"/> characters with the full length noted.
    /// </summary>
    internal static string Render(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(Math.Min(bytes.Length, MaxShownLength) + 32);
        var cut = false;
        var text = SmtpLineRules.IsValidUtf8(bytes) ? Encoding.UTF8.GetString(bytes) : null;
        if (text is not null)
        {
            foreach (var c in text)
            {
                if (sb.Length >= MaxShownLength)
                {
                    cut = true;
                    break;
                }

                if (c is '\t' || (c >= ' ' && c != '\x7f' && !char.IsControl(c)))
                {
                    sb.Append(c);
                }
                else
                {
                    sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
                }
            }
        }
        else
        {
            foreach (var b in bytes)
            {
                if (sb.Length >= MaxShownLength)
                {
                    cut = true;
                    break;
                }

                if (b is (byte)'\t' or (>= 0x20 and < 0x7f))
                {
                    sb.Append((char)b);
                }
                else
                {
                    sb.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
                }
            }
        }

        if (cut)
        {
            sb.Append(CultureInfo.InvariantCulture, $"… ({bytes.Length} bytes)");
        }

        return sb.ToString();
    }
}
