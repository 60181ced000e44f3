using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec.Crypto;

namespace DaneKit.Tests.Dnssec.Crypto;

/// <summary>
/// DS digests (RFC 4034 5.1.4) against the published examples: RFC 4034 5.4 (SHA-1), RFC 4509 2.3 (SHA-256),
/// RFC 6605 6.1 and 6.2 (SHA-256, SHA-384), RFC 8080 6 (SHA-256 of Ed25519 and Ed448 keys).
/// </summary>
public sealed class DsDigestTests
{
    public static TheoryData<string, ushort, byte> Vectors => new()
    {
        { "rfc4034-5.4-ds-sha1.zone", 60485, 1 },
        { "rfc4509-2.3-ds-sha256.zone", 60485, 2 },
        { "rfc6605-6.1-ecdsap256sha256.zone", 55648, 2 },
        { "rfc6605-6.2-ecdsap384sha384.zone", 10771, 4 },
        { "rfc8080-6.1-ed25519-1.zone", 3613, 2 },
        { "rfc8080-6.1-ed25519-2.zone", 35217, 2 },
        { "rfc8080-6.2-ed448-1.zone", 9713, 2 },
        { "rfc8080-6.2-ed448-2.zone", 38353, 2 },
    };

    private static (DnsName Owner, DnskeyData Key, DsData Ds) Load(string file)
    {
        var records = CryptoTestData.Load(file);
        var ds = records.Single(r => r.Data is DsData);
        var key = records.Single(r => r.Data is DnskeyData && r.Name == ds.Name);
        return (ds.Name, (DnskeyData)key.Data, (DsData)ds.Data);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ComputedDigestIsThePublishedOne(string file, ushort keyTag, byte digestType)
    {
        var (owner, key, ds) = Load(file);
        Assert.Equal(keyTag, key.KeyTag);
        Assert.Equal(keyTag, ds.KeyTag);
        Assert.Equal(digestType, ds.DigestType);
        var digest = DsDigest.Compute(digestType, owner, key);
        Assert.NotNull(digest);
        Assert.Equal(Convert.ToHexString(ds.Digest), Convert.ToHexString(digest));
        Assert.Equal(DsDigestTypes.DigestLength(digestType), digest.Length);
        Assert.Equal(digest, DsDigest.Compute((DsDigestType)digestType, owner, key));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void PublishedDsMatchesItsKey(string file, ushort keyTag, byte digestType)
    {
        var (owner, key, ds) = Load(file);
        Assert.True(DsDigest.Matches(ds, owner, key));
        var check = DsDigest.Check(ds, owner, key);
        Assert.True(check.Matches, check.Reason);
        Assert.Contains($"DS {keyTag}", check.Reason, StringComparison.Ordinal);
        Assert.Contains(((DsDigestType)digestType).ToMnemonic(), check.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void OwnerNameCaseDoesNotMatter(string file, ushort keyTag, byte digestType)
    {
        var (owner, key, ds) = Load(file);
        var upper = DnsName.Parse(owner.ToString().ToUpperInvariant());
        Assert.True(DsDigest.Matches(ds, upper, key), $"{file} {keyTag} {digestType}");
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void AnyChangedDigestOctetDoesNotMatch(string file, ushort keyTag, byte digestType)
    {
        var (owner, key, ds) = Load(file);
        foreach (var i in CryptoTestData.Positions(ds.Digest.Length))
        {
            var changed = new DsData(ds.KeyTag, ds.Algorithm, ds.DigestType, CryptoTestData.Flip(ds.Digest, i));
            var check = DsDigest.Check(changed, owner, key);
            Assert.False(check.Matches, $"{file} {keyTag} {digestType} octet {i}");
            Assert.Contains("does not match", check.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AnotherOwnerNameDoesNotMatch()
    {
        var (_, key, ds) = Load("rfc4034-5.4-ds-sha1.zone");
        Assert.False(DsDigest.Matches(ds, DnsName.Parse("other.example.com."), key));
    }

    [Fact]
    public void KeyTagAndAlgorithmFieldsAreChecked()
    {
        var (owner, key, ds) = Load("rfc4509-2.3-ds-sha256.zone");
        var wrongTag = DsDigest.Check(new DsData(60486, ds.Algorithm, ds.DigestType, ds.Digest), owner, key);
        Assert.False(wrongTag.Matches);
        Assert.Equal("DS key tag 60486 differs from the DNSKEY's 60485", wrongTag.Reason);

        var wrongAlgorithm = DsDigest.Check(new DsData(ds.KeyTag, 8, ds.DigestType, ds.Digest), owner, key);
        Assert.False(wrongAlgorithm.Matches);
        Assert.Equal("DS 60485 algorithm 8 differs from the DNSKEY's 5", wrongAlgorithm.Reason);
    }

    [Fact]
    public void TruncatedDigestDoesNotMatch()
    {
        var (owner, key, ds) = Load("rfc4509-2.3-ds-sha256.zone");
        var check = DsDigest.Check(new DsData(ds.KeyTag, ds.Algorithm, ds.DigestType, ds.Digest[..31]), owner, key);
        Assert.False(check.Matches);
        Assert.Equal("DS 60485 SHA-256 digest is 31 octets, expected 32", check.Reason);
        Assert.False(DsDigest.Matches(new DsData(ds.KeyTag, ds.Algorithm, ds.DigestType, []), owner, key));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)] // GOST R 34.11-94: not supported (RFC 8624 3.3)
    [InlineData(5)]
    [InlineData(255)]
    public void UnsupportedDigestTypeGivesNullAndNoMatch(byte digestType)
    {
        var (owner, key, ds) = Load("rfc4509-2.3-ds-sha256.zone");
        Assert.False(DsDigestTypes.IsSupported(digestType));
        Assert.Null(DsDigest.Compute(digestType, owner, key));
        var check = DsDigest.Check(new DsData(ds.KeyTag, ds.Algorithm, digestType, ds.Digest), owner, key);
        Assert.False(check.Matches);
        Assert.EndsWith("is not supported", check.Reason, StringComparison.Ordinal);
    }
}
