using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Diagnostics;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.MtaSts;
using DaneKit.TlsRpt;

namespace DaneKit.Smtp;

/// <summary>What the MTA-STS and TLS-RPT lookups and the policy fetch found, before the hosts are judged.</summary>
internal sealed record MtaStsDiscovery(
    CheckLookup TxtLookup,
    CheckMtaStsTxtOutcome TxtOutcome,
    string? PolicyId,
    CheckMtaStsFetch? Fetch,
    MtaStsPolicy? Policy,
    IReadOnlyList<Finding> Findings,
    CheckTlsRpt TlsRpt,
    IReadOnlyList<Finding> TlsRptFindings)
{
    /// <summary>The mode a sender applies: a policy from a real (not diagnostic) fetch, one valid TXT record, mode enforce or testing.</summary>
    public MtaStsMode? ModeInForce =>
        TxtOutcome == CheckMtaStsTxtOutcome.Ok && Fetch is { Diagnostic: false, Outcome: CheckMtaStsFetchOutcome.Ok } && Policy is { Mode: not MtaStsMode.None } p
            ? p.Mode
            : null;
}

/// <summary>
/// The MTA-STS (RFC 8461) and TLS-RPT record (RFC 8460 3) part of a mail check: the <c>_mta-sts</c> and
/// <c>_smtp._tls</c> TXT lookups, the policy fetch, and, once the DANE part has probed the hosts, what an MTA-STS sender
/// does with each (RFC 8461 4, 5), with DANE taking precedence where it applies (RFC 8461 2).
/// </summary>
internal sealed class MtaStsCheckStep(Func<DnsName, DnsType, CancellationToken, Task<ValidatedAnswer>> lookup, CheckOptions options, TimeProvider time)
{
    private const string PolicyRfc = "RFC 8461 5";

    /// <summary>Looks up the TXT records and fetches the policy. Never throws for DNS or network problems.</summary>
    public async Task<MtaStsDiscovery> DiscoverAsync(DnsName domain, CancellationToken ct)
    {
        var domainText = domain.ToString().TrimEnd('.');
        var findings = new List<Finding>();

        var txtName = domain.Prepend("_mta-sts");
        var txtAnswer = await lookup(txtName, DnsType.TXT, ct).ConfigureAwait(false);
        var txtLookup = CheckEvidence.Lookup(txtAnswer);
        CheckMtaStsTxtOutcome txtOutcome;
        string? policyId = null;
        if (txtAnswer.Status is SecurityStatus.Bogus or SecurityStatus.Indeterminate
            || (!txtAnswer.IsDenial && txtAnswer.ResponseCode != DnsResponseCode.NoError))
        {
            txtOutcome = CheckMtaStsTxtOutcome.LookupFailed;
            findings.Add(MtaStsFindings.Create(MtaStsFindings.TxtLookupFailed, txtName.ToString(),
                $"The TXT lookup of {txtName} failed: {txtLookup.Summary}.",
                [.. txtLookup.Reasons.Where(r => r.Kind == ReasonKind.Failure).Take(3).Select(r => new FindingEvidence("reason", r.ToString()))]));
        }
        else
        {
            var parsed = MtaStsTxtParser.Parse(domainText, Texts(txtAnswer).Select(Joined));
            findings.AddRange(parsed.Findings);
            policyId = parsed.Record?.Id;
            txtOutcome = parsed.Record is not null ? CheckMtaStsTxtOutcome.Ok
                : parsed.Findings.Any(f => f.Code == MtaStsFindings.TxtMultiple) ? CheckMtaStsTxtOutcome.Multiple
                : parsed.Findings.Any(f => f.Code == MtaStsFindings.TxtNone) ? CheckMtaStsTxtOutcome.None
                : CheckMtaStsTxtOutcome.Invalid;
        }

        // A sender fetches only with exactly one valid TXT record. Otherwise DaneKit fetches to explain (a policy served
        // without its TXT record, or behind a broken one), unless there is plainly no MTA-STS at all.
        var diagnostic = txtOutcome != CheckMtaStsTxtOutcome.Ok;
        var (fetch, policy, fetchFindings) = await FetchAsync(domain, diagnostic, skipWithoutAddress: diagnostic, ct).ConfigureAwait(false);
        if (!diagnostic)
        {
            findings.AddRange(fetchFindings);
        }
        else if (fetch is { Outcome: CheckMtaStsFetchOutcome.Ok } && policy is not null)
        {
            // Say on the TXT finding that a policy is there but unused.
            var index = findings.FindIndex(f => f.Code.StartsWith("MTASTS-TXT-", StringComparison.Ordinal) && f.Severity != FindingSeverity.Info
                || f.Code == MtaStsFindings.TxtNone);
            if (index >= 0)
            {
                var f = findings[index];
                findings[index] = f with
                {
                    Message = f.Message + $" A policy (mode {ModeName(policy.Mode)}) is served at {fetch.Url}, but senders do not fetch it without exactly one valid TXT record.",
                    Evidence = [.. f.Evidence, new FindingEvidence("policy served", fetch.Url)],
                };
            }
        }

        var (tlsRpt, tlsRptFindings) = await TlsRptAsync(domain, ct).ConfigureAwait(false);
        return new MtaStsDiscovery(txtLookup, txtOutcome, policyId, fetch, policy, findings, tlsRpt, tlsRptFindings);
    }

