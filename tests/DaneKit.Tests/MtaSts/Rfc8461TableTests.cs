using System.Globalization;
using System.Text;
using DaneKit.MtaSts;

namespace DaneKit.Tests.MtaSts;

/// <summary>
/// The hand-worked table <c>rfc8461-table.txt</c>: every row an input, the outcome RFC 8461's text gives, and the
/// section it comes from. The expected values were written from the RFC, not from this implementation's output.
/// </summary>
public sealed class Rfc8461TableTests
{
    /// <summary>The rows of one kind, as (line number, row text).</summary>
    public static TheoryData<int, string> Rows(string kind)
    {
        var data = new TheoryData<int, string>();
        var lines = File.ReadAllLines(TablePath());
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith(kind + " | ", StringComparison.Ordinal))
            {
                data.Add(i + 1, lines[i]);
            }
        }

        return data;
    }

    public static TheoryData<int, string> TxtRows() => Rows("txt");

    public static TheoryData<int, string> PolicyRows() => Rows("policy");

    public static TheoryData<int, string> MatchRows() => Rows("match");

    [Theory]
    [MemberData(nameof(TxtRows))]
    public void TxtRecordRow(int line, string row)
    {
        var (input, expected) = Split(row);
        var records = input == "(none)" ? [] : input.Split(" <> ", StringSplitOptions.None);
        var result = MtaStsTxtParser.Parse("example.com", records);
        var actual = new StringBuilder(result.HasPolicy ? "valid" : "invalid");
        if (result.Record is { } record)
        {
            actual.Append(" id=").Append(record.Id);
        }

        AppendCodes(actual, result.Findings.Select(f => f.Code));
        Assert.True(Same(expected, actual.ToString()), $"line {line}: expected '{expected}', got '{actual}'");
    }

    [Theory]
    [MemberData(nameof(PolicyRows))]
    public void PolicyRow(int line, string row)
    {
        var (input, expected) = Split(row);
        var body = input == "(empty)" ? "" : Unescape(input);
        var result = MtaStsPolicyParser.Parse("https://mta-sts.example.com/.well-known/mta-sts.txt", body);
        var actual = new StringBuilder(result.IsValid ? "valid" : "invalid");
        if (result.Policy is { } policy)
        {
            actual.Append(" mode=").Append(policy.Mode.ToString().ToLowerInvariant())
                .Append(" max_age=").Append(((long)policy.MaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture))
                .Append(" mx=").Append(string.Join(',', policy.Mx));
        }

        AppendCodes(actual, result.Findings.Select(f => f.Code));
        Assert.True(Same(expected, actual.ToString()), $"line {line}: expected '{expected}', got '{actual}'");
    }

    [Theory]
    [MemberData(nameof(MatchRows))]
    public void MatchRow(int line, string row)
    {
        var (input, expected) = Split(row);
        var parts = input.Split(" -> ");
        Assert.True(parts.Length == 2, $"line {line}: PATTERN -> HOST");
        Assert.True(expected is "yes" or "no", $"line {line}: yes or no");
        Assert.True(MtaStsMxPattern.Matches(parts[0], parts[1]) == (expected == "yes"), $"line {line}: {parts[0]} vs {parts[1]}, expected {expected}");
    }

    [Fact]
    public void EveryRowCitesASectionAndASentence()
    {
        var rows = File.ReadAllLines(TablePath()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.True(rows.Count >= 70, $"{rows.Count} rows");
        Assert.All(rows, r =>
        {
            var fields = r.Split(" | ");
            Assert.Equal(5, fields.Length);
            Assert.True(fields[0] is "txt" or "policy" or "match", r);
            Assert.Matches(@"^\d+(\.\d+)*$", fields[3].Trim());
            Assert.True(fields[4].Trim().Length > 10, r);
        });
    }

    private static (string Input, string Expected) Split(string row)
    {
        var fields = row.Split(" | ");
        Assert.Equal(5, fields.Length);
        return (fields[1], fields[2].Trim());
    }

    private static void AppendCodes(StringBuilder actual, IEnumerable<string> codes)
    {
        var set = codes.Distinct(StringComparer.Ordinal).ToList();
        if (set.Count > 0)
        {
            actual.Append(" codes=").Append(string.Join(',', set));
        }
    }

    // The same words, with codes= compared as a set.
    private static bool Same(string expected, string actual)
    {
        static (string Words, HashSet<string> Codes) Norm(string s)
        {
            var words = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var codes = words.Where(w => w.StartsWith("codes=", StringComparison.Ordinal)).SelectMany(w => w[6..].Split(',')).ToHashSet(StringComparer.Ordinal);
            return (string.Join(' ', words.Where(w => !w.StartsWith("codes=", StringComparison.Ordinal))), codes);
        }

        var (e, ec) = Norm(expected);
        var (a, ac) = Norm(actual);
        return e == a && ec.SetEquals(ac);
    }

    private static string Unescape(string s) => s.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\r", "\r", StringComparison.Ordinal).Replace("\\t", "\t", StringComparison.Ordinal);

    private static string TablePath() => MtaStsTestFiles.Table;
}
