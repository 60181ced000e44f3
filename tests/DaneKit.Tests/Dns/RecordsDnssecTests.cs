using System.Security.Cryptography;
using DaneKit.Dns;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Records;

namespace DaneKit.Tests.Dns;

#pragma warning disable CA5350 // SHA-1 is what the RFC 4034 DS example and RFC 5155 NSEC3 hashes use

/// <summary>The DNSSEC record types (RFC 4034, RFC 5155, RFC 5011): fields, key tags, digests, times, bitmaps.</summary>
public sealed class RecordsDnssecTests
{
    private const string DskeyRfc4034 =
        "256 3 5 AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvx"
        + "egXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==";

    // RFC 4034 2.3: the example.com. zone key, which signs the RRSIG example of 3.3 (key tag 2642).
    private const string ExampleComRfc4034 =
        "256 3 5 AQPSKmynfzW4kyBv015MUG2DeIQ3 Cbl+BBZH4b/0PY1kxkmvHjcZc8no kfzj31GajIQKY+5CptLr3buXA10h "
        + "WqTkF7H6RfoRqXQeogmMHfpftf6z Mv1LyBUgia7za6ZEzOJBOztyvhjL 742iU/TpPSEDhm2SNKLijfUppn1U aNvv4w==";

    [Theory]
    [InlineData(DskeyRfc4034, 60485)] // RFC 4034 5.4
    [InlineData(ExampleComRfc4034, 2642)] // RFC 4034 2.3 / 3.3
    [InlineData("256 3 13 AXlkbW+4Be0iKEQNpDF9C2aVkIU3agVW6wkDvIg6oSrLmvOI8ZAQAhWYEnQ1aeq3YPMLPjk8vsN+1Z9Gp09qAg==", 20373)] // testbed root ZSK
    [InlineData("257 3 13 2tWVVkQ+qCWUoq6nUL/kkWQg+jbcyEjZefxZcdPby/+dnHBUKAKZSbFMkpOiyGrRTjTrFwNxY5YF4UWNw6HNhA==", 28188)] // testbed root KSK
    public void KeyTagMatchesRfcAppendixB(string dnskey, int expected)
    {
        var key = (DnskeyData)RecordsTestData.Parse("DNSKEY", dnskey);
        Assert.Equal((ushort)expected, key.KeyTag);
        Assert.Equal(key.KeyTag, DnskeyData.ComputeKeyTag(key.ToWire()));
    }

    [Fact]
    public void KeyTagOfAlgorithm1IsTakenFromTheModulus()
    {
        // RFC 4034 B.1: the most significant 16 of the least significant 24 bits of the modulus.
        var key = new DnskeyData(256, 3, 1, Convert.FromHexString("0301000112345678ABCDEF"));
        Assert.Equal(0xABCD, key.KeyTag);
        var notAlg1 = new DnskeyData(256, 3, 5, Convert.FromHexString("0301000112345678ABCDEF"));
        Assert.NotEqual(0xABCD, notAlg1.KeyTag);
    }

    [Fact]
    public void DsDigestOfTheRfcExampleKeyMatches()
    {
        // RFC 4034 5.1.4: digest = SHA-1(canonical owner name | DNSKEY RDATA).
        var key = (DnskeyData)RecordsTestData.Parse("DNSKEY", DskeyRfc4034);
        var ds = (DsData)RecordsTestData.Parse("DS", "60485 5 1 ( 2BB183AF5F22588179A53B0A\n 98631FAD1A292118 )");
        var owner = DnsName.Parse("dskey.example.com.");
        var digest = SHA1.HashData([.. owner.Wire, .. key.ToWire()]);
        Assert.Equal(ds.Digest.ToArray(), digest);
        Assert.Equal(key.KeyTag, ds.KeyTag);
        Assert.Equal(key.Algorithm, ds.Algorithm);
        Assert.Equal(1, ds.DigestType);
    }

    [Theory]
    [InlineData(256, true, false, false)]
    [InlineData(257, true, true, false)]
    [InlineData(385, true, true, true)] // 257 | REVOKE (RFC 5011 2.1)
    [InlineData(1, false, true, false)]
    public void DnskeyFlagHelpers(int flags, bool zone, bool sep, bool revoked)
    {
        var key = new DnskeyData((ushort)flags, 3, 13, [1, 2, 3]);
        Assert.Equal(zone, key.ZoneKey);
        Assert.Equal(sep, key.SecureEntryPoint);
        Assert.Equal(revoked, key.Revoked);
    }

