namespace DaneKit.Smtp;

/// <summary>
/// The outcome that a DANE-enforcing SMTP client (RFC 7672) reaches for a destination, or for one MX
/// host or address of it.
/// </summary>
/// <remarks>
/// <see cref="DaneVerdicts"/> maps each verdict to its wire name (the kebab-case strings of the testbed
/// contract), ranks them for aggregation over several hosts, and picks the worst.
/// </remarks>
public enum DaneVerdict
{
    /// <summary>
    /// DNSSEC-secure MX, address and TLSA records, at least one usable TLSA record, and the server's
    /// certificate chain matched it: DANE-EE(3) per RFC 7672 section 3.1.1 or DANE-TA(2) per section
    /// 3.1.2 (authentication as in RFC 7672 section 3.1). Postfix logs such a session "Verified".
    /// Wire name <c>authenticated</c>.
    /// </summary>
    Authenticated,

    /// <summary>
    /// Authenticated against a secure, usable TLSA RRset of the MX host, but the MX RRset itself was
    /// insecure (RFC 7672 section 2.2.1): the peer is who the TLSA records say, but the choice of that
    /// MX host is not protected. Postfix logs such a session "Trusted" rather than "Verified".
    /// Wire name <c>authenticated-insecure-mx</c>.
    /// </summary>
    AuthenticatedInsecureMx,

    /// <summary>
    /// Usable TLSA records were securely published, so TLS and authentication are mandatory (RFC 7672
    /// sections 2.2 and 3), but delivery cannot go ahead: STARTTLS is not offered, the handshake fails,
    /// or no TLSA record matches the presented chain (RFC 7672 section 3.1). The client must not deliver
    /// to this host. Wire name <c>dane-fail</c>.
    /// </summary>
    DaneFail,

    /// <summary>
    /// A DNS lookup that the client needs (MX, address or TLSA) failed or was bogus, so the client must
    /// defer delivery rather than treat the failure as "no records" (RFC 7672 sections 2.1.1 and 2.1.2).
    /// Wire name <c>deferred</c>.
    /// </summary>
    Deferred,

    /// <summary>
    /// The TLSA RRset is secure but none of its records is usable (for example only PKIX-TA(0) or
    /// PKIX-EE(1) usages, RFC 7672 section 3.1.3): TLS is still mandatory, without authentication
    /// (RFC 7672 sections 2.2 and 3). Falling back to plaintext is not allowed.
    /// Wire name <c>encrypted-unauthenticated</c>.
    /// </summary>
    EncryptedUnauthenticated,

    /// <summary>
    /// No secure TLSA RRset applies (insecure MX host address records, an insecure TLSA answer, or a
    /// secure denial of TLSA records), so DANE does not apply and the client uses opportunistic TLS
    /// (RFC 7672 section 2.2; RFC 7435). Wire name <c>opportunistic</c>.
    /// </summary>
    Opportunistic,

    /// <summary>
    /// The domain publishes a null MX ("0 .") and accepts no mail (RFC 7505); nothing is probed.
    /// Wire name <c>no-mail</c>.
    /// </summary>
    NoMail,

    /// <summary>
    /// No secure TLSA RRset applies and the server does not offer STARTTLS (RFC 3207), so DANE does not
    /// apply and mail goes in cleartext (RFC 7672 section 2.2: without TLSA records delivery is
    /// opportunistic, and opportunistic TLS falls back to cleartext). Wire name <c>no-tls</c>.
    /// </summary>
    NoTls,
}
