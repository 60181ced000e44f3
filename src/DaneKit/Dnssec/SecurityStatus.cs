namespace DaneKit.Dnssec;

/// <summary>
/// The DNSSEC security status of an answer, in the four states of RFC 4033 section 5 and
/// RFC 4035 section 4.3.
/// </summary>
/// <remarks>
/// "Lookup failed" (<see cref="Indeterminate"/>) is never the same as "no records": only a
/// <see cref="Secure"/> or <see cref="Insecure"/> denial of existence says that a name or type is absent.
/// </remarks>
public enum SecurityStatus
{
    /// <summary>
    /// The validator has a chain of signed DNSKEY and DS records from a trust anchor to the RRset and
    /// every signature on the way verifies (RFC 4033 section 5; RFC 4035 section 4.3). This includes a
    /// validated denial of existence (NXDOMAIN or NODATA proven by NSEC or NSEC3).
    /// </summary>
    Secure,

    /// <summary>
    /// The validator has a trust anchor and a signed proof that no chain of trust exists at some
    /// delegation above the RRset, i.e. a validated denial of the DS record: the zone is provably
    /// unsigned (RFC 4033 section 5; RFC 4035 section 4.3).
    /// </summary>
    Insecure,

    /// <summary>
    /// The validator has a trust anchor and a secure delegation that says the data should be signed,
    /// but the response fails to validate: bad or expired signatures, missing signatures, a DS that
    /// matches no DNSKEY, a missing or broken denial proof (RFC 4033 section 5; RFC 4035 section 4.3).
    /// </summary>
    Bogus,

    /// <summary>
    /// No status could be established: the lookup failed (SERVFAIL, timeout, no answer) or there is no
    /// trust anchor that covers the name (RFC 4033 section 5; RFC 4035 section 4.3). It never means that
    /// the name or type does not exist.
    /// </summary>
    Indeterminate,
}
