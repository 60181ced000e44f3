using System.Globalization;

namespace DaneKit.TlsRpt;

/// <summary>Session counts of a group of reports: how many reports, successful and failed sessions, failures per result type.</summary>
/// <param name="Reports">How many ingested reports contributed.</param>
/// <param name="SuccessfulSessions">The sum of <c>total-successful-session-count</c>.</param>
/// <param name="FailedSessions">The sum of <c>total-failure-session-count</c>.</param>
/// <param name="FailuresByResultType">The sum of <c>failed-session-count</c> per <c>result-type</c> (as sent, unknown types included), ordered by name.</param>
public sealed record TlsRptCounts(int Reports, long SuccessfulSessions, long FailedSessions, IReadOnlyDictionary<string, long> FailuresByResultType);

/// <summary>An ingested file in a <see cref="TlsRptSummary"/>.</summary>
/// <param name="Source">The file.</param>
/// <param name="Format">json, gzip, mime or mime+gzip.</param>
/// <param name="OrganizationName">The sending organisation.</param>
/// <param name="ReportId">The report id.</param>
/// <param name="Warnings">The tolerated deviations.</param>
public sealed record TlsRptIngestedFile(string Source, string Format, string OrganizationName, string ReportId, IReadOnlyList<TlsRptFinding> Warnings);

/// <summary>A rejected file in a <see cref="TlsRptSummary"/>.</summary>
/// <param name="Source">The file.</param>
/// <param name="Reason">Why it was rejected.</param>
public sealed record TlsRptRejectedFile(string Source, TlsRptFinding Reason);

/// <summary>
/// Aggregate of many TLS reports: totals, and the same counts by policy type, by sending organisation and by day
/// (the UTC date of <c>date-range.start-datetime</c>), with the files ingested and rejected. Pure.
/// </summary>
public sealed record TlsRptSummary
{
    /// <summary>Counts over every ingested report.</summary>
    public required TlsRptCounts Totals { get; init; }

    /// <summary>Counts per <c>policy-type</c> as sent (<c>tlsa</c>, <c>sts</c>, <c>no-policy-found</c>, or an unknown type), ordered by name.</summary>
    public required IReadOnlyDictionary<string, TlsRptCounts> ByPolicyType { get; init; }

    /// <summary>Counts per <c>organization-name</c>, ordered by name.</summary>
    public required IReadOnlyDictionary<string, TlsRptCounts> ByOrganization { get; init; }

    /// <summary>Counts per day (<c>yyyy-MM-dd</c>, UTC, from <c>date-range.start-datetime</c>), ordered.</summary>
    public required IReadOnlyDictionary<string, TlsRptCounts> ByDay { get; init; }

    /// <summary>The files ingested, in input order.</summary>
    public required IReadOnlyList<TlsRptIngestedFile> Ingested { get; init; }

    /// <summary>The files rejected, in input order.</summary>
    public required IReadOnlyList<TlsRptRejectedFile> Rejected { get; init; }

    /// <summary>Builds the summary of read results.</summary>
    /// <param name="results">The results of <see cref="TlsRptReportReader"/>, in input order.</param>
    /// <returns>The summary.</returns>
    public static TlsRptSummary Create(IEnumerable<TlsRptReadResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var totals = new Accumulator();
        var byType = new SortedDictionary<string, Accumulator>(StringComparer.Ordinal);
        var byOrganization = new SortedDictionary<string, Accumulator>(StringComparer.Ordinal);
        var byDay = new SortedDictionary<string, Accumulator>(StringComparer.Ordinal);
        var ingested = new List<TlsRptIngestedFile>();
        var rejected = new List<TlsRptRejectedFile>();
        var index = 0;
        foreach (var result in results)
        {
            index++;
            if (result.Report is not { } report)
            {
                rejected.Add(new TlsRptRejectedFile(result.Source, result.Rejection!));
                continue;
            }

            ingested.Add(new TlsRptIngestedFile(result.Source, result.Format, report.OrganizationName, report.ReportId, report.Warnings));
            var day = report.StartDateTime.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var organization = Get(byOrganization, report.OrganizationName);
            var dayCounts = Get(byDay, day);
            foreach (var accumulator in new[] { totals, organization, dayCounts })
            {
                accumulator.Reports.Add(index);
            }

            foreach (var policy in report.Policies)
            {
                var type = Get(byType, policy.Policy.PolicyTypeName);
                type.Reports.Add(index);
                foreach (var accumulator in new[] { totals, organization, dayCounts, type })
                {
                    accumulator.Add(policy);
                }
            }
        }

        return new TlsRptSummary
        {
            Totals = totals.ToCounts(),
            ByPolicyType = Freeze(byType),
            ByOrganization = Freeze(byOrganization),
            ByDay = Freeze(byDay),
            Ingested = ingested,
            Rejected = rejected,
        };
    }

    private static Accumulator Get(SortedDictionary<string, Accumulator> map, string key)
    {
        if (!map.TryGetValue(key, out var accumulator))
        {
            accumulator = new Accumulator();
            map[key] = accumulator;
        }

        return accumulator;
    }

    private static SortedDictionary<string, TlsRptCounts> Freeze(SortedDictionary<string, Accumulator> map)
    {
        var frozen = new SortedDictionary<string, TlsRptCounts>(StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            frozen[key] = value.ToCounts();
        }

        return frozen;
    }

    private sealed class Accumulator
    {
        public HashSet<int> Reports { get; } = [];

        private long _successful;
        private long _failed;
        private readonly SortedDictionary<string, long> _byResultType = new(StringComparer.Ordinal);

        public void Add(TlsRptPolicyResult policy)
        {
            _successful = Saturate(_successful, policy.TotalSuccessfulSessionCount);
            _failed = Saturate(_failed, policy.TotalFailureSessionCount);
            foreach (var detail in policy.FailureDetails)
            {
                _byResultType[detail.ResultTypeName] = Saturate(_byResultType.GetValueOrDefault(detail.ResultTypeName), detail.FailedSessionCount);
            }
        }

        // Counts are non-negative (the reader rejects negatives); a sum past long.MaxValue stays there rather than wrapping or throwing.
        private static long Saturate(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

        public TlsRptCounts ToCounts() => new(Reports.Count, _successful, _failed, new SortedDictionary<string, long>(_byResultType, StringComparer.Ordinal));
    }
}
