using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Diagnostics;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Tls;
using DaneKit.Tlsa;

namespace DaneKit.Smtp;

/// <summary>
/// Checks a mail domain as a DANE-enforcing SMTP sender reaches it (RFC 7672), or one TLS service of one host (RFC
/// 6698), and says what a sender will do, why, and how to fix it.
/// </summary>
/// <remarks>
/// <para>
/// Mail: the MX RRset with its DNSSEC status (a null MX means no mail, none means the implicit MX); for every MX host in
/// preference order its A and AAAA records with their status and CNAME chain; TLSA only where RFC 7672 2.2.3 says a
/// sender looks (Secure address records), at the TLSA base domain of RFC 7672 2.2.2 (the CNAME target first, the original
/// name only when the alias is Secure and the target securely has none; an error never falls back); then every address
/// on port 25: banner, EHLO, STARTTLS with SNI set to the TLSA base domain (RFC 7672 8.1), the chain as served, and the
/// match. Each address, host and the domain get a verdict in a DANE sender's terms, with the RFC 8460 result type of a
/// failure, and the findings with exact fixes.
/// </para>
/// <para>
/// A lookup error is never "no records": a failed MX, address or TLSA lookup defers (RFC 7672 2.1.1). A probe that
/// stalls, times out or meets a hostile server gives an Indeterminate probe with the step, and the verdict
/// <see cref="DaneVerdict.Deferred"/> (a sender retries later). Every DNS lookup and probe has a deadline from the
/// <see cref="TimeProvider"/>; the check never throws for DNS, network or server problems, only for a bad argument or
/// the caller's cancellation.
/// </para>
/// <para>
/// DNS lookups are made one at a time (the validator caches keys between them); probes run in parallel, at most
/// <see cref="CheckOptions.MaxParallelProbes"/> at once. The output order does not depend on timing: MX preference,
/// then host name, then address order as resolved (A, then AAAA).
/// </para>
/// </remarks>
public sealed class DaneChecker
{
    /// <summary>How long, at most, the checker waits for a prober past the probe's own overall deadline.</summary>
    private static readonly TimeSpan MaxProbeGrace = TimeSpan.FromSeconds(5);

    /// <summary>Ports where TLSA records are commonly published by mistake instead of (or as well as) the checked one.</summary>
    private static readonly int[] OtherPorts = [25, 443, 465, 587];

    private readonly IDnssecValidator _validator;
    private readonly ISmtpProber _prober;
    private readonly TimeProvider _time;

    /// <summary>Creates a checker.</summary>
    /// <param name="validator">Validated DNS answers: DaneKit's own validator, or a trusted resolver's AD bit.</param>
    /// <param name="prober">The prober; a <see cref="DaneCheckProber"/> with <see cref="CheckOptions.Probe"/> when <see langword="null"/>.</param>
    /// <param name="options">The options; the defaults (mail, port 25) when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for deadlines, validity periods and signature expiry; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public DaneChecker(IDnssecValidator validator, ISmtpProber? prober = null, CheckOptions? options = null, TimeProvider? timeProvider = null)
    {
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
        Options = options ?? new CheckOptions();
        _time = timeProvider ?? TimeProvider.System;
        CheckOptionValues(Options);
        _prober = prober ?? new DaneCheckProber(Options.Probe, _time);
    }

    /// <summary>The options in use.</summary>
    public CheckOptions Options { get; }

    /// <summary>Checks a mail domain (or, in service mode, a host).</summary>
    /// <param name="domain">The domain, e.g. <c>example.com</c> (a final dot is optional).</param>
    /// <param name="cancellationToken">Cancels the check; then it throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The result, with every lookup, probe and match, the verdicts and the findings.</returns>
    /// <exception cref="ArgumentException"><paramref name="domain"/> (or <see cref="CheckOptions.MxHost"/>) is not a valid name.</exception>
    public Task<DaneCheckResult> CheckAsync(string domain, CancellationToken cancellationToken = default)
    {
        if (!DnsName.TryParse(domain, out var name, out var error) || name.IsRoot)
        {
            throw new ArgumentException($"'{domain}' is not a domain name{(error is null ? "" : ": " + error)}", nameof(domain));
        }

        return CheckAsync(name, cancellationToken);
    }

