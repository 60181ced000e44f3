using DaneKit.TlsRpt;

namespace DaneKit.Diagnostics;

/// <summary>
/// The findings of the TLS-RPT record check (RFC 8460 3) in <c>danekit check</c>: the record parser's
/// <see cref="TlsRptFinding"/> codes with a title and a fix, as <see cref="Finding"/>s like the rest of the check.
/// </summary>
public static class TlsRptRecordFindings
{
    /// <summary>The code of a failed <c>_smtp._tls</c> lookup.</summary>
    public const string LookupFailedCode = "TLSRPT-LOOKUP-FAILED";

    /// <summary>The definitions of the record codes, in a stable order.</summary>
    public static IReadOnlyList<FindingDefinition> All { get; } =
    [
        new("TLSRPT-RECORD-MISSING", FindingSeverity.Info, "No TLS-RPT record", "RFC 8460 3",
            "No TXT record at _smtp._tls.<domain> begins with v=TLSRPTv1: senders send no reports of TLS failures (DANE or MTA-STS) to the domain.",
            "Publish _smtp._tls.<domain>. IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@<domain>\" to receive daily reports."),
        new("TLSRPT-RECORD-MULTIPLE", FindingSeverity.Error, "More than one TLS-RPT record", "RFC 8460 3",
            "More than one TXT record at _smtp._tls.<domain> begins with v=TLSRPTv1; senders then send no reports.",
            "Keep exactly one v=TLSRPTv1 record; list every reporting URI in its one rua field, comma-separated."),
        new("TLSRPT-VERSION-INVALID", FindingSeverity.Error, "TLS-RPT record version is not v=TLSRPTv1", "RFC 8460 3",
            "The version field must be exactly v=TLSRPTv1 (case-sensitive); senders discard other records.",
            "Begin the record with \"v=TLSRPTv1;\"."),
        new("TLSRPT-VERSION-MISPLACED", FindingSeverity.Error, "TLS-RPT version not the first field", "RFC 8460 3",
            "v=TLSRPTv1 must be the first field, and appear once.",
            "Begin the record with \"v=TLSRPTv1;\" and give it only there."),
        new("TLSRPT-VERSION-MISSING", FindingSeverity.Error, "TLS-RPT record without a version", "RFC 8460 3",
            "The record does not begin with v=TLSRPTv1; senders discard it.",
            "Begin the record with \"v=TLSRPTv1;\"."),
        new("TLSRPT-FIELD-SYNTAX", FindingSeverity.Error, "TLS-RPT record field is malformed", "RFC 8460 3",
            "A field is not name=value as the grammar of RFC 8460 3 says (an empty field, a bad name, an upper-case rua).",
            "Write the record as \"v=TLSRPTv1; rua=<uri>[,<uri>]\"."),
        new("TLSRPT-RUA-DUPLICATE", FindingSeverity.Error, "TLS-RPT record with more than one rua", "RFC 8460 3",
            "The record has several rua fields; the grammar has one, with URIs separated by commas.",
            "Merge them: \"rua=mailto:a@example.com,https://reports.example.com/tlsrpt\"."),
        new("TLSRPT-RUA-MISSING", FindingSeverity.Error, "TLS-RPT record without rua", "RFC 8460 3",
            "The rua field, with at least one URI, is required; without it senders have nowhere to send reports.",
            "Add \"rua=mailto:tlsrpt@<domain>\" (or an https: URI)."),
        new("TLSRPT-RUA-INVALID", FindingSeverity.Error, "TLS-RPT rua URI is not valid", "RFC 8460 3",
            "A rua value is not a valid URI.",
            "Write each URI in full, e.g. mailto:tlsrpt@example.com or https://reports.example.com/v1/tlsrpt."),
        new("TLSRPT-RUA-SCHEME", FindingSeverity.Error, "TLS-RPT rua URI is neither mailto: nor https:", "RFC 8460 3",
            "Reports are sent only by e-mail (mailto:) or by HTTPS POST (https:); senders ignore other URIs.",
            "Use a mailto: or an https: URI."),
        new(LookupFailedCode, FindingSeverity.Warning, "TLS-RPT record lookup failed", "RFC 8460 3",
            "The _smtp._tls TXT lookup did not complete (SERVFAIL, timeout or a Bogus answer): senders cannot find where to report.",
            "Make _smtp._tls.<domain> resolve: check the zone's name servers and, when signed, its DNSSEC chain."),
        new("TLSRPT-EXTENSION-UNKNOWN", FindingSeverity.Info, "Unknown TLS-RPT record field", "RFC 8460 3",
            "The record has a field RFC 8460 does not define; senders ignore it.",
            "Nothing to fix, unless it is a misspelt field."),
    ];

    /// <summary>The parser's finding as a <see cref="Finding"/> with the catalogue's title and fix.</summary>
    /// <param name="finding">A finding of <see cref="TlsRptRecordParser"/>.</param>
    /// <param name="subject">What it is about, e.g. <c>_smtp._tls.example.com</c>.</param>
    /// <param name="evidence">What shows it (the published records).</param>
    /// <returns>The finding. A code this catalogue does not know keeps the parser's severity and RFC, with a generic title and fix.</returns>
    public static Finding ToFinding(TlsRptFinding finding, string subject, IReadOnlyList<FindingEvidence> evidence)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var d = All.FirstOrDefault(x => string.Equals(x.Code, finding.Code, StringComparison.Ordinal));
        return new Finding
        {
            Code = finding.Code,
            Severity = d?.Severity ?? finding.Severity,
            Title = d?.Title ?? "TLS-RPT record problem",
            Message = finding.Message.Length == 0 ? d?.Title ?? finding.Code : char.ToUpperInvariant(finding.Message[0]) + finding.Message[1..] + ".",
            Rfc = finding.Rfc,
            Subject = subject,
            Evidence = evidence,
            Remediation = FindingRemediation.Say(d?.Fix ?? "Publish exactly one record: \"v=TLSRPTv1; rua=mailto:tlsrpt@<domain>\"."),
        };
    }

    /// <summary>The finding for a failed <c>_smtp._tls</c> lookup.</summary>
    /// <param name="subject">The owner name.</param>
    /// <param name="summary">The lookup's one-line summary.</param>
    /// <returns>The finding.</returns>
    public static Finding LookupFailed(string subject, string summary)
    {
        var d = All.First(x => x.Code == LookupFailedCode);
        return new Finding
        {
            Code = d.Code,
            Severity = d.Severity,
            Title = d.Title,
            Message = $"The TXT lookup of {subject} failed: {summary}.",
            Rfc = d.Rfc,
            Subject = subject,
            Remediation = FindingRemediation.Say(d.Fix),
        };
    }
}
