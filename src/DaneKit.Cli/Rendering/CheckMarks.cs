using DaneKit.Diagnostics;
using DaneKit.Dnssec;
using DaneKit.Reporting;
using DaneKit.Smtp;

namespace DaneKit.Cli.Rendering;

/// <summary>
/// How a status looks in the human report: always a word (the wire name) and a symbol, so the report reads the same
/// without colour; the colour only repeats what the word says.
/// </summary>
/// <param name="Symbol">The symbol in Unicode, e.g. ✓.</param>
/// <param name="AsciiSymbol">The symbol when the output cannot show Unicode, e.g. <c>+</c>.</param>
/// <param name="Word">The word, e.g. <c>authenticated</c>.</param>
/// <param name="Colour">The Spectre colour name, e.g. <c>green</c>.</param>
internal sealed record CheckMark(string Symbol, string AsciiSymbol, string Word, string Colour)
{
    private const string Good = "green";
    private const string Bad = "red";
    private const string Wait = "yellow";
    private const string Weak = "blue";
    private const string Neutral = "grey";

    /// <summary>The mark of a verdict.</summary>
    /// <param name="verdict">The verdict.</param>
    /// <returns>✓ authenticated (green); ✗ dane-fail (red); ! deferred (yellow); ~ for DANE not in force (blue); - no-mail.</returns>
    public static CheckMark Of(DaneVerdict verdict) => verdict switch
    {
        DaneVerdict.Authenticated or DaneVerdict.AuthenticatedInsecureMx => new("✓", "+", verdict.ToWireName(), Good),
        DaneVerdict.DaneFail => new("✗", "x", verdict.ToWireName(), Bad),
        DaneVerdict.Deferred => new("!", "!", verdict.ToWireName(), Wait),
        DaneVerdict.NoMail => new("-", "-", verdict.ToWireName(), Neutral),
        DaneVerdict.NoTls => new("~", "~", verdict.ToWireName(), Bad),
        _ => new("~", "~", verdict.ToWireName(), Weak),
    };

    /// <summary>The mark of a DNSSEC status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>✓ secure, ~ insecure, ✗ bogus, ? indeterminate.</returns>
    public static CheckMark Of(SecurityStatus status) => status switch
    {
        SecurityStatus.Secure => new("✓", "+", "secure", Good),
        SecurityStatus.Insecure => new("~", "~", "insecure", Weak),
        SecurityStatus.Bogus => new("✗", "x", "bogus", Bad),
        _ => new("?", "?", "indeterminate", Wait),
    };

    /// <summary>The mark of a finding's severity.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>✗ error, ! warning, i info.</returns>
    public static CheckMark Of(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => new("✗", "x", "error", Bad),
        FindingSeverity.Warning => new("!", "!", "warning", Wait),
        _ => new("i", "i", "info", Neutral),
    };

    /// <summary>The mark of a probe's outcome.</summary>
    /// <param name="status">How far the probe got.</param>
    /// <returns>✓ tls-established, ✗ no-starttls / tls-failed, ? indeterminate, - not-probed.</returns>
    public static CheckMark Of(CheckProbeStatus status) => status switch
    {
        CheckProbeStatus.TlsEstablished => new("✓", "+", CheckWireNames.Of(status), Good),
        CheckProbeStatus.NoStartTls or CheckProbeStatus.TlsFailed => new("✗", "x", CheckWireNames.Of(status), Bad),
        CheckProbeStatus.Indeterminate => new("?", "?", CheckWireNames.Of(status), Wait),
        _ => new("-", "-", CheckWireNames.Of(status), Neutral),
    };

    /// <summary>The mark of a match: ✓ matched or ✗ not matched.</summary>
    /// <param name="matched">Whether a record matched.</param>
    /// <returns>The mark.</returns>
    public static CheckMark Match(bool matched) => matched ? new("✓", "+", "match", Good) : new("✗", "x", "no match", Bad);

    /// <summary>The mark of what an MTA-STS sender does with a host or the domain.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>✓ delivers, ✗ refuses, ! reports-and-delivers, ~ dane-precedence, - no-policy, ? not-checked.</returns>
    public static CheckMark Of(CheckMtaStsOutcome outcome) => outcome switch
    {
        CheckMtaStsOutcome.Delivers => new("✓", "+", CheckWireNames.Of(outcome), Good),
        CheckMtaStsOutcome.Refuses => new("✗", "x", CheckWireNames.Of(outcome), Bad),
        CheckMtaStsOutcome.ReportsAndDelivers => new("!", "!", CheckWireNames.Of(outcome), Wait),
        CheckMtaStsOutcome.DanePrecedence => new("~", "~", CheckWireNames.Of(outcome), Weak),
        CheckMtaStsOutcome.NotChecked => new("?", "?", CheckWireNames.Of(outcome), Wait),
        _ => new("-", "-", CheckWireNames.Of(outcome), Neutral),
    };
}
