using DaneKit.Dns;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;

namespace DaneKit.Tests.Dnssec.Validator;

/// <summary>A clock pinned to one instant.</summary>
internal sealed class PinnedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// One zone of the test hierarchy: its data, its keys (none: an unsigned zone) and how it signs. RRSIGs and
/// the NSEC chain are made when asked, so a test can change keys, windows or data before looking up.
/// </summary>
internal sealed class TestZone(DnsName apex, IEnumerable<DnsResourceRecord> records, TestKey? ksk, TestKey? zsk)
{
    public DnsName Apex { get; } = apex;

    /// <summary>The zone's data, delegations (NS, DS) and glue included; the DNSKEY RRset is made from the keys.</summary>
    public List<DnsResourceRecord> Records { get; } = records.ToList();

    /// <summary>The key-signing key: signs the DNSKEY RRset; the parent's DS points at it.</summary>
    public TestKey? Ksk { get; set; } = ksk;

    /// <summary>The zone-signing key: signs everything but the DNSKEY RRset.</summary>
    public TestKey? Zsk { get; set; } = zsk;

    /// <summary>Whether the ZSK is in the published DNSKEY RRset.</summary>
    public bool PublishZsk { get; set; } = true;

    /// <summary>More DNSKEYs to publish (KeyTrap).</summary>
    public List<DnskeyData> ExtraKeys { get; } = [];

    /// <summary>The default signature window.</summary>
    public (DateTimeOffset Inception, DateTimeOffset Expiration) Window { get; set; }

    /// <summary>Signature windows per RRset.</summary>
    public Dictionary<(DnsName Owner, DnsType Type), (DateTimeOffset Inception, DateTimeOffset Expiration)> Windows { get; } = [];

    public bool Signed => Ksk is not null && Zsk is not null;

    public uint Ttl { get; } = 3600;

    public IReadOnlyList<DnsResourceRecord> DnskeyRRset()
    {
        if (!Signed)
        {
            return [];
        }

        var keys = new List<DnskeyData> { Ksk!.Dnskey };
        if (PublishZsk)
        {
            keys.Add(Zsk!.Dnskey);
        }

        keys.AddRange(ExtraKeys);
        return keys.Select(k => new DnsResourceRecord(Apex, DnsClass.IN, Ttl, k)).ToList();
    }

    /// <summary>Every RRset the zone holds, the DNSKEY RRset included.</summary>
    public List<DnsResourceRecord> All() => [.. Records, .. DnskeyRRset()];

    /// <summary>Delegation points: NS owners other than the apex.</summary>
    public List<DnsName> Cuts() => Records.Where(r => r.Type == DnsType.NS && !r.Name.Equals(Apex)).Select(r => r.Name).Distinct().ToList();

    /// <summary>The RRSIGs over the RRset (none in an unsigned zone). The DNSKEY RRset is signed by the KSK, the rest by the ZSK.</summary>
    public List<DnsResourceRecord> Sign(DnsName owner, IReadOnlyList<DnsResourceRecord> rrset, DnsName? presentedOwner = null)
    {
        if (!Signed || rrset.Count == 0)
        {
            return [];
        }

        var type = rrset[0].Type;
        var key = type == DnsType.DNSKEY ? Ksk! : Zsk!;
        var (inception, expiration) = Windows.TryGetValue((presentedOwner ?? owner, type), out var w) ? w : Window;
        var sig = TestSigner.Sign(owner, rrset, key, Apex, inception, expiration);
        return [presentedOwner is null ? sig : sig with { Name = presentedOwner }];
    }

    /// <summary>The NSEC chain (RFC 4034 4.1): authoritative names and delegation points in canonical order, glue left out.</summary>
    public List<DnsResourceRecord> NsecChain()
    {
        if (!Signed)
        {
            return [];
        }

        var cuts = Cuts();
        var all = All();
        var names = all.Select(r => r.Name)
            .Where(n => !cuts.Any(c => n.IsSubdomainOf(c) && !n.Equals(c)))
            .Distinct().Order().ToList();
        var chain = new List<DnsResourceRecord>();
        for (var i = 0; i < names.Count; i++)
        {
            var types = all.Where(r => r.Name.Equals(names[i])).Select(r => r.Type).ToList();
            types.Add(DnsType.NSEC);
            types.Add(DnsType.RRSIG);
            var next = names[(i + 1) % names.Count];
            chain.Add(new DnsResourceRecord(names[i], DnsClass.IN, Ttl, new NsecData(next, new TypeBitmap(types))));
        }

        return chain;
    }

