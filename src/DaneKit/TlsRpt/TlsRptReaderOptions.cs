namespace DaneKit.TlsRpt;

/// <summary>The limits of <see cref="TlsRptReportReader"/>: each input over a limit is rejected with the reason, never read further.</summary>
public sealed record TlsRptReaderOptions
{
    /// <summary>The default options.</summary>
    public static TlsRptReaderOptions Default { get; } = new();

    /// <summary>The largest input file, in bytes (default 10 MB). Checked before reading.</summary>
    public long MaxInputBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>
    /// The largest decompressed gzip report, in bytes (default 20 MB): a gzip bomb stops here. RFC 8460 5.3 sends
    /// reports gzip-compressed (<c>application/tlsrpt+gzip</c>).
    /// </summary>
    public long MaxDecompressedBytes { get; init; } = 20 * 1024 * 1024;

    /// <summary>The deepest JSON nesting accepted (default 16; a valid RFC 8460 report needs 5).</summary>
    public int MaxJsonDepth { get; init; } = 16;

    /// <summary>The deepest MIME multipart nesting accepted (default 8).</summary>
    public int MaxMimeDepth { get; init; } = 8;

    /// <summary>The most MIME parts looked at in one message (default 256).</summary>
    public int MaxMimeParts { get; init; } = 256;
}
