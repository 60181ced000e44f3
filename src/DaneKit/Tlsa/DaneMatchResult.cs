using DaneKit.Dns.Records;

namespace DaneKit.Tlsa;

/// <summary>
/// The outcome of matching usable TLSA records against the chain a server sent: which record matched which
/// certificate at which depth, and for every record that did not match, why.
/// </summary>
public sealed class DaneMatchResult
{
    internal DaneMatchResult(TlsaData? matchedRecord, int? matchedDepth, string? description, IReadOnlyList<DaneMatchFailure> failures)
    {
        MatchedRecord = matchedRecord;
        MatchedDepth = matchedDepth;
        Description = description;
        Failures = failures;
    }

    /// <summary>True when one record authenticated the chain (records are alternatives).</summary>
    public bool Matched => MatchedRecord is not null;

    /// <summary>The record that matched, or null.</summary>
    public TlsaData? MatchedRecord { get; }

    /// <summary>
    /// The depth of the matched certificate in the path from the leaf (0). A DANE-TA key published in DNS and not
    /// served sits one above the top-most served certificate of the path.
    /// </summary>
    public int? MatchedDepth { get; }

    /// <summary>What matched, e.g. "DANE-EE 3 1 1 matched at depth 0", or null when nothing matched.</summary>
    public string? Description { get; }

    /// <summary>Every record that did not match, in the order tried, each with its reason.</summary>
    public IReadOnlyList<DaneMatchFailure> Failures { get; }

    /// <inheritdoc/>
    public override string ToString() => Description ?? "no TLSA record matched: " + string.Join("; ", Failures);
}
