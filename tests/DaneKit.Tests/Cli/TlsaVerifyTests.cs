using System.Globalization;
using System.Text.Json;

namespace DaneKit.Tests.Cli;

/// <summary>
/// <c>danekit tlsa verify</c>: records checked as a DANE sender does (RFC 7672 3.1.3), matched against a chain from a
/// file or a live server, with what matched at which depth or why each record did not.
/// </summary>
public sealed class TlsaVerifyTests(CliTestFiles files) : IClassFixture<CliTestFiles>
{
    // RFC 7672 3.1.1: DANE-EE matches the leaf, no name check.
    [Fact]
    public async Task DaneEeMatchesTheLeafOfAChainFile()
    {
        var run = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", CliServers.LeafRecord, "--cert", files.Chain);

        Assert.Equal(0, run.Code);
        Assert.Equal("", run.Err);
        Assert.Equal($"chain from {files.Chain}:", run.OutLines[0]);
        Assert.StartsWith("  depth 0: CN=mx.example.com (issuer CN=Probe Test Intermediate; ", run.OutLines[1], StringComparison.Ordinal);
        Assert.StartsWith("  depth 1: CN=Probe Test Intermediate", run.OutLines[2], StringComparison.Ordinal);
        Assert.Equal("matched: DANE-EE 3 1 1 matched at depth 0", run.OutLines[3]);
    }

    [Fact]
    public async Task MnemonicsAndZoneStyleHexAreAccepted()
    {
        var hex = CliServers.LeafRecord[6..];
        var run = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", $"DANE-EE SPKI SHA2-256 ( {hex[..20]} {hex[20..]} )", "--cert", files.LeafDer);

        Assert.Equal(0, run.Code);
        Assert.Contains("matched: DANE-EE 3 1 1 matched at depth 0", run.OutLines);
    }

    [Fact]
    public async Task AWholeZoneLineIsAccepted()
    {
        var run = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", $"_25._tcp.mx.example.com. 3600 IN TLSA {CliServers.LeafRecord}", "--cert", files.Chain);

        Assert.Equal(0, run.Code);
    }

    // RFC 7672 3.1.2: DANE-TA matches a served CA; the leaf name must be the base domain or the next-hop domain.
    [Fact]
    public async Task DaneTaMatchesTheServedIntermediateWhenTheNameFits()
    {
        var run = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", CliServers.IntermediateRecord, "--cert", files.Chain, "--name", "mx.example.com");

        Assert.Equal(0, run.Code);
        Assert.Contains("matched: DANE-TA 2 1 1 matched at depth 1", run.OutLines);
    }

    [Fact]
    public async Task DaneTaWithAnotherNameIsNotMatchedAndSaysWhy()
    {
        var run = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", CliServers.IntermediateRecord, "--cert", files.Chain, "--name", "mail.other.example",
            "--next-hop", "other.example");

