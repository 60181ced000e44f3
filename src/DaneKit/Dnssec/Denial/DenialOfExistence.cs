using DaneKit.Dns;

namespace DaneKit.Dnssec.Denial;

/// <summary>
/// The front door of the denial-of-existence proofs: picks NSEC (<see cref="NsecProofs"/>) or NSEC3
/// (<see cref="Nsec3Proofs"/>) from the records given. Pure functions with no I/O and no signature checks:
/// pass only NSEC/NSEC3 records whose RRSIGs verified, with the apex of the zone that signed them.
/// </summary>
/// <remarks>
/// When both NSEC and NSEC3 records are given, the NSEC proof is tried first and the NSEC3 proof only when
/// it fails; the reasons of both are kept. Records of other types are skipped, so a validated authority
/// section may be passed as it is.
/// </remarks>
public static class DenialOfExistence
{
    /// <summary>Proves NXDOMAIN for <paramref name="queryName"/> (RFC 4035 5.4; RFC 5155 8.4).</summary>
    /// <param name="zoneApex">The apex of the zone that signed the records.</param>
    /// <param name="queryName">The name said not to exist.</param>
    /// <param name="records">Validated NSEC or NSEC3 records.</param>
    /// <param name="limits">The limits; <see cref="DenialLimits.Default"/> when null.</param>
    /// <returns>The proof.</returns>
    public static DenialProof ProveNameError(DnsName zoneApex, DnsName queryName, IReadOnlyCollection<DnsResourceRecord>? records, DenialLimits? limits = null) =>
        Dispatch(records,
            () => NsecProofs.ProveNameError(zoneApex, queryName, records, limits),
            () => Nsec3Proofs.ProveNameError(zoneApex, queryName, records, limits),
            () => Empty(DenialKind.NameError, queryName, null));

    /// <summary>Proves NODATA for (<paramref name="queryName"/>, <paramref name="queryType"/>), DS and wildcard cases included (RFC 4035 5.4; RFC 5155 8.5 to 8.7).</summary>
    /// <param name="zoneApex">The apex of the zone that signed the records.</param>
    /// <param name="queryName">The name that exists without the type.</param>
    /// <param name="queryType">The type said to be absent.</param>
    /// <param name="records">Validated NSEC or NSEC3 records.</param>
    /// <param name="limits">The limits; <see cref="DenialLimits.Default"/> when null.</param>
    /// <returns>The proof.</returns>
    public static DenialProof ProveNoData(DnsName zoneApex, DnsName queryName, DnsType queryType, IReadOnlyCollection<DnsResourceRecord>? records, DenialLimits? limits = null) =>
        Dispatch(records,
            () => NsecProofs.ProveNoData(zoneApex, queryName, queryType, records, limits),
            () => Nsec3Proofs.ProveNoData(zoneApex, queryName, queryType, records, limits),
            () => Empty(DenialKind.NoData, queryName, queryType));

    /// <summary>Proves that a wildcard expansion was legitimate (RFC 4035 5.3.4; RFC 5155 8.8).</summary>
    /// <param name="zoneApex">The apex of the zone that signed the records.</param>
    /// <param name="queryName">The owner name of the expanded answer.</param>
    /// <param name="rrsigLabels">The Labels field of the answer's RRSIG (fewer than the owner's labels).</param>
    /// <param name="records">Validated NSEC or NSEC3 records.</param>
    /// <param name="limits">The limits; <see cref="DenialLimits.Default"/> when null.</param>
    /// <returns>The proof.</returns>
    public static DenialProof ProveWildcardAnswer(DnsName zoneApex, DnsName queryName, int rrsigLabels, IReadOnlyCollection<DnsResourceRecord>? records, DenialLimits? limits = null) =>
        Dispatch(records,
            () => NsecProofs.ProveWildcardAnswer(zoneApex, queryName, rrsigLabels, records, limits),
            () => Nsec3Proofs.ProveWildcardAnswer(zoneApex, queryName, rrsigLabels, records, limits),
            () => Empty(DenialKind.WildcardAnswer, queryName, null));

    private static DenialProof Dispatch(IReadOnlyCollection<DnsResourceRecord>? records, Func<DenialProof> nsec, Func<DenialProof> nsec3, Func<DenialProof> none)
    {
        var hasNsec = records?.Any(r => r?.Type == DnsType.NSEC) ?? false;
        var hasNsec3 = records?.Any(r => r?.Type == DnsType.NSEC3) ?? false;
        if (hasNsec)
        {
            var first = nsec();
            if (first.IsProven || !hasNsec3)
            {
                return first;
            }

            var second = nsec3();
            return new DenialProof(second.Kind, second.QueryName, second.QueryType, second.Outcome,
                [.. first.Reasons, .. second.Reasons], second.RecordsUsed, second.ClosestEncloser, second.Nsec3Hashes);
        }

        return hasNsec3 ? nsec3() : none();
    }

    private static DenialProof Empty(DenialKind kind, DnsName? queryName, DnsType? queryType)
    {
        var log = new ProofLog(kind, queryName, queryType);
        return log.Fail("no NSEC or NSEC3 record was given", "RFC 4035 5.4; RFC 5155 8");
    }
}
