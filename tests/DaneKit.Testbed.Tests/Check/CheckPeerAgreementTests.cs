using DaneKit.Testbed.Tests.Model;
using Xunit.Abstractions;

namespace DaneKit.Testbed.Tests.Check;

/// <summary>
/// <c>danekit check</c> agrees with the reference peer, Postfix's posttls-finger (<c>testbed/peer --json</c>), for every
/// scenario: on the domain's verdict, and on each address posttls-finger reached. posttls-finger expresses every
/// scenario of the catalogue (it has a verdict for each); where the two differ on purpose, the difference is one of
/// <see cref="Rules"/>, and the test says which and why.
/// </summary>
[Collection(LiveTestbed.Name)]
public sealed class CheckPeerAgreementTests(TestbedFixture testbed, ITestOutputHelper output)
{
    private static readonly TimeSpan PeerDeadline = TimeSpan.FromSeconds(180);

    /// <summary>Why ours may differ from posttls-finger's, and when that applies.</summary>
    /// <param name="Name">A short name.</param>
    /// <param name="Reason">Why ours is right.</param>
    internal sealed record DifferenceRule(string Name, string Reason);

    /// <summary>A per-address difference: posttls-finger's <c>[host]</c> run does not look up MX, so it cannot see an insecure MX RRset.</summary>
    internal static readonly DifferenceRule HostRunSkipsMx = new(
        "host-run-skips-mx",
        "posttls-finger's [host] run connects to the host without the domain's MX lookup, so it cannot know the MX RRset is insecure and "
        + "logs 'Verified'; a sender delivering to the domain reaches the host through that insecure MX RRset: authenticated-insecure-mx "
        + "(RFC 7672 2.2.1), which posttls-finger's domain run ('Trusted') agrees with.");

    /// <summary>A domain difference: posttls-finger stops at the first address that completes a session; we check all.</summary>
    internal static readonly DifferenceRule FirstAddressOnly = new(
        "first-address-only",
        "posttls-finger stops at the first address that completes a session (testbed/peer repeats [host] runs at most 16 times), "
        + "so it never tried some addresses; a DANE sender may reach any of them, and we check all (dane-rules 19). Over the "
        + "addresses posttls-finger tried, the verdicts agree.");

    internal static IReadOnlyList<DifferenceRule> Rules => [HostRunSkipsMx, FirstAddressOnly];

    [Theory]
    [MemberData(nameof(ScenarioData.ScenarioIds), MemberType = typeof(ScenarioData))]
    public async Task CheckAgreesWithPosttlsFinger(string scenario)
    {
        var live = testbed.LiveScenario(scenario);
        var (process, ours) = await CheckCli.RunJsonAsync([.. CheckCli.TestbedResolver(testbed.World), live.Domain]);
        var peerRun = await ProcessRunner.RunAsync(RepoPaths.PeerScript, ["--json", live.Domain], PeerDeadline);
        Assert.True(peerRun.ExitCode == 0, $"{peerRun.CommandLine} exited with {peerRun.ExitCode}:\n{peerRun.StandardError}{peerRun.StandardOutput}");
        var peer = TestbedJson.Parse<PeerReport>(peerRun.StandardOutput, peerRun.CommandLine);

        var (unexplained, explained) = Compare(ours, peer);
        foreach (var (difference, rule) in explained)
        {
            output.WriteLine($"{scenario}: differs on purpose ({rule.Name}): {difference}\n  why: {rule.Reason}");
        }

        Assert.True(
            unexplained.Count == 0,
            $"{process.CommandLine}\n{peerRun.CommandLine}\n{scenario}: ours and posttls-finger differ:\n  {string.Join("\n  ", unexplained)}\n"
            + string.Join('\n', peer.Runs.Select(r => $"  peer run {r.Target} -> {r.Host ?? "?"} [{r.Address ?? "?"}]: {r.Verdict}: {r.Evidence}")));
    }

    /// <summary>The differences between ours and the peer's, split into those no rule explains and those a rule does.</summary>
    internal static (List<string> Unexplained, List<(string Difference, DifferenceRule Rule)> Explained) Compare(CheckDocument ours, PeerReport peer)
    {
        var unexplained = new List<string>();
        var explained = new List<(string, DifferenceRule)>();
        var addresses = ours.Addresses.ToList();

        foreach (var run in peer.Runs.Where(r => r.Host is not null && r.Address is not null))
        {
            var mine = addresses.Where(a => Same(a.Host, run.Host!) && a.Address.Address == run.Address).Select(a => a.Address).FirstOrDefault();
            if (mine is null)
            {
                unexplained.Add($"posttls-finger reached {run.Host} [{run.Address}] ({run.Target}), which ours does not list");
                continue;
            }

            if (mine.Verdict == run.Verdict)
            {
                continue;
            }

            var difference = $"{run.Host} [{run.Address}] ({run.Target} run): ours {mine.Verdict}, posttls-finger {run.Verdict}";
            if (run.Target.StartsWith('[') && mine.Verdict == "authenticated-insecure-mx" && run.Verdict == "authenticated")
            {
                explained.Add((difference, HostRunSkipsMx));
            }
            else
            {
                unexplained.Add(difference);
            }
        }

        if (ours.Verdict != peer.Verdict)
        {
            var tried = peer.Runs.Where(r => r.Address is not null).Select(r => r.Address!).ToHashSet(StringComparer.Ordinal);
            var untried = addresses.Where(a => !tried.Contains(a.Address.Address)).ToList();
            var overTried = addresses.Where(a => tried.Contains(a.Address.Address)).Select(a => a.Address.Verdict).ToList();
            var difference = $"domain: ours {ours.Verdict}, posttls-finger {peer.Verdict}";
            if (untried.Count > 0 && overTried.Count > 0 && Worst(overTried) == peer.Verdict)
            {
                explained.Add(($"{difference}; posttls-finger never tried {string.Join(", ", untried.Select(a => $"{a.Host} [{a.Address.Address}] ({a.Address.Verdict})"))}", FirstAddressOnly));
            }
            else
            {
                unexplained.Add(difference);
            }
        }

        return (unexplained, explained);
    }

    private static readonly string[] Order =
        ["dane-fail", "deferred", "no-tls", "encrypted-unauthenticated", "opportunistic", "authenticated-insecure-mx", "authenticated"];

    private static string Worst(IEnumerable<string> verdicts)
    {
        var real = verdicts.Where(v => v != "no-mail").ToList();
        return real.Count == 0 ? "no-mail" : real.OrderBy(v => Array.IndexOf(Order, v)).First();
    }

    private static bool Same(string a, string b) => string.Equals(a.TrimEnd('.'), b.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
}