    /// <summary>The NSEC owned by <paramref name="name"/>, or the one whose range covers it (wrapping at the end).</summary>
    public DnsResourceRecord? NsecFor(DnsName name)
    {
        var chain = NsecChain();
        return chain.FirstOrDefault(r => r.Name.Equals(name))
            ?? chain.FirstOrDefault(r =>
            {
                var next = ((NsecData)r.Data).NextDomainName;
                return next.CompareTo(r.Name) > 0
                    ? r.Name.CompareTo(name) < 0 && name.CompareTo(next) < 0
                    : r.Name.CompareTo(name) < 0 || name.CompareTo(next) < 0;
            });
    }
}

/// <summary>What one zone answers: the RCODE, the sections, and the CNAME target a resolver would follow.</summary>
internal sealed record ZoneAnswer(DnsResponseCode ResponseCode, List<DnsResourceRecord> Answers, List<DnsResourceRecord> Authority, DnsName? CnameTarget = null);

/// <summary>
/// An <see cref="IDnssecDataSource"/> over in-memory signed zones, answering as an authoritative server behind
/// a CD resolver would: answers with RRSIGs, DS from the parent side, NXDOMAIN and NODATA with SOA and NSEC,
/// wildcard answers with the covering NSEC, CNAME chains followed across zones. Counts lookups.
/// </summary>
internal sealed class FakeDnssecSource(IEnumerable<TestZone> zones) : IDnssecDataSource
{
    public List<TestZone> Zones { get; } = zones.ToList();

    /// <summary>Every lookup made, in order.</summary>
    public List<(DnsName Name, DnsType Type)> Log { get; } = [];

    public int Lookups => Log.Count;

    /// <summary>Rewrites a response before the validator sees it (corrupt, strip, fail).</summary>
    public Func<DnsName, DnsType, DnssecLookup, DnssecLookup>? Tamper { get; set; }

    public string Description => "in-memory test zones";

    public Task<DnssecLookup> LookupAsync(DnsName name, DnsType type, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (Log)
        {
            Log.Add((name, type));
        }

        var lookup = Resolve(name, type);
        return Task.FromResult(Tamper is null ? lookup : Tamper(name, type, lookup));
    }

    /// <summary>The zone that answers NAME/TYPE: the deepest one holding the name, its parent for DS at an apex.</summary>
    public TestZone? ZoneFor(DnsName name, DnsType type) => Zones
        .Where(z => name.IsSubdomainOf(z.Apex) && !(type == DnsType.DS && name.Equals(z.Apex) && !z.Apex.IsRoot))
        .OrderByDescending(z => z.Apex.LabelCount)
        .FirstOrDefault();

    private DnssecLookup Resolve(DnsName name, DnsType type)
    {
        var answers = new List<DnsResourceRecord>();
        var current = name;
        for (var hops = 0; hops < 8; hops++)
        {
            var zone = ZoneFor(current, type);
            if (zone is null)
            {
                return answers.Count == 0
                    ? DnssecLookup.Failed($"no zone holds {current}", "fake")
                    : new DnssecLookup(DnsResponseCode.NoError, answers, [], null, "fake");
            }

            var a = Answer(zone, current, type);
            if (a is null)
            {
                return DnssecLookup.Failed($"{current} is below a delegation the test zones do not model", "fake");
            }

            answers.AddRange(a.Answers);
            if (a.CnameTarget is null)
            {
                return new DnssecLookup(a.ResponseCode, answers, a.Authority, null, "fake");
            }

            current = a.CnameTarget;
        }

        return new DnssecLookup(DnsResponseCode.NoError, answers, [], null, "fake");
    }

