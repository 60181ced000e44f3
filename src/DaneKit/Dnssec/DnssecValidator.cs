using System.Globalization;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dns.Wire;
using DaneKit.Dnssec.Crypto;
using DaneKit.Dnssec.Denial;

namespace DaneKit.Dnssec;

/// <summary>
/// DaneKit's own DNSSEC validator (RFC 4033, 4034, 4035, 5155, 6840). It fetches data with DNSSEC records
/// from an <see cref="IDnssecDataSource"/>, builds the chain of trust from the trust anchors down
/// (DS → DNSKEY → RRSIG at every zone cut), checks denial-of-existence proofs, and says why: every result
/// carries the chain it used and a reason chain naming the signature, key, DS or proof that decided it.
/// </summary>
/// <remarks>
/// Bounded on hostile input: every limit is in <see cref="ValidatorOptions"/>; going over one gives
/// <see cref="SecurityStatus.Bogus"/> with a reason. Validated zone keys are cached for their TTL, and signatures
/// that verified are remembered (<see cref="VerifiedSignatureCache"/>): a hit still counts against the verification
/// budget, so a result never depends on what is cached.
/// </remarks>
public sealed class DnssecValidator : IDnssecValidator
{
    private const int MaxCachedZones = 4096;
    private readonly IDnssecDataSource _source;
    private readonly TrustAnchors _anchors;
    private readonly TimeProvider _time;
    private readonly Dictionary<DnsName, (KeyEntry Entry, DateTimeOffset Until)> _keyCache = [];
    private readonly Lock _cacheLock = new();
    private readonly VerifiedSignatureCache _signatures = new();

    /// <summary>Creates a validator.</summary>
    /// <param name="source">Where DNS data comes from.</param>
    /// <param name="anchors">The trust anchors; the IANA root anchors when null.</param>
    /// <param name="options">The limits; defaults when null.</param>
    /// <param name="timeProvider">The clock for signature validity windows and key caching.</param>
    public DnssecValidator(IDnssecDataSource source, TrustAnchors? anchors = null, ValidatorOptions? options = null, TimeProvider? timeProvider = null)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _anchors = anchors ?? TrustAnchors.IanaRoot;
        Options = options ?? new ValidatorOptions();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The validator's limits.</summary>
    public ValidatorOptions Options { get; }

    /// <summary>Looks up and validates NAME/TYPE.</summary>
    /// <param name="name">The name.</param>
    /// <param name="type">The type.</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    /// <returns>The validated answer; never throws for DNS, DNSSEC or network problems.</returns>
    public async Task<ValidatedAnswer> ValidateAsync(DnsName name, DnsType type, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var ctx = new Context(this, cancellationToken);
        var question = new DnsQuestion(name, type);
        try
        {
            return await ValidateQuestionAsync(ctx, question).ConfigureAwait(false);
        }
        catch (BudgetExhaustedException e)
        {
            ctx.Fail(name, type, e.Message, e.Rfc);
            return ctx.Result(question, SecurityStatus.Bogus, DnsResponseCode.ServFail, [], [], isDenial: false);
        }
    }

