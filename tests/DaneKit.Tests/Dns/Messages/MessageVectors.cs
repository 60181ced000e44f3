using System.Globalization;
using System.Text;
using DaneKit.Dns;

namespace DaneKit.Tests.Dns.Messages;

/// <summary>One captured response from the testbed: a row of Data/Messages/index.tsv and its octets.</summary>
/// <param name="Id">The file name without <c>.hex</c>.</param>
/// <param name="Transport">udp or tcp.</param>
/// <param name="Server">The server asked.</param>
/// <param name="Query">The question as <c>name TYPE</c>.</param>
/// <param name="Flags">The query options (rd, do, cd, ad, tcp).</param>
/// <param name="Rcode">The header RCODE, with " TC" when truncated.</param>
/// <param name="What">What the response is.</param>
/// <param name="Wire">The octets.</param>
public sealed record MessageVector(string Id, string Transport, string Server, string Query, string Flags, string Rcode,
    string What, byte[] Wire)
{
    /// <inheritdoc/>
    public override string ToString() => Id;
}

/// <summary>
/// The captured responses in tests/DaneKit.Tests/Data/Messages (made by capture.py in that folder). They are
/// read from the source tree, found by walking up from the test binary, so no copy step is needed.
/// </summary>
public static class MessageVectors
{
    private static readonly Lazy<IReadOnlyList<MessageVector>> LoadedVectors = new(Load);

    /// <summary>The folder holding the vectors.</summary>
    public static string Directory { get; } = FindDirectory();

    /// <summary>Every vector in index.tsv order.</summary>
    public static IReadOnlyList<MessageVector> All => LoadedVectors.Value;

    /// <summary>The vector with this id.</summary>
    public static MessageVector Get(string id) => All.Single(v => v.Id == id);

    /// <summary>The vector ids, for theories.</summary>
    public static TheoryData<string> Ids
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var v in All)
            {
                data.Add(v.Id);
            }

            return data;
        }
    }

    /// <summary>Parses hex with optional whitespace and line breaks.</summary>
    public static byte[] Hex(string hex)
    {
        var sb = new StringBuilder(hex.Length);
        foreach (var c in hex)
        {
            if (!char.IsWhiteSpace(c))
            {
                sb.Append(c);
            }
        }

        return Convert.FromHexString(sb.ToString());
    }

    private static string FindDirectory() => TestData.Path("Messages");

    private static List<MessageVector> Load()
    {
        var list = new List<MessageVector>();
        foreach (var line in File.ReadLines(Path.Combine(Directory, "index.tsv")))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var f = line.Split('\t');
            var wire = Hex(File.ReadAllText(Path.Combine(Directory, f[0] + ".hex")));
            if (wire.Length != int.Parse(f[6], CultureInfo.InvariantCulture))
            {
                throw new InvalidDataException($"{f[0]}.hex holds {wire.Length} octets, index.tsv says {f[6]}");
            }

            list.Add(new MessageVector(f[0], f[1], f[2], f[3], f[4], f[5], f[7], wire));
        }

        return list;
    }

    /// <summary>
    /// Everything a message says, in presentation form: header fields, questions, every record of every
    /// section, and the EDNS fields and options. Two messages with the same text carry the same data.
    /// </summary>
    public static string Describe(DnsMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"id={m.Id} qr={m.IsResponse} opcode={m.Opcode} aa={m.AuthoritativeAnswer} tc={m.Truncated} rd={m.RecursionDesired} ")
          .Append(CultureInfo.InvariantCulture,
            $"ra={m.RecursionAvailable} ad={m.AuthenticData} cd={m.CheckingDisabled} rcode={(int)m.ResponseCode}\n");
        foreach (var q in m.Questions)
        {
            sb.Append("Q ").Append(q).Append('\n');
        }

        Section(sb, "AN", m.Answers);
        Section(sb, "NS", m.Authority);
        Section(sb, "AR", m.Additional);
        if (m.Edns is { } e)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"OPT udp={e.UdpPayloadSize} ercode={e.ExtendedRcodeHigh} version={e.Version} do={e.DnssecOk}\n");
            foreach (var o in e.Options)
            {
                sb.Append(CultureInfo.InvariantCulture, $"OPTION {o.Code} {Convert.ToHexString(o.Data)}\n");
            }
        }

        return sb.ToString();

        static void Section(StringBuilder sb, string tag, IReadOnlyList<DnsResourceRecord> records)
        {
            foreach (var rr in records)
            {
                sb.Append(tag).Append(' ').Append(rr).Append('\n');
            }
        }
    }
}
