namespace DaneKit.Dnssec.Denial;

/// <summary>
/// The limits that bound the work of one denial-of-existence proof. Running out of any of them gives
/// <see cref="DenialOutcome.Bogus"/> (or, for the iteration soft limit, <see cref="DenialOutcome.Insecure"/>)
/// with a reason; a proof never throws and never spends unbounded CPU (CVE-2023-50868).
/// </summary>
/// <remarks>
/// The worst-case hashing work of one proof is <see cref="MaxNsec3Hashes"/> × (<see cref="Nsec3IterationsSoftLimit"/> + 1)
/// SHA-1 computations, because records above the soft limit are never hashed: 32 × 151 = 4,832 SHA-1
/// computations of at most 510 octets each with the defaults, in the order of a millisecond.
/// </remarks>
public sealed record DenialLimits
{
    /// <summary>The default of <see cref="Nsec3IterationsSoftLimit"/>.</summary>
    public const int DefaultNsec3IterationsSoftLimit = 150;

    /// <summary>The default of <see cref="Nsec3IterationsHardLimit"/>.</summary>
    public const int DefaultNsec3IterationsHardLimit = 500;

    /// <summary>The default of <see cref="MaxNsec3Hashes"/>.</summary>
    public const int DefaultMaxNsec3Hashes = 32;

    /// <summary>The default of <see cref="MaxRecordsPerProof"/>.</summary>
    public const int DefaultMaxRecordsPerProof = 16;

    /// <summary>The defaults.</summary>
    public static DenialLimits Default { get; } = new();

    /// <summary>
    /// NSEC3 iterations above which the proof is not checked and the answer is Insecure. RFC 9276 3.2 lets a
    /// validator return insecure for any count above 0. Default 150, the limit of Unbound 1.17 (the testbed's
    /// reference resolver: val-nsec3-keysize-iterations "1024 150 2048 150 4096 150", above which it treats
    /// the answer as insecure); the testbed checks that DaneKit and Unbound agree on a 200-iteration zone.
    /// hickory-dns and systemd-resolved use 100.
    /// </summary>
    public int Nsec3IterationsSoftLimit { get; init; } = DefaultNsec3IterationsSoftLimit;

    /// <summary>
    /// NSEC3 iterations above which the answer is Bogus (RFC 9276 3.2: a validator MAY return SERVFAIL; the
    /// measurements of its Appendix A found SERVFAIL above 500 interoperable). Default 500. Unbound 1.17 has
    /// no such second limit (it stays insecure), so above 500 DaneKit says Bogus where Unbound says insecure.
    /// </summary>
    public int Nsec3IterationsHardLimit { get; init; } = DefaultNsec3IterationsHardLimit;

    /// <summary>
    /// NSEC3 hash computations (each one is H(x) with all its iterations) for one proof, the closest-encloser
    /// search, next closer and wildcard names included. CVE-2023-50868: a closest-encloser proof (RFC 5155 8.3)
    /// hashes every ancestor of the query name, so a deep name costs one hash per label; Unbound 1.19.1 caps
    /// this at 8 calculations per pass (MAX_NSEC3_CALCULATIONS) and resumes later, which a pure function
    /// cannot do. 32 lets a name 30 labels below the zone apex be proven (a DANE TLSA name such as
    /// <c>_25._tcp.mx.example.com.</c> needs 5) and running out gives Bogus: "NSEC3 hash budget exhausted
    /// after N hashes". Default 32.
    /// </summary>
    public int MaxNsec3Hashes { get; init; } = DefaultMaxNsec3Hashes;

    /// <summary>
    /// NSEC or NSEC3 records considered per proof; further records are ignored with a reason. A complete
    /// proof needs at most two NSEC records (RFC 4035 5.4) or three NSEC3 records (RFC 5155 7.2.1), so 16
    /// leaves room for a response carrying several parameter sets while bounding the work of the range
    /// searches. Default 16.
    /// </summary>
    public int MaxRecordsPerProof { get; init; } = DefaultMaxRecordsPerProof;
}
