namespace DaneKit.Dnssec.Denial;

/// <summary>
/// What a denial-of-existence proof established. The validator maps it to a <see cref="SecurityStatus"/>:
/// <see cref="Proven"/> keeps the answer Secure, <see cref="ProvenOptOut"/> and <see cref="Insecure"/> make it
/// Insecure, <see cref="NotProven"/> and <see cref="Bogus"/> make it Bogus.
/// </summary>
public enum DenialOutcome
{
    /// <summary>The records prove the denial (RFC 4035 5.4; RFC 5155 8.4 to 8.8).</summary>
    Proven,

    /// <summary>
    /// The proof holds only through an NSEC3 record with the Opt-Out flag: the name may exist as an unsigned
    /// delegation inside the opt-out span, so nothing below it can be Secure (RFC 5155 6, 8.6, 9.2). The
    /// validator treats the answer as Insecure.
    /// </summary>
    ProvenOptOut,

    /// <summary>The records do not prove the denial: a missing, non-covering or unusable record (the answer is Bogus).</summary>
    NotProven,

    /// <summary>
    /// The NSEC3 records use more iterations than <see cref="DenialLimits.Nsec3IterationsSoftLimit"/>: the
    /// proof is not checked and the answer is Insecure (RFC 9276 3.2 and Appendix A).
    /// </summary>
    Insecure,

    /// <summary>
    /// The NSEC3 records use more iterations than <see cref="DenialLimits.Nsec3IterationsHardLimit"/>, or the
    /// hash budget ran out (CVE-2023-50868): the answer is Bogus without further work.
    /// </summary>
    Bogus,
}
