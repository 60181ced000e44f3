using DaneKit.Dns;

namespace DaneKit.Tests.Dns;

/// <summary>Domain names: presentation with escapes (RFC 1035 5.1, RFC 4343), limits (RFC 1035 2.3.4), case-insensitive
/// equality (RFC 4343), canonical order (RFC 4034 6.1) and the name operations.</summary>
public sealed class DnsNameTests
{
    [Theory]
    [InlineData("example.", "example.", 1)]
    [InlineData("Example.COM", "Example.COM.", 2)]
    [InlineData(".", ".", 0)]
    [InlineData("a\\.b.example.", "a\\.b.example.", 2)]
    [InlineData("\\065.example.", "A.example.", 2)]
    [InlineData("\\001.z.example.", "\\001.z.example.", 3)]
    [InlineData("\\200.z.example.", "\\200.z.example.", 3)]
    [InlineData("a\\032b.", "a\\032b.", 1)]
    [InlineData("*.z.example.", "*.z.example.", 3)]
    [InlineData("a\\\\b.", "a\\\\b.", 1)]
    [InlineData("a\\@b.", "a\\@b.", 1)]
    public void ParseAndPrint(string text, string printed, int labels)
    {
        var n = DnsName.Parse(text);
        Assert.Equal(printed, n.ToString());
        Assert.Equal(labels, n.LabelCount);
        Assert.Equal(n, DnsName.Parse(n.ToString()));
        Assert.Equal(n.Wire.ToArray(), DnsName.FromWire(n.Wire).Wire.ToArray());
    }

