using DaneKit.Testbed.Tests.Model;

namespace DaneKit.Testbed.Tests.Check;

/// <summary>
/// <c>danekit check --json</c> reaches the catalogue's verdict for every scenario: the domain's verdict, and for each
/// expected host and address its verdict and RFC 8460 result type; the exit code follows the verdict. The check runs as a
/// dual-stack DANE sender does (A and AAAA), with the testbed resolver and root anchor. Where it differs from the
/// catalogue on purpose, <see cref="Differences"/> names the difference and why, and the run the catalogue describes
/// must then agree exactly.
/// </summary>
[Collection(LiveTestbed.Name)]
public sealed class CheckCatalogueAgreementTests(TestbedFixture testbed)
{
    /// <summary>A difference from the catalogue that is right, with the reason and the run in which the catalogue holds.</summary>
    /// <param name="Mismatch">The mismatch exactly as <see cref="Compare"/> words it.</param>
    /// <param name="Reason">Why ours is right.</param>
    /// <param name="CatalogueArguments">The options that make the check the sender the catalogue describes.</param>
    internal sealed record NamedDifference(string Mismatch, string Reason, string[] CatalogueArguments);

    /// <summary>The differences from the catalogue, by scenario.</summary>
    internal static readonly IReadOnlyDictionary<string, NamedDifference> Differences = new Dictionary<string, NamedDifference>(StringComparer.Ordinal)
    {
        ["bad-nsec3-proof"] = new(
            "mx.bad-nsec3-proof.example. [127.25.0.27]: rfc8460 ours (none), catalogue dnssec-invalid",
            "The NSEC3 record deleted to break the TLSA denial also proves that mx.bad-nsec3-proof.example. has no AAAA, so the AAAA "
            + "lookup is Bogus too (Unbound: SERVFAIL, EDE 6, 'nodata proof failed'). A dual-stack sender defers at the address "
            + "lookup, before TLSA, and an address-lookup failure has no RFC 8460 result type; the catalogue describes an "
            + "IPv4-only sender (posttls-finger runs with inet_protocols = ipv4), which reaches the TLSA lookup: dnssec-invalid.",
            ["-4"]),
    };

    [Theory]
    [MemberData(nameof(ScenarioData.ScenarioIds), MemberType = typeof(ScenarioData))]
    public async Task CheckReachesTheCatalogueVerdict(string scenario)
    {
        var live = testbed.LiveScenario(scenario);

        var (process, document) = await CheckCli.RunJsonAsync([.. CheckCli.TestbedResolver(testbed.World), live.Domain]);

        var mismatches = Compare(live, document);
        Differences.TryGetValue(scenario, out var named);
        Assert.True(
            mismatches.SequenceEqual(named is null ? [] : [named.Mismatch]),
            $"{process.CommandLine}\n{scenario}: ours differs from the catalogue ({live.Expect.Rfc}):\n  {string.Join("\n  ", mismatches)}"
            + (named is null ? "" : $"\n  the named difference: {named.Mismatch}"));
        Assert.Equal(CheckCli.ExitCodeFor(document.Verdict), process.ExitCode);
        Assert.Equal(process.ExitCode, document.ExitCode);

        // Every failure shows its fix: each address a sender cannot deliver to as intended is the subject of an error or
        // warning finding (by address, host or domain) with a fix.
        foreach (var (host, address) in document.Addresses.Where(a => a.Address.Verdict is "dane-fail" or "deferred" or "no-tls" or "encrypted-unauthenticated"))
        {
            Assert.True(
                document.Findings.Any(f => f.Severity != "info" && f.Remediation.Text.Length > 0
                    && (f.Subject.Contains(address.Address, StringComparison.Ordinal) || f.Subject.Contains(host, StringComparison.OrdinalIgnoreCase)
                        || f.Subject.Contains(document.Domain, StringComparison.OrdinalIgnoreCase))),
                $"{process.CommandLine}: {host} [{address.Address}] is {address.Verdict}, but no finding about it gives a fix: {string.Join(", ", document.Findings.Select(f => $"{f.Code} ({f.Subject})"))}");
        }

        if (named is not null)
        {
            var (exact, exactDocument) = await CheckCli.RunJsonAsync([.. named.CatalogueArguments, .. CheckCli.TestbedResolver(testbed.World), live.Domain]);
            var left = Compare(live, exactDocument);
            Assert.True(left.Count == 0, $"{exact.CommandLine}\n{scenario}: with {string.Join(' ', named.CatalogueArguments)} (the sender the catalogue describes) ours still differs:\n  {string.Join("\n  ", left)}");
        }
    }

