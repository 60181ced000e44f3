namespace DaneKit.Tests.Cli;

/// <summary>
/// Bad input to <c>danekit tlsa generate</c> and <c>verify</c>: one line on standard error naming the field, exit 64,
/// nothing on standard output, never a stack trace.
/// </summary>
public sealed class TlsaBadInputTests(CliTestFiles files) : IClassFixture<CliTestFiles>
{
    private static readonly string Digest = new('A', 64);

    private static void AssertUsage(CliRun run, string command, string expected)
    {
        Assert.True(run.Code == 64, run.ToString());
        Assert.Equal("", run.Out);
        var line = Assert.Single(run.ErrLines);
        Assert.StartsWith($"danekit tlsa {command}: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(^|\n)\s+at \S+", run.Err);
        Assert.DoesNotContain("Exception", run.Err, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadRecords => new()
    {
        { "3 1 1 " + new string('A', 62) + "ZZ", "certificate association data: 'Z' (hex digit 63) is not a hex digit" },
        { "3 1 1 " + new string('A', 63), "certificate association data: an odd number of hex digits (63)" },
        { "3 1 1 " + new string('A', 62), "certificate association data: SHA2-256 is 32 bytes (64 hex digits), this is 31" },
        { "3 1 2 " + new string('A', 64), "certificate association data: SHA2-512 is 64 bytes (128 hex digits), this is 32" },
        { "DANE-XX 1 1 " + new string('A', 64), "certificate usage 'DANE-XX' is not a number from 0 to 255" },
        { "256 1 1 " + new string('A', 64), "certificate usage '256' is not a number from 0 to 255" },
        { "3 SPKY 1 " + new string('A', 64), "selector 'SPKY' is not a number from 0 to 255 or Cert, SPKI" },
        { "3 1 SHA1 " + new string('A', 40), "matching type 'SHA1' is not a number" },
        { "3 1 1", "give 'USAGE SELECTOR MTYPE HEX'" },
        { "", "--tlsa #1: empty" },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public async Task ABadRecordNamesTheField(string record, string expected)
    {
        var run = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", record, "--cert", files.Chain);

        AssertUsage(run, "verify", expected);
        Assert.StartsWith("danekit tlsa verify: --tlsa #1", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSecondBadRecordIsNamedAsSuch()
    {
        var run = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", "3 1 1 " + Digest, "--tlsa", "2 0 1 ABC", "--cert", files.Chain);

        AssertUsage(run, "verify", "--tlsa #2 ('2 0 1 ABC'): certificate association data: an odd number of hex digits (3)");
    }

    [Fact]
    public async Task ABadCertificateFileNamesTheOptionAndTheFile()
    {
        foreach (var (path, expected) in new[]
        {
            (files.Empty, "the file is empty"),
            (files.Missing, "cannot read"),
            (files.GarbagePem, "no valid PEM CERTIFICATE block found"),
            (files.GarbageDer, "not a valid certificate (PEM or DER)"),
            (files.KeyOnlyPem, "no valid PEM CERTIFICATE block found"),
        })
        {
            var verify = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", "3 1 1 " + Digest, "--cert", path);
            var generate = await CliRunner.RunAsync("tlsa", "generate", "--cert", path, "--host", "mx.example.com");
            var chain = await CliRunner.RunAsync("tlsa", "generate", "--chain", path, "--host", "mx.example.com");

            AssertUsage(verify, "verify", expected);
            Assert.Contains($"--cert: ", verify.Err, StringComparison.Ordinal);
            Assert.Contains(path, verify.Err, StringComparison.Ordinal);
            AssertUsage(generate, "generate", expected);
            AssertUsage(chain, "generate", "--chain: ");
        }
    }

    // A key type a TLS certificate cannot carry (X25519, RFC 8410): one line naming --key and the algorithm.
    [Fact]
    public async Task AnUnsupportedKeyNamesTheOption()
    {
        // PKCS #8 PrivateKeyInfo { version 0, id-X25519, CurvePrivateKey (32 bytes) }.
        var pkcs8 = Convert.FromHexString("302E020100300506032B656E04220420" + new string('1', 64));
        var path = Path.Combine(Path.GetTempPath(), $"danekit-x25519-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(path, System.Security.Cryptography.PemEncoding.WriteString("PRIVATE KEY", pkcs8));
        try
        {
            var run = await CliRunner.RunAsync("tlsa", "generate", "--key", path, "--host", "mx.example.com");
            AssertUsage(run, "generate", $"--key: '{path}': not a valid key (PEM or DER): unsupported key algorithm 1.3.101.110");
        }
        finally
        {
            File.Delete(path);
        }
    }

    // An Ed25519 private key is supported: its public key is derived (RFC 8410).
    [Fact]
    public async Task AnEd25519KeyGivesARecord()
    {
        var run = await CliRunner.RunAsync("tlsa", "generate", "--key", files.KeyOnlyPem, "--host", "mx.example.com");
        Assert.Equal(0, run.Code);
        Assert.StartsWith("_25._tcp.mx.example.com. IN TLSA 3 1 1 ", run.Out, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadUrls => new()
    {
        { "ftp://x", "--from: 'ftp://x': the scheme must be smtp:// (STARTTLS) or tls:// (TLS at once), not ftp://" },
        { "smtp://", "--from: 'smtp://': no host" },
        { "smtp://:25", "--from: 'smtp://:25': no host" },
        { "smtp://mx.example.com:99999", "--from: 'smtp://mx.example.com:99999': port '99999' is not a number from 1 to 65535" },
        { "smtp://mx.example.com:0", "port '0' is not a number from 1 to 65535" },
        { "smtp://mx.example.com:smtp", "port 'smtp' is not a number from 1 to 65535" },
        { "mx.example.com", "--from: 'mx.example.com' is not a URL" },
        { "smtp://2001:db8::25", "write an IPv6 address in brackets" },
        { "smtp://[2001:db8::25", "an IPv6 address is written [ADDRESS] or [ADDRESS]:PORT" },
        { "smtp://[mx.example.com]:25", "in brackets is not an IPv6 address" },
        { "smtp://1.2.3", "'1.2.3' is not an IPv4 address" },
        { "smtp://mx..example.com", "is not a host name" },
        { "smtp://mx.example.com/path", "only a host and a port are allowed" },
        { "smtp://user@mx.example.com", "only a host and a port are allowed" },
        { "", "--from: give smtp://HOST[:PORT] or tls://HOST[:PORT]" },
    };

    [Theory]
    [MemberData(nameof(BadUrls))]
    public async Task ABadUrlNamesTheProblem(string url, string expected)
    {
        var generate = await CliRunner.RunAsync("tlsa", "generate", "--from", url, "--host", "mx.example.com");
        var verify = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", "3 1 1 " + Digest, "--from", url);

        AssertUsage(generate, "generate", expected);
        AssertUsage(verify, "verify", expected);
    }

    public static TheoryData<string[], string> ConflictingGenerate => new()
    {
        { ["--from", "smtp://mx.example.com", "--cert", "x.pem"], "--from: not with --cert, --key or --chain FILE" },
        { ["--from", "smtp://mx.example.com", "--chain", "x.pem"], "--from: not with --cert, --key or --chain FILE" },
        { ["--from", "smtp://mx.example.com", "--chain", "--usage", "3"], "--usage: not with --chain" },
        { ["--from", "smtp://127.0.0.1"], "--host: required when --from gives an IP address" },
        { ["--from", "smtp://[::1]:25"], "--host: required when --from gives an IP address" },
        { ["--from", "smtp://mx.example.com", "--timeout", "0"], "--timeout: 0 is not a number of seconds" },
        { ["--from", "smtp://mx.example.com", "--timeout", "-3"], "--timeout: -3 is not a number of seconds" },
        { ["--from", "smtp://mx.example.com", "--resolver", "dns.example"], "--resolver: 'dns.example' is not an IP address" },
        { ["--from", "smtp://mx.example.com", "--port", "70000"], "--port: '70000' is not a port number" },
        { ["--from", "smtp://mx.example.com", "--mtype", "7"], "--mtype: '7' is not 0 to 2" },
        { ["--chain", "--host", "mx.example.com"], "--chain: give a chain file, or use --chain without a file together with --from" },
        { ["--cert", "x.pem", "--key", "y.pem", "--host", "mx.example.com"], "give exactly one of --cert, --chain, --key or --from" },
        { ["--host", "mx.example.com"], "give exactly one of --cert, --chain, --key or --from" },
        { ["--cert", "x.pem", "--resolver", "127.0.0.1", "--host", "mx.example.com"], "--resolver: only with --from" },
        { ["--cert", "x.pem", "--timeout", "5", "--host", "mx.example.com"], "--timeout: only with --from" },
    };

    [Theory]
    [MemberData(nameof(ConflictingGenerate))]
    public async Task ConflictingOrMissingGenerateOptionsAreOneLine(string[] options, string expected)
    {
        var run = await CliRunner.RunAsync(["tlsa", "generate", .. options]);

        AssertUsage(run, "generate", expected);
    }

    public static TheoryData<string[], string> ConflictingVerify => new()
    {
        { ["--cert", "x.pem"], "--tlsa: give at least one record" },
        { ["--tlsa", "3 1 1 " + new string('A', 64)], "give exactly one of --cert FILE or --from URL" },
        { ["--tlsa", "3 1 1 " + new string('A', 64), "--cert", "x.pem", "--from", "smtp://mx.example.com"], "give exactly one of --cert FILE or --from URL" },
        { ["--tlsa", "3 1 1 " + new string('A', 64), "--cert", "x.pem", "--context", "https"], "--context: 'https' is not smtp or other" },
        { ["--tlsa", "3 1 1 " + new string('A', 64), "--cert", "x.pem", "--time", "yesterday"], "--time: 'yesterday' is not an ISO 8601 time" },
        { ["--tlsa", "3 1 1 " + new string('A', 64), "--cert", "x.pem", "--name", ""], "--name: '' is not a valid domain name" },
        { ["--tlsa", "3 1 1 " + new string('A', 64), "--cert", "x.pem", "--next-hop", "a..b"], "--next-hop: 'a..b' is not a valid domain name" },
        { ["--tlsa", "3 1 1 " + new string('A', 64), "--cert", "x.pem", "--resolver", "127.0.0.1"], "--resolver: only with --from" },
        { ["--tlsa", "3 1 1 " + new string('A', 64), "--from", "smtp://mx.example.com", "--timeout", "1000"], "--timeout: 1000 is not a number of seconds" },
    };

    [Theory]
    [MemberData(nameof(ConflictingVerify))]
    public async Task ConflictingOrMissingVerifyOptionsAreOneLine(string[] options, string expected)
    {
        var run = await CliRunner.RunAsync(["tlsa", "verify", .. options]);

        AssertUsage(run, "verify", expected);
    }

    [Fact]
    public async Task AnUnknownOptionIsAParseErrorWithExit64()
    {
        var run = await CliRunner.RunAsync("tlsa", "verify", "--tlsa", "3 1 1 " + Digest, "--cert", files.Chain, "--frobnicate");

        Assert.Equal(64, run.Code);
        Assert.Equal("", run.Out);
        Assert.StartsWith("danekit: ", run.ErrLines[0], StringComparison.Ordinal);
    }
}