    private async Task<ValidatedAnswer> ValidateQuestionAsync(Context ctx, DnsQuestion question)
    {
        var lookup = await ctx.LookupAsync(question.Name, question.Type).ConfigureAwait(false);
        if (lookup.Error is { } error)
        {
            ctx.Fail(question.Name, question.Type, $"lookup failed: {error} from {lookup.Server}", "RFC 4035 4.3");
            return ctx.Result(question, SecurityStatus.Indeterminate, DnsResponseCode.ServFail, [], [], isDenial: false);
        }

        var rrsets = new List<ValidatedRRset>();
        var current = question.Name;
        var statuses = new List<SecurityStatus>();
        for (var links = 0; ; links++)
        {
            if (links > Options.MaxAliasChain)
            {
                throw new BudgetExhaustedException($"alias chain longer than {Options.MaxAliasChain} links", "RFC 1034 3.6.2");
            }

            var target = Group(lookup.Answers, current, question.Type);
            if (target.Count > 0)
            {
                var v = await ValidateRRsetAsync(ctx, current, question.Type, target, lookup.Answers, lookup.Authority).ConfigureAwait(false);
                rrsets.Add(v);
                statuses.Add(v.Status);
                return ctx.Result(question, Worst(statuses), lookup.ResponseCode, rrsets, v.Records, isDenial: false);
            }

            var cname = Group(lookup.Answers, current, DnsType.CNAME);
            var dname = lookup.Answers.FirstOrDefault(r => r.Data is DnameData && current.IsSubdomainOf(r.Name) && !current.Equals(r.Name));
            if (dname is not null && question.Type != DnsType.DNAME)
            {
                var dset = Group(lookup.Answers, dname.Name, DnsType.DNAME);
                var v = await ValidateRRsetAsync(ctx, dname.Name, DnsType.DNAME, dset, lookup.Answers, lookup.Authority).ConfigureAwait(false);
                rrsets.Add(v);
                statuses.Add(v.Status);
                DnsName next;
                try
                {
                    next = current.ReplaceSuffix(dname.Name, ((DnameData)dname.Data).Target);
                }
                catch (FormatException)
                {
                    ctx.Fail(current, DnsType.DNAME, $"DNAME {dname.Name} makes {current} longer than 255 octets", "RFC 6672 2.2");
                    return ctx.Result(question, SecurityStatus.Bogus, lookup.ResponseCode, rrsets, [], isDenial: false);
                }

                // The CNAME a server synthesises from a DNAME is unsigned; it must say what the DNAME says (RFC 6672 3.2).
                if (cname.Count > 0 && !((CnameData)cname[0].Data).Target.Equals(next))
                {
                    ctx.Fail(current, DnsType.CNAME, $"synthesised CNAME points to {((CnameData)cname[0].Data).Target}, the DNAME gives {next}", "RFC 6672 3.2");
                    return ctx.Result(question, SecurityStatus.Bogus, lookup.ResponseCode, rrsets, [], isDenial: false);
                }

                current = next;
                continue;
            }

            if (cname.Count > 0 && question.Type != DnsType.CNAME)
            {
                var v = await ValidateRRsetAsync(ctx, current, DnsType.CNAME, cname, lookup.Answers, lookup.Authority).ConfigureAwait(false);
                rrsets.Add(v);
                statuses.Add(v.Status);
                current = ((CnameData)cname[0].Data).Target;
                if (Group(lookup.Answers, current, question.Type).Count == 0 && Group(lookup.Answers, current, DnsType.CNAME).Count == 0
                    && lookup.ResponseCode == DnsResponseCode.NoError && lookup.Authority.Count == 0)
                {
                    // The response stopped at the alias (a resolver may do so); follow it with a new lookup.
                    lookup = await ctx.LookupAsync(current, question.Type).ConfigureAwait(false);
                    if (lookup.Error is { } e2)
                    {
                        ctx.Fail(current, question.Type, $"lookup failed: {e2} from {lookup.Server}", "RFC 4035 4.3");
                        return ctx.Result(question, SecurityStatus.Indeterminate, DnsResponseCode.ServFail, rrsets, [], isDenial: false);
                    }
                }

                continue;
            }

            // No data: NXDOMAIN or NODATA for the current name, to be proven.
            var kind = lookup.ResponseCode == DnsResponseCode.NXDomain ? DenialKind.NameError : DenialKind.NoData;
            var denial = await ValidateDenialAsync(ctx, current, question.Type, kind, lookup.Authority).ConfigureAwait(false);
            statuses.Add(denial);
            return ctx.Result(question, Worst(statuses), lookup.ResponseCode, rrsets, [], isDenial: true);
        }
    }

    private static List<DnsResourceRecord> Group(IReadOnlyList<DnsResourceRecord> records, DnsName owner, DnsType type) =>
        records.Where(r => r.Type == type && r.Name.Equals(owner)).ToList();

    private static SecurityStatus Worst(IEnumerable<SecurityStatus> statuses)
    {
        var list = statuses.ToList();
        return list.Contains(SecurityStatus.Bogus) ? SecurityStatus.Bogus
            : list.Contains(SecurityStatus.Indeterminate) ? SecurityStatus.Indeterminate
            : list.Contains(SecurityStatus.Insecure) ? SecurityStatus.Insecure
            : SecurityStatus.Secure;
    }

