using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using DaneKit.Testbed.Tests.Check;
using DaneKit.Testbed.Tests.Tlsa;
using Xunit.Abstractions;

namespace DaneKit.Testbed.Tests.Rollover;

/// <summary>
/// The rollover walk-through on the testbed's <c>rollover</c> scenario: <c>rollover.example.</c> is served and signed by
/// Knot, which takes RFC 2136 updates with TSIG; its MX <c>mx.rollover.example</c> serves a self-signed certificate
/// with TLSA 3 1 1 (TTL 30 s). Every step runs the real <c>danekit</c> CLI against the real servers:
/// 1 generate the next key, 2 <c>rollover plan</c>, 3 <c>rollover publish</c> (UPDATE to Knot, waits until Unbound and
/// DaneKit's validator see it Secure), 4 <c>rollover check</c> with a pinned clock: refused before 2 × TTL, safe after,
/// 5 switch Postfix to the next key (<c>testbed/rekey --key</c>), 6 <c>danekit check</c> authenticated after every
/// step, 7 <c>rollover publish --retire</c> removes the old record. The second test skips the publish step: the check
/// refuses with the reason, and deploying anyway makes DANE senders refuse (dane-fail), as RFC 7671 8.1 warns.
/// </summary>
/// <remarks>
/// The tests run in the testbed collection (one at a time, never beside the catalogue tests) and put the scenario back
/// as they found it in a <c>finally</c>: the original key in Postfix and only its record in the zone.
/// </remarks>
[Collection(LiveTestbed.Name)]
public sealed class RolloverWalkthroughTests(TestbedFixture testbed, ITestOutputHelper output) : IDisposable
{
    private const string Scenario = "rollover";
    private const string Host = "mx.rollover.example";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "danekit-rollover-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task PlanPublishWaitSwitchRetireKeepsMailAuthenticatedThroughout()
    {
        var world = Rollover();
        Directory.CreateDirectory(_directory);
        await RestoreAsync(world);
        var currentCert = Path.Combine(testbed.StateDirectory, "certs", "rollover__mx.cert.pem");
        var originalCert = Path.Combine(_directory, "original.cert.pem");
        File.Copy(currentCert, originalCert);
        try
        {
            Assert.Equal("authenticated", await VerdictAsync());

            // 1. The next key.
            var nextKey = Path.Combine(_directory, "next.key.pem");
            string nextRecord;
            using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
            {
                await File.WriteAllTextAsync(nextKey, key.ExportPkcs8PrivateKeyPem());
                nextRecord = "3 1 1 " + Convert.ToHexString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
            }

            var currentRecord = "3 1 1 " + CurrentKeyHash(originalCert);

            // 2. The plan: current + next 3 1 1 at the TLSA name, with the zone's TTL, the next one still to publish.
            var plan = await RunJsonAsync(["rollover", "plan", "--cert", originalCert, "--next-key", nextKey, .. Common(world)], 0);
            Assert.Equal((string)world["tlsa_name"]!, (string)plan["owner"]!);
            Assert.Equal((int)world["tlsa_ttl"]!, (int)plan["ttl"]!);
            var planned = plan["records"]!.AsArray().Select(r => ((string)r!["record"]!, (string)r["role"]!, (bool?)r["published"])).ToList();
            Assert.Contains((currentRecord, "current key", (bool?)true), planned);
            Assert.Contains((nextRecord, "next key", (bool?)false), planned);
            Assert.Equal(5, plan["steps"]!.AsArray().Count);

            // 3. Publish by dynamic update with TSIG; it returns once the record validates through the resolver.
            var publish = await RunAsync(["rollover", "publish", "--server", Primary(world), "--tsig-key", (string)world["tsig_key_file"]!,
                "--next-key", nextKey, "--poll", "1", "--wait", "120", .. Common(world)]);
            Assert.True(publish.ExitCode == 0, Describe(publish));
            Assert.Contains("Applied", publish.StandardOutput, StringComparison.Ordinal);
            Assert.Equal("authenticated", await VerdictAsync()); // 6: both records published, the old key still served

            // 4. Check with a pinned clock: refused before two TTLs after the record was first seen Secure, safe after.
            var seen = FirstSeen(nextRecord);
            var ttl = (int)world["tlsa_ttl"]!;
            var early = await RunJsonAsync(["rollover", "check", "--cert", nextKey, "--at", Iso(seen.AddSeconds(ttl)), .. Common(world)], 1);
            Assert.Equal("NotYet", (string)early["outcome"]!);
            Assert.Contains("ROLLOVER-TOO-SOON", early["reasons"]!.AsArray().Select(r => (string)r!["code"]!));
            Assert.Equal(Iso(seen.AddSeconds(2 * ttl)), Iso(early["safeAt"]!.GetValue<DateTimeOffset>()));
            var late = await RunJsonAsync(["rollover", "check", "--cert", nextKey, "--at", Iso(seen.AddSeconds(2 * ttl + 1)), .. Common(world)], 0);
            Assert.Equal("Safe", (string)late["outcome"]!);
            Assert.Contains(nextRecord, late["matching"]!.AsArray().Select(r => (string)r!));

            // 5. Switch Postfix to the next key; 6. still authenticated, now by the next key's record.
            var rekey = await ProcessRunner.RunAsync(Path.Combine(RepoPaths.Root, "testbed", "rekey"), ["--key", nextKey, Scenario], Deadline);
            Assert.True(rekey.ExitCode == 0, Describe(rekey));
            var switched = await CheckAsync();
            Assert.Equal("authenticated", (string)switched["verdict"]!);
            Assert.Equal(nextRecord[6..], ServedKey(switched), ignoreCase: true);

            // 7. Retire the old record; still authenticated, and only the next key's record is left.
            var retire = await RunAsync(["rollover", "publish", "--server", Primary(world), "--tsig-key", (string)world["tsig_key_file"]!,
                "--retire", "--cert", currentCert, "--poll", "1", "--wait", "120", .. Common(world)]);
            Assert.True(retire.ExitCode == 0, Describe(retire));
            Assert.Contains($"delete {world["tlsa_name"]} TLSA {currentRecord}", retire.StandardOutput, StringComparison.Ordinal);
            var after = await CheckAsync();
            Assert.Equal("authenticated", (string)after["verdict"]!);
            Assert.Equal([nextRecord], Usable(after));
        }
        finally
        {
            await RestoreAsync(world, originalCert);
        }
    }

