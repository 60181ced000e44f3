using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Smtp;
using DaneKit.Tls;
using DaneKit.Tlsa;

namespace DaneKit.Tests.Rollover;

/// <summary>
/// Hosts of the check model (<see cref="DaneCheckHost"/>) built by hand for <c>RolloverAssessment.Decide</c>, shaped as the
/// checker shapes them: the TLSA lookup's RRset carries the zone's TTL (RRSIG original TTL), the usable records are
/// in presentation form, each address has its requirement, served leaf and match.
/// </summary>
internal static class RolloverHosts
{
    /// <summary>The zone TTL of the samples.</summary>
    public const uint Ttl = 300;

    public static CheckTlsaRecord CheckRecord(TlsaData data) => new()
    {
        Usage = (int)data.Usage,
        Selector = (int)data.Selector,
        MatchingType = (int)data.MatchingType,
        Data = Convert.ToHexString(data.CertificateAssociationData),
        Text = data.ToString(),
        UsageName = data.Usage == TlsaUsage.DaneEe ? "DANE-EE" : data.Usage == TlsaUsage.DaneTa ? "DANE-TA" : ((int)data.Usage).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A TLSA lookup whose last RRset is the TLSA RRset with the given TTLs (none when <paramref name="withRRset"/> is false).</summary>
    public static CheckLookup TlsaLookup(IReadOnlyList<string> records, SecurityStatus status, uint remainingTtl, uint? originalTtl, bool withRRset = true) => new()
    {
        Name = RolloverTestPki.Owner,
        Type = "TLSA",
        Status = status,
        ResponseCode = "NOERROR",
        Records = records,
        FinalName = RolloverTestPki.Owner,
        RRsets = withRRset
            ? [new CheckRRset(RolloverTestPki.Owner, "TLSA", status, records, "example.com.", 12345, remainingTtl, RolloverTestPki.Now.AddDays(14),
                originalTtl is null ? 0 : 1, originalTtl)]
            : [],
        Summary = $"{RolloverTestPki.Owner} TLSA: {status}, {records.Count} records",
    };

    /// <summary>A Secure TLSA side with these usable records and the zone TTL <see cref="Ttl"/>.</summary>
    public static CheckTlsa SecureTlsa(IReadOnlyList<TlsaData> usable, uint remainingTtl = 123, uint? originalTtl = Ttl, bool withRRset = true)
    {
        var records = usable.Select(CheckRecord).ToArray();
        return new CheckTlsa
        {
            Port = 25,
            BaseDomain = RolloverTestPki.Host,
            Owner = RolloverTestPki.Owner,
            LookedUp = true,
            Lookups = [TlsaLookup(records.Select(r => r.Text).ToArray(), SecurityStatus.Secure, remainingTtl, originalTtl, withRRset)],
            Status = SecurityStatus.Secure,
            Requirement = records.Length > 0 ? DaneTlsaRequirement.Authenticate : DaneTlsaRequirement.NotApplicable,
            Description = records.Length > 0
                ? "secure TLSA RRset with usable records: TLS and authentication are required (RFC 7672 2.2)"
                : "secure denial of TLSA: DANE does not apply (RFC 7672 2.2)",
            Records = records,
            Usable = records,
        };
    }

    /// <summary>A TLSA side that is not Secure (Bogus, Indeterminate: defer; Insecure: DANE does not apply).</summary>
    public static CheckTlsa NotSecureTlsa(SecurityStatus status, IReadOnlyList<TlsaData> records)
    {
        var rs = records.Select(CheckRecord).ToArray();
        var defer = status is SecurityStatus.Bogus or SecurityStatus.Indeterminate;
        return new CheckTlsa
        {
            Port = 25,
            BaseDomain = RolloverTestPki.Host,
            Owner = RolloverTestPki.Owner,
            LookedUp = true,
            Lookups = [TlsaLookup(rs.Select(r => r.Text).ToArray(), status, 300, null)],
            Status = status,
            Requirement = defer ? DaneTlsaRequirement.Defer : DaneTlsaRequirement.NotApplicable,
            Description = defer ? $"defer: the TLSA lookup is {status} (RFC 7672 2.1.1)" : "DANE does not apply: the TLSA RRset is insecure",
            Records = rs,
            Usable = [],
        };
    }

    /// <summary>An address that serves a leaf with the key <paramref name="servedSpkiSha256"/> and whose match is <paramref name="matched"/> (null: not attempted).</summary>
    public static DaneCheckAddress Address(string address, string? servedSpkiSha256, bool? matched, DaneVerdict? verdict = null,
        DaneTlsaRequirement requirement = DaneTlsaRequirement.Authenticate)
    {
        var v = verdict ?? (matched == true ? DaneVerdict.Authenticated : matched == false ? DaneVerdict.DaneFail : DaneVerdict.Deferred);
        return new DaneCheckAddress
        {
            Address = address,
            Family = address.Contains(':', StringComparison.Ordinal) ? CheckAddressFamily.IPv6 : CheckAddressFamily.IPv4,
            Port = 25,
            Endpoint = address.Contains(':', StringComparison.Ordinal) ? $"[{address}]:25" : $"{address}:25",
            AddressStatus = SecurityStatus.Secure,
            Requirement = requirement,
            Certificates = servedSpkiSha256 is null ? [] : [Certificate(servedSpkiSha256)],
            Match = matched is null ? null : new CheckMatch
            {
                Outcome = matched.Value ? DaneMatchOutcome.Matched : DaneMatchOutcome.NotMatched,
                MatchedDepth = matched.Value ? 0 : null,
                Summary = matched.Value ? "DANE-EE 3 1 1 matched at depth 0" : "no usable record matched the chain",
            },
            Verdict = v,
            VerdictRfc = "RFC 7672 3.1.1",
            VerdictReason = v == DaneVerdict.Deferred ? "the connection timed out" : $"sample reason for {v}",
        };
    }

    private static CheckCertificate Certificate(string spkiSha256) => new()
    {
        Depth = 0,
        Subject = "CN=mx.example.com",
        Issuer = "CN=Rollover Test CA",
        SerialNumber = "01",
        NotBefore = RolloverTestPki.NotBefore,
        NotAfter = RolloverTestPki.NotAfter,
        DnsNames = ["mx.example.com"],
        KeyAlgorithm = "ECDSA P-256",
        SpkiSha256 = spkiSha256,
        CertificateSha256 = new string('C', 64),
        TlsaRecord = "3 1 1 " + spkiSha256,
        Der = "MIIB",
    };

    /// <summary>The host <c>mx.example.com.</c> with this TLSA side and these addresses.</summary>
    public static DaneCheckHost MxHost(CheckTlsa tlsa, params DaneCheckAddress[] addresses) => new()
    {
        Name = RolloverTestPki.Host,
        Preference = 10,
        Origin = CheckHostOrigin.Mx,
        ExpandedName = RolloverTestPki.Host,
        AddressStatus = SecurityStatus.Secure,
        Tlsa = tlsa,
        Addresses = addresses,
        Verdict = addresses.Length > 0 ? addresses[0].Verdict : DaneVerdict.Opportunistic,
        VerdictRfc = "RFC 7672 3.1.1",
        VerdictReason = "sample",
    };
}
