namespace DaneKit.Web.Security;

/// <summary>The authorization policies of the monitor; pages and endpoints name them, the security services define them.</summary>
public static class MonitorPolicies
{
    /// <summary>Reading the dashboard and the read API: anyone when the dashboard is public (<c>--public</c>), else a login or the API token.</summary>
    public const string Read = "danekit-read";

    /// <summary>Every change (add, remove, check now, settings): a login session (with antiforgery on forms) or the API token.</summary>
    public const string Write = "danekit-write";
}
