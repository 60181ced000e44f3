using System.Globalization;

namespace DaneKit.Dns;

/// <summary>
/// Resource record TYPE values (IANA "Resource Record (RR) TYPEs"). Any 16-bit value is valid on the
/// wire; unnamed values are kept and printed as <c>TYPEnnn</c> (RFC 3597 5).
/// </summary>
#pragma warning disable CA1700, CA1707, CA1708, CA1720 // the RFC mnemonics are the names
public enum DnsType : ushort
{
    /// <summary>IPv4 address (RFC 1035 3.4.1).</summary>
    A = 1,
    /// <summary>Authoritative name server (RFC 1035 3.3.11).</summary>
    NS = 2,
    /// <summary>Canonical name (RFC 1035 3.3.1).</summary>
    CNAME = 5,
    /// <summary>Start of authority (RFC 1035 3.3.13).</summary>
    SOA = 6,
    /// <summary>Domain name pointer (RFC 1035 3.3.12).</summary>
    PTR = 12,
    /// <summary>Mail exchange (RFC 1035 3.3.9).</summary>
    MX = 15,
    /// <summary>Text strings (RFC 1035 3.3.14).</summary>
    TXT = 16,
    /// <summary>IPv6 address (RFC 3596 2.2).</summary>
    AAAA = 28,
    /// <summary>Service location (RFC 2782).</summary>
    SRV = 33,
    /// <summary>Delegation name (RFC 6672).</summary>
    DNAME = 39,
    /// <summary>EDNS(0) pseudo-record (RFC 6891 6.1).</summary>
    OPT = 41,
    /// <summary>Delegation signer (RFC 4034 5).</summary>
    DS = 43,
    /// <summary>DNSSEC signature (RFC 4034 3).</summary>
    RRSIG = 46,
    /// <summary>Next secure (RFC 4034 4).</summary>
    NSEC = 47,
    /// <summary>DNS public key (RFC 4034 2).</summary>
    DNSKEY = 48,
    /// <summary>Hashed next secure (RFC 5155 3).</summary>
    NSEC3 = 50,
    /// <summary>NSEC3 parameters (RFC 5155 4).</summary>
    NSEC3PARAM = 51,
    /// <summary>TLS certificate association (RFC 6698 2).</summary>
    TLSA = 52,
    /// <summary>Transaction signature, a meta-record that is never cached or put in a zone (RFC 8945 4.2).</summary>
    TSIG = 250,
    /// <summary>Any type, in questions only (RFC 1035 3.2.3, RFC 8482).</summary>
    ANY = 255,
    /// <summary>Certification authority authorization (RFC 8659).</summary>
    CAA = 257,
}
#pragma warning restore CA1700, CA1707, CA1708, CA1720

/// <summary>Presentation names of <see cref="DnsType"/> values.</summary>
public static class DnsTypes
{
    /// <summary>The mnemonic, or <c>TYPEnnn</c> for a value without one (RFC 3597 5).</summary>
    /// <param name="type">Any type value.</param>
    /// <returns>The presentation name.</returns>
    public static string ToText(this DnsType type) =>
        Enum.IsDefined(type) ? type.ToString() : "TYPE" + ((ushort)type).ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses a mnemonic (case-insensitive) or <c>TYPEnnn</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="type">The type when known.</param>
    /// <returns>Whether <paramref name="text"/> names a type.</returns>
    public static bool TryParse(string? text, out DnsType type)
    {
        type = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.StartsWith("TYPE", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(text.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            type = (DnsType)n;
            return true;
        }

        // Only a mnemonic: Enum.TryParse alone would also take "A,MX" (a bitwise OR of two values) or " A".
        if (char.IsAsciiLetter(text[0]) && text.All(char.IsAsciiLetterOrDigit)
            && Enum.TryParse(text, ignoreCase: true, out type) && Enum.IsDefined(type))
        {
            return true;
        }

        type = default;
        return false;
    }
}
