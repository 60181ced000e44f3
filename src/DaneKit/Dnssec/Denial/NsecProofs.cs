using DaneKit.Dns;
using DaneKit.Dns.Records;

namespace DaneKit.Dnssec.Denial;

/// <summary>
/// Denial-of-existence proofs with NSEC records (RFC 4035 5.4, RFC 4034 4, RFC 6840 4.1 and 4.4, RFC 4592
/// wildcards). Pure functions: the caller has verified the signatures of the NSEC RRsets it passes and names
/// the apex of the zone that signed them.
/// </summary>
/// <remarks>
/// Records that are not NSEC are skipped silently (so a whole authority section may be passed); NSEC records
/// whose owner or next name lies outside the zone are ignored with a reason. No method throws on bad input.
/// </remarks>
public static class NsecProofs
{
    private const string Rfc4035Denial = "RFC 4035 5.4";
    private const string Rfc6840Delegation = "RFC 6840 4.1";
    private const string Rfc6840Ds = "RFC 6840 4.4";
    private const string Rfc4035Wildcard = "RFC 4035 5.3.4";

    /// <summary>
    /// Proves NXDOMAIN for <paramref name="queryName"/>: an NSEC covers the name, and an NSEC covers the
    /// wildcard at its closest encloser (RFC 4035 5.4, RFC 4592 3.3.1).
    /// </summary>
    /// <param name="zoneApex">The apex of the zone that signed the NSEC records.</param>
    /// <param name="queryName">The name said not to exist.</param>
    /// <param name="records">The NSEC records whose signatures verified (other types are skipped).</param>
    /// <param name="limits">The limits; <see cref="DenialLimits.Default"/> when null.</param>
    /// <returns>The proof.</returns>
    public static DenialProof ProveNameError(DnsName zoneApex, DnsName queryName, IEnumerable<DnsResourceRecord>? records, DenialLimits? limits = null)
    {
        var log = new ProofLog(DenialKind.NameError, queryName, null);
        if (!Collect(zoneApex, queryName, records, limits ?? DenialLimits.Default, log, out var nsecs))
        {
            return log.Finish(DenialOutcome.NotProven);
        }

        return NameError(zoneApex, queryName, nsecs, log);
    }

    /// <summary>
    /// Proves NODATA for (<paramref name="queryName"/>, <paramref name="queryType"/>): an NSEC owned by the
    /// name whose bitmap lacks the type and CNAME (with the parent-side rules of RFC 6840 4.4 for DS and
    /// delegations); else an NSEC showing the name is an empty non-terminal; else the wildcard NODATA proof
    /// (an NSEC covering the name plus the NSEC of the wildcard at the closest encloser lacking the type).
    /// </summary>
    /// <param name="zoneApex">The apex of the zone that signed the NSEC records.</param>
    /// <param name="queryName">The name that exists without the type.</param>
    /// <param name="queryType">The type said to be absent.</param>
    /// <param name="records">The NSEC records whose signatures verified (other types are skipped).</param>
    /// <param name="limits">The limits; <see cref="DenialLimits.Default"/> when null.</param>
    /// <returns>The proof.</returns>
    public static DenialProof ProveNoData(DnsName zoneApex, DnsName queryName, DnsType queryType, IEnumerable<DnsResourceRecord>? records, DenialLimits? limits = null)
    {
        var log = new ProofLog(DenialKind.NoData, queryName, queryType);
        if (!Collect(zoneApex, queryName, records, limits ?? DenialLimits.Default, log, out var nsecs))
        {
            return log.Finish(DenialOutcome.NotProven);
        }

        var exact = nsecs.Find(n => n.Record.Name == queryName);
        if (exact is not null)
        {
            log.Use(exact.Record);
            return BitmapDenies(exact, queryName, queryType, log, "at")
                ? Proven(log, $"NSEC {exact} at {queryName} has no {queryType.ToText()} and no CNAME", Rfc4035Denial)
                : log.Finish(DenialOutcome.NotProven);
        }

        var cover = FindCover(queryName, nsecs, log);
        if (cover is null)
        {
            return log.Fail($"no NSEC is owned by {queryName} or covers it", Rfc4035Denial);
        }

        log.Use(cover.Record);
        if (DenialNames.IsStrictlyBelow(cover.Next, queryName))
        {
            // The next name lies below the query name: the query name is an empty non-terminal, which exists
            // and owns no records at all.
            return Proven(log, $"NSEC {cover} covers {queryName} and its next name is below it: {queryName} is an empty non-terminal with no {queryType.ToText()}", Rfc4035Denial);
        }

        log.Add($"NSEC {cover} covers {queryName}: no exact match; trying the wildcard NODATA proof", Rfc4035Denial);
        var ce = ClosestEncloser(queryName, cover);
        log.ClosestEncloser = ce;
        var wildcard = DenialNames.Wildcard(ce);
        var atWildcard = wildcard is null ? null : nsecs.Find(n => n.Record.Name == wildcard);
        if (atWildcard is null)
        {
            return log.Fail($"no NSEC owned by the wildcard *.{ce} (closest encloser {ce}): the NSEC proves the name does not exist, not NODATA", Rfc4035Denial);
        }

        log.Use(atWildcard.Record);
        return BitmapDenies(atWildcard, wildcard!, queryType, log, "at the wildcard")
            ? Proven(log, $"wildcard NODATA: NSEC {atWildcard} at the source of synthesis {wildcard} has no {queryType.ToText()} and no CNAME", Rfc4035Denial)
            : log.Finish(DenialOutcome.NotProven);
    }

