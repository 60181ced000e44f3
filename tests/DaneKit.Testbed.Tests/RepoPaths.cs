namespace DaneKit.Testbed.Tests;

/// <summary>Paths inside the repository, found from the test assembly's location.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository root: the nearest directory above the test binaries that holds DaneKit.slnx (or DaneKit.sln).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The scenario catalogue, <c>testbed/scenarios.json</c>.</summary>
    public static string Catalogue => Path.Combine(Root, "testbed", "scenarios.json");

    /// <summary>The reference peer wrapper, <c>testbed/peer</c>.</summary>
    public static string PeerScript => Path.Combine(Root, "testbed", "peer");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DaneKit.slnx"))
                || File.Exists(Path.Combine(directory.FullName, "DaneKit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No directory above {AppContext.BaseDirectory} contains DaneKit.slnx or DaneKit.sln.");
    }
}
