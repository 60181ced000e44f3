namespace DaneKit.Dns.Update;

/// <summary>
/// A TSIG key could not be read: the file or command-line text is malformed, names an algorithm that is
/// refused (hmac-md5), or does not hold the key asked for. The message says what and, for files, where.
/// </summary>
public sealed class TsigKeyFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public TsigKeyFormatException()
        : this("malformed TSIG key")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong.</param>
    public TsigKeyFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The error behind it.</param>
    public TsigKeyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a place in a file.</summary>
    /// <param name="fileName">The file (or a label such as "-y"), when known.</param>
    /// <param name="line">The 1-based line, or 0 when the error concerns no one line.</param>
    /// <param name="reason">What was wrong.</param>
    public TsigKeyFormatException(string? fileName, int line, string reason)
        : base(Format(fileName, line, reason))
    {
        FileName = fileName;
        Line = line;
        Reason = reason;
    }

    /// <summary>The file the key came from, when known.</summary>
    public string? FileName { get; }

    /// <summary>The 1-based line of the error, or 0.</summary>
    public int Line { get; }

    /// <summary>What was wrong, without the place.</summary>
    public string? Reason { get; }

    private static string Format(string? fileName, int line, string reason)
    {
        var where = (fileName, line) switch
        {
            (null, 0) => "",
            (null, _) => $"line {line}: ",
            (_, 0) => $"{fileName}: ",
            _ => $"{fileName}:{line}: ",
        };
        return where + reason;
    }
}
