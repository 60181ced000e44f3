namespace DaneKit.Dnssec.Denial;

/// <summary>Which denial a proof was asked to establish.</summary>
public enum DenialKind
{
    /// <summary>The name does not exist: NXDOMAIN (RFC 4035 5.4; RFC 5155 8.4).</summary>
    NameError,

    /// <summary>
    /// The name exists but has no record of the type: NODATA, including the DS case at a delegation and the
    /// wildcard NODATA case (RFC 4035 5.4; RFC 5155 8.5, 8.6, 8.7).
    /// </summary>
    NoData,

    /// <summary>
    /// An answer synthesised from a wildcard: the query name itself must not exist (RFC 4035 5.3.4;
    /// RFC 5155 8.8).
    /// </summary>
    WildcardAnswer,
}
