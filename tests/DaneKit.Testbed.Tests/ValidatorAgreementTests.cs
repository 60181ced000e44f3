using System.Diagnostics;
using System.Net;
using DaneKit.Dns;
using DaneKit.Dns.Resolver;
using DaneKit.Dnssec;
using Xunit.Abstractions;

namespace DaneKit.Testbed.Tests;

/// <summary>
/// DaneKit's own validator gives every catalogued name the status Unbound and delv give it (the catalogue's
/// <c>expect.dns</c> rows, which <see cref="ResolverStatusTests"/> and <see cref="DelvStatusTests"/> check
/// against those peers), both from data fetched through the testbed's Unbound with CD set and from data
/// fetched iteratively from the testbed root. Where a scenario exists to show one failure kind, DaneKit's
/// reason chain must name that failure.
/// </summary>
[Collection(LiveTestbed.Name)]
public sealed class ValidatorAgreementTests(TestbedFixture testbed, ITestOutputHelper output)
{
    /// <summary>For each failure-kind tag: words one of DaneKit's failure or warning reasons must contain.</summary>
    private static readonly Dictionary<string, string[]> ReasonByTag = new(StringComparer.Ordinal)
    {
        ["bad-signature"] = ["does not verify"],
        ["sig-expired"] = ["expired"],
        ["sig-not-yet-valid"] = ["not valid before"],
        ["ds-mismatch"] = ["matches no DNSKEY", "no DNSKEY matches"],
        ["missing-dnskey"] = ["no DNSKEY of"],
        ["bad-nsec3-proof"] = ["NSEC3"],
        ["keytrap"] = ["CVE-2023-50387"],
        ["unsupported-algorithm"] = ["supported algorithm"],
        ["nsec3-iterations-over-limit"] = ["iterations"],
        ["missing-ds-island"] = ["no DS"],
        ["unsigned-zone-tlsa"] = ["no DS"],
    };

    [Theory]
    [MemberData(nameof(ScenarioData.DnsChecks), MemberType = typeof(ScenarioData))]
    public async Task ValidatorThroughUnboundWithCdAgrees(string scenario, string name, string type, string status, int? ede)
    {
        _ = ede;
        var source = new StubDataSource(new StubResolverOptions { Servers = [new IPEndPoint(IPAddress.Parse(testbed.World.Resolver), 53)] });
        await CheckAsync(source, scenario, name, type, status).ConfigureAwait(true);
    }

    [Theory]
    [MemberData(nameof(ScenarioData.DnsChecks), MemberType = typeof(ScenarioData))]
    public async Task ValidatorFromTheAuthoritativeServersAgrees(string scenario, string name, string type, string status, int? ede)
    {
        _ = ede;
        var hints = await RootHints.LoadAsync(RequiredPath(testbed.World.RootHints, "root_hints")).ConfigureAwait(true);
        var source = new IterativeDataSource(new IterativeResolver(new IterativeResolverOptions { RootHints = hints, DnssecOk = true }));
        await CheckAsync(source, scenario, name, type, status).ConfigureAwait(true);
    }

    private async Task CheckAsync(IDnssecDataSource source, string scenario, string name, string type, string status)
    {
        Assert.True(SecurityStatusNames.TryParse(status, out var expected), $"'{status}' is not a status name");
        var live = testbed.LiveScenario(scenario);
        var anchors = await TrustAnchors.LoadAsync(RequiredPath(testbed.World.TrustAnchorDs, "trust_anchor_ds")).ConfigureAwait(true);
        Assert.True(DnsTypes.TryParse(type, out var qtype), type);
        var validator = new DnssecValidator(source, anchors);

        var watch = Stopwatch.StartNew();
        var answer = await validator.ValidateAsync(DnsName.Parse(name), qtype).ConfigureAwait(true);
        watch.Stop();
        var explained = string.Join("\n  ", answer.Reasons.Select(r => $"{r.Kind}: {r}"));
        output.WriteLine($"{scenario} {name} {type}: {answer.Status} in {watch.ElapsedMilliseconds} ms, {answer.Verifications} verifications\n  {explained}");

        Assert.True(answer.Status == expected,
            $"{scenario}: DaneKit says {answer.Status} for {name} {type} via {source.Description}; Unbound and delv say {status}\n  {explained}");

        if (expected is SecurityStatus.Bogus or SecurityStatus.Insecure)
        {
            // A Bogus answer must say why in a failure or warning; an Insecure one may say so as evidence.
            var candidates = expected == SecurityStatus.Insecure ? answer.Reasons : answer.Reasons.Where(r => r.Kind != ReasonKind.Evidence);
            foreach (var tag in live.Tags.Where(ReasonByTag.ContainsKey))
            {
                var words = ReasonByTag[tag];
                Assert.True(
                    candidates.Any(r => words.Any(w => r.ToString().Contains(w, StringComparison.Ordinal))),
                    $"{scenario} ({tag}): no reason names the failure ({string.Join(" / ", words)})\n  {explained}");
            }
        }
    }

    private static string RequiredPath(string? path, string field) =>
        path ?? throw new InvalidOperationException($"world.json has no {field}: rebuild the testbed (testbed/up)");
}
