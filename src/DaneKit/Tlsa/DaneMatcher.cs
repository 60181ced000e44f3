using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;

namespace DaneKit.Tlsa;

/// <summary>
/// Matches usable TLSA records against the certificate chain an SMTP server sent (RFC 7672 3.1, RFC 7671 5).
/// Pure: no I/O, no system certificate store, time passed in.
/// </summary>
/// <remarks>
/// <para>
/// DANE-EE(3) matches the leaf only, with no name and no expiry check (RFC 7672 3.1.1, RFC 7671 5.1).
/// </para>
/// <para>
/// DANE-TA(2) matches a certificate the server sent at depth 1 or more (as OpenSSL does: a DANE-TA match at depth
/// 0 does not count), builds the issuer path from the leaf to it out of the served certificates and verifies every
/// signature, checks the validity period of every certificate below the anchor, and checks the leaf's name
/// (RFC 7672 3.1.2, 3.2). A trust anchor published in full ("2 0 0" certificate, "2 1 0" key) need not be served:
/// its key must then verify the signature of the top-most certificate of the served path (RFC 7671 5.2.3). A digest
/// ("2 x 1", "2 x 2") of a certificate the server did not send never matches.
/// </para>
/// <para>
/// Records are alternatives: one match authenticates the server (dane-rules 13). DANE-EE records are tried before
/// DANE-TA ones, as OpenSSL does; otherwise records keep the caller's order. Every record is tried, so that each one
/// that fails has its reason.
/// </para>
/// </remarks>
public static class DaneMatcher
{
    /// <summary>Matches the records against the served chain.</summary>
    /// <param name="usableRecords">The TLSA records already judged usable (for SMTP: DANE-TA and DANE-EE only).</param>
    /// <param name="servedChain">The certificates exactly as the server sent them, leaf first.</param>
    /// <param name="names">The reference names for the DANE-TA name check.</param>
    /// <param name="now">The time against which DANE-TA validity periods are checked.</param>
    /// <returns>What matched, at which depth, and why every other record did not.</returns>
    public static DaneMatchResult Match(
        IReadOnlyList<TlsaData> usableRecords,
        IReadOnlyList<X509Certificate2> servedChain,
        DaneReferenceNames names,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(usableRecords);
        ArgumentNullException.ThrowIfNull(servedChain);
        ArgumentNullException.ThrowIfNull(names);

        var failures = new List<DaneMatchFailure>();
        if (servedChain.Count == 0)
        {
            foreach (var record in usableRecords)
            {
                failures.Add(new DaneMatchFailure(record, DaneMatchFailureReason.NoServedChain, "the server sent no certificate"));
            }

            return new DaneMatchResult(null, null, null, failures);
        }

        var path = MatcherPath.Build(servedChain);
        TlsaData? matched = null;
        int? matchedDepth = null;
        string? description = null;
        var ordered = usableRecords.Where(r => r.Usage == TlsaUsage.DaneEe).Concat(usableRecords.Where(r => r.Usage != TlsaUsage.DaneEe));
        foreach (var record in ordered)
        {
            var (depth, note, failure) = Supported(record) is { } unsupported
                ? (null, null, unsupported)
                : record.Usage == TlsaUsage.DaneEe
                    ? MatchDaneEe(record, servedChain[0])
                    : MatchDaneTa(record, servedChain, path, names, now);
            if (failure is not null)
            {
                failures.Add(failure);
            }
            else if (matched is null)
            {
                matched = record;
                matchedDepth = depth;
                description = string.Create(CultureInfo.InvariantCulture, $"{UsageName(record.Usage)} {Numbers(record)} matched at depth {depth}{note}");
            }
        }

        return new DaneMatchResult(matched, matchedDepth, description, failures);
    }

    /// <summary>A record in presentation form, its data shortened: "3 1 1 0123456789ABCDEF…".</summary>
    /// <param name="record">The record.</param>
    /// <returns>The short form.</returns>
    internal static string Describe(TlsaData record)
    {
        var hex = Convert.ToHexString(record.CertificateAssociationData);
        return $"{UsageName(record.Usage)} {Numbers(record)} {(hex.Length > 16 ? hex[..16] + "…" : hex)}";
    }

