using System.CommandLine;
using System.Globalization;
using System.Net;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dns.Update;
using DaneKit.Dnssec;
using DaneKit.Rollover;
using DaneKit.Smtp;

namespace DaneKit.Cli.Commands;

/// <summary>The shared values of the <c>rollover</c> subcommands, as given.</summary>
/// <param name="Host"><c>--host</c>: the MX host (TLSA base domain).</param>
/// <param name="Port"><c>--port</c> (default 25).</param>
/// <param name="Resolver"><c>--resolver</c>.</param>
/// <param name="TrustAnchor"><c>--trust-anchor</c>.</param>
/// <param name="Timeout"><c>--timeout</c>.</param>
/// <param name="At"><c>--at</c>: a pinned clock.</param>
/// <param name="State"><c>--state</c>: the visibility file.</param>
/// <param name="Json"><c>--json</c>.</param>
internal sealed record RolloverCommon(string? Host, string? Port, string? Resolver, string? TrustAnchor, string? Timeout, string? At, string? State, bool Json);

/// <summary>
/// <c>danekit rollover plan|check|publish</c>: make a certificate renewal safe for DANE (RFC 7671 8.1, "current + next").
/// Exit codes: 0 done / safe; 1 not safe (yet) or the server refused; 2 could not tell (DNS or network failure); 64 bad input.
/// </summary>
internal static class RolloverCommand
{
    /// <summary>Not safe, not yet, or refused.</summary>
    public const int NotSafe = 1;

    /// <summary>Could not tell: a lookup, probe or update exchange failed.</summary>
    public const int Unknown = 2;

