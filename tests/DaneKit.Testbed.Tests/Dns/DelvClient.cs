namespace DaneKit.Testbed.Tests.Dns;

/// <summary>Runs BIND 9 <c>delv</c>, which validates by itself, against the testbed's resolver.</summary>
internal static class DelvClient
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs <c>delv +cdflag @resolver -a anchors +root=. name type</c>: with the CD bit Unbound hands over even data
    /// it finds bogus, and delv validates it from the trust anchor in <paramref name="anchors"/> (BIND's
    /// <c>trust-anchors</c> syntax). Without CD a bogus answer would only say "resolution failed: failure", like a
    /// resolver failure. Fails with delv's output when that output cannot be parsed.
    /// </summary>
    public static async Task<DelvOutput> QueryAsync(string resolver, string anchors, string name, string type)
    {
        var result = await ProcessRunner.RunAsync(
            "delv", ["+cdflag", $"@{resolver}", "-a", anchors, "+root=.", name, type], Deadline).ConfigureAwait(false);
        var text = result.StandardError + result.StandardOutput;
        Assert.True(result.ExitCode == 0, $"{result.CommandLine} exited with {result.ExitCode}:\n{text}");
        try
        {
            return DelvOutput.Parse(text);
        }
        catch (FormatException error)
        {
            Assert.Fail($"{result.CommandLine}: {error.Message}");
            throw;
        }
    }
}
