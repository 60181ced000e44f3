using System.Text.Json;
using DaneKit.Web.Monitoring;
using DaneKit.Web.Rendering;
using DaneKit.Web.Security;
using DaneKit.Web.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DaneKit.Web.Pages;

/// <summary>
/// A domain's page (<c>/domain/{name}</c>, the name without the final dot): the newest check, or the one named by
/// <c>?check=ID</c>, with its verdict, match matrix, chain of trust, findings and fixes, the records to publish, the
/// MTA-STS and TLS-RPT part, the history and the recent alerts; and the "check now" button. 404 for a domain not monitored.
/// </summary>
[Authorize(Policy = MonitorPolicies.Read)]
public sealed class DomainModel : PageModel
{
    /// <summary>How many checks the history shows.</summary>
    public const int HistoryLimit = 50;

    /// <summary>How many alerts the page shows.</summary>
    public const int AlertLimit = 20;

    private readonly IMonitorStore _store;
    private readonly IAuthorizationService _authorization;

    /// <summary>Creates the page.</summary>
    /// <param name="store">The store.</param>
    /// <param name="authorization">Checks the write policy of "check now".</param>
    public DomainModel(IMonitorStore store, IAuthorizationService authorization)
    {
        _store = store;
        _authorization = authorization;
    }

    /// <summary>The name as given in the address.</summary>
    [BindProperty(SupportsGet = true, Name = "name")]
    public string Name { get; set; } = "";

    /// <summary>The check asked for with <c>?check=</c>, or null for the newest.</summary>
    [BindProperty(SupportsGet = true, Name = "check")]
    public long? CheckId { get; set; }

    /// <summary>The domain, or null when it is not monitored.</summary>
    public MonitoredDomain? Domain { get; private set; }

    /// <summary>The check shown, or null when the domain was never checked.</summary>
    public CheckSummary? Check { get; private set; }

    /// <summary>The view of the check shown, or null.</summary>
    public DomainView? View { get; private set; }

    /// <summary>Why the stored result cannot be shown, or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>The history, newest first.</summary>
    public IReadOnlyList<CheckSummary> History { get; private set; } = [];

    /// <summary>The newest alerts of the domain.</summary>
    public IReadOnlyList<StoredAlert> Alerts { get; private set; } = [];

    /// <summary>The domain without the final dot, for addresses.</summary>
    public string Slug => Domain is null ? Name : DomainView.Slug(Domain.Name);

    /// <summary>Shows the page.</summary>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The page, or 404.</returns>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadDomainAsync(cancellationToken).ConfigureAwait(false))
        {
            return NotFoundPage();
        }

        StoredCheck? stored;
        if (CheckId is { } id)
        {
            stored = await _store.GetCheckAsync(id, cancellationToken).ConfigureAwait(false);
            if (stored is null || !string.Equals(stored.Summary.Domain, Domain!.Name, StringComparison.OrdinalIgnoreCase))
            {
                return NotFoundPage();
            }
        }
        else
        {
            stored = await _store.LatestCheckAsync(Domain!.Name, cancellationToken).ConfigureAwait(false);
        }

        if (stored is not null)
        {
            Check = stored.Summary;
            try
            {
                View = DomainViewCache.Get(_store, stored);
            }
            catch (JsonException e)
            {
                Problem = "The stored result of this check cannot be read: " + e.Message;
            }
        }

        History = await _store.HistoryAsync(Domain.Name, HistoryLimit, cancellationToken).ConfigureAwait(false);
        Alerts = await _store.RecentAlertsAsync(Domain.Name, AlertLimit, cancellationToken).ConfigureAwait(false);
        return Page();
    }

    /// <summary>"Check now" (write policy; antiforgery by the form): checks the domain and shows the new check.</summary>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>A redirect to the page, or 404.</returns>
    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken)
    {
        var allowed = await _authorization.AuthorizeAsync(User, MonitorPolicies.Write).ConfigureAwait(false);
        if (!allowed.Succeeded)
        {
            return User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
        }

        if (!await LoadDomainAsync(cancellationToken).ConfigureAwait(false))
        {
            return NotFoundPage();
        }

        var checks = HttpContext.RequestServices.GetService<IMonitorChecks>();
        if (checks is null)
        {
            await _store.MakeDueAsync(Domain!.Name, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
            return Redirect(PageUrl(null));
        }

        try
        {
            await checks.CheckNowAsync(Domain!.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyNotFoundException)
        {
            return NotFoundPage();
        }

        VerdictCountCache.Invalidate(_store);
        return Redirect(PageUrl(null));
    }

    /// <summary>The address of this domain's page, optionally of one check.</summary>
    /// <param name="check">The check, or null for the newest.</param>
    /// <returns>The relative URL.</returns>
    public string PageUrl(long? check) =>
        "/domain/" + Uri.EscapeDataString(Slug) + (check is { } id ? "?check=" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");

    private async Task<bool> LoadDomainAsync(CancellationToken cancellationToken)
    {
        if (!MonitorCommandLine.TryDomain(Name, out var name))
        {
            return false;
        }

        Domain = await _store.GetDomainAsync(name, cancellationToken).ConfigureAwait(false);
        return Domain is not null;
    }

    private PageResult NotFoundPage()
    {
        Domain = null;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
