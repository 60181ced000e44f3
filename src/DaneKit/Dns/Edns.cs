using System.Text;

namespace DaneKit.Dns;

/// <summary>One EDNS(0) option (RFC 6891 6.1.2).</summary>
/// <param name="Code">The option code.</param>
/// <param name="Data">The option data.</param>
public sealed record EdnsOption(ushort Code, byte[] Data)
{
    /// <summary>Option code of Extended DNS Errors (RFC 8914 2).</summary>
    public const ushort ExtendedDnsErrorCode = 15;
}

/// <summary>An Extended DNS Error (RFC 8914): an INFO-CODE and optional EXTRA-TEXT.</summary>
/// <param name="InfoCode">The INFO-CODE, e.g. 6 (DNSSEC Bogus), 7 (Signature Expired), 9 (DNSKEY Missing).</param>
/// <param name="ExtraText">The EXTRA-TEXT, UTF-8 (RFC 8914 2); may be empty.</param>
public sealed record ExtendedDnsError(ushort InfoCode, string ExtraText)
{
    /// <summary>The purpose registered for the code (RFC 8914 4), or "Unknown".</summary>
    public string Purpose => InfoCode switch
    {
        0 => "Other Error",
        1 => "Unsupported DNSKEY Algorithm",
        2 => "Unsupported DS Digest Type",
        3 => "Stale Answer",
        4 => "Forged Answer",
        5 => "DNSSEC Indeterminate",
        6 => "DNSSEC Bogus",
        7 => "Signature Expired",
        8 => "Signature Not Yet Valid",
        9 => "DNSKEY Missing",
        10 => "RRSIGs Missing",
        11 => "No Zone Key Bit Set",
        12 => "NSEC Missing",
        13 => "Cached Error",
        14 => "Not Ready",
        15 => "Blocked",
        16 => "Censored",
        17 => "Filtered",
        18 => "Prohibited",
        19 => "Stale NXDOMAIN Answer",
        20 => "Not Authoritative",
        21 => "Not Supported",
        22 => "No Reachable Authority",
        23 => "Network Error",
        24 => "Invalid Data",
        _ => "Unknown",
    };

    /// <summary>Decodes the option data of option code 15; <see langword="null"/> if shorter than 2 octets.</summary>
    internal static ExtendedDnsError? FromOption(byte[] data)
    {
        if (data.Length < 2)
        {
            return null;
        }

        var code = (ushort)((data[0] << 8) | data[1]);
        var text = Encoding.UTF8.GetString(data, 2, data.Length - 2).TrimEnd('\0');
        return new ExtendedDnsError(code, text);
    }

    /// <inheritdoc/>
    public override string ToString() => ExtraText.Length == 0 ? $"{InfoCode} ({Purpose})" : $"{InfoCode} ({Purpose}): {ExtraText}";
}

/// <summary>The EDNS(0) OPT pseudo-record of a message (RFC 6891 6.1).</summary>
/// <param name="UdpPayloadSize">The requestor's UDP payload size (the OPT CLASS).</param>
/// <param name="ExtendedRcodeHigh">The upper 8 bits of the 12-bit RCODE.</param>
/// <param name="Version">The EDNS version; 0 is the only one defined.</param>
/// <param name="DnssecOk">The DO bit (RFC 3225): DNSSEC records wanted.</param>
/// <param name="Options">The options, in order.</param>
public sealed record Edns(ushort UdpPayloadSize, byte ExtendedRcodeHigh, byte Version, bool DnssecOk, IReadOnlyList<EdnsOption> Options)
{
    /// <summary>The Extended DNS Errors among the options (RFC 8914).</summary>
    public IReadOnlyList<ExtendedDnsError> ExtendedErrors =>
        Options.Where(o => o.Code == EdnsOption.ExtendedDnsErrorCode)
               .Select(o => ExtendedDnsError.FromOption(o.Data))
               .OfType<ExtendedDnsError>()
               .ToList();
}
