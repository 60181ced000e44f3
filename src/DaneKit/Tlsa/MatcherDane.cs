using System.Globalization;
using DaneKit.Dns.Records;

namespace DaneKit.Tlsa;

/// <summary>
/// DANE-EE(3) and DANE-TA(2) matching against the chain exactly as the server sent it (RFC 7672 3.1.1, 3.1.2;
/// RFC 7671 5.1, 5.2).
/// </summary>
internal static class MatcherDane
{
    /// <summary>DANE-EE: the leaf only; no name check, no validity check (RFC 7671 5.1, RFC 7672 3.1.1).</summary>
    /// <param name="record">The record.</param>
    /// <param name="run">The call's state.</param>
    /// <returns>The verdict.</returns>
    internal static MatcherVerdict MatchEe(TlsaData record, MatcherRun run)
    {
        var leaf = run.Served[0];
        return leaf.Matches(record)
            ? MatcherVerdict.Match(record, 0)
            : MatcherVerdict.Fail(record, DaneMatchFailureReason.DigestMismatch, LeafMismatch(record, leaf));
    }

    /// <summary>What the leaf gives instead of the record's data.</summary>
    /// <param name="record">The record.</param>
    /// <param name="leaf">The leaf.</param>
    /// <returns>The text.</returns>
    internal static string LeafMismatch(TlsaData record, MatcherCertificate leaf) => record.MatchingType == TlsaMatchingType.Full
        ? $"the leaf ({leaf.Subject}) has a different {(record.Selector == TlsaSelector.Cert ? "certificate" : "public key")}"
        : $"the leaf ({leaf.Subject}) gives {DaneMatcher.Numbers(record)} {Convert.ToHexString(leaf.Associate(record.Selector, record.MatchingType))}";

    /// <summary>
    /// DANE-TA: a served certificate at depth 1 or more on the issuer path from the leaf, or a full certificate or key
    /// from DNS that signs the top of that path; then the leaf's name and the validity of every certificate below the
    /// anchor (RFC 7672 3.1.2, 3.2; RFC 7671 5.2).
    /// </summary>
    /// <param name="record">The record.</param>
    /// <param name="run">The call's state.</param>
    /// <returns>The verdict.</returns>
    internal static MatcherVerdict MatchTa(TlsaData record, MatcherRun run)
    {
        var path = run.Path;
        var certificates = path.Certificates;

        // (a) The anchor is a certificate on the served path, at depth 1 or more (a match at depth 0 does not count).
        for (var depth = 1; depth < certificates.Count; depth++)
        {
            if (certificates[depth].Matches(record))
            {
                return BelowAnchor(record, run, depth, depth, null);
            }
        }

        // (b) A trust anchor published in full may be absent from the chain: its key must sign the top of the path. A
        // certificate ("2 0 0") is only looked for above a top that is not self-issued, as OpenSSL builds the chain (a
        // self-signed leaf published as "2 0 0" is not its own anchor: openssl-extra-cases.txt case 128); a bare key
        // ("2 1 0") is tried against the top whatever it is (case 129).
        string? fullProblem = null;
        var top = certificates.Count - 1;
        if (record.MatchingType == TlsaMatchingType.Full && record.Selector == TlsaSelector.Cert && certificates[top].SelfIssued)
        {
            fullProblem = string.Create(CultureInfo.InvariantCulture,
                $"the certificate in the record is not on the served path above the leaf, and the top of the path (depth {top}, {certificates[top].Subject}) is self-issued, so it cannot be its issuer");
        }
        else if (record.MatchingType == TlsaMatchingType.Full)
        {
            if (!DaneMatcher.TryAnchorKey(record, out var spki, out var parseProblem))
            {
                return MatcherVerdict.Fail(record, DaneMatchFailureReason.UnsupportedRecord, parseProblem!);
            }

            if (MatcherSignatures.Verifies(certificates[top].Der, spki, out var keyProblem))
            {
                // OpenSSL's depths: a certificate from DNS sits above the path; a bare key is reported at the depth of the
                // certificate it signed. Either way every served certificate of the path is below the anchor.
                var certificate = record.Selector == TlsaSelector.Cert;
                var depth = certificate ? certificates.Count : top;
                var note = string.Create(CultureInfo.InvariantCulture,
                    $" (trust anchor {(certificate ? "certificate" : "key")} from DNS, not served; it signs the certificate at depth {top})");
                return BelowAnchor(record, run, certificates.Count, depth, note);
            }

            fullProblem = $"the key in the record does not verify the top-most served certificate ({certificates[top].Subject}): {keyProblem}";
        }

        // The record matches a served certificate that the path from the leaf does not reach.
        var served = run.Served;
        for (var i = 1; i < served.Count; i++)
        {
            if (!certificates.Contains(served[i]) && !served[i].Der.AsSpan().SequenceEqual(served[0].Der) && served[i].Matches(record))
            {
                return path.BrokenLink is { } link
                    ? MatcherVerdict.Fail(record, DaneMatchFailureReason.ChainSignatureInvalid, link)
                    : MatcherVerdict.Fail(record, DaneMatchFailureReason.ChainIncomplete, string.Create(CultureInfo.InvariantCulture,
                        $"the certificate the server sent in position {i} ({served[i].Subject}) matches, but no issuer path from the leaf reaches it"));
            }
        }

        var leafMatches = served[0].Matches(record) ? "; the leaf itself matches, which counts for DANE-EE(3) only" : "";
        if (fullProblem is not null)
        {
            if (path.BrokenLink is { } link)
            {
                fullProblem += "; also " + link;
            }

            return MatcherVerdict.Fail(record, DaneMatchFailureReason.AnchorDoesNotSign, fullProblem + leafMatches);
        }

        return MatcherVerdict.Fail(record, DaneMatchFailureReason.AnchorNotServed,
            "no certificate the server sent at depth 1 or more matches: a DANE-TA digest record needs the server to send that CA certificate" + leafMatches);
    }

    /// <summary>
    /// The checks once a DANE-TA anchor is found: the leaf's name (RFC 7672 3.2), then the validity period of each of
    /// the <paramref name="belowCount"/> certificates of the path below the anchor (RFC 7672 3.1.2) — in OpenSSL's
    /// order, which checks names before times.
    /// </summary>
    private static MatcherVerdict BelowAnchor(TlsaData record, MatcherRun run, int belowCount, int depth, string? note)
    {
        var certificates = run.Path.Certificates;
        if (MatcherNames.Check(record, certificates[0].Certificate, run.Names, depth) is { } nameFailure)
        {
            return MatcherVerdict.Fail(nameFailure);
        }

        for (var i = 0; i < belowCount && i < certificates.Count; i++)
        {
            if (certificates[i].CheckValidity(record, i, run.Now, depth) is { } failure)
            {
                return MatcherVerdict.Fail(failure);
            }
        }

        return MatcherVerdict.Match(record, depth, note);
    }
}
