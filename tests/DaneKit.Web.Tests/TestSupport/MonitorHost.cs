using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DaneKit.Web.Tests.TestSupport;

/// <summary>
/// The monitor running in-process on 127.0.0.1 (a free port) with a SQLite store in a fresh temporary directory. Tests
/// change the options they need; the scheduler is off unless they turn it on.
/// </summary>
public sealed class MonitorHost : IAsyncDisposable
{
    private MonitorHost(WebApplication app, string directory, Uri baseAddress, MonitorOptions options)
    {
        App = app;
        Directory = directory;
        BaseAddress = baseAddress;
        Options = options;
    }

    /// <summary>The running application.</summary>
    public WebApplication App { get; }

    /// <summary>The temporary directory (the store is <c>monitor.db</c> in it).</summary>
    public string Directory { get; }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The options it runs with.</summary>
    public MonitorOptions Options { get; }

    /// <summary>A service of the application.</summary>
    /// <typeparam name="T">The service type.</typeparam>
    /// <returns>The service.</returns>
    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>An HTTP client for the monitor (no cookies kept, no redirects followed).</summary>
    /// <returns>The client; the caller disposes it.</returns>
    public HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };

    /// <summary>Starts a monitor.</summary>
    /// <param name="change">Changes to the default test options (SQLite in the temporary directory, no scheduler, port 0).</param>
    /// <param name="timeProvider">The clock, or the system clock.</param>
    /// <returns>The running host.</returns>
    public static async Task<MonitorHost> StartAsync(Func<MonitorOptions, MonitorOptions>? change = null, TimeProvider? timeProvider = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "danekit-web-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var options = new MonitorOptions { Database = Path.Combine(directory, "monitor.db"), Listen = "http://127.0.0.1:0", Scheduler = false };
        options = change?.Invoke(options) ?? options;
        var app = await MonitorApp.BuildAsync(options, timeProvider);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MonitorHost(app, directory, new Uri(address.TrimEnd('/') + "/"), options);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on a slow shutdown: the temporary directory stays, harmless
        }
    }
}
