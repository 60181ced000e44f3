using DaneKit.Dnssec;
using DaneKit.Tls;
using DaneKit.Tlsa;

namespace DaneKit.Smtp;

/// <summary>
/// The TLSA side of one host: whether TLSA was looked up (only when the address records are Secure, RFC 7672 2.2.3), the
/// lookups made (the CNAME target first, then the original name, RFC 7672 2.2.2), the TLSA base domain, the records, and
/// what they demand of the connection.
/// </summary>
public sealed record CheckTlsa
{
    /// <summary>The port of the TLSA owner name (25 for mail).</summary>
    public required int Port { get; init; }

    /// <summary>The TLSA base domain: where the records were found, or the name a sender looks at first (the host after CNAME expansion).</summary>
    public required string BaseDomain { get; init; }

    /// <summary>The owner name the records come from (or were looked for first): <c>_25._tcp.BASE.</c>.</summary>
    public required string Owner { get; init; }

    /// <summary>Whether a sender looks up TLSA for this host at all.</summary>
    public required bool LookedUp { get; init; }

    /// <summary>Why TLSA was not looked up (e.g. Insecure address records), or <see langword="null"/>.</summary>
    public string? SkipReason { get; init; }

    /// <summary>The TLSA lookups a sender makes, in order: the CNAME target, then the original name when rule 4 allows it.</summary>
    public IReadOnlyList<CheckLookup> Lookups { get; init; } = [];

    /// <summary>The DNSSEC status that decides (of the TLSA lookup used, or of the address records when TLSA was not looked up).</summary>
    public required SecurityStatus Status { get; init; }

    /// <summary>What the records demand of the connection (RFC 7672 2.2): authenticate, TLS without authentication, nothing, or defer.</summary>
    public required DaneTlsaRequirement Requirement { get; init; }

    /// <summary>The requirement in words, with the reason.</summary>
    public required string Description { get; init; }

    /// <summary>Every record of the RRset used, in RRset order.</summary>
    public IReadOnlyList<CheckTlsaRecord> Records { get; init; } = [];

    /// <summary>The usable records, in the order they are tried (OpenSSL's order, RFC 7671 9 digest agility applied).</summary>
    public IReadOnlyList<CheckTlsaRecord> Usable { get; init; } = [];

    /// <summary>The records not used, each with its reason (RFC 7672 3.1.3, RFC 7671 9).</summary>
    public IReadOnlyList<CheckTlsaRecord> Unusable { get; init; } = [];

    /// <summary>The record set in the form the matcher takes; not part of the data.</summary>
    internal TlsaRecordSet? RecordSet { get; init; }
}

/// <summary>One TLSA record, as data.</summary>
public sealed record CheckTlsaRecord
{
    /// <summary>The certificate usage: 0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE (others unknown).</summary>
    public required int Usage { get; init; }

    /// <summary>The selector: 0 Cert, 1 SPKI.</summary>
    public required int Selector { get; init; }

    /// <summary>The matching type: 0 Full, 1 SHA2-256, 2 SHA2-512.</summary>
    public required int MatchingType { get; init; }

    /// <summary>The certificate association data in upper-case hex.</summary>
    public required string Data { get; init; }

    /// <summary>The record in presentation form: <c>3 1 1 ABCD…</c> (the whole data).</summary>
    public required string Text { get; init; }

    /// <summary>The RFC 7218 name of the usage (<c>DANE-EE</c>), or the number when unknown.</summary>
    public required string UsageName { get; init; }

    /// <summary>Why the record is not used, or <see langword="null"/> when it is usable.</summary>
    public TlsaUsabilityReason? UnusableReason { get; init; }

    /// <summary>The reason in words, or <see langword="null"/>.</summary>
    public string? UnusableDetail { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
