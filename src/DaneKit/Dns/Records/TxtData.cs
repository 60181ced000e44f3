using System.Text;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Records;

/// <summary>
/// TXT: one or more character-strings (RFC 1035 3.3.14), each at most 255 octets. The octets are kept
/// as they are; they are not assumed to be text in any encoding.
/// </summary>
public sealed class TxtData : DnsRecordData
{
    private readonly byte[][] _strings;

    /// <summary>Creates TXT RDATA.</summary>
    /// <param name="strings">One or more strings of at most 255 octets each.</param>
    public TxtData(IEnumerable<byte[]> strings)
    {
        ArgumentNullException.ThrowIfNull(strings);
        _strings = strings.Select(s => (byte[])s.Clone()).ToArray();
        if (_strings.Length == 0)
        {
            throw new ArgumentException("TXT RDATA holds at least one string", nameof(strings));
        }

        if (_strings.Any(s => s.Length > 255))
        {
            throw new ArgumentException("a TXT string holds at most 255 octets", nameof(strings));
        }
    }

    /// <summary>Creates TXT RDATA from text strings, encoded as UTF-8.</summary>
    /// <param name="strings">The strings.</param>
    /// <returns>The RDATA.</returns>
    public static TxtData FromText(params string[] strings) => new(strings.Select(Encoding.UTF8.GetBytes));

    /// <summary>The strings' octets.</summary>
    public IReadOnlyList<byte[]> Strings => _strings;

    /// <summary>The strings concatenated and decoded as UTF-8 (how SPF, MTA-STS and TLS-RPT records are read).</summary>
    public string JoinedText => Encoding.UTF8.GetString(_strings.SelectMany(s => s).ToArray());

    /// <inheritdoc/>
    public override DnsType Type => DnsType.TXT;

    internal static TxtData Read(ref DnsWireReader r)
    {
        var list = new List<byte[]>();
        while (r.Remaining > 0)
        {
            list.Add(r.ReadCharacterString());
        }

        if (list.Count == 0)
        {
            throw new DnsWireException(r.Position, "TXT RDATA is empty");
        }

        return new TxtData(list);
    }

    internal static TxtData Parse(RdataTextReader r)
    {
        var list = new List<byte[]>();
        while (!r.AtEnd)
        {
            var t = r.Text("string");
            var bytes = CharacterString.Unescape(t, "TXT string");
            if (bytes.Length > 255)
            {
                throw new PresentationException($"TXT string of {bytes.Length} octets: at most 255 (split it into several quoted strings)");
            }

            list.Add(bytes);
        }

        if (list.Count == 0)
        {
            throw new PresentationException("TXT: missing string");
        }

        return new TxtData(list);
    }

    /// <inheritdoc/>
    internal override void WriteData(DnsWireWriter writer, bool canonical)
    {
        foreach (var s in _strings)
        {
            writer.WriteCharacterString(s);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(' ', _strings.Select(CharacterString.Quote));
}
