using System.Text.RegularExpressions;
using DaneKit.Diagnostics;

namespace DaneKit.Tests.Diagnostics;

/// <summary>The catalogue of finding codes: unique, stable in form, each with an RFC section, and documented in docs/findings.md.</summary>
public sealed partial class FindingCatalogueTests
{
    [GeneratedRegex("^[A-Z0-9]+(-[A-Z0-9]+)+$")]
    private static partial Regex CodeForm();

    [GeneratedRegex(@"^RFC \d{4} \d+(\.\d+)*$")]
    private static partial Regex RfcForm();

    [Fact]
    public void CodesAreUniqueAndWellFormed()
    {
        var codes = FindingCatalogue.All.Select(d => d.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(FindingCatalogue.All, d =>
        {
            Assert.Matches(CodeForm(), d.Code);
            Assert.Matches(RfcForm(), d.Rfc);
            Assert.False(string.IsNullOrWhiteSpace(d.Title));
            Assert.False(string.IsNullOrWhiteSpace(d.Meaning));
            Assert.False(string.IsNullOrWhiteSpace(d.Fix));
        });
    }

    [Fact]
    public void EveryConstantIsInTheCatalogue()
    {
        var constants = typeof(FindingCatalogue).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(constants.Order(StringComparer.Ordinal), FindingCatalogue.All.Select(d => d.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GetFindsACodeAndRejectsAnUnknownOne()
    {
        Assert.Equal(FindingSeverity.Error, FindingCatalogue.Get(FindingCatalogue.TlsaStale).Severity);
        Assert.Equal("RFC 7671 8.1", FindingCatalogue.Get("DANE-TLSA-STALE").Rfc);
        Assert.Throws<ArgumentException>(() => FindingCatalogue.Get("NO-SUCH-CODE"));
    }

    // docs/findings.md lists every code with its severity and RFC.
    [Fact]
    public void EveryCodeIsDocumented()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "findings.md"));
        foreach (var d in FindingCatalogue.All)
        {
            Assert.Contains($"| `{d.Code}` | {d.Severity.ToString().ToLowerInvariant()} | {d.Rfc} |", doc, StringComparison.Ordinal);
            Assert.Contains($"## `{d.Code}`", doc, StringComparison.Ordinal);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DaneKit.slnx")))
            {
                return dir.FullName;
            }
        }

        // Built outside the repository (an artifacts path): the sources are where the project file says.
        var fromSource = Path.GetFullPath(Path.Combine(SourceDirectory(), "..", "..", ".."));
        Assert.True(File.Exists(Path.Combine(fromSource, "DaneKit.slnx")), fromSource);
        return fromSource;
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