    /// <summary>Validates one RRset against the keys of its signer (RFC 4035 5.3).</summary>
    private async Task<ValidatedRRset> ValidateRRsetAsync(Context ctx, DnsName owner, DnsType type, List<DnsResourceRecord> records,
        IReadOnlyList<DnsResourceRecord> answers, IReadOnlyList<DnsResourceRecord> authority)
    {
        var sigs = answers.Concat(authority)
            .Where(r => r.Data is RrsigData s && s.TypeCovered == type && r.Name.Equals(owner))
            .Distinct()
            .ToList();
        var ttl = records.Min(r => r.Ttl);
        if (sigs.Count == 0)
        {
            var apex = await FindZoneApexAsync(ctx, ZoneSide(owner, type)).ConfigureAwait(false);
            var zoneKeys = apex is null ? KeyEntry.Indeterminate : await GetKeysAsync(ctx, apex).ConfigureAwait(false);
            var status = zoneKeys.Status switch
            {
                SecurityStatus.Secure => SecurityStatus.Bogus,
                var s => s,
            };
            if (zoneKeys.Status == SecurityStatus.Secure)
            {
                ctx.Fail(owner, type, $"no RRSIG, but its zone {apex} is signed", "RFC 4035 5.3");
            }
            else if (zoneKeys.Status == SecurityStatus.Bogus)
            {
                ctx.Fail(owner, type, $"no RRSIG, and the keys of its zone {apex} are bogus", "RFC 4035 5.3");
            }
            else if (status == SecurityStatus.Insecure)
            {
                ctx.Evidence(owner, type, $"unsigned, in zone {apex}, which is provably insecure", "RFC 4035 5.2");
            }

            return new ValidatedRRset(owner, type, status, records, sigs, null, null, ttl, null);
        }

        var signer = ((RrsigData)sigs[0].Data).SignerName;
        if (!owner.IsSubdomainOf(signer) || (type == DnsType.DS && signer.Equals(owner)))
        {
            ctx.Fail(owner, type, type == DnsType.DS
                ? $"RRSIG signer {signer} is not a zone above the DS: a DS RRset is signed by the parent zone (RFC 4035 2.4)"
                : $"RRSIG signer {signer} is not at or above the owner", "RFC 4035 5.3.1");
            return new ValidatedRRset(owner, type, SecurityStatus.Bogus, records, sigs, signer, null, ttl, null);
        }

        var keys = await GetKeysAsync(ctx, signer).ConfigureAwait(false);
        if (keys.Status != SecurityStatus.Secure)
        {
            if (keys.Status == SecurityStatus.Bogus)
            {
                ctx.Fail(owner, type, $"the keys of signer {signer} are bogus", "RFC 4035 5.3");
            }

            return new ValidatedRRset(owner, type, keys.Status, records, sigs, signer, null, ttl, null);
        }

        var verdict = VerifyRRset(ctx, owner, type, records, sigs.Where(s => ((RrsigData)s.Data).SignerName.Equals(signer)).ToList(), signer, keys.Keys);
        if (verdict.Status != SecurityStatus.Secure)
        {
            return new ValidatedRRset(owner, type, verdict.Status, records, sigs, signer, null, ttl, null);
        }

        var sig = verdict.Signature!;
        var now = _time.GetUtcNow();
        var expires = sig.ExpirationAt(now);
        var left = (uint)Math.Clamp((expires - now).TotalSeconds, 0, uint.MaxValue);
        var clamped = Math.Min(Math.Min(ttl, sig.OriginalTtl), left);
        if (sig.Labels < owner.LabelCount - (owner.IsWildcard ? 1 : 0))
        {
            // Expanded from a wildcard: the answer is only secure with proof that the name itself does not exist.
            var wildcardStatus = await ValidateDenialAsync(ctx, owner, type, DenialKind.WildcardAnswer, authority, signer, sig.Labels).ConfigureAwait(false);
            if (wildcardStatus != SecurityStatus.Secure)
            {
                return new ValidatedRRset(owner, type, wildcardStatus, records, sigs, signer, sig.KeyTag, clamped, expires);
            }
        }

        if (expires - now < Options.ExpiryWarning)
        {
            ctx.Warn(owner, type, $"RRSIG by {signer} key {sig.KeyTag} expires {expires:yyyy-MM-dd HH:mm}Z, in {(expires - now).TotalDays:F1} days", "RFC 4035 5.3.1");
        }

        return new ValidatedRRset(owner, type, SecurityStatus.Secure, records, sigs, signer, sig.KeyTag, clamped, expires);
    }

    private readonly record struct RRsetVerdict(SecurityStatus Status, RrsigData? Signature);

