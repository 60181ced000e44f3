using DaneKit.Cli.Rendering;
using DaneKit.Reporting;
using DaneKit.Smtp;

namespace DaneKit.Tests.CheckCli;

/// <summary>
/// The human report reads without colour: every status is a word and a symbol, plain output has no escape sequences, and
/// colour (on a terminal without NO_COLOR) only adds styles around the same words.
/// </summary>
public sealed class CheckReportTests
{
    [Theory]
    [InlineData("authenticated", "✓ authenticated")]
    [InlineData("authenticated-insecure-mx", "✓ authenticated-insecure-mx")]
    [InlineData("dane-fail", "✗ dane-fail")]
    [InlineData("deferred", "! deferred")]
    [InlineData("encrypted-unauthenticated", "~ encrypted-unauthenticated")]
    [InlineData("opportunistic", "~ opportunistic")]
    [InlineData("no-tls", "~ no-tls")]
    [InlineData("no-mail", "- no-mail")]
    public void PlainOutputSaysEveryVerdictInWordsWithoutEscapes(string verdictName, string shown)
    {
        Assert.True(DaneVerdicts.TryParse(verdictName, out var verdict));

        var text = CheckReport.Render(CheckSamples.WithVerdict(verdict), 0, ReportStyle.Plain);

        Assert.DoesNotContain('\u001b', text);
        Assert.StartsWith($"danekit check mail domain sample.example.: {shown}\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("[/]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ColourAddsStylesAroundTheSameWords()
    {
        var sample = CheckSamples.WithVerdict(DaneVerdict.DaneFail);

        var plain = CheckReport.Render(sample, 1, ReportStyle.Plain);
        var colour = CheckReport.Render(sample, 1, ReportStyle.Plain with { Color = true });

        Assert.Contains('\u001b', colour);
        Assert.Equal(plain, System.Text.RegularExpressions.Regex.Replace(colour, "\u001b\\[[0-9;]*m", ""));
    }

    [Fact]
    public void AsciiOutputHasNoUnicodeSymbols()
    {
        var text = CheckReport.Render(CheckSamples.WithVerdict(DaneVerdict.DaneFail), 1, ReportStyle.Plain with { Unicode = false });

        Assert.All(text, c => Assert.True(c < 128, $"'{c}' (U+{(int)c:X4}) in ASCII output"));
        Assert.Contains("x dane-fail", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryFindingShowsItsCodeRuleEvidenceAndFix()
    {
        var sample = CheckSamples.WithVerdict(DaneVerdict.DaneFail);
        var finding = Assert.Single(sample.Findings);

        var text = CheckReport.Render(sample, 1, ReportStyle.Plain);

        Assert.Contains($"✗ error  {finding.Code}  {finding.Title}  [{finding.Rfc}]", text, StringComparison.Ordinal);
        Assert.Contains(finding.Message, text, StringComparison.Ordinal);
        Assert.All(finding.Evidence, e => Assert.Contains($"{e.Label}: {e.Value}", text, StringComparison.Ordinal));
        Assert.Contains(finding.Remediation.Text, text, StringComparison.Ordinal);
        Assert.All(finding.Remediation.ZoneLines, l => Assert.Contains(l, text, StringComparison.Ordinal));
        Assert.All(finding.Remediation.Commands, c => Assert.Contains("$ " + c, text, StringComparison.Ordinal));
    }

    [Fact]
    public void MarkupInTheDataIsPrintedAsItIs()
    {
        var sample = CheckSamples.WithVerdict(DaneVerdict.DaneFail) with { VerdictReason = "a [bold]reason[/] with [brackets] and :check_mark: :cross_mark:" };

        var text = CheckReport.Render(sample, 1, ReportStyle.Plain);

        Assert.Contains("why:     a [bold]reason[/] with [brackets] and :check_mark: :cross_mark:\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void NoLineEndsInSpacesAndNoneWrapsInPlainOutput()
    {
        var text = CheckReport.Render(CheckSamples.WithVerdict(DaneVerdict.DaneFail), 1, ReportStyle.Plain);

        Assert.All(text.Split('\n'), line => Assert.False(line.EndsWith(' '), $"'{line}' ends in a space"));
        Assert.Contains("3 1 1 " + new string('A', 64), text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("authenticated")]
    [InlineData("dane-fail")]
    [InlineData("no-mail")]
    public void SamplesAreApproved(string verdictName)
    {
        Assert.True(DaneVerdicts.TryParse(verdictName, out var verdict));
        var sample = CheckSamples.WithVerdict(verdict);

        Approvals.Verify("sample-" + verdictName, CheckReport.Render(sample, CheckExitCodes.For(verdict), ReportStyle.Plain));
    }

    [Fact]
    public void VerboseSampleIsApproved() =>
        Approvals.Verify("sample-dane-fail.verbose", CheckReport.Render(CheckSamples.WithVerdict(DaneVerdict.DaneFail), 1, ReportStyle.Plain with { Verbose = true }));
}
