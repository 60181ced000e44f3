using DaneKit.Diagnostics;
using DaneKit.Dnssec;
using DaneKit.Reporting;
using DaneKit.Smtp;

namespace DaneKit.Web.Rendering;

/// <summary>
/// How a status looks on the pages: a symbol and a word (as <c>danekit check</c> prints them) and a CSS class for the
/// colour. The colour never carries the meaning alone: the symbol and the word are always shown with it.
/// </summary>
/// <param name="Symbol">The symbol: ✓ ✗ ! ~ ? - i.</param>
/// <param name="Word">The word, e.g. <c>authenticated</c>, <c>bogus</c>, <c>error</c>.</param>
/// <param name="Tone">The CSS tone: <c>good</c>, <c>bad</c>, <c>wait</c>, <c>weak</c> or <c>neutral</c>.</param>
public sealed record StatusMark(string Symbol, string Word, string Tone)
{
    /// <summary>The CSS classes of a badge with this mark.</summary>
    public string BadgeClass => "badge tone-" + Tone;

    /// <summary>The mark of a DANE verdict.</summary>
    /// <param name="verdict">The verdict.</param>
    /// <returns>✓ authenticated; ✗ dane-fail and no-tls; ! deferred; ~ DANE not in force; - no-mail.</returns>
    public static StatusMark Of(DaneVerdict verdict) => verdict switch
    {
        DaneVerdict.Authenticated or DaneVerdict.AuthenticatedInsecureMx => new("✓", verdict.ToWireName(), "good"),
        DaneVerdict.DaneFail => new("✗", verdict.ToWireName(), "bad"),
        DaneVerdict.Deferred => new("!", verdict.ToWireName(), "wait"),
        DaneVerdict.NoMail => new("-", verdict.ToWireName(), "neutral"),
        DaneVerdict.NoTls => new("~", verdict.ToWireName(), "bad"),
        _ => new("~", verdict.ToWireName(), "weak"),
    };

    /// <summary>The mark of a stored verdict (wire name), or of a domain not checked yet.</summary>
    /// <param name="wireName">The wire name, or null.</param>
    /// <returns>The mark; <c>? unchecked</c> for null, the name itself with a neutral tone when it is unknown.</returns>
    public static StatusMark OfVerdict(string? wireName)
    {
        if (wireName is null or "unchecked")
        {
            return new("?", "unchecked", "neutral");
        }

        return DaneVerdicts.TryParse(wireName, out var verdict) ? Of(verdict) : new("?", wireName, "neutral");
    }

    /// <summary>The mark of a DNSSEC status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>✓ secure, ~ insecure, ✗ bogus, ? indeterminate.</returns>
    public static StatusMark Of(SecurityStatus status) => status switch
    {
        SecurityStatus.Secure => new("✓", "secure", "good"),
        SecurityStatus.Insecure => new("~", "insecure", "weak"),
        SecurityStatus.Bogus => new("✗", "bogus", "bad"),
        _ => new("?", "indeterminate", "wait"),
    };

    /// <summary>The mark of a finding's severity.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>✗ error, ! warning, i info.</returns>
    public static StatusMark Of(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => new("✗", "error", "bad"),
        FindingSeverity.Warning => new("!", "warning", "wait"),
        _ => new("i", "info", "neutral"),
    };

    /// <summary>The mark of an alert's severity (<c>error</c>, <c>warning</c>, <c>info</c>).</summary>
    /// <param name="severity">The severity as stored.</param>
    /// <returns>The mark.</returns>
    public static StatusMark OfSeverity(string severity) => severity switch
    {
        "error" => Of(FindingSeverity.Error),
        "warning" => Of(FindingSeverity.Warning),
        _ => new("i", severity, "neutral"),
    };

    /// <summary>The mark of a probe's outcome.</summary>
    /// <param name="status">How far the probe got.</param>
    /// <returns>✓ tls-established, ✗ no-starttls or tls-failed, ? indeterminate, - not-probed.</returns>
    public static StatusMark Of(CheckProbeStatus status) => status switch
    {
        CheckProbeStatus.TlsEstablished => new("✓", CheckWireNames.Of(status), "good"),
        CheckProbeStatus.NoStartTls or CheckProbeStatus.TlsFailed => new("✗", CheckWireNames.Of(status), "bad"),
        CheckProbeStatus.Indeterminate => new("?", CheckWireNames.Of(status), "wait"),
        _ => new("-", CheckWireNames.Of(status), "neutral"),
    };

    /// <summary>The mark of what an MTA-STS sender does with a host or the domain.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>✓ delivers, ✗ refuses, ! reports-and-delivers, ~ dane-precedence, - no-policy, ? not-checked.</returns>
    public static StatusMark Of(CheckMtaStsOutcome outcome) => outcome switch
    {
        CheckMtaStsOutcome.Delivers => new("✓", CheckWireNames.Of(outcome), "good"),
        CheckMtaStsOutcome.Refuses => new("✗", CheckWireNames.Of(outcome), "bad"),
        CheckMtaStsOutcome.ReportsAndDelivers => new("!", CheckWireNames.Of(outcome), "wait"),
        CheckMtaStsOutcome.DanePrecedence => new("~", CheckWireNames.Of(outcome), "weak"),
        CheckMtaStsOutcome.NotChecked => new("?", CheckWireNames.Of(outcome), "wait"),
        _ => new("-", CheckWireNames.Of(outcome), "neutral"),
    };

    /// <summary>The mark of a stored MTA-STS outcome (wire name), or none.</summary>
    /// <param name="wireName">The wire name, or null when MTA-STS was not checked.</param>
    /// <returns>The mark.</returns>
    public static StatusMark OfMtaSts(string? wireName)
    {
        if (wireName is null)
        {
            return new("-", "not checked", "neutral");
        }

        foreach (var outcome in Enum.GetValues<CheckMtaStsOutcome>())
        {
            if (CheckWireNames.Of(outcome) == wireName)
            {
                return Of(outcome);
            }
        }

        return new("?", wireName, "neutral");
    }

    /// <summary>The mark of a TLS-RPT record outcome.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>✓ ok, - none, ✗ invalid or lookup-failed.</returns>
    public static StatusMark Of(CheckTlsRptOutcome outcome) => outcome switch
    {
        CheckTlsRptOutcome.Ok => new("✓", CheckWireNames.Of(outcome), "good"),
        CheckTlsRptOutcome.None => new("-", CheckWireNames.Of(outcome), "neutral"),
        _ => new("✗", CheckWireNames.Of(outcome), "bad"),
    };

    /// <summary>The mark of a TLSA record against a served chain.</summary>
    /// <param name="matched">Whether it matched.</param>
    /// <returns>✓ matched or ✗ not matched.</returns>
    public static StatusMark Match(bool matched) => matched ? new("✓", "matched", "good") : new("✗", "not matched", "bad");
}