    /// <summary>
    /// Proves that a wildcard expansion was legitimate: an NSEC covers <paramref name="queryName"/>, so the
    /// name itself does not exist, and no name exists between it and the wildcard's closest encloser
    /// (RFC 4035 5.3.4, RFC 4592 3.3.1).
    /// </summary>
    /// <param name="zoneApex">The apex of the zone that signed the NSEC records.</param>
    /// <param name="queryName">The owner name of the expanded answer (the query name).</param>
    /// <param name="rrsigLabels">The Labels field of the answer's RRSIG, fewer than the owner's labels for an expansion (RFC 4034 3.1.3).</param>
    /// <param name="records">The NSEC records whose signatures verified (other types are skipped).</param>
    /// <param name="limits">The limits; <see cref="DenialLimits.Default"/> when null.</param>
    /// <returns>The proof.</returns>
    public static DenialProof ProveWildcardAnswer(DnsName zoneApex, DnsName queryName, int rrsigLabels, IEnumerable<DnsResourceRecord>? records, DenialLimits? limits = null)
    {
        var log = new ProofLog(DenialKind.WildcardAnswer, queryName, null);
        if (!Collect(zoneApex, queryName, records, limits ?? DenialLimits.Default, log, out var nsecs))
        {
            return log.Finish(DenialOutcome.NotProven);
        }

        if (!DenialChecks.WildcardClosestEncloser(zoneApex, queryName, rrsigLabels, log, out var ce))
        {
            return log.Finish(DenialOutcome.NotProven);
        }

        log.ClosestEncloser = ce;
        var exact = nsecs.Find(n => n.Record.Name == queryName);
        if (exact is not null)
        {
            log.Use(exact.Record);
            return log.Fail($"NSEC {exact} is owned by {queryName}: the name exists, the wildcard cannot apply", Rfc4035Wildcard);
        }

        var cover = FindCover(queryName, nsecs, log);
        if (cover is null)
        {
            return log.Fail($"no NSEC covers {queryName}: nothing proves the name itself does not exist", Rfc4035Wildcard);
        }

        log.Use(cover.Record);
        var proven = ClosestEncloser(queryName, cover);
        if (proven != ce)
        {
            return log.Fail($"NSEC {cover} covers {queryName} but shows the closest encloser is {proven}, not {ce} (the wildcard's parent): a closer name exists", "RFC 4592 3.3.1");
        }

        return Proven(log, $"NSEC {cover} covers {queryName}: the name does not exist, so the expansion of *.{ce} is legitimate", Rfc4035Wildcard);
    }

