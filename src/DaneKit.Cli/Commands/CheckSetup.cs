using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dnssec;
using DaneKit.MtaSts;
using DaneKit.Smtp;
using DaneKit.Tls;
using DaneKit.Tlsa;

namespace DaneKit.Cli.Commands;

/// <summary>
/// What <c>danekit check</c> and <c>danekit scan</c> share: the validator and the check options built from
/// <c>--resolver</c>, <c>--iterative</c>, <c>--trust-anchor</c>, <c>--root-hints</c>, <c>--trust-ad</c>, <c>--ca-file</c>
/// and <c>--timeout</c>.
/// </summary>
internal static class CheckSetup
{
    /// <summary>
    /// Reads the files and builds the validator (own validation from the trust anchor over a stub or iterative source, or
    /// the resolver's AD bit) and, for a service with PKIX usages, the PKIX trust roots.
    /// </summary>
    /// <param name="request">The checked values.</param>
    /// <param name="cacheLookups">Keep DNS responses for their TTL across checks (the scan; see <see cref="CachingDataSource"/>).</param>
    /// <param name="time">The validator's clock (a pinned one for <c>rollover --at</c>), or null for the system clock.</param>
    /// <param name="ct">Cancels the reading.</param>
    /// <returns>The validator and the options, or what is wrong (one line, naming the option) for exit code 64.</returns>
    public static async Task<(IDnssecValidator? Validator, CheckOptions? Options, string? Problem)> SetUpAsync(CheckRequest request, bool cacheLookups, TimeProvider? time, CancellationToken ct)
    {
        var (stub, stubProblem) = await ValidatorSetup.StubOptionsAsync(request.Resolver, request.Iterative, request.Timeout, ct).ConfigureAwait(false);
        if (stub is null)
        {
            return (null, null, stubProblem);
        }

        IDnssecValidator validator;
        if (request.TrustAd)
        {
            try
            {
                validator = new AdTrustingValidator(stub.Servers[0], request.ForceTrustAd, stub);
            }
            catch (ArgumentException e)
            {
                return (null, null, $"--trust-ad: {Unparam(e)} (--force-trust-ad)");
            }
        }
        else
        {
            try
            {
                validator = await ValidatorSetup.CreateAsync(stub, request.Iterative, request.TrustAnchor, request.RootHints, request.Timeout,
                    timeProvider: time, cacheLookups: cacheLookups, cancellationToken: ct).ConfigureAwait(false);
            }
            catch (ValidatorSetupException e)
            {
                return (null, null, $"{e.Option}: {OneLine(Unparam(e.InnerException!))}");
            }
        }

        var options = request.Options;
        if (options.TlsaContext == TlsaContext.Generic)
        {
            try
            {
                options = options with { PkixTrustRoots = LoadPkixRoots(request.CaFile) };
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                return (null, null, $"{(request.CaFile is null ? "system trust roots" : "--ca-file")}: {OneLine(e.Message)}");
            }
        }
        else if (options.MtaSts && request.CaFile is not null)
        {
            try
            {
                options = options with
                {
                    MtaStsFetch = new MtaStsFetchOptions
                    {
                        CustomRoots = LoadPkixRoots(request.CaFile),
                        ConnectTimeout = request.Timeout ?? options.MtaStsFetch.ConnectTimeout,
                        Timeout = request.Timeout is { } total ? 4 * total : options.MtaStsFetch.Timeout,
                    },
                };
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                return (null, null, $"--ca-file: {OneLine(e.Message)}");
            }
        }
        else if (options.MtaSts && request.Timeout is { } step)
        {
            options = options with { MtaStsFetch = new MtaStsFetchOptions { ConnectTimeout = step, Timeout = 4 * step } };
        }

        return (validator, options, null);
    }

    /// <summary>The PKIX trust roots: the certificates of a PEM file, or the system's root store.</summary>
    private static X509Certificate2Collection LoadPkixRoots(string? caFile)
    {
        if (caFile is not null)
        {
            return TrustRootFile.Load(caFile);
        }

        var roots = new X509Certificate2Collection();
        using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
        store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
        roots.AddRange(store.Certificates);
        return roots;
    }

    /// <summary>An argument exception's message without the parameter name.</summary>
    /// <param name="e">The exception.</param>
    /// <returns>The message.</returns>
    public static string Unparam(Exception e) =>
        e is ArgumentException { ParamName: { } param } ? e.Message.Replace($" (Parameter '{param}')", "", StringComparison.Ordinal) : e.Message;

    /// <summary>The text on one line.</summary>
    /// <param name="text">The text.</param>
    /// <returns>Line breaks as spaces.</returns>
    public static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
