using System.Security.Cryptography;
using System.Text;
using DaneKit.Dnssec.Crypto;

namespace DaneKit.Tests.Dnssec.Crypto;

public class VerifiedSignatureCacheTests
{
    private static readonly byte[] Data = Encoding.ASCII.GetBytes("signed octets of an RRset");

    [Fact]
    public void AValidSignatureIsVerifiedOnceThenAnsweredFromTheCache()
    {
        var (key, sig) = TestKeys.SignEcdsa(ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, Data);
        var cache = new VerifiedSignatureCache();

        var first = cache.Verify(13, key, Data, sig, out var firstCached);
        var second = cache.Verify(13, key, Data, sig, out var secondCached);

        Assert.Equal(SignatureStatus.Valid, first.Status);
        Assert.False(firstCached);
        Assert.Equal(SignatureStatus.Valid, second.Status);
        Assert.True(secondCached);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void AFailureIsNeverKeptAndIsVerifiedAgain()
    {
        var (key, sig) = TestKeys.SignEcdsa(ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, Data);
        var other = Encoding.ASCII.GetBytes("different octets");
        var cache = new VerifiedSignatureCache();

        var first = cache.Verify(13, key, other, sig, out var firstCached);
        var second = cache.Verify(13, key, other, sig, out var secondCached);

        Assert.Equal(SignatureStatus.Invalid, first.Status);
        Assert.Equal(SignatureStatus.Invalid, second.Status);
        Assert.False(firstCached);
        Assert.False(secondCached);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void AVerifiedSignatureDoesNotVouchForOtherDataAnotherKeyOrAnotherAlgorithm()
    {
        var (key, sig) = TestKeys.SignEcdsa(ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, Data);
        var (otherKey, _) = TestKeys.SignEcdsa(ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, Data);
        var cache = new VerifiedSignatureCache();
        Assert.True(cache.Verify(13, key, Data, sig, out _).IsValid);

        byte[] changed = [.. Data];
        changed[^1] ^= 1;
        Assert.Equal(SignatureStatus.Invalid, cache.Verify(13, key, changed, sig, out var c1).Status);
        Assert.Equal(SignatureStatus.Invalid, cache.Verify(13, otherKey, Data, sig, out var c2).Status);
        Assert.NotEqual(SignatureStatus.Valid, cache.Verify(14, key, Data, sig, out var c3).Status);
        Assert.False(c1 || c2 || c3);
    }

    [Fact]
    public void MovingOctetsBetweenTheFieldsDoesNotHitTheCache()
    {
        // The lengths are hashed too: the same concatenated octets split differently are a different question.
        var (key, sig) = TestKeys.SignEcdsa(ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, Data);
        var cache = new VerifiedSignatureCache();
        Assert.True(cache.Verify(13, key, Data, sig, out _).IsValid);

        byte[] shiftedKey = [.. key, Data[0]];
        var shiftedData = Data[1..];
        Assert.NotEqual(SignatureStatus.Valid, cache.Verify(13, shiftedKey, shiftedData, sig, out var cached).Status);
        Assert.False(cached);
    }

    [Fact]
    public async Task ManyThreadsVerifyingTheSameSignatureAllGetTheAnswer()
    {
        var (key, sig) = TestKeys.SignEcdsa(ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, Data);
        var cache = new VerifiedSignatureCache();
        using var start = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, 16).Select(i => Task.Run(() =>
        {
            start.Wait();
            return cache.Verify(13, key, Data, sig, out _);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(workers);

        Assert.All(results, r => Assert.Equal(SignatureStatus.Valid, r.Status));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void TheCacheStaysWithinItsCapacity()
    {
        var cache = new VerifiedSignatureCache(capacity: 3);
        for (var i = 0; i < 10; i++)
        {
            var data = Encoding.ASCII.GetBytes($"rrset {i}");
            var (key, sig) = TestKeys.SignEcdsa(ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, data);
            Assert.True(cache.Verify(13, key, data, sig, out _).IsValid);
            Assert.InRange(cache.Count, 1, 3);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => new VerifiedSignatureCache(0));
    }
}
