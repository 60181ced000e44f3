using System.Net;

namespace DaneKit.Smtp;

/// <summary>The real <see cref="ISmtpProber"/>: <see cref="SmtpProbe"/> with its deadlines and size limits.</summary>
public sealed class DaneCheckProber : ISmtpProber
{
    private readonly SmtpProbe _probe;

    /// <summary>Creates the prober.</summary>
    /// <param name="options">The probe's deadlines and limits; the defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for deadlines; the system clock when <see langword="null"/>.</param>
    public DaneCheckProber(SmtpProbeOptions? options = null, TimeProvider? timeProvider = null) => _probe = new SmtpProbe(options, timeProvider);

    /// <inheritdoc/>
    public Task<SmtpProbeResult> ProbeAsync(IPEndPoint endpoint, string serverName, SmtpProbeMode mode, CancellationToken cancellationToken) =>
        _probe.ProbeAsync(endpoint, serverName, mode, cancellationToken);
}
