using DaneKit.Testbed.Tests.Dns;

namespace DaneKit.Testbed.Tests;

/// <summary>
/// BIND's delv, validating by itself from the testbed's root DS (<c>trust_anchor_bind</c> in world.json) over data
/// that Unbound hands over with the CD bit, reaches the status every <c>expect.dns</c> row of the catalogue expects:
/// a second, independent validator next to Unbound (<see cref="ResolverStatusTests"/>). The EDE is Unbound's and
/// is not checked here.
/// </summary>
[Collection(LiveTestbed.Name)]
public sealed class DelvStatusTests(TestbedFixture testbed)
{
    [Theory]
    [MemberData(nameof(ScenarioData.DnsChecks), MemberType = typeof(ScenarioData))]
    public async Task DelvGivesTheExpectedStatus(string scenario, string name, string type, string status, int? ede)
    {
        _ = ede;
        Assert.True(SecurityStatusNames.TryParse(status, out var expected), $"'{status}' is not a status name");
        testbed.LiveScenario(scenario);
        if (testbed.World.TrustAnchorBind is not { Length: > 0 } anchors)
        {
            Assert.Fail($"{testbed.WorldPath} has no trust_anchor_bind: rebuild the world with testbed/up");
            return;
        }

        var output = await DelvClient.QueryAsync(testbed.World.Resolver, anchors, name, type);

        Assert.True(
            output.Status == expected,
            $"{scenario}: delv says {name} {type} is {output.Status?.ToString().ToLowerInvariant() ?? "unclassifiable"} "
            + $"(trust '{output.Trust ?? "-"}', failure '{output.FailureReason ?? "-"}'), expected {status}\n{output.Text}");
    }
}
