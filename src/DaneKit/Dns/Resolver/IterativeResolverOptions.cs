namespace DaneKit.Dns.Resolver;

/// <summary>Options and limits of <see cref="IterativeResolver"/>. The limits bound the work one resolution can cause.</summary>
public sealed record IterativeResolverOptions
{
    /// <summary>The default of <see cref="MaxQueries"/>.</summary>
    public const int DefaultMaxQueries = 64;

    /// <summary>The default of <see cref="MaxDepth"/>.</summary>
    public const int DefaultMaxDepth = 8;

    /// <summary>Where resolution starts; the IANA root servers by default.</summary>
    public RootHints RootHints { get; init; } = RootHints.Iana;

    /// <summary>
    /// The most queries one resolution may send, nested name-server lookups included (Unbound's
    /// <c>max-sent-count</c> is 32; RFC 1035 7.1 asks for a bound on the work per request).
    /// </summary>
    public int MaxQueries { get; init; } = DefaultMaxQueries;

    /// <summary>How deeply name-server address lookups may nest (a lookup of an NS name that needs another lookup...).</summary>
    public int MaxDepth { get; init; } = DefaultMaxDepth;

    /// <summary>The most CNAME/DNAME links followed (RFC 1034 3.6.2 asks to bound alias chains; Unbound uses 11).</summary>
    public int MaxAliases { get; init; } = 11;

    /// <summary>The most referrals followed for one name.</summary>
    public int MaxReferrals { get; init; } = 24;

    /// <summary>The deadline of each query to an authoritative server.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The port of the authoritative servers; 53.</summary>
    public int Port { get; init; } = 53;

    /// <summary>DO: ask for DNSSEC records (RFC 3225), so responses carry RRSIGs and NSEC/NSEC3 proofs for a validator.</summary>
    public bool DnssecOk { get; init; } = true;

    /// <summary>The EDNS UDP payload size advertised (RFC 6891 6.2.5).</summary>
    public ushort UdpPayloadSize { get; init; } = 1232;

    /// <summary>Ask the authoritative servers over TCP from the start (RFC 7766) instead of UDP.</summary>
    public bool UseTcp { get; init; }

    /// <summary>Send queries to IPv4 addresses.</summary>
    public bool UseIPv4 { get; init; } = true;

    /// <summary>Send queries to IPv6 addresses.</summary>
    public bool UseIPv6 { get; init; } = true;
}
