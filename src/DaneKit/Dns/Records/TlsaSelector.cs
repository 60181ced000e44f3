namespace DaneKit.Dns.Records;

/// <summary>
/// TLSA selector (RFC 6698 2.1.2), with the RFC 7218 acronyms: which part of the certificate is matched.
/// Values not listed are kept by the parser and rejected by policy.
/// </summary>
#pragma warning disable CA1028 // the wire field is one octet
public enum TlsaSelector : byte
#pragma warning restore CA1028
{
    /// <summary>Cert (0): the full certificate, DER.</summary>
    Cert = 0,

    /// <summary>SPKI (1): the SubjectPublicKeyInfo, DER.</summary>
    Spki = 1,

    /// <summary>PrivSel (255): reserved for private use.</summary>
    PrivSel = 255,
}
