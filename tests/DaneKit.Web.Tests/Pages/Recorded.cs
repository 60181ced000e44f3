using System.Runtime.CompilerServices;
using DaneKit.Reporting;
using DaneKit.Smtp;

namespace DaneKit.Web.Tests.Pages;

/// <summary>
/// Recorded <c>danekit check --json</c> documents: those of the CLI's tests (tests/DaneKit.Tests/CheckCli/Recorded) and
/// the hostile-strings scenario recorded from the testbed (Pages/Recorded), read from the source tree.
/// </summary>
internal static class Recorded
{
    private static readonly Lazy<string> Root = new(() => FindRoot());

    /// <summary>The document of a recorded check, e.g. <c>stale-tlsa</c> or <c>hostile-strings</c>.</summary>
    public static string Json(string name)
    {
        var cli = Path.Combine(Root.Value, "tests", "DaneKit.Tests", "CheckCli", "Recorded", name + ".json");
        var own = Path.Combine(Root.Value, "tests", "DaneKit.Web.Tests", "Pages", "Recorded", name + ".json");
        return File.ReadAllText(File.Exists(own) ? own : cli);
    }

    private static string FindRoot([CallerFilePath] string source = "")
    {
        // The source file's directory (the build may put the tests anywhere, e.g. under --artifacts-path), then the output and working directories.
        foreach (var start in new[] { Path.GetDirectoryName(source), AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var d = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "DaneKit.slnx")))
                {
                    return d.FullName;
                }
            }
        }

        throw new InvalidOperationException("the repository root (DaneKit.slnx) is not above " + source + " nor " + AppContext.BaseDirectory);
    }

    /// <summary>The result of a recorded check.</summary>
    public static DaneCheckResult Result(string name) => CheckJson.Read(Json(name));
}
