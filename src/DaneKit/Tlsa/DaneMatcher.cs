using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;

namespace DaneKit.Tlsa;

/// <summary>
/// Matches a TLSA RRset against the certificate chain a server sent (RFC 7672 3.1, RFC 7671 5, RFC 6698 2.1.1).
/// Pure: no I/O, no system certificate store, time (and, for PKIX usages, trust roots) passed in. Bad input never
/// throws: every problem becomes a failure with its reason.
/// </summary>
/// <remarks>
/// <para>
/// The main entry point takes the TLSA RRset (<see cref="TlsaRecordSet"/>) and its DNSSEC status. Only a Secure RRset
/// is matched: Insecure means DANE does not apply, Bogus or Indeterminate means the records cannot be trusted; a
/// Secure RRset whose records are all unusable means TLS without authentication (<see cref="DaneMatchOutcome"/>).
/// </para>
/// <para>
/// DANE-EE(3) matches the leaf only, with no name and no expiry check (RFC 7672 3.1.1, RFC 7671 5.1).
/// </para>
/// <para>
/// DANE-TA(2) matches a certificate the server sent at depth 1 or more (as OpenSSL does: a DANE-TA match at depth 0
/// does not count), builds the issuer path from the leaf to it out of the served certificates and verifies every
/// signature, checks the leaf's name (RFC 7672 3.2) and the validity period of every certificate below the anchor
/// (RFC 7672 3.1.2). A trust anchor published in full ("2 0 0" certificate, "2 1 0" key) need not be served: its key
/// must then verify the signature of the top-most certificate of the served path (RFC 7671 5.2.3). A digest
/// ("2 x 1", "2 x 2") of a certificate the server did not send never matches.
/// </para>
/// <para>
/// PKIX-EE(1) and PKIX-TA(0) are matched only when the record set's context keeps them usable (not SMTP, RFC 7672
/// 3.1.3) and need trust roots from the caller: the served chain must validate to one of them (RFC 5280 6, through
/// <see cref="X509Chain"/> with custom root trust, no revocation, no downloads), and the leaf (PKIX-EE) or a CA
/// certificate of the validated path, trust root included (PKIX-TA), must match (RFC 6698 2.1.1).
/// </para>
/// <para>
/// Records are alternatives: one match authenticates the server (dane-rules 13). Every record is tried, so that each
/// one that fails has its reason. When several match, the one reported is chosen as OpenSSL chooses: DANE-EE, then
/// DANE-TA at the lowest depth, then PKIX-EE, then PKIX-TA at the lowest depth, ties going to the record tried first
/// (the order of <see cref="TlsaRecordSet.Usable"/>: usage, then selector, then digest strength, descending).
/// </para>
/// </remarks>
public static class DaneMatcher
{
    /// <summary>
    /// The most certificates a served chain may have; a longer one fails every record with
    /// <see cref="DaneMatchFailureReason.InvalidServedChain"/>. OpenSSL's default maximum verification depth is 100;
    /// the bound keeps issuer-path building (which may try every served certificate at every step) small.
    /// </summary>
    public const int MaxServedCertificates = 100;

    /// <summary>Matches a TLSA RRset, according to its DNSSEC status, against the served chain.</summary>
    /// <param name="records">The TLSA RRset, checked for its protocol (<see cref="TlsaRecordSet.Create"/>).</param>
    /// <param name="status">The DNSSEC status of the RRset, or of the proof that there is none.</param>
    /// <param name="servedChain">The certificates exactly as the server sent them, leaf first.</param>
    /// <param name="names">The reference names for the name checks (DANE-TA, PKIX-TA, PKIX-EE).</param>
    /// <param name="now">The time against which validity periods are checked.</param>
    /// <returns>The outcome: what matched, at which depth, or why nothing did; never throws for bad certificates or records.</returns>
    public static DaneMatchResult Match(
        TlsaRecordSet records, SecurityStatus status, IReadOnlyList<X509Certificate2> servedChain, DaneReferenceNames names, DateTimeOffset now) =>
        Match(records, status, servedChain, names, now, null);

