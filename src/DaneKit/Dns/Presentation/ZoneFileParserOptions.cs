namespace DaneKit.Dns.Presentation;

/// <summary>Options of <see cref="ZoneFileParser"/>: the starting origin and class, and the limits that bound its work.</summary>
public sealed class ZoneFileParserOptions
{
    /// <summary>The default of <see cref="MaxRecords"/>: ten million, far above any zone the toolkit reads.</summary>
    public const int DefaultMaxRecords = 10_000_000;

    /// <summary>The default of <see cref="MaxIncludeDepth"/>.</summary>
    public const int DefaultMaxIncludeDepth = 8;

    /// <summary>The origin before any <c>$ORIGIN</c> (RFC 1035 5.1); the root when not set.</summary>
    public DnsName Origin { get; init; } = DnsName.Root;

    /// <summary>The class of records that give none before the first one that does; IN by default.</summary>
    public DnsClass DefaultClass { get; init; } = DnsClass.IN;

    /// <summary>The most records read, includes counted; more is an error, not an out-of-memory.</summary>
    public int MaxRecords { get; init; } = DefaultMaxRecords;

    /// <summary>How deeply <c>$INCLUDE</c> may nest; also stops a file that includes itself.</summary>
    public int MaxIncludeDepth { get; init; } = DefaultMaxIncludeDepth;

    /// <summary>The TTL of records that give none, until a <c>$TTL</c> directive; null: the SOA minimum, else an error.</summary>
    public uint? DefaultTtl { get; init; }
}
