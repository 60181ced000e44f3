using DaneKit.Dns;

namespace DaneKit.Tests.Dns.Messages;

/// <summary>
/// Extended DNS Errors (RFC 8914 2): option 15 in the OPT record, a 16-bit INFO-CODE then UTF-8 EXTRA-TEXT,
/// as Unbound attaches them to SERVFAIL answers (captured vectors).
/// </summary>
public sealed class ExtendedDnsErrorTests
{
    [Theory]
    [InlineData("unbound-tlsa-bogus-ede6", 6, "DNSSEC Bogus",
        "validation failure <_25._tcp.mx.bogus-tlsa-signature.example. TLSA IN>: signature crypto failed from 127.53.2.1")]
    [InlineData("unbound-mx-expired-ede7", 7, "Signature Expired",
        "validation failure <expired-rrsig.example. MX IN>: signature expired from 127.53.2.1 for key expired-rrsig.example. while building chain of trust")]
    [InlineData("unbound-mx-dsmismatch-ede9", 9, "DNSKEY Missing",
        "validation failure <ds-digest-mismatch.example. MX IN>: DS hash mismatches key from 127.53.2.1 for key ds-digest-mismatch.example. while building chain of trust")]
    public void ServfailCarriesInfoCodeAndExtraText(string id, int infoCode, string purpose, string extraTextStart)
    {
        var m = DnsMessage.Parse(MessageVectors.Get(id).Wire);
        Assert.Equal(DnsResponseCode.ServFail, m.ResponseCode);
        var ede = Assert.Single(m.ExtendedErrors);
        Assert.Equal(infoCode, ede.InfoCode);
        Assert.Equal(purpose, ede.Purpose);
        Assert.StartsWith(extraTextStart, ede.ExtraText, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', ede.ExtraText);
    }

    [Fact]
    public void SecureAnswerHasNoExtendedErrors()
    {
        Assert.Empty(DnsMessage.Parse(MessageVectors.Get("unbound-tlsa-secure").Wire).ExtendedErrors);
    }

    [Theory]
    [InlineData("0006", 6, "")]                                   // no EXTRA-TEXT
    [InlineData("0009666f6f", 9, "foo")]
    [InlineData("0009666f6f00", 9, "foo")]                        // NUL-terminated text: trailing NULs dropped
    [InlineData("ffff", 65535, "")]                               // unassigned code kept
    public void DecodesHandBuiltOptions(string optionHex, int infoCode, string text)
    {
        var m = DnsMessage.Parse(Build(optionHex));
        var ede = Assert.Single(m.ExtendedErrors);
        Assert.Equal(infoCode, ede.InfoCode);
        Assert.Equal(text, ede.ExtraText);
    }

    [Fact]
    public void OptionShorterThanAnInfoCodeIsSkipped()
    {
        var m = DnsMessage.Parse(Build("06"));
        Assert.Empty(m.ExtendedErrors);
        Assert.Single(m.Edns!.Options); // still kept as an option
    }

    [Fact]
    public void ReencodingKeepsTheOption()
    {
        var m = DnsMessage.Parse(MessageVectors.Get("unbound-mx-expired-ede7").Wire);
        var again = DnsMessage.Parse(m.ToWire());
        Assert.Equal(m.ExtendedErrors.Single(), again.ExtendedErrors.Single());
    }

    /// <summary>A SERVFAIL with one OPT record holding one option 15 with the given data.</summary>
    private static byte[] Build(string optionHex)
    {
        var data = Convert.FromHexString(optionHex);
        var opt = Convert.FromHexString("000029020000000000") // root, OPT, udp 512, ercode 0, version 0, flags 0
            .Concat(new[] { (byte)0, (byte)(4 + data.Length), (byte)0, (byte)15, (byte)0, (byte)data.Length })
            .Concat(data);
        return Convert.FromHexString("1234818200000000" + "00000001").Concat(opt).ToArray();
    }
}
