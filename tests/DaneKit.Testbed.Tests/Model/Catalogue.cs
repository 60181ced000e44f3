using System.Text.Json.Serialization;

namespace DaneKit.Testbed.Tests.Model;

/// <summary>
/// The scenario catalogue, <c>testbed/scenarios.json</c> (schema in testbed/CONTRACT.md). Only the
/// fields that tests use are modelled; the generator's build data is ignored.
/// </summary>
/// <param name="Version">The schema version.</param>
/// <param name="Scenarios">Every scenario the testbed builds.</param>
public sealed record Catalogue(int Version, IReadOnlyList<Scenario> Scenarios)
{
    /// <summary>Reads a catalogue file.</summary>
    public static Catalogue Load(string path) => TestbedJson.Load<Catalogue>(path);

    /// <summary>The scenario with <paramref name="id"/>; fails when there is none.</summary>
    public Scenario Find(string id) =>
        Scenarios.FirstOrDefault(scenario => scenario.Id == id)
        ?? throw new KeyNotFoundException($"The catalogue has no scenario '{id}'.");
}

/// <summary>One scenario: a mail domain set up to exhibit one DANE or DNSSEC case.</summary>
/// <param name="Id">Unique kebab-case id.</param>
/// <param name="Domain">The recipient domain, absolute (trailing dot).</param>
/// <param name="Summary">One line.</param>
/// <param name="Setup">What was set up, in prose.</param>
/// <param name="Tags">Labels, including the issue checklist items.</param>
/// <param name="Expect">What a DANE-enforcing sender, the resolver and the peer must report.</param>
public sealed record Scenario(string Id, string Domain, string Summary, string Setup, IReadOnlyList<string> Tags, Expectation Expect);

/// <summary>The expected outcomes of a scenario.</summary>
/// <param name="Verdict">The RFC 7672 verdict for the domain: the worst over all MX hosts and addresses.</param>
/// <param name="Rfc">The ruling section, e.g. <c>RFC 7672 3.1.1</c>.</param>
/// <param name="Hosts">One entry per MX host address; empty for null MX or when delivery defers before MX hosts are known.</param>
/// <param name="Dns">Resolver answers to check.</param>
/// <param name="Peer">Set when posttls-finger is expected to say something other than <paramref name="Verdict"/>.</param>
/// <param name="MtaSts">What a checker must report about MTA-STS and TLS-RPT; set on the MTA-STS scenarios only.</param>
public sealed record Expectation(
    string Verdict,
    string Rfc,
    IReadOnlyList<HostExpectation> Hosts,
    IReadOnlyList<DnsExpectation> Dns,
    PeerExpectation? Peer = null,
    MtaStsExpectation? MtaSts = null);

/// <summary>The expected MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) outcome of a scenario (testbed/CONTRACT.md).</summary>
/// <param name="Txt">The <c>_mta-sts</c> TXT RRset: <c>ok</c> (exactly one v=STSv1 record), <c>none</c> or <c>multiple</c>.</param>
/// <param name="Fetch">The policy fetch: <c>ok</c>, <c>certificate</c>, <c>redirect</c>, or <c>not-fetched</c> (a sender does not fetch).</param>
/// <param name="Policy">Whether a sender ends up with a policy: <c>valid</c> or <c>none</c>.</param>
/// <param name="Mode">The mode in force, <c>enforce</c> or <c>testing</c>; <see langword="null"/> without a policy.</param>
/// <param name="Hosts">One entry per MX host.</param>
/// <param name="Tlsrpt">The <c>_smtp._tls</c> TXT record: <c>ok</c>, <c>invalid</c> or <c>none</c>.</param>
/// <param name="Findings">The finding codes a checker must report.</param>
public sealed record MtaStsExpectation(
    string Txt,
    string Fetch,
    string Policy,
    string? Mode,
    IReadOnlyList<MtaStsHostExpectation> Hosts,
    string Tlsrpt,
    IReadOnlyList<string> Findings);

/// <summary>What an MTA-STS sender does at one MX host.</summary>
/// <param name="Host">The MX host name, absolute.</param>
/// <param name="InPolicy">Whether an mx pattern of the policy matches the host (RFC 8461 4.1); <see langword="null"/> without a policy.</param>
/// <param name="MxCertWebpki">Whether the host's certificate is WebPKI-valid for its name against the testbed root (RFC 8461 4.2).</param>
/// <param name="DaneApplies">Whether the host has a usable secure TLSA RRset, so DANE takes precedence (RFC 8461 2).</param>
/// <param name="StsOutcome"><c>delivers</c>, <c>refuses</c>, <c>reports-and-delivers</c>, <c>no-policy</c> or <c>dane-precedence</c>.</param>
public sealed record MtaStsHostExpectation(
    string Host,
    bool? InPolicy,
    bool MxCertWebpki,
    bool DaneApplies,
    string StsOutcome);

/// <summary>The expected verdict for one MX host address.</summary>
/// <param name="Host">The MX host name, absolute.</param>
/// <param name="Address">The address the verdict is for.</param>
/// <param name="Verdict">The RFC 7672 verdict.</param>
/// <param name="Rfc8460">The TLS-RPT result type a sender reports, or <see langword="null"/> when none.</param>
public sealed record HostExpectation(
    string Host,
    string Address,
    string Verdict,
    [property: JsonPropertyName("rfc8460")] string? Rfc8460);

/// <summary>An expected resolver answer.</summary>
/// <param name="Name">The owner name, absolute.</param>
/// <param name="Type">The record type, e.g. <c>TLSA</c>.</param>
/// <param name="Status">secure, insecure, bogus or indeterminate (semantics in testbed/CONTRACT.md).</param>
/// <param name="Ede">The Extended DNS Error INFO-CODE (RFC 8914) the resolver must attach to its SERVFAIL, if any.</param>
public sealed record DnsExpectation(string Name, string Type, string Status, int? Ede = null);

/// <summary>What the reference peer (posttls-finger) reports when it differs from the RFC 7672 verdict.</summary>
/// <param name="Verdict">The peer's verdict.</param>
/// <param name="Note">Why the peer differs.</param>
public sealed record PeerExpectation(string Verdict, string? Note = null);
