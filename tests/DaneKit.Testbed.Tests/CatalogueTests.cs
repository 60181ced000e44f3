using System.Net;
using System.Text.RegularExpressions;
using DaneKit.Dnssec;
using DaneKit.Smtp;
using DaneKit.TlsRpt;
using DaneKit.Testbed.Tests.Model;

namespace DaneKit.Testbed.Tests;

/// <summary>
/// The catalogue that the running world was built from is well formed (testbed/CONTRACT.md) and covers the
/// issue checklist. Each rule collects every violation, so one run names all broken scenarios.
/// </summary>
[Collection(LiveTestbed.Name)]
public sealed partial class CatalogueTests(TestbedFixture testbed)
{
    /// <summary>The issue checklist: each item must be the tag of at least one scenario.</summary>
    private static readonly string[] ChecklistTags =
    [
        "dane-ee-311", "dane-ee-301", "dane-ee-312", "dane-ta-211-intermediate", "dane-ta-201-root-not-sent",
        "stale-tlsa", "tlsa-only-443", "tlsa-at-domain", "unsigned-zone-tlsa", "bogus-tlsa-signature",
        "expired-rrsig", "ds-digest-mismatch", "missing-ds-island", "no-starttls", "mx-cname-target-tlsa",
        "mx-cname-original-tlsa", "nsec3-optout", "alg-8", "alg-13", "alg-15", "two-mx-one-bad",
        "two-addresses-one-wrong-cert", "only-unusable-tlsa", "tlsa-servfail", "null-mx", "implicit-mx",
        "rollover-pair",

        // DNSSEC failure kinds (the validator issue): one scenario each.
        "bad-signature", "sig-expired", "sig-not-yet-valid", "ds-mismatch", "missing-dnskey", "bad-nsec3-proof",
        "nsec3-iterations-over-limit", "unsupported-algorithm", "keytrap",

        // MTA-STS (RFC 8461) and TLS-RPT beside DANE: one scenario each.
        "sts-enforce", "sts-testing", "sts-mx-not-listed", "sts-bad-cert", "sts-redirect", "sts-no-txt", "sts-two-txt",
        "sts-dane-precedence",
    ];

    /// <summary>The words of <c>expect.mta_sts</c> (testbed/CONTRACT.md).</summary>
    private static readonly string[] MtaStsTxt = ["ok", "none", "multiple"];
    private static readonly string[] MtaStsFetch = ["ok", "certificate", "redirect", "not-fetched"];
    private static readonly string[] MtaStsPolicy = ["valid", "none"];
    private static readonly string[] MtaStsModes = ["enforce", "testing"];
    private static readonly string[] MtaStsOutcomes = ["delivers", "refuses", "reports-and-delivers", "no-policy", "dane-precedence"];
    private static readonly string[] TlsRpt = ["ok", "invalid", "none"];
    private static readonly string[] MtaStsFindings =
    [
        "MTASTS-TXT-NONE", "MTASTS-TXT-MULTIPLE", "MTASTS-FETCH-CERTIFICATE", "MTASTS-FETCH-REDIRECT", "MTASTS-POLICY-TESTING",
        "MTASTS-MX-NOT-IN-POLICY", "MTASTS-MX-CERT-UNTRUSTED", "MTASTS-DANE-PRECEDENCE", "TLSRPT-RUA-SCHEME",
    ];

    private IReadOnlyList<Scenario> Scenarios => testbed.Catalogue.Scenarios;

