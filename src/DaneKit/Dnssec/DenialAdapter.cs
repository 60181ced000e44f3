using System.Text.RegularExpressions;
using DaneKit.Dns;
using DaneKit.Dnssec.Denial;

namespace DaneKit.Dnssec;

/// <summary>Runs a denial-of-existence proof over verified NSEC/NSEC3 records and maps it to a status.</summary>
internal static partial class DenialAdapter
{
    /// <summary>The proof's status, its reasons (each with the RFC section split off), and the main RFC.</summary>
    public sealed record Result(SecurityStatus Status, IReadOnlyList<(string What, string Rfc)> Reasons);

    public static Result Prove(DenialKind kind, DnsName name, DnsType type, DnsName apex, IReadOnlyCollection<DnsResourceRecord> verified,
        int wildcardLabels, ValidatorOptions options, DnssecValidator.Context ctx)
    {
        var proof = kind switch
        {
            DenialKind.NameError => DenialOfExistence.ProveNameError(apex, name, verified, options.Denial),
            DenialKind.NoData => DenialOfExistence.ProveNoData(apex, name, type, verified, options.Denial),
            _ => DenialOfExistence.ProveWildcardAnswer(apex, name, wildcardLabels, verified, options.Denial),
        };
        ctx.SpendNsec3Hashes(proof.Nsec3Hashes);
        var status = proof.Outcome switch
        {
            DenialOutcome.Proven => SecurityStatus.Secure,
            DenialOutcome.ProvenOptOut or DenialOutcome.Insecure => SecurityStatus.Insecure, // RFC 5155 9.2; RFC 9276 3.2
            _ => SecurityStatus.Bogus,
        };
        var reasons = proof.Reasons.Select(Split).ToList();
        if (verified.Count == 0 && status == SecurityStatus.Bogus)
        {
            reasons.Insert(0, ("no NSEC or NSEC3 record with a valid signature to prove it", "RFC 4035 5.4"));
        }

        return new Result(status, reasons);
    }

    private static (string What, string Rfc) Split(string reason)
    {
        var m = TrailingRfc().Match(reason);
        return m.Success ? (reason[..m.Index].TrimEnd(), m.Groups["rfc"].Value) : (reason, "RFC 4035 5.4");
    }

    [GeneratedRegex(@"\s*\[(?<rfc>(?:RFC|CVE)[^\]]*)\]\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingRfc();
}
