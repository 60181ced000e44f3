using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Smtp;
using DaneKit.Web.Monitoring;
using DaneKit.Web.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DaneKit.Web.Tests.Monitoring;

public sealed class MonitorCheckEngineTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "danekit-web-tests", "engine-" + Guid.NewGuid().ToString("N"));

    public MonitorCheckEngineTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task TheSsrfGuardIsOnUnlessPrivateTargetsAreAllowed()
    {
        var (_, guarded) = await MonitorCheckEngine.BuildAsync(new MonitorOptions { Resolver = "192.0.2.53" }, TimeProvider.System, CancellationToken.None);
        Assert.NotNull(guarded.RefuseAddress);
        Assert.Equal("127.0.0.1 is loopback", guarded.RefuseAddress(IPAddress.Loopback));
        Assert.NotNull(guarded.RefuseAddress(IPAddress.Parse("10.1.2.3")));
        Assert.Null(guarded.RefuseAddress(IPAddress.Parse("8.8.8.8")));
        Assert.True(guarded.MtaSts);
        Assert.Equal(CheckMode.Mail, guarded.Mode);

        var (_, open) = await MonitorCheckEngine.BuildAsync(new MonitorOptions { Resolver = "192.0.2.53", AllowPrivateTargets = true }, TimeProvider.System, CancellationToken.None);
        Assert.Null(open.RefuseAddress);
    }

    [Fact]
    public async Task TheTimeoutAndTheCaFileAreUsed()
    {
        var ca = Path.Combine(_directory, "ca.pem");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=Test Root", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllTextAsync(ca, root.ExportCertificatePem());
        }

        var options = new MonitorOptions { Resolver = "192.0.2.53:5353", CaFile = ca, CheckTimeout = TimeSpan.FromSeconds(3) };
        var (_, check) = await MonitorCheckEngine.BuildAsync(options, TimeProvider.System, CancellationToken.None);
        Assert.Single(check.MtaStsFetch.CustomRoots!);
        Assert.Equal(TimeSpan.FromSeconds(3), check.MtaStsFetch.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(12), check.MtaStsFetch.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(12), check.LookupTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), check.Probe.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(12), check.Probe.OverallTimeout);
    }

    [Theory]
    [InlineData("--trust-anchor", "TrustAnchor")]
    [InlineData("--ca-file", "CaFile")]
    [InlineData("--root-hints", "RootHints")]
    public async Task ABadFileIsOneClearError(string option, string member)
    {
        var missing = Path.Combine(_directory, "missing.txt");
        var garbage = Path.Combine(_directory, "garbage.txt");
        await File.WriteAllTextAsync(garbage, "not a file of that kind\n");
        foreach (var path in new[] { missing, garbage })
        {
            var options = member switch
            {
                "TrustAnchor" => new MonitorOptions { Resolver = "192.0.2.53", TrustAnchor = path },
                "CaFile" => new MonitorOptions { Resolver = "192.0.2.53", CaFile = path },
                _ => new MonitorOptions { Iterative = true, RootHints = path },
            };
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => MonitorCheckEngine.BuildAsync(options, TimeProvider.System, CancellationToken.None));
            Assert.StartsWith(option + ":", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("192.0.2.53", "192.0.2.53:53")]
    [InlineData("192.0.2.53:5353", "192.0.2.53:5353")]
    [InlineData("2001:db8::53", "[2001:db8::53]:53")]
    [InlineData("[2001:db8::53]:5353", "[2001:db8::53]:5353")]
    [InlineData("resolver.example", null)]
    [InlineData("", null)]
    public void ResolverAddresses(string text, string? expected) => Assert.Equal(expected, MonitorCheckEngine.ParseServer(text)?.ToString());

    [Fact]
    public async Task TheMonitorRegistersTheServices()
    {
        await using var host = await MonitorHost.StartAsync();
        Assert.IsType<MonitorChecks>(host.Service<IMonitorChecks>());
        Assert.Same(host.Service<MonitorCheckEngine>(), host.Service<IMonitorCheckEngine>());
        Assert.NotNull(host.Service<SharedProber>());
        Assert.DoesNotContain(host.App.Services.GetServices<IHostedService>(), s => s is MonitorScheduler);
        Assert.Contains(host.App.Services.GetServices<IHostedService>(), s => s is AlertDelivery);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // left behind
        }
    }
}
