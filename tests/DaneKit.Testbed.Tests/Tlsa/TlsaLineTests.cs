namespace DaneKit.Testbed.Tests.Tlsa;

/// <summary>Reading TLSA records from the generators' outputs, as captured on the testbed (no network).</summary>
public sealed class TlsaLineTests
{
    private const string Digest = "2409ee60f75458c47783f2bc79406a7904411cadcd2b73b397ca27803edb06f9";

    /// <summary>ldns-dane 1.8.3: tabs, a TTL and the class.</summary>
    private const string LdnsDane = "_25._tcp.mx.dane-ta-211.example.\t3600\tIN\tTLSA\t3 1 1 " + Digest + "\n";

    /// <summary>hash-slinger 3.1, DANE-EE: a line about the certificate, then the record.</summary>
    private const string HashSlinger = """
        Got a certificate for 127.25.0.5 with Subject: /CN=mx.dane-ta-211.example
        _25._tcp.mx.dane-ta-211.example. IN TLSA 3 1 1 2409ee60f75458c47783f2bc79406a7904411cadcd2b73b397ca27803edb06f9
        """;

    /// <summary>hash-slinger 3.1, DANE-TA with "n" then "y" on stdin: its prompt has no newline, so the record follows it.</summary>
    private const string HashSlingerAfterPrompt = """
        Got a certificate with the following Subject:
        	/CN=mx.dane-ta-root-sent.example
        Use this as certificate to match? [y/N] Got a certificate with the following Subject:
        	/CN=DaneKit Testbed Intermediate CA
        Use this as certificate to match? [y/N] _25._tcp.mx.dane-ta-root-sent.example. IN TLSA 2 1 1 d810fca1aad01eea19c4c64b3995e6380c3384ec5a96f27a28ed7980d273ee39
        """;

    /// <summary>danekit tlsa generate --chain: a comment before each record, upper-case hex.</summary>
    private const string DanekitChain = """
        ; depth 0 DANE-EE: CN=mx.dane-ta-211.example
        _25._tcp.mx.dane-ta-211.example. IN TLSA 3 1 1 2409EE60F75458C47783F2BC79406A7904411CADCD2B73B397CA27803EDB06F9
        ; depth 1 DANE-TA: CN=DaneKit Testbed Intermediate CA
        _25._tcp.mx.dane-ta-211.example. IN TLSA 2 1 1 3D4AFE732F41EC782909D7966238C34294AD20165067DC81B02EB0D71AA446B9
        """;

    [Fact]
    public void ReadsLdnsDane()
    {
        var record = Assert.Single(TlsaLine.ParseAll(LdnsDane));

        Assert.Equal(new TlsaLine("_25._tcp.mx.dane-ta-211.example.", 3, 1, 1, Digest), record);
    }

    [Fact]
    public void ReadsHashSlingerAndSkipsItsOtherLines()
    {
        var record = Assert.Single(TlsaLine.ParseAll(HashSlinger));

        Assert.True(record.SameRecord(TlsaLine.ParseAll(LdnsDane)[0]));
    }

    [Fact]
    public void ReadsTheRecordAfterHashSlingersPrompt()
    {
        var record = Assert.Single(TlsaLine.ParseAll(HashSlingerAfterPrompt));

        Assert.Equal("_25._tcp.mx.dane-ta-root-sent.example.", record.Owner);
        Assert.Equal((2, 1, 1), (record.Usage, record.Selector, record.MatchingType));
    }

    [Fact]
    public void ReadsEveryDanekitChainRecordInOrderAsLowerCaseHex()
    {
        var records = TlsaLine.ParseAll(DanekitChain);

        Assert.Equal([3, 2], records.Select(r => r.Usage));
        Assert.Equal(Digest, records[0].Data);
        Assert.True(records[0].SameRecord(TlsaLine.ParseAll(LdnsDane)[0]));
    }

    [Fact]
    public void JoinsDataSplitOverLinesInParentheses()
    {
        var record = Assert.Single(TlsaLine.ParseAll("x.example. 300 IN TLSA 3 0 0 ( 3082 ; first\n  01D7 )\nnext line\n"));

        Assert.Equal("308201d7", record.Data);
    }

    [Fact]
    public void ComparesOwnersAndDataIgnoringCase()
    {
        var a = new TlsaLine("_25._tcp.MX.example.", 3, 1, 1, "ABCD");
        var b = new TlsaLine("_25._tcp.mx.example.", 3, 1, 1, "abcd");

        Assert.True(a.SameRecord(b));
        Assert.False(a.SameRecord(b with { Selector = 0 }));
        Assert.False(a.SameRecord(b with { Owner = "_25._tcp.mx.example" }));
    }

    [Theory]
    [InlineData("x.example. IN TLSA 3 1 1 abc")]
    [InlineData("x.example. IN TLSA 3 1 1 xyz0")]
    [InlineData("x.example. IN TLSA three 1 1 abcd")]
    public void MalformedRecordsAreErrors(string line)
    {
        Assert.Throws<FormatException>(() => TlsaLine.ParseAll(line));
    }
}