    private static string Numbers(TlsaData record) =>
        string.Create(CultureInfo.InvariantCulture, $"{(byte)record.Usage} {(byte)record.Selector} {(byte)record.MatchingType}");

    private static string UsageName(TlsaUsage usage) => usage switch
    {
        TlsaUsage.DaneEe => "DANE-EE",
        TlsaUsage.DaneTa => "DANE-TA",
        TlsaUsage.PkixEe => "PKIX-EE",
        TlsaUsage.PkixTa => "PKIX-TA",
        _ => "usage",
    };

    private static DaneMatchFailure? Supported(TlsaData record)
    {
        string? problem = null;
        if (record.Usage is not (TlsaUsage.DaneEe or TlsaUsage.DaneTa))
        {
            problem = "only DANE-TA(2) and DANE-EE(3) are matched";
        }
        else if (record.Selector is not (TlsaSelector.Cert or TlsaSelector.Spki))
        {
            problem = "the selector is not Cert(0) or SPKI(1)";
        }
        else if (record.MatchingType is not (TlsaMatchingType.Full or TlsaMatchingType.Sha256 or TlsaMatchingType.Sha512))
        {
            problem = "the matching type is not Full(0), SHA2-256(1) or SHA2-512(2)";
        }

        return problem is null ? null : new DaneMatchFailure(record, DaneMatchFailureReason.UnsupportedRecord, problem);
    }

    /// <summary>The record's association data computed from a certificate (RFC 6698 2.1.2, 2.1.3).</summary>
    private static byte[] Associate(X509Certificate2 certificate, TlsaSelector selector, TlsaMatchingType matchingType)
    {
        var selected = selector == TlsaSelector.Cert ? certificate.RawData : certificate.PublicKey.ExportSubjectPublicKeyInfo();
        return matchingType switch
        {
            TlsaMatchingType.Sha256 => SHA256.HashData(selected),
            TlsaMatchingType.Sha512 => SHA512.HashData(selected),
            _ => selected,
        };
    }

    private static bool Matches(TlsaData record, X509Certificate2 certificate) =>
        Associate(certificate, record.Selector, record.MatchingType).AsSpan().SequenceEqual(record.CertificateAssociationData);

    private static (int? Depth, string? Note, DaneMatchFailure? Failure) MatchDaneEe(TlsaData record, X509Certificate2 leaf)
    {
        if (Matches(record, leaf))
        {
            return (0, null, null);
        }

        var detail = record.MatchingType == TlsaMatchingType.Full
            ? $"the leaf ({leaf.Subject}) has a different {(record.Selector == TlsaSelector.Cert ? "certificate" : "public key")}"
            : $"the leaf ({leaf.Subject}) gives {Numbers(record)} {Convert.ToHexString(Associate(leaf, record.Selector, record.MatchingType))}";
        return (null, null, new DaneMatchFailure(record, DaneMatchFailureReason.DigestMismatch, detail));
    }

