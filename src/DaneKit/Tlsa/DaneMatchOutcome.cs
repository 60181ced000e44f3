namespace DaneKit.Tlsa;

/// <summary>
/// What a TLSA RRset and the chain a server sent add up to, after the DNSSEC status of the RRset has been taken
/// into account (RFC 7672 2.1, 2.2; RFC 7671 4). Each value says what a DANE-enforcing SMTP client does.
/// </summary>
public enum DaneMatchOutcome
{
    /// <summary>
    /// The RRset is Secure and one of its usable records authenticated the served chain: the server is
    /// authenticated (records are alternatives, one match is enough).
    /// </summary>
    Matched,

    /// <summary>
    /// The RRset is Secure and has usable records, but none of them authenticated the served chain: the server is
    /// not authenticated and a DANE-enforcing client does not deliver to it (RFC 7672 2.2, 3). Every usable record
    /// is in <see cref="DaneMatchResult.Failures"/> with its reason.
    /// </summary>
    NotMatched,

    /// <summary>
    /// The RRset is Secure and not empty, but every record in it is unusable (RFC 7672 2.2, 3.1.3): TLS is still
    /// mandatory, never plaintext, but the server cannot be authenticated. The records and their reasons are in
    /// <see cref="DaneMatchResult.Unusable"/>. No match was attempted.
    /// </summary>
    AllRecordsUnusable,

    /// <summary>
    /// The RRset is Secure and empty: its absence was proven (validated NODATA or NXDOMAIN), so DANE does not apply
    /// and TLS stays opportunistic (RFC 7672 2.2). No match was attempted.
    /// </summary>
    NoRecords,

    /// <summary>
    /// The RRset (or the proof that it does not exist) is Insecure, i.e. provably unsigned: DANE does not apply
    /// (RFC 7672 2.1.1, 2.2). No match was attempted, whatever the records say.
    /// </summary>
    DaneNotApplicable,

    /// <summary>
    /// The TLSA lookup is Bogus or Indeterminate: the records cannot be trusted and neither can their absence, so
    /// no authentication is possible. A DANE-enforcing SMTP client defers delivery (RFC 7672 2.1.1; dane-rules 2).
    /// No match was attempted.
    /// </summary>
    RecordsNotTrusted,
}
