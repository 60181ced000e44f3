using DaneKit.Smtp;

namespace DaneKit.Web.Monitoring;

/// <summary>The check engine, the scheduler, change detection and alert delivery, for <see cref="MonitorApp"/>.</summary>
public static class MonitoringServices
{
    /// <summary>
    /// Registers the services: the shared prober and check engine, <see cref="IMonitorChecks"/>, alert delivery (when a
    /// webhook or mail is configured) and the scheduler (when <see cref="MonitorOptions.Scheduler"/>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="options">The configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddMonitoring(this IServiceCollection services, MonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            return new SharedProber(new DaneCheckProber(ProbeOptions(options), time), options.MaxConcurrentPerMxHost, options.MxShareWindow, time);
        });
        services.AddSingleton<MonitorCheckEngine>();
        services.AddSingleton<IMonitorCheckEngine>(sp => sp.GetRequiredService<MonitorCheckEngine>());
        services.AddSingleton<AlertSignal>();
        services.AddSingleton<IMonitorChecks, MonitorChecks>();
        services.AddHostedService<AlertDelivery>();
        if (options.Scheduler)
        {
            services.AddHostedService<MonitorScheduler>();
        }

        return services;
    }

    /// <summary>The probe options for the configured step timeout (as <c>danekit check --timeout</c>).</summary>
    private static SmtpProbeOptions ProbeOptions(MonitorOptions options) =>
        options.CheckTimeout is { } s
            ? new SmtpProbeOptions { ConnectTimeout = s, ReplyTimeout = s, TlsHandshakeTimeout = s, OverallTimeout = 4 * s }
            : new SmtpProbeOptions();
}