    /// <summary>Tries the RRset's signatures against the zone keys, within the KeyTrap budgets.</summary>
    private RRsetVerdict VerifyRRset(Context ctx, DnsName owner, DnsType type, List<DnsResourceRecord> records, List<DnsResourceRecord> sigs,
        DnsName signer, IReadOnlyList<DnsResourceRecord> keys)
    {
        var now = _time.GetUtcNow();
        var tried = 0;
        var supportedSeen = false;
        foreach (var sigRr in sigs.OrderByDescending(s => DnssecAlgorithms.IsSupported(((RrsigData)s.Data).Algorithm)))
        {
            var sig = (RrsigData)sigRr.Data;
            var id = string.Create(CultureInfo.InvariantCulture, $"RRSIG {type.ToText()} {owner} by {signer} key {sig.KeyTag} alg {sig.Algorithm}");
            if (!DnssecAlgorithms.IsSupported(sig.Algorithm))
            {
                ctx.Warn(owner, type, $"{id}: algorithm not supported, ignored", "RFC 4035 5.3.1");
                continue;
            }

            supportedSeen = true;
            if (++tried > Options.MaxSignaturesPerRrset)
            {
                ctx.Fail(owner, type, $"more than {Options.MaxSignaturesPerRrset} signatures tried; the rest are ignored (KeyTrap bound)", "CVE-2023-50387");
                break;
            }

            if (sig.Labels > owner.LabelCount - (owner.IsWildcard ? 1 : 0))
            {
                ctx.Fail(owner, type, $"{id}: labels field {sig.Labels} exceeds the owner's {owner.LabelCount} labels", "RFC 4035 5.3.1");
                continue;
            }

            var inception = sig.InceptionAt(now);
            var expiration = sig.ExpirationAt(now);
            if (now + Options.ClockSkew < inception)
            {
                ctx.Fail(owner, type, $"{id}: not valid before {inception:yyyy-MM-ddTHH:mm}Z (now {now:yyyy-MM-ddTHH:mm}Z)", "RFC 4035 5.3.1");
                continue;
            }

            if (now - Options.ClockSkew > expiration)
            {
                ctx.Fail(owner, type, $"{id}: expired {expiration:yyyy-MM-ddTHH:mm}Z (now {now:yyyy-MM-ddTHH:mm}Z)", "RFC 4035 5.3.1");
                continue;
            }

            var candidates = keys.Where(k => k.Data is DnskeyData d && d.KeyTag == sig.KeyTag && d.Algorithm == sig.Algorithm && d.ZoneKey && !d.Revoked)
                .Take(Options.MaxKeysPerSignature + 1).ToList();
            if (candidates.Count == 0)
            {
                ctx.Fail(owner, type, $"{id}: no DNSKEY of {signer} has key tag {sig.KeyTag} and algorithm {sig.Algorithm}", "RFC 4035 5.3.1");
                continue;
            }

            if (candidates.Count > Options.MaxKeysPerSignature)
            {
                ctx.Fail(owner, type, $"{id}: more than {Options.MaxKeysPerSignature} DNSKEYs share key tag {sig.KeyTag}; only {Options.MaxKeysPerSignature} tried (KeyTrap bound)", "CVE-2023-50387");
                candidates = candidates.Take(Options.MaxKeysPerSignature).ToList();
            }

            var data = SignedData(sig, owner, records);
            foreach (var keyRr in candidates)
            {
                ctx.SpendVerification();
                var key = (DnskeyData)keyRr.Data;
                var check = _signatures.Verify(sig.Algorithm, key.PublicKey, data, sig.Signature, out _);
                if (check.IsValid)
                {
                    ctx.Evidence(owner, type, $"{id}: verified, valid {inception:yyyy-MM-dd} to {expiration:yyyy-MM-dd}", "RFC 4035 5.3");
                    return new RRsetVerdict(SecurityStatus.Secure, sig);
                }

                ctx.Fail(owner, type, $"{id}: signature does not verify ({check.Reason})", "RFC 4035 5.3.3");
            }
        }

        if (!supportedSeen)
        {
            // Only unsupported algorithms signed it; the zone's DS set decided the zone is secure with some
            // supported algorithm, so the data is not signed the way the zone promises (RFC 4035 5.2, RFC 6840 5.11).
            ctx.Fail(owner, type, "no RRSIG with a supported algorithm", "RFC 6840 5.11");
        }

        return new RRsetVerdict(SecurityStatus.Bogus, null);
    }

    /// <summary>
    /// The data an RRSIG signs: its own fields, then the canonical RRset (RFC 4034 3.1.8.1, 6.2, 6.3), with
    /// the wildcard owner restored when the signature's labels field says the RRset was expanded (RFC 4035 5.3.2).
    /// </summary>
    /// <param name="sig">The signature (its signature field is not used).</param>
    /// <param name="owner">The RRset's owner name as it appears in the answer.</param>
    /// <param name="records">The RRset.</param>
    /// <returns>The octets the signature is computed over.</returns>
    public static byte[] SignedData(RrsigData sig, DnsName owner, IEnumerable<DnsResourceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(sig);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(records);
        var w = new DnsWireWriter(512) { Compress = false };
        w.WriteBytes(sig.ToSignedFieldsWire());
        var name = owner.ToCanonical();
        var ownerLabels = owner.LabelCount - (owner.IsWildcard ? 1 : 0);
        if (sig.Labels < ownerLabels)
        {
            // RFC 4035 5.3.2: the signed owner is the wildcard the answer was expanded from.
            name = DnsName.Concat(DnsName.Parse("*."), owner.Suffix(sig.Labels)).ToCanonical();
        }

        var rdatas = records.Select(r => r.Data.ToWire(canonical: true)).ToList();
        rdatas.Sort(static (a, b) => a.AsSpan().SequenceCompareTo(b));
        byte[]? previous = null;
        foreach (var rdata in rdatas)
        {
            if (previous is not null && previous.AsSpan().SequenceEqual(rdata))
            {
                continue; // duplicates are removed (RFC 4034 6.3)
            }

            name.WriteUncompressed(w, canonical: true);
            w.WriteUInt16((ushort)sig.TypeCovered);
            w.WriteUInt16((ushort)DnsClass.IN);
            w.WriteUInt32(sig.OriginalTtl);
            w.WriteUInt16((ushort)rdata.Length);
            w.WriteBytes(rdata);
            previous = rdata;
        }

        return w.ToArray();
    }