    /// <summary>Checks a mail domain (or, in service mode, a host).</summary>
    /// <param name="domain">The domain.</param>
    /// <param name="cancellationToken">Cancels the check; then it throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The result, with every lookup, probe and match, the verdicts and the findings.</returns>
    /// <exception cref="ArgumentException"><see cref="CheckOptions.MxHost"/> is not a valid name.</exception>
    public async Task<DaneCheckResult> CheckAsync(DnsName domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        DnsName? requested = null;
        if (Options.Mode == CheckMode.Mail && Options.MxHost is { } mxHost)
        {
            if (!DnsName.TryParse(mxHost, out var parsed, out var error) || parsed.IsRoot)
            {
                throw new ArgumentException($"'{mxHost}' is not a host name{(error is null ? "" : ": " + error)}", nameof(domain));
            }

            requested = parsed;
        }

        var started = _time.GetUtcNow();
        var startedTicks = _time.GetTimestamp();
        var notes = new CheckNotes();
        CheckMx? mx = null;
        var plans = new List<HostPlan>();
        var mxFailed = false;
        if (Options.Mode == CheckMode.Service)
        {
            plans.Add(new HostPlan(domain, null, CheckHostOrigin.Service));
        }
        else if (requested is not null)
        {
            plans.Add(new HostPlan(requested, null, CheckHostOrigin.Requested));
        }
        else
        {
            (mx, var mxPlans) = await LookupMxAsync(domain, notes, cancellationToken).ConfigureAwait(false);
            plans.AddRange(mxPlans);
            mxFailed = mx.Outcome == CheckMxOutcome.LookupFailed;
        }

        if (plans.Count > Options.MaxHosts)
        {
            notes.Truncations.Add(string.Create(CultureInfo.InvariantCulture,
                $"{plans.Count} MX hosts; only the first {Options.MaxHosts} were checked: not checked {string.Join(", ", plans.Skip(Options.MaxHosts).Select(p => p.Name))}"));
            plans = plans.Take(Options.MaxHosts).ToList();
        }

        var mxInsecure = mx is { Outcome: CheckMxOutcome.Records or CheckMxOutcome.NoMx } && mx.Lookup.Status == SecurityStatus.Insecure;
        var works = new List<HostWork>();
        foreach (var plan in plans)
        {
            works.Add(await ResolveHostAsync(plan, domain, mxFailed ? mx : null, notes, cancellationToken).ConfigureAwait(false));
        }

        // MTA-STS and TLS-RPT lookups and the policy fetch run while the hosts are probed.
        MtaStsCheckStep? sts = Options.Mode == CheckMode.Mail && Options.MtaSts ? new MtaStsCheckStep(LookupAsync, Options, _time) : null;
        var discovery = sts?.DiscoverAsync(domain, cancellationToken);
        await ProbeAllAsync(works, cancellationToken).ConfigureAwait(false);

        var now = _time.GetUtcNow();
        var hosts = works.Select(w => BuildHost(w, now, mxInsecure)).ToList();
        (CheckMtaSts MtaSts, IReadOnlyList<Finding> Findings)? stsResult = null;
        MtaStsDiscovery? found = null;
        if (discovery is not null)
        {
            found = await discovery.ConfigureAwait(false);
            stsResult = sts!.Evaluate(domain, found, hosts, now);
        }

        var (verdict, rfc, reason, rfc8460) = DomainVerdict(mx, hosts);
        var result = new DaneCheckResult
        {
            Domain = domain.ToString(),
            Mode = Options.Mode,
            Port = Options.Port,
            TlsMode = Options.TlsMode,
            TlsaContext = Options.TlsaContext,
            AddressFamilies = Options.AddressFamilies,
            RequestedHost = requested?.ToString(),
            StartedAt = started,
            Mx = mx,
            Hosts = hosts,
            Verdict = verdict,
            VerdictRfc = rfc,
            VerdictReason = reason,
            Rfc8460 = rfc8460,
            MtaSts = stsResult?.MtaSts,
            TlsRpt = found?.TlsRpt,
        };
        var findings = CheckFindings.Analyze(result, new CheckFindingsContext(now, Options.SignatureExpiryWarning, notes.Truncations, notes.NullMxMixed));
        if (stsResult is { } s)
        {
            findings = [.. findings, .. s.Findings, .. found!.TlsRptFindings];
        }

        return result with { Findings = findings, Elapsed = _time.GetElapsedTime(startedTicks) };
    }

