using DaneKit.Dns;

namespace DaneKit.Dnssec.Denial;

/// <summary>Argument checks shared by the NSEC and NSEC3 proofs: failures become reasons, never exceptions.</summary>
internal static class DenialChecks
{
    public static bool Arguments(DnsName? zoneApex, DnsName? queryName, IEnumerable<DnsResourceRecord>? records, ProofLog log)
    {
        if (zoneApex is null || queryName is null || records is null)
        {
            log.Add("no zone apex, query name or records given", "RFC 4035 5.4");
            return false;
        }

        if (!queryName.IsSubdomainOf(zoneApex))
        {
            log.Add($"{queryName} is not in the zone {zoneApex}: that zone's records cannot deny it", "RFC 4035 5.4");
            return false;
        }

        return true;
    }

    /// <summary>The closest encloser of a wildcard expansion from the RRSIG Labels field (RFC 4035 5.3.4, RFC 4034 3.1.3).</summary>
    public static bool WildcardClosestEncloser(DnsName zoneApex, DnsName queryName, int rrsigLabels, ProofLog log, out DnsName ce)
    {
        ce = DnsName.Root;
        if (rrsigLabels < 0 || rrsigLabels >= queryName.LabelCount)
        {
            log.Add($"RRSIG labels {rrsigLabels} is not fewer than the {queryName.LabelCount} labels of {queryName}: not a wildcard expansion", "RFC 4035 5.3.4");
            return false;
        }

        if (queryName.IsWildcard && rrsigLabels == queryName.LabelCount - 1)
        {
            log.Add($"{queryName} is the wildcard itself, not an expansion of it", "RFC 4034 3.1.3");
            return false;
        }

        ce = queryName.Suffix(rrsigLabels);
        if (!ce.IsSubdomainOf(zoneApex))
        {
            log.Add($"the wildcard's closest encloser {ce} is above the zone apex {zoneApex}", "RFC 4035 5.3.4");
            return false;
        }

        return true;
    }
}