    private async Task<(CheckMtaStsFetch? Fetch, MtaStsPolicy? Policy, IReadOnlyList<Finding> Findings)> FetchAsync(
        DnsName domain, bool diagnostic, bool skipWithoutAddress, CancellationToken ct)
    {
        var host = domain.Prepend("mta-sts");
        var url = MtaStsPolicyFetcher.PolicyUrl(domain.ToString()).ToString();
        var lookups = new List<CheckLookup>();
        var addresses = new List<IPAddress>();
        foreach (var type in AddressTypes())
        {
            var answer = await lookup(host, type, ct).ConfigureAwait(false);
            lookups.Add(CheckEvidence.Lookup(answer, diagnostic ? "MTA-STS policy host (diagnostic)" : "MTA-STS policy host"));
            addresses.AddRange(answer.Records.Where(r => r.Type == type).Select(r => r.Data switch
            {
                AData a => a.Address,
                AaaaData a => a.Address,
                _ => null,
            }).OfType<IPAddress>());
        }

        var judged = addresses.Select(a => (Address: a, Refused: options.RefuseAddress?.Invoke(a))).ToArray();
        var refusals = judged.Select(j => j.Refused).OfType<string>().ToArray();
        addresses = judged.Where(j => j.Refused is null).Select(j => j.Address).ToList();
        if (addresses.Count == 0 && refusals.Length > 0)
        {
            var problem = $"not connected to {host}: {string.Join("; ", refusals)} (this checker only contacts public addresses)";
            return (new CheckMtaStsFetch { Url = url, Diagnostic = diagnostic, AddressLookups = lookups, Outcome = CheckMtaStsFetchOutcome.Connect, Problem = problem },
                null, [MtaStsFindings.Create(MtaStsFindings.FetchConnect, url, "Could not fetch the policy: " + problem)]);
        }

        if (addresses.Count == 0)
        {
            if (skipWithoutAddress)
            {
                return (null, null, []);
            }

            var problem = $"{host} has no address ({string.Join("; ", lookups.Select(l => l.Summary))}).";
            return (new CheckMtaStsFetch { Url = url, Diagnostic = diagnostic, AddressLookups = lookups, Outcome = CheckMtaStsFetchOutcome.NoAddress, Problem = problem },
                null, [MtaStsFindings.Create(MtaStsFindings.FetchConnect, url, "Could not fetch the policy: " + problem)]);
        }

        MtaStsFetchResult? result = null;
        IPAddress? used = null;
        foreach (var address in addresses.Take(2))
        {
            used = address;
            var fetcher = new MtaStsPolicyFetcher(new MtaStsFetchOptions
            {
                ConnectTimeout = options.MtaStsFetch.ConnectTimeout,
                Timeout = options.MtaStsFetch.Timeout,
                MaxBodyBytes = options.MtaStsFetch.MaxBodyBytes,
                CustomRoots = options.MtaStsFetch.CustomRoots,
                ConnectTo = new IPEndPoint(address, options.MtaStsFetch.ConnectTo?.Port ?? 443),
                TimeProvider = time,
            });
            result = await fetcher.FetchAsync(domain.ToString(), ct).ConfigureAwait(false);
            if (!result.Findings.Any(f => f.Code is MtaStsFindings.FetchConnect or MtaStsFindings.FetchTimeout))
            {
                break; // a response (or a TLS verdict) came: another address would not be tried by a sender either
            }
        }

        var outcome = Outcome(result!);
        var firstError = result!.Findings.FirstOrDefault(f => f.Severity == FindingSeverity.Error);
        var fetch = new CheckMtaStsFetch
        {
            Url = url,
            Diagnostic = diagnostic,
            AddressLookups = lookups,
            Address = used?.ToString(),
            StatusCode = result.StatusCode,
            ContentType = result.ContentType,
            Body = result.Body,
            Outcome = outcome,
            Problem = outcome == CheckMtaStsFetchOutcome.Ok ? null : firstError?.Message ?? "the policy is not valid",
        };
        return (fetch, result.Policy, result.Findings);
    }