    private static DenialProof NameError(DnsName zoneApex, DnsName queryName, List<Nsec> nsecs, ProofLog log)
    {
        var exact = nsecs.Find(n => n.Record.Name == queryName);
        if (exact is not null)
        {
            log.Use(exact.Record);
            return log.Fail($"NSEC {exact} is owned by {queryName}: the name exists", Rfc4035Denial);
        }

        var cover = FindCover(queryName, nsecs, log);
        if (cover is null)
        {
            return log.Fail($"no NSEC covers {queryName}", Rfc4035Denial);
        }

        log.Use(cover.Record);
        if (DenialNames.IsStrictlyBelow(cover.Next, queryName))
        {
            return log.Fail($"NSEC {cover} covers {queryName} but its next name is below it: {queryName} is an empty non-terminal and exists", Rfc4035Denial);
        }

        log.Add($"NSEC {cover} covers {queryName}", Rfc4035Denial);
        var ce = ClosestEncloser(queryName, cover);
        log.ClosestEncloser = ce;
        if (!ce.IsSubdomainOf(zoneApex))
        {
            return log.Fail($"closest encloser {ce} is outside the zone {zoneApex}", Rfc4035Denial);
        }

        var wildcard = DenialNames.Wildcard(ce);
        if (wildcard is null)
        {
            return log.Fail($"the wildcard at the closest encloser {ce} would exceed 255 octets", "RFC 1035 2.3.4");
        }

        var atWildcard = nsecs.Find(n => n.Record.Name == wildcard);
        if (atWildcard is not null)
        {
            log.Use(atWildcard.Record);
            return log.Fail($"NSEC {atWildcard} shows the wildcard {wildcard} exists: the answer should have been synthesised from it", "RFC 4592 3.3.1");
        }

        var wildcardCover = FindCover(wildcard, nsecs, log);
        if (wildcardCover is null)
        {
            return log.Fail($"closest encloser {ce}; no NSEC covers the wildcard {wildcard}: missing wildcard proof", Rfc4035Denial);
        }

        log.Use(wildcardCover.Record);
        return Proven(log, $"NSEC {wildcardCover} covers the wildcard {wildcard} at the closest encloser {ce}", Rfc4035Denial);
    }

    /// <summary>Checks that an NSEC owned by <paramref name="owner"/> denies <paramref name="type"/>.</summary>
    private static bool BitmapDenies(Nsec nsec, DnsName owner, DnsType type, ProofLog log, string where)
    {
        var bitmap = nsec.Data.TypeBitmap;
        if (bitmap.Contains(type))
        {
            log.Add($"NSEC {nsec} {where} {owner} lists {type.ToText()}: the type exists", Rfc4035Denial);
            return false;
        }

        if (type != DnsType.CNAME && bitmap.Contains(DnsType.CNAME))
        {
            log.Add($"NSEC {nsec} {where} {owner} lists CNAME: the answer should have been the alias", Rfc4035Denial);
            return false;
        }

        if (type == DnsType.DS)
        {
            if (bitmap.Contains(DnsType.SOA) && !owner.IsRoot)
            {
                log.Add($"NSEC {nsec} {where} {owner} has SOA set: it is the child zone's apex NSEC and cannot deny a DS, which lives in the parent", Rfc6840Ds);
                return false;
            }
        }
        else if (bitmap.Contains(DnsType.NS) && !bitmap.Contains(DnsType.SOA))
        {
            log.Add($"NSEC {nsec} {where} {owner} is from the parent side of a delegation (NS set, SOA clear): it can deny only DS, not {type.ToText()}", Rfc6840Ds);
            return false;
        }

        return true;
    }