    [Fact]
    public void IdsAreUniqueAndKebabCase()
    {
        var duplicates = Scenarios.GroupBy(s => s.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: used {g.Count()} times");
        var malformed = Scenarios.Where(s => !KebabCase().IsMatch(s.Id)).Select(s => $"'{s.Id}': not kebab-case");
        AssertNoViolations(duplicates.Concat(malformed));
    }

    [Fact]
    public void ScenariosAreDescribed()
    {
        AssertNoViolations(Scenarios.SelectMany(s => Describe(s)));

        static IEnumerable<string> Describe(Scenario s)
        {
            if (string.IsNullOrWhiteSpace(s.Summary) || s.Summary.Contains('\n', StringComparison.Ordinal))
            {
                yield return $"{s.Id}: summary must be one non-empty line";
            }

            if (string.IsNullOrWhiteSpace(s.Setup))
            {
                yield return $"{s.Id}: setup is empty";
            }
        }
    }

    [Fact]
    public void NamesAreAbsolute()
    {
        AssertNoViolations(Scenarios.SelectMany(s =>
            new[] { (Field: "domain", Name: s.Domain) }
                .Concat(s.Expect.Hosts.Select(h => (Field: "hosts[].host", Name: h.Host)))
                .Concat(s.Expect.Dns.Select(d => (Field: "dns[].name", Name: d.Name)))
                .Where(n => !IsAbsoluteName(n.Name))
                .Select(n => $"{s.Id}: {n.Field} '{n.Name}' is not an absolute domain name")));
    }

    [Fact]
    public void HostAddressesAreIpAddresses()
    {
        AssertNoViolations(Scenarios.SelectMany(s => s.Expect.Hosts
            .Where(h => !IPAddress.TryParse(h.Address, out _))
            .Select(h => $"{s.Id}: host {h.Host} has address '{h.Address}'")));
    }

    [Fact]
    public void VerdictsAreKnown()
    {
        AssertNoViolations(Scenarios.SelectMany(s => Check(s)));

        static IEnumerable<string> Check(Scenario s)
        {
            var rfc7672Verdicts = new[] { ("expect.verdict", s.Expect.Verdict) }
                .Concat(s.Expect.Hosts.Select(h => ($"hosts[{h.Host} {h.Address}].verdict", h.Verdict)));
            foreach (var (field, value) in rfc7672Verdicts)
            {
                if (!DaneVerdicts.TryParse(value, out _))
                {
                    yield return $"{s.Id}: {field} '{value}' is not a verdict";
                }
            }

            if (s.Expect.Peer is { } peer && !DaneVerdicts.TryParse(peer.Verdict, out _))
            {
                yield return $"{s.Id}: peer.verdict '{peer.Verdict}' is not a verdict";
            }
        }
    }

    [Fact]
    public void EveryScenarioCitesAnRfc()
    {
        AssertNoViolations(Scenarios
            .Where(s => string.IsNullOrWhiteSpace(s.Expect.Rfc) || !s.Expect.Rfc.StartsWith("RFC ", StringComparison.Ordinal))
            .Select(s => $"{s.Id}: expect.rfc '{s.Expect.Rfc}' does not start with 'RFC '"));
    }

    [Fact]
    public void DnsChecksUseTheFourStatuses()
    {
        AssertNoViolations(Scenarios.SelectMany(s => s.Expect.Dns.SelectMany(d => Check(s, d))));

        static IEnumerable<string> Check(Scenario s, DnsExpectation d)
        {
            var where = $"{s.Id}: {d.Name} {d.Type}";
            if (string.IsNullOrWhiteSpace(d.Type))
            {
                yield return $"{where}: type is empty";
            }

            if (!SecurityStatusNames.TryParse(d.Status, out var status))
            {
                yield return $"{where}: status '{d.Status}' is not secure, insecure, bogus or indeterminate";
            }
            else if (d.Ede is { } ede && (ede is < 0 or > ushort.MaxValue || status is SecurityStatus.Secure or SecurityStatus.Insecure))
            {
                yield return $"{where}: ede {ede} must be an INFO-CODE (0-65535) on a bogus or indeterminate answer";
            }
        }
    }

    [Fact]
    public void Rfc8460ResultTypesAreKnown()
    {
        AssertNoViolations(Scenarios.SelectMany(s => s.Expect.Hosts
            .Where(h => h.Rfc8460 is not null && !TlsRptResultTypes.TryParse(h.Rfc8460, out _))
            .Select(h => $"{s.Id}: host {h.Host} {h.Address}: rfc8460 '{h.Rfc8460}' is not an RFC 8460 result type")));
    }

    [Fact]
    public void DomainVerdictIsTheWorstOverItsHosts()
    {
        AssertNoViolations(Scenarios.SelectMany(s => Check(s)));

        static IEnumerable<string> Check(Scenario s)
        {
            if (!DaneVerdicts.TryParse(s.Expect.Verdict, out var expected))
            {
                yield break; // reported by VerdictsAreKnown
            }

            if (s.Expect.Hosts.Count == 0)
            {
                if (expected is not (DaneVerdict.Deferred or DaneVerdict.NoMail))
                {
                    yield return $"{s.Id}: no hosts, so expect.verdict must be deferred or no-mail, not {s.Expect.Verdict}";
                }

                yield break;
            }

            var hostVerdicts = new List<DaneVerdict>();
            foreach (var host in s.Expect.Hosts)
            {
                if (!DaneVerdicts.TryParse(host.Verdict, out var verdict))
                {
                    yield break; // reported by VerdictsAreKnown
                }

                hostVerdicts.Add(verdict);
            }

            var worst = DaneVerdicts.Worst(hostVerdicts);
            if (worst != expected)
            {
                yield return $"{s.Id}: expect.verdict is {s.Expect.Verdict} but the worst host verdict is {worst.ToWireName()}";
            }
        }
    }

    /// <summary>
    /// <c>expect.mta_sts</c> uses the contract's words, covers the MX hosts of <c>expect.hosts</c>, and holds together:
    /// no TXT or several means no fetch (RFC 8461 3.1), a sender has a policy exactly when the fetch succeeded, a mode
    /// and host matching exist only with a policy, and each host's outcome follows from the policy, DANE (which takes
    /// precedence, RFC 8461 2), the match (4.1), the MX certificate (4.2) and the mode (5).
    /// </summary>
    [Fact]
    public void MtaStsExpectationsAreWellFormed()
    {
        AssertNoViolations(Scenarios.Where(s => s.Expect.MtaSts is not null).SelectMany(s => Check(s, s.Expect.MtaSts!)));

        static IEnumerable<string> Check(Scenario s, MtaStsExpectation m)
        {
            foreach (var (field, value, allowed) in new[]
            {
                ("txt", m.Txt, MtaStsTxt), ("fetch", m.Fetch, MtaStsFetch), ("policy", m.Policy, MtaStsPolicy), ("tlsrpt", m.Tlsrpt, TlsRpt),
            })
            {
                if (!allowed.Contains(value))
                {
                    yield return $"{s.Id}: mta_sts.{field} '{value}' is not one of {string.Join(", ", allowed)}";
                }
            }

            if (m.Mode is not null && !MtaStsModes.Contains(m.Mode))
            {
                yield return $"{s.Id}: mta_sts.mode '{m.Mode}' is not enforce, testing or null";
            }

            foreach (var code in m.Findings.Where(c => !MtaStsFindings.Contains(c)))
            {
                yield return $"{s.Id}: mta_sts.findings has unknown code '{code}'";
            }

            if (m.Txt != "ok" && m.Fetch != "not-fetched")
            {
                yield return $"{s.Id}: txt '{m.Txt}' means a sender never fetches, but fetch is '{m.Fetch}'";
            }

            var hasPolicy = m.Policy == "valid";
            if (hasPolicy != (m.Fetch == "ok") || hasPolicy != (m.Mode is not null))
            {
                yield return $"{s.Id}: policy '{m.Policy}', fetch '{m.Fetch}' and mode '{m.Mode ?? "null"}' disagree";
            }

            var dnsHosts = s.Expect.Hosts.Select(h => h.Host.ToLowerInvariant()).ToHashSet();
            var stsHosts = m.Hosts.Select(h => h.Host.ToLowerInvariant()).ToHashSet();
            if (!dnsHosts.SetEquals(stsHosts) || stsHosts.Count != m.Hosts.Count)
            {
                yield return $"{s.Id}: mta_sts.hosts ({string.Join(", ", m.Hosts.Select(h => h.Host))}) are not the MX hosts of expect.hosts once each";
            }

            foreach (var h in m.Hosts)
            {
                var expected = !hasPolicy ? "no-policy"
                    : h.DaneApplies ? "dane-precedence"
                    : h.InPolicy == true && h.MxCertWebpki ? "delivers"
                    : m.Mode == "testing" ? "reports-and-delivers"
                    : "refuses";
                if (!MtaStsOutcomes.Contains(h.StsOutcome) || h.StsOutcome != expected)
                {
                    yield return $"{s.Id}: {h.Host}: sts_outcome '{h.StsOutcome}', expected '{expected}' from the policy, match, certificate and DANE";
                }

                if (hasPolicy == (h.InPolicy is null))
                {
                    yield return $"{s.Id}: {h.Host}: in_policy must be true or false with a policy and null without";
                }
            }
        }
    }

    [Fact]
    public void CatalogueCoversTheIssueChecklist()
    {
        var tags = Scenarios.SelectMany(s => s.Tags).ToHashSet(StringComparer.Ordinal);
        AssertNoViolations(ChecklistTags.Where(tag => !tags.Contains(tag)).Select(tag => $"no scenario is tagged '{tag}'"));
    }

    [Fact]
    public void WorldRunsExactlyTheCatalogue()
    {
        var live = testbed.World.Scenarios.ToHashSet(StringComparer.Ordinal);
        var catalogued = Scenarios.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        AssertNoViolations(
            live.Except(catalogued).Select(id => $"world.json lists '{id}', which the catalogue does not have")
                .Concat(catalogued.Except(live).Select(id => $"the catalogue has '{id}', which world.json does not list as live")));
    }

    private static bool IsAbsoluteName(string name) =>
        name.Length > 1 && name.EndsWith('.') && !name.StartsWith('.') && !name.Contains("..", StringComparison.Ordinal);

    private static void AssertNoViolations(IEnumerable<string> violations)
    {
        var list = violations.ToList();
        Assert.True(list.Count == 0, $"{list.Count} catalogue violation(s):\n  " + string.Join("\n  ", list));
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KebabCase();
}
