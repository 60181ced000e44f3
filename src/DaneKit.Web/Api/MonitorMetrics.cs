using System.Diagnostics;
using System.Globalization;
using System.Text;
using DaneKit.Web.Storage;

namespace DaneKit.Web.Api;

/// <summary>
/// The monitor's Prometheus metrics (a singleton in the services). The check engine calls <see cref="RecordCheck"/>
/// after each completed check; TLS-RPT ingestion calls <see cref="RecordTlsRptReport"/>. <c>/metrics</c> renders them
/// with the store's current counts in the text exposition format 0.0.4.
/// </summary>
public sealed class MonitorMetrics
{
    /// <summary>The Content-Type of the exposition format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The most distinct verdict labels kept; further ones are counted as <c>other</c>.</summary>
    private const int MaxLabels = 32;

    /// <summary>Pending alerts are counted up to this many.</summary>
    private const int PendingAlertCap = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _checks = new(StringComparer.Ordinal);
    private readonly long[] _buckets = new long[DurationBuckets.Count];
    private readonly Dictionary<string, long> _tlsRpt = new(StringComparer.Ordinal) { ["added"] = 0, ["duplicate"] = 0, ["rejected"] = 0 };
    private double _durationSum;
    private long _durationCount;

    /// <summary>The upper bounds (seconds) of the check duration histogram's buckets.</summary>
    public static IReadOnlyList<double> DurationBuckets { get; } = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    /// <summary>When the process started (Unix seconds).</summary>
    public static double ProcessStartTime { get; } = StartTime();

    /// <summary>Counts a completed check: <c>danekit_checks_total{verdict}</c> and <c>danekit_check_duration_seconds</c>.</summary>
    /// <param name="verdict">The DANE verdict's wire name (e.g. <c>valid</c>).</param>
    /// <param name="elapsed">How long the check took.</param>
    public void RecordCheck(string verdict, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var seconds = Math.Max(0, elapsed.TotalSeconds);
        lock (_gate)
        {
            var label = _checks.ContainsKey(verdict) || _checks.Count < MaxLabels ? verdict : "other";
            _checks[label] = _checks.GetValueOrDefault(label) + 1;
            for (var i = 0; i < DurationBuckets.Count; i++)
            {
                if (seconds <= DurationBuckets[i])
                {
                    _buckets[i]++;
                }
            }

            _durationSum += seconds;
            _durationCount++;
        }
    }

    /// <summary>Counts a TLS-RPT submission: <c>danekit_tlsrpt_reports_total{result}</c>.</summary>
    /// <param name="result"><c>added</c>, <c>duplicate</c> or <c>rejected</c>.</param>
    public void RecordTlsRptReport(string result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            if (_tlsRpt.TryGetValue(result, out var count))
            {
                _tlsRpt[result] = count + 1;
            }
        }
    }

    /// <summary>The metrics in the text exposition format.</summary>
    /// <param name="store">The store (domains by verdict, pending alerts).</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The text.</returns>
    public async Task<string> RenderAsync(IMonitorStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var byVerdict = await store.CountByVerdictAsync(cancellationToken).ConfigureAwait(false);
        var pending = (await store.PendingAlertsAsync(PendingAlertCap, cancellationToken).ConfigureAwait(false)).Count;
        var text = new StringBuilder();
        Header(text, "danekit_domains", "gauge", "Monitored domains by the DANE verdict of their newest check (unchecked: none yet).");
        foreach (var (verdict, count) in byVerdict.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Line(text, "danekit_domains", ("verdict", verdict), count);
        }

        lock (_gate)
        {
            Header(text, "danekit_checks_total", "counter", "Checks completed since the process started, by DANE verdict.");
            foreach (var (verdict, count) in _checks.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Line(text, "danekit_checks_total", ("verdict", verdict), count);
            }

            Header(text, "danekit_check_duration_seconds", "histogram", "How long checks took.");
            for (var i = 0; i < DurationBuckets.Count; i++)
            {
                Line(text, "danekit_check_duration_seconds_bucket", ("le", Number(DurationBuckets[i])), _buckets[i]);
            }

            Line(text, "danekit_check_duration_seconds_bucket", ("le", "+Inf"), _durationCount);
            text.Append("danekit_check_duration_seconds_sum ").Append(Number(_durationSum)).Append('\n');
            text.Append("danekit_check_duration_seconds_count ").Append(_durationCount.ToString(CultureInfo.InvariantCulture)).Append('\n');

            Header(text, "danekit_tlsrpt_reports_total", "counter", "TLS-RPT reports posted to /tlsrpt since the process started, by result.");
            foreach (var (result, count) in _tlsRpt.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Line(text, "danekit_tlsrpt_reports_total", ("result", result), count);
            }
        }

        Header(text, "danekit_alerts_pending", "gauge", $"Alerts not delivered yet (counted up to {PendingAlertCap}).");
        text.Append("danekit_alerts_pending ").Append(pending.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Header(text, "process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds.");
        text.Append("process_start_time_seconds ").Append(Number(ProcessStartTime)).Append('\n');
        return text.ToString();
    }

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Line(StringBuilder text, string name, (string Name, string Value) label, long value) =>
        text.Append(name).Append('{').Append(label.Name).Append("=\"").Append(Escape(label.Value)).Append("\"} ")
            .Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    /// <summary>A label value escaped as the exposition format requires (backslash, double quote, line feed).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The escaped value.</returns>
    internal static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double StartTime()
    {
        using var process = Process.GetCurrentProcess();
        return Math.Round((new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero) - DateTimeOffset.UnixEpoch).TotalSeconds, 3);
    }
}
