namespace DaneKit.Tests;

/// <summary>
/// The test data folder (<c>tests/DaneKit.Tests/Data</c>). The project copies it next to the test binary,
/// so it is found there whatever the build's output path.
/// </summary>
internal static class TestData
{
    /// <summary>The absolute path of the data folder.</summary>
    public static string Directory { get; } = Find();

    /// <summary>The absolute path of a file or folder under the data folder.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Directory, .. parts]);

    private static string Find()
    {
        var beside = System.IO.Path.Combine(AppContext.BaseDirectory, "Data");
        if (System.IO.Directory.Exists(beside))
        {
            return beside;
        }

        throw new DirectoryNotFoundException(
            $"test data not found at {beside}: the test project copies tests/DaneKit.Tests/Data there on build");
    }
}
