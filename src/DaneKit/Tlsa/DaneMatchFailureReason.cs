namespace DaneKit.Tlsa;

/// <summary>Why one TLSA record did not authenticate the served chain.</summary>
public enum DaneMatchFailureReason
{
    /// <summary>The server sent no certificate.</summary>
    NoServedChain,

    /// <summary>
    /// The record is not DANE-TA(2) or DANE-EE(3), or its selector or matching type is unknown, or its full
    /// certificate or key cannot be parsed. The caller is expected to pass usable records only.
    /// </summary>
    UnsupportedRecord,

    /// <summary>DANE-EE: the leaf's certificate or key does not give the record's data (RFC 7671 5.1).</summary>
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

    /// <summary>DANE-TA: the leaf presents none of the reference names (RFC 7672 3.2.2).</summary>
    NameMismatch,
}
