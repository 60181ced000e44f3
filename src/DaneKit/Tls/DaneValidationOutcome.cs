namespace DaneKit.Tls;

/// <summary>What a <see cref="DaneCertificateValidator"/> made of one server certificate.</summary>
public enum DaneValidationOutcome
{
    /// <summary>A usable TLSA record matched the chain the server sent: the server is authenticated by DANE.</summary>
    Authenticated,

    /// <summary>
    /// Accepted without authentication: every TLSA record is unusable, so TLS is mandatory but unauthenticated
    /// (RFC 7672 2.2). The connection is encrypted; the server's identity is not known.
    /// </summary>
    EncryptedUnauthenticated,

    /// <summary>
    /// Every TLSA record is unusable and the validator was told to fall back to WebPKI
    /// (<see cref="DaneNoUsableRecordsMode.RequireWebPki"/>), which accepted the certificate.
    /// </summary>
    WebPkiAuthenticated,

    /// <summary>
    /// Rejected: no usable record matched, or a PKIX usage matched but WebPKI validation failed, or the records
    /// were unusable and the validator was told not to accept that. <see cref="DaneValidationResult.Description"/>
    /// says which; <see cref="DaneValidationResult.Match"/> has every record's reason. A DANE MTA treats the server as
    /// failed: it tries the next MX host or defers, and never delivers in cleartext (RFC 7672 2.2).
    /// </summary>
    Failed,

    /// <summary>Rejected without looking at the certificate: the TLSA lookup failed, so delivery is deferred (RFC 7672 2.1.1).</summary>
    Deferred,
}
