using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DaneKit.Testbed.Tests.Tlsa;

/// <summary>
/// One TLSA record in presentation format as a generator printed it: <c>OWNER [TTL] [IN] TLSA U S M HEX</c>.
/// ldns-dane separates the fields with tabs and prints a TTL; hash-slinger's <c>tlsa</c> and <c>danekit</c> use spaces
/// and print no TTL unless asked. The data is kept as lower-case hex without spaces, so records compare as text.
/// </summary>
/// <param name="Owner">The owner name as printed, e.g. <c>_25._tcp.mx.x.example.</c>.</param>
/// <param name="Usage">The certificate usage field (RFC 6698 2.1.1).</param>
/// <param name="Selector">The selector field (RFC 6698 2.1.2).</param>
/// <param name="MatchingType">The matching type field (RFC 6698 2.1.3).</param>
/// <param name="Data">The certificate association data, lower-case hex.</param>
internal sealed partial record TlsaLine(string Owner, int Usage, int Selector, int MatchingType, string Data)
{
    /// <summary>
    /// True when <paramref name="other"/> has the same owner (ignoring case) and the same fields and data: what a
    /// zone would hold after loading either line.
    /// </summary>
    public bool SameRecord(TlsaLine other) =>
        string.Equals(Owner, other.Owner, StringComparison.OrdinalIgnoreCase)
        && Usage == other.Usage && Selector == other.Selector && MatchingType == other.MatchingType
        && string.Equals(Data, other.Data, StringComparison.OrdinalIgnoreCase);

    /// <summary>The record as one short line: the data is cut to its first and last 16 hex digits when longer.</summary>
    public override string ToString()
    {
        var data = Data.Length <= 40 ? Data : $"{Data[..16]}...{Data[^16..]} ({Data.Length / 2} bytes)";
        return $"{Owner} TLSA {Usage} {Selector} {MatchingType} {data}";
    }

    /// <summary>
    /// Every TLSA record in <paramref name="text"/>, in order. Other lines (hash-slinger's "Got a certificate ...",
    /// danekit's <c>;</c> comments, prompts) are skipped. A record whose data is split over lines inside parentheses
    /// is joined. Throws <see cref="FormatException"/> for a line that says TLSA but whose fields or data are not
    /// numbers and hex.
    /// </summary>
    public static IReadOnlyList<TlsaLine> ParseAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<TlsaLine>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = StripComment(lines[i].TrimEnd('\r'));
            var match = RecordLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var data = new StringBuilder(match.Groups["data"].Value);
            var open = data.ToString().Count(c => c == '(') - data.ToString().Count(c => c == ')');
            while (open > 0 && ++i < lines.Length)
            {
                var more = StripComment(lines[i].TrimEnd('\r'));
                data.Append(' ').Append(more);
                open += more.Count(c => c == '(') - more.Count(c => c == ')');
            }

            var hex = new string(data.ToString().Where(c => !char.IsWhiteSpace(c) && c is not '(' and not ')').ToArray());
            if (hex.Length == 0 || hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
            {
                throw new FormatException($"TLSA data is not an even number of hex digits: '{lines[i]}'");
            }

            records.Add(new TlsaLine(
                match.Groups["owner"].Value,
                Field(match, "usage"),
                Field(match, "selector"),
                Field(match, "mtype"),
                hex.ToLowerInvariant()));
        }

        return records;
    }

    private static int Field(Match match, string name)
    {
        var value = match.Groups[name].Value;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var field) && field <= byte.MaxValue
            ? field
            : throw new FormatException($"TLSA {name} '{value}' is not a number from 0 to 255");
    }

    private static string StripComment(string line)
    {
        var semicolon = line.IndexOf(';', StringComparison.Ordinal);
        return semicolon < 0 ? line : line[..semicolon];
    }

    /// <summary>
    /// OWNER, then up to two of TTL and class in either order, then TLSA and the fields. The owner need not start the
    /// line: hash-slinger prints its y/N prompt without a newline, so after a "y" the record follows the prompt.
    /// </summary>
    [GeneratedRegex(@"(?<=^|\s)(?<owner>\S+)\s+(?:(?:\d+|IN)\s+){0,2}TLSA\s+(?<usage>\S+)\s+(?<selector>\S+)\s+(?<mtype>\S+)\s+(?<data>.+)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex RecordLine();
}
