using DaneKit.Web.Api;
using DaneKit.Web.Monitoring;
using DaneKit.Web.Security;
using DaneKit.Web.Storage;

namespace DaneKit.Web;

/// <summary>
/// Builds the monitor: the store (migrated), the check engine, the scheduler and alert delivery, security, the pages,
/// the HTTP API and /metrics. Tests build it in-process with their own options.
/// </summary>
public static class MonitorApp
{
    /// <summary>Builds the application (not started).</summary>
    /// <param name="options">The configuration.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="cancellationToken">Cancels opening the store.</param>
    /// <returns>The application.</returns>
    public static async Task<WebApplication> BuildAsync(MonitorOptions options, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        // ApplicationName: the Razor Pages are found in this assembly, also when the entry assembly is another (tests host the monitor in-process).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(MonitorApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.WebHost.UseUrls(options.Listen);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var store = await MonitorStores.OpenAsync(options.Database, cancellationToken).ConfigureAwait(false);
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(timeProvider ?? TimeProvider.System);
        builder.Services.AddSingleton<IMonitorStore>(_ => store); // a factory: the container disposes it at shutdown
        builder.Services.AddMonitoring(options);
        builder.Services.AddMonitorSecurity(options);
        builder.Services.AddRazorPages();
        builder.Services.AddOpenApi();

        var app = builder.Build();
        app.UseMonitorSecurity();
        app.UseStaticFiles();
        app.MapRazorPages();
        app.MapMonitorApi();
        app.MapMonitorMetrics();
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }
}