    private static void CheckOptionValues(CheckOptions o)
    {
        if (o.Port is < 1 or > 65535)
        {
            throw new ArgumentException("Port must be from 1 to 65535", nameof(o));
        }

        if (o.MaxParallelProbes < 1 || o.MaxHosts < 1 || o.MaxAddressesPerHost < 1)
        {
            throw new ArgumentException("MaxParallelProbes, MaxHosts and MaxAddressesPerHost must be at least 1", nameof(o));
        }

        if (o.LookupTimeout <= TimeSpan.Zero || o.LookupTimeout > TimeSpan.FromDays(1) || o.SignatureExpiryWarning < TimeSpan.Zero)
        {
            throw new ArgumentException("LookupTimeout must be more than zero and at most a day; SignatureExpiryWarning not negative", nameof(o));
        }

        ArgumentNullException.ThrowIfNull(o.Probe);
        if (o.Probe.OverallTimeout <= TimeSpan.Zero || o.Probe.OverallTimeout > TimeSpan.FromDays(1))
        {
            throw new ArgumentException("Probe.OverallTimeout must be more than zero and at most a day", nameof(o));
        }
    }

    // ---- MX ---------------------------------------------------------------------------------------------------------

    private async Task<(CheckMx Mx, List<HostPlan> Plans)> LookupMxAsync(DnsName domain, CheckNotes notes, CancellationToken ct)
    {
        var answer = await LookupAsync(domain, DnsType.MX, ct).ConfigureAwait(false);
        var lookup = CheckEvidence.Lookup(answer);
        var records = answer.Records.Select(r => r.Data).OfType<MxData>().ToList();
        // "0 ." is the null MX (RFC 7505); an exchange of "." at any other preference names no host either.
        var ordered = records.Where(r => !r.Exchange.IsRoot)
            .OrderBy(r => r.Preference).ThenBy(r => r.Exchange)
            .Select(r => new CheckMxRecord(r.Preference, r.Exchange.ToString()))
            .ToList();
        var plans = new List<HostPlan>();
        foreach (var r in records.Where(r => !r.Exchange.IsRoot).OrderBy(r => r.Preference).ThenBy(r => r.Exchange))
        {
            if (!plans.Any(p => p.Name.Equals(r.Exchange)))
            {
                plans.Add(new HostPlan(r.Exchange, r.Preference, CheckHostOrigin.Mx));
            }
        }

        CheckMxOutcome outcome;
        if (CheckEvidence.Failed(answer))
        {
            // The records of a Bogus answer are shown, and their hosts listed for the evidence, but never trusted.
            outcome = CheckMxOutcome.LookupFailed;
        }
        else if (answer.IsDenial)
        {
            outcome = answer.ResponseCode == DnsResponseCode.NXDomain ? CheckMxOutcome.NoDomain : CheckMxOutcome.NoMx;
            if (outcome == CheckMxOutcome.NoMx)
            {
                plans.Add(new HostPlan(domain, null, CheckHostOrigin.ImplicitMx));
            }
        }
        else if (plans.Count == 0)
        {
            outcome = CheckMxOutcome.NullMx;
        }
        else
        {
            outcome = CheckMxOutcome.Records;
            notes.NullMxMixed = records.Any(r => r.Exchange.IsRoot);
        }

        return (new CheckMx { Lookup = lookup, Outcome = outcome, Records = ordered }, plans);
    }

    // ---- one host: addresses, CNAME, TLSA -----------------------------------------------------------------------------

