using System.Net;

namespace DaneKit.Smtp;

/// <summary>
/// Probes one address for a <see cref="DaneChecker"/>: the real one is <see cref="DaneCheckProber"/> (a thin adapter over
/// <see cref="SmtpProbe"/>); tests give scripted results.
/// </summary>
public interface ISmtpProber
{
    /// <summary>Probes an address.</summary>
    /// <param name="endpoint">The address and port.</param>
    /// <param name="serverName">The SNI name: the TLSA base domain (RFC 7672 8.1).</param>
    /// <param name="mode">STARTTLS or implicit TLS.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>What the probe saw; server misbehaviour is a failure in the result, never an exception.</returns>
    Task<SmtpProbeResult> ProbeAsync(IPEndPoint endpoint, string serverName, SmtpProbeMode mode, CancellationToken cancellationToken);
}
