using System.Buffers;

namespace DaneKit.Survey;

/// <summary>
/// A scan's output file (JSON Lines), opened for resuming: <see cref="OpenAsync"/> reads what is there (streaming), puts
/// the key of every complete line into a <see cref="DomainSet"/>, cuts a partial last line (the file is truncated after
/// its last newline), and then appends. Each line is written whole and flushed to the operating system at once, so a
/// scan killed at any moment leaves complete lines and at most one partial last line.
/// </summary>
public sealed class SurveyOutput : IAsyncDisposable
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>Longer lines are not read (they are not a check document of DaneKit's): the resume's memory stays bounded.</summary>
    private const int MaxLineBytes = 16 * 1024 * 1024;
    private readonly FileStream _stream;
    private readonly SemaphoreSlim _write = new(1, 1);

    private SurveyOutput(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Complete lines found when the file was opened.</summary>
    public long ResumedLines { get; private set; }

    /// <summary>Complete lines found that are neither a check document nor an error record (left in place, not counted as done).</summary>
    public long UnreadableLines { get; private set; }

    /// <summary>Bytes of a partial last line cut when the file was opened.</summary>
    public long TruncatedBytes { get; private set; }

    /// <summary>Lines written since the file was opened.</summary>
    public long Written => Interlocked.Read(ref _written);

    private long _written;

    /// <summary>Opens (or creates) the output file and reads the lines already done into <paramref name="done"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="done">Receives the key of each complete line (<see cref="SurveyJson.KeyOf"/>).</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The output, positioned at its end.</returns>
    /// <exception cref="IOException">The file cannot be opened, read or truncated.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened for writing.</exception>
    public static async Task<SurveyOutput> OpenAsync(string path, DomainSet done, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(done);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        var output = new SurveyOutput(stream, path);
        try
        {
            await output.ResumeAsync(done, cancellationToken).ConfigureAwait(false);
            return output;
        }
        catch
        {
            await output.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task ResumeAsync(DomainSet done, CancellationToken ct)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var line = new ArrayBufferWriter<byte>(ChunkSize);
        long position = 0;
        long lastLineEnd = 0;
        var overlong = false;
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(chunk.AsMemory(0, ChunkSize), ct).ConfigureAwait(false)) > 0)
            {
                var start = 0;
                while (start < read)
                {
                    var newline = chunk.AsSpan(start, read - start).IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        if (!overlong && line.WrittenCount + (read - start) > MaxLineBytes)
                        {
                            overlong = true;
                            line = new ArrayBufferWriter<byte>(ChunkSize);
                        }

                        if (!overlong)
                        {
                            line.Write(chunk.AsSpan(start, read - start));
                        }

                        break;
                    }

                    ReadOnlySpan<byte> complete;
                    if (overlong)
                    {
                        complete = "?"u8;
                        overlong = false;
                    }
                    else if (line.WrittenCount == 0)
                    {
                        complete = chunk.AsSpan(start, newline);
                    }
                    else
                    {
                        line.Write(chunk.AsSpan(start, newline));
                        complete = line.WrittenSpan;
                    }

                    Take(complete, done);
                    line.ResetWrittenCount();
                    start += newline + 1;
                    lastLineEnd = position + start;
                }

                position += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        if (position > lastLineEnd)
        {
            TruncatedBytes = position - lastLineEnd;
            _stream.SetLength(lastLineEnd);
        }

        _stream.Position = lastLineEnd;
    }

    private void Take(ReadOnlySpan<byte> line, DomainSet done)
    {
        if (line.IndexOfAnyExcept(" \t\r"u8) < 0)
        {
            return;
        }

        if (SurveyJson.KeyOf(line) is { } key)
        {
            done.Add(key);
            if (key[0] == '\0')
            {
                // An error record: of a bad line (its text is never a valid name's key) or of a domain whose check failed.
                done.Add(key[1..]);
            }

            ResumedLines++;
        }
        else
        {
            UnreadableLines++;
        }
    }

    /// <summary>Appends one line (which ends in a newline) and flushes it to the operating system.</summary>
    /// <param name="line">The UTF-8 line.</param>
    /// <param name="cancellationToken">Cancels waiting for another writer (never a write under way).</param>
    /// <returns>A task.</returns>
    /// <exception cref="IOException">The write failed (disk full, ...).</exception>
    public async Task WriteLineAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Not cancellable once begun: a line is written whole, or the process dies (and the resume cuts it).
            await _stream.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
            await _stream.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            Interlocked.Increment(ref _written);
        }
        finally
        {
            _write.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _write.Dispose();
    }
}
