using DaneKit.Dns;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Records;

namespace DaneKit.Tests.Dns;

/// <summary>A fact that is skipped, saying why, when the running testbed's zone directory is absent (as in CI,
/// where unit tests run before the testbed is up).</summary>
public sealed class TestbedZonesFactAttribute : FactAttribute
{
    /// <summary>Where the testbed writes its zones.</summary>
    public const string Directory = "/var/lib/danekit-testbed/zones";

    public TestbedZonesFactAttribute()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            Skip = $"{Directory} is absent: the testbed is not up (the copies in Data/Zones are tested instead)";
        }
    }
}

/// <summary>The zone-file parser (RFC 1035 5, RFC 2308 4, RFC 3597 5): directives, defaults, errors with file and line,
/// and the signed zones of the testbed.</summary>
public sealed class ZoneFileParserTests
{
    /// <summary>Signed zones copied from the testbed (/var/lib/danekit-testbed/zones) with their record counts,
    /// counted by hand: every non-empty line of these files is one record (grep -c .).</summary>
    public static TheoryData<string, int> FixedZones => new()
    {
        { "nsec3-optout.example.signed", 27 },
        { "alg-8.example.signed", 23 },
        { "root.signed", 15 },
        { "alg-8.example.zone", 6 },
    };

    private static string ZonePath(string file) => Path.Combine(RecordsTestData.DataDirectory, "Zones", file);

    private static IReadOnlyList<DnsResourceRecord> Parse(string text, ZoneFileParserOptions? options = null) =>
        new ZoneFileParser(options).ParseText(text, "zone.db");

    [Theory]
    [MemberData(nameof(FixedZones))]
    public async Task FixedSignedZonesParseAndReprintLosslessly(string file, int count)
    {
        var records = await new ZoneFileParser().ParseFileAsync(ZonePath(file), CancellationToken.None);
        Assert.Equal(count, records.Count);
        AssertReprintsLosslessly(records);
    }

