namespace DaneKit.Tlsa;

/// <summary>The protocol a TLSA RRset is used for, which decides which certificate usages count.</summary>
public enum TlsaContext
{
    /// <summary>SMTP (RFC 7672 3.1.3): PKIX-TA(0) and PKIX-EE(1) are unusable; only DANE-TA(2) and DANE-EE(3) count.</summary>
    Smtp = 0,

    /// <summary>Any other protocol (RFC 6698): all four defined usages are usable.</summary>
    Generic = 1,
}
