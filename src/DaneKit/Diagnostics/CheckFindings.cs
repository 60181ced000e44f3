using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dnssec;
using DaneKit.Smtp;
using DaneKit.Tls;
using DaneKit.Tlsa;

namespace DaneKit.Diagnostics;

/// <summary>
/// Reads a <see cref="DaneCheckResult"/> and says what is wrong or fragile, with evidence and exact fixes (the codes of
/// <see cref="FindingCatalogue"/>). Works on the result's data only, so what it says can be checked against what the
/// result shows.
/// </summary>
internal static class CheckFindings
{
    /// <summary>The purpose of a diagnostic TLSA lookup made although a sender stops earlier (a failed MX or address lookup).</summary>
    public const string PurposeAfterFailure = "TLSA (diagnostic: a sender stops before this lookup)";

    /// <summary>The purpose of a diagnostic TLSA lookup for a host whose address records are not Secure.</summary>
    public const string PurposeUnsigned = "TLSA (diagnostic: the address records are not Secure, so a sender does not look)";

    /// <summary>The purpose of a diagnostic TLSA lookup at another port of the host.</summary>
    public const string PurposeOtherPort = "TLSA at another port (diagnostic)";

    /// <summary>The purpose of a diagnostic TLSA lookup at the mail domain.</summary>
    public const string PurposeAtDomain = "TLSA at the mail domain (diagnostic)";

    /// <summary>Analyzes a result.</summary>
    public static IReadOnlyList<Finding> Analyze(DaneCheckResult result, CheckFindingsContext context)
    {
        var list = new List<Finding>();
        Domain(result, context, list);
        Dnssec(result, list);
        Expiring(result, context, list);
        var anyTlsa = result.Hosts.Any(HasTlsa);
        foreach (var host in result.Hosts)
        {
            Host(result, host, anyTlsa, context.Now, list);
            foreach (var address in host.Addresses)
            {
                Address(result, host, address, list);
            }

            MixedAddresses(result, host, list);
        }

        return Merge(list);
    }

    private static bool HasTlsa(DaneCheckHost host) => host.Tlsa.Requirement is DaneTlsaRequirement.Authenticate or DaneTlsaRequirement.NoUsableRecords;

    // ---- domain ---------------------------------------------------------------------------------------------------

    private static void Domain(DaneCheckResult result, CheckFindingsContext context, List<Finding> list)
    {
        if (result.Mx is { } mx)
        {
            var ev = new List<FindingEvidence> { new("MX lookup", mx.Lookup.Summary) };
            switch (mx.Outcome)
            {
                case CheckMxOutcome.NullMx:
                    list.Add(Make(FindingCatalogue.NullMx, result.Domain, $"{result.Domain} publishes a null MX: it accepts no mail; nothing was probed",
                        ev.Append(new("MX", "0 .")), FindingRemediation.Say("Nothing to fix if the domain is not meant to receive mail; otherwise replace the null MX with the MX records of the mail hosts.")));
                    break;
                case CheckMxOutcome.NoDomain:
                    list.Add(Make(FindingCatalogue.DomainNotFound, result.Domain, $"{result.Domain} does not exist (NXDOMAIN, {mx.Lookup.Status})",
                        ev, FindingRemediation.Say("Check the domain name; mail to a domain that does not exist bounces.")));
                    break;
                case CheckMxOutcome.NoMx:
                    list.Add(Make(FindingCatalogue.ImplicitMx, result.Domain,
                        $"{result.Domain} has no MX RRset ({mx.Lookup.Status} denial): it is its own mail host, and its TLSA records belong at _{Port(result)}._tcp.{result.Domain}",
                        ev, FindingRemediation.Say("Nothing to fix; publish an MX record if another host should receive the mail.")));
                    break;
            }

            if (context.NullMxMixed)
            {
                list.Add(Make(FindingCatalogue.NullMxMixed, result.Domain, $"{result.Domain} has a null MX (0 .) beside other MX records; it is ignored",
                    ev.Concat(mx.Lookup.Records.Select(r => new FindingEvidence("MX", r))),
                    new FindingRemediation("Remove the null MX record, or all the others if the domain accepts no mail.", [$"; remove: {result.Domain} IN MX 0 ."], [])));
            }

            var tlsaHosts = result.Hosts.Where(h => HasTlsa(h) && h.Tlsa.Status == SecurityStatus.Secure).ToList();
            if (mx.Lookup.Status == SecurityStatus.Insecure && mx.Outcome is CheckMxOutcome.Records or CheckMxOutcome.NoMx && tlsaHosts.Count > 0)
            {
                var link = mx.Lookup.Chain.FirstOrDefault(l => l.Status == SecurityStatus.Insecure);
                var evidence = ev.Concat(tlsaHosts.Select(h => new FindingEvidence("Secure TLSA", $"{h.Tlsa.Owner} ({h.Tlsa.Records.Count} records)")));
                if (link is not null)
                {
                    evidence = evidence.Append(new("insecure link", $"{link.Zone}: {link.Reason}"));
                }

                list.Add(Make(FindingCatalogue.InsecureMx, result.Domain,
                    $"the MX RRset of {result.Domain} is Insecure while {string.Join(", ", tlsaHosts.Select(h => h.Name))} publish Secure TLSA: the server is authenticated, the choice of it is not",
                    evidence, new FindingRemediation($"Sign the zone of {result.Domain} and publish its DS record in the parent zone.", [],
                        [$"danekit dnssec {result.Domain} MX"])));
            }
        }

        var verdicts = result.Hosts.Where(h => h.Verdict != Smtp.DaneVerdict.NoMail).Select(h => h.Verdict).Distinct().ToList();
        if (verdicts.Count > 1)
        {
            list.Add(Make(FindingCatalogue.MixedHosts, result.Domain,
                $"the MX hosts of {result.Domain} give different results ({string.Join(", ", verdicts.Select(v => v.ToWireName()))}); a sender may use any of them",
                result.Hosts.Select(h => new FindingEvidence(h.Name, $"{h.Verdict.ToWireName()}: {h.VerdictReason}")),
                FindingRemediation.Say("Bring every MX host to the state of the best one; see the findings of each host.")));
        }

        foreach (var host in result.Hosts.Where(h => h.Tlsa.Requirement == DaneTlsaRequirement.NotApplicable && h.Verdict != Smtp.DaneVerdict.NoMail
            && h.Addresses.Count > 0 && h.Tlsa.Status is SecurityStatus.Secure or SecurityStatus.Insecure))
        {
            if (!result.Hosts.Any(HasTlsa))
            {
                continue;
            }

            var others = result.Hosts.Where(HasTlsa).Select(h => h.Name);
            list.Add(Make(FindingCatalogue.MxWithoutTlsa, host.Name,
                $"{host.Name} publishes no TLSA while {string.Join(", ", others)} do: mail through it is not DANE-protected, and a sender requiring DANE reports dane-required",
                [new("looked for", host.Tlsa.Lookups.Count > 0 ? host.Tlsa.Lookups[^1].Summary : $"{host.Tlsa.Owner}: not looked up, {host.Tlsa.SkipReason}"),
                 .. others.Select(o => new FindingEvidence("has TLSA", o))],
                PublishFromServed(result, host, "Publish TLSA records for this host too; the line below is computed from the key it presents now.")));
        }

        foreach (var truncation in context.Truncations)
        {
            list.Add(Make(FindingCatalogue.Truncated, result.Domain, truncation, [], FindingRemediation.Say("Check the remaining hosts one at a time with --mx HOST.")));
        }
    }