    /// <summary>
    /// Matches a TLSA RRset, according to its DNSSEC status, against the served chain, with trust roots for the PKIX
    /// usages.
    /// </summary>
    /// <param name="records">The TLSA RRset, checked for its protocol (<see cref="TlsaRecordSet.Create"/>).</param>
    /// <param name="status">The DNSSEC status of the RRset, or of the proof that there is none.</param>
    /// <param name="servedChain">The certificates exactly as the server sent them, leaf first.</param>
    /// <param name="names">The reference names for the name checks (DANE-TA, PKIX-TA, PKIX-EE).</param>
    /// <param name="now">The time against which validity periods are checked.</param>
    /// <param name="pkixTrustRoots">
    /// The trust roots PKIX-TA(0) and PKIX-EE(1) records are validated against (e.g. the system roots, loaded by the
    /// caller); null or empty makes every PKIX record fail with <see cref="DaneMatchFailureReason.PkixNoTrustRoots"/>.
    /// Not used for SMTP, where those usages are unusable.
    /// </param>
    /// <returns>The outcome: what matched, at which depth, or why nothing did; never throws for bad certificates or records.</returns>
    public static DaneMatchResult Match(
        TlsaRecordSet records,
        SecurityStatus status,
        IReadOnlyList<X509Certificate2> servedChain,
        DaneReferenceNames names,
        DateTimeOffset now,
        X509Certificate2Collection? pkixTrustRoots)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(servedChain);
        ArgumentNullException.ThrowIfNull(names);

        DaneMatchOutcome? notAttempted = status switch
        {
            SecurityStatus.Secure when records.Count == 0 => DaneMatchOutcome.NoRecords,
            SecurityStatus.Secure when records.AllUnusable => DaneMatchOutcome.AllRecordsUnusable,
            SecurityStatus.Secure => null,
            SecurityStatus.Insecure => DaneMatchOutcome.DaneNotApplicable,
            _ => DaneMatchOutcome.RecordsNotTrusted,
        };
        if (notAttempted is { } outcome)
        {
            return new DaneMatchResult(outcome, status, null, null, null, [], records.Unusable, null);
        }

