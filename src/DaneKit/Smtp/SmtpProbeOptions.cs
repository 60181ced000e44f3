using DaneKit.Tls;

namespace DaneKit.Smtp;

/// <summary>
/// Options of <see cref="SmtpProbe"/>: the name it gives in EHLO, a deadline for every step and for the whole probe,
/// and the size limits that keep a hostile or broken server from holding it (dane-rules 20). Plain values.
/// </summary>
public sealed record SmtpProbeOptions
{
    /// <summary>The RFC 5321 4.5.3.1.5 limit of a reply line, CRLF included.</summary>
    public const int Rfc5321ReplyLineLength = 512;

    /// <summary>
    /// OpenSSL's limit on the Certificate message a TLS client accepts (<c>SSL_MAX_CERT_LIST_DEFAULT</c>, 100 KB): what
    /// a Postfix or Exim DANE sender accepts, and the default of <see cref="MaxChainBytes"/>.
    /// </summary>
    public const int OpenSslMaxCertificateList = 100 * 1024;

    /// <summary>The name sent in EHLO and HELO (RFC 5321 4.1.1.1): a domain name or an address literal.</summary>
    /// <remarks>
    /// The default is under <c>.invalid</c> (RFC 2606): a probe is not a mail system and should not claim to be one.
    /// </remarks>
    public string ClientName { get; init; } = "danekit.invalid";

    /// <summary>The deadline of the TCP connection.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The deadline of one whole reply: the greeting, or the reply to EHLO, HELO or STARTTLS. It covers every byte of
    /// a multiline reply, so a server that trickles bytes cannot extend it.
    /// </summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The deadline of the TLS handshake.</summary>
    public TimeSpan TlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for the reply to QUIT; a missing one is noted in the transcript, not a failure.</summary>
    public TimeSpan QuitTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The deadline of the whole probe, from connect to QUIT.</summary>
    public TimeSpan OverallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The longest reply line accepted, in bytes without CRLF. RFC 5321 4.5.3.1.5 sets 512 octets with CRLF
    /// (<see cref="Rfc5321ReplyLineLength"/>); real servers exceed it a little, so a few KB are accepted and more is
    /// a protocol violation.
    /// </summary>
    public int MaxReplyLineLength { get; init; } = 4096;

    /// <summary>The most lines of one multiline reply; more is a protocol violation (an endless reply).</summary>
    public int MaxReplyLines { get; init; } = 100;

    /// <summary>
    /// The most bytes read from the server over the whole connection, TLS records included (so it bounds the
    /// certificate chain too); more is a protocol violation.
    /// </summary>
    public int MaxBytesRead { get; init; } = 512 * 1024;

    /// <summary>
    /// The most certificates accepted in the chain the server sends (its TLS Certificate message); more fails the
    /// handshake with <see cref="SmtpProbeFailureKind.ChainTooLong"/> (dane-rules 20). Real chains have 2 to 5. At most
    /// <see cref="ServedChain.MaxCertificates"/>, the most the probe keeps as evidence, which is also the default.
    /// </summary>
    /// <remarks>
    /// The count is taken in the certificate validation callback. On Linux, .NET builds a chain from the served
    /// certificates before that callback runs, and throws on a chain more than 100 certificates deep before the probe
    /// can count it; that ends as <see cref="SmtpProbeFailureKind.ChainTooLong"/> too, and its message says the count
    /// is unknown.
    /// </remarks>
    public int MaxChainCertificates { get; init; } = ServedChain.MaxCertificates;

    /// <summary>
    /// The most bytes of DER accepted in the chain the server sends, all certificates together; more fails the
    /// handshake with <see cref="SmtpProbeFailureKind.ChainTooLarge"/> (dane-rules 20). The default is
    /// <see cref="OpenSslMaxCertificateList"/>, what an OpenSSL-based sender accepts; OpenSSL itself refuses a larger
    /// Certificate message inside the handshake ("excessive message size"), which ends as
    /// <see cref="SmtpProbeFailureKind.TlsHandshakeFailed"/> and says so. <see cref="MaxBytesRead"/> bounds it too.
    /// </summary>
    public int MaxChainBytes { get; init; } = OpenSslMaxCertificateList;
}
