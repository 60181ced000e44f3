namespace DaneKit.Tlsa;

/// <summary>
/// The reference identifiers a DANE-TA leaf certificate's name is checked against (RFC 7672 3.2.2). Any of them
/// may be null; the names that are present are alternatives.
/// </summary>
/// <param name="TlsaBaseDomain">The TLSA base domain: the MX host name after CNAME expansion (RFC 7672 2.2.3).</param>
/// <param name="MxHostName">The MX host name as it appears in the MX record, before CNAME expansion.</param>
/// <param name="NextHopDomain">The next-hop domain: the recipient domain the MX records were looked up for.</param>
public sealed record DaneReferenceNames(string? TlsaBaseDomain, string? MxHostName, string? NextHopDomain)
{
    /// <summary>The non-empty names, without their trailing dot, duplicates (ignoring case) removed.</summary>
    /// <returns>The names to try, in the order base domain, MX host, next-hop domain.</returns>
    public IReadOnlyList<string> Distinct()
    {
        var names = new List<string>(3);
        foreach (var name in new[] { TlsaBaseDomain, MxHostName, NextHopDomain })
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                continue;
            }

            var n = MatcherNames.Normalize(name);
            if (n.Length > 0 && !names.Contains(n, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(n);
            }
        }

        return names;
    }
}
