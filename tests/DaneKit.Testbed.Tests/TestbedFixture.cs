using DaneKit.Testbed.Tests.Model;

namespace DaneKit.Testbed.Tests;

/// <summary>
/// The running testbed: <c>world.json</c> from <c>$DANEKIT_TESTBED_STATE</c> (default
/// <c>/var/lib/danekit-testbed</c>) and the catalogue it names, loaded once for the whole collection.
/// </summary>
/// <remarks>
/// Loading is deferred to the first use, so that a missing testbed fails every test with the same clear
/// message rather than an error from the fixture's constructor.
/// </remarks>
public sealed class TestbedFixture
{
    /// <summary>The message of every testbed test when no world is running.</summary>
    public const string NotRunningMessage = "testbed is not running: use scripts/test (or testbed/up) first";

    /// <summary>The state directory used when <c>DANEKIT_TESTBED_STATE</c> is not set.</summary>
    public const string DefaultStateDirectory = "/var/lib/danekit-testbed";

    private readonly Lazy<(World World, Catalogue Catalogue)> _live;

    /// <summary>Locates the state directory; reads nothing yet.</summary>
    public TestbedFixture()
    {
        var state = Environment.GetEnvironmentVariable("DANEKIT_TESTBED_STATE");
        StateDirectory = string.IsNullOrEmpty(state) ? DefaultStateDirectory : state;
        WorldPath = Path.Combine(StateDirectory, "world.json");
        _live = new Lazy<(World, Catalogue)>(Load);
    }

    /// <summary>The testbed's state directory.</summary>
    public string StateDirectory { get; }

    /// <summary>The path of <c>world.json</c>.</summary>
    public string WorldPath { get; }

    /// <summary>The running world; throws <see cref="InvalidOperationException"/> when the testbed is not running.</summary>
    public World World => _live.Value.World;

    /// <summary>The catalogue the running world was built from.</summary>
    public Catalogue Catalogue => _live.Value.Catalogue;

    /// <summary>The scenario <paramref name="id"/>, which must be live in the running world.</summary>
    public Scenario LiveScenario(string id)
    {
        Assert.True(World.Scenarios.Contains(id), $"Scenario '{id}' is not live in the running world ({WorldPath}).");
        return Catalogue.Find(id);
    }

    private (World, Catalogue) Load()
    {
        if (!File.Exists(WorldPath))
        {
            throw new InvalidOperationException($"{NotRunningMessage} ({WorldPath} does not exist)");
        }

        var world = TestbedJson.Load<World>(WorldPath);
        return (world, Catalogue.Load(world.Catalogue));
    }
}

/// <summary>
/// The xunit collection of all tests that need the running testbed: they share one
/// <see cref="TestbedFixture"/> and run one at a time, so the 2-core testbed is not flooded.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LiveTestbed : ICollectionFixture<TestbedFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "testbed";
}
