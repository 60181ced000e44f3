using System.Globalization;
using System.Text;
using DaneKit.Dns;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Records;

namespace DaneKit.Dnssec.Denial;

/// <summary>
/// Denial-of-existence proofs with NSEC3 records (RFC 5155 7.2 and 8): closest encloser proofs, NXDOMAIN,
/// NODATA (DS and wildcard cases included) and wildcard answers, with the iteration limits of RFC 9276 and
/// a hash budget against CVE-2023-50868. Pure functions: the caller has verified the signatures of the
/// NSEC3 RRsets it passes and names the apex of the zone that signed them.
/// </summary>
/// <remarks>
/// Records that are not NSEC3 are skipped silently. NSEC3 records owned elsewhere than one label below the
/// apex (RFC 5155 8.2), with an unknown hash algorithm (RFC 5155 8.1) or an owner label that is not a
/// base32hex hash are ignored with a reason. Records with different parameters are tried as separate sets;
/// each proof uses one set (RFC 5155 7.2, 8.2). No method throws on bad input.
/// </remarks>
public static class Nsec3Proofs
{
    private const string Rfc5155Ce = "RFC 5155 8.3";

    /// <summary>
    /// Proves NXDOMAIN for <paramref name="queryName"/> (RFC 5155 8.4): a closest encloser proof plus an
    /// NSEC3 covering the wildcard at the closest encloser. An Opt-Out flag on the record covering the next
    /// closer name gives <see cref="DenialOutcome.ProvenOptOut"/>: the name may exist as an unsigned delegation.
    /// </summary>
    /// <param name="zoneApex">The apex of the zone that signed the NSEC3 records.</param>
    /// <param name="queryName">The name said not to exist.</param>
    /// <param name="records">The NSEC3 records whose signatures verified (other types are skipped).</param>
    /// <param name="limits">The limits; <see cref="DenialLimits.Default"/> when null.</param>
    /// <returns>The proof.</returns>
    public static DenialProof ProveNameError(DnsName zoneApex, DnsName queryName, IEnumerable<DnsResourceRecord>? records, DenialLimits? limits = null) =>
        Run(new ProofLog(DenialKind.NameError, queryName, null), zoneApex, queryName, records, limits, ctx => NameError(ctx, queryName));

    /// <summary>
    /// Proves NODATA for (<paramref name="queryName"/>, <paramref name="queryType"/>): an NSEC3 matching the
    /// name without the type and CNAME (RFC 5155 8.5; for DS the parent-side NSEC3, 8.6); else, for DS, a
    /// closest provable encloser proof whose next closer name is covered by an Opt-Out NSEC3 (8.6: an
    /// unsigned delegation, <see cref="DenialOutcome.ProvenOptOut"/>); else the wildcard NODATA proof (8.7).
    /// </summary>
    /// <param name="zoneApex">The apex of the zone that signed the NSEC3 records.</param>
    /// <param name="queryName">The name that exists without the type.</param>
    /// <param name="queryType">The type said to be absent.</param>
    /// <param name="records">The NSEC3 records whose signatures verified (other types are skipped).</param>
    /// <param name="limits">The limits; <see cref="DenialLimits.Default"/> when null.</param>
    /// <returns>The proof.</returns>
    public static DenialProof ProveNoData(DnsName zoneApex, DnsName queryName, DnsType queryType, IEnumerable<DnsResourceRecord>? records, DenialLimits? limits = null) =>
        Run(new ProofLog(DenialKind.NoData, queryName, queryType), zoneApex, queryName, records, limits, ctx => NoData(ctx, queryName, queryType));

