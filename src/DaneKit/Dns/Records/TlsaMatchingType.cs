namespace DaneKit.Dns.Records;

/// <summary>
/// TLSA matching type (RFC 6698 2.1.3), with the RFC 7218 acronyms: how the selected data is compared.
/// Values not listed are kept by the parser and rejected by policy.
/// </summary>
#pragma warning disable CA1028 // the wire field is one octet
public enum TlsaMatchingType : byte
#pragma warning restore CA1028
{
    /// <summary>Full (0): the selected content exactly.</summary>
    Full = 0,

    /// <summary>SHA2-256 (1): the SHA-256 digest of the selected content.</summary>
    Sha256 = 1,

    /// <summary>SHA2-512 (2): the SHA-512 digest of the selected content.</summary>
    Sha512 = 2,

    /// <summary>PrivMatch (255): reserved for private use.</summary>
    PrivMatch = 255,
}