    private static ZoneAnswer? Answer(TestZone zone, DnsName qname, DnsType qtype)
    {
        var all = zone.All();
        var cut = zone.Cuts().Where(qname.IsSubdomainOf).OrderByDescending(c => c.LabelCount).FirstOrDefault();
        if (cut is not null)
        {
            if (qtype == DnsType.DS && qname.Equals(cut))
            {
                var ds = all.Where(r => r.Type == DnsType.DS && r.Name.Equals(cut)).ToList();
                return ds.Count > 0
                    ? new ZoneAnswer(DnsResponseCode.NoError, [.. ds, .. zone.Sign(cut, ds)], [])
                    : NoData(zone, qname);
            }

            return null; // a referral: the test hierarchy models every zone it delegates to
        }

        var here = all.Where(r => r.Name.Equals(qname)).ToList();
        var match = here.Where(r => r.Type == qtype).ToList();
        if (match.Count > 0)
        {
            return new ZoneAnswer(DnsResponseCode.NoError, [.. match, .. zone.Sign(qname, match)], []);
        }

        if (here.FirstOrDefault(r => r.Type == DnsType.CNAME) is { } cname && qtype != DnsType.CNAME)
        {
            return new ZoneAnswer(DnsResponseCode.NoError, [cname, .. zone.Sign(qname, [cname])], [], ((CnameData)cname.Data).Target);
        }

        if (here.Count > 0 || all.Any(r => r.Name.IsSubdomainOf(qname)))
        {
            return NoData(zone, qname);
        }

        // The closest encloser and the wildcard at it (RFC 4592 3.3.1).
        var encloser = qname.Parent();
        while (!encloser.Equals(zone.Apex) && !all.Any(r => r.Name.IsSubdomainOf(encloser)))
        {
            encloser = encloser.Parent();
        }

        var wildcard = DnsName.Concat(DnsName.Parse("*."), encloser);
        var source = all.Where(r => r.Name.Equals(wildcard) && r.Type == qtype).ToList();
        if (source.Count > 0)
        {
            // Wildcard expansion: the records at QNAME, the RRSIG over the wildcard (labels = its labels minus the *),
            // and the NSEC proving QNAME itself does not exist (RFC 4035 3.1.3.3).
            var expanded = source.Select(r => r with { Name = qname }).ToList();
            return new ZoneAnswer(DnsResponseCode.NoError, [.. expanded, .. zone.Sign(wildcard, source, qname)], Proof(zone, qname));
        }

        var authority = Soa(zone);
        foreach (var nsec in Proof(zone, qname).Concat(Proof(zone, wildcard)).Distinct())
        {
            if (!authority.Contains(nsec))
            {
                authority.Add(nsec);
            }
        }

        return new ZoneAnswer(DnsResponseCode.NXDomain, [], authority);
    }

    private static ZoneAnswer NoData(TestZone zone, DnsName qname) =>
        new(DnsResponseCode.NoError, [], [.. Soa(zone), .. Proof(zone, qname)]);

    private static List<DnsResourceRecord> Soa(TestZone zone)
    {
        var soa = zone.Records.Where(r => r.Type == DnsType.SOA).ToList();
        return [.. soa, .. zone.Sign(zone.Apex, soa)];
    }

    private static List<DnsResourceRecord> Proof(TestZone zone, DnsName name) =>
        zone.NsecFor(name) is { } nsec ? [nsec, .. zone.Sign(nsec.Name, [nsec])] : [];
}