        Assert.Equal(1, run.Code);
        Assert.Contains("not matched: no usable record matched the chain", run.OutLines);
        var why = Assert.Single(run.OutLines, l => l.StartsWith("did not match: DANE-TA 2 1 1 ", StringComparison.Ordinal));
        Assert.Contains("mail.other.example", why, StringComparison.Ordinal);
    }

    // RFC 7672 3.1.2: DANE-TA checks expiry; RFC 7672 3.1.1: DANE-EE does not.
    [Fact]
    public async Task TimeMovesTheValidityCheckOfDaneTaButNotOfDaneEe()
    {
        var later = DateTimeOffset.UtcNow.AddYears(2).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        var ta = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", CliServers.IntermediateRecord, "--cert", files.Chain, "--name", "mx.example.com",
            "--time", later);
        var ee = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", CliServers.LeafRecord, "--cert", files.Chain, "--time", later);

        Assert.Equal(1, ta.Code);
        Assert.Contains(ta.OutLines, l => l.StartsWith("did not match: DANE-TA 2 1 1", StringComparison.Ordinal));
        Assert.Equal(0, ee.Code);
    }

    [Fact]
    public async Task ADigestOfAnotherKeyIsNotMatchedAndShowsWhatTheLeafGives()
    {
        var wrong = "3 1 1 " + new string('A', 64);
        var run = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", wrong, "--cert", files.Chain);

        Assert.Equal(1, run.Code);
        var why = Assert.Single(run.OutLines, l => l.StartsWith("did not match: DANE-EE 3 1 1 AAAAAAAAAAAAAAAA…: ", StringComparison.Ordinal));
        Assert.Contains(CliServers.LeafRecord[6..], why, StringComparison.Ordinal);
    }

    // RFC 7672 3.1.3: PKIX usages are unusable for SMTP; they are listed with the reason, not fatal.
    [Fact]
    public async Task UnusableRecordsAreListedWithTheirReason()
    {
        var pkix = "1 1 1 " + CliServers.LeafRecord[6..];
        var run = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", pkix, "--tlsa", CliServers.LeafRecord, "--cert", files.Chain);

        Assert.Equal(0, run.Code);
        Assert.Contains("unusable: PKIX-EE 1 1 1: usage PKIX-EE is not used for SMTP (RFC 7672 3.1.3)", run.OutLines);
        Assert.Contains("matched: DANE-EE 3 1 1 matched at depth 0", run.OutLines);
    }

    // RFC 7672 2.2 (dane-rules 11): records published but none usable.
    [Fact]
    public async Task OnlyUnusableRecordsIsNotMatched()
    {
        var run = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", "0 0 1 " + new string('B', 64), "--tlsa", "4 1 1 " + new string('C', 64),
            "--cert", files.Chain);

        Assert.Equal(1, run.Code);
        Assert.Contains(run.OutLines, l => l.StartsWith("not matched: no usable TLSA record (for SMTP, TLS is still mandatory", StringComparison.Ordinal));
        Assert.Equal(2, run.OutLines.Count(l => l.StartsWith("unusable: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task JsonHasStablePropertyNames()
    {
        var pkix = "1 1 1 " + CliServers.LeafRecord[6..];
        var time = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var run = await CliRunner.RunAsync("tlsa", "verify", "--json", "--tlsa", pkix, "--tlsa", CliServers.IntermediateRecord, "--tlsa", "3 1 1 " + new string('A', 64),
            "--cert", files.Chain, "--name", "mx.example.com", "--time", time);

        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.True(root.GetProperty("matched").GetBoolean(), run.ToString());
        Assert.Equal(1, root.GetProperty("match").GetProperty("depth").GetInt32());
        Assert.Equal("DANE-TA", root.GetProperty("match").GetProperty("usage").GetString());
        Assert.Equal("DANE-TA 2 1 1 matched at depth 1", root.GetProperty("match").GetProperty("description").GetString());
        Assert.Equal("smtp", root.GetProperty("context").GetString());
        Assert.Equal(time, root.GetProperty("time").GetString());
        Assert.Equal("mx.example.com", root.GetProperty("names").GetProperty("tlsa_base_domain").GetString());
        Assert.Equal("file", root.GetProperty("source").GetProperty("kind").GetString());
        Assert.Equal(2, root.GetProperty("chain").GetArrayLength());
        Assert.Equal("CN=mx.example.com", root.GetProperty("chain")[0].GetProperty("subject").GetString());
        Assert.Equal(CliServers.LeafRecord[6..], root.GetProperty("chain")[0].GetProperty("spki_sha256").GetString());
        Assert.Equal(3, root.GetProperty("records").GetArrayLength());
        Assert.Equal(2, root.GetProperty("usable").GetArrayLength());
        var unusable = Assert.Single(root.GetProperty("unusable").EnumerateArray());
        Assert.Equal("pkix_usage_in_smtp", unusable.GetProperty("reason").GetString());
        var failure = Assert.Single(root.GetProperty("failures").EnumerateArray());
        Assert.Equal("digest_mismatch", failure.GetProperty("reason").GetString());
        Assert.StartsWith("3 1 1 AAAA", failure.GetProperty("record").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContextOtherKeepsPkixRecordsUsable()
    {
        var pkix = "1 1 1 " + CliServers.LeafRecord[6..];
        var run = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", pkix, "--cert", files.Chain, "--context", "other");

        Assert.Equal(1, run.Code);
        Assert.DoesNotContain(run.OutLines, l => l.StartsWith("unusable: ", StringComparison.Ordinal));
        Assert.Contains(run.OutLines, l => l.StartsWith("did not match: PKIX-EE 1 1 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FromSmtpMatchesTheServedChain()
    {
        await using var server = CliServers.StartTls();
        var port = server.Endpoint.Port.ToString(CultureInfo.InvariantCulture);

        var run = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", CliServers.IntermediateRecord, "--from", $"smtp://127.0.0.1:{port}",
            "--name", "mx.example.com");
        await server.CompletionAsync();

        Assert.Equal(0, run.Code);
        Assert.StartsWith($"chain served by smtp://127.0.0.1:{port} (127.0.0.1) over TLSv1.", run.OutLines[0], StringComparison.Ordinal);
        Assert.Contains("matched: DANE-TA 2 1 1 matched at depth 1", run.OutLines);
        Assert.Equal("mx.example.com", server.SniReceived);
    }

    [Fact]
    public async Task FromSmtpWithoutStartTlsIsExit2()
    {
        await using var server = CliServers.NoStartTls();
        var port = server.Endpoint.Port.ToString(CultureInfo.InvariantCulture);

        var run = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", CliServers.LeafRecord, "--from", $"smtp://127.0.0.1:{port}");

        Assert.Equal(2, run.Code);
        Assert.Equal([$"danekit tlsa verify: smtp://127.0.0.1:{port} (127.0.0.1): STARTTLS not offered (EHLO lists PIPELINING)"], run.ErrLines);
    }

    // A certificate whose key .NET does not use for signatures (Ed25519): its SPKI is still hashed as published.
    [Fact]
    public async Task ACertificateWithAnEd25519KeyGeneratesAndMatches()
    {
        var generate = await CliRunner.RunAsync("tlsa", "generate", "--cert", files.Ed25519Certificate, "--host", "mx.example.com");
        var verify = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", "3 1 1 " + CliTestFiles.Ed25519SpkiSha256, "--cert", files.Ed25519Certificate);

        Assert.Equal(0, generate.Code);
        Assert.Equal("_25._tcp.mx.example.com. IN TLSA 3 1 1 " + CliTestFiles.Ed25519SpkiSha256, generate.Out.TrimEnd());
        Assert.Equal(0, verify.Code);
    }
}