    private static CheckMtaStsFetchOutcome Outcome(MtaStsFetchResult result)
    {
        var codes = result.Findings.Select(f => f.Code).ToHashSet(StringComparer.Ordinal);
        return codes.Contains(MtaStsFindings.FetchCertificate) ? CheckMtaStsFetchOutcome.Certificate
            : codes.Contains(MtaStsFindings.FetchRedirect) ? CheckMtaStsFetchOutcome.Redirect
            : codes.Contains(MtaStsFindings.FetchHttpStatus) ? CheckMtaStsFetchOutcome.HttpStatus
            : codes.Contains(MtaStsFindings.FetchContentType) ? CheckMtaStsFetchOutcome.ContentType
            : codes.Contains(MtaStsFindings.FetchTooLarge) ? CheckMtaStsFetchOutcome.TooLarge
            : codes.Contains(MtaStsFindings.FetchTimeout) ? CheckMtaStsFetchOutcome.Timeout
            : codes.Contains(MtaStsFindings.FetchConnect) ? CheckMtaStsFetchOutcome.Connect
            : result.Policy is null ? CheckMtaStsFetchOutcome.InvalidPolicy
            : CheckMtaStsFetchOutcome.Ok;
    }

    private async Task<(CheckTlsRpt, IReadOnlyList<Finding>)> TlsRptAsync(DnsName domain, CancellationToken ct)
    {
        var name = domain.Prepend("_tls").Prepend("_smtp");
        var answer = await lookup(name, DnsType.TXT, ct).ConfigureAwait(false);
        var checkLookup = CheckEvidence.Lookup(answer);
        var subject = name.ToString().TrimEnd('.');
        if (answer.Status is SecurityStatus.Bogus or SecurityStatus.Indeterminate
            || (!answer.IsDenial && answer.ResponseCode != DnsResponseCode.NoError))
        {
            return (new CheckTlsRpt { Lookup = checkLookup, Outcome = CheckTlsRptOutcome.LookupFailed },
                [TlsRptRecordFindings.LookupFailed(subject, checkLookup.Summary)]);
        }

        var texts = Texts(answer);
        var parsed = TlsRptRecordParser.Parse(texts);
        var evidence = texts.Select(t => new FindingEvidence("published", Joined(t))).ToArray();
        var findings = parsed.Findings.Select(f => TlsRptRecordFindings.ToFinding(f, subject, evidence)).ToList();
        var outcome = parsed.IsValid ? CheckTlsRptOutcome.Ok
            : parsed.Findings.Any(f => f.Code == "TLSRPT-RECORD-MISSING") ? CheckTlsRptOutcome.None
            : CheckTlsRptOutcome.Invalid;
        return (new CheckTlsRpt
        {
            Lookup = checkLookup,
            Outcome = outcome,
            Record = parsed.Record?.Text,
            ReportUris = outcome == CheckTlsRptOutcome.Ok ? parsed.Record!.ReportUris.Select(u => u.ToString()).ToArray() : [],
        }, findings);
    }

