using System.Net;
using DaneKit.Dns.Resolver;

namespace DaneKit.Dnssec;

/// <summary>
/// Builds DaneKit's own validating resolver the way the commands and the monitor configure it: a trust anchor file (the
/// IANA root KSKs when none), and DNS data from a stub resolver or iteratively from root hints (the IANA hints when none).
/// </summary>
public static class ValidatorSetup
{
    /// <summary>
    /// Where DNS data comes from, as the commands and the monitor choose it: the resolver given, else (unless iterative)
    /// the nameservers of <c>/etc/resolv.conf</c>; with the per-query timeout when one is given.
    /// </summary>
    /// <param name="resolver">The resolver given (<c>--resolver</c>), or null.</param>
    /// <param name="iterative">Resolve from the root hints: the stub's servers are not used.</param>
    /// <param name="timeout">The per-query timeout, or null for the default.</param>
    /// <param name="cancellationToken">Cancels reading resolv.conf.</param>
    /// <returns>The options, or why there are none (one line that says what to do).</returns>
    public static async Task<(StubResolverOptions? Stub, string? Problem)> StubOptionsAsync(IPEndPoint? resolver, bool iterative, TimeSpan? timeout,
        CancellationToken cancellationToken)
    {
        StubResolverOptions stub;
        if (resolver is not null)
        {
            stub = new StubResolverOptions { Servers = [resolver] };
        }
        else if (iterative)
        {
            stub = new StubResolverOptions();
        }
        else
        {
            try
            {
                stub = StubResolverOptions.FromResolvConf(await ResolvConf.LoadAsync(cancellationToken: cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (null, $"cannot read {ResolvConf.DefaultPath}: {e.Message}; use --resolver or --iterative");
            }

            if (stub.Servers.Count == 0)
            {
                return (null, $"no nameserver in {ResolvConf.DefaultPath}; use --resolver or --iterative");
            }
        }

        return (timeout is { } t ? stub with { Timeout = t } : stub, null);
    }

    /// <summary>Loads the anchors (and hints) and builds the validator.</summary>
    /// <param name="stub">The stub resolver's options (servers, timeout), used unless <paramref name="iterative"/>.</param>
    /// <param name="iterative">Resolve from the root hints instead of the stub resolver.</param>
    /// <param name="trustAnchorFile">The trust anchor file, or null for <see cref="TrustAnchors.IanaRoot"/>.</param>
    /// <param name="rootHintsFile">The root hints file for <paramref name="iterative"/>, or null for the IANA hints.</param>
    /// <param name="queryTimeout">The per-query timeout of iterative resolution, or null for its default.</param>
    /// <param name="timeProvider">The clock, or null for the system clock.</param>
    /// <param name="cacheLookups">
    /// Keep the stub resolver's responses for their TTL (<see cref="CachingDataSource"/>), for many checks in one
    /// process (a scan). Off for a single check and for the monitor, which must see a fix at the next check.
    /// </param>
    /// <param name="cancellationToken">Cancels loading the files.</param>
    /// <returns>The validator.</returns>
    /// <exception cref="ValidatorSetupException">A file could not be read; <see cref="ValidatorSetupException.Option"/> names it.</exception>
    public static async Task<DnssecValidator> CreateAsync(StubResolverOptions stub, bool iterative, string? trustAnchorFile, string? rootHintsFile,
        TimeSpan? queryTimeout, TimeProvider? timeProvider = null, bool cacheLookups = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stub);
        var time = timeProvider ?? TimeProvider.System;
        TrustAnchors anchors;
        try
        {
            anchors = trustAnchorFile is null ? TrustAnchors.IanaRoot : await TrustAnchors.LoadAsync(trustAnchorFile, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ValidatorSetupException("--trust-anchor", e);
        }

        IDnssecDataSource source;
        if (iterative)
        {
            RootHints hints;
            try
            {
                hints = rootHintsFile is null ? RootHints.Iana : await RootHints.LoadAsync(rootHintsFile, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new ValidatorSetupException("--root-hints", e);
            }

            var options = new IterativeResolverOptions { RootHints = hints, DnssecOk = true };
            if (queryTimeout is { } q)
            {
                options = options with { QueryTimeout = q };
            }

            source = new IterativeDataSource(new IterativeResolver(options, timeProvider: time));
        }
        else
        {
            source = new StubDataSource(stub, timeProvider: time);
            if (cacheLookups)
            {
                source = new CachingDataSource(source, time);
            }
        }

        return new DnssecValidator(source, anchors, timeProvider: time);
    }
}

/// <summary>A file <see cref="ValidatorSetup"/> needs could not be read.</summary>
public sealed class ValidatorSetupException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="option">The option that names the file, e.g. <c>--trust-anchor</c>.</param>
    /// <param name="inner">Why it could not be read.</param>
    public ValidatorSetupException(string option, Exception inner)
        : base($"{option}: {inner?.Message}", inner) => Option = option;

    /// <summary>Creates the exception.</summary>
    public ValidatorSetupException()
    {
        Option = "";
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ValidatorSetupException(string message)
        : base(message) => Option = "";

    /// <summary>The option that names the file.</summary>
    public string Option { get; }
}