        return MatchUsable(records.Usable.Select(e => e.Record).ToArray(), SecurityStatus.Secure, records.Unusable, servedChain, names, now, pkixTrustRoots);
    }

    /// <summary>
    /// Matches records already taken as Secure and usable against the served chain. PKIX-TA(0) and PKIX-EE(1) records
    /// fail with <see cref="DaneMatchFailureReason.PkixNoTrustRoots"/> (no trust roots are given here).
    /// </summary>
    /// <param name="usableRecords">The TLSA records already judged usable (for SMTP: DANE-TA and DANE-EE only).</param>
    /// <param name="servedChain">The certificates exactly as the server sent them, leaf first.</param>
    /// <param name="names">The reference names for the DANE-TA name check.</param>
    /// <param name="now">The time against which DANE-TA validity periods are checked.</param>
    /// <returns>What matched, at which depth, and why every other record did not; never throws for bad certificates or records.</returns>
    public static DaneMatchResult Match(
        IReadOnlyList<TlsaData> usableRecords,
        IReadOnlyList<X509Certificate2> servedChain,
        DaneReferenceNames names,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(usableRecords);
        ArgumentNullException.ThrowIfNull(servedChain);
        ArgumentNullException.ThrowIfNull(names);

        // Tried in the order a record set would try them (List.Sort is not stable; OrderBy is).
        var ordered = usableRecords
            .Where(r => r is not null)
            .OrderByDescending(r => (byte)r.Usage)
            .ThenByDescending(r => (byte)r.Selector)
            .ThenByDescending(r => Strength(r.MatchingType))
            .ToArray();
        return MatchUsable(ordered, SecurityStatus.Secure, [], servedChain, names, now, null);
    }

    /// <summary>A record in presentation form, its data shortened: "DANE-EE 3 1 1 0123456789ABCDEF…".</summary>
    /// <param name="record">The record.</param>
    /// <returns>The short form.</returns>
    internal static string Describe(TlsaData record)
    {
        var hex = Convert.ToHexString(record.CertificateAssociationData);
        return $"{UsageName(record.Usage)} {Numbers(record)} {(hex.Length > 16 ? hex[..16] + "…" : hex)}";
    }

    /// <summary>The three code points: "3 1 1".</summary>
    /// <param name="record">The record.</param>
    /// <returns>The text.</returns>
    internal static string Numbers(TlsaData record) =>
        string.Create(CultureInfo.InvariantCulture, $"{(byte)record.Usage} {(byte)record.Selector} {(byte)record.MatchingType}");

    /// <summary>The DER SubjectPublicKeyInfo a Full(0) record publishes ("x 0 0" certificate, "x 1 0" key).</summary>
    /// <param name="record">The record.</param>
    /// <param name="spki">The key.</param>
    /// <param name="problem">Why the data is not a certificate or key.</param>
    /// <returns>Whether it is.</returns>
    internal static bool TryAnchorKey(TlsaData record, out byte[] spki, out string? problem)
    {
        var data = record.CertificateAssociationData;
        if (record.Selector == TlsaSelector.Cert)
        {
            if (TlsaUsability.TryParseCertificate(data, out spki, out var p))
            {
                problem = null;
                return true;
            }

            problem = $"the record's data is not a certificate: {p}";
            return false;
        }

        spki = [];
        if (!TlsaUsability.TryParseSubjectPublicKeyInfo(data, out var p2))
        {
            problem = $"the record's data is not a SubjectPublicKeyInfo: {p2}";
            return false;
        }

        spki = data.ToArray();
        problem = null;
        return true;
    }

    private static DaneMatchResult MatchUsable(
        TlsaData[] records,
        SecurityStatus status,
        IReadOnlyList<TlsaRecordSetRejection> unusable,
        IReadOnlyList<X509Certificate2> servedChain,
        DaneReferenceNames names,
        DateTimeOffset now,
        X509Certificate2Collection? trustRoots)
    {
        var served = ReadServedChain(servedChain, out var chainReason, out var chainProblem);
        if (served is null)
        {
            var failures = records.Select(r => new DaneMatchFailure(r, chainReason, chainProblem!)).ToArray();
            return new DaneMatchResult(DaneMatchOutcome.NotMatched, status, null, null, null, failures, unusable, null);
        }

        using var run = new MatcherRun(served, names, now, trustRoots, records);
        var verdicts = new MatcherVerdict[records.Length];
        for (var i = 0; i < records.Length; i++)
        {
            verdicts[i] = Evaluate(records[i], run);
        }

        // OpenSSL's preference among matches (and, when nothing matched, among records that matched a certificate but
        // failed a later check): usage, then the lowest depth, then the order tried.
        int? best = null;
        int? nearest = null;
        for (var i = 0; i < verdicts.Length; i++)
        {
            if (verdicts[i].Failure is null)
            {
                best = Prefer(verdicts, best, i, v => v.Depth!.Value);
            }
            else if (verdicts[i].Failure!.MatchedDepth is not null)
            {
                nearest = Prefer(verdicts, nearest, i, v => v.Failure!.MatchedDepth!.Value);
            }
        }

        var failed = verdicts.Where(v => v.Failure is not null).Select(v => v.Failure!).ToArray();
        if (best is { } b)
        {
            var v = verdicts[b];
            var description = string.Create(CultureInfo.InvariantCulture, $"{UsageName(v.Record.Usage)} {Numbers(v.Record)} matched at depth {v.Depth}{v.Note}");
            return new DaneMatchResult(DaneMatchOutcome.Matched, status, v.Record, v.Depth, description, failed, unusable, null);
        }

        return new DaneMatchResult(DaneMatchOutcome.NotMatched, status, null, null, null, failed, unusable,
            nearest is { } n ? verdicts[n].Failure : null);
    }

    /// <summary>Reads the served chain up front; null, with the reason, when it cannot be matched at all.</summary>
    private static MatcherCertificate[]? ReadServedChain(IReadOnlyList<X509Certificate2> servedChain, out DaneMatchFailureReason reason, out string? problem)
    {
        reason = DaneMatchFailureReason.InvalidServedChain;
        if (servedChain.Count == 0)
        {
            reason = DaneMatchFailureReason.NoServedChain;
            problem = "the server sent no certificate";
            return null;
        }

        if (servedChain.Count > MaxServedCertificates)
        {
            problem = string.Create(CultureInfo.InvariantCulture,
                $"the server sent {servedChain.Count} certificates, more than the {MaxServedCertificates} a chain is allowed");
            return null;
        }

        var read = new MatcherCertificate[servedChain.Count];
        for (var i = 0; i < servedChain.Count; i++)
        {
            if (!MatcherCertificate.TryRead(servedChain[i], string.Create(CultureInfo.InvariantCulture, $"in position {i} of the served chain"),
                out var certificate, out problem))
            {
                return null;
            }

            read[i] = certificate!;
        }

        problem = null;
        return read;
    }

    private static MatcherVerdict Evaluate(TlsaData record, MatcherRun run)
    {
        if (Unsupported(record) is { } problem)
        {
            return MatcherVerdict.Fail(record, DaneMatchFailureReason.UnsupportedRecord, problem);
        }

        try
        {
            return record.Usage switch
            {
                TlsaUsage.DaneEe => MatcherDane.MatchEe(record, run),
                TlsaUsage.DaneTa => MatcherDane.MatchTa(record, run),
                TlsaUsage.PkixEe => PkixMatcher.MatchEe(record, run),
                _ => PkixMatcher.MatchTa(record, run),
            };
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or ArgumentException or InvalidOperationException
            or ObjectDisposedException or FormatException or OverflowException or NotSupportedException)
        {
            // Nothing above is expected to throw; if something still does, the record authenticates nothing.
            return MatcherVerdict.Fail(record, DaneMatchFailureReason.UnsupportedRecord, $"the record could not be matched: {e.Message}");
        }
    }

    private static int Prefer(MatcherVerdict[] verdicts, int? current, int candidate, Func<MatcherVerdict, int> depth)
    {
        if (current is not { } c)
        {
            return candidate;
        }

        var (rc, rn) = (Rank(verdicts[c].Record.Usage), Rank(verdicts[candidate].Record.Usage));
        return rn < rc || (rn == rc && depth(verdicts[candidate]) < depth(verdicts[c])) ? candidate : c;
    }

    /// <summary>OpenSSL's preference: DANE-EE, DANE-TA, PKIX-EE, PKIX-TA.</summary>
    private static int Rank(TlsaUsage usage) => usage switch
    {
        TlsaUsage.DaneEe => 0,
        TlsaUsage.DaneTa => 1,
        TlsaUsage.PkixEe => 2,
        _ => 3,
    };

    private static string? Unsupported(TlsaData record)
    {
        if (record.Usage is not (TlsaUsage.DaneEe or TlsaUsage.DaneTa or TlsaUsage.PkixEe or TlsaUsage.PkixTa))
        {
            return string.Create(CultureInfo.InvariantCulture, $"unknown certificate usage {(byte)record.Usage}");
        }

        if (record.Selector is not (TlsaSelector.Cert or TlsaSelector.Spki))
        {
            return "the selector is not Cert(0) or SPKI(1)";
        }

        return record.MatchingType is not (TlsaMatchingType.Full or TlsaMatchingType.Sha256 or TlsaMatchingType.Sha512)
            ? "the matching type is not Full(0), SHA2-256(1) or SHA2-512(2)"
            : null;
    }

    /// <summary>The digest strength order of OpenSSL's <c>mdord</c>: Full 0, SHA2-256 1, SHA2-512 2.</summary>
    private static int Strength(TlsaMatchingType matchingType) => matchingType switch
    {
        TlsaMatchingType.Sha512 => 2,
        TlsaMatchingType.Sha256 => 1,
        _ => 0,
    };

    private static string UsageName(TlsaUsage usage) => usage switch
    {
        TlsaUsage.DaneEe => "DANE-EE",
        TlsaUsage.DaneTa => "DANE-TA",
        TlsaUsage.PkixEe => "PKIX-EE",
        TlsaUsage.PkixTa => "PKIX-TA",
        _ => "usage",
    };
}