    private async Task<HostWork> ResolveHostAsync(HostPlan plan, DnsName domain, CheckMx? failedMx, CheckNotes notes, CancellationToken ct)
    {
        var work = new HostWork(plan);
        if (Options.AddressFamilies != CheckAddressFamilies.IPv6)
        {
            work.AddressAnswers.Add(await LookupAsync(plan.Name, DnsType.A, ct).ConfigureAwait(false));
        }

        if (Options.AddressFamilies != CheckAddressFamilies.IPv4)
        {
            work.AddressAnswers.Add(await LookupAsync(plan.Name, DnsType.AAAA, ct).ConfigureAwait(false));
        }

        foreach (var answer in work.AddressAnswers)
        {
            var status = CheckEvidence.DataStatus(answer);
            var family = answer.Question.Type == DnsType.A ? CheckAddressFamily.IPv4 : CheckAddressFamily.IPv6;
            var addresses = answer.Records.Select(r => r.Data switch
            {
                AData a => a.Address,
                AaaaData a => a.Address,
                _ => null,
            }).OfType<IPAddress>().Distinct().ToList();
            if (addresses.Count > Options.MaxAddressesPerHost)
            {
                notes.Truncations.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{plan.Name} has {addresses.Count} {answer.Question.Type.ToText()} records; only the first {Options.MaxAddressesPerHost} were checked"));
                addresses = addresses.Take(Options.MaxAddressesPerHost).ToList();
            }

            foreach (var address in addresses)
            {
                work.Addresses.Add(new AddressWork(address, family, CheckEvidence.Failed(answer) ? answer.Status : status));
            }
        }

        // The expanded name: from the first answer that followed an alias chain to data, else the first that did not fail.
        var guide = work.AddressAnswers.FirstOrDefault(a => a.Records.Count > 0 && !CheckEvidence.Failed(a))
            ?? work.AddressAnswers.FirstOrDefault(a => !CheckEvidence.Failed(a))
            ?? work.AddressAnswers.FirstOrDefault();
        if (guide is not null)
        {
            work.Expanded = CheckEvidence.FinalName(guide);
            work.Cname = CheckEvidence.Aliases(guide).Select(a => a.Target).ToList();
        }

        var healthy = work.AddressAnswers.Where(a => !CheckEvidence.Failed(a)).ToList();
        work.AliasStatus = CheckEvidence.Worst(healthy.Select(CheckEvidence.AliasStatus));
        var dataStatuses = work.AddressAnswers.Where(a => a.Records.Count > 0 || CheckEvidence.Failed(a)).Select(CheckEvidence.DataStatus).ToList();
        work.AddressStatus = dataStatuses.Count == 0 ? CheckEvidence.Worst(work.AddressAnswers.Select(a => a.Status)) : CheckEvidence.Worst(dataStatuses);
        work.Names = Options.Mode == CheckMode.Service
            ? new DaneReferenceNames(work.Expanded.ToString(), plan.Name.ToString(), plan.Name.ToString())
            : new DaneReferenceNames(work.Expanded.ToString(), plan.Name.ToString(), domain.ToString());

        var failedLookup = work.AddressAnswers.FirstOrDefault(CheckEvidence.Failed);
        if (failedMx is not null)
        {
            work.HostFailure = new CheckJudgement(DaneVerdict.Deferred, CheckVerdicts.LookupFailureRfc,
                $"the MX lookup is {failedMx.Lookup.Status}: a DANE sender defers before it reaches this host ({failedMx.Lookup.Summary})");
            work.Tlsa = NotLookedUp(work, failedMx.Lookup.Status, DaneTlsaRequirement.Defer,
                $"the MX lookup is {failedMx.Lookup.Status}: a sender defers and never looks up this host's TLSA records");
            await DiagnosticTlsaAsync(work, work.Expanded, CheckFindings.PurposeAfterFailure, ct).ConfigureAwait(false);
            return work;
        }

        if (failedLookup is not null)
        {
            var summary = CheckEvidence.Lookup(failedLookup).Summary;
            work.HostFailure = new CheckJudgement(DaneVerdict.Deferred, CheckVerdicts.LookupFailureRfc,
                $"the {failedLookup.Question.Type.ToText()} lookup of {plan.Name} failed ({summary}): a failed lookup is never \"no addresses\"; a DANE sender defers");
            work.Tlsa = NotLookedUp(work, failedLookup.Status, DaneTlsaRequirement.Defer,
                $"the {failedLookup.Question.Type.ToText()} lookup is {failedLookup.Status}: a sender defers before looking up TLSA");
            await DiagnosticTlsaAsync(work, work.Expanded, CheckFindings.PurposeAfterFailure, ct).ConfigureAwait(false);
            return work;
        }

        if (work.Addresses.Count == 0)
        {
            work.HostFailure = new CheckJudgement(DaneVerdict.NoMail, "RFC 5321 5.1",
                $"{plan.Name} has no {(Options.AddressFamilies == CheckAddressFamilies.Both ? "A or AAAA" : Options.AddressFamilies == CheckAddressFamilies.IPv4 ? "A" : "AAAA")} records: no sender can deliver to it");
            work.Tlsa = NotLookedUp(work, work.AddressStatus, DaneTlsaRequirement.NotApplicable, "the host has no address records");
            return work;
        }

        work.Probe = true;
        if (!work.Addresses.Any(a => a.Status == SecurityStatus.Secure))
        {
            work.Tlsa = NotLookedUp(work, SecurityStatus.Insecure, DaneTlsaRequirement.NotApplicable,
                $"the address records of {plan.Name} are {work.AddressStatus}: DANE does not apply and a sender does not look up TLSA (RFC 7672 2.2.3)");
            await DiagnosticTlsaAsync(work, work.Expanded, CheckFindings.PurposeUnsigned, ct).ConfigureAwait(false);
            return work;
        }

        await LookupTlsaAsync(work, ct).ConfigureAwait(false);
        if (work.Tlsa!.Requirement == DaneTlsaRequirement.NotApplicable && work.Tlsa.Status == SecurityStatus.Secure && Options.DiagnosticLookups)
        {
            // Secure, and no TLSA where a sender looks: was it published somewhere else?
            foreach (var port in OtherPorts.Where(p => p != Options.Port))
            {
                await DiagnosticTlsaAsync(work, work.Expanded, CheckFindings.PurposeOtherPort, ct, port).ConfigureAwait(false);
            }

            if (Options.Mode == CheckMode.Mail && !domain.Equals(work.Expanded) && !domain.Equals(plan.Name))
            {
                await DiagnosticTlsaAsync(work, domain, CheckFindings.PurposeAtDomain, ct).ConfigureAwait(false);
            }

            var found = work.Diagnostics.FirstOrDefault(l => l.Records.Count > 0 && l.Status == SecurityStatus.Secure);
            work.Misplaced = found?.Name;
        }
        return work;
    }

