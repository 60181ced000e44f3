using DaneKit.Dns.Records;

namespace DaneKit.Tlsa;

/// <summary>
/// A TLSA RRset made ready for matching: each record checked when added (RFC 7672 3.1.3), the usable ones sorted
/// as OpenSSL tries them, and digest agility applied (RFC 7671 9). Policy only: no matching, no I/O.
/// </summary>
/// <remarks>
/// Order (OpenSSL <c>dane_tlsa_add</c>): usage descending (DANE-EE, DANE-TA, PKIX-EE, PKIX-TA), then selector
/// descending (SPKI before Cert), then matching type by strength (SHA2-512, SHA2-256, Full); records equal on all
/// three keep their RRset order. Digest agility: for each usage and selector, Full(0) records and the records of
/// the strongest digest type present are kept; weaker digests are listed in <see cref="Unusable"/> with
/// <see cref="TlsaUsabilityReason.WeakerDigest"/>.
/// </remarks>
public sealed class TlsaRecordSet
{
    private TlsaRecordSet(TlsaContext context, IReadOnlyList<TlsaRecordSetEntry> usable, IReadOnlyList<TlsaRecordSetRejection> unusable, int count)
    {
        Context = context;
        Usable = usable;
        Unusable = unusable;
        Count = count;
    }

    /// <summary>The protocol the records were checked for.</summary>
    public TlsaContext Context { get; }

    /// <summary>The usable records, in the order they are tried.</summary>
    public IReadOnlyList<TlsaRecordSetEntry> Usable { get; }

    /// <summary>The records not used, in RRset order (digest agility drops last), each with its reason.</summary>
    public IReadOnlyList<TlsaRecordSetRejection> Unusable { get; }

    /// <summary>How many records were given.</summary>
    public int Count { get; }

    /// <summary>
    /// Records were published but none is usable: for SMTP, TLS is still mandatory but unauthenticated, never
    /// plaintext (RFC 7672 2.2, dane-rules 11).
    /// </summary>
    public bool AllUnusable => Count > 0 && Usable.Count == 0;

    /// <summary>Builds the set.</summary>
    /// <param name="records">The TLSA records, in RRset order.</param>
    /// <param name="context">The protocol they are used for.</param>
    /// <returns>The set.</returns>
    public static TlsaRecordSet Create(IEnumerable<TlsaData> records, TlsaContext context)
    {
        ArgumentNullException.ThrowIfNull(records);
        var unusable = new List<TlsaRecordSetRejection>();
        var checkedRecords = new List<TlsaRecordSetEntry>();
        var count = 0;
        foreach (var record in records)
        {
            count++;
            var rejection = TlsaUsability.Check(record, context, out var spki);
            if (rejection is null)
            {
                checkedRecords.Add(new TlsaRecordSetEntry(record, spki));
            }
            else
            {
                unusable.Add(rejection);
            }
        }

        // Digest agility (RFC 7671 9): the strongest digest present for each usage and selector.
        var strongest = new Dictionary<(TlsaUsage, TlsaSelector), int>();
        foreach (var entry in checkedRecords)
        {
            var key = (entry.Record.Usage, entry.Record.Selector);
            var strength = Strength(entry.Record.MatchingType);
            if (strength > 0 && (!strongest.TryGetValue(key, out var best) || strength > best))
            {
                strongest[key] = strength;
            }
        }

        var usable = new List<TlsaRecordSetEntry>();
        foreach (var entry in checkedRecords)
        {
            var strength = Strength(entry.Record.MatchingType);
            if (strength > 0 && strength < strongest[(entry.Record.Usage, entry.Record.Selector)])
            {
                unusable.Add(new TlsaRecordSetRejection(entry.Record, TlsaUsabilityReason.WeakerDigest,
                    $"{entry.Record.MatchingType.ToMnemonic()} is ignored: a stronger digest is published for "
                    + $"{entry.Record.Usage.ToMnemonic()} {entry.Record.Selector.ToMnemonic()} (RFC 7671 9)"));
            }
            else
            {
                usable.Add(entry);
            }
        }

        // List.Sort is not stable; OrderBy is.
        var sorted = usable
            .OrderByDescending(e => (byte)e.Record.Usage)
            .ThenByDescending(e => (byte)e.Record.Selector)
            .ThenByDescending(e => Strength(e.Record.MatchingType))
            .ToArray();
        return new TlsaRecordSet(context, sorted, unusable, count);
    }

    /// <summary>The digest strength order of OpenSSL's <c>mdord</c>: Full 0, SHA2-256 1, SHA2-512 2.</summary>
    private static int Strength(TlsaMatchingType matchingType) => matchingType switch
    {
        TlsaMatchingType.Sha512 => 2,
        TlsaMatchingType.Sha256 => 1,
        _ => 0,
    };
}
