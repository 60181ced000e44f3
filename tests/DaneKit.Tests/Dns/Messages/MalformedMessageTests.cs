using DaneKit.Dns;

namespace DaneKit.Tests.Dns.Messages;

/// <summary>
/// Hand-built malformed messages (RFC 1035 4.1, 4.1.4; RFC 6891 6.1): each one is refused with a
/// <see cref="DnsParseError"/> naming the section, the offset and the reason, and never with an exception.
/// </summary>
public sealed class MalformedMessageTests
{
    /// <summary>Header: ID 1234, flags QR RD RA, then the four counts.</summary>
    private static string H(int qd, int an, int ns, int ar) => $"12348180{qd:x4}{an:x4}{ns:x4}{ar:x4}";

    /// <summary>Question <c>a. IN A</c> (7 octets, at offset 12 when first).</summary>
    private const string Q = "01610000010001";

    /// <summary>An OPT record: root owner, type 41, UDP size 1232, TTL 0, no options (11 octets).</summary>
    private const string Opt = "00002904d0000000000000";

    /// <summary>A record header with root owner, the given type, class IN, TTL 0 and RDLENGTH, before the RDATA.</summary>
    private static string Rr(string type, int rdlength) => $"00{type}000100000000{rdlength:x4}";

    private static readonly string A63 = "3f" + string.Concat(Enumerable.Repeat("61", 63));
    private static readonly string B63 = "3f" + string.Concat(Enumerable.Repeat("62", 63));

