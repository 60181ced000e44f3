using System.Text.Json;
using DaneKit.Testbed.Tests.Model;
using DaneKit.Testbed.Tests.Tlsa;

namespace DaneKit.Testbed.Tests.Check;

/// <summary>
/// <c>danekit check</c> run as a process inside the testbed namespace (the tests already run there), the same binary the
/// other CLI tests use (<see cref="TlsaGenerators.DanekitPath"/>), with UTF-8 output.
/// </summary>
internal static class CheckCli
{
    /// <summary>Enough for the slowest scenario (a stalled or bogus one) with every lookup and probe.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The testbed's resolver and its root anchor: what every check here validates with by default.</summary>
    /// <param name="world">The running world.</param>
    /// <returns><c>--resolver IP --trust-anchor FILE</c>.</returns>
    public static string[] TestbedResolver(World world) =>
        ["--resolver", world.Resolver, "--trust-anchor", world.TrustAnchorDs ?? throw new InvalidOperationException("world.json has no trust_anchor_ds")];

    /// <summary>Runs <c>danekit check ARGUMENTS</c>.</summary>
    /// <param name="arguments">Everything after <c>check</c>.</param>
    /// <returns>The finished process.</returns>
    public static Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments) =>
        ProcessRunner.RunAsync("/usr/bin/env", ["LANG=C.UTF-8", TlsaGenerators.DanekitPath, "check", .. arguments], Deadline);

    /// <summary>Runs <c>danekit check --json ARGUMENTS</c> and reads its output; fails with the output when it is not a check document.</summary>
    /// <param name="arguments">Everything after <c>check --json</c>.</param>
    /// <returns>The process and the document.</returns>
    public static async Task<(ProcessResult Process, CheckDocument Document)> RunJsonAsync(IReadOnlyList<string> arguments)
    {
        var result = await RunAsync(["--json", .. arguments]);
        Assert.True(result.ExitCode is >= 0 and <= 3, $"{result.CommandLine} exited with {result.ExitCode}:\n{result.StandardError}{result.StandardOutput}");
        CheckDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<CheckDocument>(result.StandardOutput, Json);
        }
        catch (JsonException e)
        {
            throw new JsonException($"{result.CommandLine}: {e.Message}\n{result.StandardOutput}{result.StandardError}", e);
        }

        Assert.NotNull(document);
        Assert.Equal(1, document.SchemaVersion);
        return (result, document);
    }

    /// <summary>The exit code for a domain verdict (docs/check-json.md).</summary>
    /// <param name="verdict">The verdict.</param>
    /// <returns>0 to 3.</returns>
    public static int ExitCodeFor(string verdict) => verdict switch
    {
        "authenticated" or "authenticated-insecure-mx" => 0,
        "dane-fail" or "encrypted-unauthenticated" => 1,
        "deferred" => 2,
        "opportunistic" or "no-tls" or "no-mail" => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "not a verdict"),
    };
}

/// <summary>The parts of the <c>danekit check --json</c> document (docs/check-json.md) that these tests compare.</summary>
/// <param name="SchemaVersion">1.</param>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Domain">The domain.</param>
/// <param name="Verdict">The domain's verdict.</param>
/// <param name="VerdictRfc">The ruling section.</param>
/// <param name="VerdictReason">Why.</param>
/// <param name="Rfc8460">The TLS-RPT result type, or null.</param>
/// <param name="Hosts">The hosts.</param>
/// <param name="Findings">The findings.</param>
/// <param name="MtaSts">MTA-STS beside DANE, or null.</param>
/// <param name="TlsRpt">The TLS-RPT record, or null.</param>
internal sealed record CheckDocument(int SchemaVersion, int ExitCode, string Domain, string Verdict, string VerdictRfc, string VerdictReason, string? Rfc8460,
    IReadOnlyList<CheckHostDocument> Hosts, IReadOnlyList<CheckFindingDocument> Findings, CheckMtaStsDocument? MtaSts = null, CheckTlsRptDocument? TlsRpt = null)
{
    /// <summary>Every address of every host, with its host.</summary>
    public IEnumerable<(string Host, CheckAddressDocument Address)> Addresses =>
        Hosts.SelectMany(h => h.Addresses.Select(a => (h.Name, a)));
}

