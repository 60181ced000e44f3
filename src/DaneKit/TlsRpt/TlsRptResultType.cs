namespace DaneKit.TlsRpt;

/// <summary>
/// The result types of an SMTP TLS Reporting failure record (RFC 8460 section 4.3). Wire names are
/// mapped by <see cref="TlsRptResultTypes"/>.
/// </summary>
public enum TlsRptResultType
{
    /// <summary>The receiving MTA does not offer STARTTLS (RFC 8460 section 4.3.1). Wire name <c>starttls-not-supported</c>.</summary>
    StartTlsNotSupported,

    /// <summary>
    /// The certificate presented does not meet the constraints of the MTA-STS or DANE policy, for example
    /// the MX host name is not among its subject alternative names (RFC 8460 section 4.3.1).
    /// Wire name <c>certificate-host-mismatch</c>.
    /// </summary>
    CertificateHostMismatch,

    /// <summary>The certificate has expired (RFC 8460 section 4.3.1). Wire name <c>certificate-expired</c>.</summary>
    CertificateExpired,

    /// <summary>
    /// A certificate trust failure: an untrusted or unknown issuer, name constraints, chain errors
    /// (RFC 8460 section 4.3.1). Wire name <c>certificate-not-trusted</c>.
    /// </summary>
    CertificateNotTrusted,

    /// <summary>
    /// A general failure for a reason not covered by the other types (RFC 8460 section 4.3.1; section 4.3.3 makes it the
    /// category for any negotiation failure that fits no other). Wire name <c>validation-failure</c>.
    /// </summary>
    ValidationFailure,

    /// <summary>None of the records in the TLSA RRset was found valid (RFC 8460 section 4.3.2.1). Wire name <c>tlsa-invalid</c>.</summary>
    TlsaInvalid,

    /// <summary>The recursive resolver returned no valid records (RFC 8460 section 4.3.2.1). Wire name <c>dnssec-invalid</c>.</summary>
    DnssecInvalid,

    /// <summary>
    /// The sender requires DANE for every MX host of the destination (mandatory DANE, RFC 7672 section 6)
    /// but no DNSSEC-validated TLSA records were present for this MX host (RFC 8460 section 4.3.2.1).
    /// Wire name <c>dane-required</c>.
    /// </summary>
    DaneRequired,

    /// <summary>The MTA-STS policy could not be fetched (RFC 8460 section 4.3.2.2). Wire name <c>sts-policy-fetch-error</c>.</summary>
    StsPolicyFetchError,

    /// <summary>The MTA-STS policy as a whole failed validation (RFC 8460 section 4.3.2.2). Wire name <c>sts-policy-invalid</c>.</summary>
    StsPolicyInvalid,

    /// <summary>The MTA-STS policy could not be authenticated with PKIX validation (RFC 8460 section 4.3.2.2). Wire name <c>sts-webpki-invalid</c>.</summary>
    StsWebPkiInvalid,
}
