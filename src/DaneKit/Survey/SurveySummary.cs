using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DaneKit.Survey;

/// <summary>A name and a count (a finding code or an MX provider, and how many domains).</summary>
/// <param name="Name">The name.</param>
/// <param name="Domains">How many domains.</param>
public sealed record SurveyCount(string Name, long Domains);

/// <summary>DANE adoption among the domains checked in a run.</summary>
/// <param name="Domains">Domains with DANE (<see cref="SurveyTally.HasDane"/>).</param>
/// <param name="Percent">Their share of the domains checked, in percent.</param>
/// <param name="Authenticated">Domains with DANE whose verdict is <c>authenticated</c>.</param>
/// <param name="AuthenticatedPercent">Their share of the domains with DANE, in percent.</param>
/// <param name="Failing">Domains with DANE whose verdict is <c>dane-fail</c> or <c>deferred</c> (a DANE sender does not deliver).</param>
/// <param name="FailingPercent">Their share of the domains with DANE, in percent.</param>
public sealed record SurveyDane(long Domains, double Percent, long Authenticated, double AuthenticatedPercent, long Failing, double FailingPercent);

/// <summary>MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) among the domains checked in a run.</summary>
/// <param name="PolicyInForce">Domains with an MTA-STS policy in force.</param>
/// <param name="Enforce">Of those, in mode <c>enforce</c>.</param>
/// <param name="Testing">Of those, in mode <c>testing</c>.</param>
/// <param name="TlsRpt">Domains with a valid TLS-RPT record.</param>
public sealed record SurveyMtaSts(long PolicyInForce, long Enforce, long Testing, long TlsRpt);

/// <summary>
/// The summary at the end of a scan (<c>danekit scan</c> prints it, and writes it as JSON with <c>--summary-json</c>;
/// docs/scan.md). The counts are of this run; <see cref="Resumed"/> lines were already in the output.
/// </summary>
public sealed record SurveySummary
{
    /// <summary>How the scan ended: <c>completed</c>, <c>interrupted</c>, <c>output-failed</c>, <c>input-failed</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>Input lines read.</summary>
    public required long Lines { get; init; }

    /// <summary>Blank and comment lines.</summary>
    public required long Skipped { get; init; }

    /// <summary>Lines whose domain (or bad text) was already done: earlier in the input, or in the output when the scan started.</summary>
    public required long Duplicates { get; init; }

    /// <summary>Complete lines found in the output when the scan started.</summary>
    public required long Resumed { get; init; }

    /// <summary>Lines that are not a domain name (an error record each).</summary>
    public required long Invalid { get; init; }

    /// <summary>Domains whose check failed unexpectedly (an error record each).</summary>
    public required long Failed { get; init; }

    /// <summary>Domains checked in this run (a check document each).</summary>
    public required long Checked { get; init; }

    /// <summary>Lines written to the output in this run.</summary>
    public required long Written { get; init; }

    /// <summary>Checked domains per verdict (every verdict, by its wire name).</summary>
    public required IReadOnlyDictionary<string, long> Verdicts { get; init; }

    /// <summary>The 20 most frequent finding codes, with how many checked domains have each.</summary>
    public required IReadOnlyList<SurveyCount> Findings { get; init; }

    /// <summary>The 10 MX providers (<see cref="SurveyTally.ProviderOf"/>) with the most checked domains.</summary>
    public required IReadOnlyList<SurveyCount> Providers { get; init; }

    /// <summary>Whether the provider counts may be low (more than <see cref="SurveyTally.MaxProviders"/> distinct providers were met).</summary>
    public required bool ProvidersApproximate { get; init; }

    /// <summary>DANE adoption.</summary>
    public required SurveyDane Dane { get; init; }

    /// <summary>MTA-STS and TLS-RPT.</summary>
    public required SurveyMtaSts MtaSts { get; init; }

    /// <summary>SMTP probes made.</summary>
    public required long ProbesMade { get; init; }

    /// <summary>Probe requests answered by a probe made for another domain.</summary>
    public required long ProbesShared { get; init; }

    /// <summary>Seconds from start to end.</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>Domains checked per second.</summary>
    public required double DomainsPerSecond { get; init; }

    /// <summary>The process's peak resident set size in bytes (Linux <c>VmHWM</c>), or <see langword="null"/> where unknown.</summary>
    public long? PeakRssBytes { get; init; }

