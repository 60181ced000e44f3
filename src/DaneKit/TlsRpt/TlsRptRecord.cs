using DaneKit.Diagnostics;

namespace DaneKit.TlsRpt;

/// <summary>
/// A parsed SMTP TLS Reporting policy record, the TXT record at <c>_smtp._tls.DOMAIN</c> (RFC 8460 section 3):
/// <c>v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://reports.example.com/tlsrpt</c>.
/// </summary>
/// <param name="Text">The record text (the TXT record's strings concatenated).</param>
/// <param name="ReportUris">The aggregate report URIs of <c>rua</c>, each <c>mailto:</c> or <c>https:</c>, in order.</param>
/// <param name="Extensions">Extension fields (<c>name=value</c>) other than <c>v</c> and <c>rua</c>, in order.</param>
public sealed record TlsRptRecord(string Text, IReadOnlyList<Uri> ReportUris, IReadOnlyList<KeyValuePair<string, string>> Extensions);

/// <summary>
/// The outcome of parsing the TXT records of <c>_smtp._tls.DOMAIN</c>: the one TLS-RPT record when there is exactly
/// one usable record, and every finding.
/// </summary>
/// <param name="Record">The record a sender uses; <see langword="null"/> when the domain does not (validly) implement TLS-RPT.</param>
/// <param name="Findings">Every finding, errors first as found.</param>
public sealed record TlsRptRecordResult(TlsRptRecord? Record, IReadOnlyList<TlsRptFinding> Findings)
{
    /// <summary>Whether a sender would send reports: one record and no error.</summary>
    public bool IsValid => Record is not null && !Findings.Any(f => f.Severity == FindingSeverity.Error);
}
