using DaneKit.Dns;

namespace DaneKit.Tests.Dns.Messages;

/// <summary>
/// Real responses captured from the testbed (Unbound and NSD, see Data/Messages/index.tsv): each one
/// decodes (RFC 1035 4.1, RFC 6891 6.1), and encoding then decoding again gives the same message.
/// </summary>
public sealed class CapturedMessageTests
{
    public static TheoryData<string> Ids => MessageVectors.Ids;

    [Fact]
    public void TheIndexListsEnoughVectors() => Assert.True(MessageVectors.All.Count >= 40, $"{MessageVectors.All.Count} vectors");

    [Theory]
    [MemberData(nameof(Ids))]
    public void Parses(string id)
    {
        var v = MessageVectors.Get(id);
        var ok = DnsMessage.TryParse(v.Wire, out var m, out var error);
        Assert.True(ok, $"{id}: {error}");
        Assert.Null(error);
        Assert.NotNull(m);
        Assert.True(m.IsResponse);
        Assert.Equal(0, m.Opcode);
        Assert.Equal((ushort)((v.Wire[0] << 8) | v.Wire[1]), m.Id);

        var q = Assert.Single(m.Questions);
        Assert.Equal(v.Query, $"{q.Name} {q.Type.ToText()}");
        Assert.Equal(DnsClass.IN, q.Class);
        var rcode = v.Rcode.Split(' ');
        Assert.Equal(int.Parse(rcode[0], System.Globalization.CultureInfo.InvariantCulture), (int)m.ResponseCode);
        Assert.Equal(rcode.Length > 1 && rcode[1] == "TC", m.Truncated);

        var flags = v.Flags.Split(' ');
        Assert.Equal(flags.Contains("rd"), m.RecursionDesired);
        Assert.Equal(flags.Contains("cd"), m.CheckingDisabled);
        if (flags.Contains("do"))
        {
            Assert.NotNull(m.Edns);
            Assert.True(m.Edns.DnssecOk);
            Assert.Equal(0, m.Edns.Version);
        }
        else if (!v.Server.EndsWith(".53", StringComparison.Ordinal))
        {
            Assert.Null(m.Edns); // NSD answers a query without OPT without OPT (RFC 6891 7)
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void ReencodesToTheSameMessage(string id)
    {
        var original = DnsMessage.Parse(MessageVectors.Get(id).Wire);
        var wire = original.ToWire();
        Assert.True(DnsMessage.TryParse(wire, out var again, out var error), $"{id} re-encoded: {error}\n{Convert.ToHexString(wire)}");
        Assert.Equal(MessageVectors.Describe(original), MessageVectors.Describe(again!));

        // Encoding is deterministic and stable: the re-decoded message encodes to the same octets.
        Assert.Equal(Convert.ToHexString(wire), Convert.ToHexString(again!.ToWire()));

        // Name compression (RFC 1035 4.1.4) keeps the message no larger than the server made it, give or
        // take the compression choices: never more than 10 % larger.
        Assert.True(wire.Length <= MessageVectors.Get(id).Wire.Length * 11 / 10, $"{id}: {wire.Length} octets re-encoded from {MessageVectors.Get(id).Wire.Length}");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void EveryRecordPrintsAsOneLine(string id)
    {
        var m = DnsMessage.Parse(MessageVectors.Get(id).Wire);
        foreach (var rr in m.Answers.Concat(m.Authority).Concat(m.Additional))
        {
            var text = rr.ToString();
            Assert.DoesNotContain('\n', text);
            Assert.StartsWith(rr.Name.ToString() + "\t", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SecureTlsaAnswerFromUnbound()
    {
        var m = DnsMessage.Parse(MessageVectors.Get("unbound-tlsa-secure").Wire);
        Assert.True(m.AuthenticData);
        Assert.True(m.RecursionAvailable);
        Assert.Equal(DnsResponseCode.NoError, m.ResponseCode);
        Assert.Contains(m.Answers, rr => rr.Type == DnsType.TLSA);
        var sig = Assert.Single(m.Answers, rr => rr.Type == DnsType.RRSIG);
        Assert.Equal((ushort)DnsType.TLSA, (ushort)((sig.Data.ToWire()[0] << 8) | sig.Data.ToWire()[1])); // type covered
        Assert.Equal("_25._tcp.mx.dane-ee-311.example.", sig.Name.ToString());
        Assert.Empty(m.ExtendedErrors);
    }

    [Theory]
    [InlineData("unbound-nxdomain-ad", 3, true)]
    [InlineData("unbound-nodata-ad", 0, true)]
    [InlineData("unbound-tlsa-insecure", 0, false)]
    [InlineData("unbound-mx-insecure-island", 0, false)]
    [InlineData("unbound-tlsa-bogus-cd", 0, false)]
    [InlineData("unbound-tlsa-bogus-ede6", 2, false)]
    public void UnboundStatusFlags(string id, int rcode, bool ad)
    {
        var m = DnsMessage.Parse(MessageVectors.Get(id).Wire);
        Assert.Equal(rcode, (int)m.ResponseCode);
        Assert.Equal(ad, m.AuthenticData);
    }

    [Theory]
    [InlineData("root-referral-example", "example.")]
    [InlineData("tld-referral-signed", "dane-ee-311.example.")]
    public void SignedReferralCarriesNsDsAndGlue(string id, string zone)
    {
        var m = DnsMessage.Parse(MessageVectors.Get(id).Wire);
        Assert.False(m.AuthoritativeAnswer);
        Assert.Empty(m.Answers);
        Assert.Contains(m.Authority, rr => rr.Type == DnsType.NS && rr.Name.ToString() == zone);
        Assert.Contains(m.Authority, rr => rr.Type == DnsType.DS && rr.Name.ToString() == zone);
        Assert.Contains(m.Authority, rr => rr.Type == DnsType.RRSIG);
        Assert.Contains(m.Additional, rr => rr.Type == DnsType.A);
    }

    [Fact]
    public void UnsignedReferralCarriesNsecInsteadOfDs()
    {
        var m = DnsMessage.Parse(MessageVectors.Get("tld-referral-unsigned").Wire);
        Assert.DoesNotContain(m.Authority, rr => rr.Type == DnsType.DS);
        Assert.Contains(m.Authority, rr => rr.Type == DnsType.NSEC && rr.Name.ToString() == "unsigned-zone-tlsa.example.");
    }

    [Theory]
    [InlineData("auth-nsec3-nxdomain", 3)]
    [InlineData("auth-nsec3-nodata", 0)]
    public void Nsec3Proofs(string id, int rcode)
    {
        var m = DnsMessage.Parse(MessageVectors.Get(id).Wire);
        Assert.Equal(rcode, (int)m.ResponseCode);
        var nsec3 = m.Authority.Where(rr => rr.Type == DnsType.NSEC3).ToList();
        Assert.NotEmpty(nsec3);
        foreach (var rr in nsec3)
        {
            var rdata = rr.Data.ToWire();
            Assert.Equal(1, rdata[0]);        // hash algorithm SHA-1 (RFC 5155 3.1.1)
            Assert.Equal(1, rdata[1] & 1);    // opt-out flag (RFC 5155 3.1.2.1)
            Assert.Equal(32, rr.Name.Label(0).Length); // base32hex of a SHA-1 hash
        }
    }

    [Theory]
    [InlineData("root-nxdomain-nsec", 3)]
    [InlineData("tld-nxdomain-nsec", 3)]
    [InlineData("auth-nxdomain-nsec", 3)]
    [InlineData("auth-nodata-nsec", 0)]
    public void NsecProofs(string id, int rcode)
    {
        var m = DnsMessage.Parse(MessageVectors.Get(id).Wire);
        Assert.Equal(rcode, (int)m.ResponseCode);
        Assert.True(m.AuthoritativeAnswer);
        Assert.Contains(m.Authority, rr => rr.Type == DnsType.NSEC);
        Assert.Contains(m.Authority, rr => rr.Type == DnsType.SOA);
    }

    [Theory]
    [InlineData("auth-dnskey-alg8", 8)]
    [InlineData("auth-dnskey-alg13", 13)]
    [InlineData("auth-dnskey-alg14", 14)]
    [InlineData("auth-dnskey-alg15", 15)]
    [InlineData("auth-dnskey-alg16", 16)]
    [InlineData("root-dnskey", 13)]
    public void DnskeyRRsets(string id, int algorithm)
    {
        var m = DnsMessage.Parse(MessageVectors.Get(id).Wire);
        var keys = m.Answers.Where(rr => rr.Type == DnsType.DNSKEY).ToList();
        Assert.NotEmpty(keys);
        foreach (var k in keys)
        {
            var rdata = k.Data.ToWire();
            Assert.Equal(3, rdata[2]);         // protocol (RFC 4034 2.1.2)
            Assert.Equal(algorithm, rdata[3]); // algorithm (RFC 4034 2.1.3)
        }

        Assert.Contains(m.Answers, rr => rr.Type == DnsType.RRSIG);
    }

    [Fact]
    public void TruncatedResponseWithoutEdns()
    {
        var m = DnsMessage.Parse(MessageVectors.Get("auth-dnskey-alg8-noedns-tc").Wire);
        Assert.True(m.Truncated);
        Assert.Null(m.Edns);
    }

    [Fact]
    public void LargeTcpResponse()
    {
        var v = MessageVectors.Get("auth-nxdomain-alg8-tcp");
        Assert.True(v.Wire.Length > 1024);
        var m = DnsMessage.Parse(v.Wire);
        Assert.Equal(DnsResponseCode.NXDomain, m.ResponseCode);
        Assert.Equal(6, m.Authority.Count);
    }
}
