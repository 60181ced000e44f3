using System.Runtime.CompilerServices;

namespace DaneKit.Testbed.Tests;

/// <summary>Paths inside the repository, found from the test assembly's location or, failing that, its sources.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>
    /// The repository root: the nearest directory holding DaneKit.slnx (or DaneKit.sln) above the test binaries, or,
    /// when they are built elsewhere (<c>--artifacts-path</c>), above this source file as the compiler saw it.
    /// </summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The scenario catalogue, <c>testbed/scenarios.json</c>.</summary>
    public static string Catalogue => Path.Combine(Root, "testbed", "scenarios.json");

    /// <summary>The reference peer wrapper, <c>testbed/peer</c>.</summary>
    public static string PeerScript => Path.Combine(Root, "testbed", "peer");

    private static string FindRoot()
    {
        var sourceDirectory = Path.GetDirectoryName(SourceFile());
        string?[] starts = [AppContext.BaseDirectory, sourceDirectory];
        foreach (var start in starts.OfType<string>())
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "DaneKit.slnx"))
                    || File.Exists(Path.Combine(directory.FullName, "DaneKit.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"No directory above {AppContext.BaseDirectory} or {sourceDirectory} contains DaneKit.slnx or DaneKit.sln.");
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
