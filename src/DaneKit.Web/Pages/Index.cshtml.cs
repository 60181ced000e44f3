using System.Globalization;
using DaneKit.Web.Rendering;
using DaneKit.Web.Security;
using DaneKit.Web.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DaneKit.Web.Pages;

/// <summary>
/// The overview (<c>/</c>): the domains, 100 a page (<c>?page=</c>), optionally those whose name contains <c>?q=</c>,
/// each with its verdict, MTA-STS outcome, last check and open findings; counts per verdict at the top; and the "add
/// domain" form. One page query and one count query, whatever the number of domains.
/// </summary>
[Authorize(Policy = MonitorPolicies.Read)]
public sealed class IndexModel : PageModel
{
    /// <summary>Domains a page.</summary>
    public const int PageSize = 100;

    private readonly IMonitorStore _store;
    private readonly MonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly IAuthorizationService _authorization;

    /// <summary>Creates the page.</summary>
    /// <param name="store">The store.</param>
    /// <param name="options">The configuration.</param>
    /// <param name="time">The clock.</param>
    /// <param name="authorization">Checks the write policy of the form.</param>
    public IndexModel(IMonitorStore store, MonitorOptions options, TimeProvider time, IAuthorizationService authorization)
    {
        _store = store;
        _options = options;
        _time = time;
        _authorization = authorization;
    }

    /// <summary>The page number, from 1 (<c>?page=</c>, read from the query: "page" is a route value of Razor Pages).</summary>
    public int PageNumber { get; private set; } = 1;

    /// <summary>The search text, or null.</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    /// <summary>The domain typed into the "add domain" form.</summary>
    [BindProperty(Name = "domain")]
    public string? NewDomain { get; set; }

    /// <summary>Why the domain could not be added, or null.</summary>
    public string? AddProblem { get; private set; }

    /// <summary>The domains of this page.</summary>
    public IReadOnlyList<MonitoredDomain> Domains { get; private set; } = [];

    /// <summary>How many domains match.</summary>
    public int Total { get; private set; }

    /// <summary>Counts per verdict (wire name; <c>unchecked</c> for none yet), worst first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Counts { get; private set; } = [];

    /// <summary>The number of pages.</summary>
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>Whether the viewer may change things (the add form is shown only then: readers get no form, and no antiforgery token to make).</summary>
    public bool CanWrite { get; private set; }

    /// <summary>Shows the overview.</summary>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>A task.</returns>
    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Adds a domain (write policy; antiforgery by the form), then shows its page.</summary>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>A redirect to the domain's page, or the overview with the problem.</returns>
    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        if (await WriteDeniedAsync(_authorization).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        if (!MonitorCommandLine.TryDomain(NewDomain, out var name))
        {
            AddProblem = $"'{NewDomain}' is not a domain name (letters, digits and hyphens, at least two labels).";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken).ConfigureAwait(false);
            return Page();
        }

        await _store.AddDomainAsync(name, _options.DefaultInterval, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        VerdictCountCache.Invalidate(_store);
        return Redirect("/domain/" + Uri.EscapeDataString(name.TrimEnd('.')));
    }

    /// <summary>The address of another page of the list, keeping the search.</summary>
    /// <param name="page">The page number.</param>
    /// <returns>The relative URL.</returns>
    public string PageUrl(int page)
    {
        var url = "/?page=" + page.ToString(CultureInfo.InvariantCulture);
        return string.IsNullOrEmpty(Query) ? url : url + "&q=" + Uri.EscapeDataString(Query);
    }

    /// <summary>Null when the user may change things; else the result that asks for a login or forbids.</summary>
    /// <param name="authorization">The authorization service.</param>
    /// <returns>The result, or null.</returns>
    internal async Task<IActionResult?> WriteDeniedAsync(IAuthorizationService authorization)
    {
        var allowed = await authorization.AuthorizeAsync(User, MonitorPolicies.Write).ConfigureAwait(false);
        if (allowed.Succeeded)
        {
            return null;
        }

        return User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        CanWrite = User.Identity?.IsAuthenticated == true && (await _authorization.AuthorizeAsync(User, MonitorPolicies.Write).ConfigureAwait(false)).Succeeded;
        Query = string.IsNullOrWhiteSpace(Query) ? null : Query.Trim().ToLowerInvariant();
        if (Query is { Length: > 253 })
        {
            Query = Query[..253];
        }

        PageNumber = int.TryParse(Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1;
        var (domains, total) = await _store.ListDomainsAsync((PageNumber - 1) * PageSize, PageSize, Query, cancellationToken).ConfigureAwait(false);
        Domains = domains;
        Total = total;
        var counts = await VerdictCountCache.GetAsync(_store, _time, cancellationToken).ConfigureAwait(false);
        Counts = counts.OrderBy(c => VerdictOrder(c.Key)).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
    }

    private static int VerdictOrder(string verdict) => verdict switch
    {
        "dane-fail" => 0,
        "no-tls" => 1,
        "deferred" => 2,
        "encrypted-unauthenticated" => 3,
        "opportunistic" => 4,
        "authenticated-insecure-mx" => 5,
        "authenticated" => 6,
        "no-mail" => 7,
        _ => 8,
    };
}
