namespace DaneKit.Web.Api;

/// <summary>PLACEHOLDER (owned by the API/security work; replaced): the HTTP API, TLS-RPT ingestion and /metrics.</summary>
public static class ApiEndpoints
{
    /// <summary>Maps the API.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapMonitorApi(this WebApplication app) => app;

    /// <summary>Maps /metrics.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapMonitorMetrics(this WebApplication app) => app;
}
