using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace DaneKit.Smtp;

/// <summary>How the probe reached TLS.</summary>
public enum SmtpProbeMode
{
    /// <summary>SMTP, then STARTTLS (RFC 3207), as a mail server on port 25.</summary>
    StartTls,

    /// <summary>TLS right after the TCP connection, with no SMTP (HTTPS on 443, SMTPS on 465).</summary>
    ImplicitTls,
}

/// <summary>
/// What a probe saw, with the evidence: the transcript, the greeting, the capabilities, the certificates the server
/// served (exactly as sent, leaf first) and the negotiated TLS parameters; on failure, the failure. Plain data: the
/// certificates are kept as DER, and <see cref="LoadServedChain"/> makes certificate objects from them.
/// </summary>
public sealed record SmtpProbeResult
{
    /// <summary>How TLS was reached.</summary>
    public required SmtpProbeMode Mode { get; init; }

    /// <summary>The address and port probed.</summary>
    public required IPEndPoint Endpoint { get; init; }

    /// <summary>The server name sent as SNI (RFC 6066 3): for SMTP the TLSA base domain (the MX host, RFC 7672 8.1).</summary>
    public required string ServerName { get; init; }

    /// <summary>The greeting (RFC 5321 3.1), or <see langword="null"/> when none was read.</summary>
    public SmtpReply? Greeting { get; init; }

    /// <summary>The greeting's text, its lines joined by newlines (empty when there was none).</summary>
    public string Banner => Greeting is null ? "" : string.Join('\n', Greeting.Lines);

    /// <summary>The reply to EHLO before TLS, or <see langword="null"/>.</summary>
    public SmtpReply? EhloReply { get; init; }

    /// <summary>Whether EHLO got a 5xx and HELO was sent instead (RFC 5321 3.2): then there are no extensions.</summary>
    public bool UsedHelo { get; init; }

    /// <summary>The reply to HELO, when <see cref="UsedHelo"/>.</summary>
    public SmtpReply? HeloReply { get; init; }

    /// <summary>The EHLO extension lines before TLS (the reply lines after the first), e.g. <c>SIZE 10240000</c>.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Whether the EHLO reply before TLS lists STARTTLS (RFC 3207 4).</summary>
    public bool StartTlsOffered { get; init; }

    /// <summary>The reply to STARTTLS, or <see langword="null"/>.</summary>
    public SmtpReply? StartTlsReply { get; init; }

    /// <summary>Whether the TLS handshake completed.</summary>
    public bool TlsEstablished { get; init; }

    /// <summary>
    /// The DER certificates the server sent, leaf first, exactly as served (never a chain completed from a store);
    /// empty when the handshake did not get that far. At most <see cref="Tls.ServedChain.MaxCertificates"/>: after
    /// <see cref="SmtpProbeFailureKind.ChainTooLong"/> these are the first ones only, kept as evidence.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> ServedCertificates { get; init; } = [];

    /// <summary>The negotiated TLS version, when the handshake completed.</summary>
    public SslProtocols? TlsProtocol { get; init; }

    /// <summary>The negotiated cipher suite, when the handshake completed.</summary>
    public TlsCipherSuite? CipherSuite { get; init; }

    /// <summary>The reply to EHLO over TLS, or <see langword="null"/>.</summary>
    public SmtpReply? EhloReplyAfterTls { get; init; }

    /// <summary>The EHLO extension lines over TLS.</summary>
    public IReadOnlyList<string> CapabilitiesAfterTls { get; init; } = [];

    /// <summary>Why the probe stopped early, or <see langword="null"/> when every step succeeded.</summary>
    public SmtpProbeFailure? Failure { get; init; }

    /// <summary>Every line sent and received, and the connection events.</summary>
    public required SmtpTranscript Transcript { get; init; }

    /// <summary>How long the probe took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>
    /// The bytes read from the server over the connection, TLS records included: never more than
    /// <see cref="SmtpProbeOptions.MaxBytesRead"/> plus one, whatever the server sent.
    /// </summary>
    public long BytesReceived { get; init; }

    /// <summary>Whether every step succeeded.</summary>
    public bool Succeeded => Failure is null;

    /// <summary>The TLS version as OpenSSL names it: <c>TLSv1.3</c>; <see langword="null"/> without TLS.</summary>
    public string? TlsProtocolName => TlsProtocol is { } p ? ProtocolName(p) : null;

    /// <summary>Certificate objects for <see cref="ServedCertificates"/>, leaf first; the caller disposes them.</summary>
    /// <returns>The certificates.</returns>
    public IReadOnlyList<X509Certificate2> LoadServedChain()
    {
        var list = new List<X509Certificate2>(ServedCertificates.Count);
        foreach (var der in ServedCertificates)
        {
            list.Add(X509CertificateLoader.LoadCertificate(der.Span));
        }

        return list;
    }

    /// <summary>A TLS version as OpenSSL names it: <c>TLSv1.3</c>.</summary>
    internal static string ProtocolName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        _ => protocol.ToString(),
    };
}
