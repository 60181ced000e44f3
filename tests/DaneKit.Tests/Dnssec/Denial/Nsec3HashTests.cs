using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec.Denial;

namespace DaneKit.Tests.Dnssec.Denial;

/// <summary>RFC 5155 5: the iterated, salted SHA-1 owner hash, checked against the names of the Appendix A zone.</summary>
public sealed class Nsec3HashTests
{
    private static readonly byte[] AppendixASalt = Convert.FromHexString("aabbccdd");

    public static TheoryData<string, string> AppendixAHashes()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in File.ReadAllLines(TestData.Path("Dnssec", "Denial", "Rfc5155", "appendix-a-hashes.tsv")))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split('\t');
            data.Add(parts[0], parts[1]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AppendixAHashes))]
    public void Rfc5155AppendixAHashes(string name, string expected)
    {
        var hash = Nsec3Hash.ComputeSha1(DnsName.Parse(name), AppendixASalt, 12);
        Assert.Equal(expected, Base32Hex.Encode(hash).ToLowerInvariant());
    }

    [Fact]
    public void HashIsCaseInsensitive()
    {
        var lower = Nsec3Hash.ComputeSha1(DnsName.Parse("example."), AppendixASalt, 12);
        var upper = Nsec3Hash.ComputeSha1(DnsName.Parse("EXAMPLE."), AppendixASalt, 12);
        Assert.Equal(lower, upper);
        Assert.Equal("0p9mhaveqvm6t7vbl5lop2u3t2rp3tom", Base32Hex.Encode(upper).ToLowerInvariant());
    }

    [Fact]
    public void OnlySha1IsSupported()
    {
        Assert.True(Nsec3Hash.IsSupported(1));
        Assert.False(Nsec3Hash.IsSupported(0));
        Assert.False(Nsec3Hash.IsSupported(2));
    }
}
