using System.Runtime.CompilerServices;
using System.Text;

namespace DaneKit.Tests.CheckCli;

/// <summary>
/// Approved text files: output compared with a file kept under <c>tests/DaneKit.Tests/CheckCli/Approved/</c>, so that a
/// change to it shows up in review. A difference fails with a line diff; <c>DANEKIT_APPROVE=1</c> rewrites the files
/// instead (then review and commit them).
/// </summary>
internal static class Approvals
{
    /// <summary>The environment variable that rewrites approved files.</summary>
    public const string ApproveVariable = "DANEKIT_APPROVE";

    /// <summary>
    /// This folder in the source tree (the test data is read from the sources, so approving rewrites them): below the
    /// nearest directory holding DaneKit.slnx above the test binaries, or, when they are built elsewhere
    /// (<c>--artifacts-path</c>), above this source file as the compiler saw it. (In CI builds the compiler maps source
    /// paths to <c>/_/</c>, so the binaries' location comes first.)
    /// </summary>
    public static string Folder { get; } = FindFolder();

    /// <summary>A file in <c>CheckCli/</c> of the source tree.</summary>
    /// <param name="relative">The path below <c>CheckCli/</c>.</param>
    /// <returns>The absolute path.</returns>
    public static string PathOf(string relative) => Path.Combine(Folder, relative);

    /// <summary>Compares <paramref name="actual"/> with <c>Approved/NAME.txt</c>, or rewrites it when approving.</summary>
    /// <param name="name">The file's name without extension.</param>
    /// <param name="actual">The output.</param>
    public static void Verify(string name, string actual)
    {
        var path = PathOf(Path.Combine("Approved", name + ".txt"));
        if (Environment.GetEnvironmentVariable(ApproveVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual, new UTF8Encoding(false));
            return;
        }

        Assert.True(File.Exists(path), $"{path} does not exist: run the tests with {ApproveVariable}=1 to write it, then review it.");
        var approved = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (approved != actual)
        {
            Assert.Fail($"The output differs from {path} ('-' approved, '+' now); if the change is intended, run the tests with {ApproveVariable}=1 and review the diff.\n{Diff(approved, actual)}");
        }
    }

    /// <summary>A line diff (longest common subsequence), with two lines of context around each change.</summary>
    /// <param name="before">The approved text.</param>
    /// <param name="after">The new text.</param>
    /// <returns>The diff.</returns>
    public static string Diff(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var lines = new List<(char Kind, string Text)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add((' ', a[x++]));
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                lines.Add(('+', b[y++]));
            }
            else
            {
                lines.Add(('-', a[x++]));
            }
        }

        var sb = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            var near = Enumerable.Range(Math.Max(0, i - 2), Math.Min(lines.Count, i + 3) - Math.Max(0, i - 2)).Any(k => lines[k].Kind != ' ');
            if (near)
            {
                sb.Append(lines[i].Kind).Append(' ').Append(lines[i].Text).Append('\n');
            }
            else if (i > 0 && sb.Length > 0 && !sb.ToString().EndsWith("...\n", StringComparison.Ordinal))
            {
                sb.Append("...\n");
            }
        }

        return sb.ToString();
    }

    private static string FindFolder()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(SourceFile()) }.OfType<string>())
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "DaneKit.slnx")))
                {
                    return Path.Combine(directory.FullName, "tests", "DaneKit.Tests", "CheckCli");
                }
            }
        }

        throw new InvalidOperationException($"No directory above {AppContext.BaseDirectory} or {SourceFile()} contains DaneKit.slnx.");
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
