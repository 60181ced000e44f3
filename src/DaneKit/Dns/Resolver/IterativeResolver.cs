using System.Net;
using System.Net.Sockets;
using DaneKit.Dns.Cache;
using DaneKit.Dns.Records;

namespace DaneKit.Dns.Resolver;

/// <summary>
/// An iterative resolver (RFC 1034 5.3.3) without validation: starts at the root hints, follows referrals,
/// uses glue only in the bailiwick of the referring zone (RFC 2181 5.4.1; other NS names are resolved),
/// follows CNAME and DNAME (synthesising the CNAME, RFC 6672 2.2), and bounds its work with a query budget,
/// a nesting depth, and loop checks. It keeps the responses it used so a validator can check them.
/// </summary>
/// <remarks>Network problems end as <see cref="ResolutionStatus.Failed"/> with a reason, never as exceptions.</remarks>
public sealed class IterativeResolver
{
    private readonly DnsClient _client;
    private readonly TimeProvider _time;

    /// <summary>Creates a resolver.</summary>
    /// <param name="options">Hints and limits; the defaults when <see langword="null"/>.</param>
    /// <param name="transport">The transport; the real network when <see langword="null"/>.</param>
    /// <param name="cache">The cache to use and fill; a new one when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    public IterativeResolver(IterativeResolverOptions? options = null, IDnsTransport? transport = null, DnsCache? cache = null,
        TimeProvider? timeProvider = null)
    {
        Options = options ?? new IterativeResolverOptions();
        _time = timeProvider ?? TimeProvider.System;
        _client = new DnsClient(transport ?? SocketDnsTransport.Instance, _time);
        Cache = cache ?? new DnsCache(timeProvider: _time);
    }

    /// <summary>The options in use.</summary>
    public IterativeResolverOptions Options { get; }

    /// <summary>The cache: answers, negative answers, and NS, glue and DS from referrals.</summary>
    public DnsCache Cache { get; }

    /// <summary>Resolves <paramref name="name"/>/<paramref name="type"/> in class IN.</summary>
    /// <param name="name">The name; its case is kept in the queries sent.</param>
    /// <param name="type">The type.</param>
    /// <param name="cancellationToken">Cancels the resolution.</param>
    /// <returns>The outcome.</returns>
    public Task<IterativeResolution> ResolveAsync(DnsName name, DnsType type, CancellationToken cancellationToken = default) =>
        ResolveAsync(new DnsQuestion(name, type), cancellationToken);

    /// <summary>Resolves one question.</summary>
    /// <param name="question">The question.</param>
    /// <param name="cancellationToken">Cancels the resolution.</param>
    /// <returns>The outcome.</returns>
    public async Task<IterativeResolution> ResolveAsync(DnsQuestion question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        var start = _time.GetTimestamp();
        var context = new Context(Options.MaxQueries);
        var result = await ResolveCoreAsync(question, 0, context, cancellationToken).ConfigureAwait(false);
        return result with { QueriesUsed = context.Used, Elapsed = _time.GetElapsedTime(start) };
    }

    private async Task<IterativeResolution> ResolveCoreAsync(DnsQuestion question, int depth, Context context, CancellationToken cancellationToken)
    {
        var chain = new List<DnsResourceRecord>();
        var steps = new List<ResolutionStep>();
        var visited = new HashSet<DnsName> { question.Name };
        var current = question.Name;
        IterativeResolution Fail(ResolutionErrorKind kind, string message) =>
            new() { Question = question, Status = ResolutionStatus.Failed, Answers = chain, Steps = steps, Error = new ResolutionError(kind, message) };

        for (var links = 0; ; links++)
        {
            if (links > Options.MaxAliases)
            {
                return Fail(ResolutionErrorKind.AliasChainTooLong, $"more than {Options.MaxAliases} CNAME/DNAME links from {question.Name}");
            }

            if (FromCache(current, question, chain, steps) is { } cached)
            {
                return cached;
            }

            if (question.Type != DnsType.CNAME && TryCached(current, DnsType.CNAME, question.Class, out var cnameEntry) && cnameEntry.Records[0].Data is CnameData cachedCname)
            {
                chain.AddRange(cnameEntry.Records);
                chain.AddRange(cnameEntry.Signatures);
                if (!visited.Add(cachedCname.Target))
                {
                    return Fail(ResolutionErrorKind.AliasLoop, $"CNAME loop: {current} -> {cachedCname.Target} was already visited");
                }

                current = cachedCname.Target;
                continue;
            }

            var cut = StartingCut(question.Type == DnsType.DS && !current.IsRoot ? current.Parent() : current);
            var outcome = await FollowReferralsAsync(current, question, cut, depth, context, steps, cancellationToken).ConfigureAwait(false);
            chain.AddRange(outcome.Records);
            switch (outcome.Kind)
            {
                case OutcomeKind.Error:
                    return Fail(outcome.Error!.Kind, outcome.Error.Message);
                case OutcomeKind.Alias:
                    if (!visited.Add(outcome.Next!))
                    {
                        return Fail(ResolutionErrorKind.AliasLoop, $"alias loop: {outcome.Next} was already visited");
                    }

                    current = outcome.Next!;
                    continue;
                default:
                    return new IterativeResolution
                    {
                        Question = question,
                        Status = outcome.Kind switch
                        {
                            OutcomeKind.Answer => ResolutionStatus.Answer,
                            OutcomeKind.NxDomain => ResolutionStatus.NxDomain,
                            _ => ResolutionStatus.NoData,
                        },
                        Answers = chain,
                        Authority = outcome.Authority,
                        FinalResponse = outcome.Response,
                        ZoneCut = outcome.Cut,
                        Steps = steps,
                    };
            }
        }
    }

    private IterativeResolution? FromCache(DnsName current, DnsQuestion question, List<DnsResourceRecord> chain, List<ResolutionStep> steps)
    {
        if (!TryCached(current, question.Type, question.Class, out var entry))
        {
            return null;
        }

        if (entry.Kind == DnsCacheEntryKind.Positive)
        {
            chain.AddRange(entry.Records);
            chain.AddRange(entry.Signatures);
        }

        return new IterativeResolution
        {
            Question = question,
            Status = entry.Kind switch
            {
                DnsCacheEntryKind.Positive => ResolutionStatus.Answer,
                DnsCacheEntryKind.NxDomain => ResolutionStatus.NxDomain,
                _ => ResolutionStatus.NoData,
            },
            Answers = chain,
            Authority = entry.Authority,
            Steps = steps,
            FromCache = true,
        };
    }

    /// <summary>A live authoritative (answer-rank) cache entry.</summary>
    private bool TryCached(DnsName name, DnsType type, DnsClass @class, out DnsCacheEntry entry)
    {
        if (Cache.TryGet(name, type, @class, out var found) && found!.IsAuthoritative)
        {
            entry = found;
            return true;
        }

        entry = null!;
        return false;
    }

    /// <summary>The deepest zone cut at or above <paramref name="name"/> whose NS RRset is cached, else the root hints.</summary>
    private ZoneCut StartingCut(DnsName name)
    {
        for (var labels = name.LabelCount; labels > 0; labels--)
        {
            var zone = name.Suffix(labels);
            if (!Cache.TryGet(zone, DnsType.NS, DnsClass.IN, out var ns) || ns!.Kind != DnsCacheEntryKind.Positive)
            {
                continue;
            }

            var servers = ns.Records.Select(r => r.Data).OfType<NsData>().Select(d => new NameServer(d.Target, CachedAddresses(d.Target))).ToList();
            var ds = Cache.TryGet(zone, DnsType.DS, DnsClass.IN, out var dsEntry) && dsEntry!.Kind == DnsCacheEntryKind.Positive ? dsEntry : null;
            return new ZoneCut(zone, ns.Records, servers, ds?.Records ?? [], ds?.Signatures ?? []);
        }

        var hints = Options.RootHints.Servers;
        var records = hints.Select(s => new DnsResourceRecord(DnsName.Root, DnsClass.IN, 0, new NsData(s.Name))).ToList();
        return new ZoneCut(DnsName.Root, records, hints, [], []);
    }

    private List<IPAddress> CachedAddresses(DnsName name)
    {
        var list = new List<IPAddress>();
        foreach (var type in (ReadOnlySpan<DnsType>)[DnsType.A, DnsType.AAAA])
        {
            if (Cache.TryGet(name, type, DnsClass.IN, out var e) && e!.Kind == DnsCacheEntryKind.Positive)
            {
                list.AddRange(e.Records.Select(r => r.Data switch { AData a => a.Address, AaaaData a => a.Address, _ => null }).OfType<IPAddress>());
            }
        }

        return list;
    }

    private async Task<Outcome> FollowReferralsAsync(DnsName current, DnsQuestion question, ZoneCut cut, int depth, Context context,
        List<ResolutionStep> steps, CancellationToken cancellationToken)
    {
        for (var hops = 0; ; hops++)
        {
            if (hops > Options.MaxReferrals)
            {
                return Outcome.Failed(ResolutionErrorKind.ReferralLoop, $"more than {Options.MaxReferrals} referrals for {current}");
            }

            var outcome = await AskZoneAsync(current, question, cut, depth, context, steps, cancellationToken).ConfigureAwait(false);
            if (outcome.Kind != OutcomeKind.Referral)
            {
                return outcome;
            }

            cut = outcome.Cut!;
        }
    }

    /// <summary>Asks the servers of <paramref name="cut"/> in turn until one gives a usable response, and classifies it.</summary>
    private async Task<Outcome> AskZoneAsync(DnsName current, DnsQuestion question, ZoneCut cut, int depth, Context context,
        List<ResolutionStep> steps, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        var upward = false;
        var ordered = cut.Servers.OrderBy(s => s.Addresses.Count == 0 ? 1 : 0).ToList();
        foreach (var server in ordered)
        {
            IReadOnlyList<IPAddress> addresses = server.Addresses;
            if (addresses.Count == 0)
            {
                if (server.Name.IsSubdomainOf(cut.Zone))
                {
                    reasons.Add($"{server.Name}: in-zone name server without usable glue");
                    continue;
                }

                addresses = await ResolveAddressesAsync(server.Name, depth + 1, context, reasons, cancellationToken).ConfigureAwait(false);
            }

            foreach (var address in addresses.Where(UsableFamily))
            {
                if (context.Remaining <= 0)
                {
                    return Outcome.Failed(ResolutionErrorKind.QueryBudgetExhausted,
                        $"query budget of {Options.MaxQueries} used up while asking {cut.Zone} servers about {current} {question.Type.ToText()}");
                }

                context.Used++;
                var endpoint = new IPEndPoint(address, Options.Port);
                var query = CreateQuery(current, question);
                var result = await _client.ExchangeAsync(endpoint, query, Options.UseTcp, Options.QueryTimeout, cancellationToken).ConfigureAwait(false);
                if (result.Response is not { } response)
                {
                    reasons.Add($"{server.Name} ({endpoint}): {result.Error!.Message}");
                    continue;
                }

                if (response.ResponseCode is not (DnsResponseCode.NoError or DnsResponseCode.NXDomain))
                {
                    reasons.Add($"{server.Name} ({endpoint}): {response.ResponseCode.ToText()}");
                    continue;
                }

                var outcome = Classify(response, current, question, cut);
                if (outcome.Kind == OutcomeKind.Lame)
                {
                    upward |= outcome.Upward;
                    reasons.Add($"{server.Name} ({endpoint}): {outcome.Error!.Message}");
                    continue;
                }

                steps.Add(new ResolutionStep(cut.Zone, endpoint, query.Questions[0], response));
                return outcome;
            }
        }

        var why = reasons.Count == 0 ? "no name server address to ask" : string.Join("; ", reasons);
        if (context.Remaining <= 0)
        {
            return Outcome.Failed(ResolutionErrorKind.QueryBudgetExhausted, $"query budget of {Options.MaxQueries} used up: {why}");
        }

        if (context.DepthExceeded)
        {
            return Outcome.Failed(ResolutionErrorKind.DepthLimitExceeded,
                $"name-server lookups for {cut.Zone} nested deeper than {Options.MaxDepth}: {why}");
        }

        return upward
            ? Outcome.Failed(ResolutionErrorKind.ReferralLoop, $"servers of {cut.Zone} referred {current} to the same or a parent zone: {why}")
            : Outcome.Failed(ResolutionErrorKind.NoReachableAuthority, $"no server of {cut.Zone} answered {current} {question.Type.ToText()}: {why}");
    }

    private bool UsableFamily(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => Options.UseIPv4,
        AddressFamily.InterNetworkV6 => Options.UseIPv6,
        _ => false,
    };

    private DnsMessage CreateQuery(DnsName name, DnsQuestion question) =>
        DnsMessage.CreateQuery(name, question.Type, DnsClient.NewId(), recursionDesired: false, dnssecOk: Options.DnssecOk,
            udpPayloadSize: Options.UdpPayloadSize, @class: question.Class);

    /// <summary>Finds addresses for a name server whose glue was not usable (RFC 1034 5.3.3 step 4).</summary>
    private async Task<IReadOnlyList<IPAddress>> ResolveAddressesAsync(DnsName name, int depth, Context context, List<string> reasons,
        CancellationToken cancellationToken)
    {
        var cached = CachedAddresses(name);
        if (cached.Count > 0)
        {
            return cached;
        }

        if (depth > Options.MaxDepth)
        {
            context.DepthExceeded = true;
            reasons.Add($"{name}: not looked up, name-server lookups nest deeper than {Options.MaxDepth}");
            return [];
        }

        if (!context.InProgress.Add(name))
        {
            reasons.Add($"{name}: its address lookup depends on itself");
            return [];
        }

        try
        {
            var list = new List<IPAddress>();
            var types = new List<DnsType>();
            if (Options.UseIPv4)
            {
                types.Add(DnsType.A);
            }

            if (Options.UseIPv6)
            {
                types.Add(DnsType.AAAA);
            }

            foreach (var type in types)
            {
                var r = await ResolveCoreAsync(new DnsQuestion(name, type), depth, context, cancellationToken).ConfigureAwait(false);
                list.AddRange(r.Answers.Select(a => a.Data switch { AData x => x.Address, AaaaData x => x.Address, _ => null }).OfType<IPAddress>());
                if (r.Error is { } e)
                {
                    reasons.Add($"{name} {type.ToText()}: {e.Message}");
                }

                if (list.Count > 0 || context.Remaining <= 0)
                {
                    break;
                }
            }

            return list;
        }
        finally
        {
            context.InProgress.Remove(name);
        }
    }

    /// <summary>Sorts a response into answer, alias, negative, referral or lame (RFC 1034 5.3.3 step 4).</summary>
    private Outcome Classify(DnsMessage response, DnsName current, DnsQuestion question, ZoneCut cut)
    {
        var zone = cut.Zone;
        var type = question.Type;

        // Only records in the bailiwick of the zone asked are believed (RFC 2181 5.4.1).
        var answers = response.Answers.Where(r => r.Class == question.Class && r.Name.IsSubdomainOf(zone)).ToList();
        var records = new List<DnsResourceRecord>();
        var name = current;
        var visited = new HashSet<DnsName> { name };
        while (true)
        {
            var rrset = answers.Where(r => r.Type == type && r.Name.Equals(name)).ToList();
            if (rrset.Count > 0)
            {
                var sigs = Signatures(answers, name, type);
                records.AddRange(rrset);
                records.AddRange(sigs);
                Cache.AddRRset(rrset, sigs);
                return new Outcome(OutcomeKind.Answer, records, [], response, cut);
            }

            DnsName? next = null;
            if (type != DnsType.CNAME && answers.FirstOrDefault(r => r.Data is CnameData && r.Name.Equals(name)) is { } cname)
            {
                var sigs = Signatures(answers, name, DnsType.CNAME);
                records.Add(cname);
                records.AddRange(sigs);
                Cache.AddRRset([cname], sigs);
                next = ((CnameData)cname.Data).Target;
            }
            else if (type != DnsType.DNAME
                && answers.FirstOrDefault(r => r.Data is DnameData && name.IsSubdomainOf(r.Name) && !name.Equals(r.Name)) is { } dname)
            {
                // RFC 6672 2.2: replace the DNAME owner suffix of the name with the DNAME target.
                var target = ((DnameData)dname.Data).Target;
                try
                {
                    next = name.ReplaceSuffix(dname.Name, target);
                }
                catch (FormatException)
                {
                    return Outcome.Failed(ResolutionErrorKind.NameTooLong, $"DNAME {dname.Name} -> {target} makes {name} longer than 255 octets");
                }

                var sigs = Signatures(answers, dname.Name, DnsType.DNAME);
                records.Add(dname);
                records.AddRange(sigs);
                Cache.AddRRset([dname], sigs);
                records.Add(new DnsResourceRecord(name, dname.Class, dname.Ttl, new CnameData(next)));
            }

            if (next is null)
            {
                break;
            }

            if (!visited.Add(next))
            {
                return Outcome.Failed(ResolutionErrorKind.AliasLoop, $"alias loop in the answer of {zone}: {next} was already visited") with { Records = records };
            }

            name = next;
            if (!name.IsSubdomainOf(zone))
            {
                return new Outcome(OutcomeKind.Alias, records, [], response, cut) { Next = name };
            }
        }

        var authority = response.Authority.Where(r => r.Class == question.Class).ToList();
        var proof = authority.Where(r => r.Type is DnsType.SOA or DnsType.NSEC or DnsType.NSEC3 or DnsType.RRSIG).ToList();
        var soa = authority.FirstOrDefault(r => r.Data is SoaData && name.IsSubdomainOf(r.Name) && r.Name.IsSubdomainOf(zone));
        if (response.ResponseCode == DnsResponseCode.NXDomain)
        {
            Cache.AddNegative(name, type, question.Class, DnsCacheEntryKind.NxDomain, proof);
            return new Outcome(OutcomeKind.NxDomain, records, proof, response, cut);
        }

        var referral = authority.Where(r => r.Data is NsData && current.IsSubdomainOf(r.Name)).ToList();
        var apexNsOnly = referral.Count > 0 && referral.All(r => r.Name.Equals(zone)) && response.AuthoritativeAnswer;
        if (records.Count == 0 && soa is null && referral.Count > 0 && !apexNsOnly)
        {
            var child = referral.Select(r => r.Name).MaxBy(n => n.LabelCount)!;
            if (child.LabelCount <= zone.LabelCount || !child.IsSubdomainOf(zone) || (type == DnsType.DS && child.Equals(current)))
            {
                return Outcome.Lame($"referral to {child}, which is not below {zone}", upward: true);
            }

            return new Outcome(OutcomeKind.Referral, [], [], response, Referral(response, child, zone));
        }

        if (records.Count > 0 && !response.AuthoritativeAnswer && soa is null)
        {
            // The chain left the data this server holds: continue from the last target.
            return new Outcome(OutcomeKind.Alias, records, [], response, cut) { Next = name };
        }

        if (soa is not null || response.AuthoritativeAnswer)
        {
            Cache.AddNegative(name, type, question.Class, DnsCacheEntryKind.NoData, proof);
            return new Outcome(OutcomeKind.NoData, records, proof, response, cut);
        }

        return Outcome.Lame("neither an answer, a referral nor an authoritative negative answer", upward: false);
    }

    /// <summary>Builds the zone cut of a referral to <paramref name="child"/> and caches its NS, glue and DS.</summary>
    private ZoneCut Referral(DnsMessage response, DnsName child, DnsName referringZone)
    {
        var ns = response.Authority.Where(r => r.Data is NsData && r.Name.Equals(child)).ToList();
        var ds = response.Authority.Where(r => r.Type == DnsType.DS && r.Name.Equals(child)).ToList();
        var proofs = response.Authority.Where(r =>
            (r.Data is RrsigData s && s.TypeCovered is DnsType.DS or DnsType.NSEC or DnsType.NSEC3)
            || r.Type is DnsType.NSEC or DnsType.NSEC3).ToList();
        Cache.AddRRset(ns, authoritative: false);
        if (ds.Count > 0)
        {
            Cache.AddRRset(ds, Signatures(response.Authority, child, DnsType.DS));
        }

        var servers = new List<NameServer>();
        foreach (var target in ns.Select(r => ((NsData)r.Data).Target).Distinct())
        {
            // Glue is used only when the name server's name is in the referring zone's bailiwick (RFC 2181 5.4.1);
            // otherwise the address must be looked up, so a zone cannot plant addresses for names it does not own.
            var glue = target.IsSubdomainOf(referringZone)
                ? response.Additional.Where(r => r.Type is DnsType.A or DnsType.AAAA && r.Name.Equals(target)).ToList()
                : [];
            foreach (var family in glue.GroupBy(r => r.Type))
            {
                Cache.AddRRset(family.ToList(), authoritative: false);
            }

            var addresses = glue.Select(r => r.Data switch { AData a => a.Address, AaaaData a => a.Address, _ => null }).OfType<IPAddress>().ToList();
            if (addresses.Count == 0)
            {
                addresses = CachedAddresses(target);
            }

            servers.Add(new NameServer(target, addresses));
        }

        return new ZoneCut(child, ns, servers, ds, proofs);
    }

    private static List<DnsResourceRecord> Signatures(IEnumerable<DnsResourceRecord> section, DnsName owner, DnsType covered) =>
        section.Where(r => r.Data is RrsigData s && s.TypeCovered == covered && r.Name.Equals(owner)).ToList();

    private enum OutcomeKind
    {
        Answer,
        NxDomain,
        NoData,
        Alias,
        Referral,
        Lame,
        Error,
    }

    private sealed record Outcome(OutcomeKind Kind, List<DnsResourceRecord> Records, IReadOnlyList<DnsResourceRecord> Authority,
        DnsMessage? Response, ZoneCut? Cut)
    {
        public DnsName? Next { get; init; }

        public ResolutionError? Error { get; init; }

        public bool Upward { get; init; }

        public static Outcome Failed(ResolutionErrorKind kind, string message) =>
            new(OutcomeKind.Error, [], [], null, null) { Error = new ResolutionError(kind, message) };

        public static Outcome Lame(string message, bool upward) =>
            new(OutcomeKind.Lame, [], [], null, null) { Error = new ResolutionError(ResolutionErrorKind.NoReachableAuthority, message), Upward = upward };
    }

    private sealed class Context(int budget)
    {
        public int Used { get; set; }

        public int Remaining => budget - Used;

        public bool DepthExceeded { get; set; }

        public HashSet<DnsName> InProgress { get; } = [];
    }
}
