using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Rollover;

namespace DaneKit.Tests.Rollover;

/// <summary>The pure parts of <see cref="RolloverOperations"/>: the TLSA owner name (RFC 6698 3, RFC 7672 2.2.3) and the record text.</summary>
public sealed class RolloverOperationsTests
{
    [Theory]
    [InlineData("mx.example.com.", 25, "_25._tcp.mx.example.com.")]
    [InlineData("mx.example.com", 25, "_25._tcp.mx.example.com.")]
    [InlineData("smtp.example.org.", 465, "_465._tcp.smtp.example.org.")]
    [InlineData("mail.example.", 587, "_587._tcp.mail.example.")]
    public void OwnerIsPortTcpHost(string host, int port, string expected)
    {
        Assert.Equal(expected, RolloverOperations.Owner(DnsName.Parse(host), port).ToString());
    }

    [Fact]
    public void OwnerOfNullThrows()
    {
        Assert.Throws<ArgumentNullException>(() => RolloverOperations.Owner(null!, 25));
    }

    public static TheoryData<string> Records() =>
    [
        "3 1 1 " + new string('A', 64),
        "3 1 2 " + string.Concat(Enumerable.Repeat("0F", 64)),
        "2 1 1 " + "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
        "3 0 1 " + new string('9', 64),
        "3 1 0 3059301306072A8648CE3D020106082A8648CE3D03010703420004",
        "1 0 0 30",
        "255 255 255 00",
    ];

    [Theory]
    [MemberData(nameof(Records))]
    public void ParseRecordRoundTripsTheRecordText(string text)
    {
        var record = RolloverOperations.ParseRecord(text);

        Assert.Equal(text, record.ToString());
        Assert.Equal(text, RolloverOperations.ParseRecord(record.ToString()).ToString());
    }

    [Fact]
    public void ParseRecordReadsTheFields()
    {
        var record = RolloverOperations.ParseRecord("2 1 2 " + string.Concat(Enumerable.Repeat("ab", 64)));

        Assert.Equal(TlsaUsage.DaneTa, record.Usage);
        Assert.Equal(TlsaSelector.Spki, record.Selector);
        Assert.Equal(TlsaMatchingType.Sha512, record.MatchingType);
        Assert.Equal(Enumerable.Repeat((byte)0xAB, 64).ToArray(), record.CertificateAssociationData.ToArray());
        // Lower-case hex in, upper-case out: the form every rollover type writes.
        Assert.Equal("2 1 2 " + string.Concat(Enumerable.Repeat("AB", 64)), record.ToString());
    }

    [Fact]
    public void ParseRecordToleratesRepeatedSpaces()
    {
        Assert.Equal("3 1 1 ABCD", RolloverOperations.ParseRecord("3  1 1   ABCD").ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("3 1 1")]
    [InlineData("3 1 1 AB CD")]
    [InlineData("3 1 1 XYZW")]
    [InlineData("3 1 1 ABC")]
    [InlineData("256 1 1 AB")]
    [InlineData("-1 1 1 AB")]
    [InlineData("+3 1 1 AB")]
    [InlineData("3 one 1 AB")]
    [InlineData("a b c d")]
    [InlineData("_25._tcp.mx.example.com. IN TLSA 3 1 1 AB")]
    public void ParseRecordRefusesOtherText(string text)
    {
        Assert.Throws<FormatException>(() => RolloverOperations.ParseRecord(text));
    }

    [Fact]
    public void ParseRecordOfNullThrows()
    {
        Assert.Throws<ArgumentNullException>(() => RolloverOperations.ParseRecord(null!));
    }

    [Fact]
    public void AFormatErrorNamesTheText()
    {
        var e = Assert.Throws<FormatException>(() => RolloverOperations.ParseRecord("3 1 1"));

        Assert.Equal("'3 1 1' is not a TLSA record (usage selector type HEX)", e.Message);
    }
}
