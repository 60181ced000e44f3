namespace DaneKit.Smtp;

/// <summary>What the probe of one address saw: the SMTP dialogue, the TLS parameters, and where it stopped. Plain data.</summary>
public sealed record CheckProbe
{
    /// <summary>STARTTLS (mail, submission on 587) or implicit TLS (443, 465).</summary>
    public required SmtpProbeMode Mode { get; init; }

    /// <summary>How far it got.</summary>
    public required CheckProbeStatus Status { get; init; }

    /// <summary>The SNI name sent: the TLSA base domain (RFC 7672 8.1).</summary>
    public required string ServerName { get; init; }

    /// <summary>The greeting's first line, e.g. <c>220 mx.example.com ESMTP</c>, or <see langword="null"/>.</summary>
    public string? Greeting { get; init; }

    /// <summary>The EHLO extension lines before TLS (e.g. <c>STARTTLS</c>, <c>SIZE 10240000</c>).</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Whether EHLO failed with 5xx and HELO was used (no extensions, so no STARTTLS).</summary>
    public bool UsedHelo { get; init; }

    /// <summary>Whether the EHLO reply lists STARTTLS.</summary>
    public bool StartTlsOffered { get; init; }

    /// <summary>The reply to STARTTLS, e.g. <c>220 2.0.0 Ready to start TLS</c>, or <see langword="null"/>.</summary>
    public string? StartTlsReply { get; init; }

    /// <summary>Whether the TLS handshake completed.</summary>
    public bool TlsEstablished { get; init; }

    /// <summary>The TLS version as OpenSSL names it (<c>TLSv1.3</c>), or <see langword="null"/>.</summary>
    public string? TlsVersion { get; init; }

    /// <summary>The cipher suite (IANA name, e.g. <c>TLS_AES_256_GCM_SHA384</c>), or <see langword="null"/>.</summary>
    public string? CipherSuite { get; init; }

    /// <summary>The EHLO extension lines over TLS.</summary>
    public IReadOnlyList<string> CapabilitiesAfterTls { get; init; } = [];

    /// <summary>Why the probe stopped early, or <see langword="null"/> when every step succeeded.</summary>
    public CheckProbeFailure? Failure { get; init; }

    /// <summary>The step that stalled or failed when <see cref="Status"/> is <see cref="CheckProbeStatus.Indeterminate"/>; otherwise <see langword="null"/>.</summary>
    public SmtpProbeStep? StalledStep { get; init; }

    /// <summary>The transcript, one line each: <c>[0.012s] S: 220 mx.example.com ESMTP</c>.</summary>
    public IReadOnlyList<string> Transcript { get; init; } = [];

    /// <summary>How long the probe took.</summary>
    public TimeSpan Elapsed { get; init; }
}

/// <summary>Why a probe stopped.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Step">Where.</param>
/// <param name="Message">The failure in words, e.g. <c>STARTTLS rejected: 454 4.7.0 TLS not available</c>.</param>
public sealed record CheckProbeFailure(SmtpProbeFailureKind Kind, SmtpProbeStep Step, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Message;
}
