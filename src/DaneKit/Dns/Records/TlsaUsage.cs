namespace DaneKit.Dns.Records;

/// <summary>
/// TLSA certificate usage (RFC 6698 2.1.1), with the RFC 7218 acronyms. Values not listed are kept by the
/// parser and rejected by policy.
/// </summary>
#pragma warning disable CA1028 // the wire field is one octet
public enum TlsaUsage : byte
#pragma warning restore CA1028
{
    /// <summary>PKIX-TA (0): a CA that must also pass PKIX validation. Not used for SMTP (RFC 7672 3.1.3).</summary>
    PkixTa = 0,

    /// <summary>PKIX-EE (1): the end-entity certificate, which must also pass PKIX validation. Not used for SMTP.</summary>
    PkixEe = 1,

    /// <summary>DANE-TA (2): a trust anchor for the server's chain, no PKIX needed.</summary>
    DaneTa = 2,

    /// <summary>DANE-EE (3): the server's own certificate or key, no PKIX and no name checks (RFC 7671 5.1).</summary>
    DaneEe = 3,

    /// <summary>PrivCert (255): reserved for private use.</summary>
    PrivCert = 255,
}
