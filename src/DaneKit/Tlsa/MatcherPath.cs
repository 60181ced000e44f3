namespace DaneKit.Tlsa;

/// <summary>
/// The issuer path built from the certificates the server sent, leaf first: each next certificate is a served
/// certificate whose subject is the previous one's issuer and whose key verifies its signature. No local store is
/// consulted (dane-rules 15, 17). The path stops at a self-issued certificate, at a certificate with no served
/// issuer, or at the first link whose signature does not verify. Each served certificate is used at most once, so
/// duplicates and issuer-name loops end the path instead of running it round.
/// </summary>
internal sealed class MatcherPath
{
    private MatcherPath(IReadOnlyList<MatcherCertificate> certificates, string? brokenLink)
    {
        Certificates = certificates;
        BrokenLink = brokenLink;
    }

    /// <summary>The path, leaf at index (depth) 0.</summary>
    internal IReadOnlyList<MatcherCertificate> Certificates { get; }

    /// <summary>
    /// When a served certificate carries the issuer name of the top of the path but its key does not verify the
    /// signature: which link, and why. Null when the path stops for another reason.
    /// </summary>
    internal string? BrokenLink { get; }

    /// <summary>Builds the path from a served chain whose first certificate is the leaf.</summary>
    /// <param name="served">The certificates as the server sent them; not empty.</param>
    /// <returns>The path.</returns>
    internal static MatcherPath Build(IReadOnlyList<MatcherCertificate> served)
    {
        var path = new List<MatcherCertificate> { served[0] };
        var used = new bool[served.Count];
        used[0] = true;
        string? brokenLink = null;
        while (path.Count < served.Count)
        {
            var current = path[^1];
            if (current.SelfIssued)
            {
                break;
            }

            var next = -1;
            string? problem = null;
            MatcherCertificate? candidate = null;
            for (var i = 1; i < served.Count && next < 0; i++)
            {
                if (used[i] || !served[i].SubjectName.AsSpan().SequenceEqual(current.IssuerName))
                {
                    continue;
                }

                candidate = served[i];
                if (MatcherSignatures.Verifies(current.Der, served[i].SubjectPublicKeyInfo, out problem))
                {
                    next = i;
                }
            }

            if (next < 0)
            {
                if (candidate is not null)
                {
                    brokenLink = $"the signature on the certificate at depth {path.Count - 1} ({current.Subject}) does not verify "
                        + $"with the key of its served issuer ({candidate.Subject}): {problem}";
                }

                break;
            }

            used[next] = true;
            path.Add(served[next]);
        }

        return new MatcherPath(path, brokenLink);
    }
}