    private CheckTlsa NotLookedUp(HostWork work, SecurityStatus status, DaneTlsaRequirement requirement, string reason)
    {
        var owner = Owner(work.Expanded);
        return new CheckTlsa
        {
            Port = Options.Port,
            BaseDomain = work.Expanded.ToString(),
            Owner = owner?.ToString() ?? $"_{Options.Port.ToString(CultureInfo.InvariantCulture)}._tcp.{work.Expanded}",
            LookedUp = false,
            SkipReason = reason,
            Status = status,
            Requirement = requirement,
            Description = requirement switch
            {
                DaneTlsaRequirement.Defer => $"defer: {reason} (RFC 7672 2.1.1)",
                _ => $"DANE does not apply: {reason}",
            },
        };
    }

    /// <summary>TLSA at the TLSA base domain (RFC 7672 2.2.2, 2.2.3; RFC 7671 7; dane-rules 4).</summary>
    private async Task LookupTlsaAsync(HostWork work, CancellationToken ct)
    {
        var target = work.Expanded;
        var original = work.Plan.Name;
        var lookups = new List<CheckLookup>();
        var used = await TlsaAnswerAsync(target, ct).ConfigureAwait(false);
        lookups.Add(CheckEvidence.Lookup(used));
        var baseDomain = target;
        if (!target.Equals(original) && !CheckEvidence.Failed(used) && used.IsDenial && used.Status == SecurityStatus.Secure
            && work.AliasStatus == SecurityStatus.Secure)
        {
            // The target securely has none, and the alias is Secure: fall back to the original name.
            var second = await TlsaAnswerAsync(original, ct).ConfigureAwait(false);
            lookups.Add(CheckEvidence.Lookup(second));
            if (CheckEvidence.Failed(second) || second.Records.Any(r => r.Type == DnsType.TLSA))
            {
                used = second;
                baseDomain = original;
            }
        }

        var names = baseDomain.Equals(target)
            ? work.Names
            : new DaneReferenceNames(original.ToString(), target.ToString(), work.Names.NextHopDomain);
        work.Names = names;
        var policy = DaneTlsaPolicy.FromAnswer(used, names, Options.TlsaContext);
        var set = policy.Records;
        var records = used.Records.Select(r => r.Data).OfType<TlsaData>().ToArray();
        work.Tlsa = new CheckTlsa
        {
            Port = Options.Port,
            BaseDomain = baseDomain.ToString(),
            Owner = used.Question.Name.ToString(),
            LookedUp = true,
            Lookups = lookups,
            Status = policy.Status,
            Requirement = policy.Requirement,
            Description = policy.Description,
            Records = records.Select(r => CheckEvidence.Record(r)).ToArray(),
            Usable = set.Usable.Select(e => CheckEvidence.Record(e.Record)).ToArray(),
            Unusable = set.Unusable.Select(u => CheckEvidence.Record(u.Record, u.Reason, u.Detail)).ToArray(),
            RecordSet = set,
        };
    }

    private async Task<ValidatedAnswer> TlsaAnswerAsync(DnsName host, CancellationToken ct)
    {
        var owner = Owner(host);
        return owner is null
            ? Failure(host, DnsType.TLSA, $"the TLSA owner name _{Options.Port.ToString(CultureInfo.InvariantCulture)}._tcp.{host} would be longer than 255 octets", "RFC 1035 2.3.4")
            : await LookupAsync(owner, DnsType.TLSA, ct).ConfigureAwait(false);
    }