/// <summary>One host.</summary>
/// <param name="Name">The host name.</param>
/// <param name="Verdict">Its verdict.</param>
/// <param name="Addresses">Its addresses.</param>
internal sealed record CheckHostDocument(string Name, string Verdict, IReadOnlyList<CheckAddressDocument> Addresses);

/// <summary>One address.</summary>
/// <param name="Address">The address.</param>
/// <param name="Verdict">Its verdict.</param>
/// <param name="Rfc8460">Its TLS-RPT result type, or null.</param>
/// <param name="VerdictReason">Why.</param>
/// <param name="Certificates">The chain as served.</param>
internal sealed record CheckAddressDocument(string Address, string Verdict, string? Rfc8460, string VerdictReason, IReadOnlyList<CheckCertificateDocument> Certificates);

/// <summary>One served certificate.</summary>
/// <param name="Depth">0 for the leaf.</param>
/// <param name="SpkiSha256">SHA-256 of its key.</param>
internal sealed record CheckCertificateDocument(int Depth, string SpkiSha256);

/// <summary>One finding.</summary>
/// <param name="Code">The code.</param>
/// <param name="Severity">error, warning or info.</param>
/// <param name="Subject">What it is about: a domain, a host, an address, or several of them.</param>
/// <param name="Remediation">The fix.</param>
internal sealed record CheckFindingDocument(string Code, string Severity, string Subject, CheckRemediationDocument Remediation);

/// <summary>A fix.</summary>
/// <param name="Text">In words.</param>
/// <param name="ZoneLines">Zone lines.</param>
/// <param name="Commands">Commands.</param>
internal sealed record CheckRemediationDocument(string Text, IReadOnlyList<string> ZoneLines, IReadOnlyList<string> Commands);

/// <summary>The <c>mtaSts</c> member.</summary>
/// <param name="TxtOutcome">ok, none, multiple, invalid, lookup-failed.</param>
/// <param name="Fetch">The fetch, or null.</param>
/// <param name="ModeInForce">enforce, testing or null.</param>
/// <param name="Hosts">Per host.</param>
/// <param name="Outcome">The domain's outcome.</param>
/// <param name="Summary">In words.</param>
internal sealed record CheckMtaStsDocument(string TxtOutcome, CheckMtaStsFetchDocument? Fetch, string? ModeInForce, IReadOnlyList<CheckMtaStsHostDocument> Hosts,
    string Outcome, string Summary);

/// <summary>The <c>mtaSts.fetch</c> member.</summary>
/// <param name="Diagnostic">True when a sender would not fetch.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Problem">Why it failed.</param>
internal sealed record CheckMtaStsFetchDocument(bool Diagnostic, string Outcome, int? StatusCode, string? Problem);

/// <summary>One host of <c>mtaSts.hosts</c>.</summary>
/// <param name="Name">The MX host.</param>
/// <param name="InPolicy">Whether it matches the policy.</param>
/// <param name="DaneApplies">Whether DANE decides there.</param>
/// <param name="Addresses">The WebPKI validation per address.</param>
/// <param name="Outcome">What an MTA-STS sender does.</param>
internal sealed record CheckMtaStsHostDocument(string Name, bool? InPolicy, bool DaneApplies, IReadOnlyList<CheckMtaStsAddressDocument> Addresses, string Outcome);

/// <summary>One address of an MTA-STS host.</summary>
/// <param name="Address">The address.</param>
/// <param name="WebPkiValid">Whether the certificate is WebPKI-valid for the host.</param>
/// <param name="Problem">Why not.</param>
internal sealed record CheckMtaStsAddressDocument(string Address, bool? WebPkiValid, string? Problem);

/// <summary>The <c>tlsRpt</c> member.</summary>
/// <param name="Outcome">ok, none, invalid, lookup-failed.</param>
/// <param name="ReportUris">The rua URIs.</param>
internal sealed record CheckTlsRptDocument(string Outcome, IReadOnlyList<string> ReportUris);
