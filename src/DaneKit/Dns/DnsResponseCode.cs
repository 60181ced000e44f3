namespace DaneKit.Dns;

/// <summary>RCODE values (RFC 1035 4.1.1, RFC 6895 2.3); with EDNS the RCODE has 12 bits (RFC 6891 6.1.3).</summary>
public enum DnsResponseCode : ushort
{
    /// <summary>No error.</summary>
    NoError = 0,
    /// <summary>Format error.</summary>
    FormErr = 1,
    /// <summary>Server failure.</summary>
    ServFail = 2,
    /// <summary>Non-existent domain.</summary>
    NXDomain = 3,
    /// <summary>Not implemented.</summary>
    NotImp = 4,
    /// <summary>Query refused.</summary>
    Refused = 5,
    /// <summary>Name exists when it should not (RFC 2136).</summary>
    YXDomain = 6,
    /// <summary>RRset exists when it should not (RFC 2136).</summary>
    YXRRSet = 7,
    /// <summary>RRset that should exist does not (RFC 2136).</summary>
    NXRRSet = 8,
    /// <summary>Not authoritative / not authorized (RFC 2136, RFC 8945).</summary>
    NotAuth = 9,
    /// <summary>Name not in zone (RFC 2136).</summary>
    NotZone = 10,
    /// <summary>Bad OPT version (RFC 6891).</summary>
    BadVers = 16,
}

/// <summary>Presentation names of RCODEs, as dig prints them.</summary>
public static class DnsResponseCodes
{
    /// <summary>The upper-case mnemonic (NOERROR, SERVFAIL, NXDOMAIN, …) or RCODEnn.</summary>
    /// <param name="code">The RCODE.</param>
    /// <returns>The name.</returns>
    public static string ToText(this DnsResponseCode code) => Enum.IsDefined(code)
        ? code.ToString().ToUpperInvariant()
        : "RCODE" + ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
