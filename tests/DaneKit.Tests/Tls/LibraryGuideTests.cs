using System.Text.RegularExpressions;

namespace DaneKit.Tests.Tls;

/// <summary>
/// Every C# block of the library guide (<c>docs/library.md</c>) is compiled code: it appears, line for line
/// (indentation and blank lines aside), in <c>Tls/LibraryExamples.cs</c>, which this project builds and whose
/// examples the TLS tests run.
/// </summary>
public sealed partial class LibraryGuideTests
{
    [Fact]
    public void EveryCSharpBlockOfTheGuideIsInTheCompiledExamples()
    {
        var guide = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Docs", "library.md"));
        var examples = Lines(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Docs", "LibraryExamples.cs")));
        var blocks = CSharpBlock().Matches(guide).Select(m => m.Groups[1].Value).ToList();

        Assert.True(blocks.Count >= 4, $"the guide has {blocks.Count} C# blocks; expected the validator, lookup, MailKit and SslStream examples");
        foreach (var block in blocks)
        {
            var lines = Lines(block);
            Assert.True(ContainsRun(examples, lines), $"this block of docs/library.md is not in Tls/LibraryExamples.cs:\n{block}");
        }
    }

    private static List<string> Lines(string text) =>
        text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    private static bool ContainsRun(List<string> haystack, List<string> run)
    {
        for (var start = 0; start + run.Count <= haystack.Count; start++)
        {
            if (haystack.Skip(start).Take(run.Count).SequenceEqual(run, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"^```csharp\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
