namespace DaneKit.Diagnostics;

/// <summary>What a finding code means: its default severity, title, the RFC section that rules, and the usual fix.</summary>
/// <param name="Code">The stable code, e.g. <c>DANE-TLSA-STALE</c>.</param>
/// <param name="Severity">The default severity.</param>
/// <param name="Title">A short title.</param>
/// <param name="Rfc">The RFC section that rules.</param>
/// <param name="Meaning">What the finding means, in one or two sentences.</param>
/// <param name="Fix">The usual fix, in words (a finding carries the exact lines for its case).</param>
public sealed record FindingDefinition(string Code, FindingSeverity Severity, string Title, string Rfc, string Meaning, string Fix);
