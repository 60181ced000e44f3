using System.Globalization;
using DaneKit.Dns.Records;

namespace DaneKit.Tlsa;

/// <summary>
/// PKIX-EE(1) and PKIX-TA(0), for contexts other than SMTP (RFC 6698 2.1.1; for SMTP they are unusable, RFC 7672
/// 3.1.3). Both need the served chain to pass PKIX validation to the caller's trust roots, and the leaf's name to match
/// a reference name (RFC 6125), as OpenSSL checks it.
/// </summary>
internal static class PkixMatcher
{
    /// <summary>PKIX-EE: the leaf matches, and the chain validates to a trust root.</summary>
    /// <param name="record">The record.</param>
    /// <param name="run">The call's state.</param>
    /// <returns>The verdict.</returns>
    internal static MatcherVerdict MatchEe(TlsaData record, MatcherRun run)
    {
        var leaf = run.Served[0];
        if (!leaf.Matches(record))
        {
            return MatcherVerdict.Fail(record, DaneMatchFailureReason.DigestMismatch, MatcherDane.LeafMismatch(record, leaf));
        }

        if (!run.HasTrustRoots)
        {
            return MatcherVerdict.Fail(record, DaneMatchFailureReason.PkixNoTrustRoots, NoTrustRoots("the leaf matches"), 0);
        }

        return Validated(record, run, 0);
    }

    /// <summary>PKIX-TA: a CA certificate of the validated path (the trust root included) matches.</summary>
    /// <param name="record">The record.</param>
    /// <param name="run">The call's state.</param>
    /// <returns>The verdict.</returns>
    internal static MatcherVerdict MatchTa(TlsaData record, MatcherRun run)
    {
        if (!run.HasTrustRoots)
        {
            var served = run.Path.Certificates;
            for (var depth = 1; depth < served.Count; depth++)
            {
                if (served[depth].Matches(record))
                {
                    return MatcherVerdict.Fail(record, DaneMatchFailureReason.PkixNoTrustRoots,
                        NoTrustRoots(string.Create(CultureInfo.InvariantCulture, $"the served certificate at depth {depth} ({served[depth].Subject}) matches")), depth);
                }
            }

            return MatcherVerdict.Fail(record, DaneMatchFailureReason.PkixNoTrustRoots, NoTrustRoots("no served CA certificate matches"));
        }

        var elements = run.Pkix.Elements;
        for (var depth = 1; depth < elements.Count; depth++)
        {
            if (elements[depth].Matches(record))
            {
                return Validated(record, run, depth);
            }
        }

        var detail = "no CA certificate of the PKIX path matches: " + string.Join(" <- ", elements.Select(e => e.Subject));
        if (!run.Pkix.Valid)
        {
            detail += "; also " + run.Pkix.Problem;
        }

        return MatcherVerdict.Fail(record, DaneMatchFailureReason.PkixAnchorNotInPath, detail);
    }

    private static MatcherVerdict Validated(TlsaData record, MatcherRun run, int depth)
    {
        var pkix = run.Pkix;
        if (!pkix.Valid)
        {
            return MatcherVerdict.Fail(record, DaneMatchFailureReason.PkixValidationFailed,
                string.Create(CultureInfo.InvariantCulture, $"the record matches at depth {depth}, but {pkix.Problem}"), depth);
        }

        return MatcherNames.Check(record, run.Served[0].Certificate, run.Names, depth) is { } nameFailure
            ? MatcherVerdict.Fail(nameFailure)
            : MatcherVerdict.Match(record, depth, " (PKIX path validated to a trust root)");
    }

    private static string NoTrustRoots(string what) =>
        $"{what}, but PKIX-TA(0) and PKIX-EE(1) need PKIX validation and no trust roots were given (RFC 6698 2.1.1)";
}