    /// <summary>Judges every host with the discovery and the DANE part's results.</summary>
    public (CheckMtaSts MtaSts, IReadOnlyList<Finding> Findings) Evaluate(DnsName domain, MtaStsDiscovery d, IReadOnlyList<DaneCheckHost> hosts, DateTimeOffset now)
    {
        var findings = new List<Finding>(d.Findings);
        var mode = d.ModeInForce;
        var judged = new List<CheckMtaStsHost>();
        foreach (var host in hosts)
        {
            var pattern = d.Policy?.MatchingPattern(host.Name);
            bool? inPolicy = d.Policy is null ? null : pattern is not null;
            var daneApplies = host.Tlsa.Requirement is Tls.DaneTlsaRequirement.Authenticate or Tls.DaneTlsaRequirement.NoUsableRecords or Tls.DaneTlsaRequirement.Defer;
            if (mode is null)
            {
                judged.Add(new CheckMtaStsHost
                {
                    Name = host.Name, MatchedPattern = pattern, InPolicy = inPolicy, DaneApplies = daneApplies,
                    Outcome = CheckMtaStsOutcome.NoPolicy, Rfc = "RFC 8461 3.1",
                    Reason = "No MTA-STS policy is in force, so MTA-STS plays no part for this host.",
                });
                continue;
            }

            var addresses = host.Addresses.Select(a => WebPki(host.Name, a, now)).ToArray();
            if (daneApplies)
            {
                var reason = $"The host has DANE ({DaneWords(host.Tlsa.Requirement)}; DANE verdict {host.Verdict.ToWireName()}): a sender doing both validates DANE here, and MTA-STS must not override a DANE failure.";
                judged.Add(new CheckMtaStsHost
                {
                    Name = host.Name, MatchedPattern = pattern, InPolicy = inPolicy, DaneApplies = true, Addresses = addresses,
                    Outcome = CheckMtaStsOutcome.DanePrecedence, Rfc = "RFC 8461 2", Reason = reason,
                });
                var extra = pattern is null ? " The host is not in the MTA-STS policy, so senders without DANE would refuse it in enforce mode (see MTASTS-MX-NOT-IN-POLICY)." : "";
                findings.Add(MtaStsFindings.Create(MtaStsFindings.DanePrecedence, host.Name.TrimEnd('.'), reason + extra,
                    new FindingEvidence("DANE verdict", host.Verdict.ToWireName()), new FindingEvidence("MTA-STS mode", ModeName(mode.Value))));
            }

            var failing = mode == MtaStsMode.Enforce ? CheckMtaStsOutcome.Refuses : CheckMtaStsOutcome.ReportsAndDelivers;
            var consequence = mode == MtaStsMode.Enforce
                ? "in enforce mode a sender without DANE does not deliver to it"
                : "in testing mode a sender reports the failure and delivers anyway";
            if (pattern is null)
            {
                var patterns = string.Join(", ", d.Policy!.Mx);
                if (!daneApplies)
                {
                    judged.Add(new CheckMtaStsHost
                    {
                        Name = host.Name, InPolicy = false, DaneApplies = false, Addresses = addresses, Outcome = failing, Rfc = "RFC 8461 4.1",
                        Reason = $"The host matches none of the policy's mx patterns ({patterns}): {consequence}.",
                    });
                }

                findings.Add(MtaStsFindings.Create(MtaStsFindings.MxNotInPolicy, host.Name.TrimEnd('.'),
                    $"{host.Name.TrimEnd('.')} matches none of the mx patterns of the policy ({patterns}): {consequence}.",
                    new FindingEvidence("mx patterns", patterns), new FindingEvidence("add to the policy", "mx: " + host.Name.TrimEnd('.'))));
                continue;
            }

            var bad = addresses.Where(a => a.WebPkiValid == false).ToArray();
            if (daneApplies)
            {
                if (bad.Length > 0)
                {
                    // DANE decides for senders that do both; a sender with MTA-STS only still refuses (or reports) the host.
                    var problems = string.Join("; ", bad.Select(a => $"{a.Address}: {a.Problem}"));
                    findings.Add(MtaStsFindings.Create(MtaStsFindings.MxCertUntrusted, host.Name.TrimEnd('.'),
                        $"{host.Name.TrimEnd('.')} matches the policy ({pattern}), but {problems}. DANE decides for senders that validate it; {consequence}.",
                        [.. bad.Select(a => new FindingEvidence(a.Address, a.Problem ?? ""))]));
                }

                continue;
            }

            var good = addresses.Count(a => a.WebPkiValid == true);
            CheckMtaStsHost judgedHost;
            if (bad.Length > 0)
            {
                var what = string.Join("; ", bad.Select(a => $"{a.Address}: {a.Problem}"));
                judgedHost = new CheckMtaStsHost
                {
                    Name = host.Name, MatchedPattern = pattern, InPolicy = true, DaneApplies = false, Addresses = addresses, Outcome = failing, Rfc = "RFC 8461 4.2",
                    Reason = $"The certificate is not WebPKI-valid for {host.Name.TrimEnd('.')} ({what}): {consequence}.",
                };
                findings.Add(MtaStsFindings.Create(MtaStsFindings.MxCertUntrusted, host.Name.TrimEnd('.'),
                    $"{host.Name.TrimEnd('.')} matches the policy ({pattern}), but {what}; {consequence}.",
                    [.. bad.Select(a => new FindingEvidence(a.Address, a.Problem ?? ""))]));
            }
            else if (good > 0)
            {
                judgedHost = new CheckMtaStsHost
                {
                    Name = host.Name, MatchedPattern = pattern, InPolicy = true, DaneApplies = false, Addresses = addresses,
                    Outcome = CheckMtaStsOutcome.Delivers, Rfc = "RFC 8461 4",
                    Reason = $"The host matches the policy ({pattern}) and its certificate is WebPKI-valid for {host.Name.TrimEnd('.')}: delivery goes ahead.",
                };
            }
            else
            {
                judgedHost = new CheckMtaStsHost
                {
                    Name = host.Name, MatchedPattern = pattern, InPolicy = true, DaneApplies = false, Addresses = addresses,
                    Outcome = CheckMtaStsOutcome.NotChecked, Rfc = "RFC 8461 4.2",
                    Reason = "The host matches the policy, but no connection completed, so its certificate could not be judged (see the DANE part).",
                };
            }

            judged.Add(judgedHost);
        }

        // Hosts that are not in the policy but have DANE were added once above (as DanePrecedence); keep the DANE check's order.
        var ordered = hosts.Select(h => judged.First(j => j.Name == h.Name)).ToArray();
        var outcome = mode is null ? CheckMtaStsOutcome.NoPolicy : ordered.Select(h => h.Outcome).DefaultIfEmpty(CheckMtaStsOutcome.NotChecked).MaxBy(Rank);
        var result = new CheckMtaSts
        {
            PolicyDomain = domain.ToString(),
            TxtLookup = d.TxtLookup,
            TxtOutcome = d.TxtOutcome,
            PolicyId = d.PolicyId,
            Fetch = d.Fetch,
            Policy = d.Policy is { } p ? new CheckMtaStsPolicy(p.Mode, (long)p.MaxAge.TotalSeconds, p.Mx) : null,
            ModeInForce = mode,
            Hosts = ordered,
            Outcome = outcome,
            Rfc = mode is null ? "RFC 8461 3" : outcome == CheckMtaStsOutcome.DanePrecedence ? "RFC 8461 2" : PolicyRfc,
            Summary = Summary(d, mode, ordered),
        };
        return (result, findings);
    }

