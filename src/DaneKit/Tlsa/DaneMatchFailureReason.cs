namespace DaneKit.Tlsa;

/// <summary>Why one TLSA record did not authenticate the served chain.</summary>
public enum DaneMatchFailureReason
{
    /// <summary>The server sent no certificate.</summary>
    NoServedChain,

    /// <summary>
    /// The record's usage, selector or matching type is not one the matcher knows, or its full certificate or key
    /// cannot be parsed. A <see cref="TlsaRecordSet"/> never passes such a record on: it lists it as unusable.
    /// </summary>
    UnsupportedRecord,

    /// <summary>DANE-EE or PKIX-EE: the leaf's certificate or key does not give the record's data (RFC 7671 5.1).</summary>
    DigestMismatch,

    /// <summary>
    /// DANE-TA digest record ("2 x 1" or "2 x 2"): no certificate the server sent at depth 1 or more matches, so the
    /// trust anchor was not served (RFC 7671 5.2.2).
    /// </summary>
    AnchorNotServed,

    /// <summary>
    /// DANE-TA full certificate or key ("2 0 0", "2 1 0") that is neither served nor the signer of the top-most served
    /// certificate (RFC 7671 5.2.3).
    /// </summary>
    AnchorDoesNotSign,

    /// <summary>A link from the leaf up to the trust anchor has a signature that does not verify.</summary>
    ChainSignatureInvalid,

    /// <summary>The matching certificate was served but no issuer path from the leaf reaches it.</summary>
    ChainIncomplete,

    /// <summary>A certificate below the trust anchor is past its notAfter (DANE-TA checks expiry, RFC 7672 3.1.2).</summary>
    Expired,

    /// <summary>A certificate below the trust anchor is before its notBefore.</summary>
    NotYetValid,

    /// <summary>
    /// DANE-TA, PKIX-TA or PKIX-EE: the leaf presents none of the reference names (RFC 7672 3.2; RFC 6698 2.1.1).
    /// DANE-EE never fails this way (RFC 7671 5.1).
    /// </summary>
    NameMismatch,

    /// <summary>
    /// PKIX-TA(0) or PKIX-EE(1) in a context where they are usable, but the caller gave no PKIX trust roots, so the
    /// PKIX validation these usages require (RFC 6698 2.1.1) cannot be done.
    /// </summary>
    PkixNoTrustRoots,

    /// <summary>
    /// PKIX-TA(0) or PKIX-EE(1): the served chain does not validate to the caller's trust roots (RFC 5280 6; RFC 6698
    /// 2.1.1): no path to a trust root, a certificate outside its validity period, a bad signature, a CA constraint
    /// broken. The detail lists the chain status.
    /// </summary>
    PkixValidationFailed,

    /// <summary>
    /// PKIX-TA(0): no CA certificate of the PKIX path (depth 1 and up, the trust root included) matches the record
    /// (RFC 6698 2.1.1).
    /// </summary>
    PkixAnchorNotInPath,

    /// <summary>
    /// The served chain cannot be used: it has a missing entry, a certificate that cannot be read, or more
    /// certificates than <see cref="DaneMatcher.MaxServedCertificates"/>.
    /// </summary>
    InvalidServedChain,
}