    /// <summary>Validates a denial of existence in the authority section (RFC 4035 5.4, RFC 5155 8).</summary>
    private async Task<SecurityStatus> ValidateDenialAsync(Context ctx, DnsName name, DnsType type, DenialKind kind,
        IReadOnlyList<DnsResourceRecord> authority, DnsName? knownSigner = null, int wildcardLabels = 0)
    {
        var proofSigs = authority.Where(r => r.Data is RrsigData s && s.TypeCovered is DnsType.NSEC or DnsType.NSEC3 or DnsType.SOA).ToList();
        var signer = knownSigner ?? (proofSigs.Count > 0 ? ((RrsigData)proofSigs[0].Data).SignerName : null);
        if (signer is null)
        {
            var apex = authority.FirstOrDefault(r => r.Type == DnsType.SOA && ZoneSide(name, type).IsSubdomainOf(r.Name))?.Name
                ?? await FindZoneApexAsync(ctx, ZoneSide(name, type)).ConfigureAwait(false);
            var zoneKeys = apex is null ? KeyEntry.Indeterminate : await GetKeysAsync(ctx, apex).ConfigureAwait(false);
            if (zoneKeys.Status == SecurityStatus.Secure)
            {
                ctx.Fail(name, type, $"{Describe(kind)} without any signed NSEC or NSEC3 proof, but zone {apex} is signed", "RFC 4035 3.1.3");
                return SecurityStatus.Bogus;
            }

            if (zoneKeys.Status == SecurityStatus.Insecure)
            {
                ctx.Evidence(name, type, $"{Describe(kind)} from zone {apex}, which is provably insecure", "RFC 4035 5.2");
            }

            return zoneKeys.Status;
        }

        if (type == DnsType.DS && signer.Equals(name))
        {
            // The child's apex NSEC/NSEC3 cannot deny a DS: only the parent side of the cut can (RFC 6840 4.4).
            ctx.Fail(name, type, $"the proof that there is no DS is signed by the child zone {signer} itself, not its parent", "RFC 6840 4.4");
            return SecurityStatus.Bogus;
        }

        var keys = await GetKeysAsync(ctx, signer).ConfigureAwait(false);
        if (keys.Status != SecurityStatus.Secure)
        {
            return keys.Status;
        }

        var verified = new List<DnsResourceRecord>();
        foreach (var group in authority.Where(r => r.Type is DnsType.NSEC or DnsType.NSEC3).GroupBy(r => (r.Name, r.Type)))
        {
            var sigs = authority.Where(r => r.Data is RrsigData s && s.TypeCovered == group.Key.Type && r.Name.Equals(group.Key.Name)
                && s.SignerName.Equals(signer)).ToList();
            if (sigs.Count == 0)
            {
                ctx.Warn(group.Key.Name, group.Key.Type, "unsigned; not used in the proof", "RFC 4035 5.4");
                continue;
            }

            var v = VerifyRRset(ctx, group.Key.Name, group.Key.Type, group.ToList(), sigs, signer, keys.Keys);
            if (v.Status == SecurityStatus.Secure)
            {
                verified.AddRange(group);
            }
        }

        var proof = DenialAdapter.Prove(kind, name, type, signer, verified, wildcardLabels, Options, ctx);
        foreach (var (what, rfc) in proof.Reasons)
        {
            if (proof.Status == SecurityStatus.Secure)
            {
                ctx.Evidence(name, type, what, rfc);
            }
            else if (proof.Status == SecurityStatus.Insecure)
            {
                ctx.Warn(name, type, what, rfc);
            }
            else
            {
                ctx.Fail(name, type, what, rfc);
            }
        }

        return proof.Status;
    }

    /// <summary>The name whose zone holds NAME/TYPE: a DS RRset lives on the parent side of the cut (RFC 4035 2.4).</summary>
    private static DnsName ZoneSide(DnsName name, DnsType type) => type == DnsType.DS && !name.IsRoot ? name.Parent() : name;

    private static string Describe(DenialKind kind) => kind switch
    {
        DenialKind.NameError => "NXDOMAIN",
        DenialKind.NoData => "NODATA",
        _ => "wildcard answer",
    };

    /// <summary>The apex of the zone holding <paramref name="name"/>, from an SOA lookup (RFC 2308 3).</summary>
    private static async Task<DnsName?> FindZoneApexAsync(Context ctx, DnsName name)
    {
        var lookup = await ctx.LookupAsync(name, DnsType.SOA).ConfigureAwait(false);
        if (lookup.Error is { } error)
        {
            ctx.Fail(name, DnsType.SOA, $"finding the zone apex failed: {error}", "RFC 4035 4.3");
            return null;
        }

        return lookup.Answers.FirstOrDefault(r => r.Type == DnsType.SOA && r.Name.Equals(name))?.Name
            ?? lookup.Authority.FirstOrDefault(r => r.Type == DnsType.SOA && name.IsSubdomainOf(r.Name))?.Name;
    }

