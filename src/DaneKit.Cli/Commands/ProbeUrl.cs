using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DaneKit.Dns;
using DaneKit.Smtp;

namespace DaneKit.Cli.Commands;

/// <summary>
/// A <c>--from</c> value: <c>smtp://HOST[:PORT]</c> (STARTTLS, port 25 by default) or <c>tls://HOST[:PORT]</c> (TLS at
/// once, port 443 by default). HOST is a host name, an IPv4 address or an IPv6 address in brackets.
/// </summary>
/// <param name="Scheme">The scheme, lower case: <c>smtp</c> or <c>tls</c>.</param>
/// <param name="Mode">How the probe reaches TLS.</param>
/// <param name="Address">The address when HOST is an IP literal.</param>
/// <param name="Name">The host name when HOST is a name (without a trailing dot in <see cref="DnsName.ToString"/> terms: see <see cref="HostText"/>).</param>
/// <param name="Port">The port.</param>
internal sealed record ProbeUrl(string Scheme, SmtpProbeMode Mode, IPAddress? Address, DnsName? Name, int Port)
{
    /// <summary>The host as written in a URL: the name without its trailing dot, or the address (IPv6 in brackets).</summary>
    public string HostText => Address is { } a
        ? a.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{a}]" : a.ToString()
        : Name!.ToString().TrimEnd('.');

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Scheme}://{HostText}:{Port}");

    /// <summary>Parses a <c>--from</c> value; the problem names the option and says what is wrong.</summary>
    public static bool TryParse(string? text, out ProbeUrl? url, out string? problem)
    {
        url = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "--from: give smtp://HOST[:PORT] or tls://HOST[:PORT]";
            return false;
        }

        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            problem = $"--from: '{text}' is not a URL: give smtp://HOST[:PORT] or tls://HOST[:PORT]";
            return false;
        }

        var scheme = text[..separator].ToLowerInvariant();
        (SmtpProbeMode Mode, int Port)? kind = scheme switch
        {
            "smtp" => (SmtpProbeMode.StartTls, 25),
            "tls" => (SmtpProbeMode.ImplicitTls, 443),
            _ => null,
        };
        if (kind is not { } k)
        {
            problem = $"--from: '{text}': the scheme must be smtp:// (STARTTLS) or tls:// (TLS at once), not {text[..separator]}://";
            return false;
        }

        var authority = text[(separator + 3)..];
        if (authority.EndsWith('/'))
        {
            authority = authority[..^1];
        }

        if (authority.Length == 0)
        {
            problem = $"--from: '{text}': no host";
            return false;
        }

        if (authority.IndexOfAny(['/', '?', '#', '@']) >= 0)
        {
            problem = $"--from: '{text}': only a host and a port are allowed, no path, query or user";
            return false;
        }

        string host;
        string? portText = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close != authority.Length - 1 && authority[close + 1] != ':'))
            {
                problem = $"--from: '{text}': an IPv6 address is written [ADDRESS] or [ADDRESS]:PORT";
                return false;
            }

            host = authority[1..close];
            portText = close == authority.Length - 1 ? null : authority[(close + 2)..];
            if (!host.Contains(':', StringComparison.Ordinal) || !IPAddress.TryParse(host, out _))
            {
                problem = $"--from: '{text}': '{host}' in brackets is not an IPv6 address";
                return false;
            }
        }
        else
        {
            var colons = authority.Count(c => c == ':');
            if (colons > 1)
            {
                problem = $"--from: '{text}': write an IPv6 address in brackets, e.g. smtp://[2001:db8::25]:25";
                return false;
            }

            var colon = authority.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? authority : authority[..colon];
            portText = colon < 0 ? null : authority[(colon + 1)..];
        }

        var port = k.Port;
        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            problem = $"--from: '{text}': port '{portText}' is not a number from 1 to 65535";
            return false;
        }

        if (host.Length == 0)
        {
            problem = $"--from: '{text}': no host";
            return false;
        }

        if (host.Contains(':', StringComparison.Ordinal))
        {
            url = new ProbeUrl(scheme, k.Mode, IPAddress.Parse(host), null, port);
            problem = null;
            return true;
        }

        if (host.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            // Only the dotted quad: IPAddress.TryParse would also take "1.2.3" or a bare number.
            if (host.Count(c => c == '.') != 3 || !IPAddress.TryParse(host, out var v4))
            {
                problem = $"--from: '{text}': '{host}' is not an IPv4 address";
                return false;
            }

            url = new ProbeUrl(scheme, k.Mode, v4, null, port);
            problem = null;
            return true;
        }

        if (!IsHostName(host) || !DnsName.TryParse(host, out var name, out _) || name.IsRoot)
        {
            problem = $"--from: '{text}': '{host}' is not a host name (letters, digits, hyphens and dots)";
            return false;
        }

        url = new ProbeUrl(scheme, k.Mode, null, name, port);
        problem = null;
        return true;
    }

    private static bool IsHostName(string host) =>
        host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_') && !host.StartsWith('.') && !host.Contains("..", StringComparison.Ordinal);
}
