using System.Net;
using DaneKit.Dns;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;

namespace DaneKit.Tests.Dnssec.Validator;

/// <summary>
/// Trust anchors (RFC 4033 3.1, RFC 4035 4.4) in the formats resolvers keep them (files under
/// Data/Dnssec/Validator/Anchors), and the AD-trusting validator's loopback rule (RFC 4035 4.9.3, RFC 6840 5.7).
/// </summary>
public sealed class TrustAnchorsTests
{
    private static string Anchor(string file) => TestData.Path("Dnssec", "Validator", "Anchors", file);

    private static readonly byte[] Ksk2017Digest = Convert.FromHexString("E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D");

    [Fact]
    public void IanaRootHasKsk2017AndKsk2024()
    {
        var tags = TrustAnchors.IanaRoot.Records.Select(r => (int)((DsData)r.Data).KeyTag).Order();
        Assert.Equal([20326, 38696], tags);
        Assert.All(TrustAnchors.IanaRoot.Records, r => Assert.Equal(DnsName.Root, r.Name));
        Assert.Equal(DnsName.Root, TrustAnchors.IanaRoot.ClosestAnchor(DnsName.Parse("mx.example.")));
    }

    public static TheoryData<string, string, DnsType?> Files => new()
    {
        { "zone-format DS", "root-ds.zone", DnsType.DS },
        { "zone-format DNSKEY (parenthesised, comments)", "root-dnskey.zone", DnsType.DNSKEY },
        { "Unbound auto-trust-anchor-file with ;;state comments", "unbound-autotrust.key", DnsType.DNSKEY },
        { "BIND trust-anchors { initial-key; static-ds; }", "bind-trust-anchors.conf", null },
        { "BIND trusted-keys { }", "bind-trusted-keys.conf", DnsType.DNSKEY },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task AnchorFilesGiveTheTwoRootKsks(string what, string file, DnsType? onlyType)
    {
        var anchors = await TrustAnchors.LoadAsync(Anchor(file));

        Assert.True(anchors.Records.Count == 2, $"{what}: {anchors}");
        Assert.All(anchors.Records, r => Assert.Equal(DnsName.Root, r.Name));
        if (onlyType is { } t)
        {
            Assert.All(anchors.Records, r => Assert.Equal(t, r.Type));
        }

        var tags = anchors.Records.Select(r => r.Data switch
        {
            DsData d => (int)d.KeyTag,
            DnskeyData k => (int)k.KeyTag,
            _ => -1,
        }).Order();
        Assert.Equal([20326, 38696], tags);

        // A DNSKEY anchor for KSK-2017 must be the key the IANA DS digests.
        foreach (var key in anchors.Records.Select(r => r.Data).OfType<DnskeyData>().Where(k => k.KeyTag == 20326))
        {
            Assert.Equal(257, key.Flags);
            Assert.Equal(Ksk2017Digest, TestSigner.DsFor(DnsName.Root, key).Digest.ToArray());
        }
    }

    [Fact]
    public void TheBindFormKeepsTheKindOfEachAnchor()
    {
        var anchors = TrustAnchors.Parse(File.ReadAllText(Anchor("bind-trust-anchors.conf")));
        var key = Assert.IsType<DnskeyData>(anchors.Records.Single(r => r.Type == DnsType.DNSKEY).Data);
        var ds = Assert.IsType<DsData>(anchors.Records.Single(r => r.Type == DnsType.DS).Data);
        Assert.Equal((20326, (byte)8), (key.KeyTag, key.Algorithm));
        Assert.Equal((38696, (byte)8, (byte)2), (ds.KeyTag, ds.Algorithm, ds.DigestType));
    }

    [Fact]
    public async Task ATestAnchorValidatesTheTestHierarchy()
    {
        var h = new SignedHierarchy();
        var text = $". 3600 IN DNSKEY {h.Root.Ksk!.Dnskey}";
        var anchors = TrustAnchors.Parse(text);
        Assert.Equal(h.Root.Ksk.KeyTag, ((DnskeyData)anchors.Records.Single().Data).KeyTag);

        var a = await new DnssecValidator(h.Source, anchors, null, h.Clock).ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA);
        Assert.True(a.Status == SecurityStatus.Secure, ValidatorAssert.Explain(a));
    }

    public static TheoryData<string, string, string> Malformed => new()
    {
        { "empty", "", "no DS or DNSKEY trust anchor found" },
        { "comments only", "; nothing here\n;;id: . 1\n", "no DS or DNSKEY trust anchor found" },
        { "not DS or DNSKEY", "example. 3600 IN A 192.0.2.1\n", "must be DS or DNSKEY, not A" },
        { "bad DS digest hex", ". IN DS 20326 8 2 E06D44B80BXYZ\n", "DS digest" },
        { "DS missing fields", ". IN DS 20326 8\n", "DS" },
        { "bad DNSKEY base64", ". IN DNSKEY 257 3 8 !!!notbase64\n", "DNSKEY public key" },
        { "BIND static-ds with bad hex", "trust-anchors {\n . static-ds 20326 8 2 \"ZZ\";\n};\n", "trust anchor '. static-ds 20326 8 2" },
        { "BIND empty clause", "trust-anchors { };\n", "no DS or DNSKEY trust anchor found" },
        { "BIND key with a bad flags field", "trusted-keys { . 99999 3 8 \"AwEAAQ==\"; };\n", "trust anchor '." },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedAnchorsThrowAPresentationExceptionSayingWhy(string what, string text, string message)
    {
        var e = Assert.ThrowsAny<PresentationException>(() => TrustAnchors.Parse(text, "anchors.conf"));
        Assert.True(e.Message.Contains(message, StringComparison.Ordinal), $"{what}: message is '{e.Message}'");
        Assert.True(e.Message.Contains("anchors.conf", StringComparison.Ordinal) || e.File == "anchors.conf", $"{what}: the file is not named: '{e.Message}'");
    }

    [Fact]
    public void AnchorsMustBeDsOrDnskey()
    {
        var a = new DnsResourceRecord(DnsName.Root, DnsClass.IN, 3600, new AData(IPAddress.Parse("192.0.2.1")));
        Assert.Throws<ArgumentException>(() => new TrustAnchors([a]));
        Assert.Throws<ArgumentException>(() => new TrustAnchors([]));
    }

    [Theory]
    [InlineData("192.0.2.53")]
    [InlineData("2001:db8::53")]
    public void AdTrustingValidatorRefusesANonLoopbackResolverWithoutForce(string address)
    {
        var endpoint = new IPEndPoint(IPAddress.Parse(address), 53);
        var e = Assert.Throws<ArgumentException>(() => new AdTrustingValidator(endpoint));
        Assert.Contains("loopback", e.Message, StringComparison.Ordinal);
        Assert.Contains(address, e.Message, StringComparison.Ordinal);

        var forced = new AdTrustingValidator(endpoint, force: true);
        Assert.True(forced.Forced);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.53.53.53")]
    [InlineData("::1")]
    public void AdTrustingValidatorAcceptsLoopbackAndIsNotForced(string address)
    {
        var v = new AdTrustingValidator(new IPEndPoint(IPAddress.Parse(address), 53));
        Assert.False(v.Forced);
        Assert.False(new AdTrustingValidator(new IPEndPoint(IPAddress.Parse(address), 53), force: true).Forced);
    }
}
