using System.Globalization;
using System.Text.RegularExpressions;
using DaneKit.Dns;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Records;

namespace DaneKit.Dnssec;

/// <summary>
/// Trust anchors: DS or DNSKEY records the validator trusts without proof (RFC 4033 3.1, RFC 4035 4.4).
/// </summary>
public sealed partial class TrustAnchors
{
    private readonly List<DnsResourceRecord> _records;

    /// <summary>Creates a set of anchors from DS and/or DNSKEY records.</summary>
    /// <param name="records">The anchors; other types are refused.</param>
    /// <exception cref="ArgumentException">A record is neither DS nor DNSKEY, or the set is empty.</exception>
    public TrustAnchors(IEnumerable<DnsResourceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        _records = records.ToList();
        if (_records.Count == 0)
        {
            throw new ArgumentException("no trust anchor", nameof(records));
        }

        if (_records.FirstOrDefault(r => r.Type is not (DnsType.DS or DnsType.DNSKEY)) is { } bad)
        {
            throw new ArgumentException($"a trust anchor must be DS or DNSKEY, not {bad.Type.ToText()} ({bad})", nameof(records));
        }
    }

    /// <summary>
    /// The IANA root anchors: KSK-2017 (key tag 20326) and KSK-2024 (key tag 38696), as DS records with
    /// SHA-256 digests, from IANA's root-anchors.xml.
    /// </summary>
    public static TrustAnchors IanaRoot { get; } = new(
    [
        new DnsResourceRecord(DnsName.Root, DnsClass.IN, 172800, new DsData(20326, 8, 2,
            Convert.FromHexString("E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"))),
        new DnsResourceRecord(DnsName.Root, DnsClass.IN, 172800, new DsData(38696, 8, 2,
            Convert.FromHexString("683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16"))),
    ]);

    /// <summary>The anchor records.</summary>
    public IReadOnlyList<DnsResourceRecord> Records => _records;

    /// <summary>The names that have anchors.</summary>
    public IEnumerable<DnsName> Names => _records.Select(r => r.Name).Distinct();

    /// <summary>The closest anchor at or above <paramref name="name"/>, or null when none covers it.</summary>
    /// <param name="name">A name.</param>
    /// <returns>The anchor's owner name.</returns>
    public DnsName? ClosestAnchor(DnsName name) =>
        Names.Where(name.IsSubdomainOf).OrderByDescending(n => n.LabelCount).FirstOrDefault();

    /// <summary>The anchor records at <paramref name="name"/>.</summary>
    public IReadOnlyList<DnsResourceRecord> At(DnsName name) => _records.Where(r => r.Name.Equals(name)).ToList();

    /// <summary>
    /// Loads anchors from a file in any of the formats resolvers use: zone-file DS or DNSKEY records (also
    /// what Unbound's <c>trust-anchor-file</c> and <c>auto-trust-anchor-file</c> hold, comments included), or
    /// BIND's <c>trust-anchors</c>, <c>managed-keys</c> and <c>trusted-keys</c> clauses.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The anchors.</returns>
    /// <exception cref="PresentationException">The file holds no anchor or a malformed one; the message says where.</exception>
    public static async Task<TrustAnchors> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(text, path);
    }

    /// <summary>Parses anchors from text; see <see cref="LoadAsync"/> for the formats.</summary>
    /// <param name="text">The text.</param>
    /// <param name="file">The file name for error messages.</param>
    /// <returns>The anchors.</returns>
    public static TrustAnchors Parse(string text, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = BindClause().IsMatch(text) ? ParseBind(text, file) : ParseZone(text, file);
        if (records.Count == 0)
        {
            throw new PresentationException("no DS or DNSKEY trust anchor found", file);
        }

        return new TrustAnchors(records);
    }

    private static List<DnsResourceRecord> ParseZone(string text, string? file)
    {
        // Anchor files often give no TTL; a default keeps them parseable without changing the records' meaning.
        var parsed = new ZoneFileParser(new ZoneFileParserOptions { DefaultTtl = 3600 }).ParseText(text, file);
        var wrong = parsed.FirstOrDefault(r => r.Type is not (DnsType.DS or DnsType.DNSKEY));
        return wrong is not null
            ? throw new PresentationException($"a trust anchor must be DS or DNSKEY, not {wrong.Type.ToText()} at {wrong.Name}", file)
            : parsed.ToList();
    }

    // BIND 9: trust-anchors { NAME static-key|initial-key FLAGS PROTO ALG "BASE64"; NAME static-ds|initial-ds TAG ALG DT "HEX"; };
    // and the older managed-keys { NAME initial-key ... } / trusted-keys { NAME FLAGS PROTO ALG "BASE64"; }.
    private static List<DnsResourceRecord> ParseBind(string text, string? file)
    {
        var list = new List<DnsResourceRecord>();
        foreach (Match clause in BindClause().Matches(StripBindComments(text)))
        {
            foreach (var statement in clause.Groups["body"].Value.Split(';'))
            {
                var s = statement.Trim();
                if (s.Length == 0)
                {
                    continue;
                }

                var t = BindTokens().Matches(s).Select(m => m.Value.Trim('"')).ToList();
                try
                {
                    var name = DnsName.Parse(t[0]);
                    var rest = t.Skip(1).ToList();
                    var kind = rest.Count > 0 && !char.IsAsciiDigit(rest[0][0]) ? rest[0].ToLowerInvariant() : "static-key";
                    if (kind != "static-key" || (rest.Count > 0 && !char.IsAsciiDigit(rest[0][0])))
                    {
                        rest = rest.Skip(1).ToList();
                    }

                    var rdata = string.Join(' ', rest);
                    DnsRecordData data = kind.EndsWith("-ds", StringComparison.Ordinal)
                        ? RecordDataCodec.Parse(DnsType.DS, RdataTextReader.FromText(rdata))
                        : RecordDataCodec.Parse(DnsType.DNSKEY, RdataTextReader.FromText(rdata));
                    list.Add(new DnsResourceRecord(name, DnsClass.IN, 3600, data));
                }
                catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
                {
                    throw new PresentationException($"trust anchor '{s}': {e.Message}", file);
                }
            }
        }

        return list;
    }

    private static string StripBindComments(string text) =>
        BindComment().Replace(text, m => m.Value.StartsWith('"') ? m.Value : " ");

    [GeneratedRegex(@"\b(?:trust-anchors|managed-keys|trusted-keys)\s*\{(?<body>(?:[^{}]|""[^""]*"")*)\}\s*;", RegexOptions.CultureInvariant)]
    private static partial Regex BindClause();

    [GeneratedRegex(@"""[^""]*""|\S+", RegexOptions.CultureInvariant)]
    private static partial Regex BindTokens();

    [GeneratedRegex(@"""[^""]*""|//[^\n]*|#[^\n]*|/\*.*?\*/", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex BindComment();

    /// <summary>The anchors as zone-file lines.</summary>
    public override string ToString() => string.Join('\n', _records.Select(r => r.ToString()));

    internal static string Describe(DnsResourceRecord anchor) => anchor.Data switch
    {
        DsData ds => string.Create(CultureInfo.InvariantCulture, $"DS {ds.KeyTag}/{ds.Algorithm}/{ds.DigestType}"),
        DnskeyData k => string.Create(CultureInfo.InvariantCulture, $"DNSKEY {k.KeyTag}/{k.Algorithm}"),
        _ => anchor.Type.ToText(),
    };
}