    /// <summary>
    /// The validated DNSKEY set of <paramref name="zone"/>: Secure with keys, Insecure when a missing DS is
    /// proven above it, Bogus or Indeterminate with reasons (RFC 4035 5.2).
    /// </summary>
    private async Task<KeyEntry> GetKeysAsync(Context ctx, DnsName zone)
    {
        if (ctx.Keys.TryGetValue(zone, out var known))
        {
            return known;
        }

        var now = _time.GetUtcNow();
        lock (_cacheLock)
        {
            if (_keyCache.TryGetValue(zone, out var cached) && cached.Until > now)
            {
                ctx.Keys[zone] = cached.Entry;
                ctx.AddLinks(cached.Entry.Path);
                return cached.Entry;
            }
        }

        if (!ctx.InProgress.Add(zone))
        {
            ctx.Fail(zone, DnsType.DNSKEY, "the chain of trust loops back to this zone", "RFC 4035 5");
            return KeyEntry.Of(zone, SecurityStatus.Bogus, [], [], null, null, "chain of trust loops");
        }

        if (ctx.InProgress.Count > Options.MaxChainDepth)
        {
            throw new BudgetExhaustedException($"chain of trust deeper than {Options.MaxChainDepth} zones", "RFC 4035 5");
        }

        KeyEntry entry;
        try
        {
            entry = await BuildKeysAsync(ctx, zone).ConfigureAwait(false);
        }
        finally
        {
            ctx.InProgress.Remove(zone);
        }

        ctx.Keys[zone] = entry;
        ctx.AddLinks([entry.Link]);
        if (entry.Status is SecurityStatus.Secure or SecurityStatus.Insecure)
        {
            lock (_cacheLock)
            {
                if (_keyCache.Count >= MaxCachedZones)
                {
                    _keyCache.Clear();
                }

                var path = ctx.PathTo(zone);
                _keyCache[zone] = (entry with { Path = path }, now + TimeSpan.FromSeconds(Math.Max(entry.Ttl, 1)));
            }
        }

        return entry;
    }

    private async Task<KeyEntry> BuildKeysAsync(Context ctx, DnsName zone)
    {
        var anchorName = _anchors.ClosestAnchor(zone);
        if (anchorName is null)
        {
            ctx.Fail(zone, DnsType.DNSKEY, "no trust anchor covers this zone", "RFC 4035 4.3");
            return KeyEntry.Of(zone, SecurityStatus.Indeterminate, [], [], null, null, "no trust anchor");
        }

        if (anchorName.Equals(zone))
        {
            return await KeysFromDsAsync(ctx, zone, _anchors.At(zone), "trust anchor").ConfigureAwait(false);
        }

        var ds = await ctx.LookupAsync(zone, DnsType.DS).ConfigureAwait(false);
        if (ds.Error is { } error)
        {
            ctx.Fail(zone, DnsType.DS, $"DS lookup failed: {error} from {ds.Server}", "RFC 4035 5.2");
            return KeyEntry.Of(zone, SecurityStatus.Indeterminate, [], [], null, null, "DS lookup failed");
        }

        var dsSet = Group(ds.Answers, zone, DnsType.DS);
        if (dsSet.Count == 0)
        {
            // No DS: the delegation is insecure only if that is proven by the (secure) parent (RFC 4035 5.2).
            var status = await ValidateDenialAsync(ctx, zone, DnsType.DS, ds.ResponseCode == DnsResponseCode.NXDomain ? DenialKind.NameError : DenialKind.NoData,
                ds.Authority).ConfigureAwait(false);
            return status switch
            {
                SecurityStatus.Secure or SecurityStatus.Insecure => Insecure(ctx, zone, "no DS at the parent (proven): the zone is unsigned, DNSSEC stops here"),
                _ => KeyEntry.Of(zone, status, [], [], null, null, "the parent's proof that there is no DS failed"),
            };
        }

        var dsValidated = await ValidateRRsetAsync(ctx, zone, DnsType.DS, dsSet, ds.Answers, ds.Authority).ConfigureAwait(false);
        if (dsValidated.Status != SecurityStatus.Secure)
        {
            if (dsValidated.Status == SecurityStatus.Insecure)
            {
                return Insecure(ctx, zone, "the DS RRset is in an insecure parent zone");
            }

            return KeyEntry.Of(zone, dsValidated.Status, dsSet, [], null, null, "the DS RRset did not validate");
        }

        return await KeysFromDsAsync(ctx, zone, dsSet, $"DS from {dsValidated.Signer}").ConfigureAwait(false);
    }

