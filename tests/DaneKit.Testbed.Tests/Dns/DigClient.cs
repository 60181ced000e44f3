namespace DaneKit.Testbed.Tests.Dns;

/// <summary>Runs BIND 9 <c>dig</c> against the testbed's resolver.</summary>
internal static class DigClient
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs <c>dig +dnssec +time=3 +tries=2 [+cd] @resolver name type</c> and parses its answer. Fails with
    /// dig's output when dig gets no response.
    /// </summary>
    public static async Task<DigResponse> QueryAsync(string resolver, string name, string type, bool checkingDisabled)
    {
        List<string> arguments = ["+dnssec", "+time=3", "+tries=2"];
        if (checkingDisabled)
        {
            arguments.Add("+cd");
        }

        arguments.AddRange([$"@{resolver}", name, type]);
        var result = await ProcessRunner.RunAsync("dig", arguments, Deadline).ConfigureAwait(false);
        Assert.True(
            result.ExitCode == 0,
            $"{result.CommandLine} exited with {result.ExitCode} (9: no reply from the resolver):\n{result.StandardOutput}{result.StandardError}");
        return DigResponse.Parse(result.StandardOutput);
    }
}
