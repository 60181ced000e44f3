using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DaneKit.Tests.Cli;

/// <summary>
/// <c>danekit rollover</c> on bad input: every mistake is one line naming the option, exit 64 (or 2 for a state file
/// that cannot be trusted), no stack trace, no network, and nothing overwritten. <c>plan --offline</c> runs without DNS.
/// (The commands against real servers are the testbed's rollover walk-through.)
/// </summary>
public sealed class RolloverCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "danekit-rollover-cli-" + Guid.NewGuid().ToString("N"));
    private readonly string _cert;
    private readonly string _key;
    private readonly string _nextRecord;
    private readonly string _currentRecord;

    public RolloverCliTests()
    {
        Directory.CreateDirectory(_dir);
        using var current = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=mx.example.com", current, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(60));
        _cert = Path.Combine(_dir, "cert.pem");
        File.WriteAllText(_cert, cert.ExportCertificatePem());
        _currentRecord = "3 1 1 " + Convert.ToHexString(SHA256.HashData(current.ExportSubjectPublicKeyInfo()));
        using var next = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _key = Path.Combine(_dir, "next.key");
        File.WriteAllText(_key, next.ExportPkcs8PrivateKeyPem());
        _nextRecord = "3 1 1 " + Convert.ToHexString(SHA256.HashData(next.ExportSubjectPublicKeyInfo()));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("rollover check --cert C", "--host")]
    [InlineData("rollover check --host mx.example.com", "--cert")]
    [InlineData("rollover check --host mx.example.com --cert C --at yesterday", "--at")]
    [InlineData("rollover check --host mx.example.com --cert C --port 0", "--port")]
    [InlineData("rollover check --host -bad- --cert C", "--host")]
    [InlineData("rollover check --host mx.example.com --cert C --monitor ftp://x --monitor-domain example.com", "--monitor")]
    [InlineData("rollover check --host mx.example.com --cert C --monitor http://127.0.0.1:1/", "--monitor")]
    [InlineData("rollover check --host mx.example.com --cert MISSING", "cannot read")]
    [InlineData("rollover check --host mx.example.com --cert GARBAGE", "neither a certificate")]
    [InlineData("rollover plan --host mx.example.com --next-key K", "--cert")]
    [InlineData("rollover plan --host mx.example.com --cert C", "--next-key")]
    [InlineData("rollover plan --host mx.example.com --cert C --next-key K --next-cert C", "give one of them")]
    [InlineData("rollover plan --host mx.example.com --cert C --next-key K --ttl 0 --offline", "--ttl")]
    [InlineData("rollover plan --host mx.example.com --cert C --issuer-ca --offline", "--issuer-ca needs the issuing CA")]
    [InlineData("rollover publish --host mx.example.com --tsig-key K --next-key K", "--server")]
    [InlineData("rollover publish --host mx.example.com --server not-an-ip --tsig-key K --next-key K", "--server")]
    [InlineData("rollover publish --host mx.example.com --server 127.0.0.1 --next-key K", "--tsig-key")]
    [InlineData("rollover publish --host mx.example.com --server 127.0.0.1 --tsig-key K", "give one of")]
    [InlineData("rollover publish --host mx.example.com --server 127.0.0.1 --tsig-key K --next-key K --retire --cert C", "give one of")]
    [InlineData("rollover publish --host mx.example.com --server 127.0.0.1 --tsig-key K --retire", "--cert")]
    [InlineData("rollover publish --host mx.example.com --server 127.0.0.1 --tsig-key K --next-key K --wait -1", "--wait")]
    [InlineData("rollover publish --host mx.example.com --server 127.0.0.1 --tsig-key GARBAGE --next-key K", "--tsig-key")]
    public async Task BadInputIsOneLineNamingTheOptionAndExit64(string command, string mentioned)
    {
        var garbage = Path.Combine(_dir, "garbage");
        await File.WriteAllTextAsync(garbage, "this is neither PEM nor DER nor a key file");
        var args = command.Split(' ').Select(a => a switch
        {
            "C" => _cert,
            "K" => _key,
            "MISSING" => Path.Combine(_dir, "missing.pem"),
            "GARBAGE" => garbage,
            _ => a,
        }).Concat(["--resolver", "127.0.0.1", "--state", Path.Combine(_dir, "state.json")]).ToArray();

        var run = await CliRunner.RunAsync(args);

        Assert.True(run.Code == 64, run.ToString());
        Assert.Contains(mentioned, run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "state.json")), "a refused command wrote the state file");
    }

    [Fact]
    public async Task ACorruptStateFileIsReportedAndLeftAsItIs()
    {
        var state = Path.Combine(_dir, "state.json");
        const string Corrupt = "{\"version\": 1, \"records\": [ {\"owner\": ";
        await File.WriteAllTextAsync(state, Corrupt);

        var run = await CliRunner.RunAsync("rollover", "check", "--host", "mx.example.com", "--cert", _key, "--resolver", "127.0.0.1", "--state", state);

        Assert.True(run.Code == 2, run.ToString());
        Assert.Contains(state, run.Err, StringComparison.Ordinal);
        Assert.Contains("left as it is", run.Err, StringComparison.Ordinal);
        Assert.Equal(Corrupt, await File.ReadAllTextAsync(state));
    }

    [Fact]
    public async Task AnOfflinePlanPrintsCurrentAndNextWithTheAssumedTtlAndTheSteps()
    {
        var run = await CliRunner.RunAsync("rollover", "plan", "--host", "mx.example.com", "--cert", _cert, "--next-key", _key, "--offline", "--ttl", "300");

        Assert.True(run.Code == 0, run.ToString());
        Assert.Contains($"_25._tcp.mx.example.com. 300 IN TLSA {_currentRecord}    ; current key (not looked up)", run.Out, StringComparison.Ordinal);
        Assert.Contains($"_25._tcp.mx.example.com. 300 IN TLSA {_nextRecord}    ; next key (not looked up)", run.Out, StringComparison.Ordinal);
        Assert.Contains("Earliest safe switch: 600 s (2 × TTL)", run.Out, StringComparison.Ordinal);
        Assert.Contains("  5. ", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOfflinePlanAsJsonHasTheSameRecords()
    {
        var run = await CliRunner.RunAsync("rollover", "plan", "--host", "mx.example.com", "--port", "465", "--cert", _cert, "--next-key", _key, "--offline", "--json");

        Assert.True(run.Code == 0, run.ToString());
        using var doc = System.Text.Json.JsonDocument.Parse(run.Out);
        var root = doc.RootElement;
        Assert.Equal("_465._tcp.mx.example.com.", root.GetProperty("owner").GetString());
        Assert.Equal(3600u, root.GetProperty("ttl").GetUInt32());
        Assert.Equal([_currentRecord, _nextRecord], root.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("record").GetString()));
        Assert.Equal(5, root.GetProperty("steps").GetArrayLength());
    }
}