    private static KeyEntry Insecure(Context ctx, DnsName zone, string why)
    {
        ctx.Evidence(zone, DnsType.DS, why, "RFC 4035 5.2");
        return KeyEntry.Of(zone, SecurityStatus.Insecure, [], [], null, null, why);
    }

    /// <summary>Fetches the zone's DNSKEY RRset and validates it with a key that matches a DS (or DNSKEY anchor).</summary>
    private async Task<KeyEntry> KeysFromDsAsync(Context ctx, DnsName zone, IReadOnlyList<DnsResourceRecord> anchorsOrDs, string from)
    {
        var usable = anchorsOrDs.Where(r => r.Data switch
        {
            DsData d => DnssecAlgorithms.IsSupported(d.Algorithm) && DsDigestTypes.IsSupported(d.DigestType),
            DnskeyData k => DnssecAlgorithms.IsSupported(k.Algorithm),
            _ => false,
        }).ToList();
        if (usable.Count == 0)
        {
            var listed = string.Join(", ", anchorsOrDs.Select(TrustAnchors.Describe));
            return Insecure(ctx, zone, $"no {from} record with a supported algorithm and digest ({listed}): treated as unsigned (RFC 6840 5.2)");
        }

        var keysLookup = await ctx.LookupAsync(zone, DnsType.DNSKEY).ConfigureAwait(false);
        if (keysLookup.Error is { } error)
        {
            ctx.Fail(zone, DnsType.DNSKEY, $"DNSKEY lookup failed: {error} from {keysLookup.Server}", "RFC 4035 5.2");
            return KeyEntry.Of(zone, SecurityStatus.Indeterminate, anchorsOrDs, [], null, null, "DNSKEY lookup failed");
        }

        var keys = Group(keysLookup.Answers, zone, DnsType.DNSKEY);
        if (keys.Count == 0)
        {
            ctx.Fail(zone, DnsType.DNSKEY, $"no DNSKEY RRset, but {from} says the zone is signed", "RFC 4035 5.2");
            return KeyEntry.Of(zone, SecurityStatus.Bogus, anchorsOrDs, [], null, null, "DNSKEY missing");
        }

        // The secure entry points: DNSKEYs that a DS (or anchor key) vouches for.
        var entryPoints = new List<(DnsResourceRecord Key, DnsResourceRecord By)>();
        var dsTried = 0;
        foreach (var a in usable)
        {
            if (++dsTried > Options.MaxDsRecords)
            {
                ctx.Warn(zone, DnsType.DS, $"more than {Options.MaxDsRecords} DS records; the rest are ignored", "CVE-2023-50387");
                break;
            }

            var matched = false;
            foreach (var k in keys)
            {
                var key = (DnskeyData)k.Data;
                if (!key.ZoneKey || key.Revoked)
                {
                    continue;
                }

                var ok = a.Data switch
                {
                    DsData d => d.KeyTag == key.KeyTag && d.Algorithm == key.Algorithm && DsDigest.Matches(d, zone, key),
                    DnskeyData anchorKey => anchorKey.Equals(key),
                    _ => false,
                };
                if (ok)
                {
                    entryPoints.Add((k, a));
                    matched = true;
                }
            }

            if (!matched)
            {
                ctx.Warn(zone, DnsType.DS, $"{from} {TrustAnchors.Describe(a)} matches no DNSKEY of the zone", "RFC 4035 5.2");
            }
        }

        if (entryPoints.Count == 0)
        {
            ctx.Fail(zone, DnsType.DNSKEY, $"no DNSKEY matches any {from} record ({string.Join(", ", usable.Select(TrustAnchors.Describe))})", "RFC 4035 5.2");
            return KeyEntry.Of(zone, SecurityStatus.Bogus, anchorsOrDs, keys, null, null, "DS matches no DNSKEY");
        }

        var sigs = keysLookup.Answers.Where(r => r.Data is RrsigData s && s.TypeCovered == DnsType.DNSKEY && r.Name.Equals(zone)).ToList();
        var verdict = VerifyRRset(ctx, zone, DnsType.DNSKEY, keys, sigs, zone, entryPoints.Select(e => e.Key).ToList());
        if (verdict.Status != SecurityStatus.Secure)
        {
            ctx.Fail(zone, DnsType.DNSKEY, "the DNSKEY RRset is not signed by a key that the DS or trust anchor vouches for", "RFC 4035 5.2");
            return KeyEntry.Of(zone, SecurityStatus.Bogus, anchorsOrDs, keys, null, null, "DNSKEY RRset not validly signed by an entry point");
        }

        var by = entryPoints.First(e => ((DnskeyData)e.Key.Data).KeyTag == verdict.Signature!.KeyTag).By;
        ctx.Evidence(zone, DnsType.DNSKEY, $"{from} {TrustAnchors.Describe(by)} matches DNSKEY {verdict.Signature!.KeyTag}, which signs the DNSKEY RRset", "RFC 4035 5.2");
        var ttl = Math.Min(keys.Min(k => k.Ttl), verdict.Signature.OriginalTtl);
        return KeyEntry.Of(zone, SecurityStatus.Secure, anchorsOrDs, keys, by, verdict.Signature.KeyTag,
            $"{from} {TrustAnchors.Describe(by)} → DNSKEY {verdict.Signature.KeyTag}", ttl);
    }

