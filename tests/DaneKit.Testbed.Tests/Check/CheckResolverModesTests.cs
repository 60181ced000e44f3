namespace DaneKit.Testbed.Tests.Check;

/// <summary>
/// <c>danekit check</c> reaches the catalogue's verdict in every way of getting DNS data: the default (the stub resolver of
/// the namespace's /etc/resolv.conf, validated by DaneKit from the testbed anchor), <c>--iterative</c> from the testbed's
/// root hints, and <c>--trust-ad</c> (the testbed's Unbound validates); and with <c>-4</c>.
/// </summary>
[Collection(LiveTestbed.Name)]
public sealed class CheckResolverModesTests(TestbedFixture testbed)
{
    public static TheoryData<string, string> Rows()
    {
        var rows = new TheoryData<string, string>();
        foreach (var scenario in new[] { "dane-ee-311", "stale-tlsa", "expired-rrsig", "bogus-tlsa-signature", "insecure-mx-secure-tlsa", "null-mx", "mx-cname-target-tlsa", "unsigned-zone-tlsa" })
        {
            foreach (var mode in new[] { "resolv.conf", "iterative", "trust-ad", "ipv4" })
            {
                rows.Add(scenario, mode);
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task EveryResolverModeReachesTheCatalogueVerdict(string scenario, string mode)
    {
        var live = testbed.LiveScenario(scenario);
        var world = testbed.World;
        string[] arguments = mode switch
        {
            "resolv.conf" => ["--trust-anchor", world.TrustAnchorDs!],
            "iterative" => ["--iterative", "--root-hints", world.RootHints!, "--trust-anchor", world.TrustAnchorDs!],
            "trust-ad" => ["--trust-ad", "--resolver", world.Resolver],
            _ => ["-4", .. CheckCli.TestbedResolver(world)],
        };

        var (process, document) = await CheckCli.RunJsonAsync([.. arguments, live.Domain]);

        Assert.True(document.Verdict == live.Expect.Verdict, $"{process.CommandLine}: {document.Verdict}, catalogue {live.Expect.Verdict}: {document.VerdictReason}");
        Assert.Equal(CheckCli.ExitCodeFor(document.Verdict), process.ExitCode);
    }
}
