namespace DaneKit.Tlsa;

/// <summary>Why a TLSA record is not used (RFC 7672 3.1.3, RFC 7671 9).</summary>
public enum TlsaUsabilityReason
{
    /// <summary>The certificate usage is not one of 0 to 3 (this includes PrivCert, 255).</summary>
    UnknownUsage,

    /// <summary>The usage is PKIX-TA(0) or PKIX-EE(1), which SMTP does not use (RFC 7672 3.1.3).</summary>
    PkixUsageInSmtp,

    /// <summary>The selector is not Cert(0) or SPKI(1) (this includes PrivSel, 255).</summary>
    UnknownSelector,

    /// <summary>The matching type is not Full(0), SHA2-256(1) or SHA2-512(2).</summary>
    UnknownMatchingType,

    /// <summary>The matching type is PrivMatch(255), reserved for private use.</summary>
    PrivateMatchingType,

    /// <summary>The digest length does not fit the matching type (SHA2-256: 32 bytes, SHA2-512: 64).</summary>
    DigestLengthMismatch,

    /// <summary>A Full(0) Cert(0) record whose data is not an X.509 certificate.</summary>
    UnparseableCertificate,

    /// <summary>A Full(0) SPKI(1) record whose data is not a SubjectPublicKeyInfo.</summary>
    UnparseablePublicKey,

    /// <summary>
    /// Digest agility (RFC 7671 9): a stronger digest type is published for the same usage and selector, so this
    /// weaker one is not tried.
    /// </summary>
    WeakerDigest,
}
