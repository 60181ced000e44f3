using DaneKit.Web.Rendering;
using DaneKit.Web.Security;
using DaneKit.Web.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DaneKit.Web.Pages;

/// <summary>The TLS-RPT page (<c>/tlsrpt</c>, optionally <c>?domain=</c>): the reports received and their failures per day.</summary>
[Authorize(Policy = MonitorPolicies.Read)]
public sealed class TlsRptModel : PageModel
{
    /// <summary>How many reports the page reads.</summary>
    public const int Limit = 500;

    private readonly IMonitorStore _store;

    /// <summary>Creates the page.</summary>
    /// <param name="store">The store.</param>
    public TlsRptModel(IMonitorStore store) => _store = store;

    /// <summary>The policy domain asked for, or null for all.</summary>
    [BindProperty(SupportsGet = true, Name = "domain")]
    public string? PolicyDomain { get; set; }

    /// <summary>The reports, newest first.</summary>
    public IReadOnlyList<StoredTlsRptReport> Reports { get; private set; } = [];

    /// <summary>The reports per day, oldest first.</summary>
    public IReadOnlyList<TlsRptDay> Days { get; private set; } = [];

    /// <summary>The failures-per-day chart.</summary>
    public SvgMarkup? Chart { get; private set; }

    /// <summary>Shows the page.</summary>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>A task.</returns>
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        string? domain = null;
        if (!string.IsNullOrWhiteSpace(PolicyDomain) && MonitorCommandLine.TryDomain(PolicyDomain, out var name))
        {
            domain = name;
            PolicyDomain = DomainView.Slug(name);
        }
        else
        {
            PolicyDomain = null;
        }

        Reports = await _store.TlsRptReportsAsync(domain, Limit, cancellationToken).ConfigureAwait(false);
        Days = TlsRptChart.Days(Reports);
        Chart = Days.Count == 0 ? null : TlsRptChart.Render(Days);
    }
}
