using System.Diagnostics;
using System.Globalization;
using DaneKit.Reporting;
using DaneKit.Web.Storage;

// MonitorSeed --db PATH|postgres://... --count N TEMPLATE.json...
// Adds N domains (d00000.seed.example. ...) to a monitor store, each with one stored check: a recorded `danekit check
// --json` document (the templates, in turn) with the domain renamed, so the pages render real results.
string? db = null;
var count = 10_000;
var templates = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--db" when i + 1 < args.Length: db = args[++i]; break;
        case "--count" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
            count = n;
            i++;
            break;
        default:
            if (args[i].StartsWith('-') || !File.Exists(args[i]))
            {
                await Console.Error.WriteLineAsync($"MonitorSeed: bad argument '{args[i]}' (usage: --db PATH --count N TEMPLATE.json...)");
                return 64;
            }

            templates.Add(args[i]);
            break;
    }
}

if (db is null || templates.Count == 0)
{
    await Console.Error.WriteLineAsync("MonitorSeed: usage: --db PATH|postgres://... --count N TEMPLATE.json...");
    return 64;
}

var documents = templates.Select(File.ReadAllText).Select(t => (Text: t, Result: CheckJson.Read(t))).ToArray();
await using var store = await MonitorStores.OpenAsync(db);
await store.MigrateAsync();
var clock = Stopwatch.StartNew();
var now = DateTimeOffset.UtcNow;
for (var i = 0; i < count; i++)
{
    var (text, result) = documents[i % documents.Length];
    var name = string.Create(CultureInfo.InvariantCulture, $"d{i:00000}.seed.example.");
    var json = text.Replace(result.Domain.TrimEnd('.'), name.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
    await store.AddDomainAsync(name, TimeSpan.FromHours(1), now);
    var findings = result.Findings;
    await store.SaveCheckAsync(
        new NewCheck(name, now, result.Elapsed, CheckWireNames.Of(result.Verdict), CheckExitCodes.For(result.Verdict), result.MtaSts is { } sts ? CheckWireNames.Of(sts.Outcome) : null,
            findings.Count(f => f.Severity == DaneKit.Diagnostics.FindingSeverity.Error),
            findings.Count(f => f.Severity == DaneKit.Diagnostics.FindingSeverity.Warning),
            findings.Count(f => f.Severity == DaneKit.Diagnostics.FindingSeverity.Info), json),
        [], now.AddHours(24));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MonitorSeed: {count} domains with a stored check in {clock.Elapsed.TotalSeconds:0.0} s ({MonitorStoresName(db)})"));
return 0;

static string MonitorStoresName(string db) => db.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) ? "PostgreSQL" : "SQLite " + db;
