using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DaneKit.Web.Pages;

/// <summary>The login page (<c>/login</c>): a form that posts to <c>/account/login</c>; <c>?failed=1</c> shows that the last try failed.</summary>
[AllowAnonymous]
public sealed class LoginModel : PageModel
{
    private readonly MonitorOptions _options;

    /// <summary>Creates the page.</summary>
    /// <param name="options">The configuration.</param>
    public LoginModel(MonitorOptions options) => _options = options;

    /// <summary>Where to go after the login: a local path, else <c>/</c>.</summary>
    [BindProperty(SupportsGet = true, Name = "returnUrl")]
    public string? ReturnUrl { get; set; }

    /// <summary>Whether the last try failed.</summary>
    [BindProperty(SupportsGet = true, Name = "failed")]
    public string? Failed { get; set; }

    /// <summary>Whether the monitor has a login at all.</summary>
    public bool LoginEnabled => _options.AdminPassword is not null;

    /// <summary>Shows the form.</summary>
    public void OnGet()
    {
        if (string.IsNullOrEmpty(ReturnUrl) || !Url.IsLocalUrl(ReturnUrl))
        {
            ReturnUrl = "/";
        }
    }
}