    /// <summary>Worst-last rank of host outcomes for the domain's outcome.</summary>
    private static int Rank(CheckMtaStsOutcome o) => o switch
    {
        CheckMtaStsOutcome.NoPolicy => 0,
        CheckMtaStsOutcome.DanePrecedence => 1,
        CheckMtaStsOutcome.Delivers => 2,
        CheckMtaStsOutcome.NotChecked => 3,
        CheckMtaStsOutcome.ReportsAndDelivers => 4,
        CheckMtaStsOutcome.Refuses => 5,
        _ => 6,
    };

    private static string Summary(MtaStsDiscovery d, MtaStsMode? mode, IReadOnlyList<CheckMtaStsHost> hosts)
    {
        if (mode is null)
        {
            var why = d.TxtOutcome switch
            {
                CheckMtaStsTxtOutcome.None => "there is no _mta-sts TXT record",
                CheckMtaStsTxtOutcome.Multiple => "there is more than one _mta-sts TXT record (RFC 8461 3.1)",
                CheckMtaStsTxtOutcome.Invalid => "the _mta-sts TXT record is malformed (RFC 8461 3.1)",
                CheckMtaStsTxtOutcome.LookupFailed => "the _mta-sts TXT lookup failed (a sender keeps a cached policy, if it has one)",
                _ => d.Fetch is { Outcome: not CheckMtaStsFetchOutcome.Ok } f
                    ? $"the policy could not be fetched ({f.Problem}) (RFC 8461 3.3; a sender keeps a cached policy, if it has one)"
                    : "the policy's mode is none (RFC 8461 5)",
            };
            return $"No MTA-STS policy in force: {why}.";
        }

        string Names(CheckMtaStsOutcome o) => string.Join(", ", hosts.Where(h => h.Outcome == o).Select(h => h.Name.TrimEnd('.')));
        var parts = new List<string>();
        foreach (var (o, words) in new[]
        {
            (CheckMtaStsOutcome.Delivers, "delivers to"),
            (CheckMtaStsOutcome.ReportsAndDelivers, "reports a failure and delivers to"),
            (CheckMtaStsOutcome.Refuses, "refuses to deliver to"),
            (CheckMtaStsOutcome.NotChecked, "could not judge"),
        })
        {
            var names = Names(o);
            if (names.Length > 0)
            {
                parts.Add($"{words} {names}");
            }
        }

        var text = $"MTA-STS policy in {ModeName(mode.Value)} mode (id {d.PolicyId}, max_age {((long)d.Policy!.MaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s): a sender without DANE "
            + (parts.Count > 0 ? string.Join("; ", parts) : "has no host to deliver to") + ".";
        var dane = Names(CheckMtaStsOutcome.DanePrecedence);
        if (dane.Length > 0)
        {
            text += $" DANE takes precedence where both apply (RFC 8461 2): {dane}.";
        }

        return text;
    }