    /// <summary>
    /// Proves that a wildcard expansion was legitimate (RFC 5155 8.8): an NSEC3 covers the next closer name
    /// below the wildcard's closest encloser, so the query name does not exist. An Opt-Out flag on that record
    /// gives <see cref="DenialOutcome.ProvenOptOut"/>.
    /// </summary>
    /// <param name="zoneApex">The apex of the zone that signed the NSEC3 records.</param>
    /// <param name="queryName">The owner name of the expanded answer (the query name).</param>
    /// <param name="rrsigLabels">The Labels field of the answer's RRSIG (RFC 4034 3.1.3).</param>
    /// <param name="records">The NSEC3 records whose signatures verified (other types are skipped).</param>
    /// <param name="limits">The limits; <see cref="DenialLimits.Default"/> when null.</param>
    /// <returns>The proof.</returns>
    public static DenialProof ProveWildcardAnswer(DnsName zoneApex, DnsName queryName, int rrsigLabels, IEnumerable<DnsResourceRecord>? records, DenialLimits? limits = null)
    {
        var log = new ProofLog(DenialKind.WildcardAnswer, queryName, null);
        if (zoneApex is not null && queryName is not null
            && !DenialChecks.WildcardClosestEncloser(zoneApex, queryName, rrsigLabels, log, out _))
        {
            return log.Finish(DenialOutcome.NotProven);
        }

        return Run(log, zoneApex, queryName, records, limits, ctx => WildcardAnswer(ctx, queryName!, rrsigLabels));
    }

    private static DenialProof Run(ProofLog log, DnsName? zoneApex, DnsName? queryName, IEnumerable<DnsResourceRecord>? records,
        DenialLimits? limits, Func<Context, DenialOutcome> proof)
    {
        limits ??= DenialLimits.Default;
        if (!DenialChecks.Arguments(zoneApex, queryName, records, log))
        {
            return log.Finish(DenialOutcome.NotProven);
        }

        var usable = Collect(zoneApex!, records!, limits, log);
        if (usable.Count == 0)
        {
            log.Add($"no usable NSEC3 record for zone {zoneApex}", "RFC 5155 8.1");
            return log.Finish(DenialOutcome.NotProven);
        }

        var budget = new HashBudget(limits.MaxNsec3Hashes);
        var overHard = false;
        var overSoft = false;
        foreach (var set in usable.GroupBy(r => r.ParameterKey).OrderByDescending(g => g.Count()))
        {
            var first = set.First();
            var iterations = first.Data.Iterations;
            if (iterations > limits.Nsec3IterationsHardLimit)
            {
                overHard = true;
                log.Add($"NSEC3 {first} uses {iterations} iterations, above the hard limit of {limits.Nsec3IterationsHardLimit}: bogus", "RFC 9276 3.2, App. A");
                continue;
            }

            if (iterations > limits.Nsec3IterationsSoftLimit)
            {
                overSoft = true;
                log.Add($"NSEC3 {first} uses {iterations} iterations, above the soft limit of {limits.Nsec3IterationsSoftLimit}: insecure, not hashed", "RFC 9276 3.2, App. A");
                continue;
            }

            var ctx = new Context(zoneApex!, [.. set], budget, log);
            var outcome = proof(ctx);
            log.Nsec3Hashes = budget.Used;
            if (outcome is DenialOutcome.Proven or DenialOutcome.ProvenOptOut)
            {
                return log.Finish(outcome);
            }

            if (budget.Exhausted)
            {
                log.Add($"NSEC3 hash budget exhausted after {budget.Used} hashes", "CVE-2023-50868; DenialLimits.MaxNsec3Hashes");
                return log.Finish(DenialOutcome.Bogus);
            }
        }

        return log.Finish(overHard ? DenialOutcome.Bogus : overSoft ? DenialOutcome.Insecure : DenialOutcome.NotProven);
    }

    private static DenialOutcome NameError(Context ctx, DnsName queryName)
    {
        var ce = ClosestEncloserProof(ctx, queryName);
        if (ce is null)
        {
            return DenialOutcome.NotProven;
        }

        if (ce.NextCloserCover is null)
        {
            ctx.Log.Add($"NSEC3 {ce.Match} matches H({queryName}): the name exists", "RFC 5155 8.4");
            return DenialOutcome.NotProven;
        }

        if (!WildcardCovered(ctx, ce.Name))
        {
            return DenialOutcome.NotProven;
        }

        return OptOutOr(ctx, ce, DenialOutcome.Proven, "RFC 5155 8.4");
    }

