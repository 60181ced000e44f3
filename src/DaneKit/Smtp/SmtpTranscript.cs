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
/// longer than <see cref="SmtpTranscript.MaxShownLength"/> is cut and ends with <c>… [truncated N bytes]</c>.
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
/// <remarks>
/// Bounded whatever the server sends: a server line is kept to <see cref="MaxShownLength"/> characters, and at most
/// <see cref="MaxReceivedLines"/> server lines are kept; the lines sent and the events are always kept (the probe sends
/// a handful of commands).
/// </remarks>
public sealed class SmtpTranscript
{
    /// <summary>The most characters of one server line kept in the transcript; the rest is cut.</summary>
    public const int MaxShownLength = 512;

    /// <summary>The most server lines kept; later ones are counted in <see cref="ReceivedLinesNotKept"/>.</summary>
    public const int MaxReceivedLines = 1000;

    private readonly List<SmtpTranscriptLine> _lines = [];
    private int _received;

    /// <summary>The lines, oldest first.</summary>
    public IReadOnlyList<SmtpTranscriptLine> Lines => _lines;

    /// <summary>Server lines left out because <see cref="MaxReceivedLines"/> were already kept.</summary>
    public int ReceivedLinesNotKept { get; private set; }

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

    /// <summary>Adds a line: sent, an event, or received (then only while fewer than <see cref="MaxReceivedLines"/> are kept).</summary>
    internal void Add(SmtpTranscriptDirection direction, string text, TimeSpan elapsed)
    {
        if (direction != SmtpTranscriptDirection.Received || KeepReceived(elapsed))
        {
            _lines.Add(new SmtpTranscriptLine(direction, text, elapsed));
        }
    }

    /// <summary>Adds a server line as <see cref="Render"/> shows it, with a note after it; rendered only when kept.</summary>
    internal void AddReceived(ReadOnlySpan<byte> line, TimeSpan elapsed, string? note = null)
    {
        if (KeepReceived(elapsed))
        {
            var text = Render(line);
            _lines.Add(new SmtpTranscriptLine(SmtpTranscriptDirection.Received, note is null ? text : text + note, elapsed));
        }
    }

    /// <summary>Whether there is room for one more server line; the first time there is not, says so in an event.</summary>
    private bool KeepReceived(TimeSpan elapsed)
    {
        if (_received < MaxReceivedLines)
        {
            _received++;
            return true;
        }

        if (ReceivedLinesNotKept++ == 0)
        {
            _lines.Add(new SmtpTranscriptLine(SmtpTranscriptDirection.Event,
                string.Create(CultureInfo.InvariantCulture, $"transcript full: server lines after the first {MaxReceivedLines} are not kept"), elapsed));
        }

        return false;
    }

    /// <summary>
    /// Server bytes as text: printable ASCII and valid UTF-8 as they are, anything else as <c>\xNN</c>; cut at
    /// <see cref="MaxShownLength"/> characters, ending with <c>… [truncated N bytes]</c>, N the bytes not shown.
    /// </summary>
    internal static string Render(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= MaxShownLength && !bytes.ContainsAnyExceptInRange((byte)0x20, (byte)0x7e))
        {
            // The usual line: printable ASCII, short; one allocation.
            return Encoding.ASCII.GetString(bytes);
        }

        var sb = new StringBuilder(Math.Min(bytes.Length, MaxShownLength) + 32);
        var shownBytes = bytes.Length;
        var text = SmtpLineRules.IsValidUtf8(bytes) ? Encoding.UTF8.GetString(bytes) : null;
        if (text is not null)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (sb.Length >= MaxShownLength)
                {
                    // Never between the halves of a surrogate pair: i is where a whole character starts.
                    shownBytes = Encoding.UTF8.GetByteCount(text.AsSpan(0, i));
                    break;
                }

                if (char.IsHighSurrogate(c) && i + 1 < text.Length)
                {
                    sb.Append(c).Append(text[++i]);
                    continue;
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
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = bytes[i];
                if (sb.Length >= MaxShownLength)
                {
                    shownBytes = i;
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

        if (shownBytes < bytes.Length)
        {
            sb.Append(CultureInfo.InvariantCulture, $"… [truncated {bytes.Length - shownBytes} bytes]");
        }

        return sb.ToString();
    }
}
