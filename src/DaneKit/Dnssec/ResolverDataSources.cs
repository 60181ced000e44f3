using DaneKit.Dns;
using DaneKit.Dns.Resolver;

namespace DaneKit.Dnssec;

/// <summary>
/// Data from a recursive resolver, asked with DO and CD (RFC 4035 3.2.2): the resolver does not filter
/// bogus data, so DaneKit can validate it and explain failures itself.
/// </summary>
public sealed class StubDataSource : IDnssecDataSource
{
    private readonly StubResolver _resolver;

    /// <summary>Wraps a stub resolver; its options are overridden to set DO and CD.</summary>
    /// <param name="options">The stub's servers, timeouts and transport options.</param>
    /// <param name="transport">The transport (tests pass a fake), or the real sockets.</param>
    /// <param name="timeProvider">The clock.</param>
    public StubDataSource(StubResolverOptions options, IDnsTransport? transport = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _resolver = new StubResolver(options with { DnssecOk = true, CheckingDisabled = true }, transport, timeProvider);
        Description = string.Join(", ", options.Servers) + " (CD)";
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public async Task<DnssecLookup> LookupAsync(DnsName name, DnsType type, CancellationToken cancellationToken)
    {
        var result = await _resolver.QueryAsync(name, type, cancellationToken).ConfigureAwait(false);
        var server = result.Server?.ToString() ?? Description;
        if (result.Response is not { } m)
        {
            // The lookup reason names the server separately; the error's own text is enough here.
            return DnssecLookup.Failed(result.Error is { } e ? $"{e.Kind}: {e.Message}" : "no response", server);
        }

        if (m.ResponseCode is not (DnsResponseCode.NoError or DnsResponseCode.NXDomain))
        {
            var ede = m.ExtendedErrors.Count > 0 ? $" (EDE {string.Join("; ", m.ExtendedErrors)})" : "";
            return DnssecLookup.Failed($"{m.ResponseCode.ToText()}{ede}", server);
        }

        return new DnssecLookup(m.ResponseCode, m.Answers, m.Authority, null, server);
    }
}

/// <summary>Data from DaneKit's own iterative resolver, straight from the authoritative servers.</summary>
/// <param name="resolver">The iterative resolver (with DNSSEC records requested).</param>
public sealed class IterativeDataSource(IterativeResolver resolver) : IDnssecDataSource
{
    private readonly IterativeResolver _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));

    /// <inheritdoc/>
    public string Description => "iterative";

    /// <inheritdoc/>
    public async Task<DnssecLookup> LookupAsync(DnsName name, DnsType type, CancellationToken cancellationToken)
    {
        var r = await _resolver.ResolveAsync(name, type, cancellationToken).ConfigureAwait(false);
        var server = r.Steps.Count > 0 ? r.Steps[^1].Server.ToString() : "cache";
        return r.Status switch
        {
            ResolutionStatus.Answer or ResolutionStatus.NoData => new DnssecLookup(DnsResponseCode.NoError, r.Answers, r.Authority, null, server),
            ResolutionStatus.NxDomain => new DnssecLookup(DnsResponseCode.NXDomain, r.Answers, r.Authority, null, server),
            _ => DnssecLookup.Failed(r.Error?.ToString() ?? r.Status.ToString(), server),
        };
    }
}
