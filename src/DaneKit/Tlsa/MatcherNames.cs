using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DaneKit.Tlsa;

/// <summary>
/// Checks a leaf certificate's name against the reference identifiers (RFC 7672 3.2.2, 3.2.3; RFC 6125 6.4): the
/// subjectAltName dNSNames when there are any, otherwise the subject's most specific (last) CN; a wildcard matches one
/// whole left-most label only. Used for DANE-TA, PKIX-TA and PKIX-EE; never for DANE-EE (RFC 7671 5.1).
/// </summary>
internal static class MatcherNames
{
    private const string SubjectAltNameOid = "2.5.29.17";
    private const string CommonNameOid = "2.5.4.3";

    /// <summary>The names the certificate presents: its SAN dNSNames, or its last CN when it has none.</summary>
    /// <param name="certificate">The leaf certificate.</param>
    /// <param name="problem">Why the names could not all be read (a malformed extension), or null.</param>
    /// <returns>The presented names, in certificate order; empty when it presents none or they cannot be read.</returns>
    internal static IReadOnlyList<string> PresentedNames(X509Certificate2 certificate, out string? problem)
    {
        problem = null;
        var names = new List<string>();
        try
        {
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
                string? cn = null;
                foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
                {
                    if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == CommonNameOid && rdn.GetSingleElementValue() is { Length: > 0 } value)
                    {
                        cn = value;
                    }
                }

                if (cn is not null)
                {
                    names.Add(cn);
                }
            }
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or ArgumentException or InvalidOperationException)
        {
            problem = "the leaf's names cannot be read: " + e.Message;
            names.Clear();
        }

        return names;
    }

    /// <summary>
    /// Checks the leaf's name against the reference names: null when one matches, otherwise a
    /// <see cref="DaneMatchFailureReason.NameMismatch"/> failure saying what the leaf presents and what was tried.
    /// </summary>
    /// <param name="record">The record being matched.</param>
    /// <param name="leaf">The leaf.</param>
    /// <param name="names">The reference names.</param>
    /// <param name="matchedDepth">The depth at which the record matched, for the failure.</param>
    /// <returns>The failure, or null.</returns>
    internal static DaneMatchFailure? Check(Dns.Records.TlsaData record, X509Certificate2 leaf, DaneReferenceNames names, int matchedDepth)
    {
        var presented = PresentedNames(leaf, out var problem);
        var references = names.Distinct();
        if (presented.Any(p => references.Any(r => Matches(p, r))))
        {
            return null;
        }

        var tried = references.Count == 0 ? "no reference name was given" : "tried " + string.Join(", ", references);
        var shown = problem ?? (presented.Count == 0 ? "the leaf presents no name" : "the leaf presents " + string.Join(", ", presented));
        return new DaneMatchFailure(record, DaneMatchFailureReason.NameMismatch, $"{shown}; {tried}", matchedDepth);
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
