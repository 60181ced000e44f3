using System.Text.RegularExpressions;
using DaneKit.Testbed.Tests.Tlsa;

namespace DaneKit.Testbed.Tests.Check;

/// <summary>
/// Colour only on a terminal, and never with NO_COLOR: the report run under a pseudo-terminal (<c>script</c>) has SGR
/// colour sequences; with <c>NO_COLOR=1</c>, or written to a pipe, it has none, and the words are the same.
/// </summary>
[Collection(LiveTestbed.Name)]
public sealed partial class CheckTerminalTests(TestbedFixture testbed)
{
    [Fact]
    public async Task ColourOnlyOnATerminalWithoutNoColor()
    {
        var live = testbed.LiveScenario("stale-tlsa");
        var command = string.Join(' ', new[] { TlsaGenerators.DanekitPath, "check" }.Concat(CheckCli.TestbedResolver(testbed.World)).Append(live.Domain));

        var colour = await ProcessRunner.RunAsync("/usr/bin/script", ["-qec", $"env LANG=C.UTF-8 TERM=xterm-256color {command}", "/dev/null"], CheckCli.Deadline);
        var noColor = await ProcessRunner.RunAsync("/usr/bin/script", ["-qec", $"env LANG=C.UTF-8 TERM=xterm-256color NO_COLOR=1 {command}", "/dev/null"], CheckCli.Deadline);
        var pipe = await CheckCli.RunAsync([.. CheckCli.TestbedResolver(testbed.World), live.Domain]);

        Assert.Equal(1, pipe.ExitCode);
        Assert.Matches(Sgr(), colour.StandardOutput);
        Assert.DoesNotMatch(Sgr(), noColor.StandardOutput);
        Assert.DoesNotContain('\u001b', pipe.StandardOutput);
        Assert.Equal(Words(pipe.StandardOutput), Words(Sgr().Replace(colour.StandardOutput, "")));
        Assert.Equal(Words(pipe.StandardOutput), Words(noColor.StandardOutput));
    }

    /// <summary>The first lines' words, without escape sequences .NET itself writes to a terminal (keypad mode) or line ends.</summary>
    private static string Words(string text) =>
        string.Join('\n', Other().Replace(text, "").Replace("\r", "", StringComparison.Ordinal).Split('\n').Take(3));

    [GeneratedRegex("\u001b\\[[0-9;]*m")]
    private static partial Regex Sgr();

    [GeneratedRegex("\u001b(\\[\\?[0-9;]*[hl]|[=>])")]
    private static partial Regex Other();
}