    [TestbedZonesFact]
    public async Task TestbedSignedZonesParse()
    {
        var files = Directory.GetFiles(TestbedZonesFactAttribute.Directory, "*.signed");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var records = await new ZoneFileParser().ParseFileAsync(file, CancellationToken.None);
            var expected = File.ReadAllLines(file).Count(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith(';'));
            Assert.True(expected == records.Count, $"{file}: {records.Count} records, {expected} lines");
            Assert.Contains(records, r => r.Type == DnsType.SOA);
            Assert.Contains(records, r => r.Type == DnsType.RRSIG);
            AssertReprintsLosslessly(records);
        }
    }

    [Fact]
    public async Task SignedZoneFieldsAreTyped()
    {
        var records = await new ZoneFileParser().ParseFileAsync(ZonePath("nsec3-optout.example.signed"), CancellationToken.None);
        var keys = records.Select(r => r.Data).OfType<DnskeyData>().ToList();
        Assert.Equal([49341, 60783], keys.Select(k => (int)k.KeyTag).Order());
        var nsec3 = records.Select(r => r.Data).OfType<Nsec3Data>().ToList();
        Assert.Equal(5, nsec3.Count);
        Assert.All(nsec3, n => Assert.True(n.OptOut));
        Assert.Contains(nsec3, n => n.TypeBitmap.Count == 0);
        var tlsa = Assert.Single(records.Select(r => r.Data).OfType<TlsaData>());
        Assert.Equal(TlsaUsage.DaneEe, tlsa.Usage);
        var param = Assert.Single(records, r => r.Type == DnsType.NSEC3PARAM);
        Assert.Equal(3600u, param.Ttl);
        Assert.Equal("1 0 0 -", param.Data.ToString());
    }

    private static void AssertReprintsLosslessly(IReadOnlyList<DnsResourceRecord> records)
    {
        var text = string.Join('\n', records.Select(r => r.ToString()));
        var again = Parse(text);
        Assert.Equal(records.Count, again.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(records[i], again[i]);
            Assert.Equal(records[i].Data.ToWire(), again[i].Data.ToWire());
            Assert.Equal(records[i].Data, RecordDataCodec.FromWire(records[i].Type, records[i].Data.ToWire()));
        }
    }

    [Fact]
    public void DirectivesDefaultsAndRelativeNames()
    {
        var records = Parse("""
            $ORIGIN Example.
            $TTL 1h30m
            @       IN  SOA ns1 hostmaster ( 1 ; serial
                                2h 15m 1w 1d )
                        NS  ns1
            ns1     300 A   192.0.2.1
            ns1     IN 1d AAAA 2001:db8::1
            mail    CH  600 TXT "a b" c
            $ORIGIN sub
            x           MX  10 @
            *       1W  CNAME x.example.
            """);
        Assert.Equal(7, records.Count);
        var soa = (SoaData)records[0].Data;
        Assert.Equal(DnsName.Parse("example."), records[0].Name);
        Assert.Equal(5400u, records[0].Ttl);
        Assert.Equal("ns1.Example. hostmaster.Example. 1 7200 900 604800 86400", soa.ToString());
        Assert.Equal(("Example.", DnsType.NS, 5400u), (records[1].Name.ToString(), records[1].Type, records[1].Ttl));
        Assert.Equal(300u, records[2].Ttl);
        Assert.Equal(86400u, records[3].Ttl);
        Assert.Equal(DnsClass.IN, records[3].Class);
        Assert.Equal(DnsClass.CH, records[4].Class);
        Assert.Equal(600u, records[4].Ttl);
        Assert.Equal("\"a b\" \"c\"", records[4].Data.ToString());
        Assert.Equal("x.sub.Example.", records[5].Name.ToString());
        Assert.Equal("10 sub.Example.", records[5].Data.ToString());
        Assert.Equal(DnsClass.CH, records[5].Class); // the previous record's class
        Assert.Equal("*.sub.Example.", records[6].Name.ToString());
        Assert.Equal(604800u, records[6].Ttl);
    }

    [Fact]
    public void SoaMinimumIsTheDefaultTtlOnlyWithoutTtlDirective()
    {
        var noTtl = Parse("""
            example. SOA ns. host. 1 2 3 4 120
            example. NS ns.
            """);
        Assert.Equal([120u, 120u], noTtl.Select(r => r.Ttl));

        var withTtl = Parse("""
            $TTL 60
            example. SOA ns. host. 1 2 3 4 120
            example. NS ns.
            """);
        Assert.Equal([60u, 60u], withTtl.Select(r => r.Ttl));
    }

    [Fact]
    public void Rfc3597UnknownTypesAndClasses()
    {
        // RFC 3597 5 examples.
        var records = Parse("""
            $TTL 0
            a.example.   CLASS32     TYPE731         \# 6 abcd (
                                                     ef 01 23 45 )
            b.example.   HS          TYPE62347       \# 0
            e.example.   IN          A               \# 4 0A000001
            e.example.   CLASS1      TYPE1           10.0.0.2
            """, new ZoneFileParserOptions { Origin = DnsName.Root });
        Assert.Equal((DnsClass)32, records[0].Class);
        Assert.Equal((DnsType)731, records[0].Type);
        Assert.Equal("\\# 6 ABCDEF012345", records[0].Data.ToString());
        Assert.Equal("\\# 0", records[1].Data.ToString());
        Assert.Equal("10.0.0.1", Assert.IsType<AData>(records[2].Data).ToString());
        Assert.Equal(DnsClass.IN, records[3].Class);
        Assert.Equal("a.example.\t0\tCLASS32\tTYPE731\t\\# 6 ABCDEF012345", records[0].ToString());
    }

    [Fact]
    public void IncludeIsRelativeToTheIncludingFileAndRestoresTheOrigin()
    {
        var dir = Directory.CreateTempSubdirectory("danekit-zone-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "sub"));
            File.WriteAllText(Path.Combine(dir.FullName, "main.db"), "$ORIGIN example.\n$TTL 60\n$INCLUDE sub/inc.db mail\nafter A 192.0.2.2\n");
            File.WriteAllText(Path.Combine(dir.FullName, "sub", "inc.db"), "@ A 192.0.2.1\n$INCLUDE leaf.db\n");
            File.WriteAllText(Path.Combine(dir.FullName, "sub", "leaf.db"), "leaf TXT x\n");
            var records = new ZoneFileParser().ParseText(File.ReadAllText(Path.Combine(dir.FullName, "main.db")), Path.Combine(dir.FullName, "main.db"));
            Assert.Equal(["mail.example.", "leaf.mail.example.", "after.example."], records.Select(r => r.Name.ToString()));

            File.WriteAllText(Path.Combine(dir.FullName, "loop.db"), "$INCLUDE loop.db\n");
            var e = Assert.Throws<PresentationException>(() =>
                new ZoneFileParser().ParseText("$INCLUDE loop.db\n", Path.Combine(dir.FullName, "top.db")));
            Assert.Contains("loop.db:1: $INCLUDE nested more than 8 deep", e.Message, StringComparison.Ordinal);

            var missing = Assert.Throws<PresentationException>(() =>
                new ZoneFileParser().ParseText("\n$INCLUDE nothing.db\n", Path.Combine(dir.FullName, "top.db")));
            Assert.Contains("top.db:2: $INCLUDE 'nothing.db'", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void RecordLimitIsEnforced()
    {
        var text = string.Concat(Enumerable.Range(0, 5).Select(i => $"a{i}.example. 60 A 192.0.2.{i}\n"));
        Assert.Equal(5, Parse(text, new ZoneFileParserOptions { MaxRecords = 5 }).Count);
        var e = Assert.Throws<PresentationException>(() => Parse(text, new ZoneFileParserOptions { MaxRecords = 4 }));
        Assert.Equal("zone.db:5: more than 4 records", e.Message);
        Assert.Equal(10_000_000, new ZoneFileParserOptions().MaxRecords);
    }

    /// <summary>Bad input, and the exact error: file, line where the entry starts, and reason.</summary>
    public static TheoryData<string, string> BadInputs => new()
    {
        { "$TTL 60\nexample. SOA a. b. 1 2 3 4 5\n\n\n\n\n\n\n\n\n\nexample. MX ten mx.example.", "zone.db:12: MX preference: 'ten' is not a number from 0 to 65535" },
        { "example. 60 A 192.0.2.300", "zone.db:1: A address: '192.0.2.300' is not a dotted-quad IPv4 address" },
        { "example. 60 BOGUS 1", "zone.db:1: 'BOGUS' is not a record type (a mnemonic or TYPEnnn)" },
        { "example. 60 IN", "zone.db:1: missing record type" },
        { "example. A 192.0.2.1", "zone.db:1: A record has no TTL, and there is no $TTL or SOA to take one from" },
        { " 60 A 192.0.2.1", "zone.db:1: the first record has no owner name (the line starts with white space)" },
        { "$TTL 1x", "zone.db:1: $TTL: '1x' is not a TTL (seconds, or units like 1h30m, 1d, 1w)" },
        { "$TTL 2147483648", "zone.db:1: $TTL: 2147483648 is above the largest TTL 2147483647 (RFC 2181 8)" },
        { "$TTL", "zone.db:1: $TTL takes 1 argument: $TTL ttl" },
        { "$ORIGIN a..b.", "zone.db:1: $ORIGIN: empty label at position 2 in 'a..b.'" },
        { "$GENERATE 1-2 a$ A 1.2.3.$", "zone.db:1: unsupported directive '$GENERATE' (only $ORIGIN, $TTL and $INCLUDE)" },
        { "$INCLUDE", "zone.db:1: $INCLUDE takes 1 or 2 arguments: $INCLUDE file [origin]" },
        { "a..example. 60 A 192.0.2.1", "zone.db:1: owner name: empty label at position 2 in 'a..example.'" },
        { "example. 60 A ( 192.0.2.1", "zone.db:1: unbalanced '(': the file ends inside parentheses" },
        { "example. 60 TXT \"open", "zone.db:1: unterminated quoted string" },
        { "example. 60 A 192.0.2.1 )", "zone.db:1: ')' without '('" },
        { "example. 60 A 192.0.2.1 192.0.2.2", "zone.db:1: A: unexpected extra data '192.0.2.2'" },
        { "\n\nexample. 60 TYPE65534 DEAD", "zone.db:3: TYPE65534: unknown type; write its RDATA in the generic form \\# length hex (RFC 3597 5)" },
        { "example. 60 TYPE65534 \\# 3 DEAD", "zone.db:1: generic RDATA: length says 3 octets, the hex holds 2" },
        { "example. 60 NSEC3 1 1 0 - ( 2t7b4g4vsa5smi47k61mv5bv1a22bojr\n A RRSIG FOO )", "zone.db:1: type bitmap: 'FOO' is not a record type" },
        { "example. 60 TLSA 3 1 1 XYZW", "zone.db:1: TLSA certificate association data: not hexadecimal" },
        { "example. 60 OPT \\# 0", "zone.db:1: OPT is not a record type that can appear in a zone" },
        { "example. 60 TXT " + new string('a', 256), "zone.db:1: TXT string of 256 octets: at most 255 (split it into several quoted strings)" },
        { "example. 60 CNAME " + new string('a', 64) + ".", "zone.db:1: CNAME target: label longer than 63 octets in '" + new string('a', 64) + ".'" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputGivesFileLineAndReason(string text, string expected)
    {
        var e = Assert.Throws<PresentationException>(() => Parse(text));
        Assert.Equal(expected, e.Message);
        Assert.Equal("zone.db", e.File);
        Assert.True(e.Line > 0);
    }
}
