using System.Globalization;
using DaneKit.Dns;
using DaneKit.Dns.Records;

namespace DaneKit.Tlsa;

/// <summary>
/// What a TLSA record to generate looks like, apart from its data: the owner name <c>_PORT._PROTO.HOST.</c>
/// (RFC 6698 3), the three code points and an optional TTL.
/// </summary>
/// <param name="Host">The TLSA base domain (for SMTP, the MX host name).</param>
/// <param name="Port">The port, 25 for SMTP.</param>
/// <param name="Protocol">The transport protocol label without underscore: <c>tcp</c>, <c>udp</c> or <c>sctp</c>.</param>
/// <param name="Usage">The certificate usage.</param>
/// <param name="Selector">The selector.</param>
/// <param name="MatchingType">The matching type.</param>
/// <param name="Ttl">The TTL in seconds, or <see langword="null"/> to leave it to the zone's default.</param>
public sealed record TlsaRecordSpec(DnsName Host, int Port, string Protocol, TlsaUsage Usage, TlsaSelector Selector,
    TlsaMatchingType MatchingType, int? Ttl)
{
    /// <summary>The default port: SMTP (RFC 7672).</summary>
    public const int DefaultPort = 25;

    /// <summary>The default protocol.</summary>
    public const string DefaultProtocol = "tcp";

    /// <summary>The owner name, <c>_25._tcp.mail.example.com.</c>.</summary>
    public string OwnerName => string.Create(CultureInfo.InvariantCulture, $"_{Port}._{Protocol}.{Host}");

    /// <summary>
    /// Checks command-line values. Each problem names its field (<c>--port: ...</c>). Missing values take the
    /// defaults: port 25, tcp, DANE-EE SPKI SHA2-256 (3 1 1), no TTL.
    /// </summary>
    /// <param name="host">The host name.</param>
    /// <param name="port">The port, 1 to 65535.</param>
    /// <param name="protocol">The protocol: tcp, udp or sctp.</param>
    /// <param name="usage">The usage: 0 to 3 or an RFC 7218 acronym.</param>
    /// <param name="selector">The selector: 0, 1, Cert or SPKI.</param>
    /// <param name="matchingType">The matching type: 0 to 2, Full, SHA2-256 or SHA2-512.</param>
    /// <param name="ttl">The TTL, 0 to 2147483647 seconds.</param>
    /// <param name="spec">The checked values, or <see langword="null"/>.</param>
    /// <param name="problem">What is wrong, or <see langword="null"/>.</param>
    /// <returns>Whether the values are valid.</returns>
    public static bool TryCreate(string? host, string? port, string? protocol, string? usage, string? selector, string? matchingType,
        string? ttl, out TlsaRecordSpec? spec, out string? problem)
    {
        spec = null;
        if (string.IsNullOrWhiteSpace(host))
        {
            problem = "--host: a host name is required (the MX host for SMTP)";
            return false;
        }

        if (!DnsName.TryParse(host, out var name, out var nameError) || name.IsRoot)
        {
            problem = $"--host: '{host}' is not a valid host name{(nameError is null ? "" : ": " + nameError)}";
            return false;
        }

        var portValue = DefaultPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portValue) || portValue is < 1 or > 65535))
        {
            problem = $"--port: '{port}' is not a port number from 1 to 65535";
            return false;
        }

        var proto = (protocol ?? DefaultProtocol).ToLowerInvariant();
        if (proto is not ("tcp" or "udp" or "sctp"))
        {
            problem = $"--proto: '{protocol}' is not tcp, udp or sctp";
            return false;
        }

        if (!TlsaMnemonics.TryParseUsage(usage ?? "3", out var u) || (byte)u > 3)
        {
            problem = $"--usage: '{usage}' is not 0 to 3 or PKIX-TA, PKIX-EE, DANE-TA, DANE-EE";
            return false;
        }

        if (!TlsaMnemonics.TryParseSelector(selector ?? "1", out var s) || (byte)s > 1)
        {
            problem = $"--selector: '{selector}' is not 0, 1, Cert or SPKI";
            return false;
        }

        if (!TlsaMnemonics.TryParseMatchingType(matchingType ?? "1", out var m) || (byte)m > 2)
        {
            problem = $"--mtype: '{matchingType}' is not 0 to 2 or Full, SHA2-256, SHA2-512";
            return false;
        }

        int? ttlValue = null;
        if (ttl is not null)
        {
            if (!int.TryParse(ttl, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                problem = $"--ttl: '{ttl}' is not a number of seconds from 0 to 2147483647";
                return false;
            }

            ttlValue = t;
        }

        problem = null;
        spec = new TlsaRecordSpec(name, portValue, proto, u, s, m, ttlValue);
        return true;
    }

    /// <summary>A zone-file line: <c>_25._tcp.mail.example.com. 3600 IN TLSA 3 1 1 HEX</c>.</summary>
    /// <param name="record">The record data.</param>
    /// <returns>The line.</returns>
    public string ToZoneLine(TlsaData record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Ttl is { } t
            ? string.Create(CultureInfo.InvariantCulture, $"{OwnerName} {t} IN TLSA {record}")
            : $"{OwnerName} IN TLSA {record}";
    }
}
