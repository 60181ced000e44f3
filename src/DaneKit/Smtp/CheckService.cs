using System.Globalization;

namespace DaneKit.Smtp;

/// <summary>A TLS service to check, as <c>tcp/PORT</c> (RFC 6698 3: the TLSA owner is <c>_PORT._tcp.HOST</c>).</summary>
/// <param name="Port">The port.</param>
/// <param name="TlsMode">
/// How TLS is reached: STARTTLS for 25 and 587 (RFC 3207, RFC 6409), implicit TLS for every other port (443, 465 per
/// RFC 8314).
/// </param>
public sealed record CheckService(int Port, SmtpProbeMode TlsMode)
{
    /// <summary>Parses <c>tcp/443</c> (also <c>443</c>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="service">The service, or <see langword="null"/>.</param>
    /// <param name="problem">What is wrong, or <see langword="null"/>.</param>
    /// <returns>Whether the text is a service.</returns>
    public static bool TryParse(string? text, out CheckService? service, out string? problem)
    {
        service = null;
        var t = (text ?? "").Trim();
        var slash = t.IndexOf('/', StringComparison.Ordinal);
        var protocol = slash < 0 ? "tcp" : t[..slash].ToLowerInvariant();
        var port = slash < 0 ? t : t[(slash + 1)..];
        if (protocol != "tcp")
        {
            problem = $"'{text}': only tcp services can be probed (tcp/PORT)";
            return false;
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
        {
            problem = $"'{text}' is not tcp/PORT with a port from 1 to 65535";
            return false;
        }

        service = new CheckService(p, p is 25 or 587 ? SmtpProbeMode.StartTls : SmtpProbeMode.ImplicitTls);
        problem = null;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"tcp/{Port}");
}
