namespace DaneKit.Smtp;

/// <summary>How a line read ended.</summary>
internal enum SmtpLineStatus
{
    /// <summary>A whole line, its CRLF (or bare LF) removed.</summary>
    Line,

    /// <summary>More than the allowed length without a line end; the bytes are the start of it.</summary>
    TooLong,

    /// <summary>The start of a line that cannot be a reply line (binary data, another protocol).</summary>
    Garbage,

    /// <summary>The server closed the connection; the bytes are the unfinished line, possibly empty.</summary>
    Closed,
}

/// <summary>A line as read, with how it ended.</summary>
internal readonly record struct SmtpRawLine(SmtpLineStatus Status, byte[] Bytes);

/// <summary>
/// Reads SMTP reply lines from a stream with a bounded buffer: a line never grows past the limit, and a line start
/// that cannot be a reply stops reading at once. The line protocol only; the client state machine is
/// <see cref="SmtpProbe"/>.
/// </summary>
internal sealed class SmtpLineReader(Stream stream, int maxLineLength)
{
    private readonly byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    /// <summary>Bytes received and not yet returned as a line.</summary>
    public int BufferedCount => _end - _start;

    public async ValueTask<SmtpRawLine> ReadLineAsync(CancellationToken cancellationToken)
    {
        using var line = new MemoryStream();
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line.Write(available[..newline]);
                _start += newline + 1;
                var bytes = line.ToArray();
                if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
                {
                    bytes = bytes[..^1];
                }

                return new SmtpRawLine(bytes.Length > maxLineLength ? SmtpLineStatus.TooLong : SmtpLineStatus.Line, bytes);
            }

            line.Write(available);
            _start = _end = 0;
            var partial = line.GetBuffer().AsSpan(0, (int)line.Length);
            if (partial.Length > maxLineLength + 1)
            {
                return new SmtpRawLine(SmtpLineStatus.TooLong, partial.ToArray());
            }

            if (!SmtpLineRules.IsPlausiblePrefix(partial))
            {
                return new SmtpRawLine(SmtpLineStatus.Garbage, partial.ToArray());
            }

            var read = await stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return new SmtpRawLine(SmtpLineStatus.Closed, line.ToArray());
            }

            _end = read;
        }
    }
}
