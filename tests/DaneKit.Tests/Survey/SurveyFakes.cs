using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dnssec;
using DaneKit.Smtp;
using DaneKit.Survey;
using DaneKit.Tests.Check;

namespace DaneKit.Tests.Survey;

/// <summary>
/// A scripted world for scans: domains <c>dN.example.</c> whose MX is one of a few MX hosts (Secure, with a DANE-EE record
/// of the certificate each serves), checked by a real <see cref="DaneChecker"/> over <see cref="FakeDnssec"/> and a
/// counting prober under a <see cref="SharedProber"/>.
/// </summary>
internal sealed class ScanWorld : IDisposable
{
    private readonly X509Certificate2 _leaf = CheckCerts.SelfSigned("mx.shared.example");

    public FakeDnssec Dns { get; } = new();

    public CountingProber Prober { get; } = new();

    public CheckClock Clock { get; } = new(CheckWorld.Now);

    public CheckOptions Options { get; } = new() { MtaSts = false, Probe = new SmtpProbeOptions { OverallTimeout = TimeSpan.FromSeconds(20) } };

    /// <summary>An MX host with DANE at <paramref name="addresses"/>, serving the certificate its TLSA record names.</summary>
    public ScanWorld DaneHost(string host, params string[] addresses)
    {
        Dns.A(host, SecurityStatus.Secure, addresses).Tlsa($"_25._tcp.{host}", SecurityStatus.Secure, CheckCerts.Ee311(_leaf));
        foreach (var a in addresses)
        {
            Prober.Serve(a, _leaf);
        }

        return this;
    }

    /// <summary>An MX host without TLSA (a Secure denial), so opportunistic TLS.</summary>
    public ScanWorld PlainHost(string host, string address)
    {
        Dns.A(host, SecurityStatus.Secure, address);
        Prober.Serve(address, _leaf);
        return this;
    }

    public ScanWorld Domain(string domain, params string[] mxHosts)
    {
        Dns.Mx(domain, SecurityStatus.Secure, mxHosts.Select((h, i) => (10 * (i + 1), h)).ToArray());
        return this;
    }

    /// <summary>A shared prober over <see cref="Prober"/>, as the scan makes it.</summary>
    public SharedProber Shared(bool reprobe = false, int perMx = 4, int perIp = 2) =>
        new(Prober, perMx, SharedProber.Forever, Clock, perIp, share: !reprobe);

    public SurveyCheck Check(SharedProber prober)
    {
        var checker = new DaneChecker(Dns, prober, Options, Clock);
        return (domain, ct) => checker.CheckAsync(domain, ct);
    }

    public void Dispose() => _leaf.Dispose();
}

/// <summary>A prober that serves scripted certificates and counts calls, and probes in flight per host name and per address.</summary>
internal sealed class CountingProber : ISmtpProber
{
    private readonly ConcurrentDictionary<IPAddress, X509Certificate2> _served = new();
    private readonly ConcurrentDictionary<string, int> _inFlight = new();
    private readonly ConcurrentDictionary<string, int> _max = new();
    private int _calls;

    /// <summary>When set, every probe waits for it (or for its own cancellation).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, probes of this address never end (until cancelled).</summary>
    public IPAddress? Hang { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public ConcurrentQueue<(IPEndPoint Endpoint, string ServerName)> Made { get; } = new();

    public void Serve(string address, X509Certificate2 leaf) => _served[IPAddress.Parse(address)] = leaf;

    public int MaxInFlight(string hostOrAddress) => _max.GetValueOrDefault(hostOrAddress);

    public int InFlight(string hostOrAddress) => _inFlight.GetValueOrDefault(hostOrAddress);

    public async Task<SmtpProbeResult> ProbeAsync(IPEndPoint endpoint, string serverName, SmtpProbeMode mode, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        Made.Enqueue((endpoint, serverName));
        var keys = new[] { "host:" + serverName, "ip:" + endpoint.Address };
        foreach (var key in keys)
        {
            var now = _inFlight.AddOrUpdate(key, 1, (_, n) => n + 1);
            _max.AddOrUpdate(key, now, (_, m) => Math.Max(m, now));
        }

        try
        {
            if (Hang is { } hang && hang.Equals(endpoint.Address))
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            await Task.Yield();
            return _served.TryGetValue(endpoint.Address, out var leaf)
                ? FakeProber.Tls(endpoint, serverName, mode, [leaf])
                : FakeProber.Failed(endpoint, serverName, mode, SmtpProbeFailureKind.ConnectionRefused, SmtpProbeStep.Connect, "connection refused");
        }
        finally
        {
            foreach (var key in keys)
            {
                _inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
            }
        }
    }
}

/// <summary>Reading a scan's output in tests.</summary>
internal static class ScanFiles
{
    public static string TempFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"danekit-scan-{Guid.NewGuid():N}.jsonl");
        return path;
    }

    /// <summary>The lines of the output, each checked to be a check document (read by CheckJson.Read) or an error record.</summary>
    public static List<(string Domain, DaneCheckResult? Result, string? Error)> Read(string path)
    {
        var text = File.ReadAllText(path);
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "the output ends in a newline");
        var lines = new List<(string, DaneCheckResult?, string?)>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = System.Text.Json.JsonDocument.Parse(line);
            if (document.RootElement.TryGetProperty("error", out var error))
            {
                lines.Add((document.RootElement.GetProperty("domain").GetString()!, null, error.GetString()));
            }
            else
            {
                var result = DaneKit.Reporting.CheckJson.Read(line);
                Assert.Equal(DaneKit.Reporting.CheckExitCodes.For(result.Verdict), document.RootElement.GetProperty("exitCode").GetInt32());
                lines.Add((result.Domain, result, null));
            }
        }

        return lines;
    }

    public static async Task WaitUntil(Func<bool> condition, int seconds = 10)
    {
        for (var i = 0; i < seconds * 100 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
