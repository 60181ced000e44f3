namespace DaneKit.Diagnostics;

/// <summary>
/// One thing a check found, with what shows it and how to fix it: a stable <see cref="Code"/> from
/// <see cref="FindingCatalogue"/>, the RFC section that rules, the subject (a host, an address or a DNS name), the
/// evidence as labelled values, and the fix as text with exact zone-file lines or commands. Plain data: no cycles,
/// every member a string, a list or an enum, so it serializes as it is.
/// </summary>
public sealed record Finding
{
    /// <summary>The stable code, e.g. <c>DANE-TLSA-STALE</c>; every code is listed in <see cref="FindingCatalogue"/>.</summary>
    public required string Code { get; init; }

    /// <summary>How much it matters (the catalogue's default unless the situation says otherwise).</summary>
    public required FindingSeverity Severity { get; init; }

    /// <summary>The catalogue's title for the code, e.g. "TLSA record does not match the key the server presents".</summary>
    public required string Title { get; init; }

    /// <summary>What was found here, in one sentence naming the host, address or name concerned.</summary>
    public required string Message { get; init; }

    /// <summary>The RFC section that rules, e.g. <c>RFC 7671 8.1</c>.</summary>
    public required string Rfc { get; init; }

    /// <summary>What the finding is about: a domain, an MX host, an address (<c>mx.example.com.[192.0.2.1]:25</c>) or a DNS name.</summary>
    public required string Subject { get; init; }

    /// <summary>What shows it, as labelled values: the records published, the hash of the key served, the failing link.</summary>
    public IReadOnlyList<FindingEvidence> Evidence { get; init; } = [];

    /// <summary>How to fix it.</summary>
    public required FindingRemediation Remediation { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{Code} [{Severity}] {Subject}: {Message} ({Rfc})";
}

/// <summary>One piece of evidence of a <see cref="Finding"/>.</summary>
/// <param name="Label">What the value is, e.g. "published", "served key (3 1 1)", "failing link".</param>
/// <param name="Value">The value, e.g. a record in presentation form or a reason from the validator.</param>
public sealed record FindingEvidence(string Label, string Value)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Label}: {Value}";
}

/// <summary>The fix of a <see cref="Finding"/>: what to do, and the exact lines or commands where there are some.</summary>
/// <param name="Text">What to do, in words.</param>
/// <param name="ZoneLines">Zone-file lines to publish (or remove, when the text says so), e.g. <c>_25._tcp.mx.example.com. IN TLSA 3 1 1 …</c>.</param>
/// <param name="Commands">Commands that produce or check the fix, e.g. <c>danekit tlsa generate --from smtp://mx.example.com</c>.</param>
public sealed record FindingRemediation(string Text, IReadOnlyList<string> ZoneLines, IReadOnlyList<string> Commands)
{
    /// <summary>A fix in words only.</summary>
    /// <param name="text">What to do.</param>
    /// <returns>The remediation.</returns>
    public static FindingRemediation Say(string text) => new(text, [], []);
}
