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
/// <see cref="SmtpProbe"/>. One array per line is allocated, of the line's size; the buffers are reused.
/// </summary>
internal sealed class SmtpLineReader(Stream stream, int maxLineLength)
{
    private readonly byte[] _buffer = new byte[4096];
    private byte[] _line = new byte[256];
    private int _lineLength;
    private int _start;
    private int _end;

    /// <summary>Bytes received and not yet returned as a line.</summary>
    public int BufferedCount => _end - _start;

    public async ValueTask<SmtpRawLine> ReadLineAsync(CancellationToken cancellationToken)
    {
        _lineLength = 0;
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                Append(available[..newline]);
                _start += newline + 1;
                var length = _lineLength > 0 && _line[_lineLength - 1] == (byte)'\r' ? _lineLength - 1 : _lineLength;
                return new SmtpRawLine(length > maxLineLength ? SmtpLineStatus.TooLong : SmtpLineStatus.Line, _line.AsSpan(0, length).ToArray());
            }

            Append(available);
            _start = _end = 0;
            var partial = _line.AsSpan(0, _lineLength);
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
                return new SmtpRawLine(SmtpLineStatus.Closed, _line.AsSpan(0, _lineLength).ToArray());
            }

            _end = read;
        }
    }

    /// <summary>
    /// Adds to the line being read. It never holds more than the limit plus one read: the caller stops once it is
    /// over the limit.
    /// </summary>
    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_lineLength + bytes.Length > _line.Length)
        {
            Array.Resize(ref _line, Math.Max(_line.Length * 2, _lineLength + bytes.Length));
        }

        bytes.CopyTo(_line.AsSpan(_lineLength));
        _lineLength += bytes.Length;
    }
}