    private CheckMtaStsAddress WebPki(string hostName, DaneCheckAddress address, DateTimeOffset now)
    {
        var probe = address.Probe;
        if (probe is null || probe.Status == CheckProbeStatus.NotProbed)
        {
            return new CheckMtaStsAddress(address.Address, null, "not probed");
        }

        if (probe.Status == CheckProbeStatus.NoStartTls)
        {
            return new CheckMtaStsAddress(address.Address, false, "STARTTLS is not offered");
        }

        if (address.Certificates.Count == 0)
        {
            return probe.Status == CheckProbeStatus.TlsFailed
                ? new CheckMtaStsAddress(address.Address, false, "the TLS handshake failed: " + (probe.Failure?.Message ?? "no detail"))
                : new CheckMtaStsAddress(address.Address, null, "no certificate was seen: " + (probe.Failure?.Message ?? probe.Status.ToString()));
        }

        var problem = WebPkiProblem(hostName.TrimEnd('.'), address.Certificates, now);
        return new CheckMtaStsAddress(address.Address, problem is null, problem);
    }

    /// <summary>Why the served chain is not WebPKI-valid for the host (RFC 8461 4.2), or <see langword="null"/> when it is.</summary>
    private string? WebPkiProblem(string hostName, IReadOnlyList<CheckCertificate> served, DateTimeOffset now)
    {
        var chain = new List<X509Certificate2>();
        try
        {
            foreach (var c in served.OrderBy(c => c.Depth))
            {
                chain.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c.Der)));
            }

            var leaf = chain[0];
            if (!leaf.MatchesHostname(hostName, allowWildcards: true, allowCommonName: false))
            {
                var names = served[0].DnsNames.Count > 0 ? string.Join(", ", served[0].DnsNames) : "no DNS names";
                return $"the certificate names {names}, not {hostName}";
            }

            var system = Build(leaf, chain, now, null);
            if (system is null)
            {
                return null;
            }

            if (options.MtaStsFetch.CustomRoots is { Count: > 0 } roots)
            {
                var custom = Build(leaf, chain, now, roots);
                return custom is null ? null : "untrusted (system roots and the given CA file): " + custom;
            }

            return "untrusted: " + system;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return "the certificate could not be read: " + e.Message;
        }
        finally
        {
            foreach (var c in chain)
            {
                c.Dispose();
            }
        }
    }

    private static string? Build(X509Certificate2 leaf, List<X509Certificate2> served, DateTimeOffset now, X509Certificate2Collection? roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1")); // serverAuth
        chain.ChainPolicy.ExtraStore.AddRange(served.Skip(1).ToArray());
        if (roots is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        }

        if (chain.Build(leaf))
        {
            return null;
        }

        var statuses = chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}").Distinct(StringComparer.Ordinal).ToArray();
        return statuses.Length == 0 ? "the chain could not be built" : string.Join("; ", statuses);
    }

    private IEnumerable<DnsType> AddressTypes()
    {
        if (options.AddressFamilies != CheckAddressFamilies.IPv6)
        {
            yield return DnsType.A;
        }

        if (options.AddressFamilies != CheckAddressFamilies.IPv4)
        {
            yield return DnsType.AAAA;
        }
    }

    private static List<IReadOnlyList<string>> Texts(ValidatedAnswer answer) =>
        answer.Records.Where(r => r.Type == DnsType.TXT).Select(r => r.Data).OfType<TxtData>()
            .Select(t => (IReadOnlyList<string>)t.Strings.Select(s => System.Text.Encoding.UTF8.GetString(s)).ToArray()).ToList();

    private static string Joined(IReadOnlyList<string> strings) => string.Concat(strings);

    private static string ModeName(MtaStsMode mode) => mode switch
    {
        MtaStsMode.Enforce => "enforce",
        MtaStsMode.Testing => "testing",
        _ => "none",
    };

    private static string DaneWords(Tls.DaneTlsaRequirement requirement) => requirement switch
    {
        Tls.DaneTlsaRequirement.Authenticate => "a Secure TLSA RRset with usable records",
        Tls.DaneTlsaRequirement.NoUsableRecords => "a Secure TLSA RRset, no record usable",
        _ => "the TLSA lookup failed",
    };
}
