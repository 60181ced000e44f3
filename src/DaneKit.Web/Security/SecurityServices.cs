namespace DaneKit.Web.Security;

/// <summary>PLACEHOLDER (owned by the API/security work; replaced): authentication, authorization, antiforgery.</summary>
public static class SecurityServices
{
    /// <summary>Registers the services.</summary>
    /// <param name="services">The services.</param>
    /// <param name="options">The configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddMonitorSecurity(this IServiceCollection services, MonitorOptions options) => services;

    /// <summary>Adds the middleware.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication UseMonitorSecurity(this WebApplication app) => app;
}