    /// <summary>case name, hex, expected offset, section, reason fragment.</summary>
    public static TheoryData<string, string, int, string, string> Cases => new()
    {
        { "empty message", "", 0, "header", "message of 0 octets is shorter than the 12-octet header" },
        { "truncated header", "123481800001", 0, "header", "message of 6 octets is shorter than the 12-octet header" },
        { "header only, counts larger than data", H(1, 5, 0, 0) + Q, 4, "header", "counts (1 questions, 5 records) cannot fit in the 7 octets left" },
        { "question count with no data", H(1, 0, 0, 0), 4, "header", "cannot fit in the 0 octets left" },
        { "record cut inside RDLENGTH", H(1, 1, 0, 0) + Q + "00000100010000000000", 28, "answer", "needs 2 octets, 1 left" },
        { "question cut inside QCLASS", H(1, 0, 0, 0) + "0161000001", 17, "question", "needs 2 octets, 0 left" },
        { "pointer to itself", H(1, 0, 0, 0) + "c00c00010001", 12, "question", "compression pointer to 12 does not point backwards" },
        {
            "two pointers pointing at each other",
            // answer 1 (offset 19): unknown type 0xFF00 whose RDATA (offset 30) is a pointer to 32;
            // answer 2 (offset 32): owner is a pointer to 30. Following 32 -> 30 -> 32 is refused at 30.
            H(1, 2, 0, 0) + Q + Rr("ff00", 2) + "c020" + "c01e" + "000100010000000000047f000001",
            30, "answer", "compression pointer to 32 does not point backwards"
        },
        { "forward pointer", H(1, 0, 0, 0) + "c01200010001" + "016100", 12, "question", "compression pointer to 18 does not point backwards" },
        { "pointer cut short", H(1, 0, 0, 0) + "01610162c0", 16, "question", "compression pointer cut short" },
        { "label running past the end", H(1, 0, 0, 0) + "0a6162000001", 12, "question", "label of 10 octets runs past the end of its data" },
        { "name without its root label", H(1, 0, 0, 0) + "0461626364", 17, "question", "name runs past the end of its data" },
        { "name over 255 octets without pointers", H(1, 0, 0, 0) + A63 + A63 + A63 + B63 + "0000010001", 204, "question", "name longer than 255 octets" },
        {
            "name over 255 octets via a pointer",
            // question 1 (offset 12): 63 a's . 63 b's . (129 octets); question 2: 63 a's . 63 b's . then a
            // pointer to question 1: 128 + 129 octets > 255, detected at question 1's second label (offset 76).
            H(2, 0, 0, 0) + A63 + B63 + "00" + "00010001" + A63 + B63 + "c00c" + "00010001",
            76, "question", "name longer than 255 octets"
        },
        { "RDATA length past the end", H(1, 1, 0, 0) + Q + Rr("0001", 10) + "7f000001", 30, "answer", "RDATA length 10 runs past the end of the message (4 octets left)" },
        { "A with 5 octets", H(1, 1, 0, 0) + Q + Rr("0001", 5) + "7f00000101", 30, "answer", "A RDATA must be 4 octets, not 5" },
        { "A with 3 octets", H(1, 1, 0, 0) + Q + Rr("0001", 3) + "7f0000", 30, "answer", "A RDATA must be 4 octets, not 3" },
        { "MX with a left-over octet", H(1, 1, 0, 0) + Q + Rr("000f", 4) + "000a00ff", 33, "answer", "MX RDATA has 1 octets left over" },
        { "NS name running past its RDATA", H(1, 1, 0, 0) + Q + Rr("0002", 2) + "0261" + "6200", 30, "answer", "label of 2 octets runs past the end of its data" },
        { "two OPT records", H(1, 0, 0, 2) + Q + Opt + Opt, 30, "additional", "more than one OPT record (RFC 6891 6.1.1)" },
        { "OPT not at the root", H(1, 0, 0, 1) + Q + "016100" + "002904d0000000000000", 19, "additional", "OPT record owner is not the root (RFC 6891 6.1.2)" },
        { "OPT in the answer section", H(1, 1, 0, 0) + Q + Opt, 19, "answer", "OPT record outside the additional section (RFC 6891 6.1.1)" },
        { "OPT in the authority section", H(1, 0, 1, 0) + Q + Opt, 19, "authority", "OPT record outside the additional section (RFC 6891 6.1.1)" },
        { "OPT option longer than the OPT RDATA", H(1, 0, 0, 1) + Q + "00002904d000000000" + "0006" + "000f00050006", 19, "additional", "OPT option data malformed" },
        { "OPT option header cut short", H(1, 0, 0, 1) + Q + "00002904d000000000" + "0003" + "000f00", 19, "additional", "OPT option data malformed" },
        { "reserved label type 0x40", H(1, 0, 0, 0) + "406100010001", 12, "question", "reserved label type 0x40" },
        { "reserved label type 0x80", H(1, 0, 0, 0) + "806100010001", 12, "question", "reserved label type 0x80" },
        { "reserved label type after a pointer", H(2, 0, 0, 0) + Q + "c00d00010001", 13, "question", "reserved label type 0x40" },
        { "more records than octets in the additional section", H(1, 0, 0, 2) + Q + Opt + "0000", 4, "header", "cannot fit" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsRefusedWithSectionOffsetAndReason(string name, string hex, int offset, string section, string reason)
    {
        var wire = Convert.FromHexString(hex);
        var ok = DnsMessage.TryParse(wire, out var message, out var error);
        Assert.False(ok, name);
        Assert.Null(message);
        Assert.NotNull(error);
        Assert.Equal(section, error.Section);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal(offset, error.Offset);
        Assert.StartsWith($"malformed DNS message at offset {offset} ({section}): ", error.ToString(), StringComparison.Ordinal);
        var thrown = Assert.Throws<FormatException>(() => DnsMessage.Parse(wire));
        Assert.Equal(error.ToString(), thrown.Message);
    }

    /// <summary>
    /// A chain of compression pointers, each pointing to the one before (all backwards, so no loop): a
    /// 255-octet name has at most 127 labels, so no valid name needs more than 127 pointers. Longer chains
    /// are refused so that a 64 KiB message cannot make every name walk thousands of pointers.
    /// </summary>
    [Theory]
    [InlineData(127, true)]
    [InlineData(128, false)]
    [InlineData(5000, false)]
    public void PointerChainsAreBounded(int pointers, bool accepted)
    {
        // question "a." at 12; answer 1: unknown type holding the chain in its RDATA (starting at 30), the
        // first pointer pointing to the question name, each next one to the one before; answer 2's owner
        // points to the last pointer of the chain, so decoding it follows `pointers` pointers.
        const int chainStart = 30;
        var chain = new List<byte>();
        for (var i = 0; i < pointers - 1; i++)
        {
            var target = i == 0 ? 12 : chainStart + (2 * (i - 1));
            chain.Add((byte)(0xC0 | (target >> 8)));
            chain.Add((byte)target);
        }

        var last = pointers == 1 ? 12 : chainStart + (2 * (pointers - 2));
        var hex = H(1, 2, 0, 0) + Q + Rr("ff00", chain.Count) + Convert.ToHexString(chain.ToArray())
            + $"{0xC000 | last:x4}" + "000100010000000000047f000001";
        var ok = DnsMessage.TryParse(Convert.FromHexString(hex), out var m, out var error);
        Assert.Equal(accepted, ok);
        if (accepted)
        {
            Assert.Equal("a.", m!.Answers[1].Name.ToString());
        }
        else
        {
            Assert.Equal("answer", error!.Section);
            Assert.Contains("compression pointers", error.Reason, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The decoder reuses a name already decoded at a pointer's target; the reused name still counts the
    /// pointers it took: answer 2's owner follows 127 pointers (accepted), answer 3's owner is one more
    /// pointer to answer 2's owner (128: refused, as without reuse).
    /// </summary>
    [Fact]
    public void ReusedNamesKeepTheirPointerCount()
    {
        const int chainStart = 30;
        var chain = new List<byte>();
        for (var i = 0; i < 126; i++)
        {
            var target = i == 0 ? 12 : chainStart + (2 * (i - 1));
            chain.Add((byte)(0xC0 | (target >> 8)));
            chain.Add((byte)target);
        }

        var owner2 = chainStart + chain.Count;
        var prefix = H(1, 3, 0, 0) + Q + Rr("ff00", chain.Count) + Convert.ToHexString(chain.ToArray())
            + $"{0xC000 | (chainStart + (2 * 125)):x4}" + "000100010000000000047f000001";
        var hex = prefix + $"{0xC000 | owner2:x4}" + "000100010000000000047f000001";
        Assert.False(DnsMessage.TryParse(Convert.FromHexString(hex), out _, out var error));
        Assert.Equal(chainStart, error!.Offset); // the 128th pointer is the first of the chain
        Assert.Contains("more than 127 compression pointers", error.Reason, StringComparison.Ordinal);

        // The same message with answer 3's owner pointing at the question (1 pointer) is fine, and answers
        // 2 and 3 have equal owners.
        var ok = DnsMessage.TryParse(Convert.FromHexString(prefix + "c00c" + "000100010000000000047f000001"), out var m, out error);
        Assert.True(ok, error?.ToString());
        Assert.Equal(m!.Answers[1].Name, m.Answers[2].Name);
    }

    [Fact]
    public void TrailingOctetsAfterTheCountedRecordsAreIgnored()
    {
        var ok = DnsMessage.TryParse(Convert.FromHexString(H(1, 0, 0, 0) + Q + "deadbeef"), out var m, out var error);
        Assert.True(ok, error?.ToString());
        Assert.Single(m!.Questions);
    }

    [Fact]
    public void PointerIntoTheHeaderIsFollowed()
    {
        // Offset 4 holds QDCOUNT's high octet, 0: the root name. Odd but well-formed (RFC 1035 4.1.4 allows
        // any earlier offset).
        var ok = DnsMessage.TryParse(Convert.FromHexString(H(1, 0, 0, 0) + "c00400010001"), out var m, out var error);
        Assert.True(ok, error?.ToString());
        Assert.True(m!.Questions[0].Name.IsRoot);
    }
}