    [Theory]
    [InlineData("", "empty name")]
    [InlineData("a..b.", "empty label")]
    [InlineData(".a.", "empty label")]
    [InlineData("a\\", "dangling backslash")]
    [InlineData("a\\25.", "needs three digits")]
    [InlineData("a\\256.", "above 255")]
    [InlineData("a b.", "must be written as \\DDD")]
    public void BadNamesSayWhy(string text, string reason)
    {
        Assert.False(DnsName.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelOf63OctetsIsTheLimit()
    {
        var at = new string('a', 63);
        Assert.Equal(63, DnsName.Parse(at + ".example.").Label(0).Length);
        Assert.False(DnsName.TryParse(at + "a.example.", out _, out var error));
        Assert.Contains("label longer than 63", error, StringComparison.Ordinal);
        Assert.Equal(63, DnsName.Parse(new string('x', 62) + "\\065.").Label(0).Length); // an escape is one octet
    }

    [Fact]
    public void NameOf255OctetsIsTheLimit()
    {
        // Three labels of 63 and one of 61: 4 * 1 + 3 * 63 + 61 + 1 (root) = 255 octets.
        var l63 = new string('a', 63);
        var at = $"{l63}.{l63}.{l63}.{new string('b', 61)}.";
        var n = DnsName.Parse(at);
        Assert.Equal(255, n.WireLength);
        Assert.Equal(n, DnsName.FromWire(n.Wire));

        var over = $"{l63}.{l63}.{l63}.{new string('b', 62)}.";
        Assert.False(DnsName.TryParse(over, out _, out var error));
        Assert.Contains("longer than 255", error, StringComparison.Ordinal);
        Assert.False(DnsName.TryParse(over.TrimEnd('.'), out _, out _));
        Assert.Throws<FormatException>(() => DnsName.Concat(DnsName.Parse("c."), n));
    }

    [Fact]
    public void EqualityIgnoresAsciiCaseOnly()
    {
        Assert.Equal(DnsName.Parse("MX.Example."), DnsName.Parse("mx.example."));
        Assert.Equal(DnsName.Parse("MX.Example.").GetHashCode(), DnsName.Parse("mx.example.").GetHashCode());
        Assert.True(DnsName.Parse("A.") == DnsName.Parse("a."));
        Assert.NotEqual(DnsName.Parse("\\200."), DnsName.Parse("\\232.")); // octets above 127 are not letters
        Assert.NotEqual(DnsName.Parse("a\\.b."), DnsName.Parse("a.b."));
    }

    [Fact]
    public void CanonicalOrderIsTheRfc4034Example()
    {
        string[] ordered =
        [
            "example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.", "zABC.a.EXAMPLE.", "z.example.",
            "\\001.z.example.", "*.z.example.", "\\200.z.example.",
        ];
        var names = ordered.Select(DnsName.Parse).ToList();
        var shuffled = names.AsEnumerable().Reverse().OrderBy(n => n.GetHashCode()).ToList();
        shuffled.Sort();
        Assert.Equal(ordered, shuffled.Select(n => n.ToString()));
        for (var i = 1; i < names.Count; i++)
        {
            Assert.True(names[i - 1] < names[i], $"{names[i - 1]} < {names[i]}");
            Assert.True(names[i - 1].CompareTo(names[i]) < 0);
            Assert.True(names[i].CompareTo(names[i - 1]) > 0);
        }

        Assert.Equal(0, DnsName.Parse("Z.A.example.").CompareTo(DnsName.Parse("z.a.EXAMPLE.")));
    }

    [Fact]
    public void SubdomainParentSuffixConcat()
    {
        var n = DnsName.Parse("_25._tcp.MX.example.");
        Assert.True(n.IsSubdomainOf(DnsName.Parse("mx.EXAMPLE.")));
        Assert.True(n.IsSubdomainOf(n));
        Assert.True(n.IsSubdomainOf(DnsName.Root));
        Assert.False(DnsName.Parse("xmx.example.").IsSubdomainOf(DnsName.Parse("mx.example.")));
        Assert.False(DnsName.Parse("example.").IsSubdomainOf(n));

        Assert.Equal(DnsName.Parse("_tcp.mx.example."), n.Parent());
        Assert.Equal(DnsName.Root, DnsName.Root.Parent());
        Assert.Equal(DnsName.Parse("example."), n.Suffix(1));
        Assert.Equal(DnsName.Root, n.Suffix(0));
        Assert.Same(n, n.Suffix(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => n.Suffix(5));

        Assert.Equal(n, DnsName.Concat(DnsName.Parse("_25._tcp."), DnsName.Parse("mx.example.")));
        Assert.Equal(DnsName.Parse("a."), DnsName.Concat(DnsName.Parse("a."), DnsName.Root));
        Assert.Equal(DnsName.Parse("a."), DnsName.Concat(DnsName.Root, DnsName.Parse("a.")));
        Assert.Equal(n, DnsName.Parse("_tcp.MX.example.").Prepend("_25"));
        Assert.Equal("_25._tcp.MX.example.", n.ToString());
        Assert.Equal("_25._tcp.mx.example.", n.ToCanonical().ToString());
        Assert.True(DnsName.Parse("*.example.").IsWildcard);
    }

    [Theory]
    [InlineData("40")]         // label length 64: a reserved label type, not a compression pointer here
    [InlineData("C00C")]       // a compression pointer
    [InlineData("0161")]       // no root label
    [InlineData("00 00")]      // more than one name
    public void FromWireRejectsAnythingButOneUncompressedName(string hex) =>
        Assert.Throws<FormatException>(() => DnsName.FromWire(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal))));

    [Theory]
    [InlineData("a.b.old.example.", "old.example.", "new.test.", "a.b.new.test.")]
    [InlineData("X.Old.Example.", "old.example.", "n.", "X.n.")]
    [InlineData("old.example.", "old.example.", "new.", "new.")]
    [InlineData("a.old.", "old.", ".", "a.")]
    public void ReplaceSuffixIsTheDnameSubstitution(string name, string oldSuffix, string newSuffix, string expected) =>
        Assert.Equal(expected, DnsName.Parse(name).ReplaceSuffix(DnsName.Parse(oldSuffix), DnsName.Parse(newSuffix)).ToString());

    [Fact]
    public void ReplaceSuffixRefusesANonSuffixAndAnOverlongResult()
    {
        Assert.Throws<ArgumentException>(() => DnsName.Parse("a.example.").ReplaceSuffix(DnsName.Parse("other."), DnsName.Root));
        var label = new string('x', 63);
        var longTarget = DnsName.Parse($"{label}.{label}.{label}.");   // 193 octets
        var name = DnsName.Parse($"{label}.b.");                        // 64 octets before the suffix b.
        Assert.Throws<FormatException>(() => name.ReplaceSuffix(DnsName.Parse("b."), longTarget));
    }
}
