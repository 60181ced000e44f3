using System.Net.Security;
using DaneKit.Tlsa;

namespace DaneKit.Tls;

/// <summary>
/// The outcome of one <see cref="DaneCertificateValidator"/> check of a server certificate: accepted or not, why,
/// and what matched at which depth. One per connection.
/// </summary>
public sealed class DaneValidationResult
{
    internal DaneValidationResult(
        DaneTlsaPolicy policy, DaneValidationOutcome outcome, string description, DaneMatchResult? match,
        SslPolicyErrors policyErrors, bool policyErrorsUsed, int servedCertificates, string? leafSubject, DateTimeOffset checkedAt)
    {
        Policy = policy;
        Outcome = outcome;
        Description = description;
        Match = match;
        PolicyErrors = policyErrors;
        PolicyErrorsUsed = policyErrorsUsed;
        ServedCertificates = servedCertificates;
        LeafSubject = leafSubject;
        CheckedAt = checkedAt;
    }

    /// <summary>The policy the certificate was checked against.</summary>
    public DaneTlsaPolicy Policy { get; }

    /// <summary>The outcome.</summary>
    public DaneValidationOutcome Outcome { get; }

    /// <summary>
    /// True when the callback accepted the certificate: <see cref="DaneValidationOutcome.Authenticated"/>,
    /// <see cref="DaneValidationOutcome.EncryptedUnauthenticated"/> or <see cref="DaneValidationOutcome.WebPkiAuthenticated"/>.
    /// </summary>
    public bool Accepted => Outcome is DaneValidationOutcome.Authenticated or DaneValidationOutcome.EncryptedUnauthenticated
        or DaneValidationOutcome.WebPkiAuthenticated;

    /// <summary>True only when the server's identity was established (by DANE, or by WebPKI where asked for).</summary>
    public bool Authenticated => Outcome is DaneValidationOutcome.Authenticated or DaneValidationOutcome.WebPkiAuthenticated;

    /// <summary>
    /// The outcome in words, e.g. "DANE-EE 3 1 1 matched at depth 0", "TLS mandatory, unauthenticated: all 2 TLSA
    /// records are unusable (RFC 7672 2.2)", or "no TLSA record matched: DANE-EE 3 1 1 …: the leaf … gives …".
    /// </summary>
    public string Description { get; }

    /// <summary>The matcher's result (what matched at which depth, and why each other record did not); null when no record was matched.</summary>
    public DaneMatchResult? Match { get; }

    /// <summary>The errors .NET's own WebPKI validation reported to the callback.</summary>
    public SslPolicyErrors PolicyErrors { get; }

    /// <summary>
    /// True when <see cref="PolicyErrors"/> decided the outcome (a PKIX usage, or the WebPKI fallback); false when
    /// DANE replaced WebPKI and the errors were ignored (DANE-EE, DANE-TA: RFC 7672 3.1).
    /// </summary>
    public bool PolicyErrorsUsed { get; }

    /// <summary>How many certificates the server sent (counting at most <see cref="ServedChain.MaxCertificates"/>).</summary>
    public int ServedCertificates { get; }

    /// <summary>The subject of the server's leaf certificate, or null when it sent none.</summary>
    public string? LeafSubject { get; }

    /// <summary>The time the check used as "now" (from the validator's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset CheckedAt { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Outcome}: {Description}";
}
