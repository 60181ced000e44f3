using DaneKit.Dns;
using DaneKit.Dns.Presentation;

namespace DaneKit.Tests.Dns;

/// <summary>
/// Canonical RDATA form, RFC 4034 6.2 as updated by RFC 6840 5.1: embedded names lowercased for NS, CNAME,
/// SOA, PTR, MX, SRV, DNAME and the RRSIG signer, but not the NSEC next domain name. RDATA equality is by
/// canonical form.
/// </summary>
public sealed class RecordsCanonicalTests
{
    [Theory]
    [InlineData("NS", "NS1.Example.", "ns1.example.")]
    [InlineData("CNAME", "Target.EXAMPLE.", "target.example.")]
    [InlineData("PTR", "Host.Example.", "host.example.")]
    [InlineData("DNAME", "Other.Example.", "other.example.")]
    [InlineData("MX", "10 MX.Example.", "10 mx.example.")]
    [InlineData("SRV", "1 2 25 MX.Example.", "1 2 25 mx.example.")]
    [InlineData("SOA", "NS.Example. Host.Example. 1 2 3 4 5", "ns.example. host.example. 1 2 3 4 5")]
    [InlineData("RRSIG", "A 13 2 300 20261229021910 20261128021910 1 Example. AQID", "A 13 2 300 20261229021910 20261128021910 1 example. AQID")]
    public void EmbeddedNamesAreLowercased(string type, string mixed, string lower)
    {
        var a = RecordsTestData.Parse(type, mixed);
        var b = RecordsTestData.Parse(type, lower);
        Assert.Equal(b.ToWire(), a.ToWire(canonical: true));
        Assert.NotEqual(a.ToWire(), a.ToWire(canonical: true));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(mixed, a.ToString()); // the case as written is kept for display
    }

    [Fact]
    public void NsecNextDomainNameKeepsItsCase()
    {
        var a = RecordsTestData.Parse("NSEC", "Host.Example. A RRSIG NSEC");
        var b = RecordsTestData.Parse("NSEC", "host.example. A RRSIG NSEC");
        Assert.Equal(a.ToWire(), a.ToWire(canonical: true));
        Assert.StartsWith("04486F7374", Convert.ToHexString(a.ToWire(canonical: true)), StringComparison.Ordinal); // "Host"
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void RdataOfTypesWithoutNamesIsItsOwnCanonicalForm()
    {
        foreach (var v in RecordsTestData.Vectors.Where(v => v.Type is DnsType.DS or DnsType.DNSKEY or DnsType.TLSA or DnsType.NSEC3 or DnsType.CAA))
        {
            var d = RecordsTestData.Parse(v.Type, v.Presentation);
            Assert.Equal(d.ToWire(), d.ToWire(canonical: true));
        }
    }

    [Fact]
    public void EqualityIsByCanonicalWireNotByText()
    {
        Assert.Equal(RecordsTestData.Parse("TLSA", "3 1 1 ABCD"), RecordsTestData.Parse("TLSA", "DANE-EE SPKI SHA2-256 ab cd"));
        Assert.Equal(RecordsTestData.Parse("DS", "1 8 2 AABB"), RecordsTestData.Parse("DS", "1 8 2 aa bb"));
        Assert.NotEqual(RecordsTestData.Parse("TLSA", "3 1 1 ABCD"), RecordsTestData.Parse("TLSA", "3 1 2 ABCD"));
        Assert.NotEqual<DnsRecordData>(RecordsTestData.Parse("NS", "a."), RecordsTestData.Parse("CNAME", "a."));
    }

    [Fact]
    public void RelativeNamesUseTheOriginAndEscapedDotsStayRelative()
    {
        Assert.Equal("10 mx.example.", RecordsTestData.Parse(DnsType.MX, "10 mx", "example.").ToString());
        Assert.Equal("10 example.", RecordsTestData.Parse(DnsType.MX, "10 @", "example.").ToString());
        Assert.Equal("10 a\\..example.", RecordsTestData.Parse(DnsType.MX, "10 a\\.", "example.").ToString());
        Assert.Equal("10 a\\\\.", RecordsTestData.Parse(DnsType.MX, "10 a\\\\.", "example.").ToString());
        Assert.True(RdataTextReader.IsAbsolute("a\\\\."));
        Assert.False(RdataTextReader.IsAbsolute("a\\."));
    }
}
