namespace DaneKit.Dns.Presentation;

/// <summary>
/// Text in presentation (zone-file) format could not be parsed. The message names the field and what was
/// wrong; <see cref="File"/> and <see cref="Line"/> say where, when the text came from a file.
/// </summary>
public sealed class PresentationException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">What was wrong, naming the field.</param>
    /// <param name="file">The file, if known.</param>
    /// <param name="line">The 1-based line, or 0 if unknown.</param>
    public PresentationException(string reason, string? file = null, int line = 0)
        : base(file is null && line == 0 ? reason : $"{file ?? "<input>"}:{line}: {reason}")
    {
        Reason = reason;
        File = file;
        Line = line;
    }

    /// <summary>Creates the exception.</summary>
    public PresentationException()
        : this("invalid presentation format")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The reason.</param>
    /// <param name="innerException">The cause.</param>
    public PresentationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>What was wrong, without the location.</summary>
    public string Reason { get; }

    /// <summary>The file the text came from, if any.</summary>
    public string? File { get; }

    /// <summary>The 1-based line number, or 0.</summary>
    public int Line { get; }
}
