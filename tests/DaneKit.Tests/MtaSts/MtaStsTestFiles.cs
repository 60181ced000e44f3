namespace DaneKit.Tests.MtaSts;

/// <summary>
/// Finds the repository from the test binary (walking up to <c>DaneKit.slnx</c>), so the table and the docs are found
/// in CI too, where deterministic builds map source paths to <c>/_/</c> and <c>CallerFilePath</c> points nowhere.
/// </summary>
internal static class MtaStsTestFiles
{
    public static string RepositoryRoot { get; } = Find();

    public static string Table => Path.Combine(RepositoryRoot, "tests", "DaneKit.Tests", "MtaSts", "rfc8461-table.txt");

    public static string Docs => Path.Combine(RepositoryRoot, "docs", "mta-sts.md");

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "DaneKit.slnx")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException($"DaneKit.slnx not found above {AppContext.BaseDirectory}");
    }
}