    private static DenialOutcome NoData(Context ctx, DnsName queryName, DnsType queryType)
    {
        var hash = ctx.Hash(queryName);
        if (hash is null)
        {
            return DenialOutcome.NotProven;
        }

        var match = ctx.Match(hash);
        if (match is not null)
        {
            ctx.Log.Use(match.Record);
            if (!BitmapDenies(ctx, match, queryName, queryType, queryType == DnsType.DS ? "RFC 5155 8.6" : "RFC 5155 8.5"))
            {
                return DenialOutcome.NotProven;
            }

            ctx.Log.Add($"NSEC3 {match} matches H({queryName}) and has no {queryType.ToText()} and no CNAME", queryType == DnsType.DS ? "RFC 5155 8.6" : "RFC 5155 8.5");
            return DenialOutcome.Proven;
        }

        ctx.Log.Add($"no NSEC3 matches H({queryName}) ({Base32Hex.Encode(hash)}); trying a closest encloser proof", "RFC 5155 8.5");
        var ce = ClosestEncloserProof(ctx, queryName);
        if (ce?.NextCloserCover is null)
        {
            return DenialOutcome.NotProven;
        }

        if (queryType == DnsType.DS)
        {
            if (!ce.NextCloserCover.Data.OptOut)
            {
                ctx.Log.Add($"NSEC3 {ce.NextCloserCover} covering the next closer name {ce.NextCloser} has no Opt-Out flag: a DS NODATA needs an NSEC3 matching {queryName}", "RFC 5155 8.6");
                return DenialOutcome.NotProven;
            }

            ctx.Log.Add($"NSEC3 {ce.NextCloserCover} covering the next closer name {ce.NextCloser} has the Opt-Out flag: {queryName} can only be an unsigned delegation (insecure)", "RFC 5155 8.6, 9.2");
            return DenialOutcome.ProvenOptOut;
        }

        // Wildcard NODATA (RFC 5155 8.7): an NSEC3 matching *.ce without the type.
        var wildcard = DenialNames.Wildcard(ce.Name);
        var wildcardHash = wildcard is null ? null : ctx.Hash(wildcard);
        var atWildcard = wildcardHash is null ? null : ctx.Match(wildcardHash);
        if (atWildcard is not null)
        {
            ctx.Log.Use(atWildcard.Record);
            if (!BitmapDenies(ctx, atWildcard, wildcard!, queryType, "RFC 5155 8.7"))
            {
                return DenialOutcome.NotProven;
            }

            ctx.Log.Add($"wildcard NODATA: NSEC3 {atWildcard} matches H({wildcard}) and has no {queryType.ToText()} and no CNAME", "RFC 5155 8.7");
            return OptOutOr(ctx, ce, DenialOutcome.Proven, "RFC 5155 8.7");
        }

        if (wildcardHash is null && ctx.Budget.Exhausted)
        {
            return DenialOutcome.NotProven;
        }

        if (ce.NextCloserCover.Data.OptOut)
        {
            // An empty non-terminal made only by unsigned delegations in an opt-out span has no NSEC3 of its
            // own; the opt-out cover is all a server can send. It proves nothing secure (Unbound does the same).
            ctx.Log.Add($"no NSEC3 matches {queryName} or {wildcard}; NSEC3 {ce.NextCloserCover} covering the next closer name {ce.NextCloser} has the Opt-Out flag: {queryName} may be an empty non-terminal of unsigned delegations (insecure)", "RFC 5155 6, 8.5");
            return DenialOutcome.ProvenOptOut;
        }

        ctx.Log.Add($"no NSEC3 matches {queryName} or the wildcard {wildcard}: NODATA not proven", "RFC 5155 8.5, 8.7");
        return DenialOutcome.NotProven;
    }

