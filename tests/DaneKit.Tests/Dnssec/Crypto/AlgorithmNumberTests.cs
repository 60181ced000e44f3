using DaneKit.Dnssec.Crypto;

namespace DaneKit.Tests.Dnssec.Crypto;

/// <summary>Algorithm and digest numbers (IANA registries; RFC 8624 3.1 and 3.3 for what a validator supports).</summary>
public sealed class AlgorithmNumberTests
{
    [Theory]
    [InlineData(DnssecAlgorithm.RsaMd5, 1, "RSAMD5", false)]
    [InlineData(DnssecAlgorithm.Dsa, 3, "DSA", false)]
    [InlineData(DnssecAlgorithm.RsaSha1, 5, "RSASHA1", true)]
    [InlineData(DnssecAlgorithm.DsaNsec3Sha1, 6, "DSA-NSEC3-SHA1", false)]
    [InlineData(DnssecAlgorithm.RsaSha1Nsec3Sha1, 7, "RSASHA1-NSEC3-SHA1", true)]
    [InlineData(DnssecAlgorithm.RsaSha256, 8, "RSASHA256", true)]
    [InlineData(DnssecAlgorithm.RsaSha512, 10, "RSASHA512", true)]
    [InlineData(DnssecAlgorithm.EccGost, 12, "ECC-GOST", false)]
    [InlineData(DnssecAlgorithm.EcdsaP256Sha256, 13, "ECDSAP256SHA256", true)]
    [InlineData(DnssecAlgorithm.EcdsaP384Sha384, 14, "ECDSAP384SHA384", true)]
    [InlineData(DnssecAlgorithm.Ed25519, 15, "ED25519", true)]
    [InlineData(DnssecAlgorithm.Ed448, 16, "ED448", true)]
    public void AlgorithmNumbersMnemonicsAndSupport(DnssecAlgorithm algorithm, byte number, string mnemonic, bool supported)
    {
        Assert.Equal(number, (byte)algorithm);
        Assert.Equal(mnemonic, algorithm.ToMnemonic());
        Assert.Equal(supported, algorithm.IsSupported());
        Assert.Equal(supported, DnssecAlgorithms.IsSupported(number));
        Assert.True(DnssecAlgorithms.TryParse(mnemonic.ToLowerInvariant(), out var parsed));
        Assert.Equal(algorithm, parsed);
        Assert.True(DnssecAlgorithms.TryParse(number.ToString(System.Globalization.CultureInfo.InvariantCulture), out parsed));
        Assert.Equal(algorithm, parsed);
    }

    [Fact]
    public void UnknownAlgorithmsAreNumbersAndUnsupported()
    {
        Assert.Equal("253", ((DnssecAlgorithm)253).ToMnemonic());
        Assert.False(DnssecAlgorithms.IsSupported((byte)0));
        Assert.False(DnssecAlgorithms.IsSupported(17));
        Assert.False(DnssecAlgorithms.IsSupported(253));
        Assert.False(DnssecAlgorithms.TryParse("RSASHA3", out _));
        Assert.False(DnssecAlgorithms.TryParse(null, out _));
        Assert.False(DnssecAlgorithms.TryParse("256", out _));
    }

    [Theory]
    [InlineData(DsDigestType.Sha1, 1, "SHA-1", true, 20)]
    [InlineData(DsDigestType.Sha256, 2, "SHA-256", true, 32)]
    [InlineData(DsDigestType.Gost, 3, "GOST R 34.11-94", false, 32)]
    [InlineData(DsDigestType.Sha384, 4, "SHA-384", true, 48)]
    public void DigestNumbersMnemonicsAndSupport(DsDigestType type, byte number, string mnemonic, bool supported, int length)
    {
        Assert.Equal(number, (byte)type);
        Assert.Equal(mnemonic, type.ToMnemonic());
        Assert.Equal(supported, type.IsSupported());
        Assert.Equal(supported, DsDigestTypes.IsSupported(number));
        Assert.Equal(length, DsDigestTypes.DigestLength(number));
    }
}