    [Fact]
    public async Task WithoutPublishingTheCheckRefusesWithTheReasonAndDeployingAnywayFailsDane()
    {
        var world = Rollover();
        Directory.CreateDirectory(_directory);
        await RestoreAsync(world);
        var originalCert = Path.Combine(_directory, "original.cert.pem");
        File.Copy(Path.Combine(testbed.StateDirectory, "certs", "rollover__mx.cert.pem"), originalCert);
        try
        {
            var nextKey = Path.Combine(_directory, "next.key.pem");
            string nextRecord;
            using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
            {
                await File.WriteAllTextAsync(nextKey, key.ExportPkcs8PrivateKeyPem());
                nextRecord = "3 1 1 " + Convert.ToHexString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
            }

            // Step 3 (publish) skipped: the deploy hook refuses, says why, and gives the record to publish.
            var refused = await RunJsonAsync(["rollover", "check", "--cert", nextKey, .. Common(world)], 1);
            Assert.Equal("Unsafe", (string)refused["outcome"]!);
            var reason = refused["reasons"]!.AsArray().Single(r => (string)r!["code"]! == "ROLLOVER-NEW-KEY-NOT-PUBLISHED")!;
            Assert.Equal("RFC 7671 8.1", (string)reason["rfc"]!);
            Assert.Contains(nextRecord, (string)reason["fix"]!, StringComparison.Ordinal);
            Assert.Equal(nextRecord, (string)refused["needed"]!);
            var text = await RunAsync(["rollover", "check", "--cert", nextKey, .. Common(world)]);
            Assert.Equal(1, text.ExitCode);
            Assert.Contains("UNSAFE", text.StandardOutput, StringComparison.Ordinal);

            // Deploying anyway: DANE senders refuse mail (the stale-TLSA outage the tool exists to prevent).
            var rekey = await ProcessRunner.RunAsync(Path.Combine(RepoPaths.Root, "testbed", "rekey"), ["--key", nextKey, Scenario], Deadline);
            Assert.True(rekey.ExitCode == 0, Describe(rekey));
            Assert.Equal("dane-fail", await VerdictAsync());
        }
        finally
        {
            await RestoreAsync(world, originalCert);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private JsonObject Rollover()
    {
        testbed.LiveScenario(Scenario);
        var world = JsonNode.Parse(File.ReadAllText(testbed.WorldPath))!.AsObject();
        return world["rollover"]?.AsObject() ?? throw new InvalidOperationException($"{testbed.WorldPath} has no rollover entry: run testbed/up");
    }

    private string[] Common(JsonObject rollover) =>
        ["--host", Host, .. CheckCli.TestbedResolver(testbed.World), "--state", Path.Combine(_directory, "rollover-state.json")];

    private static string Primary(JsonObject rollover) => $"{rollover["primary"]}:{rollover["port"]}";

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private DateTimeOffset FirstSeen(string record)
    {
        var state = JsonNode.Parse(File.ReadAllText(Path.Combine(_directory, "rollover-state.json")))!;
        var entry = state["records"]!.AsArray().Single(r => (string)r!["record"]! == record)!;
        return entry["firstSeenSecure"]!.GetValue<DateTimeOffset>();
    }

    private static string CurrentKeyHash(string certPath)
    {
        using var cert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(certPath));
        return Convert.ToHexString(SHA256.HashData(cert.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    private async Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments)
    {
        var result = await ProcessRunner.RunAsync("/usr/bin/env", ["LANG=C.UTF-8", TlsaGenerators.DanekitPath, .. arguments], Deadline);
        output.WriteLine($"$ {result.CommandLine}\n{result.StandardOutput}{result.StandardError}");
        return result;
    }

    private async Task<JsonNode> RunJsonAsync(IReadOnlyList<string> arguments, int expectedExit)
    {
        var result = await RunAsync([.. arguments, "--json"]);
        Assert.True(result.ExitCode == expectedExit, $"expected exit {expectedExit}: {Describe(result)}");
        return JsonNode.Parse(result.StandardOutput) ?? throw new JsonException("empty output");
    }

    private async Task<JsonNode> CheckAsync()
    {
        var result = await RunAsync(["check", "--json", "--no-mta-sts", .. CheckCli.TestbedResolver(testbed.World), "rollover.example"]);
        return JsonNode.Parse(result.StandardOutput) ?? throw new JsonException(Describe(result));
    }

    private async Task<string> VerdictAsync() => (string)(await CheckAsync())["verdict"]!;

    private static string ServedKey(JsonNode check) =>
        (string)check["hosts"]![0]!["addresses"]![0]!["certificates"]![0]!["spkiSha256"]!;

    private static List<string> Usable(JsonNode check) =>
        check["hosts"]![0]!["tlsa"]!["usable"]!.AsArray().Select(r => (string)r!["text"]!).ToList();

    private static string Describe(ProcessResult r) => $"{r.CommandLine} exited {r.ExitCode}:\n{r.StandardOutput}{r.StandardError}";

    /// <summary>
    /// Puts the scenario back: the original key in Postfix, only its record in the zone (a killed run may have left
    /// either changed). Unbound's cached copies of the zone are flushed so the next step sees the zone as it is.
    /// </summary>
    private async Task RestoreAsync(JsonObject rollover, string? originalCert = null)
    {
        var restore = await ProcessRunner.RunAsync(Path.Combine(RepoPaths.Root, "testbed", "rekey"), ["--restore", Scenario], Deadline);
        Assert.True(restore.ExitCode == 0, Describe(restore));
        var cert = originalCert ?? Path.Combine(testbed.StateDirectory, "certs", "rollover__mx.cert.pem");
        var common = Common(rollover);
        string[] update = ["rollover", "publish", "--server", Primary(rollover), "--tsig-key", (string)rollover["tsig_key_file"]!, "--wait", "0", .. common];
        var add = await RunAsync([.. update, "--next-cert", cert]);
        Assert.True(add.ExitCode == 0, Describe(add));
        await FlushAsync();
        var retire = await RunAsync([.. update, "--retire", "--cert", cert]);
        Assert.True(retire.ExitCode == 0, Describe(retire));
        await FlushAsync();
        Assert.Equal(["3 1 1 " + CurrentKeyHash(cert)], Usable(await CheckAsync()));
    }

    private async Task FlushAsync()
    {
        var world = JsonNode.Parse(File.ReadAllText(testbed.WorldPath))!;
        var flush = await ProcessRunner.RunAsync("unbound-control", ["-c", (string)world["unbound_conf"]!, "flush_zone", "rollover.example."], Deadline);
        Assert.True(flush.ExitCode == 0, Describe(flush));
    }
}
