using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dns.Update;
using static DaneKit.Tests.Dns.Update.UpdateSamples;

namespace DaneKit.Tests.Dns.Update;

/// <summary>RFC 2136 2: the UPDATE message, byte for byte against dnspython's encoding of the same update.</summary>
public sealed class Rfc2136EncodingTests
{
    [Trait("RFC 2136", "2")]
    [Fact]
    public void UpdateMatchesDnspythonOctetForOctet()
    {
        Assert.Equal(UpdateVectors.UnsignedUpdate, Convert.ToHexString(VectorUpdate().ToWire(UpdateVectors.MessageId)));
    }

    [Trait("RFC 2136", "2.4")]
    [Fact]
    public void PrerequisitesMatchDnspythonOctetForOctet()
    {
        Assert.Equal(UpdateVectors.UnsignedUpdateWithPrerequisites,
            Convert.ToHexString(VectorUpdate(prerequisites: true).ToWire(UpdateVectors.MessageId)));
    }

    [Trait("RFC 2136", "2.5")]
    [Fact]
    public void ClassAndTtlCarryTheMeaning()
    {
        // Decode our own octets with the general decoder (which cannot read empty TLSA RDATA, so no
        // delete-RRset entry here): each entry is an RR whose class says what it does.
        var u = new DnsUpdateMessage(N("example.com."))
            .AddRecord(N("_25._tcp.mail.example.com."), 3600, TlsaRdata(UpdateVectors.NewHash))
            .DeleteRecord(N("_25._tcp.mail.example.com."), TlsaRdata(UpdateVectors.OldHash));
        var m = DnsMessage.Parse(u.ToWire(0x4242));
        Assert.Equal(0x4242, m.Id);
        Assert.Equal(5, m.Opcode);
        Assert.False(m.IsResponse);
        var zone = Assert.Single(m.Questions);
        Assert.Equal((DnsName.Parse("example.com."), DnsType.SOA, DnsClass.IN), (zone.Name, zone.Type, zone.Class));
        Assert.Empty(m.Answers); // prerequisites
        Assert.Empty(m.Additional);
        Assert.Collection(m.Authority,
            add => Assert.Equal((DnsClass.IN, 3600u, DnsType.TLSA, 35), (add.Class, add.Ttl, add.Type, add.Data.ToWire().Length)),
            deleteOne => Assert.Equal((DnsClass.NONE, 0u, DnsType.TLSA, 35), (deleteOne.Class, deleteOne.Ttl, deleteOne.Type, deleteOne.Data.ToWire().Length)));
    }

    [Trait("RFC 2136", "2.5.2")]
    [Fact]
    public void DeleteRRsetIsClassAnyTtlZeroNoRdata()
    {
        var wire = new DnsUpdateMessage(N("example.com.")).DeleteRRset(N("_25._tcp.old.example.com."), DnsType.TLSA).ToWire(7);
        // ... owner, then TYPE TLSA, CLASS ANY, TTL 0, RDLENGTH 0 at the very end.
        Assert.Equal("003400FF000000000000", Convert.ToHexString(wire[^10..]));
        Assert.Equal("_25._tcp.old.example.com. 0 ANY TLSA", new DnsUpdateMessage(N("example.com.")).DeleteRRset(N("_25._tcp.old.example.com."), DnsType.TLSA).Updates[0].ToString());
    }

    [Trait("RFC 2136", "2.5.3")]
    [Fact]
    public void DeleteAllRRsetsOfAName()
    {
        var u = new DnsUpdateMessage(N("example.com.")).DeleteAllRRsets(N("old.example.com."));
        var rr = Assert.Single(DnsMessage.Parse(u.ToWire(1)).Authority); // type ANY: read as opaque RDATA, empty
        Assert.Equal((DnsType.ANY, DnsClass.ANY, 0u, 0), (rr.Type, rr.Class, rr.Ttl, rr.Data.ToWire().Length));
        Assert.Equal("old.example.com. 0 ANY ANY", Assert.Single(u.Updates).ToString());
    }

    [Trait("RFC 2136", "2.4.2")]
    [Fact]
    public void ValueDependentPrerequisiteUsesTheZoneClass()
    {
        var u = new DnsUpdateMessage(N("example.com.")).RequireRecord(N("_25._tcp.mail.example.com."), TlsaRdata(UpdateVectors.OldHash))
            .AddRecord(N("_25._tcp.mail.example.com."), 300, TlsaRdata(UpdateVectors.NewHash));
        var rr = Assert.Single(DnsMessage.Parse(u.ToWire(1)).Answers);
        Assert.Equal((DnsType.TLSA, DnsClass.IN, 0u), (rr.Type, rr.Class, rr.Ttl));
    }

    [Trait("RFC 2136", "3.4.1.3")]
    [Fact]
    public void NamesOutsideTheZoneAreRefusedWhenAdded()
    {
        var u = new DnsUpdateMessage(N("example.com."));
        var e = Assert.Throws<ArgumentException>(() => u.AddRecord(N("_25._tcp.mail.example.net."), 300, TlsaRdata(UpdateVectors.NewHash)));
        Assert.Contains("is not in zone example.com.", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => u.DeleteRRset(N("example.net."), DnsType.TLSA));
    }

    [Trait("RFC 2136", "3.4.1.2")]
    [Theory]
    [InlineData(DnsType.ANY)]
    [InlineData(DnsType.OPT)]
    [InlineData(DnsType.TSIG)]
    [InlineData((DnsType)252)] // AXFR
    public void MetaTypesAreRefused(DnsType type)
    {
        var u = new DnsUpdateMessage(N("example.com."));
        Assert.Throws<ArgumentException>(() => u.DeleteRRset(N("example.com."), type));
        Assert.Throws<ArgumentException>(() => u.AddRecord(N("example.com."), 300, new UnknownData(type, [1])));
    }

    [Fact]
    public void AnEmptyUpdateIsRefused()
    {
        Assert.Throws<InvalidOperationException>(() => new DnsUpdateMessage(N("example.com.")).ToWire(1));
    }

    [Fact]
    public void AddRecordTakesAResourceRecordOfTheZoneClass()
    {
        var u = new DnsUpdateMessage(N("example.com."));
        u.AddRecord(new DnsResourceRecord(N("a.example.com."), DnsClass.IN, 60, new AData(System.Net.IPAddress.Parse("192.0.2.1"))));
        Assert.Equal("a.example.com. 60 IN A 192.0.2.1", Assert.Single(u.Updates).ToString());
        Assert.Throws<ArgumentException>(() => u.AddRecord(new DnsResourceRecord(N("a.example.com."), DnsClass.CH, 60, new AData(System.Net.IPAddress.Parse("192.0.2.1")))));
    }

    [Fact]
    public void ShowLikeNsupdate()
    {
        Assert.Equal(
            "zone example.com. IN\n"
            + $"update _25._tcp.mail.example.com. 3600 IN TLSA 3 1 1 {UpdateVectors.NewHash}\n"
            + $"update _25._tcp.mail.example.com. 0 NONE TLSA 3 1 1 {UpdateVectors.OldHash}\n"
            + "update _25._tcp.old.example.com. 0 ANY TLSA",
            VectorUpdate().ToString());
    }
}