    // ---- DNSSEC -----------------------------------------------------------------------------------------------------

    /// <summary>DNSSEC-BROKEN-LINK for Bogus sender lookups (one finding per failing link), DNS-LOOKUP-FAILED for the others.</summary>
    private static void Dnssec(DaneCheckResult result, List<Finding> list)
    {
        var lookups = new List<(CheckLookup Lookup, string Subject)>();
        if (result.Mx is { } mx)
        {
            lookups.Add((mx.Lookup, result.Domain));
        }

        foreach (var host in result.Hosts)
        {
            lookups.AddRange(host.AddressLookups.Select(l => (l, host.Name)));
            lookups.AddRange(host.Tlsa.Lookups.Select(l => (l, host.Name)));
            lookups.AddRange(host.DiagnosticLookups.Where(l => l.Purpose == PurposeAfterFailure).Select(l => (l, host.Name)));
        }

        var groups = new Dictionary<(string Where, BrokenKind Kind), List<(CheckLookup Lookup, string Subject, string Link)>>();
        var order = new List<(string Where, BrokenKind Kind)>();
        foreach (var (lookup, subject) in lookups)
        {
            if (lookup.Status == SecurityStatus.Bogus)
            {
                var (where, link, kind) = BrokenLink(lookup);
                if (!groups.TryGetValue((where, kind), out var g))
                {
                    groups[(where, kind)] = g = [];
                    order.Add((where, kind));
                }

                g.Add((lookup, subject, link));
            }
            else if (lookup.Status == SecurityStatus.Indeterminate || (lookup.Status == SecurityStatus.Secure && !lookup.IsDenial && lookup.Records.Count == 0))
            {
                var failure = lookup.Reasons.FirstOrDefault(r => r.Kind == ReasonKind.Failure);
                var tlsa = lookup.Type == "TLSA";
                list.Add(Make(FindingCatalogue.LookupFailed, subject,
                    $"the {lookup.Type} lookup of {lookup.Name} failed ({lookup.ResponseCode}{(failure is null ? "" : ": " + failure.What)}){(lookup.Diagnostic ? "" : ": a DANE sender defers")}",
                    [new("lookup", lookup.Summary), .. lookup.Reasons.Where(r => r.Kind != ReasonKind.Evidence).Select(r => new FindingEvidence("reason", r.ToString()))],
                    new FindingRemediation(tlsa
                        ? $"Make the authoritative servers of {lookup.Name} answer TLSA queries: with the records, or with a signed NODATA/NXDOMAIN. Servers that answer SERVFAIL (or time out) for unknown types defer all DANE mail."
                        : $"Make the authoritative servers of {lookup.Name} answer {lookup.Type} queries.",
                        [], [$"dig +dnssec {lookup.Name} {lookup.Type}", $"danekit dnssec {lookup.Name} {lookup.Type}"])));
            }
        }

        foreach (var key in order)
        {
            var g = groups[key];
            var first = g[0];
            var (text, commands) = BrokenFix(key.Kind, key.Where, first.Lookup);
            var evidence = new List<FindingEvidence> { new("failing link", first.Link) };
            evidence.AddRange(g.Select(x => new FindingEvidence("affected lookup", x.Lookup.Summary)));
            evidence.AddRange(first.Lookup.Chain.Where(l => l.Status != SecurityStatus.Secure).Select(l => new FindingEvidence("chain", $"{l.Zone} {l.Status}: {l.Reason}")));
            var rfc = first.Lookup.Reasons.FirstOrDefault(r => r.Kind == ReasonKind.Failure)?.Rfc ?? FindingCatalogue.Get(FindingCatalogue.DnssecBrokenLink).Rfc;
            list.Add(Make(FindingCatalogue.DnssecBrokenLink, string.Join(", ", g.Select(x => x.Subject).Distinct(StringComparer.Ordinal)),
                $"DNSSEC is broken at {key.Where}: {first.Link}; every lookup that depends on it is Bogus and a DANE sender defers",
                evidence, new FindingRemediation(text, [], commands)) with { Rfc = rfc });
        }
    }

    private enum BrokenKind
    {
        DsMismatch,
        MissingKey,
        Expired,
        NotYetValid,
        BadSignature,
        Unsigned,
        Denial,
        Limits,
        Other,
    }

    /// <summary>Where the chain breaks, the link in words, and what kind of break it is.</summary>
    private static (string Where, string Link, BrokenKind Kind) BrokenLink(CheckLookup lookup)
    {
        var failures = lookup.Reasons.Where(r => r.Kind == ReasonKind.Failure).ToList();
        var bogusZone = lookup.Chain.FirstOrDefault(l => l.Status == SecurityStatus.Bogus);
        var first = failures.FirstOrDefault();
        var text = string.Join(" ", failures.Select(f => f.What));
        var kind = Classify(text + " " + (bogusZone?.Reason ?? ""));
        if (bogusZone is not null)
        {
            var zoneFailure = failures.FirstOrDefault(f => f.Name == bogusZone.Zone) ?? first;
            return (bogusZone.Zone, zoneFailure is null ? $"{bogusZone.Zone}: {bogusZone.Reason}" : zoneFailure.ToString(), kind);
        }

        var signer = lookup.RRsets.FirstOrDefault(s => s.Status == SecurityStatus.Bogus)?.Signer;
        return (signer ?? first?.Name ?? lookup.Name, first?.ToString() ?? lookup.Summary, kind);
    }

