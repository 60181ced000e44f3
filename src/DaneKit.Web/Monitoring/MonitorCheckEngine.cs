using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dnssec;
using DaneKit.MtaSts;
using DaneKit.Smtp;
using DaneKit.Tls;

namespace DaneKit.Web.Monitoring;

/// <summary>Runs one DANE check of a domain; the monitor's is <see cref="MonitorCheckEngine"/>, tests give scripted results.</summary>
public interface IMonitorCheckEngine
{
    /// <summary>Checks a mail domain.</summary>
    /// <param name="domain">The domain, absolute.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The result (DNS and network trouble are in it, never an exception).</returns>
    Task<DaneCheckResult> CheckAsync(string domain, CancellationToken cancellationToken);
}

/// <summary>
/// The monitor's check engine: one <see cref="IDnssecValidator"/> for every check (its key cache is shared), built from
/// the options as <c>danekit check</c> builds it from <c>--resolver</c>, <c>--iterative</c>, <c>--trust-anchor</c> and
/// <c>--root-hints</c>; MTA-STS on, with <c>--ca-file</c> as extra roots; the SSRF guard unless private targets are
/// allowed; and the shared <see cref="SharedProber"/> (per-MX-host limit, results shared for the MX share window).
/// The validator is built on first use (reading the files); a bad file fails every check with the reason.
/// </summary>
public sealed class MonitorCheckEngine : IMonitorCheckEngine, IDisposable
{
    private readonly MonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly SharedProber _prober;
    private readonly SemaphoreSlim _setUp = new(1, 1);
    private DaneChecker? _checker;

    /// <summary>Creates the engine; nothing is read yet.</summary>
    /// <param name="options">The configuration.</param>
    /// <param name="prober">The shared prober.</param>
    /// <param name="timeProvider">The clock.</param>
    public MonitorCheckEngine(MonitorOptions options, SharedProber prober, TimeProvider timeProvider)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _prober = prober ?? throw new ArgumentNullException(nameof(prober));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <inheritdoc/>
    public async Task<DaneCheckResult> CheckAsync(string domain, CancellationToken cancellationToken)
    {
        var checker = await CheckerAsync(cancellationToken).ConfigureAwait(false);
        return await checker.CheckAsync(domain, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the checker on first use (and validates the configuration files).</summary>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The checker.</returns>
    /// <exception cref="InvalidOperationException">A configured file cannot be read or is not valid.</exception>
    public async Task<DaneChecker> CheckerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _checker) is { } ready)
        {
            return ready;
        }

        await _setUp.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_checker is null)
            {
                var (validator, options) = await BuildAsync(_options, _time, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _checker, new DaneChecker(validator, _prober, options, _time));
            }

            return _checker;
        }
        finally
        {
            _setUp.Release();
        }
    }

    /// <summary>The validator and check options for a configuration, as the CLI makes them.</summary>
    /// <param name="o">The configuration.</param>
    /// <param name="time">The clock.</param>
    /// <param name="ct">Cancels.</param>
    /// <returns>The validator and options.</returns>
    /// <exception cref="InvalidOperationException">A file cannot be read or is not valid; the message names the option.</exception>
    public static async Task<(IDnssecValidator Validator, CheckOptions Options)> BuildAsync(MonitorOptions o, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(time);
        var step = o.CheckTimeout;
        IPEndPoint? resolver = null;
        if (o.Resolver is { } server)
        {
            resolver = ParseServer(server) ?? throw new InvalidOperationException($"--resolver: '{server}' is not an IP address");
        }

        var (stub, problem) = await ValidatorSetup.StubOptionsAsync(resolver, o.Iterative, step, ct).ConfigureAwait(false);
        if (stub is null)
        {
            throw new InvalidOperationException(problem);
        }

        DnssecValidator validator;
        try
        {
            validator = await ValidatorSetup.CreateAsync(stub, o.Iterative, o.TrustAnchor, o.RootHints, step, time, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (ValidatorSetupException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }

        X509Certificate2Collection? roots = null;
        if (o.CaFile is { } caFile)
        {
            try
            {
                roots = TrustRootFile.Load(caFile);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"--ca-file: {e.Message}", e);
            }
        }

        var defaults = new MtaStsFetchOptions();
        var options = new CheckOptions
        {
            MtaSts = true,
            MtaStsFetch = new MtaStsFetchOptions
            {
                CustomRoots = roots,
                ConnectTimeout = step ?? defaults.ConnectTimeout,
                Timeout = step is { } total ? 4 * total : defaults.Timeout,
                TimeProvider = time,
            },
            RefuseAddress = o.AllowPrivateTargets ? null : AddressScope.WhyNotPublic,
        };
        if (step is { } s)
        {
            // As danekit check --timeout: the deadline of each network step; a probe and a validated lookup get four.
            options = options with
            {
                LookupTimeout = 4 * s,
                Probe = options.Probe with { ConnectTimeout = s, ReplyTimeout = s, TlsHandshakeTimeout = s, OverallTimeout = 4 * s },
            };
        }

        return (validator, options);
    }

    /// <summary>An IP address with an optional port (<c>IP</c>, <c>IP:port</c>, <c>[IPv6]:port</c>); port 53 when none.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The endpoint, or null.</returns>
    internal static IPEndPoint? ParseServer(string text)
    {
        if (IPAddress.TryParse(text, out var bare) && !text.StartsWith('['))
        {
            return new IPEndPoint(bare, 53);
        }

        if (IPEndPoint.TryParse(text, out var endpoint) && (endpoint.Address.AddressFamily == AddressFamily.InterNetwork || text.StartsWith('[')))
        {
            return endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, 53) : endpoint;
        }

        return null;
    }

    /// <inheritdoc/>
    public void Dispose() => _setUp.Dispose();
}