    [Theory]
    [InlineData("example.", "0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM")]
    [InlineData("a.example.", "35MTHGPGCU1QG68FAB165KLNSNK3DPVL")]
    [InlineData("ns1.example.", "2T7B4G4VSA5SMI47K61MV5BV1A22BOJR")]
    [InlineData("x.w.example.", "B4UM86EGHHDS6NEA196SMVMLO4ORS995")]
    public void Nsec3HashesOfRfc5155AppendixAEncodeAsBase32Hex(string name, string expected)
    {
        // RFC 5155 5: IH(salt, x, 0) = H(x || salt), IH(salt, x, k) = H(IH(salt, x, k-1) || salt); salt aabbccdd, 12 iterations.
        byte[] salt = [0xAA, 0xBB, 0xCC, 0xDD];
        var h = SHA1.HashData([.. DnsName.Parse(name).ToCanonical().Wire, .. salt]);
        for (var i = 0; i < 12; i++)
        {
            h = SHA1.HashData([.. h, .. salt]);
        }

        Assert.Equal(expected, Base32Hex.Encode(h));
        Assert.Equal(h, Base32Hex.Decode(expected.ToLowerInvariant(), "test"));
    }

    [Fact]
    public void Nsec3FieldsOfTheRfc5155Example()
    {
        var d = (Nsec3Data)RecordsTestData.Parse("NSEC3", "1 1 12 aabbccdd ( 2t7b4g4vsa5smi47k61mv5bv1a22bojr NS SOA MX RRSIG DNSKEY NSEC3PARAM )");
        Assert.Equal(1, d.HashAlgorithm);
        Assert.True(d.OptOut);
        Assert.Equal(12, d.Iterations);
        Assert.Equal([0xAA, 0xBB, 0xCC, 0xDD], d.Salt.ToArray());
        Assert.Equal(20, d.NextHashedOwnerName.Length);
        Assert.True(d.TypeBitmap.Contains(DnsType.NSEC3PARAM));
        Assert.False(d.TypeBitmap.Contains(DnsType.DS));
        Assert.Equal("1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR NS SOA MX RRSIG DNSKEY NSEC3PARAM", d.ToString());
        Assert.False(((Nsec3Data)RecordsTestData.Parse("NSEC3", "1 0 0 - 2t7b4g4vsa5smi47k61mv5bv1a22bojr")).OptOut);
    }

    [Theory]
    [InlineData("1 1 0 - 2t7b4g4vsa5smi47k61mv5bv1a22bojw", "not a base32hex digit")]
    [InlineData("1 1 0 - 2t7b4g4vsa5smi47k61mv5bv1a22boj=", "not a base32hex digit")]
    [InlineData("1 1 0 - 2t7", "not a whole number of octets")]
    [InlineData("1 1 0 abc 2t7b4g4vsa5smi47k61mv5bv1a22bojr", "NSEC3 salt: odd number of hex digits")]
    [InlineData("1 1 70000 - 2t7b4g4vsa5smi47k61mv5bv1a22bojr", "NSEC3 iterations: '70000' is not a number from 0 to 65535")]
    [InlineData("1 1 0 - 2t7b4g4vsa5smi47k61mv5bv1a22bojr A BOGUS", "type bitmap: 'BOGUS' is not a record type")]
    public void Nsec3PresentationErrors(string text, string reason)
    {
        var e = Assert.Throws<PresentationException>(() => RecordsTestData.Parse("NSEC3", text));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RrsigFieldsAndTimesOfTheRfc4034Example()
    {
        var v = RecordsTestData.Vectors.First(x => x.Type == DnsType.RRSIG);
        var d = (RrsigData)RecordsTestData.Parse(DnsType.RRSIG, v.Presentation);
        Assert.Equal(DnsType.A, d.TypeCovered);
        Assert.Equal(5, d.Algorithm);
        Assert.Equal(3, d.Labels);
        Assert.Equal(86400u, d.OriginalTtl);
        Assert.Equal(2642, d.KeyTag);
        Assert.Equal(DnsName.Parse("example.com."), d.SignerName);
        var reference = new DateTimeOffset(2003, 3, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2003, 3, 22, 17, 31, 3, TimeSpan.Zero), d.ExpirationAt(reference));
        Assert.Equal(new DateTimeOffset(2003, 2, 20, 17, 31, 3, TimeSpan.Zero), d.InceptionAt(reference));
        Assert.True(d.IsWithinValidityPeriod(reference));
        Assert.False(d.IsWithinValidityPeriod(new DateTimeOffset(2003, 3, 22, 17, 31, 4, TimeSpan.Zero)));
        Assert.True(d.IsWithinValidityPeriod(new DateTimeOffset(2003, 3, 22, 17, 31, 3, TimeSpan.Zero)));
        Assert.False(d.IsWithinValidityPeriod(new DateTimeOffset(2003, 2, 20, 17, 31, 2, TimeSpan.Zero)));
    }

