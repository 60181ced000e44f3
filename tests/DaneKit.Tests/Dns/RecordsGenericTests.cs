using DaneKit.Dns;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Records;

namespace DaneKit.Tests.Dns;

/// <summary>RFC 3597: unknown types, the generic <c>\# length hex</c> form, and malformed generic data.</summary>
public sealed class RecordsGenericTests
{
    [Fact]
    public void UnknownTypeRoundTrips()
    {
        var t = (DnsType)65534;
        var d = RecordsTestData.Parse(t, "\\# 4 DEADBEEF");
        var u = Assert.IsType<UnknownData>(d);
        Assert.Equal("\\# 4 DEADBEEF", u.ToString());
        Assert.Equal(u, RecordDataCodec.FromWire(t, u.ToWire()));
        Assert.Equal("TYPE65534", t.ToText());
    }

    [Theory]
    [InlineData("A", "\\# 4 C0000201", "192.0.2.1")]
    [InlineData("MX", "\\# 7 000A 01 61 01 62 00", "10 a.b.")]
    [InlineData("TLSA", "\\# 5 03 01 01 ABCD", "3 1 1 ABCD")]
    [InlineData("NSEC3PARAM", "\\# 5 01 00 0000 00", "1 0 0 -")]
    [InlineData("TYPE52", "\\# 5 03 01 01 ABCD", "3 1 1 ABCD")]
    public void KnownTypeInGenericFormParsesToTheTypedRecord(string type, string generic, string expected)
    {
        var d = RecordsTestData.Parse(type, generic);
        Assert.IsNotType<UnknownData>(d);
        Assert.Equal(expected, d.ToString());
    }

    [Theory]
    [InlineData("TYPE65534", "\\# 4 DEADBE", "length says 4 octets, the hex holds 3")]
    [InlineData("TYPE65534", "\\# 2 ABC", "odd number of hex digits")]
    [InlineData("TYPE65534", "\\# 2 ZZZZ", "not hexadecimal")]
    [InlineData("TYPE65534", "\\# x", "generic RDATA length: 'x' is not a number")]
    [InlineData("TYPE65534", "\\#", "missing generic RDATA length")]
    [InlineData("A", "\\# 3 C00002", "generic RDATA for A: A RDATA: A RDATA must be 4 octets, not 3")]
    [InlineData("TLSA", "\\# 2 0301", "generic RDATA for TLSA")]
    [InlineData("NSEC", "\\# 4 00 0000 01", "generic RDATA for NSEC")]
    [InlineData("CAA", "\\# 3 00 00 41", "CAA tag must be 1 to 255 characters")]
    [InlineData("TYPE65534", "DEADBEEF", "unknown type; write its RDATA in the generic form")]
    public void MalformedGenericDataGivesAClearError(string type, string text, string reason)
    {
        var e = Assert.Throws<PresentationException>(() => RecordsTestData.Parse(type, text));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MX", "ten mx.example.", "MX preference: 'ten' is not a number from 0 to 65535")]
    [InlineData("SOA", "a. b. 1 2 3 4", "missing SOA minimum")]
    [InlineData("SRV", "1 2 70000 a.", "SRV port: '70000' is not a number from 0 to 65535")]
    [InlineData("DS", "1 8 2", "missing DS digest")]
    [InlineData("DS", "1 8 2 XYZ", "DS digest: odd number of hex digits")]
    [InlineData("DNSKEY", "257 3 13 !!!!", "DNSKEY public key: not valid base64")]
    [InlineData("TLSA", "DANE-XX 1 1 AB", "TLSA certificate usage: 'DANE-XX'")]
    [InlineData("TLSA", "3 SPKIX 1 AB", "TLSA selector: 'SPKIX'")]
    [InlineData("TLSA", "3 1 SHA2-384 AB", "TLSA matching type: 'SHA2-384'")]
    [InlineData("TLSA", "3 1 1", "missing TLSA certificate association data")]
    [InlineData("CAA", "0 is-sue \"x\"", "CAA tag 'is-sue' must be ASCII letters and digits only")]
    [InlineData("CAA", "0 issue \"x\" extra", "CAA: unexpected extra data 'extra'")]
    [InlineData("RRSIG", "BOGUS 13 2 300 20261229021910 20261128021910 1 example. AQID", "RRSIG type covered: 'BOGUS' is not a record type")]
    [InlineData("NSEC3PARAM", "1 0 0 - extra", "NSEC3PARAM: unexpected extra data")]
    public void FieldErrorsNameTheField(string type, string text, string reason)
    {
        var e = Assert.Throws<PresentationException>(() => RecordsTestData.Parse(type, text));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A,MX")]
    [InlineData("A ")]
    [InlineData("TYPE")]
    [InlineData("TYPE65536")]
    [InlineData("1")]
    public void TypeTextThatIsNotOneTypeIsRejected(string text) => Assert.False(DnsTypes.TryParse(text, out _));

    [Theory]
    [InlineData("tlsa", DnsType.TLSA)]
    [InlineData("TYPE52", DnsType.TLSA)]
    [InlineData("type65534", (DnsType)65534)]
    public void TypeMnemonicsAndTypeNnnParse(string text, DnsType expected)
    {
        Assert.True(DnsTypes.TryParse(text, out var t));
        Assert.Equal(expected, t);
    }

    [Theory]
    [InlineData("CLASS32", (DnsClass)32)]
    [InlineData("in", DnsClass.IN)]
    [InlineData("CLASS1", DnsClass.IN)]
    public void ClassMnemonicsAndClassNnnParse(string text, DnsClass expected)
    {
        Assert.True(DnsClasses.TryParse(text, out var c));
        Assert.Equal(expected, c);
        Assert.False(DnsClasses.TryParse("IN,CH", out _));
    }
}
