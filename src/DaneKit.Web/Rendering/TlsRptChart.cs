using System.Globalization;
using DaneKit.Web.Storage;

namespace DaneKit.Web.Rendering;

/// <summary>TLS-RPT reports per day (by the start of their period): sessions that succeeded and failed, and a bar chart of the failures.</summary>
public static class TlsRptChart
{
    private const double Width = 960;
    private const double PlotHeight = 160;
    private const double Top = 24;
    private const double Left = 48;

    /// <summary>Sums the reports per UTC day, oldest day first.</summary>
    /// <param name="reports">The reports.</param>
    /// <returns>One row per day with reports.</returns>
    public static IReadOnlyList<TlsRptDay> Days(IEnumerable<StoredTlsRptReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        return reports
            .GroupBy(r => DateOnly.FromDateTime(r.Report.Start.UtcDateTime))
            .OrderBy(g => g.Key)
            .Select(g => new TlsRptDay(g.Key, g.Count(), g.Sum(r => r.Report.Successes), g.Sum(r => r.Report.Failures)))
            .ToList();
    }

    /// <summary>The bar chart of failures per day.</summary>
    /// <param name="days">The days, oldest first.</param>
    /// <returns>The SVG.</returns>
    public static SvgMarkup Render(IReadOnlyList<TlsRptDay> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var svg = new SvgBuilder(Width, "tlsrpt-svg", "TLS-RPT failed sessions per day");
        var max = Math.Max(1, days.Count == 0 ? 1 : days.Max(d => d.Failures));
        var slot = days.Count == 0 ? Width - Left : (Width - Left - 10) / days.Count;
        var barWidth = Math.Clamp(slot * 0.6, 4, 60);
        var baseline = Top + PlotHeight;
        svg.Polyline("axis", null, (Left, Top), (Left, baseline), (Width - 10, baseline));
        svg.Text(Left - 6, Top + 4, max.ToString(CultureInfo.InvariantCulture), "axis-label", anchorEnd: true);
        svg.Text(Left - 6, baseline, "0", "axis-label", anchorEnd: true);
        for (var i = 0; i < days.Count; i++)
        {
            var d = days[i];
            var x = Left + (i * slot) + ((slot - barWidth) / 2);
            var h = d.Failures == 0 ? 0 : Math.Max(2, PlotHeight * d.Failures / max);
            var day = d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var title = string.Create(CultureInfo.InvariantCulture, $"{day}: {d.Failures} failed, {d.Successes} successful sessions in {d.Reports} report(s)");
            svg.Rect(x, baseline - h, barWidth, h, d.Failures == 0 ? "bar bar-zero" : "bar bar-fail", title);
            svg.Text(x + (barWidth / 2), baseline - h - 4, d.Failures.ToString(CultureInfo.InvariantCulture), "bar-label");
            if (days.Count <= 14 || i % Math.Max(1, days.Count / 10) == 0)
            {
                svg.Text(x, baseline + 16, day[5..], "axis-label");
            }
        }

        return svg.Build(baseline + 26);
    }
}

/// <summary>The reports of one day.</summary>
/// <param name="Day">The day (UTC) their period starts.</param>
/// <param name="Reports">How many reports.</param>
/// <param name="Successes">Successful sessions.</param>
/// <param name="Failures">Failed sessions.</param>
public sealed record TlsRptDay(DateOnly Day, int Reports, long Successes, long Failures);