    private static DenialOutcome WildcardAnswer(Context ctx, DnsName queryName, int rrsigLabels)
    {
        var ce = queryName.Suffix(rrsigLabels);
        var nextCloser = queryName.Suffix(rrsigLabels + 1);
        ctx.Log.ClosestEncloser = ce;
        var hash = ctx.Hash(nextCloser);
        if (hash is null)
        {
            return DenialOutcome.NotProven;
        }

        var cover = ctx.Cover(hash);
        if (cover is null)
        {
            ctx.Log.Add($"no NSEC3 covers the next closer name {nextCloser} (hash {Base32Hex.Encode(hash)}): nothing proves {queryName} does not exist", "RFC 5155 8.8");
            return DenialOutcome.NotProven;
        }

        ctx.Log.Use(cover.Record);
        ctx.Log.Add($"NSEC3 {cover} covers the next closer name {nextCloser} (hash {Base32Hex.Encode(hash)}): the expansion of *.{ce} is legitimate", "RFC 5155 8.8");
        if (cover.Data.OptOut)
        {
            ctx.Log.Add($"NSEC3 {cover} has the Opt-Out flag: {nextCloser} may exist as an unsigned delegation (insecure)", "RFC 5155 6, 9.2");
            return DenialOutcome.ProvenOptOut;
        }

        return DenialOutcome.Proven;
    }

    /// <summary>
    /// The closest encloser proof of RFC 5155 8.3: the longest ancestor of <paramref name="name"/> (itself
    /// included) whose hash an NSEC3 matches, and an NSEC3 covering the hash of the next closer name. Null
    /// when the proof fails (the reason is logged); a result without <see cref="Encloser.NextCloserCover"/>
    /// means the name itself matched.
    /// </summary>
    private static Encloser? ClosestEncloserProof(Context ctx, DnsName name)
    {
        var candidate = name;
        DnsName? previous = null;
        while (true)
        {
            var hash = ctx.Hash(candidate);
            if (hash is null)
            {
                return null;
            }

            var match = ctx.Match(hash);
            if (match is not null)
            {
                ctx.Log.Use(match.Record);
                ctx.Log.ClosestEncloser = candidate;
                if (previous is null)
                {
                    return new Encloser(candidate, match, null, null);
                }

                var bitmap = match.Data.TypeBitmap;
                if (bitmap.Contains(DnsType.DNAME) || (bitmap.Contains(DnsType.NS) && !bitmap.Contains(DnsType.SOA)))
                {
                    ctx.Log.Add($"NSEC3 {match} matches H({candidate}), which is a delegation or DNAME: names below it are not in this zone and it cannot be the closest encloser", Rfc5155Ce);
                    return null;
                }

                ctx.Log.Add($"NSEC3 closest encloser {candidate} proven by NSEC3 {match} (matches H({candidate}))", Rfc5155Ce);
                var nextHash = ctx.Hash(previous)!; // cached: hashed in the previous round
                var cover = ctx.Cover(nextHash);
                if (cover is null)
                {
                    ctx.Log.Add($"no NSEC3 covers the next closer name {previous} (hash {Base32Hex.Encode(nextHash)})", Rfc5155Ce);
                    return null;
                }

                ctx.Log.Use(cover.Record);
                ctx.Log.Add($"NSEC3 {cover} covers the next closer name {previous} (hash {Base32Hex.Encode(nextHash)})", Rfc5155Ce);
                return new Encloser(candidate, match, previous, cover);
            }

            if (candidate == ctx.Apex)
            {
                ctx.Log.Add($"no NSEC3 matches {name} or any of its ancestors up to the apex {ctx.Apex}: no closest encloser", Rfc5155Ce);
                return null;
            }

            previous = candidate;
            candidate = candidate.Parent();
        }
    }

