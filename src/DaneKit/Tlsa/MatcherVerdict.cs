using DaneKit.Dns.Records;

namespace DaneKit.Tlsa;

/// <summary>What one record gave: a match at a depth (with an optional note), or a failure.</summary>
/// <param name="Record">The record.</param>
/// <param name="Depth">The depth of the match, when it matched.</param>
/// <param name="Note">Text appended to the match description, e.g. that the anchor came from DNS.</param>
/// <param name="Failure">The failure, when it did not match.</param>
internal readonly record struct MatcherVerdict(TlsaData Record, int? Depth, string? Note, DaneMatchFailure? Failure)
{
    /// <summary>A match.</summary>
    internal static MatcherVerdict Match(TlsaData record, int depth, string? note = null) => new(record, depth, note, null);

    /// <summary>A failure.</summary>
    internal static MatcherVerdict Fail(DaneMatchFailure failure) => new(failure.Record, null, null, failure);

    /// <summary>A failure.</summary>
    internal static MatcherVerdict Fail(TlsaData record, DaneMatchFailureReason reason, string detail, int? matchedDepth = null) =>
        Fail(new DaneMatchFailure(record, reason, detail, matchedDepth));
}
