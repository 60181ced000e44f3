namespace DaneKit.Smtp;

/// <summary>
/// The probe's view of the connection: counts every byte read, TLS records included, and reports end of stream
/// once more than the limit has arrived, so neither the SMTP reader nor the TLS handshake can be fed without end.
/// </summary>
internal sealed class ProbeStream(Stream inner, long maxBytesRead) : Stream
{
    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Whether the server sent more than the limit; reads give end of stream from then on.</summary>
    public bool LimitExceeded { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (LimitExceeded || buffer.IsEmpty)
        {
            return 0;
        }

        // One byte past the limit is enough to know it was passed.
        var allowed = (int)Math.Min(buffer.Length, maxBytesRead - BytesRead + 1);
        var read = await inner.ReadAsync(buffer[..allowed], cancellationToken).ConfigureAwait(false);
        return Count(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (LimitExceeded || count == 0)
        {
            return 0;
        }

        var allowed = (int)Math.Min(count, maxBytesRead - BytesRead + 1);
        return Count(inner.Read(buffer, offset, allowed));
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        BytesRead += read;
        if (BytesRead > maxBytesRead)
        {
            LimitExceeded = true;
            return 0;
        }

        return read;
    }
}