    private static bool WildcardCovered(Context ctx, DnsName ce)
    {
        var wildcard = DenialNames.Wildcard(ce);
        if (wildcard is null)
        {
            ctx.Log.Add($"the wildcard at the closest encloser {ce} would exceed 255 octets", "RFC 1035 2.3.4");
            return false;
        }

        var hash = ctx.Hash(wildcard);
        if (hash is null)
        {
            return false;
        }

        var match = ctx.Match(hash);
        if (match is not null)
        {
            ctx.Log.Use(match.Record);
            ctx.Log.Add($"NSEC3 {match} matches H({wildcard}): the wildcard exists, the answer should have been synthesised from it", "RFC 5155 8.4");
            return false;
        }

        var cover = ctx.Cover(hash);
        if (cover is null)
        {
            ctx.Log.Add($"no NSEC3 covers the wildcard {wildcard} (hash {Base32Hex.Encode(hash)}) at the closest encloser {ce}: missing wildcard proof", "RFC 5155 8.4");
            return false;
        }

        ctx.Log.Use(cover.Record);
        ctx.Log.Add($"NSEC3 {cover} covers the wildcard {wildcard} (hash {Base32Hex.Encode(hash)})", "RFC 5155 8.4");
        return true;
    }

    private static DenialOutcome OptOutOr(Context ctx, Encloser ce, DenialOutcome outcome, string rfc)
    {
        if (ce.NextCloserCover is { } cover && cover.Data.OptOut)
        {
            ctx.Log.Add($"NSEC3 {cover} covering the next closer name {ce.NextCloser} has the Opt-Out flag: {ce.NextCloser} may exist as an unsigned delegation (insecure)", $"{rfc}; RFC 5155 6, 9.2");
            return DenialOutcome.ProvenOptOut;
        }

        return outcome;
    }

    private static bool BitmapDenies(Context ctx, Nsec3 nsec3, DnsName owner, DnsType type, string rfc)
    {
        var bitmap = nsec3.Data.TypeBitmap;
        if (bitmap.Contains(type))
        {
            ctx.Log.Add($"NSEC3 {nsec3} matches H({owner}) and lists {type.ToText()}: the type exists", rfc);
            return false;
        }

        if (type != DnsType.CNAME && bitmap.Contains(DnsType.CNAME))
        {
            ctx.Log.Add($"NSEC3 {nsec3} matches H({owner}) and lists CNAME: the answer should have been the alias", rfc);
            return false;
        }

        if (type == DnsType.DS)
        {
            if (bitmap.Contains(DnsType.SOA) && !owner.IsRoot)
            {
                ctx.Log.Add($"NSEC3 {nsec3} matches H({owner}) with SOA set: it is the child zone's apex NSEC3 and cannot deny a DS, which lives in the parent", "RFC 5155 8.6; RFC 6840 4.4");
                return false;
            }
        }
        else if (bitmap.Contains(DnsType.NS) && !bitmap.Contains(DnsType.SOA))
        {
            ctx.Log.Add($"NSEC3 {nsec3} matches H({owner}) at a delegation (NS set, SOA clear): the parent side can deny only DS, not {type.ToText()}", "RFC 6840 4.4");
            return false;
        }

        return true;
    }

    private static List<Nsec3> Collect(DnsName zoneApex, IEnumerable<DnsResourceRecord> records, DenialLimits limits, ProofLog log)
    {
        var usable = new List<Nsec3>();
        foreach (var rr in records)
        {
            if (rr?.Data is not Nsec3Data data)
            {
                continue;
            }

            if (rr.Name.LabelCount != zoneApex.LabelCount + 1 || !rr.Name.IsSubdomainOf(zoneApex))
            {
                log.Add($"NSEC3 {rr.Name} ignored: not owned by a hash one label below the zone apex {zoneApex}", "RFC 5155 8.2");
                continue;
            }

            if (!Nsec3Hash.IsSupported(data.HashAlgorithm))
            {
                log.Add($"NSEC3 {rr.Name} ignored: unknown hash algorithm {data.HashAlgorithm.ToString(CultureInfo.InvariantCulture)}", "RFC 5155 8.1");
                continue;
            }

            byte[] ownerHash;
            try
            {
                ownerHash = Base32Hex.Decode(Encoding.ASCII.GetString(rr.Name.Label(0)), "NSEC3 owner");
            }
            catch (PresentationException e)
            {
                log.Add($"NSEC3 {rr.Name} ignored: the owner label is not a hash ({e.Message})", "RFC 5155 3");
                continue;
            }

            if (ownerHash.Length != Nsec3Hash.Sha1Length || data.NextHashedOwnerName.Length != Nsec3Hash.Sha1Length)
            {
                log.Add($"NSEC3 {rr.Name} ignored: owner or next hash is not {Nsec3Hash.Sha1Length} octets (SHA-1)", "RFC 5155 3.2");
                continue;
            }

            if (usable.Count >= limits.MaxRecordsPerProof)
            {
                log.Add($"NSEC3 {rr.Name} ignored: more than {limits.MaxRecordsPerProof} NSEC3 records", "CVE-2023-50868; DenialLimits.MaxRecordsPerProof");
                continue;
            }

            usable.Add(new Nsec3(rr, data, ownerHash));
        }

        return usable;
    }

