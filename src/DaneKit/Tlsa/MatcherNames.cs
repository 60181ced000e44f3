using System.Security.Cryptography.X509Certificates;

namespace DaneKit.Tlsa;

/// <summary>
/// Checks a DANE-TA leaf's name against the reference identifiers (RFC 7672 3.2.2, 3.2.3): the subjectAltName
/// dNSNames when there are any, otherwise the subject CN; a wildcard matches one whole left-most label only.
/// </summary>
internal static class MatcherNames
{
    private const string SubjectAltNameOid = "2.5.29.17";

    /// <summary>The names the certificate presents: its SAN dNSNames, or its CN when it has none.</summary>
    /// <param name="certificate">The leaf certificate.</param>
    /// <returns>The presented names, in certificate order.</returns>
    internal static IReadOnlyList<string> PresentedNames(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == SubjectAltNameOid)
            {
                var san = new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical);
                names.AddRange(san.EnumerateDnsNames());
            }
        }

        if (names.Count == 0)
        {
            var cn = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            if (!string.IsNullOrEmpty(cn))
            {
                names.Add(cn);
            }
        }

        return names;
    }

    /// <summary>Whether a presented name matches a reference name.</summary>
    /// <param name="presented">A name from the certificate, possibly <c>*.example.com</c>.</param>
    /// <param name="reference">A reference name (TLSA base domain, MX host or next-hop domain).</param>
    /// <returns>True on a match.</returns>
    internal static bool Matches(string presented, string reference)
    {
        var p = Normalize(presented);
        var r = Normalize(reference);
        if (p.Length == 0 || r.Length == 0)
        {
            return false;
        }

        if (!p.StartsWith("*.", StringComparison.Ordinal))
        {
            return string.Equals(p, r, StringComparison.OrdinalIgnoreCase);
        }

        // "*" is the whole left-most label and stands for exactly one label of the reference name.
        var suffix = p[1..];
        var dot = r.IndexOf('.', StringComparison.Ordinal);
        // "*.com" is refused: the wildcard needs at least two labels to its right.
        return dot > 0 && suffix[1..].Contains('.', StringComparison.Ordinal)
            && string.Equals(r[dot..], suffix, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The name as compared (case-insensitively), without a trailing root dot.</summary>
    /// <param name="name">A DNS name.</param>
    /// <returns>The name without its trailing dot.</returns>
    internal static string Normalize(string name) => name.Trim().TrimEnd('.');
}
