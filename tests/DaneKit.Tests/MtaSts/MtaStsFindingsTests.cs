using System.Text.RegularExpressions;
using DaneKit.Diagnostics;
using DaneKit.MtaSts;

namespace DaneKit.Tests.MtaSts;

/// <summary>The MTA-STS finding codes: unique, stable in form, each with an RFC 8461 section, and documented in docs/mta-sts.md.</summary>
public sealed partial class MtaStsFindingsTests
{
    [GeneratedRegex("^MTASTS(-[A-Z0-9]+)+$")]
    private static partial Regex CodeForm();

    [GeneratedRegex(@"^RFC 8461 \d+(\.\d+)*$")]
    private static partial Regex RfcForm();

    [Fact]
    public void CodesAreUniqueWellFormedAndListed()
    {
        var constants = typeof(MtaStsFindings).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        var codes = MtaStsFindings.All.Select(d => d.Code).ToList();
        Assert.Equal(constants.Order(StringComparer.Ordinal), codes.Order(StringComparer.Ordinal));
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(codes.Intersect(FindingCatalogue.All.Select(d => d.Code), StringComparer.Ordinal));
        Assert.All(MtaStsFindings.All, d =>
        {
            Assert.Matches(CodeForm(), d.Code);
            Assert.Matches(RfcForm(), d.Rfc);
            Assert.False(string.IsNullOrWhiteSpace(d.Title));
            Assert.False(string.IsNullOrWhiteSpace(d.Meaning));
            Assert.False(string.IsNullOrWhiteSpace(d.Fix));
        });
    }

    [Fact]
    public void EveryCodeIsDocumented()
    {
        var doc = File.ReadAllText(MtaStsTestFiles.Docs);
        Assert.All(MtaStsFindings.All, d =>
        {
            Assert.Contains($"| `{d.Code}` | {d.Severity.ToString().ToLowerInvariant()} | {d.Rfc} |", doc, StringComparison.Ordinal);
            Assert.Contains($"## `{d.Code}`", doc, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void CreateFillsTheFindingFromTheCatalogue()
    {
        var f = MtaStsFindings.Create(MtaStsFindings.TxtMultiple, "_mta-sts.example.com", "two records", new FindingEvidence("published", "v=STSv1; id=a"));
        Assert.Equal(FindingSeverity.Error, f.Severity);
        Assert.Equal("RFC 8461 3.1", f.Rfc);
        Assert.Equal("_mta-sts.example.com", f.Subject);
        Assert.Single(f.Evidence);
        Assert.False(string.IsNullOrWhiteSpace(f.Remediation.Text));
        Assert.Throws<ArgumentException>(() => MtaStsFindings.Get("NO-SUCH-CODE"));
    }
}
