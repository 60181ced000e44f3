using DaneKit.Testbed.Tests.Model;

namespace DaneKit.Testbed.Tests;

/// <summary>
/// Theory rows from the repository's <c>testbed/scenarios.json</c>. xunit enumerates member data at
/// discovery time, before any fixture exists, so rows come from the repository file rather than from the
/// catalogue that <c>world.json</c> names.
/// </summary>
public static class ScenarioData
{
    private static readonly Lazy<Catalogue> RepoCatalogue = new(LoadRepoCatalogue);

    /// <summary>The repository's catalogue.</summary>
    public static Catalogue Catalogue => RepoCatalogue.Value;

    /// <summary>One row per scenario: its id.</summary>
    public static TheoryData<string> ScenarioIds()
    {
        var rows = new TheoryData<string>();
        foreach (var scenario in RepoCatalogue.Value.Scenarios)
        {
            rows.Add(scenario.Id);
        }

        return rows;
    }

    /// <summary>One row per scenario and expected resolver answer: scenario id, name, type, status and EDE code.</summary>
    public static TheoryData<string, string, string, string, int?> DnsChecks()
    {
        var rows = new TheoryData<string, string, string, string, int?>();
        foreach (var scenario in RepoCatalogue.Value.Scenarios)
        {
            foreach (var check in scenario.Expect.Dns)
            {
                rows.Add(scenario.Id, check.Name, check.Type, check.Status, check.Ede);
            }
        }

        return rows;
    }

    private static Catalogue LoadRepoCatalogue()
    {
        var path = RepoPaths.Catalogue;
        return File.Exists(path)
            ? Catalogue.Load(path)
            : throw new FileNotFoundException($"The scenario catalogue {path} does not exist.", path);
    }
}