    internal sealed record KeyEntry(SecurityStatus Status, IReadOnlyList<DnsResourceRecord> Keys, ChainLink Link, uint Ttl)
    {
        public IReadOnlyList<ChainLink> Path { get; init; } = [];

        public static KeyEntry Indeterminate { get; } = Of(DnsName.Root, SecurityStatus.Indeterminate, [], [], null, null, "zone unknown");

        public static KeyEntry Of(DnsName zone, SecurityStatus status, IReadOnlyList<DnsResourceRecord> ds, IReadOnlyList<DnsResourceRecord> keys,
            DnsResourceRecord? matchedDs, int? tag, string reason, uint ttl = 0) =>
            new(status, keys.Where(k => k.Data is DnskeyData d && d.ZoneKey && !d.Revoked).ToList(),
                new ChainLink(zone, status, ds.Where(r => r.Type == DnsType.DS).ToList(), matchedDs, tag, keys, reason), ttl);
    }

    private sealed class BudgetExhaustedException(string message, string rfc) : Exception(message)
    {
        public string Rfc { get; } = rfc;
    }

    /// <summary>Per-validation state: budgets, reasons, the chain found so far.</summary>
    internal sealed class Context(DnssecValidator validator, CancellationToken cancellationToken)
    {
        private readonly List<ValidationReason> _reasons = [];
        private readonly List<ChainLink> _links = [];
        private int _lookups;

        public Dictionary<DnsName, KeyEntry> Keys { get; } = [];

        /// <summary>Zones whose keys are being established right now (loop detection and depth).</summary>
        public HashSet<DnsName> InProgress { get; } = [];

        public int Verifications { get; private set; }

        public int Nsec3Hashes { get; set; }

        public ValidatorOptions Options => validator.Options;

        public async Task<DnssecLookup> LookupAsync(DnsName name, DnsType type)
        {
            if (++_lookups > Options.MaxLookups)
            {
                throw new BudgetExhaustedException($"more than {Options.MaxLookups} lookups for one answer", "RFC 4035 5");
            }

            return await validator._source.LookupAsync(name, type, cancellationToken).ConfigureAwait(false);
        }

        public void SpendVerification()
        {
            if (Verifications >= Options.MaxSignatureVerifications)
            {
                throw new BudgetExhaustedException($"signature verification budget of {Options.MaxSignatureVerifications} exhausted (KeyTrap bound)", "CVE-2023-50387");
            }

            Verifications++;
        }

        public void SpendNsec3Hashes(int count)
        {
            Nsec3Hashes += count;
            if (Nsec3Hashes > Options.MaxNsec3HashesPerAnswer)
            {
                throw new BudgetExhaustedException($"NSEC3 hash budget of {Options.MaxNsec3HashesPerAnswer} per answer exhausted", "CVE-2023-50868");
            }
        }

        public void Evidence(DnsName name, DnsType type, string what, string rfc) => _reasons.Add(new(name, type, what, rfc, ReasonKind.Evidence));

        public void Warn(DnsName name, DnsType type, string what, string rfc) => _reasons.Add(new(name, type, what, rfc, ReasonKind.Warning));

        public void Fail(DnsName name, DnsType type, string what, string rfc) => _reasons.Add(new(name, type, what, rfc, ReasonKind.Failure));

        public void AddLinks(IEnumerable<ChainLink> links)
        {
            foreach (var l in links)
            {
                if (!_links.Any(x => x.Zone.Equals(l.Zone)))
                {
                    _links.Add(l);
                }
            }
        }

        public IReadOnlyList<ChainLink> PathTo(DnsName zone) =>
            _links.Where(l => zone.IsSubdomainOf(l.Zone)).OrderBy(l => l.Zone.LabelCount).ToList();

        public ValidatedAnswer Result(DnsQuestion question, SecurityStatus status, DnsResponseCode rcode, IReadOnlyList<ValidatedRRset> rrsets,
            IReadOnlyList<DnsResourceRecord> records, bool isDenial) => new()
        {
            Question = question,
            Status = status,
            ResponseCode = rcode,
            RRsets = rrsets,
            Records = records,
            IsDenial = isDenial,
            Chain = _links.OrderBy(l => l.Zone.LabelCount).ToList(),
            Reasons = _reasons.ToList(),
            Source = validator._source.Description,
            Verifications = Verifications,
        };
    }
}