    /// <summary>Builds the command group.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var command = new Command("rollover", "Make certificate renewal safe for DANE: plan the TLSA RRset, check before deploying, publish by dynamic update.");
        command.Subcommands.Add(CreatePlan());
        command.Subcommands.Add(CreateCheck());
        command.Subcommands.Add(CreatePublish());
        return command;
    }

    private sealed record CommonOptions(Option<string?> Host, Option<string?> Port, Option<string?> Resolver, Option<string?> TrustAnchor,
        Option<string?> Timeout, Option<string?> At, Option<string?> State, Option<bool> Json)
    {
        public static CommonOptions Add(Command command)
        {
            var o = new CommonOptions(
                new Option<string?>("--host") { HelpName = "MX", Description = "The MX host name (the TLSA base domain): the records live at _PORT._tcp.MX." },
                new Option<string?>("--port") { HelpName = "PORT", Description = "The port (default 25)." },
                new Option<string?>("--resolver") { HelpName = "IP", Description = "Fetch DNS data from this resolver (IP, IP:port); DaneKit validates it (default: /etc/resolv.conf)." },
                new Option<string?>("--trust-anchor") { HelpName = "FILE", Description = "Trust anchor file (default: the IANA root KSKs)." },
                new Option<string?>("--timeout") { HelpName = "SECONDS", Description = "Seconds for each network step." },
                new Option<string?>("--at") { HelpName = "TIME", Description = "Judge as at this time (ISO 8601, e.g. 2026-12-01T10:00:00Z): a pinned clock, for tests and for 'is it safe then?'." },
                new Option<string?>("--state") { HelpName = "FILE", Description = $"Where the time each record was first seen Secure is kept (default {RolloverStateFile.DefaultPath})." },
                new Option<bool>("--json") { Description = "Print the result as JSON." });
            foreach (var option in new Option[] { o.Host, o.Port, o.Resolver, o.TrustAnchor, o.Timeout, o.At, o.State, o.Json })
            {
                command.Options.Add(option);
            }

            return o;
        }

        public RolloverCommon Read(ParseResult p) =>
            new(p.GetValue(Host), p.GetValue(Port), p.GetValue(Resolver), p.GetValue(TrustAnchor), p.GetValue(Timeout), p.GetValue(At), p.GetValue(State), p.GetValue(Json));
    }

    private static Command CreatePlan()
    {
        var command = new Command("plan", "Print the TLSA RRset to publish before a key change (current + next 3 1 1, or 3 1 1 + the issuing CA's 2 1 1), the earliest safe switch time and the steps.");
        var common = CommonOptions.Add(command);
        var cert = new Option<string?>("--cert") { HelpName = "FILE", Description = "The certificate served now (PEM; with the chain, leaf first, for --issuer-ca)." };
        var nextKey = new Option<string?>("--next-key") { HelpName = "FILE", Description = "The next key (PEM or DER, public or private)." };
        var nextCert = new Option<string?>("--next-cert") { HelpName = "FILE", Description = "The next certificate, instead of --next-key." };
        var issuerCa = new Option<bool>("--issuer-ca") { Description = "Also publish a 2 1 1 record of the issuing CA (from the chain in --cert)." };
        var ttl = new Option<string?>("--ttl") { HelpName = "SECONDS", Description = "The TTL to count with when DNS does not say it (default: the published RRset's, else 3600)." };
        var offline = new Option<bool>("--offline") { Description = "Do not look up the published RRset." };
        foreach (var option in new Option[] { cert, nextKey, nextCert, issuerCa, ttl, offline })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (p, ct) => await PlanAsync(common.Read(p), p.GetValue(cert), p.GetValue(nextKey), p.GetValue(nextCert), p.GetValue(issuerCa),
            p.GetValue(ttl), p.GetValue(offline), p.InvocationConfiguration.Output, p.InvocationConfiguration.Error, ct).ConfigureAwait(false));
        return command;
    }

    private static Command CreateCheck()
    {
        var command = new Command("check", "Exit 0 only when deploying the new certificate is safe for DANE now: its key matches a Secure TLSA record visible for two TTLs, and every address matches the published RRset. For certbot --deploy-hook and acme.sh.");
        var common = CommonOptions.Add(command);
        var cert = new Option<string?>("--cert") { HelpName = "FILE", Description = "The new certificate (PEM, chain leaf first) or key about to be deployed." };
        var monitor = new Option<string?>("--monitor") { HelpName = "URL", Description = "A danekit monitor (danekit serve) whose history says since when each record has been visible." };
        var monitorDomain = new Option<string?>("--monitor-domain") { HelpName = "DOMAIN", Description = "The monitored mail domain that uses this MX host (with --monitor)." };
        foreach (var option in new Option[] { cert, monitor, monitorDomain })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (p, ct) => await CheckAsync(common.Read(p), p.GetValue(cert), p.GetValue(monitor), p.GetValue(monitorDomain),
            p.InvocationConfiguration.Output, p.InvocationConfiguration.Error, ct).ConfigureAwait(false));
        return command;
    }

    private static Command CreatePublish()
    {
        var command = new Command("publish", "Add the next key's TLSA record by RFC 2136 dynamic update with TSIG and wait until it validates; with --retire, after the switch, remove the records the deployed certificate no longer needs.");
        var common = CommonOptions.Add(command);
        var server = new Option<string?>("--server") { HelpName = "IP", Description = "The primary server that takes updates (IP, IP:port)." };
        var zone = new Option<string?>("--zone") { HelpName = "ZONE", Description = "The zone (default: the zone DNSSEC shows holding the TLSA name)." };
        var tsigKey = new Option<string?>("--tsig-key") { HelpName = "FILE", Description = "The TSIG key: a BIND key file, Knot's keymgr output, or a file holding [alg:]name:secret." };
        var tsigName = new Option<string?>("--tsig-name") { HelpName = "NAME", Description = "Which key of the file (when it holds several)." };
        var nextKey = new Option<string?>("--next-key") { HelpName = "FILE", Description = "Publish a 3 1 1 record of this key." };
        var nextCert = new Option<string?>("--next-cert") { HelpName = "FILE", Description = "Publish a 3 1 1 record of this certificate's key (with --issuer-ca: also its CA's 2 1 1)." };
        var issuerCa = new Option<bool>("--issuer-ca") { Description = "Also publish the 2 1 1 record of the issuing CA in --next-cert's chain." };
        var retire = new Option<bool>("--retire") { Description = "Remove every usable record that neither --cert nor a --keep key matches, once every address serves --cert." };
        var cert = new Option<string?>("--cert") { HelpName = "FILE", Description = "With --retire: the certificate now deployed." };
        var keep = new Option<string[]>("--keep") { HelpName = "FILE", Description = "With --retire: also keep the records of this key or certificate (e.g. the key after next).", AllowMultipleArgumentsPerToken = false };
        var ttl = new Option<string?>("--ttl") { HelpName = "SECONDS", Description = "The TTL of added records (default: the RRset's TTL, else 3600)." };
        var wait = new Option<string?>("--wait") { HelpName = "SECONDS", Description = "How long to wait until the change validates (default 600; 0: do not wait)." };
        var poll = new Option<string?>("--poll") { HelpName = "SECONDS", Description = "Seconds between lookups while waiting (default 5)." };
        foreach (var option in new Option[] { server, zone, tsigKey, tsigName, nextKey, nextCert, issuerCa, retire, cert, keep, ttl, wait, poll })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (p, ct) => await PublishAsync(common.Read(p), new PublishArguments(p.GetValue(server), p.GetValue(zone), p.GetValue(tsigKey),
            p.GetValue(tsigName), p.GetValue(nextKey), p.GetValue(nextCert), p.GetValue(issuerCa), p.GetValue(retire), p.GetValue(cert), p.GetValue(keep) ?? [],
            p.GetValue(ttl), p.GetValue(wait), p.GetValue(poll)), p.InvocationConfiguration.Output, p.InvocationConfiguration.Error, ct).ConfigureAwait(false));
        return command;
    }

    /// <summary>The values of <c>rollover publish</c>.</summary>
    internal sealed record PublishArguments(string? Server, string? Zone, string? TsigKey, string? TsigName, string? NextKey, string? NextCert, bool IssuerCa,
        bool Retire, string? Cert, string[] Keep, string? Ttl, string? Wait, string? Poll);

    /// <summary>A clock stopped at one instant (<c>--at</c>); timers and timestamps stay real.</summary>
    private sealed class PinnedTime(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }

    /// <summary>What every subcommand sets up from the common options.</summary>
    private sealed record Setup(DnsName Host, DnsName Owner, TimeProvider Time, RolloverOperations Operations, CheckOptions Options, string StatePath);

    private static async Task<(Setup? Setup, string? Problem)> SetUpAsync(RolloverCommon c, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(c.Host))
        {
            return (null, "--host: give the MX host name");
        }

        TimeProvider time = TimeProvider.System;
        if (c.At is not null)
        {
            if (!DateTimeOffset.TryParse(c.At, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return (null, $"--at: '{c.At}' is not a time (ISO 8601, e.g. 2026-12-01T10:00:00Z)");
            }

            time = new PinnedTime(at.ToUniversalTime());
        }

        // The checks of danekit check apply: host name, --port (default 25), --resolver, --timeout.
        var check = new CheckArguments(c.Host, c.Resolver, TrustAnchor: c.TrustAnchor, Timeout: c.Timeout, Port: c.Port, MxHost: c.Host, NoMtaSts: true);
        if (!CheckRequest.TryCreate(check, out var request, out var problem))
        {
            return (null, problem!.Replace("DOMAIN", "--host", StringComparison.Ordinal));
        }

        var (validator, options, setupProblem) = await CheckSetup.SetUpAsync(request!, cacheLookups: false, time, ct).ConfigureAwait(false);
        if (setupProblem is not null)
        {
            return (null, setupProblem);
        }

        var host = request!.Target;
        return (new Setup(host, RolloverOperations.Owner(host, request.Options.Port), time, new RolloverOperations(validator!, time), options!,
            c.State ?? RolloverStateFile.DefaultPath), null);
    }

    private static bool TryLoadCredential(string option, string? path, out RolloverCredential? credential, out string? problem)
    {
        credential = null;
        if (path is null)
        {
            problem = null;
            return true;
        }

        if (!CertificateFiles.TryRead(option, path, out var content, out problem))
        {
            return false;
        }

        if (!RolloverCredential.TryLoad(content, path, out credential, out var p))
        {
            problem = $"{option}: '{path}': {p}";
            return false;
        }

        return true;
    }

    private static async Task<int> Fail(TextWriter error, string command, string problem, int code = ExitCodes.Usage)
    {
        await error.WriteLineAsync($"danekit rollover {command}: {problem}").ConfigureAwait(false);
        return code;
    }

    internal static async Task<int> PlanAsync(RolloverCommon c, string? certPath, string? nextKeyPath, string? nextCertPath, bool issuerCa, string? ttlText,
        bool offline, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (certPath is null)
        {
            return await Fail(error, "plan", "--cert: give the certificate served now").ConfigureAwait(false);
        }

        if (nextKeyPath is not null && nextCertPath is not null)
        {
            return await Fail(error, "plan", "--next-key and --next-cert: give one of them").ConfigureAwait(false);
        }

        if (nextKeyPath is null && nextCertPath is null && !issuerCa)
        {
            return await Fail(error, "plan", "give the next key (--next-key FILE or --next-cert FILE), or --issuer-ca").ConfigureAwait(false);
        }

        if (!TryTtl(ttlText, out var ttlGiven, out var ttlProblem))
        {
            return await Fail(error, "plan", ttlProblem!).ConfigureAwait(false);
        }

        var (setup, problem) = await SetUpAsync(c, ct).ConfigureAwait(false);
        if (setup is null)
        {
            return await Fail(error, "plan", problem!).ConfigureAwait(false);
        }

        if (!TryLoadCredential("--cert", certPath, out var current, out problem)
            || !TryLoadCredential(nextKeyPath is not null ? "--next-key" : "--next-cert", nextKeyPath ?? nextCertPath, out var next, out problem))
        {
            current?.Dispose();
            return await Fail(error, "plan", problem!).ConfigureAwait(false);
        }

        using (current)
        using (next)
        {
            RolloverTlsaState? state = null;
            RolloverStateFile? visibility = null;
            var notes = new List<string>();
            if (!offline)
            {
                state = await setup.Operations.LookupAsync(setup.Owner, ct).ConfigureAwait(false);
                if (state.Status != SecurityStatus.Secure)
                {
                    notes.Add($"the published TLSA RRset at {setup.Owner} is not Secure ({state.Problem}); the plan does not count on it");
                }

                try
                {
                    visibility = await RolloverStateFile.LoadAsync(setup.StatePath, ct).ConfigureAwait(false);
                }
                catch (RolloverStateException e)
                {
                    notes.Add(e.Message);
                }
            }

            var (ttl, source) = state?.Ttl is { } t2 && state.Status == SecurityStatus.Secure ? (t2, "the published TLSA RRset's TTL (RRSIG original TTL)")
                : ttlGiven is { } g ? (g, "--ttl")
                : (RolloverPlanner.DefaultTtl, "assumed (no published RRset and no --ttl)");
            RolloverPlan plan;
            try
            {
                plan = RolloverPlanner.Plan(current!, next, issuerCa, setup.Owner.ToString(), ttl, source,
                    state is { Status: SecurityStatus.Secure } ? state.Usable : null,
                    visibility is null ? null : r => visibility.FirstSeen(setup.Owner.ToString(), r));
            }
            catch (ArgumentException e)
            {
                return await Fail(error, "plan", e.Message.Split(" (Parameter", StringSplitOptions.None)[0]).ConfigureAwait(false);
            }

            plan = plan with { Notes = [.. plan.Notes, .. notes] };
            if (c.Json)
            {
                await output.WriteAsync(RolloverJson.Write(plan)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await output.WriteLineAsync($"Rollover plan for {setup.Owner} (TTL {ttl} s: {source})").ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync("The TLSA RRset to publish before the switch:").ConfigureAwait(false);
            foreach (var r in plan.Records)
            {
                var mark = r.Published switch { true => "published", false => "to publish", null => "not looked up" };
                var since = r.VisibleSince is { } v ? $", Secure since {v:yyyy-MM-dd HH:mm:ss}Z" : "";
                await output.WriteLineAsync($"  {r.ZoneLine}    ; {r.Role} ({mark}{since})").ConfigureAwait(false);
            }

            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync(plan.EarliestSwitch is { } e2
                ? $"Earliest safe switch: {e2:yyyy-MM-dd HH:mm:ss}Z (2 × TTL after every record was first seen Secure)."
                : $"Earliest safe switch: {plan.SafeWait.TotalSeconds:0} s (2 × TTL) after the records are first seen with a Secure status.").ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync("Steps:").ConfigureAwait(false);
            for (var i = 0; i < plan.Steps.Count; i++)
            {
                await output.WriteLineAsync($"  {i + 1}. {plan.Steps[i]}").ConfigureAwait(false);
            }

            foreach (var n in plan.Notes)
            {
                await output.WriteLineAsync($"Note: {n}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }
    }

    internal static async Task<int> CheckAsync(RolloverCommon c, string? certPath, string? monitorUrl, string? monitorDomain, TextWriter output, TextWriter error,
        CancellationToken ct)
    {
        if (certPath is null)
        {
            return await Fail(error, "check", "--cert: give the new certificate (or key) about to be deployed").ConfigureAwait(false);
        }

        Uri? monitor = null;
        if (monitorUrl is not null && (!Uri.TryCreate(monitorUrl, UriKind.Absolute, out monitor) || monitor.Scheme is not ("http" or "https") || monitorDomain is null))
        {
            return await Fail(error, "check", "--monitor: give the monitor's http(s) URL and --monitor-domain DOMAIN").ConfigureAwait(false);
        }

        var (setup, problem) = await SetUpAsync(c, ct).ConfigureAwait(false);
        if (setup is null)
        {
            return await Fail(error, "check", problem!).ConfigureAwait(false);
        }

        if (!TryLoadCredential("--cert", certPath, out var candidate, out problem))
        {
            return await Fail(error, "check", problem!).ConfigureAwait(false);
        }

        using (candidate)
        {
            RolloverStateFile state;
            try
            {
                state = await RolloverStateFile.LoadAsync(setup.StatePath, ct).ConfigureAwait(false);
            }
            catch (RolloverStateException e)
            {
                return await Fail(error, "check", $"--state: {e.Message}", Unknown).ConfigureAwait(false);
            }

            var host = await setup.Operations.CheckHostAsync(setup.Host, setup.Options, ct).ConfigureAwait(false);
            var now = setup.Time.GetUtcNow();
            var owner = setup.Owner.ToString();
            if (host.Tlsa.Status == SecurityStatus.Secure)
            {
                state.Observe(owner, host.Tlsa.Usable.Select(r => r.Text), now);
                try
                {
                    await state.SaveAsync(ct).ConfigureAwait(false);
                }
                catch (RolloverStateException e)
                {
                    await error.WriteLineAsync($"danekit rollover check: warning: {e.Message}").ConfigureAwait(false);
                }
            }

            IReadOnlyDictionary<string, DateTimeOffset> fromMonitor = new Dictionary<string, DateTimeOffset>();
            if (monitor is not null)
            {
                var (seen, monitorProblem) = await RolloverMonitorHistory.FirstSeenAsync(monitor, monitorDomain!, host.Name,
                    Environment.GetEnvironmentVariable("DANEKIT_API_TOKEN"), null, ct).ConfigureAwait(false);
                fromMonitor = seen;
                if (monitorProblem is not null)
                {
                    await error.WriteLineAsync($"danekit rollover check: warning: --monitor: {monitorProblem}; using {setup.StatePath}").ConfigureAwait(false);
                }
            }

            var decision = RolloverAssessment.Decide(host, candidate!, r =>
                fromMonitor.TryGetValue(r, out var m) ? (m, $"the monitor's history at {monitor}")
                : state.FirstSeen(owner, r) is { } s ? (s, $"first seen by danekit, {setup.StatePath}")
                : null, now);
            var code = decision.Outcome switch
            {
                RolloverOutcome.Safe => ExitCodes.Ok,
                RolloverOutcome.Unknown => Unknown,
                _ => NotSafe,
            };
            if (c.Json)
            {
                await output.WriteAsync(RolloverJson.Write(decision)).ConfigureAwait(false);
                return code;
            }

            var headline = decision.Outcome switch
            {
                RolloverOutcome.Safe => "SAFE: deploying the new certificate keeps DANE senders delivering.",
                RolloverOutcome.NotYet => $"NOT YET: safe at {decision.SafeAt:yyyy-MM-dd HH:mm:ss}Z.",
                RolloverOutcome.Unsafe => "UNSAFE: do not deploy the new certificate now.",
                _ => "UNKNOWN: DaneKit could not tell; do not deploy blind.",
            };
            await output.WriteLineAsync($"{host.Name} ({owner}, {decision.TlsaStatus.ToString().ToLowerInvariant()}): {headline}").ConfigureAwait(false);
            await output.WriteLineAsync($"  published: {(decision.Published.Count == 0 ? "none usable" : string.Join(", ", decision.Published))}").ConfigureAwait(false);
            await output.WriteLineAsync($"  new key matches: {(decision.Matching.Count == 0 ? "none" : string.Join(", ", decision.Matching))}").ConfigureAwait(false);
            if (decision.VisibleSince is { } since)
            {
                await output.WriteLineAsync($"  visible (Secure) since {since:yyyy-MM-dd HH:mm:ss}Z ({decision.VisibleSinceSource}); TTL {decision.Ttl?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} s; safe at {decision.SafeAt:yyyy-MM-dd HH:mm:ss}Z").ConfigureAwait(false);
            }

            foreach (var a in decision.Addresses)
            {
                await output.WriteLineAsync($"  {a.Endpoint}: {a.Verdict}{(a.ServesNewKey ? ", serves the new key already" : "")}").ConfigureAwait(false);
            }

            foreach (var r in decision.Reasons)
            {
                await output.WriteLineAsync($"  [{r.Code}] {r.Message} ({r.Rfc})").ConfigureAwait(false);
                if (r.Fix is not null)
                {
                    await output.WriteLineAsync($"    fix: {r.Fix}").ConfigureAwait(false);
                }
            }

            return code;
        }
    }

    internal static async Task<int> PublishAsync(RolloverCommon c, PublishArguments a, TextWriter output, TextWriter error, CancellationToken ct)
    {
        const string Cmd = "publish";
        if (a.Server is null || !QueryCommand.TryParseServer(a.Server, out var server) || server is null)
        {
            return await Fail(error, Cmd, $"--server: give the primary server as IP or IP:port{(a.Server is null ? "" : $" ('{a.Server}' is not one)")}").ConfigureAwait(false);
        }

        if (server.Port == 0)
        {
            server = new IPEndPoint(server.Address, 53);
        }

        if (a.TsigKey is null)
        {
            return await Fail(error, Cmd, "--tsig-key: give the TSIG key file (updates are only sent signed)").ConfigureAwait(false);
        }

        var adding = a.NextKey is not null || a.NextCert is not null;
        if (a.Retire == adding || (a.NextKey is not null && a.NextCert is not null))
        {
            return await Fail(error, Cmd, "give one of --next-key FILE, --next-cert FILE (add), or --retire --cert FILE (remove after the switch)").ConfigureAwait(false);
        }

        if (a.Retire && a.Cert is null)
        {
            return await Fail(error, Cmd, "--retire: give --cert FILE, the certificate now deployed").ConfigureAwait(false);
        }

        if (!TryDuration("--wait", a.Wait, 600, out var wait, out var problem) || !TryDuration("--poll", a.Poll, 5, out var poll, out problem))
        {
            return await Fail(error, Cmd, problem!).ConfigureAwait(false);
        }

        if (!TryTtl(a.Ttl, out var ttlGiven, out problem))
        {
            return await Fail(error, Cmd, problem!).ConfigureAwait(false);
        }

        TsigKey key;
        try
        {
            key = await TsigKey.LoadAsync(a.TsigKey, a.TsigName, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return await Fail(error, Cmd, $"--tsig-key: {e.Message}").ConfigureAwait(false);
        }

        var (setup, setupProblem) = await SetUpAsync(c, ct).ConfigureAwait(false);
        if (setup is null)
        {
            return await Fail(error, Cmd, setupProblem!).ConfigureAwait(false);
        }

        DnsName? zone = null;
        if (a.Zone is not null && !DnsName.TryParse(a.Zone, out zone, out var zoneError))
        {
            return await Fail(error, Cmd, $"--zone: '{a.Zone}': {zoneError}").ConfigureAwait(false);
        }

        RolloverStateFile visibility;
        try
        {
            visibility = await RolloverStateFile.LoadAsync(setup.StatePath, ct).ConfigureAwait(false);
        }
        catch (RolloverStateException e)
        {
            return await Fail(error, Cmd, $"--state: {e.Message}", Unknown).ConfigureAwait(false);
        }

        var owner = setup.Owner.ToString();
        var before = await setup.Operations.LookupAsync(setup.Owner, ct).ConfigureAwait(false);
        if (before.Status is SecurityStatus.Bogus or SecurityStatus.Indeterminate)
        {
            return await Fail(error, Cmd, $"the TLSA RRset at {owner} does not validate ({before.Problem}): fix that before changing it", Unknown).ConfigureAwait(false);
        }

        zone ??= before.Zone;
        if (zone is null)
        {
            return await Fail(error, Cmd, $"--zone: the zone of {owner} could not be found; give it", Unknown).ConfigureAwait(false);
        }

        var ttl = ttlGiven ?? before.Ttl ?? RolloverPlanner.DefaultTtl;
        async Task Observe(RolloverTlsaState s)
        {
            if (s.Status == SecurityStatus.Secure)
            {
                visibility.Observe(owner, s.Usable, setup.Time.GetUtcNow());
                await visibility.SaveAsync(ct).ConfigureAwait(false);
            }
        }

        List<TlsaData> add = [];
        List<TlsaData> delete = [];
        var names = new Tlsa.DaneReferenceNames(setup.Host.ToString(), setup.Host.ToString(), null);
        if (adding)
        {
            if (!TryLoadCredential(a.NextKey is not null ? "--next-key" : "--next-cert", a.NextKey ?? a.NextCert, out var next, out problem))
            {
                return await Fail(error, Cmd, problem!).ConfigureAwait(false);
            }

            using (next)
            {
                add.Add(next!.EndEntityRecord());
                if (a.IssuerCa)
                {
                    if (next.IssuerRecord() is not { } ca)
                    {
                        return await Fail(error, Cmd, "--issuer-ca: --next-cert must hold the chain (leaf first) with the issuing CA").ConfigureAwait(false);
                    }

                    add.Add(ca);
                }
            }

            add = add.Where(r => !before.Usable.Contains(r.ToString(), StringComparer.OrdinalIgnoreCase)).ToList();
        }
        else
        {
            if (!TryLoadCredential("--cert", a.Cert, out var deployed, out problem))
            {
                return await Fail(error, Cmd, problem!).ConfigureAwait(false);
            }

            var keeps = new List<RolloverCredential>();
            try
            {
                foreach (var k in a.Keep)
                {
                    if (!TryLoadCredential("--keep", k, out var kept, out problem))
                    {
                        return await Fail(error, Cmd, problem!).ConfigureAwait(false);
                    }

                    keeps.Add(kept!);
                }

                var host = await setup.Operations.CheckHostAsync(setup.Host, setup.Options, ct).ConfigureAwait(false);
                var now = setup.Time.GetUtcNow();
                var deployedKey = deployed!.SpkiSha256;
                var lagging = host.Addresses.Where(x => x.Requirement == Tls.DaneTlsaRequirement.Authenticate
                    && (x.Verdict != DaneVerdict.Authenticated || !string.Equals(x.Certificates.FirstOrDefault(cc => cc.Depth == 0)?.SpkiSha256, deployedKey, StringComparison.OrdinalIgnoreCase)))
                    .Select(x => $"{x.Endpoint} ({x.Verdict}{(x.Certificates.Count == 0 ? "" : ", serves another key")})").ToList();
                if (lagging.Count > 0 || host.Addresses.Count == 0)
                {
                    return await Fail(error, Cmd, $"not retiring: the switch is not done everywhere: {(lagging.Count == 0 ? "no address checked" : string.Join("; ", lagging))}. "
                        + "The old record stays until every address serves --cert and is authenticated.", NotSafe).ConfigureAwait(false);
                }

                foreach (var text in before.Usable)
                {
                    var record = RolloverOperations.ParseRecord(text);
                    if (!deployed.IsMatchedBy(record, names, now) && !keeps.Any(k => k.IsMatchedBy(record, names, now)))
                    {
                        delete.Add(record);
                    }
                }

                if (delete.Count == before.Usable.Count)
                {
                    return await Fail(error, Cmd, "not retiring: that would remove every record (none matches --cert)", NotSafe).ConfigureAwait(false);
                }
            }
            finally
            {
                deployed?.Dispose();
                foreach (var k in keeps)
                {
                    k.Dispose();
                }
            }
        }

        if (add.Count == 0 && delete.Count == 0)
        {
            await output.WriteLineAsync($"{owner}: nothing to change ({(adding ? "the record is already published" : "no record to retire")}).").ConfigureAwait(false);
        }
        else
        {
            foreach (var r in delete)
            {
                await output.WriteLineAsync($"delete {owner} TLSA {r}").ConfigureAwait(false);
            }

            foreach (var r in add)
            {
                await output.WriteLineAsync($"add    {owner} {ttl} IN TLSA {r}").ConfigureAwait(false);
            }

            var result = await setup.Operations.UpdateAsync(server, key, zone, setup.Owner, ttl, add, delete, ct).ConfigureAwait(false);
            await output.WriteLineAsync($"update to {server} (zone {zone}, TSIG {key.Name}): {result.Status}: {result.Reason}").ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                return result.Status is DnsUpdateStatus.Rejected or DnsUpdateStatus.TsigFailed ? NotSafe : Unknown;
            }
        }

        if (wait == TimeSpan.Zero)
        {
            return ExitCodes.Ok;
        }

        var wanted = add.Select(r => r.ToString()).ToList();
        var gone = delete.Select(r => r.ToString()).ToList();
        var (done, last) = await setup.Operations.WaitAsync(setup.Owner,
            usable => wanted.All(w => usable.Contains(w, StringComparer.OrdinalIgnoreCase)) && !gone.Any(g => usable.Contains(g, StringComparer.OrdinalIgnoreCase)),
            wait, poll, Observe, ct).ConfigureAwait(false);
        if (!done)
        {
            await output.WriteLineAsync($"{owner}: the change does not validate yet after {wait.TotalSeconds:0} s ({last.Status.ToString().ToLowerInvariant()}"
                + $"{(last.Problem is null ? "" : ": " + last.Problem)}); resolvers keep the old RRset for up to its TTL ({ttl} s). Run `danekit rollover check` later.").ConfigureAwait(false);
            return NotSafe;
        }

        var visibleAt = setup.Time.GetUtcNow();
        if (adding)
        {
            var since = wanted.Select(w => visibility.FirstSeen(owner, w)).OfType<DateTimeOffset>().DefaultIfEmpty(visibleAt).Max();
            var safeAt = since + TimeSpan.FromSeconds(2.0 * ttl);
            await output.WriteLineAsync($"{owner}: validates (Secure) with the new record(s) since {since:yyyy-MM-dd HH:mm:ss}Z; "
                + $"safe to switch at {safeAt:yyyy-MM-dd HH:mm:ss}Z (2 × TTL {ttl} s). Check with: danekit rollover check --host {setup.Host.ToString().TrimEnd('.')} --cert NEW.pem").ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync($"{owner}: validates (Secure) without the retired record(s). Now make the key after next and publish it, so the RRset is \"current + next\" again.").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    private static bool TryTtl(string? text, out uint? ttl, out string? problem)
    {
        ttl = null;
        problem = null;
        if (text is null)
        {
            return true;
        }

        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var t) || t is 0 or > int.MaxValue)
        {
            problem = $"--ttl: '{text}' is not a TTL in seconds (1-{int.MaxValue})";
            return false;
        }

        ttl = t;
        return true;
    }

    private static bool TryDuration(string option, string? text, int fallback, out TimeSpan value, out string? problem)
    {
        value = TimeSpan.FromSeconds(fallback);
        problem = null;
        if (text is null)
        {
            return true;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0 || seconds > 86_400 || double.IsNaN(seconds))
        {
            problem = $"{option}: '{text}' is not a number of seconds (0-86400)";
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