    /// <summary>Builds the summary from a scan's counts.</summary>
    /// <param name="tally">The counts.</param>
    /// <param name="outcome">How it ended.</param>
    /// <param name="written">Lines written.</param>
    /// <param name="probesMade">Probes made.</param>
    /// <param name="probesShared">Probes shared.</param>
    /// <param name="elapsed">How long it ran.</param>
    /// <param name="peakRssBytes">The peak RSS, if known.</param>
    /// <returns>The summary.</returns>
    public static SurveySummary From(SurveyTally tally, SurveyOutcome outcome, long written, long probesMade, long probesShared, TimeSpan elapsed,
        long? peakRssBytes)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var seconds = Math.Max(elapsed.TotalSeconds, 0);
        var verdicts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, count) in tally.Verdicts())
        {
            verdicts[name] = count;
        }

        return new SurveySummary
        {
            Outcome = outcome switch
            {
                SurveyOutcome.Completed => "completed",
                SurveyOutcome.Interrupted => "interrupted",
                SurveyOutcome.OutputFailed => "output-failed",
                _ => "input-failed",
            },
            Lines = tally.Lines,
            Skipped = tally.Skipped,
            Duplicates = tally.Duplicates,
            Resumed = tally.Resumed,
            Invalid = tally.Invalid,
            Failed = tally.Failed,
            Checked = tally.Checked,
            Written = written,
            Verdicts = verdicts,
            Findings = tally.TopFindings(20).Select(f => new SurveyCount(f.Key, f.Value)).ToList(),
            Providers = tally.TopProviders(10).Select(f => new SurveyCount(f.Key, f.Value)).ToList(),
            ProvidersApproximate = tally.ProvidersApproximate,
            Dane = new SurveyDane(tally.Dane, Percent(tally.Dane, tally.Checked), tally.DaneAuthenticated, Percent(tally.DaneAuthenticated, tally.Dane),
                tally.DaneFailing, Percent(tally.DaneFailing, tally.Dane)),
            MtaSts = new SurveyMtaSts(tally.MtaStsInForce, tally.MtaStsEnforce, tally.MtaStsTesting, tally.TlsRpt),
            ProbesMade = probesMade,
            ProbesShared = probesShared,
            ElapsedSeconds = Math.Round(seconds, 3),
            DomainsPerSecond = seconds > 0 ? Math.Round(tally.Checked / seconds, 2) : 0,
            PeakRssBytes = peakRssBytes,
        };
    }

    /// <summary>The summary as indented JSON (camelCase members), with a final newline.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, SurveyJsonContext.Default.SurveySummary) + "\n";

    /// <summary>Writes the summary for people.</summary>
    /// <param name="writer">Where.</param>
    public void WriteText(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Create(c, $"scan {Outcome}: {Checked} domains checked in {ElapsedSeconds:0.0} s ({DomainsPerSecond:0.0} domains/s), {Written} lines written"));
        writer.WriteLine(string.Create(c, $"  input: {Lines} lines, {Skipped} blank or comment, {Duplicates} duplicate or already done, {Invalid} invalid; {Resumed} lines already in the output; {Failed} checks failed"));
        writer.WriteLine("verdicts:");
        foreach (var (name, count) in Verdicts)
        {
            writer.WriteLine(string.Create(c, $"  {name,-28} {count,10}  {Percent(count, Checked),5:0.0}%"));
        }

        writer.WriteLine(string.Create(c,
            $"DANE: {Dane.Domains} domains ({Dane.Percent:0.0}% of checked) with a secure MX and TLSA on at least one MX host; {Dane.Authenticated} authenticated ({Dane.AuthenticatedPercent:0.0}%), {Dane.Failing} failing ({Dane.FailingPercent:0.0}%)"));
        writer.WriteLine(string.Create(c, $"MTA-STS: {MtaSts.PolicyInForce} policies in force ({MtaSts.Enforce} enforce, {MtaSts.Testing} testing); TLS-RPT: {MtaSts.TlsRpt}"));
        if (Findings.Count > 0)
        {
            writer.WriteLine("findings (domains):");
            foreach (var f in Findings)
            {
                writer.WriteLine(string.Create(c, $"  {f.Name,-40} {f.Domains,10}"));
            }
        }

        if (Providers.Count > 0)
        {
            writer.WriteLine(ProvidersApproximate ? "top MX providers (domains, approximate):" : "top MX providers (domains):");
            foreach (var p in Providers)
            {
                writer.WriteLine(string.Create(c, $"  {p.Name,-40} {p.Domains,10}"));
            }
        }

        writer.WriteLine(string.Create(c, $"probes: {ProbesMade} made, {ProbesShared} shared"));
        writer.WriteLine(PeakRssBytes is { } rss
            ? string.Create(c, $"peak RSS: {rss / (1024.0 * 1024.0):0.0} MiB")
            : "peak RSS: unknown");
    }

    /// <summary>The process's peak resident set size from <c>/proc/self/status</c> (<c>VmHWM</c>), or <see langword="null"/>.</summary>
    /// <returns>Bytes, or <see langword="null"/> off Linux.</returns>
    public static long? ReadPeakRss()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var digits = new string(line.AsSpan(6).Trim().ToString().TakeWhile(char.IsAsciiDigit).ToArray());
                    return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : null;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return null;
    }

    private static double Percent(long part, long whole) => whole == 0 ? 0 : Math.Round(100.0 * part / whole, 2);
}

/// <summary>Source-generated JSON metadata for the scan's summary (no reflection: the NativeAOT build works).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(SurveySummary))]
internal sealed partial class SurveyJsonContext : JsonSerializerContext;
