using DaneKit.Dnssec.Denial;

namespace DaneKit.Dnssec;

/// <summary>
/// Every limit of the DNSSEC validator in one place. Running out of any budget makes the answer
/// <see cref="SecurityStatus.Bogus"/> with a reason; it never throws and never spends unbounded CPU.
/// </summary>
/// <remarks>
/// The KeyTrap family of attacks (CVE-2023-50387) makes a validator try many keys with the same key tag
/// against many signatures; NSEC3 hash exhaustion (CVE-2023-50868) makes it hash many names. The defaults
/// are in the range Unbound (1.19.1+) and BIND (9.18.24+) chose for their fixes.
/// </remarks>
public sealed record ValidatorOptions
{
    /// <summary>Signatures tried per RRset before giving up (hickory: MAX_RRSIGS_PER_RRSET = 8; Unbound 8).</summary>
    public int MaxSignaturesPerRrset { get; init; } = 8;

    /// <summary>DNSKEYs with the signature's key tag and algorithm tried per signature (KeyTrap: colliding key tags, RFC 4034 App. B notes tags are not unique).</summary>
    public int MaxKeysPerSignature { get; init; } = 4;

    /// <summary>Signature verifications for one validated answer, all RRsets and zones included (KeyTrap).</summary>
    public int MaxSignatureVerifications { get; init; } = 64;

    /// <summary>DS records tried against DNSKEYs when looking for a secure entry point, per zone.</summary>
    public int MaxDsRecords { get; init; } = 8;

    /// <summary>Zone cuts followed from the trust anchor down to one answer.</summary>
    public int MaxChainDepth { get; init; } = 32;

    /// <summary>CNAME/DNAME links followed in one answer.</summary>
    public int MaxAliasChain { get; init; } = 12;

    /// <summary>Lookups the validator may make for one answer (DS, DNSKEY, SOA probes).</summary>
    public int MaxLookups { get; init; } = 96;

    /// <summary>
    /// Allowed clock difference when checking RRSIG inception and expiration (RFC 4035 5.3.1 leaves the
    /// tolerance to local policy).
    /// </summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Signatures expiring within this window are reported (as a finding, not a failure).</summary>
    public TimeSpan ExpiryWarning { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The limits of one denial-of-existence proof: NSEC3 iterations soft limit (above it: Insecure) and
    /// hard limit (above it: Bogus, RFC 9276 3.2), NSEC3 hashes per proof (CVE-2023-50868), records per proof.
    /// </summary>
    public DenialLimits Denial { get; init; } = DenialLimits.Default;

    /// <summary>NSEC3 hash computations for one answer, all its proofs together (CVE-2023-50868).</summary>
    public int MaxNsec3HashesPerAnswer { get; init; } = 128;
}
