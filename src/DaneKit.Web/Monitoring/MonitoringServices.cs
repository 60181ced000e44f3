namespace DaneKit.Web.Monitoring;

/// <summary>PLACEHOLDER (owned by the monitoring work; replaced): the check engine, scheduler, change detection and alert delivery.</summary>
public static class MonitoringServices
{
    /// <summary>Registers the services.</summary>
    /// <param name="services">The services.</param>
    /// <param name="options">The configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddMonitoring(this IServiceCollection services, MonitorOptions options) => services;
}
