using DaneKit.Diagnostics;

namespace DaneKit.TlsRpt;

/// <summary>
/// One thing the TLS-RPT record parser or report reader found: a stable <see cref="Code"/> (listed in
/// <c>docs/tlsrpt.md</c>), its severity, the RFC section that rules, and a message naming the field concerned.
/// </summary>
/// <param name="Code">The stable code, e.g. <c>TLSRPT-RUA-SCHEME</c> or <c>TLSRPT-REPORT-JSON-INVALID</c>.</param>
/// <param name="Severity">Error for what makes the record unusable or the report rejected; warning for a tolerated deviation.</param>
/// <param name="Rfc">The RFC section that rules, e.g. <c>RFC 8460 3</c>.</param>
/// <param name="Message">What was found, naming the field or URI.</param>
public sealed record TlsRptFinding(string Code, FindingSeverity Severity, string Rfc, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Code} [{Severity}] {Message} ({Rfc})";

    internal static TlsRptFinding Error(string code, string rfc, string message) => new(code, FindingSeverity.Error, rfc, message);

    internal static TlsRptFinding Warning(string code, string rfc, string message) => new(code, FindingSeverity.Warning, rfc, message);

    internal static TlsRptFinding Info(string code, string rfc, string message) => new(code, FindingSeverity.Info, rfc, message);
}
