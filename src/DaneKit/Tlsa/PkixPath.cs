using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;

namespace DaneKit.Tlsa;

/// <summary>
/// PKIX certification path validation (RFC 5280 6) of the served chain against trust roots the caller supplies, for
/// PKIX-TA(0) and PKIX-EE(1) in contexts other than SMTP (RFC 6698 2.1.1). <see cref="X509Chain"/> does the work with
/// custom root trust only: no system trust store, no revocation checks, no certificate downloads, at the given time.
/// The untrusted certificates it may use are those the server sent plus any PKIX-TA(0) certificate published in full
/// in the RRset ("0 0 0"), which may complete a chain the server left short, as OpenSSL allows (danetest case 35).
/// </summary>
/// <remarks>
/// On Linux the runtime may still read its own per-user intermediate store (~/.dotnet/corefx/cryptography/x509stores/ca)
/// when building; it is empty unless something put certificates there.
/// </remarks>
internal sealed class PkixPath : IDisposable
{
    private readonly List<X509Certificate2> _owned;

    private PkixPath(bool valid, string? problem, IReadOnlyList<MatcherCertificate> elements, List<X509Certificate2> owned)
    {
        Valid = valid;
        Problem = problem;
        Elements = elements;
        _owned = owned;
    }

    /// <summary>Whether the chain validates to one of the trust roots at the given time.</summary>
    internal bool Valid { get; }

    /// <summary>Why it does not: the chain status, in words.</summary>
    internal string? Problem { get; }

    /// <summary>The path the validator built, leaf at depth 0, ending at the trust root when it validates.</summary>
    internal IReadOnlyList<MatcherCertificate> Elements { get; }

    /// <summary>Validates.</summary>
    /// <param name="served">The served chain, leaf first, not empty.</param>
    /// <param name="records">The usable records (their "0 0 0" certificates may complete the chain).</param>
    /// <param name="trustRoots">The trust roots, not empty.</param>
    /// <param name="now">The verification time.</param>
    /// <returns>The result; never throws for bad input.</returns>
    internal static PkixPath Build(IReadOnlyList<MatcherCertificate> served, IReadOnlyList<TlsaData> records, X509Certificate2Collection trustRoots, DateTimeOffset now)
    {
        var owned = new List<X509Certificate2>();
        foreach (var record in records)
        {
            if (record is { Usage: TlsaUsage.PkixTa, Selector: TlsaSelector.Cert, MatchingType: TlsaMatchingType.Full })
            {
                try
                {
                    owned.Add(X509CertificateLoader.LoadCertificate(record.CertificateAssociationData));
                }
                catch (CryptographicException)
                {
                    // Not a certificate: the record fails on its own; it just cannot help build the chain.
                }
            }
        }

        var elements = new List<MatcherCertificate>();
        using var chain = new X509Chain();
        try
        {
            var policy = chain.ChainPolicy;
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.AddRange(trustRoots);
            policy.RevocationMode = X509RevocationMode.NoCheck;
            policy.DisableCertificateDownloads = true;
            policy.VerificationTime = now.UtcDateTime;
            policy.VerificationTimeIgnored = false;
            for (var i = 1; i < served.Count; i++)
            {
                policy.ExtraStore.Add(served[i].Certificate);
            }

            foreach (var c in owned)
            {
                policy.ExtraStore.Add(c);
            }

            var valid = chain.Build(served[0].Certificate);
            for (var depth = 0; depth < chain.ChainElements.Count; depth++)
            {
                var element = chain.ChainElements[depth].Certificate;
                owned.Add(element);
                if (!MatcherCertificate.TryRead(element, $"at depth {depth} of the PKIX path", out var read, out _))
                {
                    break;
                }

                elements.Add(read!);
            }

            var problem = valid ? null : Describe(chain);
            return new PkixPath(valid && elements.Count == chain.ChainElements.Count, problem, elements.Count > 0 ? elements : [served[0]], owned);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return new PkixPath(false, "the chain cannot be validated: " + e.Message, [served[0]], owned);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var c in _owned)
        {
            c.Dispose();
        }
    }

    private static string Describe(X509Chain chain)
    {
        var statuses = chain.ChainStatus
            .Select(s => string.IsNullOrWhiteSpace(s.StatusInformation) ? s.Status.ToString() : $"{s.Status} ({s.StatusInformation.Trim()})")
            .Distinct()
            .ToArray();
        var top = chain.ChainElements.Count > 0 ? chain.ChainElements[^1].Certificate.Subject : "the leaf";
        return statuses.Length == 0
            ? $"the chain does not validate to a trust root (it ends at {top})"
            : $"the chain does not validate to a trust root (it ends at {top}): {string.Join("; ", statuses)}";
    }
}
