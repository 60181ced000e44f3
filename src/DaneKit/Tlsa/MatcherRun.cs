using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;

namespace DaneKit.Tlsa;

/// <summary>
/// The state of one call to <see cref="DaneMatcher"/>: the served certificates as read, the issuer path built from
/// them, and (only when a PKIX record needs it) the PKIX path validated against the caller's trust roots.
/// </summary>
internal sealed class MatcherRun : IDisposable
{
    private readonly IReadOnlyList<TlsaData> _records;
    private MatcherPath? _path;
    private PkixPath? _pkix;

    internal MatcherRun(IReadOnlyList<MatcherCertificate> served, DaneReferenceNames names, DateTimeOffset now,
        X509Certificate2Collection? trustRoots, IReadOnlyList<TlsaData> records)
    {
        Served = served;
        Names = names;
        Now = now;
        TrustRoots = trustRoots;
        _records = records;
    }

    /// <summary>The served chain, leaf first, as read.</summary>
    internal IReadOnlyList<MatcherCertificate> Served { get; }

    /// <summary>The reference names.</summary>
    internal DaneReferenceNames Names { get; }

    /// <summary>The time validity is checked at.</summary>
    internal DateTimeOffset Now { get; }

    /// <summary>The PKIX trust roots, or null.</summary>
    internal X509Certificate2Collection? TrustRoots { get; }

    /// <summary>Whether PKIX records can be validated at all.</summary>
    internal bool HasTrustRoots => TrustRoots is { Count: > 0 };

    /// <summary>The issuer path from the leaf through the served certificates.</summary>
    internal MatcherPath Path => _path ??= MatcherPath.Build(Served);

    /// <summary>The PKIX path to the trust roots, built on first use.</summary>
    internal PkixPath Pkix => _pkix ??= PkixPath.Build(Served, _records, TrustRoots!, Now);

    /// <inheritdoc/>
    public void Dispose() => _pkix?.Dispose();
}