    private static (int? Depth, string? Note, DaneMatchFailure? Failure) MatchDaneTa(
        TlsaData record, IReadOnlyList<X509Certificate2> served, MatcherPath path, DaneReferenceNames names, DateTimeOffset now)
    {
        var certificates = path.Certificates;

        // (a) The anchor is a certificate on the served path, at depth 1 or more.
        for (var depth = 1; depth < certificates.Count; depth++)
        {
            if (Matches(record, certificates[depth]))
            {
                var failure = CheckBelowAnchor(record, certificates, depth, names, now);
                return failure is null ? (depth, null, null) : (null, null, failure);
            }
        }

        // (b) A trust anchor published in full may be absent from the chain: its key must sign the top of the path.
        string? keyProblem = null;
        if (record.MatchingType == TlsaMatchingType.Full)
        {
            var key = AnchorKey(record, out var parseProblem);
            if (key is null)
            {
                return (null, null, new DaneMatchFailure(record, DaneMatchFailureReason.UnsupportedRecord, parseProblem!));
            }

            var top = certificates[^1];
            if (MatcherSignatures.Verifies(top, key, out keyProblem))
            {
                var depth = certificates.Count;
                var failure = CheckBelowAnchor(record, certificates, depth, names, now);
                return failure is null
                    ? (depth, string.Create(CultureInfo.InvariantCulture, $" (trust anchor from DNS, not served; it signs the certificate at depth {depth - 1})"), null)
                    : (null, null, failure);
            }
        }

        // The record matches a served certificate that the path from the leaf does not reach.
        for (var i = 1; i < served.Count; i++)
        {
            if (!certificates.Any(c => ReferenceEquals(c, served[i])) && Matches(record, served[i]))
            {
                return path.BrokenLink is { } link
                    ? (null, null, new DaneMatchFailure(record, DaneMatchFailureReason.ChainSignatureInvalid, link))
                    : (null, null, new DaneMatchFailure(record, DaneMatchFailureReason.ChainIncomplete,
                        $"the certificate the server sent in position {i} ({served[i].Subject}) matches, but no issuer path from the leaf reaches it"));
            }
        }

        if (record.MatchingType == TlsaMatchingType.Full)
        {
            var detail = $"the key in the record does not verify the top-most served certificate ({certificates[^1].Subject}): {keyProblem}";
            if (path.BrokenLink is { } link)
            {
                detail += "; also " + link;
            }

            return (null, null, new DaneMatchFailure(record, DaneMatchFailureReason.AnchorDoesNotSign, detail));
        }

        var notServed = "no certificate the server sent at depth 1 or more matches: a DANE-TA digest record needs the server to send that CA certificate";
        if (Matches(record, served[0]))
        {
            notServed += "; the leaf itself matches, which counts for DANE-EE(3) only";
        }

        return (null, null, new DaneMatchFailure(record, DaneMatchFailureReason.AnchorNotServed, notServed));
    }

    /// <summary>The public key of a "2 0 0" or "2 1 0" record.</summary>
    private static PublicKey? AnchorKey(TlsaData record, out string? problem)
    {
        problem = null;
        try
        {
            if (record.Selector == TlsaSelector.Spki)
            {
                var key = PublicKey.CreateFromSubjectPublicKeyInfo(record.CertificateAssociationData, out var read);
                if (read == record.CertificateAssociationData.Length)
                {
                    return key;
                }

                problem = "the record's data has bytes after the SubjectPublicKeyInfo";
                return null;
            }

            using var anchor = X509CertificateLoader.LoadCertificate(record.CertificateAssociationData);
            return anchor.PublicKey;
        }
        catch (CryptographicException e)
        {
            problem = $"the record's data is not a {(record.Selector == TlsaSelector.Spki ? "SubjectPublicKeyInfo" : "certificate")}: {e.Message}";
            return null;
        }
    }

    /// <summary>
    /// Checks the certificates below a DANE-TA anchor at <paramref name="anchorDepth"/>: validity periods (signatures
    /// were verified when the path was built), then the leaf's name.
    /// </summary>
    private static DaneMatchFailure? CheckBelowAnchor(
        TlsaData record, IReadOnlyList<X509Certificate2> path, int anchorDepth, DaneReferenceNames names, DateTimeOffset now)
    {
        for (var depth = 0; depth < anchorDepth && depth < path.Count; depth++)
        {
            var c = path[depth];
            var notAfter = new DateTimeOffset(c.NotAfter.ToUniversalTime());
            var notBefore = new DateTimeOffset(c.NotBefore.ToUniversalTime());
            if (now > notAfter)
            {
                return new DaneMatchFailure(record, DaneMatchFailureReason.Expired, string.Create(CultureInfo.InvariantCulture,
                    $"the certificate at depth {depth} ({c.Subject}) expired at {notAfter:u}"));
            }

            if (now < notBefore)
            {
                return new DaneMatchFailure(record, DaneMatchFailureReason.NotYetValid, string.Create(CultureInfo.InvariantCulture,
                    $"the certificate at depth {depth} ({c.Subject}) is not valid before {notBefore:u}"));
            }
        }

        var leaf = path[0];
        var presented = MatcherNames.PresentedNames(leaf);
        var references = names.Distinct();
        if (presented.Any(p => references.Any(r => MatcherNames.Matches(p, r))))
        {
            return null;
        }

        var tried = references.Count == 0 ? "no reference name was given" : "tried " + string.Join(", ", references);
        return new DaneMatchFailure(record, DaneMatchFailureReason.NameMismatch,
            $"the leaf presents {(presented.Count == 0 ? "no name" : string.Join(", ", presented))}; {tried}");
    }
}
