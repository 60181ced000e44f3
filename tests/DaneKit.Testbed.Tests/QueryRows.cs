using System.Text.Json;
using DaneKit.Testbed.Tests.Model;

namespace DaneKit.Testbed.Tests;

/// <summary>
/// Theory rows of <see cref="QueryAgreementTests"/>: for every scenario, the names that matter (the domain,
/// each MX host, <c>_25._tcp.</c> each MX host, and the names of <c>expect.dns</c>) with the types asked there.
/// </summary>
/// <remarks>
/// The catalogue is found through <c>world.json</c> first (its <c>catalogue</c> member), so the rows exist
/// even when the test binaries are built outside the repository (<c>--artifacts-path</c>), where
/// <see cref="RepoPaths"/> cannot find the repository root.
/// </remarks>
public static class QueryRows
{
    private static readonly string[] DomainTypes = ["MX", "A", "AAAA", "DNSKEY", "DS"];
    private static readonly string[] HostTypes = ["A", "AAAA"];

    /// <summary>One row per (scenario, name, type).</summary>
    public static TheoryData<string, string, string> Rows()
    {
        var rows = new TheoryData<string, string, string>();
        foreach (var scenario in LoadCatalogue().Scenarios)
        {
            var seen = new HashSet<(string, string)>();
            void Add(string name, string type)
            {
                if (seen.Add((name.ToLowerInvariant(), type)))
                {
                    rows.Add(scenario.Id, name, type);
                }
            }

            foreach (var type in DomainTypes)
            {
                Add(scenario.Domain, type);
            }

            foreach (var host in scenario.Expect.Hosts.Select(h => h.Host).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                foreach (var type in HostTypes)
                {
                    Add(host, type);
                }

                Add("_25._tcp." + host, "TLSA");
            }

            foreach (var check in scenario.Expect.Dns)
            {
                Add(check.Name, check.Type);
            }
        }

        return rows;
    }

    /// <summary>The <c>root_hints</c> file named by <c>world.json</c>.</summary>
    public static string RootHintsPath(string worldPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(worldPath));
        return doc.RootElement.GetProperty("root_hints").GetString()
            ?? throw new InvalidOperationException($"{worldPath} has no root_hints");
    }

    private static Catalogue LoadCatalogue()
    {
        var state = Environment.GetEnvironmentVariable("DANEKIT_TESTBED_STATE");
        var world = Path.Combine(string.IsNullOrEmpty(state) ? TestbedFixture.DefaultStateDirectory : state, "world.json");
        if (File.Exists(world))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(world));
            if (doc.RootElement.TryGetProperty("catalogue", out var path) && path.GetString() is { } p && File.Exists(p))
            {
                return Catalogue.Load(p);
            }
        }

        return Catalogue.Load(RepoPaths.Catalogue);
    }
}
