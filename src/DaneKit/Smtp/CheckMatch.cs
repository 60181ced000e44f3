using DaneKit.Tlsa;

namespace DaneKit.Smtp;

/// <summary>The match of the TLSA records against the chain one address served (RFC 7672 3; RFC 7671 5).</summary>
public sealed record CheckMatch
{
    /// <summary>What the records and the served chain add up to.</summary>
    public required DaneMatchOutcome Outcome { get; init; }

    /// <summary>Whether one record authenticated the chain.</summary>
    public bool Matched => Outcome == DaneMatchOutcome.Matched;

    /// <summary>The record that matched, or <see langword="null"/>.</summary>
    public CheckTlsaRecord? MatchedRecord { get; init; }

    /// <summary>The depth of the matched certificate (0 for the leaf), or <see langword="null"/>.</summary>
    public int? MatchedDepth { get; init; }

    /// <summary>The outcome in one sentence, e.g. <c>DANE-EE 3 1 1 matched at depth 0</c>.</summary>
    public required string Summary { get; init; }

    /// <summary>Every usable record that did not match, in the order tried, with its reason.</summary>
    public IReadOnlyList<CheckMatchFailure> Failures { get; init; } = [];

    /// <summary>When nothing matched: the record that came closest (matched a certificate, failed a later check), or <see langword="null"/>.</summary>
    public CheckMatchFailure? NearestMiss { get; init; }
}

/// <summary>One record that did not authenticate the chain, and why.</summary>
/// <param name="Record">The record.</param>
/// <param name="Reason">The reason as a kind.</param>
/// <param name="Detail">The reason in words, naming the certificate or the names tried.</param>
/// <param name="MatchedDepth">The depth of a certificate the record did match before a later check failed, or <see langword="null"/>.</param>
public sealed record CheckMatchFailure(CheckTlsaRecord Record, DaneMatchFailureReason Reason, string Detail, int? MatchedDepth)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Record.UsageName} {Record.Usage} {Record.Selector} {Record.MatchingType}: {Detail}";
}