    private static BrokenKind Classify(string text)
    {
        bool Has(string s) => text.Contains(s, StringComparison.OrdinalIgnoreCase);
        if (Has("KeyTrap") || Has("budget") || Has("CVE-2023"))
        {
            return BrokenKind.Limits;
        }

        if (Has("matches no DNSKEY") || Has("DS matches no") || Has("no DNSKEY matches"))
        {
            return BrokenKind.DsMismatch;
        }

        if (Has("expired"))
        {
            return BrokenKind.Expired;
        }

        if (Has("not valid before"))
        {
            return BrokenKind.NotYetValid;
        }

        if (Has("no DNSKEY of") || Has("DNSKEY missing"))
        {
            return BrokenKind.MissingKey;
        }

        if (Has("does not verify"))
        {
            return BrokenKind.BadSignature;
        }

        if (Has("no RRSIG"))
        {
            return BrokenKind.Unsigned;
        }

        return Has("NSEC") || Has("proof") || Has("NXDOMAIN") || Has("NODATA") ? BrokenKind.Denial : BrokenKind.Other;
    }

    private static (string Text, IReadOnlyList<string> Commands) BrokenFix(BrokenKind kind, string zone, CheckLookup lookup)
    {
        var check = $"danekit dnssec {lookup.Name} {lookup.Type}";
        return kind switch
        {
            BrokenKind.DsMismatch => ($"The DS record of {zone} in the parent zone matches no DNSKEY of {zone}: publish the DS of the zone's current key-signing key at the parent (registrar), and remove the stale DS once the new one has been in place for the DS TTL.",
                [$"dig +noall +answer {zone} DNSKEY | dnssec-dsfromkey -2 -f - {zone}", check]),
            BrokenKind.MissingKey => ($"Data in {zone} is signed by a key that is not in the DNSKEY RRset of {zone}: publish that key in the DNSKEY RRset, or re-sign the zone with the published keys.",
                [$"dig +dnssec {zone} DNSKEY", check]),
            BrokenKind.Expired => ($"Signatures in {zone} have expired: re-sign the zone now, and make sure automatic re-signing runs (e.g. BIND dnssec-policy, OpenDNSSEC, a cron job) well before the expiration.",
                [$"dig +dnssec {lookup.Name} {lookup.Type}", check]),
            BrokenKind.NotYetValid => ($"Signatures in {zone} are not valid yet (their inception is in the future): the signer's clock is ahead, or the validator's behind. Fix the clock (NTP) and re-sign.",
                [$"dig +dnssec {lookup.Name} {lookup.Type}", check]),
            BrokenKind.BadSignature => ($"A signature in {zone} does not verify: the data was changed after signing, or corrupted. Re-sign the zone and check that every authoritative server serves the same signed data.",
                [$"dig +dnssec {lookup.Name} {lookup.Type}", check]),
            BrokenKind.Unsigned => ($"{lookup.Name} {lookup.Type} is not signed although {zone} is: re-sign the zone, and check that every authoritative server serves the signed zone.",
                [$"dig +dnssec {lookup.Name} {lookup.Type}", check]),
            BrokenKind.Denial => ($"The proof that {lookup.Name} {lookup.Type} does not exist is missing or incomplete: re-sign {zone} so that its NSEC or NSEC3 chain is complete, and check every authoritative server.",
                [$"dig +dnssec {lookup.Name} {lookup.Type}", check]),
            BrokenKind.Limits => ($"Validating {zone} needs more work than validators allow (KeyTrap limits: colliding key tags, too many signatures or NSEC3 iterations): remove the extra keys and signatures, and use NSEC3 with 0 iterations (RFC 9276).",
                [$"dig +dnssec {zone} DNSKEY", check]),
            _ => ($"Fix the link shown in {zone}.", [check]),
        };
    }