/// <summary>
/// The signed hierarchy the validator tests run on, pinned at <see cref="Now"/>:
/// <code>
/// .                       signed, trust anchor = DS of its KSK
/// example.                signed; alias.example. CNAME mx.child.example.; xyz.example. does not exist
///   child.example.        signed (DS in example.); mx A, _25._tcp.mx TLSA, *.child.example. A
///   insecure.example.     unsigned, no DS (NSEC at the parent proves it)
/// </code>
/// </summary>
internal sealed class SignedHierarchy
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly DnsName Tlsa = DnsName.Parse("_25._tcp.mx.child.example.");
    public static readonly DnsName Mx = DnsName.Parse("mx.child.example.");
    public static readonly DnsName InsecureTlsa = DnsName.Parse("_25._tcp.mx.insecure.example.");

    public SignedHierarchy(byte algorithm = 13)
    {
        var window = (Now.AddDays(-10), Now.AddDays(30));
        Root = new TestZone(DnsName.Root, Records("""
            . 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. 2026030100 1800 900 604800 86400
            . 86400 IN NS a.root-servers.net.
            example. 86400 IN NS ns1.example.
            ns1.example. 86400 IN A 192.0.2.1
            """), TestKey.Create(algorithm, 257), TestKey.Create(algorithm, 256)) { Window = window };
        Example = new TestZone(DnsName.Parse("example."), Records("""
            example. 3600 IN SOA ns1.example. hostmaster.example. 1 7200 3600 1209600 3600
            example. 3600 IN NS ns1.example.
            ns1.example. 3600 IN A 192.0.2.1
            www.example. 3600 IN A 192.0.2.80
            alias.example. 3600 IN CNAME mx.child.example.
            child.example. 3600 IN NS ns1.child.example.
            ns1.child.example. 3600 IN A 192.0.2.2
            insecure.example. 3600 IN NS ns1.insecure.example.
            ns1.insecure.example. 3600 IN A 192.0.2.3
            """), TestKey.Create(algorithm, 257), TestKey.Create(algorithm, 256)) { Window = window };
        Child = new TestZone(DnsName.Parse("child.example."), Records("""
            child.example. 3600 IN SOA ns1.child.example. hostmaster.child.example. 1 7200 3600 1209600 3600
            child.example. 3600 IN NS ns1.child.example.
            ns1.child.example. 3600 IN A 192.0.2.2
            mx.child.example. 3600 IN A 192.0.2.25
            _25._tcp.mx.child.example. 3600 IN TLSA 3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6
            *.child.example. 3600 IN A 192.0.2.99
            """), TestKey.Create(algorithm, 257), TestKey.Create(algorithm, 256)) { Window = window };
        Insecure = new TestZone(DnsName.Parse("insecure.example."), Records("""
            insecure.example. 3600 IN SOA ns1.insecure.example. hostmaster.insecure.example. 1 7200 3600 1209600 3600
            insecure.example. 3600 IN NS ns1.insecure.example.
            ns1.insecure.example. 3600 IN A 192.0.2.3
            mx.insecure.example. 3600 IN A 192.0.2.26
            _25._tcp.mx.insecure.example. 3600 IN TLSA 3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6
            """), null, null) { Window = window };

        Root.Records.Add(TestSigner.Ds(Example.Apex, Example.Ksk!.Dnskey, 86400));
        SetChildDs();
        Source = new FakeDnssecSource([Root, Example, Child, Insecure]);
        Clock = new PinnedClock(Now);
    }

    public TestZone Root { get; }

    public TestZone Example { get; }

    public TestZone Child { get; }

    public TestZone Insecure { get; }

    public FakeDnssecSource Source { get; }

    public PinnedClock Clock { get; }

    /// <summary>The trust anchor: the DS of the root KSK.</summary>
    public TrustAnchors Anchors => new([TestSigner.Ds(DnsName.Root, Root.Ksk!.Dnskey, 172800)]);

    /// <summary>Replaces the DS RRset of child.example. in example. (by default: the DS of the child's current KSK).</summary>
    public void SetChildDs(params DsData[] ds)
    {
        Example.Records.RemoveAll(r => r.Type == DnsType.DS && r.Name.Equals(Child.Apex));
        var set = ds.Length > 0 ? ds : [TestSigner.DsFor(Child.Apex, Child.Ksk!.Dnskey)];
        Example.Records.AddRange(set.Select(d => new DnsResourceRecord(Child.Apex, DnsClass.IN, 3600, d)));
    }

    /// <summary>Makes answers for TYPE at child.example. carry only an RRSIG by the child's ZSK (valid dates).</summary>
    public void SignAtChildApexWithZskOnly(DnsType type) =>
        Source.Tamper = (name, t, l) => t == type && name.Equals(Child.Apex)
            ? l with
            {
                Answers = [.. l.Answers.Where(r => r.Type == type),
                    TestSigner.Sign(Child.Apex, l.Answers.Where(r => r.Type == type).ToList(), Child.Zsk!, Child.Apex,
                        Now.AddDays(-1), Now.AddDays(20))],
            }
            : l;

    public DnssecValidator Validator(ValidatorOptions? options = null) => new(Source, Anchors, options, Clock);

    public Task<ValidatedAnswer> ValidateAsync(DnsName name, DnsType type, ValidatorOptions? options = null) =>
        Validator(options).ValidateAsync(name, type);

    private static List<DnsResourceRecord> Records(string text) =>
        new ZoneFileParser().ParseText(text.Replace("\r", "", StringComparison.Ordinal) + "\n").ToList();
}
