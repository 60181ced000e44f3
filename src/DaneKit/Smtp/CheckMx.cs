namespace DaneKit.Smtp;

/// <summary>The MX lookup of a mail check (RFC 7672 2.2.1) and what it gave.</summary>
public sealed record CheckMx
{
    /// <summary>The lookup, with its status and evidence.</summary>
    public required CheckLookup Lookup { get; init; }

    /// <summary>What it gave: MX records, a null MX, no MX (implicit MX), no domain, or a failure.</summary>
    public required CheckMxOutcome Outcome { get; init; }

    /// <summary>The MX records in preference order (then by name), the null MX left out; untrusted when <see cref="Outcome"/> is a failure.</summary>
    public IReadOnlyList<CheckMxRecord> Records { get; init; } = [];
}

/// <summary>One MX record.</summary>
/// <param name="Preference">The preference: lower is tried first.</param>
/// <param name="Exchange">The MX host name, absolute.</param>
public sealed record CheckMxRecord(int Preference, string Exchange);
