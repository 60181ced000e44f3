using System.Globalization;

namespace DaneKit.Tests.Cli;

/// <summary>
/// <c>danekit tlsa generate --from smtp://… | tls://…</c> against scripted servers on loopback: the record of the
/// served leaf, or with a bare <c>--chain</c> one per served certificate; a server that gives no chain is exit 2 with
/// its failure named.
/// </summary>
public sealed class TlsaGenerateFromTests
{
    [Fact]
    public async Task FromSmtpPrintsTheLeafRecordWithTheUrlPortInTheOwnerName()
    {
        await using var server = CliServers.StartTls();
        var port = server.Endpoint.Port.ToString(CultureInfo.InvariantCulture);

        var run = await CliRunner.RunAsync("tlsa", "generate", "--from", $"smtp://127.0.0.1:{port}", "--host", "mx.example.com");
        await server.CompletionAsync();

        Assert.Equal(0, run.Code);
        Assert.Equal("", run.Err);
        Assert.Equal(2, run.OutLines.Length);
        Assert.StartsWith($"; served by smtp://127.0.0.1:{port} (127.0.0.1) over TLSv1.", run.OutLines[0], StringComparison.Ordinal);
        Assert.EndsWith(", 2 certificates", run.OutLines[0], StringComparison.Ordinal);
        Assert.Equal($"_{port}._tcp.mx.example.com. IN TLSA {CliServers.LeafRecord}", run.OutLines[1]);
        Assert.Equal("mx.example.com", server.SniReceived);
    }

    [Fact]
    public async Task FromSmtpWithABareChainPrintsOneRecordPerServedCertificateByRole()
    {
        await using var server = CliServers.StartTls();
        var port = server.Endpoint.Port.ToString(CultureInfo.InvariantCulture);

        var run = await CliRunner.RunAsync("tlsa", "generate", "--from", $"smtp://127.0.0.1:{port}", "--chain", "--host", "mx.example.com",
            "--port", "25", "--ttl", "3600");

        Assert.Equal(0, run.Code);
        Assert.Equal(
        [
            "; depth 0 DANE-EE: CN=mx.example.com",
            $"_25._tcp.mx.example.com. 3600 IN TLSA {CliServers.LeafRecord}",
            "; depth 1 DANE-TA: CN=Probe Test Intermediate",
            $"_25._tcp.mx.example.com. 3600 IN TLSA {CliServers.IntermediateRecord}",
        ], run.OutLines[1..]);
    }

    [Fact]
    public async Task FromTlsHandshakesAtOnce()
    {
        await using var server = CliServers.ImplicitTls();
        var port = server.Endpoint.Port.ToString(CultureInfo.InvariantCulture);

        var run = await CliRunner.RunAsync("tlsa", "generate", "--from", $"tls://127.0.0.1:{port}", "--host", "www.example.com", "--selector", "0",
            "--mtype", "2");
        await server.CompletionAsync();

        Assert.Equal(0, run.Code);
        Assert.Equal($"_{port}._tcp.www.example.com. IN TLSA {CliServers.Record(DaneKit.Dns.Records.TlsaUsage.DaneEe, DaneKit.Dns.Records.TlsaSelector.Cert, DaneKit.Dns.Records.TlsaMatchingType.Sha512)}",
            run.OutLines[1]);
        Assert.Equal("www.example.com", server.SniReceived);
    }

    // A host name: resolved through --resolver (A, following a CNAME), used for the owner name and as SNI.
    [Fact]
    public async Task FromANameResolvesThroughTheResolverAndUsesTheNameForOwnerAndSni()
    {
        await using var server = CliServers.StartTls();
        await using var dns = new FakeDnsServer("""
            smtp.example.com. 300 IN CNAME mx.example.com.
            mx.example.com. 300 IN A 127.0.0.1
            """);
        var port = server.Endpoint.Port.ToString(CultureInfo.InvariantCulture);

        var run = await CliRunner.RunAsync("tlsa", "generate", "--from", $"smtp://smtp.example.com:{port}", "--resolver", dns.Address, "--timeout", "10");
        await server.CompletionAsync();

        Assert.Equal(0, run.Code);
        Assert.StartsWith($"; served by smtp://smtp.example.com:{port} (127.0.0.1)", run.OutLines[0], StringComparison.Ordinal);
        Assert.Equal($"_{port}._tcp.smtp.example.com. IN TLSA {CliServers.LeafRecord}", run.OutLines[1]);
        Assert.Equal("smtp.example.com", server.SniReceived);
    }

    [Fact]
    public async Task ANameThatDoesNotResolveIsANetworkFailure()
    {
        await using var dns = new FakeDnsServer("other.example.com. 300 IN A 127.0.0.1");

        var run = await CliRunner.RunAsync("tlsa", "generate", "--from", "smtp://nowhere.example.com", "--resolver", dns.Address);

        Assert.Equal(2, run.Code);
        Assert.Equal(["danekit tlsa generate: smtp://nowhere.example.com:25: cannot resolve nowhere.example.com: A: NXDOMAIN; AAAA: NXDOMAIN"], run.ErrLines);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task NoStartTlsIsExit2WithTheFailureNamed()
    {
        await using var server = CliServers.NoStartTls();
        var port = server.Endpoint.Port.ToString(CultureInfo.InvariantCulture);

        var run = await CliRunner.RunAsync("tlsa", "generate", "--from", $"smtp://127.0.0.1:{port}", "--host", "mx.example.com");

        Assert.Equal(2, run.Code);
        Assert.Equal([$"danekit tlsa generate: smtp://127.0.0.1:{port} (127.0.0.1): STARTTLS not offered (EHLO lists PIPELINING)"], run.ErrLines);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task ARefusedConnectionIsExit2()
    {
        var port = ClosedPort();

        var run = await CliRunner.RunAsync("tlsa", "generate", "--from", $"smtp://127.0.0.1:{port}", "--host", "mx.example.com");

        Assert.Equal(2, run.Code);
        Assert.Equal([$"danekit tlsa generate: smtp://127.0.0.1:{port} (127.0.0.1): connection refused"], run.ErrLines);
    }

    [Fact]
    public async Task VerbosePrintsTheTranscriptToStandardError()
    {
        await using var server = CliServers.StartTls();
        var port = server.Endpoint.Port.ToString(CultureInfo.InvariantCulture);

        var run = await CliRunner.RunAsync("tlsa", "generate", "-v", "--from", $"smtp://127.0.0.1:{port}", "--host", "mx.example.com");

        Assert.Equal(0, run.Code);
        Assert.Contains(run.ErrLines, l => l.EndsWith("] C: STARTTLS", StringComparison.Ordinal));
        Assert.Contains(run.ErrLines, l => l.EndsWith("] S: 220 2.0.0 Ready", StringComparison.Ordinal));
        Assert.All(run.ErrLines, l => Assert.StartsWith("; ", l, StringComparison.Ordinal));
        Assert.Equal(2, run.OutLines.Length);
    }

    [Fact]
    public async Task AChainFileStillTakesItsValue()
    {
        using var files = new CliTestFiles();
        var run = await CliRunner.RunAsync("tlsa", "generate", "--chain", files.Chain, "--host", "mx.example.com");

        Assert.Equal(0, run.Code);
        Assert.Equal(4, run.OutLines.Length);
        Assert.Equal($"_25._tcp.mx.example.com. IN TLSA {CliServers.IntermediateRecord}", run.OutLines[3]);
    }

    internal static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