    private static void Expiring(DaneCheckResult result, CheckFindingsContext context, List<Finding> list)
    {
        var seen = new HashSet<(string, string)>();
        foreach (var lookup in result.EnumerateLookups().Where(l => !l.Diagnostic && l.Status == SecurityStatus.Secure))
        {
            foreach (var set in lookup.RRsets.Where(s => s.Status == SecurityStatus.Secure && s.SignatureExpires is not null))
            {
                var expires = set.SignatureExpires!.Value;
                var left = expires - context.Now;
                if (left >= context.ExpiryWarning || !seen.Add((set.Owner, set.Type)))
                {
                    continue;
                }

                var days = left.TotalDays.ToString("0.0", CultureInfo.InvariantCulture);
                var zone = set.Signer ?? set.Owner;
                list.Add(Make(FindingCatalogue.SignatureExpiring, set.Owner,
                    $"the RRSIG of {set.Owner} {set.Type} expires {expires.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}Z, in {days} days: re-sign {zone} before then",
                    [new("RRSIG", string.Create(CultureInfo.InvariantCulture, $"{set.Type} {set.Owner} by {zone} key {set.KeyTag}, expires {expires:yyyy-MM-ddTHH:mm:ss}Z")),
                     new("now", context.Now.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture))],
                    new FindingRemediation($"Re-sign {zone} and check that automatic re-signing runs; signatures should be refreshed well before they expire.", [],
                        [$"dig +dnssec {set.Owner} {set.Type}"])));
            }
        }
    }

    // ---- host -------------------------------------------------------------------------------------------------------

    private static void Host(DaneCheckResult result, DaneCheckHost host, bool anyTlsa, DateTimeOffset now, List<Finding> list)
    {
        var tlsa = host.Tlsa;
        if (host.Verdict == Smtp.DaneVerdict.NoMail && host.Addresses.Count == 0 && host.AddressLookups.All(l => l.Status is SecurityStatus.Secure or SecurityStatus.Insecure))
        {
            list.Add(Make(FindingCatalogue.HostNoAddress, host.Name, $"{host.Name} has no address records: no sender can deliver to it",
                host.AddressLookups.Select(l => new FindingEvidence("lookup", l.Summary)),
                FindingRemediation.Say(host.Origin == CheckHostOrigin.Mx
                    ? $"Publish A and/or AAAA records for {host.Name}, or remove it from the MX RRset of {result.Domain}."
                    : $"Publish A and/or AAAA records for {host.Name}, or an MX record pointing to a mail host.")));
            return;
        }

        // TLSA that a sender never sees: an unsigned zone.
        var unsignedTlsa = tlsa.LookedUp && tlsa.Status == SecurityStatus.Insecure && tlsa.Records.Count > 0
            ? tlsa.Lookups[^1]
            : host.DiagnosticLookups.FirstOrDefault(l => l.Purpose == PurposeUnsigned && l.Records.Count > 0 && l.Status == SecurityStatus.Insecure);
        if (unsignedTlsa is not null)
        {
            var link = unsignedTlsa.Chain.FirstOrDefault(l => l.Status == SecurityStatus.Insecure)
                ?? host.AddressLookups.SelectMany(l => l.Chain).FirstOrDefault(l => l.Status == SecurityStatus.Insecure);
            var zone = link?.Zone ?? unsignedTlsa.Name;
            list.Add(Make(FindingCatalogue.TlsaUnsignedZone, host.Name,
                $"TLSA records exist at {unsignedTlsa.Name} but are Insecure ({(link is null ? "not signed" : $"{link.Zone}: {link.Reason}")}): DANE senders ignore them",
                [new("TLSA", unsignedTlsa.Summary), .. unsignedTlsa.Records.Select(r => new FindingEvidence("record", r)),
                 .. (link is null ? [] : new[] { new FindingEvidence("insecure link", $"{link.Zone}: {link.Reason}") }),
                 .. host.AddressLookups.Select(l => new FindingEvidence("address lookup", l.Summary))],
                new FindingRemediation($"Sign the zone that holds {unsignedTlsa.Name} and publish its DS record in the parent zone of {zone}; until then the records have no effect.", [],
                    [$"dig +noall +answer {zone} DNSKEY | dnssec-dsfromkey -2 -f - {zone}", $"danekit dnssec {unsignedTlsa.Name} TLSA"])));
        }
        else if (!tlsa.LookedUp && tlsa.Requirement == DaneTlsaRequirement.NotApplicable && host.AddressStatus == SecurityStatus.Insecure)
        {
            var link = host.AddressLookups.SelectMany(l => l.Chain).FirstOrDefault(l => l.Status == SecurityStatus.Insecure);
            list.Add(Make(FindingCatalogue.ZoneUnsigned, host.Name,
                $"the address records of {host.Name} are Insecure{(link is null ? "" : $" ({link.Zone}: {link.Reason})")}: DANE cannot apply until the zone is signed",
                host.AddressLookups.Select(l => new FindingEvidence("address lookup", l.Summary)),
                FindingRemediation.Say($"Sign the zone of {host.ExpandedName} and publish its DS record in the parent zone; then publish TLSA records at {tlsa.Owner}.")));
        }

        if (unsignedTlsa is null && tlsa.LookedUp && tlsa.Status == SecurityStatus.Insecure)
        {
            var lookup = tlsa.Lookups[^1];
            var why = lookup.Reasons.Where(r => r.Kind != ReasonKind.Evidence).Select(r => new FindingEvidence("reason", r.ToString())).ToList();
            var link = lookup.Chain.FirstOrDefault(l => l.Status == SecurityStatus.Insecure);
            if (link is not null)
            {
                why.Add(new("insecure link", $"{link.Zone}: {link.Reason}"));
            }

            list.Add(Make(FindingCatalogue.InsecureTlsaAnswer, host.Name,
                $"the addresses of {host.Name} are Secure but {lookup.Summary}: a DANE sender takes it as no TLSA",
                [new("TLSA lookup", lookup.Summary), .. why, .. host.AddressLookups.Select(l => new FindingEvidence("address lookup", l.Summary))],
                new FindingRemediation("Make the TLSA answer Secure: sign with NSEC3 0 iterations and no salt (RFC 9276) or NSEC, or sign the zone delegated below the host.", [],
                    [$"danekit dnssec {lookup.Name} TLSA"])));
        }

        if (!tlsa.LookedUp || tlsa.Status != SecurityStatus.Secure)
        {
            return;
        }

        if (tlsa.Requirement == DaneTlsaRequirement.NotApplicable)
        {
            var misplaced = host.DiagnosticLookups.Where(l => l.Purpose is PurposeOtherPort or PurposeAtDomain && l.Status == SecurityStatus.Secure && l.Records.Count > 0).ToList();
            foreach (var found in misplaced)
            {
                var atDomain = found.Purpose == PurposeAtDomain;
                var remediation = PublishFromServed(result, host, atDomain
                    ? $"Publish the records at {tlsa.Owner}, the TLSA base domain of the MX host; records at {found.Name} are not looked up for mail to {host.Name}."
                    : $"Publish the records at {tlsa.Owner} too: port {Port(result)} has its own TLSA owner name. The line below is computed from the key the server presents on port {Port(result)}.",
                    found.Records);
                list.Add(Make(atDomain ? FindingCatalogue.TlsaAtDomain : FindingCatalogue.TlsaWrongPort, host.Name,
                    $"no TLSA at {tlsa.Owner}, but TLSA found at {found.Name}: a sender looks only at {tlsa.Owner}",
                    [new("looked for", tlsa.Lookups[^1].Summary), new("found at", found.Summary), .. found.Records.Select(r => new FindingEvidence("found", $"{found.Name} IN TLSA {r}"))],
                    remediation));
            }

            if (misplaced.Count == 0 && !anyTlsa && host.Verdict != Smtp.DaneVerdict.NoMail)
            {
                list.Add(Make(FindingCatalogue.NotPublished, host.Name, $"{host.Name} is in a signed zone but publishes no TLSA at {tlsa.Owner}: senders use opportunistic TLS",
                    [new("looked for", tlsa.Lookups[^1].Summary)],
                    PublishFromServed(result, host, "To protect mail with DANE, publish TLSA records; the line below is computed from the key the server presents now.")));
            }

            return;
        }

        if (tlsa.BaseDomain == host.Name && host.ExpandedName != host.Name && tlsa.Records.Count > 0)
        {
            list.Add(Make(FindingCatalogue.TlsaCnameFallback, host.Name,
                $"{host.Name} is an alias of {host.ExpandedName}; TLSA was found only at the original name {tlsa.Owner}, which counts because the alias is Secure",
                tlsa.Lookups.Select(l => new FindingEvidence("TLSA lookup", l.Summary)),
                FindingRemediation.Say($"Nothing to fix. Publishing the records at _{Port(result)}._tcp.{host.ExpandedName} as well lets the operator of {host.ExpandedName} manage them.")));
        }

        var pkix = tlsa.Unusable.Where(r => r.UnusableReason == TlsaUsabilityReason.PkixUsageInSmtp).ToList();
        if (pkix.Count > 0)
        {
            list.Add(Make(FindingCatalogue.TlsaPkixUsage, host.Name,
                $"{pkix.Count} PKIX-TA(0)/PKIX-EE(1) record{(pkix.Count == 1 ? "" : "s")} at {tlsa.Owner}: SMTP ignores them (RFC 7672 3.1.3)",
                pkix.Select(r => new FindingEvidence("unusable", $"{r.Text}: {r.UnusableDetail}")),
                PublishFromServed(result, host, "Replace them with DANE-EE(3) or DANE-TA(2) records: 3 1 1 of the server's key (below), or 2 1 1 of the issuing CA.", withIssuer: true)));
        }

        if (tlsa.Requirement == DaneTlsaRequirement.NoUsableRecords)
        {
            list.Add(Make(FindingCatalogue.TlsaAllUnusable, host.Name,
                $"every one of the {tlsa.Records.Count} TLSA records at {tlsa.Owner} is unusable: TLS is mandatory, but the server cannot be authenticated",
                tlsa.Unusable.Select(r => new FindingEvidence("unusable", $"{r.Text}: {r.UnusableDetail}")),
                PublishFromServed(result, host, "Replace the records with usable ones: a DANE-EE 3 1 1 record of the key the server presents (below).")));
        }
        else
        {
            var other = tlsa.Unusable.Where(r => r.UnusableReason != TlsaUsabilityReason.PkixUsageInSmtp).ToList();
            if (other.Count > 0)
            {
                list.Add(Make(FindingCatalogue.TlsaUnusableRecord, host.Name,
                    $"{other.Count} record{(other.Count == 1 ? " is" : "s are")} ignored at {tlsa.Owner}",
                    other.Select(r => new FindingEvidence("unusable", $"{r.Text}: {r.UnusableDetail}")),
                    new FindingRemediation("Remove or correct the records shown; a record with a weaker digest than another of the same usage and selector is simply not used (RFC 7671 9).",
                        other.Select(r => $"; remove: {tlsa.Owner} IN TLSA {r.Text}").ToArray(), [])));
            }
        }

        Rollover(result, host, now, list);
    }

    /// <summary>
    /// A served leaf certificate that expires within this window of the check's clock, on a host whose usable TLSA
    /// records are all bound to one key, turns DANE-ROLLOVER-SINGLE-KEY into DANE-ROLLOVER-EXPIRING: the renewal is near.
    /// </summary>
    public static readonly TimeSpan CertificateExpiryWindow = TimeSpan.FromDays(30);

    /// <summary>
    /// DANE-ROLLOVER-SINGLE-KEY: every usable record is bound to one key (RFC 7671 8.1). When a served leaf certificate
    /// also expires within <see cref="CertificateExpiryWindow"/> (or has expired), DANE-ROLLOVER-EXPIRING is reported
    /// instead, with the plan: one finding per host, as both would say "publish the next key"; the expiring one says
    /// when, and the steps.
    /// </summary>
    private static void Rollover(DaneCheckResult result, DaneCheckHost host, DateTimeOffset now, List<Finding> list)
    {
        var tlsa = host.Tlsa;
        if (tlsa.Requirement != DaneTlsaRequirement.Authenticate || tlsa.Usable.Count == 0 || !host.Addresses.Any(a => a.Match?.Matched == true))
        {
            return;
        }

        var chains = host.Addresses.Where(a => a.Certificates.Count > 0).Select(a => a.Certificates).ToList();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in tlsa.Usable)
        {
            keys.Add(KeyOf(record, chains) ?? "record:" + record.Text);
        }

        if (keys.Count != 1)
        {
            return;
        }

        // The zone's TTL (the RRSIG's Original TTL), not the cache's countdown (RFC 7671 8.1: two TTLs before the switch);
        // the remaining TTL only when no signature says it (a resolver that strips RRSIGs).
        var set = tlsa.Lookups[^1].RRsets.LastOrDefault(s => s.Type == "TLSA");
        var ttl = set?.OriginalTtl ?? set?.Ttl;
        // The issuing CA's 2 1 1 is advice only when it is not already the record that is published.
        var published = tlsa.Usable.Select(r => r.Text).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var served = host.Addresses.SelectMany(a => a.Certificates).Where(c => c.Depth == 1).Select(c => c.TlsaRecord)
            .Where(r => !published.Contains(r)).Distinct(StringComparer.Ordinal).ToList();
        var lines = served.Select(r => $"{tlsa.Owner} IN TLSA {r}").ToList();
        var caAdvice = lines.Count > 0
            ? ", or a 2 1 1 record of the issuing CA (below, from the chain the server sends)"
            : tlsa.Usable.Any(r => r.Usage == 2) ? ", or a 2 1 1 record of a second CA when the CA key itself will change" : "";
        var usable = tlsa.Usable.Count == 1 ? $"the only usable TLSA record, {tlsa.Usable[0].Text}," : $"all {tlsa.Usable.Count} usable TLSA records";
        var name = tlsa.BaseDomain.TrimEnd('.');
        var commands = new[]
        {
            $"danekit rollover plan --cert CURRENT.pem --next-key next-key.pem --host {name}{PortArg(result)}",
            $"danekit tlsa generate --key next-key.pem --host {name}{PortArg(result)}",
        };

        // The leaf that expires first, over every address the records authenticate (a sender may reach any of them); an
        // address they do not authenticate already has its own finding (DANE-TLSA-STALE, DANE-TA-CERT-EXPIRED, ...).
        var expiring = host.Addresses.Where(a => a.Match?.Matched == true).Select(a => (Address: a, Leaf: a.Certificates.FirstOrDefault(c => c.Depth == 0)))
            .Where(x => x.Leaf is not null && x.Leaf.NotAfter - now < CertificateExpiryWindow)
            .OrderBy(x => x.Leaf!.NotAfter).ToList();
        if (expiring.Count == 0)
        {
            var wait = ttl is { } t ? string.Create(CultureInfo.InvariantCulture, $" (the TLSA TTL is {t} s: publish at least {2 * (long)t} s before the switch)") : "";
            list.Add(Make(FindingCatalogue.RolloverSingleKey, host.Name,
                $"{usable} at {tlsa.Owner} {(tlsa.Usable.Count == 1 ? "is" : "are")} bound to one key: when it changes, DANE senders refuse mail until DNS catches up",
                tlsa.Usable.Select(r => new FindingEvidence("usable", r.Text)),
                new FindingRemediation(
                    $"Publish \"current + next\": a 3 1 1 record of the next key beside the current one (make the next key now, e.g. with openssl genpkey, and generate its record){caAdvice}; publish the new record at least two TTLs before switching keys{wait}. danekit rollover plan prints the records to publish and the earliest safe switch time.",
                    lines, commands)));
            return;
        }

        list.Add(Expiring(host, now, expiring[0].Leaf!, keys.First(), usable, ttl, caAdvice, lines, commands,
            expiring.Select(x => new FindingEvidence("served certificate",
                string.Create(CultureInfo.InvariantCulture, $"{x.Address.Endpoint}: {x.Leaf!.Subject}, valid to {x.Leaf.NotAfter:yyyy-MM-dd HH:mm}Z ({x.Leaf.TlsaRecord})")))));
    }

    /// <summary>
    /// DANE-ROLLOVER-EXPIRING (RFC 7671 8.1, 5.1): the renewal is near and the TLSA records know one key only. Says when
    /// the certificate expires, what its expiry means for DANE senders (nothing for DANE-EE, RFC 7672 3.1.1; a failure
    /// for DANE-TA, RFC 7672 3.1.2), and the plan: next key, its 3 1 1 beside the current one, two TTLs, renewal with that
    /// key, old record removed.
    /// </summary>
    private static Finding Expiring(DaneCheckHost host, DateTimeOffset now, CheckCertificate leaf, string key, string usable, uint? ttl, string caAdvice,
        IReadOnlyList<string> lines, IReadOnlyList<string> commands, IEnumerable<FindingEvidence> certificates)
    {
        var tlsa = host.Tlsa;
        var left = leaf.NotAfter - now;
        var when = leaf.NotAfter.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
        var expired = left <= TimeSpan.Zero;
        var days = (int)Math.Floor(Math.Abs(left.TotalDays));
        var span = days == 0 ? "less than a day" : days == 1 ? "1 day" : string.Create(CultureInfo.InvariantCulture, $"{days} days");
        var certificate = expired ? $"the certificate of {host.Name} expired {when}, {span} ago" : $"the certificate of {host.Name} expires {when}, in {span}";
        // Bound to the leaf's own key (DANE-EE, or a 2 x x of a self-signed leaf): validity dates are not checked, the
        // key is what matters. Bound to a CA key (DANE-TA): the leaf's dates are checked.
        var eeBound = string.Equals(key, leaf.SpkiSha256, StringComparison.OrdinalIgnoreCase);
        var meaning = eeBound
            ? expired
                ? "DANE-EE ignores validity dates (RFC 7672 3.1.1), so DANE senders still deliver; the risk is the renewal changing the key"
                : "DANE-EE ignores validity dates (RFC 7672 3.1.1), so the expiry itself does not stop DANE senders; the risk is the renewal changing the key"
            : expired
                ? "DANE-TA checks validity dates (RFC 7672 3.1.2), so DANE senders refuse this certificate; a renewal under another CA key would not match either"
                : "DANE-TA checks validity dates (RFC 7672 3.1.2), so it must be renewed in time; a renewal under another CA key (a new intermediate) would not match";
        var wait = ttl is { } t
            ? string.Create(CultureInfo.InvariantCulture, $"the TLSA TTL is {t} s: wait at least {2 * (long)t} s")
            : "wait at least two TLSA TTLs";
        var deadline = ttl is { } d
            ? string.Create(CultureInfo.InvariantCulture, $"two TLSA TTLs (2 x {d} s = {2 * (long)d} s)")
            : "two TLSA TTLs";
        var remove = eeBound ? "remove the old key's 3 1 1 record" : "remove the records the new certificate no longer needs";
        var text =
            $"Renew with \"current + next\" (RFC 7671 8.1): 1. make the next key now (e.g. openssl genpkey); 2. publish its 3 1 1 record beside the current one{caAdvice}; " +
            $"3. wait two TTLs after the new record is visible and Secure ({wait}); 4. renew the certificate with that key; " +
            $"5. once every address serves the new certificate, {remove}. danekit rollover plan prints the records to publish and the earliest safe switch time." +
            (eeBound ? " Renewing with the current key instead (e.g. certbot --reuse-key) keeps the record valid; publish a next key all the same." : "");
        return Make(FindingCatalogue.RolloverExpiring, host.Name,
            $"{certificate}, and {usable} at {tlsa.Owner} {(tlsa.Usable.Count == 1 ? "is" : "are")} bound to one key: {meaning}; the next key's record must be published {deadline} before the renewed certificate is served",
            [.. certificates, .. tlsa.Usable.Select(r => new FindingEvidence("usable", r.Text)),
             new("now", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture))],
            new FindingRemediation(text, lines, commands));
    }

    /// <summary>The SPKI hash of the served certificate a record is bound to, or null when it matches none.</summary>
    private static string? KeyOf(CheckTlsaRecord record, IReadOnlyList<IReadOnlyList<CheckCertificate>> chains)
    {
        foreach (var chain in chains)
        {
            foreach (var c in chain)
            {
                if (Matches(record, c))
                {
                    return c.SpkiSha256;
                }
            }
        }

        return null;
    }

    private static bool Matches(CheckTlsaRecord record, CheckCertificate certificate)
    {
        if (record.Selector > 1 || record.MatchingType > 2)
        {
            return false;
        }

        if (record.MatchingType == 1)
        {
            // SHA2-256 of the certificate or of its SubjectPublicKeyInfo: the evidence holds both, computed as the
            // generator does (CheckEvidence.Certificate), so the certificate need not be parsed again.
            var hash = record.Selector == 0 ? certificate.CertificateSha256 : certificate.SpkiSha256;
            return string.Equals(hash, record.Data, StringComparison.OrdinalIgnoreCase);
        }

        try
        {
            using var x = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(certificate.Der));
            var data = TlsaGenerator.ComputeAssociationData(x, (Dns.Records.TlsaSelector)record.Selector, (Dns.Records.TlsaMatchingType)record.MatchingType);
            return string.Equals(Convert.ToHexString(data), record.Data, StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    // ---- address ----------------------------------------------------------------------------------------------------

    private static void Address(DaneCheckResult result, DaneCheckHost host, DaneCheckAddress address, List<Finding> list)
    {
        var probe = address.Probe;
        if (probe is null)
        {
            return;
        }

        var subject = $"{host.Name}[{address.Address}]:{address.Port.ToString(CultureInfo.InvariantCulture)}";
        var transcript = probe.Transcript.TakeLast(8).Select(l => new FindingEvidence("transcript", l));
        var dane = address.Requirement is DaneTlsaRequirement.Authenticate or DaneTlsaRequirement.NoUsableRecords;
        var consequence = address.Requirement == DaneTlsaRequirement.Defer
            ? "a DANE sender defers anyway, as the TLSA lookup failed"
            : dane ? "the TLSA records make TLS mandatory, so DANE senders refuse delivery" : "mail goes in cleartext";
        switch (probe.Status)
        {
            case CheckProbeStatus.NoStartTls:
                list.Add(Make(FindingCatalogue.NoStartTls, subject,
                    $"{probe.Failure?.Message ?? "STARTTLS not offered"}: {consequence}",
                    [new("verdict", address.Verdict.ToWireName()), .. probe.Capabilities.Select(c => new FindingEvidence("EHLO", c)), .. transcript],
                    FindingRemediation.Say("Enable STARTTLS with a certificate and key (Postfix: smtpd_tls_chain_files and smtpd_tls_security_level = may).")));
                return;
            case CheckProbeStatus.TlsFailed:
                list.Add(Make(FindingCatalogue.TlsHandshakeFailed, subject,
                    $"{probe.Failure?.Message ?? "the TLS handshake failed"}: {(address.Requirement == DaneTlsaRequirement.Defer ? consequence : dane ? "DANE senders refuse delivery" : "senders retry in cleartext")}",
                    [new("verdict", address.Verdict.ToWireName()), .. transcript],
                    new FindingRemediation("Check the server's certificate, key, TLS versions and cipher suites.", [],
                        [$"openssl s_client {(probe.Mode == SmtpProbeMode.StartTls ? "-starttls smtp " : "")}-connect {address.Endpoint} -servername {probe.ServerName}"])));
                return;
            case CheckProbeStatus.Indeterminate:
                var kind = probe.Failure?.Kind;
                var connect = kind is SmtpProbeFailureKind.ConnectionRefused or SmtpProbeFailureKind.NetworkUnreachable or SmtpProbeFailureKind.ConnectFailed
                    or SmtpProbeFailureKind.ConnectTimeout;
                list.Add(Make(connect ? FindingCatalogue.ConnectFailed : FindingCatalogue.ProbeIndeterminate, subject,
                    $"{probe.Failure?.Message ?? "the probe did not finish"} (step {probe.StalledStep}): the result for this address is Indeterminate; a sender would retry later",
                    [new("step", probe.StalledStep?.ToString() ?? "unknown"), new("failure", probe.Failure?.Kind.ToString() ?? "unknown"),
                     new("elapsed", probe.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s"), .. transcript],
                    FindingRemediation.Say(connect
                        ? $"Make the server listen on {address.Endpoint}, or remove {address.Address} from the address records of {host.ExpandedName}."
                        : $"Check the server at step {probe.StalledStep}: it stalled, or broke the protocol or a limit.")));
                return;
        }

        if (probe.Failure is { } after)
        {
            list.Add(Make(FindingCatalogue.ProbeIncomplete, subject, $"TLS was established, then: {after.Message}",
                [new("step", after.Step.ToString()), .. transcript], FindingRemediation.Say($"Check the server's behaviour after TLS at step {after.Step}.")));
        }

        if (address.Match is not { Outcome: DaneMatchOutcome.NotMatched } match)
        {
            return;
        }

        var leaf = address.Certificates.FirstOrDefault(c => c.Depth == 0);
        var served = address.Certificates.Select(c => new FindingEvidence($"served depth {c.Depth}", $"{c.Subject} (issuer {c.Issuer}; {c.TlsaRecord})")).ToList();
        var byReason = match.Failures.GroupBy(f => Category(f)).ToList();
        foreach (var group in byReason)
        {
            var failures = group.ToList();
            var evidence = failures.Select(f => new FindingEvidence("published", $"{f.Record.Text}: {f.Detail}")).Concat(served).ToList();
            switch (group.Key)
            {
                case FailureCategory.Stale:
                    var lines = new List<string>();
                    if (leaf is not null)
                    {
                        foreach (var f in failures.Where(f => f.Record.Usage == 3).DistinctBy(f => (f.Record.Selector, f.Record.MatchingType)))
                        {
                            if (Data(leaf, f.Record.Selector, f.Record.MatchingType) is { } d)
                            {
                                lines.Add($"{host.Tlsa.Owner} IN TLSA 3 {f.Record.Selector} {f.Record.MatchingType} {d}");
                            }
                        }

                        if (!lines.Any(l => l.Contains(" 3 1 1 ", StringComparison.Ordinal)))
                        {
                            lines.Add($"{host.Tlsa.Owner} IN TLSA {leaf.TlsaRecord}");
                        }
                    }

                    list.Add(Make(FindingCatalogue.TlsaStale, subject,
                        $"the TLSA record{(failures.Count == 1 ? "" : "s")} at {host.Tlsa.Owner} match{(failures.Count == 1 ? "es" : "")} no key the server presents{(leaf is null ? "" : $"; it presents {leaf.TlsaRecord}")}",
                        [.. (leaf is null ? [] : new[] { new FindingEvidence("served key (3 1 1)", leaf.SpkiSha256), new FindingEvidence("served certificate", $"{leaf.Subject}, valid to {leaf.NotAfter:yyyy-MM-dd}") }), .. evidence],
                        new FindingRemediation(
                            "Publish the record of the key the server presents now (below) beside the old one; remove the old record after two TTLs. Keep a record for the next key too, so the next renewal does not break delivery.",
                            lines, [$"danekit tlsa generate --from {Url(result, host)}"])));
                    break;
                case FailureCategory.AnchorNotServed:
                    var cas = address.Certificates.Where(c => c.Depth > 0).Select(c => $"{host.Tlsa.Owner} IN TLSA {c.TlsaRecord}").ToList();
                    list.Add(Make(FindingCatalogue.TaNotServed, subject,
                        $"DANE-TA record{(failures.Count == 1 ? "" : "s")} at {host.Tlsa.Owner} pin{(failures.Count == 1 ? "s" : "")} a CA certificate the server does not send ({address.Certificates.Count} certificate{(address.Certificates.Count == 1 ? "" : "s")} served)",
                        evidence,
                        new FindingRemediation(
                            "Make the server send the full chain including the pinned CA certificate (Postfix: smtpd_tls_chain_files with the chain), or publish a 2 1 1 record of a CA certificate it does send (below), or publish the CA in full as 2 0 0.",
                            cas, [$"danekit tlsa generate --from {Url(result, host)} --chain"])));
                    break;
                case FailureCategory.Name:
                    list.Add(Make(FindingCatalogue.TaNameMismatch, subject,
                        $"the certificate names {(leaf is null || leaf.DnsNames.Count == 0 ? leaf?.Subject ?? "nothing" : string.Join(", ", leaf.DnsNames))}, not {host.Tlsa.BaseDomain.TrimEnd('.')}",
                        evidence,
                        new FindingRemediation($"Issue a certificate whose subjectAltName includes {host.Tlsa.BaseDomain.TrimEnd('.')}, or publish a DANE-EE 3 1 1 record (no name check; below).",
                            leaf is null ? [] : [$"{host.Tlsa.Owner} IN TLSA {leaf.TlsaRecord}"], [])));
                    break;
                case FailureCategory.Expired:
                    list.Add(Make(FindingCatalogue.TaCertificateExpired, subject, $"a certificate below the DANE-TA trust anchor is outside its validity period",
                        evidence, FindingRemediation.Say("Renew the certificate; DANE-TA checks the validity of the certificates below the anchor (DANE-EE does not).")));
                    break;
                default:
                    list.Add(Make(FindingCatalogue.MatchFailed, subject, $"no TLSA record authenticated the server: {failures[0].Detail}",
                        evidence, new FindingRemediation("Serve a complete, correctly signed chain, or publish a 3 1 1 record of the key the server presents (below).",
                            leaf is null ? [] : [$"{host.Tlsa.Owner} IN TLSA {leaf.TlsaRecord}"], [$"danekit tlsa generate --from {Url(result, host)} --chain"])));
                    break;
            }
        }
    }

    private enum FailureCategory
    {
        Stale,
        AnchorNotServed,
        Name,
        Expired,
        Other,
    }

    private static FailureCategory Category(CheckMatchFailure f) => f.Reason switch
    {
        DaneMatchFailureReason.DigestMismatch => FailureCategory.Stale,
        DaneMatchFailureReason.AnchorNotServed => FailureCategory.AnchorNotServed,
        DaneMatchFailureReason.NameMismatch => FailureCategory.Name,
        DaneMatchFailureReason.Expired or DaneMatchFailureReason.NotYetValid => FailureCategory.Expired,
        _ => FailureCategory.Other,
    };

    private static void MixedAddresses(DaneCheckResult result, DaneCheckHost host, List<Finding> list)
    {
        var probed = host.Addresses.Where(a => a.Probe is not null).ToList();
        if (probed.Select(a => a.Verdict).Distinct().Count() <= 1)
        {
            return;
        }

        var keys = probed.Select(a => a.Certificates.FirstOrDefault(c => c.Depth == 0)).OfType<CheckCertificate>()
            .Select(c => c.TlsaRecord).Distinct(StringComparer.Ordinal).ToList();
        list.Add(Make(FindingCatalogue.MixedAddresses, host.Name,
            $"the addresses of {host.Name} give different results ({string.Join(", ", probed.Select(a => a.Verdict.ToWireName()).Distinct())}); a sender may reach any of them",
            probed.Select(a => new FindingEvidence(a.Endpoint,
                $"{a.Verdict.ToWireName()}{(a.Certificates.Count > 0 ? $", serves {a.Certificates[0].TlsaRecord}" : "")}: {a.VerdictReason}")),
            new FindingRemediation(
                "Make every address serve the same certificate and key, or publish a record for each key in use (below: the keys served now); a key that should not be in use is a misconfigured server.",
                host.Tlsa.Requirement == DaneTlsaRequirement.Authenticate ? keys.Select(k => $"{host.Tlsa.Owner} IN TLSA {k}").ToArray() : [],
                [])));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static FindingRemediation PublishFromServed(DaneCheckResult result, DaneCheckHost host, string text, IReadOnlyList<string>? fallbackRecords = null,
        bool withIssuer = false)
    {
        var owner = host.Tlsa.Owner;
        var leaves = host.Addresses.SelectMany(a => a.Certificates).Where(c => c.Depth == 0).Select(c => c.TlsaRecord).Distinct(StringComparer.Ordinal).ToList();
        var lines = leaves.Select(r => $"{owner} IN TLSA {r}").ToList();
        if (withIssuer)
        {
            lines.AddRange(host.Addresses.SelectMany(a => a.Certificates).Where(c => c.Depth == 1).Select(c => $"{owner} IN TLSA {c.TlsaRecord}").Distinct(StringComparer.Ordinal));
        }

        if (lines.Count == 0 && fallbackRecords is not null)
        {
            lines.AddRange(fallbackRecords.Select(r => $"{owner} IN TLSA {r}"));
        }

        return new FindingRemediation(text, lines, [$"danekit tlsa generate --from {Url(result, host)}"]);
    }

    private static string Url(DaneCheckResult result, DaneCheckHost host)
    {
        var name = host.Tlsa.BaseDomain.TrimEnd('.');
        var scheme = result.TlsMode == SmtpProbeMode.StartTls ? "smtp" : "tls";
        var port = result.TlsMode == SmtpProbeMode.StartTls && result.Port == CheckOptions.SmtpPort ? "" : ":" + result.Port.ToString(CultureInfo.InvariantCulture);
        return $"{scheme}://{name}{port}";
    }

    private static string PortArg(DaneCheckResult result) =>
        result.Port == CheckOptions.SmtpPort ? "" : " --port " + result.Port.ToString(CultureInfo.InvariantCulture);

    private static string Port(DaneCheckResult result) => result.Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The association data of a certificate for a selector and matching type, in hex; null when it cannot be computed.</summary>
    private static string? Data(CheckCertificate certificate, int selector, int matchingType)
    {
        if (selector > 1 || matchingType > 2)
        {
            return null;
        }

        try
        {
            using var x = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(certificate.Der));
            return Convert.ToHexString(TlsaGenerator.ComputeAssociationData(x, (Dns.Records.TlsaSelector)selector, (Dns.Records.TlsaMatchingType)matchingType));
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static Finding Make(string code, string subject, string message, IEnumerable<FindingEvidence> evidence, FindingRemediation remediation)
    {
        var d = FindingCatalogue.Get(code);
        return new Finding
        {
            Code = code,
            Severity = d.Severity,
            Title = d.Title,
            Message = message,
            Rfc = d.Rfc,
            Subject = subject,
            Evidence = evidence.ToArray(),
            Remediation = remediation,
        };
    }

    /// <summary>
    /// Merges findings that say the same thing about several addresses of one host (same code, same fix): one finding
    /// with every subject, instead of one per address.
    /// </summary>
    private static List<Finding> Merge(List<Finding> findings)
    {
        var merged = new List<Finding>();
        foreach (var f in findings)
        {
            var host = HostOf(f.Subject);
            var same = merged.FindIndex(m => m.Code == f.Code && host is not null && HostOf(m.Subject) == host && SameFix(m.Remediation, f.Remediation));
            if (same < 0)
            {
                merged.Add(f);
                continue;
            }

            var m = merged[same];
            merged[same] = m with
            {
                Subject = $"{m.Subject}, {f.Subject[host!.Length..]}",
                Evidence = m.Evidence.Concat(f.Evidence).Distinct().ToArray(),
            };
        }

        return merged;
    }

    /// <summary>The host part of an address subject (<c>mx.example.com.[192.0.2.1]:25</c>), or null for another subject.</summary>
    private static string? HostOf(string subject)
    {
        var bracket = subject.IndexOf('[', StringComparison.Ordinal);
        return bracket > 0 ? subject[..bracket] : null;
    }

    private static bool SameFix(FindingRemediation a, FindingRemediation b) =>
        a.Text == b.Text && a.ZoneLines.SequenceEqual(b.ZoneLines) && a.Commands.SequenceEqual(b.Commands);
}