    private async Task DiagnosticTlsaAsync(HostWork work, DnsName host, string purpose, CancellationToken ct, int? port = null)
    {
        if (!Options.DiagnosticLookups)
        {
            return;
        }

        var owner = Owner(host, port ?? Options.Port);
        if (owner is null)
        {
            return;
        }

        var answer = await LookupAsync(owner, DnsType.TLSA, ct).ConfigureAwait(false);
        work.Diagnostics.Add(CheckEvidence.Lookup(answer, purpose));
    }

    private DnsName? Owner(DnsName host, int? port = null)
    {
        try
        {
            return host.Prepend("_tcp").Prepend("_" + (port ?? Options.Port).ToString(CultureInfo.InvariantCulture));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // ---- probes -----------------------------------------------------------------------------------------------------

    private async Task ProbeAllAsync(List<HostWork> works, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(Options.MaxParallelProbes);
        var tasks = new List<Task>();
        foreach (var work in works.Where(w => w.Probe))
        {
            var sni = work.Tlsa!.BaseDomain.TrimEnd('.');
            foreach (var address in work.Addresses)
            {
                tasks.Add(ProbeOneAsync(address, sni, gate, ct));
            }
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task ProbeOneAsync(AddressWork address, string sni, SemaphoreSlim gate, CancellationToken ct)
    {
        if (Options.RefuseAddress?.Invoke(address.Address) is { } refused)
        {
            address.Result = Synthetic(new IPEndPoint(address.Address, Options.Port), sni, SmtpProbeFailureKind.TargetRefused, SmtpProbeStep.Connect,
                "not connected: " + refused + " (this checker only contacts public addresses)");
            return;
        }

        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            address.Result = await ProbeGuardedAsync(new IPEndPoint(address.Address, Options.Port), sni, ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Runs the prober under the checker's own deadline; a prober that hangs or throws gives an Indeterminate result.</summary>
    private async Task<SmtpProbeResult> ProbeGuardedAsync(IPEndPoint endpoint, string sni, CancellationToken ct)
    {
        var overall = Options.Probe.OverallTimeout;
        var limit = overall + (overall < MaxProbeGrace ? overall : MaxProbeGrace);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task<SmtpProbeResult>? task = null;
        try
        {
            task = _prober.ProbeAsync(endpoint, sni, Options.TlsMode, stop.Token);
            return await task.WaitAsync(limit, _time, ct).ConfigureAwait(false) ?? Synthetic(endpoint, sni, SmtpProbeFailureKind.ProtocolViolation,
                SmtpProbeStep.Connect, "the prober returned no result");
        }
        catch (TimeoutException)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            _ = task?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return Synthetic(endpoint, sni, SmtpProbeFailureKind.OverallTimeout, SmtpProbeStep.Connect,
                $"overall timeout: the probe did not finish within {limit.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (the step it was in is unknown)");
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not OutOfMemoryException)
        {
            return Synthetic(endpoint, sni, SmtpProbeFailureKind.ConnectFailed, SmtpProbeStep.Connect, $"the probe failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private SmtpProbeResult Synthetic(IPEndPoint endpoint, string sni, SmtpProbeFailureKind kind, SmtpProbeStep step, string message) => new()
    {
        Mode = Options.TlsMode,
        Endpoint = endpoint,
        ServerName = sni,
        Failure = new SmtpProbeFailure(kind, step, message),
        Transcript = new SmtpTranscript(),
    };

    // ---- DNS --------------------------------------------------------------------------------------------------------

    /// <summary>One lookup under the checker's deadline; a timeout or an exception is an Indeterminate answer, never "no records".</summary>
    private async Task<ValidatedAnswer> LookupAsync(DnsName name, DnsType type, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task<ValidatedAnswer>? task = null;
        try
        {
            task = _validator.ValidateAsync(name, type, stop.Token);
            return await task.WaitAsync(Options.LookupTimeout, _time, ct).ConfigureAwait(false)
                ?? Failure(name, type, "the validator returned no answer", "RFC 4035 4.3");
        }
        catch (TimeoutException)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            _ = task?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return Failure(name, type, $"no answer within {Options.LookupTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s", "RFC 4035 4.3");
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not OutOfMemoryException)
        {
            return Failure(name, type, $"lookup failed: {e.GetType().Name}: {e.Message}", "RFC 4035 4.3");
        }
    }

    private static ValidatedAnswer Failure(DnsName name, DnsType type, string what, string rfc) => new()
    {
        Question = new DnsQuestion(name, type),
        Status = SecurityStatus.Indeterminate,
        ResponseCode = DnsResponseCode.ServFail,
        Reasons = [new ValidationReason(name, type, what, rfc, ReasonKind.Failure)],
        Source = "danekit check",
    };

    // ---- verdicts ---------------------------------------------------------------------------------------------------

    private DaneCheckHost BuildHost(HostWork work, DateTimeOffset now, bool mxInsecure)
    {
        var tlsa = work.Tlsa!;
        var addresses = new List<DaneCheckAddress>();
        foreach (var a in work.Addresses)
        {
            addresses.Add(BuildAddress(work, a, tlsa, now, mxInsecure));
        }

        var parts = new List<CheckJudgement>();
        if (work.HostFailure is not null)
        {
            parts.Add(work.HostFailure);
        }

        parts.AddRange(addresses.Select(a => new CheckJudgement(a.Verdict, a.VerdictRfc, $"{a.Endpoint}: {a.VerdictReason}", a.Rfc8460)));
        var worst = parts.Count == 0
            ? new CheckJudgement(DaneVerdict.NoMail, "RFC 5321 5.1", "the host has no addresses")
            : Worst(parts);
        if (worst.Verdict == DaneVerdict.Authenticated && (work.Cname.Count > 0 || work.Plan.Origin == CheckHostOrigin.ImplicitMx))
        {
            // The TLSA base domain came from RFC 7672 2.2.2: a CNAME-expanded name, or the domain itself as implicit MX.
            worst = worst with { Rfc = "RFC 7672 2.2.2" };
        }

        return new DaneCheckHost
        {
            Name = work.Plan.Name.ToString(),
            Preference = work.Plan.Preference,
            Origin = work.Plan.Origin,
            AddressLookups = work.AddressAnswers.Select(a => CheckEvidence.Lookup(a)).ToArray(),
            CnameChain = work.Cname,
            ExpandedName = work.Expanded.ToString(),
            AddressStatus = work.AddressStatus,
            Tlsa = tlsa,
            DiagnosticLookups = work.Diagnostics,
            Addresses = addresses,
            Verdict = worst.Verdict,
            VerdictRfc = worst.Rfc,
            VerdictReason = worst.Reason,
            Rfc8460 = worst.Rfc8460,
        };
    }

    private DaneCheckAddress BuildAddress(HostWork work, AddressWork a, CheckTlsa tlsa, DateTimeOffset now, bool mxInsecure)
    {
        var requirement = a.Status == SecurityStatus.Secure || tlsa.Requirement == DaneTlsaRequirement.Defer
            ? tlsa.Requirement
            : DaneTlsaRequirement.NotApplicable;
        var endpoint = new IPEndPoint(a.Address, Options.Port).ToString();
        var address = new DaneCheckAddress
        {
            Address = a.Address.ToString(),
            Family = a.Family,
            Port = Options.Port,
            Endpoint = endpoint,
            AddressStatus = a.Status,
            Requirement = requirement,
            Verdict = DaneVerdict.Deferred,
            VerdictRfc = CheckVerdicts.LookupFailureRfc,
            VerdictReason = "",
        };
        if (work.HostFailure is not null || a.Result is null)
        {
            var j = work.HostFailure ?? new CheckJudgement(DaneVerdict.Deferred, CheckVerdicts.RetryRfc, "the address was not probed");
            return address with { Verdict = j.Verdict, VerdictRfc = j.Rfc, VerdictReason = j.Reason, Rfc8460 = j.Rfc8460 };
        }

        var status = CheckEvidence.Classify(a.Result);
        var probe = CheckEvidence.Probe(a.Result, status);
        var (certificates, chain, chainProblem) = LoadChain(a.Result, now);
        CheckMatch? match = null;
        if (status == CheckProbeStatus.TlsEstablished && requirement is DaneTlsaRequirement.Authenticate or DaneTlsaRequirement.NoUsableRecords
            && tlsa.RecordSet is { } set)
        {
            match = chainProblem is null
                ? CheckEvidence.Match(DaneMatcher.Match(set, SecurityStatus.Secure, chain, work.Names, now, Options.PkixTrustRoots))
                : Unreadable(set, chainProblem);
        }

        var description = requirement == tlsa.Requirement
            ? tlsa.Description
            : $"the address record of {a.Address} is {a.Status}, so DANE does not apply to connections to it (RFC 7672 2.2.3)";
        var judgement = CheckVerdicts.ForAddress(requirement, description, probe, match, certificates, mxInsecure, Options.RequireDane, work.Misplaced);
        return address with
        {
            Probe = probe,
            Certificates = certificates,
            Match = match,
            Verdict = judgement.Verdict,
            VerdictRfc = judgement.Rfc,
            VerdictReason = judgement.Reason,
            Rfc8460 = judgement.Rfc8460,
        };
    }

    private static (IReadOnlyList<CheckCertificate> Data, IReadOnlyList<X509Certificate2> Chain, string? Problem) LoadChain(SmtpProbeResult result, DateTimeOffset now)
    {
        // Parsed once per probe (ServedChainCache): only Expired depends on the time.
        var parsed = ServedChainCache.Get(result.ServedCertificates);
        return (parsed.Data.Select(d => d with { Expired = now > d.NotAfter }).ToArray(), parsed.Chain, parsed.Problem);
    }

    private static CheckMatch Unreadable(TlsaRecordSet set, string problem) => new()
    {
        Outcome = set.AllUnusable ? DaneMatchOutcome.AllRecordsUnusable : DaneMatchOutcome.NotMatched,
        Summary = $"the served chain cannot be matched: {problem}",
        Failures = set.Usable.Select(e => new CheckMatchFailure(CheckEvidence.Record(e.Record), DaneMatchFailureReason.InvalidServedChain, problem, null)).ToArray(),
    };

    private static CheckJudgement Worst(IEnumerable<CheckJudgement> judgements)
    {
        CheckJudgement? worst = null;
        foreach (var j in judgements)
        {
            if (worst is null || DaneVerdicts.Severity(j.Verdict) > DaneVerdicts.Severity(worst.Verdict))
            {
                worst = j;
            }
        }

        return worst!;
    }

    private static (DaneVerdict, string, string, TlsRpt.TlsRptResultType?) DomainVerdict(CheckMx? mx, List<DaneCheckHost> hosts)
    {
        switch (mx?.Outcome)
        {
            case CheckMxOutcome.NullMx:
                return (DaneVerdict.NoMail, "RFC 7505 3", "the domain publishes a null MX (\"0 .\"): it accepts no mail; nothing was probed", null);
            case CheckMxOutcome.NoDomain:
                return (DaneVerdict.NoMail, "RFC 5321 5.1", $"the domain does not exist ({mx.Lookup.Summary}): mail to it bounces", null);
            case CheckMxOutcome.LookupFailed:
                return (DaneVerdict.Deferred, CheckVerdicts.LookupFailureRfc,
                    $"the MX lookup failed ({mx.Lookup.Summary}): a failed lookup is never \"no MX\"; a DANE sender defers", null);
        }

        if (hosts.Count == 0)
        {
            return (DaneVerdict.Deferred, CheckVerdicts.LookupFailureRfc, "no mail host could be determined", null);
        }

        var worst = Worst(hosts.Select(h => new CheckJudgement(h.Verdict, h.VerdictRfc, $"{h.Name}: {h.VerdictReason}", h.Rfc8460)));
        return (worst.Verdict, worst.Rfc, worst.Reason, worst.Rfc8460);
    }

    // ---- working state ----------------------------------------------------------------------------------------------

    private sealed record HostPlan(DnsName Name, int? Preference, CheckHostOrigin Origin);

    private sealed class HostWork(HostPlan plan)
    {
        public HostPlan Plan { get; } = plan;

        public List<ValidatedAnswer> AddressAnswers { get; } = [];

        public List<AddressWork> Addresses { get; } = [];

        public DnsName Expanded { get; set; } = plan.Name;

        public List<string> Cname { get; set; } = [];

        public SecurityStatus AliasStatus { get; set; } = SecurityStatus.Secure;

        public SecurityStatus AddressStatus { get; set; } = SecurityStatus.Secure;

        public DaneReferenceNames Names { get; set; } = new(null, null, null);

        public CheckTlsa? Tlsa { get; set; }

        public List<CheckLookup> Diagnostics { get; } = [];

        public CheckJudgement? HostFailure { get; set; }

        public bool Probe { get; set; }

        public string? Misplaced { get; set; }
    }

    private sealed class AddressWork(IPAddress address, CheckAddressFamily family, SecurityStatus status)
    {
        public IPAddress Address { get; } = address;

        public CheckAddressFamily Family { get; } = family;

        public SecurityStatus Status { get; } = status;

        public SmtpProbeResult? Result { get; set; }
    }

    private sealed class CheckNotes
    {
        public List<string> Truncations { get; } = [];

        public bool NullMxMixed { get; set; }
    }
}