    /// <summary>Finds an NSEC that covers <paramref name="name"/> and may be used for it.</summary>
    private static Nsec? FindCover(DnsName name, List<Nsec> nsecs, ProofLog log)
    {
        foreach (var n in nsecs)
        {
            if (!Covers(n.Record.Name, n.Next, name))
            {
                continue;
            }

            var bitmap = n.Data.TypeBitmap;
            if (DenialNames.IsStrictlyBelow(name, n.Record.Name))
            {
                if (bitmap.Contains(DnsType.NS) && !bitmap.Contains(DnsType.SOA))
                {
                    log.Add($"NSEC {n} is at a delegation (NS set, SOA clear): it cannot deny {name}, which lies in the child zone", Rfc6840Delegation);
                    continue;
                }

                if (bitmap.Contains(DnsType.DNAME))
                {
                    log.Add($"NSEC {n} is at a DNAME: names below {n.Record.Name} are redirected, it cannot deny {name}", "RFC 6672 2.3");
                    continue;
                }
            }

            return n;
        }

        return null;
    }

    /// <summary>
    /// Whether the NSEC range (owner, next) covers <paramref name="name"/> in canonical order: owner &lt; name &lt;
    /// next, or, for the last NSEC of the zone whose next name wraps to the apex, owner &lt; name.
    /// </summary>
    internal static bool Covers(DnsName owner, DnsName next, DnsName name)
    {
        if (owner.CompareTo(next) < 0)
        {
            return owner.CompareTo(name) < 0 && name.CompareTo(next) < 0;
        }

        // next <= owner: the last NSEC of the chain (RFC 4034 4.1.1).
        return owner.CompareTo(name) < 0 || name.CompareTo(next) < 0;
    }

    /// <summary>
    /// The closest encloser that a covering NSEC proves: the longer of the common ancestors of the query
    /// name with the NSEC's owner and with its next name (RFC 4035 5.4; RFC 4592 3.3.1).
    /// </summary>
    private static DnsName ClosestEncloser(DnsName name, Nsec cover)
    {
        var a = DenialNames.CommonAncestor(name, cover.Record.Name);
        var b = DenialNames.CommonAncestor(name, cover.Next);
        return a.LabelCount >= b.LabelCount ? a : b;
    }

    private static DenialProof Proven(ProofLog log, string text, string rfc)
    {
        log.Add(text, rfc);
        return log.Finish(DenialOutcome.Proven);
    }

    private static bool Collect(DnsName zoneApex, DnsName queryName, IEnumerable<DnsResourceRecord>? records, DenialLimits limits, ProofLog log, out List<Nsec> nsecs)
    {
        nsecs = [];
        if (!DenialChecks.Arguments(zoneApex, queryName, records, log))
        {
            return false;
        }

        foreach (var rr in records!)
        {
            if (rr?.Data is not NsecData data)
            {
                continue;
            }

            var nsec = new Nsec(rr, data);
            if (!rr.Name.IsSubdomainOf(zoneApex) || !data.NextDomainName.IsSubdomainOf(zoneApex))
            {
                log.Add($"NSEC {nsec} ignored: not in the zone {zoneApex}", "RFC 4035 5.4");
                continue;
            }

            if (nsecs.Count >= limits.MaxRecordsPerProof)
            {
                log.Add($"NSEC {nsec} ignored: more than {limits.MaxRecordsPerProof} NSEC records", "RFC 4035 5.4; DenialLimits.MaxRecordsPerProof");
                continue;
            }

            nsecs.Add(nsec);
        }

        if (nsecs.Count == 0)
        {
            log.Add($"no usable NSEC record for zone {zoneApex}", Rfc4035Denial);
            return false;
        }

        return true;
    }

    /// <summary>One NSEC record with its typed data.</summary>
    private sealed class Nsec(DnsResourceRecord record, NsecData data)
    {
        public DnsResourceRecord Record { get; } = record;

        public NsecData Data { get; } = data;

        public DnsName Next => Data.NextDomainName;

        /// <summary>The form used in reasons: <c>owner -> next</c>.</summary>
        public override string ToString() => $"{Record.Name} -> {Data.NextDomainName}";
    }
}