    /// <summary>One usable NSEC3 record with its decoded owner hash.</summary>
    private sealed class Nsec3(DnsResourceRecord record, Nsec3Data data, byte[] ownerHash)
    {
        public DnsResourceRecord Record { get; } = record;

        public Nsec3Data Data { get; } = data;

        public byte[] OwnerHash { get; } = ownerHash;

        /// <summary>Hash algorithm, iterations and salt: records of one proof must share them (RFC 5155 8.2).</summary>
        public string ParameterKey { get; } = string.Create(CultureInfo.InvariantCulture,
            $"{data.HashAlgorithm}/{data.Iterations}/{Convert.ToHexString(data.Salt)}");

        public bool Matches(byte[] hash) => OwnerHash.AsSpan().SequenceEqual(hash);

        /// <summary>owner &lt; hash &lt; next in hash order, with the wrap-around of the last NSEC3 (RFC 5155 8.3).</summary>
        public bool Covers(byte[] hash)
        {
            var owner = OwnerHash.AsSpan();
            var next = Data.NextHashedOwnerName;
            var h = hash.AsSpan();
            return owner.SequenceCompareTo(next) < 0
                ? owner.SequenceCompareTo(h) < 0 && h.SequenceCompareTo(next) < 0
                : owner.SequenceCompareTo(h) < 0 || h.SequenceCompareTo(next) < 0;
        }

        /// <summary>The form used in reasons: <c>OWNERHASH -> NEXTHASH</c> (base32hex).</summary>
        public override string ToString() => $"{Base32Hex.Encode(OwnerHash)} -> {Base32Hex.Encode(Data.NextHashedOwnerName)}";
    }

    /// <summary>The result of a closest encloser proof.</summary>
    private sealed record Encloser(DnsName Name, Nsec3 Match, DnsName? NextCloser, Nsec3? NextCloserCover);

    /// <summary>The hash budget of one proof, shared by all parameter sets tried.</summary>
    private sealed class HashBudget(int max)
    {
        public int Used { get; private set; }

        public bool Exhausted { get; private set; }

        public bool TrySpend()
        {
            if (Used >= max)
            {
                Exhausted = true;
                return false;
            }

            Used++;
            return true;
        }
    }

    /// <summary>One parameter set's records, its hash cache and the shared budget.</summary>
    private sealed class Context(DnsName apex, List<Nsec3> records, HashBudget budget, ProofLog log)
    {
        private readonly Dictionary<DnsName, byte[]> _hashes = [];
        private readonly Nsec3Data _parameters = records[0].Data;

        public DnsName Apex { get; } = apex;

        public HashBudget Budget { get; } = budget;

        public ProofLog Log { get; } = log;

        /// <summary>H(name) with this set's parameters, or null when the budget is exhausted.</summary>
        public byte[]? Hash(DnsName name)
        {
            if (_hashes.TryGetValue(name, out var cached))
            {
                return cached;
            }

            if (!Budget.TrySpend())
            {
                return null;
            }

            var hash = Nsec3Hash.ComputeSha1(name, _parameters.Salt, _parameters.Iterations);
            _hashes[name] = hash;
            return hash;
        }

        public Nsec3? Match(byte[] hash) => records.Find(r => r.Matches(hash));

        public Nsec3? Cover(byte[] hash) => records.Find(r => r.Covers(hash));
    }
}