    /// <summary>
    /// Regression: the two addresses of mx.two-addresses-one-wrong-cert.example. serve different keys, and the testbed's
    /// Postfix shares session-ticket keys between them. A resumed TLS session sends no certificate and SslStream then reports
    /// the one of the session it resumed, so the wrong key's address looked authenticated in about one run of four, until
    /// the command turned TLS resumption off (DaneKit.Cli.csproj, System.Net.Security.DisableTlsResume).
    /// </summary>
    [Fact]
    public async Task EveryAddressIsJudgedByItsOwnCertificate()
    {
        var live = testbed.LiveScenario("two-addresses-one-wrong-cert");
        for (var run = 0; run < 8; run++)
        {
            var (process, document) = await CheckCli.RunJsonAsync([.. CheckCli.TestbedResolver(testbed.World), live.Domain]);
            var keys = document.Addresses.Select(a => a.Address.Certificates.Single(c => c.Depth == 0).SpkiSha256).ToList();

            Assert.True(keys.Count == 2 && keys[0] != keys[1], $"{process.CommandLine} (run {run + 1}): both addresses show the key {keys[0]}");
            Assert.Equal("dane-fail", document.Verdict);
        }
    }

    [Fact]
    public void EveryNamedDifferenceIsAScenario()
    {
        var ids = Catalogue.Load(RepoPaths.Catalogue).Scenarios.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(Differences.Keys, id => Assert.Contains(id, ids));
    }

    /// <summary>Every way the document differs from the catalogue's expectation, one line each.</summary>
    internal static List<string> Compare(Scenario live, CheckDocument document)
    {
        var mismatches = new List<string>();
        if (document.Verdict != live.Expect.Verdict)
        {
            mismatches.Add($"domain: verdict ours {document.Verdict}, catalogue {live.Expect.Verdict} ({document.VerdictReason})");
        }

        var ours = document.Addresses.ToList();
        foreach (var expected in live.Expect.Hosts)
        {
            var found = ours.Where(a => Same(a.Host, expected.Host) && a.Address.Address == expected.Address).Select(a => a.Address).FirstOrDefault();
            var where = $"{expected.Host} [{expected.Address}]";
            if (found is null)
            {
                mismatches.Add($"{where}: not in ours (ours: {string.Join(", ", ours.Select(a => $"{a.Host} [{a.Address.Address}]"))})");
                continue;
            }

            if (found.Verdict != expected.Verdict)
            {
                mismatches.Add($"{where}: verdict ours {found.Verdict}, catalogue {expected.Verdict} ({found.VerdictReason})");
            }

            if (found.Rfc8460 != expected.Rfc8460)
            {
                mismatches.Add($"{where}: rfc8460 ours {found.Rfc8460 ?? "(none)"}, catalogue {expected.Rfc8460 ?? "(none)"}");
            }
        }

        foreach (var (host, address) in ours.Where(a => !live.Expect.Hosts.Any(e => Same(a.Host, e.Host) && a.Address.Address == e.Address)))
        {
            mismatches.Add($"{host} [{address.Address}]: ours has it ({address.Verdict}), the catalogue does not");
        }

        return mismatches;
    }

    private static bool Same(string a, string b) => string.Equals(a.TrimEnd('.'), b.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
}
