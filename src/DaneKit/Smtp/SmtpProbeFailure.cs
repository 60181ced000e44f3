namespace DaneKit.Smtp;

/// <summary>What went wrong in a probe. Server misbehaviour is one of these, never an exception.</summary>
public enum SmtpProbeFailureKind
{
    /// <summary>The server refused the TCP connection (RST, ECONNREFUSED).</summary>
    ConnectionRefused,

    /// <summary>No TCP connection within <see cref="SmtpProbeOptions.ConnectTimeout"/>.</summary>
    ConnectTimeout,

    /// <summary>The network or the host is unreachable (ENETUNREACH, EHOSTUNREACH).</summary>
    NetworkUnreachable,

    /// <summary>Another socket error while connecting.</summary>
    ConnectFailed,

    /// <summary>No complete greeting within <see cref="SmtpProbeOptions.ReplyTimeout"/>.</summary>
    GreetingTimeout,

    /// <summary>The greeting is not 220: a 4xx or 5xx (e.g. 554, no service; RFC 5321 3.1), or another code.</summary>
    GreetingRejected,

    /// <summary>EHLO was rejected with 4xx, or EHLO with 5xx and then HELO too (RFC 5321 3.2, 4.1.4).</summary>
    EhloRejected,

    /// <summary>The EHLO reply does not list STARTTLS (RFC 3207 4), or only HELO was accepted (no extensions).</summary>
    StartTlsNotOffered,

    /// <summary>STARTTLS got a reply other than 220, e.g. 454 TLS not available (RFC 3207 4).</summary>
    StartTlsRejected,

    /// <summary>The TLS handshake failed: an alert from the server, a reset, or data that is not TLS.</summary>
    TlsHandshakeFailed,

    /// <summary>The TLS handshake did not finish within <see cref="SmtpProbeOptions.TlsHandshakeTimeout"/>.</summary>
    TlsHandshakeTimeout,

    /// <summary>No complete reply to a command within <see cref="SmtpProbeOptions.ReplyTimeout"/>.</summary>
    ReplyTimeout,

    /// <summary>The server closed (or reset) the connection before the probe was done.</summary>
    ServerClosed,

    /// <summary>
    /// The server broke the protocol or a limit: a line longer than <see cref="SmtpProbeOptions.MaxReplyLineLength"/>,
    /// control characters or bytes that are not UTF-8, a line that is not a reply, a bad reply code, lines of one
    /// reply with different codes, more than <see cref="SmtpProbeOptions.MaxReplyLines"/> lines, more than
    /// <see cref="SmtpProbeOptions.MaxBytesRead"/> bytes, or plaintext sent after its 220 to STARTTLS.
    /// </summary>
    ProtocolViolation,

    /// <summary>The probe did not finish within <see cref="SmtpProbeOptions.OverallTimeout"/>.</summary>
    OverallTimeout,

    /// <summary>
    /// The server's certificate chain has more than <see cref="SmtpProbeOptions.MaxChainCertificates"/> certificates;
    /// the probe failed the handshake (step <see cref="SmtpProbeStep.TlsHandshake"/>). The message gives the count; or
    /// .NET gave up building a chain from the served certificates before the probe could count them (it does so on a
    /// chain more than 100 deep), and the message says that. Either way the probe judged no chain: Indeterminate.
    /// </summary>
    ChainTooLong,

    /// <summary>
    /// The server's certificate chain has more than <see cref="SmtpProbeOptions.MaxChainBytes"/> bytes of DER in all;
    /// the probe failed the handshake (step <see cref="SmtpProbeStep.TlsHandshake"/>). The message gives the size.
    /// </summary>
    ChainTooLarge,

    /// <summary>
    /// The checker refused to connect: the address is outside what it may reach (<see cref="CheckOptions.RefuseAddress"/>,
    /// e.g. a private address in a service that checks names from users). Nothing was sent. Step <see cref="SmtpProbeStep.Connect"/>.
    /// </summary>
    TargetRefused,
}

/// <summary>The step of a probe, for saying where it stopped.</summary>
public enum SmtpProbeStep
{
    /// <summary>The TCP connection.</summary>
    Connect,

    /// <summary>The server's greeting (RFC 5321 3.1).</summary>
    Greeting,

    /// <summary>EHLO (RFC 5321 4.1.1.1).</summary>
    Ehlo,

    /// <summary>HELO, after EHLO got a 5xx.</summary>
    Helo,

    /// <summary>The STARTTLS command and its reply (RFC 3207).</summary>
    StartTls,

    /// <summary>The TLS handshake.</summary>
    TlsHandshake,

    /// <summary>EHLO again over TLS (RFC 3207 4.2).</summary>
    EhloAfterTls,

    /// <summary>QUIT.</summary>
    Quit,
}

/// <summary>Why a probe stopped: the kind, the step, a readable message and the reply involved, if any.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Step">Where.</param>
/// <param name="Message">A readable line starting with the kind in words, e.g. <c>STARTTLS rejected: 454 4.7.0 TLS not available</c>.</param>
/// <param name="Reply">The server reply that caused it, when there was one.</param>
public sealed record SmtpProbeFailure(SmtpProbeFailureKind Kind, SmtpProbeStep Step, string Message, SmtpReply? Reply = null)
{
    /// <inheritdoc/>
    public override string ToString() => Message;
}
