namespace DaneKit.Tls;

/// <summary>
/// What a TLSA lookup demands of the TLS connection to a server, in the four cases of RFC 7672 2.2.
/// </summary>
public enum DaneTlsaRequirement
{
    /// <summary>
    /// DANE does not apply: the TLSA RRset is Insecure (the zone is provably unsigned), or its absence is
    /// proven by a Secure denial. An MTA uses opportunistic (pre-DANE) TLS here (RFC 7672 2.2); any other policy
    /// (MTA-STS, WebPKI, refusing) is the caller's to choose. A DANE validator cannot be built for this case.
    /// </summary>
    NotApplicable,

    /// <summary>
    /// A Secure TLSA RRset with at least one usable record: TLS is mandatory, and the server's certificate must
    /// match one of the usable records (RFC 7672 2.2, 3).
    /// </summary>
    Authenticate,

    /// <summary>
    /// A Secure, non-empty TLSA RRset in which every record is unusable: for SMTP, TLS is mandatory but need not
    /// be authenticated, and delivery in cleartext is never allowed (RFC 7672 2.2, dane-rules 11).
    /// </summary>
    NoUsableRecords,

    /// <summary>
    /// The TLSA lookup failed (Bogus or Indeterminate). It never means "no TLSA": a DANE sender must not deliver to
    /// the server now, and defers (RFC 7672 2.1.1, 2.2). A validator built for this case rejects every certificate.
    /// </summary>
    Defer,
}