    [Fact]
    public void RrsigTimesUseSerialNumberArithmeticAcrossTheWrap()
    {
        // RFC 4034 3.1.5: a 32-bit time is the instant within 68 years of the reference. After 2106-02-07 the
        // counter wraps; 100 seconds past the wrap is a small number, and must come out as 2106, not 1970.
        var reference = new DateTimeOffset(2106, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var wrapped = RrsigData.ToDateTimeOffset(100, reference);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((1L << 32) + 100), wrapped);
        Assert.Equal(100u, RrsigData.ParseTime(wrapped.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture), "t"));
        var d = new RrsigData(DnsType.A, 13, 2, 300, 100, uint.MaxValue - 100, 1, DnsName.Root, [1]);
        Assert.True(d.IsWithinValidityPeriod(DateTimeOffset.FromUnixTimeSeconds(1L << 32)));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(100), RrsigData.ToDateTimeOffset(100, DateTimeOffset.UnixEpoch));
    }

    [Theory]
    [InlineData("2026122902191")]
    [InlineData("20261329021910")]
    [InlineData("4294967296")]
    [InlineData("-1")]
    [InlineData("2026-12-29")]
    public void RrsigBadTimesAreRejected(string time)
    {
        var e = Assert.Throws<PresentationException>(() =>
            RecordsTestData.Parse("RRSIG", $"A 13 2 300 {time} 20261128021910 1 example. AAAA"));
        Assert.Contains("RRSIG expiration", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RrsigSignedFieldsUseTheCanonicalSignerAndNoSignature()
    {
        var d = (RrsigData)RecordsTestData.Parse("RRSIG", "A 13 2 300 20261229021910 20261128021910 1 EXAMPLE. AQID");
        var fields = d.ToSignedFieldsWire();
        Assert.Equal(18 + 9, fields.Length);
        Assert.EndsWith("076578616D706C6500", Convert.ToHexString(fields), StringComparison.Ordinal);
    }

    [Fact]
    public void WellFormedBitmapReads()
    {
        var d = (NsecData)RecordDataCodec.FromWire(DnsType.NSEC, Convert.FromHexString("00" + "000140" + "0101" + "01"));
        Assert.True(d.TypeBitmap.Contains(DnsType.A));
        Assert.True(d.TypeBitmap.Contains((DnsType)263));
        Assert.Equal("A TYPE263", d.TypeBitmap.ToString());
    }

    [Theory]
    [InlineData("00", "has no length octet")]
    [InlineData("0001", "of 1 octets runs past the RDATA")]
    [InlineData("0000", "length 0, not 1 to 32")]
    [InlineData("0021" + "0101010101010101010101010101010101010101010101010101010101010101" + "01", "length 33, not 1 to 32")]
    [InlineData("000140" + "000140", "window 0 follows window 0")]
    [InlineData("010140" + "000140", "window 0 follows window 1")]
    [InlineData("00024000", "ends in a zero octet")]
    [InlineData("000100", "ends in a zero octet")]
    [InlineData("000340", "runs past the RDATA")]
    public void MalformedBitmapsAreRejectedWithAReason(string bitmapHex, string reason)
    {
        var e = Assert.Throws<FormatException>(() => RecordDataCodec.FromWire(DnsType.NSEC, Convert.FromHexString("00" + bitmapHex)));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        var e3 = Assert.Throws<FormatException>(() => RecordDataCodec.FromWire(DnsType.NSEC3,
            Convert.FromHexString("0100000000" + "0101" + bitmapHex)));
        Assert.Contains(reason, e3.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BitmapPrintsTypeNnnForUnnamedTypesAndSorts()
    {
        var b = new TypeBitmap([(DnsType)65534, DnsType.RRSIG, DnsType.A, DnsType.A, DnsType.CAA]);
        Assert.Equal("A RRSIG CAA TYPE65534", b.ToString());
        Assert.Equal(4, b.Count);
        Assert.True(b.Contains((DnsType)65534));
        Assert.False(b.Contains(DnsType.MX));
        var nsec = new NsecData(DnsName.Parse("a."), b);
        Assert.Equal(nsec, RecordDataCodec.FromWire(DnsType.NSEC, nsec.ToWire()));
    }

    [Fact]
    public void Nsec3WithEmptyHashIsRejectedOnRead()
    {
        var e = Assert.Throws<FormatException>(() => RecordDataCodec.FromWire(DnsType.NSEC3, Convert.FromHexString("0100000000" + "00")));
        Assert.Contains("hash length is 0", e.Message, StringComparison.Ordinal);
    }
}
