using DaneKit.Testbed.Tests.Dns;

namespace DaneKit.Testbed.Tests;

/// <summary>
/// The testbed's validating Unbound gives every catalogued name the DNSSEC status the scenario expects
/// (RFC 4035 4.3 states; dig semantics in testbed/CONTRACT.md), with the expected Extended DNS Error.
/// </summary>
[Collection(LiveTestbed.Name)]
public sealed class ResolverStatusTests(TestbedFixture testbed)
{
    [Theory]
    [MemberData(nameof(ScenarioData.DnsChecks), MemberType = typeof(ScenarioData))]
    public async Task ResolverGivesTheExpectedStatus(string scenario, string name, string type, string status, int? ede)
    {
        Assert.True(SecurityStatusNames.TryParse(status, out var expected), $"'{status}' is not a status name");
        testbed.LiveScenario(scenario);
        var resolver = testbed.World.Resolver;
        if (ede is not null)
        {
            // After a validation failure Unbound keeps the bad key cached (about a minute) and answers from
            // that cache with the generic EDE 6 instead of the specific reason (7 expired, 9 DS mismatch).
            // Dropping the bogus entries first makes the row test the reason, whatever ran before it.
            var flush = await ProcessRunner.RunAsync(
                "unbound-control", ["-c", testbed.World.UnboundConf, "flush_bogus"], TimeSpan.FromSeconds(30));
            Assert.True(flush.ExitCode == 0, $"unbound-control flush_bogus failed: {flush.StandardError}");
        }

        var answer = await DigClient.QueryAsync(resolver, name, type, checkingDisabled: false);
        var checkingDisabled = ResolverStatus.NeedsCheckingDisabledQuery(answer)
            ? await DigClient.QueryAsync(resolver, name, type, checkingDisabled: true)
            : null;
        var actual = ResolverStatus.Classify(answer, checkingDisabled);

        var evidence = $"dig @{resolver} +dnssec {name} {type}:\n{answer.Text}"
            + (checkingDisabled is null ? string.Empty : $"\nwith +cd:\n{checkingDisabled.Text}");
        Assert.True(
            actual == expected,
            $"{scenario}: {name} {type} should be {status} but is {actual?.ToString().ToLowerInvariant() ?? "unclassifiable"} "
            + $"(status {answer.Status}, flags [{string.Join(' ', answer.Flags)}])\n{evidence}");

        if (ede is { } code)
        {
            Assert.True(
                answer.ExtendedErrors.Any(e => e.InfoCode == code),
                $"{scenario}: {name} {type} should carry EDE {code} but has "
                + $"[{string.Join(", ", answer.ExtendedErrors.Select(e => $"{e.InfoCode} ({e.Purpose})"))}]\n{evidence}");
        }
    }
}
