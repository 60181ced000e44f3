using System.Globalization;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;

namespace DaneKit.Tlsa;

/// <summary>
/// The outcome of matching a TLSA RRset against the chain a server sent: whether DANE applies at all (the RRset's
/// DNSSEC status), which record matched which certificate at which depth, and for every record that did not match or
/// is not usable, why.
/// </summary>
public sealed class DaneMatchResult
{
    internal DaneMatchResult(
        DaneMatchOutcome outcome,
        SecurityStatus dnssecStatus,
        TlsaData? matchedRecord,
        int? matchedDepth,
        string? description,
        IReadOnlyList<DaneMatchFailure> failures,
        IReadOnlyList<TlsaRecordSetRejection> unusable,
        DaneMatchFailure? nearestMiss)
    {
        Outcome = outcome;
        DnssecStatus = dnssecStatus;
        MatchedRecord = matchedRecord;
        MatchedDepth = matchedDepth;
        Description = description;
        Failures = failures;
        Unusable = unusable;
        NearestMiss = nearestMiss;
    }

    /// <summary>What the RRset and the served chain add up to.</summary>
    public DaneMatchOutcome Outcome { get; }

    /// <summary>
    /// The DNSSEC status of the TLSA RRset (or of the proof that it is absent) as the caller gave it. The overload that
    /// takes bare records reports <see cref="SecurityStatus.Secure"/>: its records are taken as validated.
    /// </summary>
    public SecurityStatus DnssecStatus { get; }

    /// <summary>True when one record authenticated the chain (records are alternatives).</summary>
    public bool Matched => Outcome == DaneMatchOutcome.Matched;

    /// <summary>The record that matched, or null.</summary>
    public TlsaData? MatchedRecord { get; }

    /// <summary>
    /// The depth of the matched certificate in the path from the leaf (0), as OpenSSL reports it. A DANE-TA certificate
    /// published in full in DNS ("2 0 0") and not served sits one above the top-most served certificate of the path; a
    /// bare key published in DNS ("2 1 0") has no certificate of its own, so the depth is that of the certificate it
    /// signed. For PKIX-TA the path is the validated one, which ends at the caller's trust root.
    /// </summary>
    public int? MatchedDepth { get; }

    /// <summary>What matched, e.g. "DANE-EE 3 1 1 matched at depth 0", or null when nothing matched.</summary>
    public string? Description { get; }

    /// <summary>
    /// Every usable record that did not match, in the order tried, each with its reason. Empty when no match was
    /// attempted (see <see cref="Outcome"/>).
    /// </summary>
    public IReadOnlyList<DaneMatchFailure> Failures { get; }

    /// <summary>The records of the RRset that are not used, each with its reason (RFC 7672 3.1.3, RFC 7671 9).</summary>
    public IReadOnlyList<TlsaRecordSetRejection> Unusable { get; }

    /// <summary>
    /// When nothing matched: the failure of the record that came closest, i.e. one that matched a certificate (at its
    /// <see cref="DaneMatchFailure.MatchedDepth"/>) but failed a later check, picked in the order matches are
    /// preferred. This is the failure OpenSSL would report. Null when no record matched any certificate.
    /// </summary>
    public DaneMatchFailure? NearestMiss { get; }

    /// <summary>The outcome in one sentence.</summary>
    public string Summary => Outcome switch
    {
        DaneMatchOutcome.Matched => Description ?? "matched",
        DaneMatchOutcome.NotMatched => NearestMiss is { } miss
            ? $"no TLSA record authenticated the server; nearest: {miss}"
            : "no TLSA record matched the certificates the server sent",
        DaneMatchOutcome.AllRecordsUnusable => string.Create(CultureInfo.InvariantCulture,
            $"all {Unusable.Count} TLSA records are unusable: TLS is mandatory but the server cannot be authenticated (RFC 7672 2.2)"),
        DaneMatchOutcome.NoRecords => "the TLSA RRset is securely empty: DANE does not apply",
        DaneMatchOutcome.DaneNotApplicable => "the TLSA RRset is Insecure (not signed): DANE does not apply, no match attempted",
        _ => $"the TLSA lookup is {DnssecStatus}: the records cannot be trusted, so the server cannot be authenticated; "
            + "a DANE-enforcing SMTP client defers delivery (RFC 7672 2.1.1)",
    };

    /// <inheritdoc/>
    public override string ToString() => Outcome == DaneMatchOutcome.NotMatched && Failures.Count > 0
        ? "no TLSA record matched: " + string.Join("; ", Failures)
        : Summary;
}
