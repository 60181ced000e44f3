using System.Globalization;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Tlsa;

namespace DaneKit.Tls;

/// <summary>
/// The DANE inputs of one TLS connection: the TLSA RRset, its DNSSEC status, and the names a DANE-TA leaf
/// certificate is checked against, with what they demand (<see cref="Requirement"/>). Immutable; one policy may be
/// shared by any number of connections to the same server.
/// </summary>
/// <remarks>
/// DNS policy (which records count, and what a lookup failure means) is kept apart from matching, as Postfix keeps
/// it apart from OpenSSL's DANE code: this class decides, <see cref="DaneCertificateValidator"/> matches.
/// </remarks>
public sealed class DaneTlsaPolicy
{
    /// <summary>Creates a policy from a TLSA RRset and its DNSSEC status.</summary>
    /// <param name="records">The TLSA RRset, checked for the protocol (<see cref="TlsaRecordSet.Create"/>); empty for none.</param>
    /// <param name="status">
    /// The DNSSEC status of the TLSA lookup, or of the lookup that stopped it: e.g. the MX host's address records
    /// when they are not Secure, so TLSA was not looked up (dane-rules 3).
    /// </param>
    /// <param name="names">The reference names for the DANE-TA name check (RFC 7672 3.2.2).</param>
    /// <param name="reason">
    /// Why the status is what it is, for <see cref="Description"/>, e.g. "the addresses of mx.example.com are
    /// Insecure; TLSA is not looked up"; null for the plain wording.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not a defined value.</exception>
    public DaneTlsaPolicy(TlsaRecordSet records, SecurityStatus status, DaneReferenceNames names, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(names);
        if (!Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "not a DNSSEC security status");
        }

        Records = records;
        Status = status;
        Names = names;
        UsableRecords = records.Usable.Select(e => e.Record).ToArray();
        (Requirement, Description) = Decide(records, status, reason);
    }

    /// <summary>The TLSA RRset, with its usable and unusable records.</summary>
    public TlsaRecordSet Records { get; }

    /// <summary>
    /// The DNSSEC status of the TLSA lookup (or of the lookup that stopped it). <see cref="FromAnswer"/> gives
    /// Indeterminate for a Secure answer that has neither TLSA records nor a proven denial.
    /// </summary>
    public SecurityStatus Status { get; }

    /// <summary>The reference names for the DANE-TA name check.</summary>
    public DaneReferenceNames Names { get; }

    /// <summary>What the lookup demands of the connection (RFC 7672 2.2).</summary>
    public DaneTlsaRequirement Requirement { get; }

    /// <summary>
    /// The requirement in words, with the reason: e.g. "DANE applies: 2 usable TLSA records (Secure)" or
    /// "defer: the TLSA lookup is Bogus (RFC 7672 2.1.1)".
    /// </summary>
    public string Description { get; }

    /// <summary>The usable records in the order they are tried (those of <see cref="TlsaRecordSet.Usable"/>).</summary>
    internal IReadOnlyList<TlsaData> UsableRecords { get; }

    /// <summary>
    /// Creates a policy from the validated answer to a TLSA question (e.g. <c>_25._tcp.mx.example.com TLSA</c> from
    /// <see cref="IDnssecValidator.ValidateAsync"/>).
    /// </summary>
    /// <param name="answer">The validated TLSA answer.</param>
    /// <param name="names">The reference names for the DANE-TA name check.</param>
    /// <param name="context">The protocol the records are used for; SMTP unless said otherwise.</param>
    /// <returns>
    /// The policy. A Secure answer that holds no TLSA record and is no proven denial is treated as a failed lookup
    /// (<see cref="DaneTlsaRequirement.Defer"/>): only a validated denial means "no TLSA" (dane-rules 1, 2).
    /// </returns>
    /// <exception cref="ArgumentException">The answer is not for a TLSA question.</exception>
    public static DaneTlsaPolicy FromAnswer(ValidatedAnswer answer, DaneReferenceNames names, TlsaContext context = TlsaContext.Smtp)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(names);
        if (answer.Question.Type != Dns.DnsType.TLSA)
        {
            throw new ArgumentException($"the answer is for {answer.Question.Name} {answer.Question.Type}, not a TLSA question", nameof(answer));
        }

        var records = answer.Records.Select(r => r.Data).OfType<TlsaData>().ToArray();
        var status = answer.Status;
        string? reason = null;
        if (status == SecurityStatus.Secure && records.Length == 0 && !answer.IsDenial)
        {
            status = SecurityStatus.Indeterminate;
            reason = $"the Secure answer for {answer.Question.Name} TLSA holds no TLSA record and no proof that none exists";
        }
        else if (status is SecurityStatus.Bogus or SecurityStatus.Indeterminate && answer.Failures.FirstOrDefault() is { } failure)
        {
            reason = $"the TLSA lookup is {status}: {failure}";
        }

        return new DaneTlsaPolicy(TlsaRecordSet.Create(records, context), status, names, reason);
    }

    /// <inheritdoc/>
    public override string ToString() => Description;

    private static (DaneTlsaRequirement, string) Decide(TlsaRecordSet records, SecurityStatus status, string? reason)
    {
        switch (status)
        {
            case SecurityStatus.Bogus:
            case SecurityStatus.Indeterminate:
                return (DaneTlsaRequirement.Defer,
                    $"defer: {reason ?? $"the TLSA lookup is {status}"}; a failed lookup is never \"no TLSA\" (RFC 7672 2.1.1, 2.2)");
            case SecurityStatus.Insecure:
                return (DaneTlsaRequirement.NotApplicable, $"DANE does not apply: {reason ?? "the TLSA RRset is Insecure"} (RFC 7672 2.2)");
        }

        if (records.Count == 0)
        {
            return (DaneTlsaRequirement.NotApplicable, $"DANE does not apply: {reason ?? "no TLSA records, proven Secure"} (RFC 7672 2.2)");
        }

        var note = reason is null ? "" : $"; {reason}";
        if (records.AllUnusable)
        {
            var count = string.Create(CultureInfo.InvariantCulture,
                $"all {records.Count} TLSA record{(records.Count == 1 ? " is" : "s are")} unusable");
            return (DaneTlsaRequirement.NoUsableRecords,
                $"TLS mandatory, unauthenticated: {count} (RFC 7672 2.2): {string.Join("; ", records.Unusable)}{note}");
        }

        return (DaneTlsaRequirement.Authenticate, string.Create(CultureInfo.InvariantCulture,
            $"DANE applies: {records.Usable.Count} usable TLSA record{(records.Usable.Count == 1 ? "" : "s")} (Secure), {records.Unusable.Count} unusable{note}"));
    }
}
