using DaneKit.Dns;
using DaneKit.Dns.Records;

namespace DaneKit.Tests.Dns;

/// <summary>
/// Every record type: presentation to record to wire to record to presentation is lossless, and the wire
/// form equals a hand-checked vector (RFC examples where there are some). Data: Data/Records/vectors.tsv.
/// </summary>
public sealed class RecordsRoundTripTests
{
    public static TheoryData<RecordVector> Vectors => RecordsTestData.VectorData;

    [Theory]
    [MemberData(nameof(Vectors))]
    public void PresentationToWireMatchesVector(RecordVector v)
    {
        var data = RecordsTestData.Parse(v.Type, v.Presentation);
        Assert.Equal(v.Type, data.Type);
        Assert.Equal(v.WireHex, Convert.ToHexString(data.ToWire()));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void RoundTripIsLossless(RecordVector v)
    {
        var parsed = RecordsTestData.Parse(v.Type, v.Presentation);
        var wire = parsed.ToWire();
        var read = RecordDataCodec.FromWire(v.Type, wire);
        Assert.Equal(parsed.GetType(), read.GetType());
        Assert.Equal(parsed, read);
        Assert.Equal(wire, read.ToWire());

        var printed = read.ToString();
        Assert.Equal(parsed.ToString(), printed);
        var reparsed = RecordsTestData.Parse(v.Type, printed);
        Assert.Equal(wire, reparsed.ToWire());
        Assert.Equal(printed, reparsed.ToString());

        // The RFC 3597 generic form of any record parses back to the same typed record.
        var generic = RecordsTestData.Parse(v.Type, read.ToGenericString());
        Assert.Equal(parsed.GetType(), generic.GetType());
        Assert.Equal(wire, generic.ToWire());
    }

    [Theory]
    [InlineData("SOA", typeof(SoaData))]
    [InlineData("SRV", typeof(SrvData))]
    [InlineData("CAA", typeof(CaaData))]
    [InlineData("DS", typeof(DsData))]
    [InlineData("DNSKEY", typeof(DnskeyData))]
    [InlineData("RRSIG", typeof(RrsigData))]
    [InlineData("NSEC", typeof(NsecData))]
    [InlineData("NSEC3", typeof(Nsec3Data))]
    [InlineData("NSEC3PARAM", typeof(Nsec3ParamData))]
    [InlineData("TLSA", typeof(TlsaData))]
    public void EveryTypeHasATypedVector(string type, Type clr)
    {
        Assert.True(DnsTypes.TryParse(type, out var t));
        Assert.Contains(RecordsTestData.Vectors, v => v.Type == t && RecordsTestData.Parse(t, v.Presentation).GetType() == clr);
    }

    [Fact]
    public void TlsaPrintsNumbersAndUppercaseHexLikeDig()
    {
        var d = (TlsaData)RecordsTestData.Parse("TLSA", "DANE-EE spki SHA2-512 ab cd");
        Assert.Equal("3 1 2 ABCD", d.ToString());
        Assert.Equal(TlsaUsage.DaneEe, d.Usage);
        Assert.Equal(TlsaSelector.Spki, d.Selector);
        Assert.Equal(TlsaMatchingType.Sha512, d.MatchingType);
        Assert.Equal("DANE-EE", d.Usage.ToMnemonic());
        Assert.Equal("SHA2-512", d.MatchingType.ToMnemonic());
    }

    [Fact]
    public void TlsaKeepsUnknownCodePoints()
    {
        var d = (TlsaData)RecordDataCodec.FromWire(DnsType.TLSA, Convert.FromHexString("FE0709AA"));
        Assert.Equal((TlsaUsage)254, d.Usage);
        Assert.Equal((TlsaSelector)7, d.Selector);
        Assert.Equal((TlsaMatchingType)9, d.MatchingType);
        Assert.Equal("254 7 9 AA", d.ToString());
    }

    [Fact]
    public void CaaValueIsQuotedAndEscaped()
    {
        var d = (CaaData)RecordsTestData.Parse("CAA", "128 iodef \"mailto:a\\\"b@example.com\"");
        Assert.True(d.IssuerCritical);
        Assert.Equal("iodef", d.Tag);
        Assert.Equal("128 iodef \"mailto:a\\\"b@example.com\"", d.ToString());
    }

    [Fact]
    public void SoaAcceptsCompressedNamesFromAMessage()
    {
        // Header (1 answer), then the answer: owner example. SOA, MNAME ns.<ptr to 12>, RNAME <ptr to 12>.
        var hex = "1234 8400 0000 0001 0000 0000"
            + "076578616D706C6500 0006 0001 0000012C 001B"
            + "026E73C00C C00C 00000001 00000002 00000003 00000004 00000005";
        var msg = DnsMessage.Parse(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)));
        var soa = Assert.IsType<SoaData>(msg.Answers[0].Data);
        Assert.Equal(DnsName.Parse("ns.example."), soa.PrimaryNameServer);
        Assert.Equal(DnsName.Parse("example."), soa.ResponsibleMailbox);
        Assert.Equal(5u, soa.Minimum);
    }

    [Fact]
    public void SoaNamesAreCompressedInAMessageButSrvTargetIsNot()
    {
        var owner = DnsName.Parse("example.");
        var msg = new DnsMessage
        {
            IsResponse = true,
            Answers =
            [
                new DnsResourceRecord(owner, DnsClass.IN, 300, RecordsTestData.Parse("SOA", "ns.example. host.example. 1 2 3 4 5")),
                new DnsResourceRecord(owner, DnsClass.IN, 300, RecordsTestData.Parse("SRV", "0 0 25 mx.example.")),
            ],
        };
        var wire = Convert.ToHexString(msg.ToWire());
        Assert.Contains("026E73C00C04686F7374C00C", wire, StringComparison.Ordinal); // ns.<ptr> host.<ptr>
        Assert.Contains("00000000001902" + "6D78076578616D706C6500", wire, StringComparison.Ordinal); // mx.example. in full
        var back = DnsMessage.Parse(msg.ToWire());
        Assert.Equal(msg.Answers[1].Data, back.Answers[1].Data);
    }
}
