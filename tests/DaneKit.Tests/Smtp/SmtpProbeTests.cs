using System.Net;
using System.Net.Sockets;
using DaneKit.Smtp;

namespace DaneKit.Tests.Smtp;

/// <summary>
/// The probe against scripted servers on loopback: the whole STARTTLS dialogue (RFC 5321, RFC 3207) with a real TLS
/// handshake, and each way a server can refuse or break it. Deadlines are short so the whole set runs in seconds.
/// Several cases time the probe, so the class runs with no other test in parallel (<see cref="SmtpProbeHostileTestGroup"/>).
/// </summary>
[Collection(SmtpProbeHostileTestGroup.Name)]
public sealed class SmtpProbeTests
{
    private const string MxName = "mx.example.com";

    private static readonly SmtpProbeOptions Fast = new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        ReplyTimeout = TimeSpan.FromSeconds(5),
        TlsHandshakeTimeout = TimeSpan.FromSeconds(5),
        QuitTimeout = TimeSpan.FromSeconds(2),
        OverallTimeout = TimeSpan.FromSeconds(10),
    };

    private static async Task<SmtpProbeResult> ProbeAsync(FakeSmtpServer server, SmtpProbeOptions? options = null)
    {
        var result = await new SmtpProbe(options ?? Fast).ProbeStartTlsAsync(server.Endpoint, MxName);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(15));
        return result;
    }

    private static Task Greet(FakeSmtpSession s) => s.SendAsync("220-mx.example.com ESMTP Fake\r\n220 ready when you are\r\n");

    private static void AssertFailure(SmtpProbeResult result, SmtpProbeFailureKind kind, SmtpProbeStep step)
    {
        Assert.False(result.Succeeded, result.Transcript.ToString());
        Assert.Equal(kind, result.Failure!.Kind);
        Assert.Equal(step, result.Failure.Step);
        Assert.Contains(result.Transcript.Lines, l => l.Direction == SmtpTranscriptDirection.Event && l.Text.StartsWith("probe stopped: ", StringComparison.Ordinal));
    }

    // RFC 3207 4, 4.2: EHLO, STARTTLS, 220, handshake, EHLO again; RFC 7672 8.1: SNI is the MX host name.
    [Fact]
    public async Task HappyPathRecordsTheDialogueTheServedChainAndTheSni()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await Greet(s);
            await s.ReplyAsync("250-mx.example.com hello\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 STARTTLS\r\n");
            await s.ReplyAsync("220 2.0.0 Ready to start TLS\r\n");
            await s.StartTlsAsync();
            await s.ReplyAsync("250-mx.example.com hello again\r\n250 SIZE 10240000\r\n");
            await s.ReplyAsync("221 2.0.0 Bye\r\n");
        });

        var result = await ProbeAsync(server);
        await server.CompletionAsync();

        Assert.True(result.Succeeded, result.Transcript.ToString());
        Assert.Equal(SmtpProbeMode.StartTls, result.Mode);
        Assert.Equal(220, result.Greeting!.Code);
        Assert.Equal("mx.example.com ESMTP Fake\nready when you are", result.Banner);
        Assert.Equal(["PIPELINING", "SIZE 10240000", "STARTTLS"], result.Capabilities);
        Assert.True(result.StartTlsOffered);
        Assert.Equal(220, result.StartTlsReply!.Code);
        Assert.True(result.TlsEstablished);
        Assert.Equal(2, result.ServedCertificates.Count);
        Assert.Equal(SmtpTestPki.Leaf.RawData, result.ServedCertificates[0].ToArray());
        Assert.Equal(SmtpTestPki.Intermediate.RawData, result.ServedCertificates[1].ToArray());
        Assert.Equal(MxName, server.SniReceived);
        Assert.NotNull(result.TlsProtocol);
        Assert.NotNull(result.CipherSuite);
        Assert.StartsWith("TLSv1.", result.TlsProtocolName, StringComparison.Ordinal);
        Assert.Equal(["SIZE 10240000"], result.CapabilitiesAfterTls);
        Assert.Equal(["EHLO danekit.invalid", "STARTTLS", "EHLO danekit.invalid", "QUIT"], server.Received);

        var lines = result.Transcript.Lines.Select(l => l.ToString()[(l.ToString().IndexOf(']', StringComparison.Ordinal) + 2)..]).ToList();
        Assert.Equal("* connecting to 127.0.0.1:" + server.Endpoint.Port, lines[0]);
        Assert.Contains("S: 220-mx.example.com ESMTP Fake", lines);
        Assert.Contains("C: EHLO danekit.invalid", lines);
        Assert.Contains("S: 250 STARTTLS", lines);
        Assert.Contains("C: STARTTLS", lines);
        Assert.Contains("* TLS handshake (SNI mx.example.com)", lines);
        Assert.Contains(lines, l => l.StartsWith("* TLS handshake done: TLSv1.", StringComparison.Ordinal)
            && l.Contains("2 certificates served: depth 0 CN=mx.example.com; depth 1 CN=Probe Test Intermediate", StringComparison.Ordinal));
        Assert.Equal("S: 221 2.0.0 Bye", lines[^1]);
        Assert.True(result.Transcript.Lines.Zip(result.Transcript.Lines.Skip(1)).All(p => p.First.Elapsed <= p.Second.Elapsed));

        using var chain = new ChainDisposer(result.LoadServedChain());
        Assert.Equal("CN=mx.example.com", chain.Certificates[0].Subject);
    }

    [Fact]
    public async Task ImplicitTlsHandshakesAtOnceWithTheSameCapture()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await s.StartTlsAsync();
            await s.DrainAsync();
        });

        var result = await new SmtpProbe(Fast).ProbeImplicitTlsAsync(server.Endpoint, "www.example.com");
        await server.CompletionAsync();

        Assert.True(result.Succeeded, result.Transcript.ToString());
        Assert.Equal(SmtpProbeMode.ImplicitTls, result.Mode);
        Assert.Null(result.Greeting);
        Assert.Equal("www.example.com", server.SniReceived);
        Assert.Equal(SmtpTestPki.Leaf.RawData, result.ServedCertificates[0].ToArray());
        Assert.Equal(2, result.ServedCertificates.Count);
        Assert.DoesNotContain(result.Transcript.Lines, l => l.Direction != SmtpTranscriptDirection.Event);
    }

    // RFC 3207 4: STARTTLS must be listed in the EHLO reply.
    [Fact]
    public async Task NoStartTlsInTheEhloReplyIsStartTlsNotOffered()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await Greet(s);
            await s.ReplyAsync("250-mx.example.com\r\n250-PIPELINING\r\n250 8BITMIME\r\n");
            await s.ReplyAsync("221 Bye\r\n");
        });

        var result = await ProbeAsync(server);
        await server.CompletionAsync();

        AssertFailure(result, SmtpProbeFailureKind.StartTlsNotOffered, SmtpProbeStep.Ehlo);
        Assert.Equal("STARTTLS not offered (EHLO lists PIPELINING, 8BITMIME)", result.Failure!.Message);
        Assert.False(result.StartTlsOffered);
        Assert.False(result.TlsEstablished);
        Assert.Empty(result.ServedCertificates);
        Assert.Equal(["EHLO danekit.invalid", "QUIT"], server.Received);
    }

    [Fact]
    public async Task StartTls454IsStartTlsRejected()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await Greet(s);
            await s.ReplyAsync("250-mx.example.com\r\n250 STARTTLS\r\n");
            await s.ReplyAsync("454 4.7.0 TLS not available due to local problem\r\n");
            await s.ReplyAsync("221 Bye\r\n");
        });

        var result = await ProbeAsync(server);

        AssertFailure(result, SmtpProbeFailureKind.StartTlsRejected, SmtpProbeStep.StartTls);
        Assert.Equal(454, result.Failure!.Reply!.Code);
        Assert.Equal("STARTTLS rejected: 454 4.7.0 TLS not available due to local problem", result.Failure.Message);
        Assert.True(result.StartTlsOffered);
    }

    // RFC 5321 3.1: 554 instead of 220 means no service; 421 means try later.
    [Theory]
    [InlineData("554 5.7.1 No SMTP service here\r\n", 554)]
    [InlineData("421 4.3.2 Too busy\r\n", 421)]
    [InlineData("250 hello?\r\n", 250)]
    public async Task AGreetingOtherThan220IsGreetingRejected(string greeting, int code)
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await s.SendAsync(greeting);
            await s.ReplyAsync("221 Bye\r\n");
        });

        var result = await ProbeAsync(server);

        AssertFailure(result, SmtpProbeFailureKind.GreetingRejected, SmtpProbeStep.Greeting);
        Assert.Equal(code, result.Greeting!.Code);
        Assert.StartsWith("greeting rejected: ", result.Failure!.Message, StringComparison.Ordinal);
        Assert.Null(result.EhloReply);
    }

    // RFC 5321 3.2: a 5xx to EHLO makes the client fall back to HELO, which has no extensions.
    [Fact]
    public async Task Ehlo5xxFallsBackToHeloAndThenThereIsNoStartTls()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await Greet(s);
            await s.ReplyAsync("502 5.5.2 Command not recognized\r\n");
            await s.ReplyAsync("250 mx.example.com\r\n");
            await s.ReplyAsync("221 Bye\r\n");
        });

        var result = await ProbeAsync(server);
        await server.CompletionAsync();

        AssertFailure(result, SmtpProbeFailureKind.StartTlsNotOffered, SmtpProbeStep.Helo);
        Assert.True(result.UsedHelo);
        Assert.Equal(250, result.HeloReply!.Code);
        Assert.Equal(502, result.EhloReply!.Code);
        Assert.Empty(result.Capabilities);
        Assert.Equal(["EHLO danekit.invalid", "HELO danekit.invalid", "QUIT"], server.Received);
    }

    [Fact]
    public async Task EhloAndHeloBothRejectedIsEhloRejected()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await Greet(s);
            await s.ReplyAsync("500 5.5.1 What?\r\n");
            await s.ReplyAsync("550 5.7.1 Go away\r\n");
            await s.ReplyAsync("221 Bye\r\n");
        });

        var result = await ProbeAsync(server);

        AssertFailure(result, SmtpProbeFailureKind.EhloRejected, SmtpProbeStep.Helo);
        Assert.Equal("EHLO rejected: 500 5.5.1 What?; HELO rejected too: 550 5.7.1 Go away", result.Failure!.Message);
    }

    [Fact]
    public async Task Ehlo4xxIsEhloRejectedWithoutHelo()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await Greet(s);
            await s.ReplyAsync("421 4.7.0 Closing\r\n");
            await s.DrainAsync();
        });

        var result = await ProbeAsync(server);

        AssertFailure(result, SmtpProbeFailureKind.EhloRejected, SmtpProbeStep.Ehlo);
        Assert.False(result.UsedHelo);
    }

    // A TLS ClientHello-like record, another protocol's banner or a bare word: stops at once, not at the deadline.
    [Theory]
    [InlineData(new byte[] { 0x16, 0x03, 0x01, 0x00, 0xc8, 0x01 })]
    [InlineData(new byte[] { (byte)'S', (byte)'S', (byte)'H', (byte)'-', (byte)'2' })]
    [InlineData(new byte[] { 0x00, 0x00, 0x00 })]
    public async Task BinaryGreetingIsAProtocolViolationAtOnce(byte[] greeting)
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await s.SendAsync(greeting);
            await s.DrainAsync();
        });

        var result = await ProbeAsync(server, Fast with { ReplyTimeout = TimeSpan.FromSeconds(8) });

        AssertFailure(result, SmtpProbeFailureKind.ProtocolViolation, SmtpProbeStep.Greeting);
        Assert.Contains("not an SMTP reply", result.Failure!.Message, StringComparison.Ordinal);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(4), $"took {result.Elapsed}");
    }

    [Theory]
    [InlineData("220 mx.example.com \u0000 ESMTP\r\n", "control character 0x00")]
    [InlineData("220 mx.example.com \u0007 ESMTP\r\n", "control character 0x07")]
    [InlineData("220 mx.example.com \u00ff\u00fe ESMTP\r\n", "neither ASCII nor UTF-8")]
    [InlineData("hello there\r\n", "not an SMTP reply")]
    [InlineData("220mx.example.com\r\n", "no space or hyphen after the reply code")]
    [InlineData("250-a\r\n220 b\r\n", "different codes, 250 and 220")]
    [InlineData("260 x\r\n", "the reply code 260 is not valid")]
    public async Task MalformedGreetingIsAProtocolViolation(string greeting, string expected)
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await s.SendAsync(greeting);
            await s.DrainAsync();
        });

        var result = await ProbeAsync(server);

        AssertFailure(result, SmtpProbeFailureKind.ProtocolViolation, SmtpProbeStep.Greeting);
        Assert.Contains(expected, result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Utf8TextInAReplyIsAccepted()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await s.SendAsync(new byte[] { (byte)'2', (byte)'2', (byte)'0', (byte)' ', 0xC3, 0xA9, (byte)'\r', (byte)'\n' });
            await s.ReplyAsync("250 mx\r\n");
            await s.ReplyAsync("221 Bye\r\n");
        });

        var result = await ProbeAsync(server);

        Assert.Equal("é", result.Banner);
        Assert.Equal(SmtpProbeFailureKind.StartTlsNotOffered, result.Failure!.Kind);
    }

    // RFC 5321 4.5.3.1.5: 512 octets per reply line; a few KB are tolerated, more is hostile.
    [Fact]
    public async Task AnOverLongLineIsAProtocolViolation()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await s.SendAsync("220 " + new string('a', 100_000) + "\r\n");
            await s.DrainAsync();
        });

        var result = await ProbeAsync(server);

        AssertFailure(result, SmtpProbeFailureKind.ProtocolViolation, SmtpProbeStep.Greeting);
        Assert.Contains("a line longer than 4096 bytes", result.Failure!.Message, StringComparison.Ordinal);
        var shown = result.Transcript.Lines.Single(l => l.Direction == SmtpTranscriptDirection.Received);
        Assert.True(shown.Text.Length < 600);
        Assert.Contains("… [truncated ", shown.Text, StringComparison.Ordinal);
        Assert.EndsWith(" [over the 4096-byte line limit: not read further]", shown.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALineOfSomeKilobytesIsTolerated()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await s.SendAsync("220 " + new string('a', 2000) + "\r\n");
            await s.ReplyAsync("250 mx\r\n");
            await s.ReplyAsync("221 Bye\r\n");
        });

        var result = await ProbeAsync(server);

        Assert.Equal(SmtpProbeFailureKind.StartTlsNotOffered, result.Failure!.Kind);
        Assert.Equal(2000, result.Banner.Length);
    }

    [Fact]
    public async Task AnEndlessMultilineReplyIsAProtocolViolation()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await Greet(s);
            await s.ReadLineAsync();
            for (var i = 0; i < 100_000 && !s.Token.IsCancellationRequested; i++)
            {
                await s.SendAsync("250-EXTENSION" + i + "\r\n");
            }
        });

        var result = await ProbeAsync(server);

        AssertFailure(result, SmtpProbeFailureKind.ProtocolViolation, SmtpProbeStep.Ehlo);
        Assert.Contains("more than 100 lines in one reply", result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreBytesThanTheLimitIsAProtocolViolation()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            for (var i = 0; i < 10_000 && !s.Token.IsCancellationRequested; i++)
            {
                await s.SendAsync("220-" + new string('x', 60) + "\r\n");
            }
        });

        var result = await ProbeAsync(server, Fast with { MaxBytesRead = 2048, MaxReplyLines = 1000 });

        AssertFailure(result, SmtpProbeFailureKind.ProtocolViolation, SmtpProbeStep.Greeting);
        Assert.Contains("more than 2048 bytes", result.Failure!.Message, StringComparison.Ordinal);
    }

    // dane-rules 20: a reply has one deadline as a whole, so one byte now and then does not keep the probe.
    [Fact]
    public async Task ATricklingServerHitsTheReplyDeadline()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await s.SendAsync("220-");
            for (var i = 0; i < 1000 && !s.Token.IsCancellationRequested; i++)
            {
                await Task.Delay(50, s.Token);
                await s.SendAsync("x");
            }
        });

        var result = await ProbeAsync(server, Fast with { ReplyTimeout = TimeSpan.FromMilliseconds(600) });

        AssertFailure(result, SmtpProbeFailureKind.GreetingTimeout, SmtpProbeStep.Greeting);
        Assert.Equal("greeting timeout: the greeting did not complete within 0.6 s", result.Failure!.Message);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(3), $"took {result.Elapsed}");
    }

    [Fact]
    public async Task ATricklingServerHitsTheOverallDeadline()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await Greet(s);
            await s.ReadLineAsync();
            for (var i = 0; i < 1000 && !s.Token.IsCancellationRequested; i++)
            {
                await Task.Delay(50, s.Token);
                await s.SendAsync("250-X" + i + "\r\n");
            }
        });

        var result = await ProbeAsync(server, Fast with { OverallTimeout = TimeSpan.FromMilliseconds(700), MaxReplyLines = 1000 });

        AssertFailure(result, SmtpProbeFailureKind.OverallTimeout, SmtpProbeStep.Ehlo);
        Assert.Contains("within 0.7 s (it was waiting for the reply to EHLO)", result.Failure!.Message, StringComparison.Ordinal);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(3), $"took {result.Elapsed}");
    }

    [Fact]
    public async Task NoReplyToEhloIsAReplyTimeout()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await Greet(s);
            await s.DrainAsync();
        });

        var result = await ProbeAsync(server, Fast with { ReplyTimeout = TimeSpan.FromMilliseconds(400) });

        AssertFailure(result, SmtpProbeFailureKind.ReplyTimeout, SmtpProbeStep.Ehlo);
    }

    [Fact]
    public async Task TheServerClosingInTheMiddleOfAReplyIsServerClosed()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await Greet(s);
            await s.ReadLineAsync();
            await s.SendAsync("250-mx.example.com\r\n250-PIPEL");
        });

        var result = await ProbeAsync(server);

        AssertFailure(result, SmtpProbeFailureKind.ServerClosed, SmtpProbeStep.Ehlo);
        Assert.Equal("server closed the connection in the middle of the reply to EHLO", result.Failure!.Message);
        Assert.Contains(result.Transcript.Lines, l => l.Text == "250-PIPEL");
    }

    [Fact]
    public async Task TheServerClosingBeforeTheGreetingIsServerClosed()
    {
        await using var server = new FakeSmtpServer(_ => Task.CompletedTask);

        var result = await ProbeAsync(server);

        Assert.False(result.Succeeded);
        Assert.Equal(SmtpProbeFailureKind.ServerClosed, result.Failure!.Kind);
        Assert.Equal(SmtpProbeStep.Greeting, result.Failure.Step);
    }

    [Fact]
    public async Task NonTlsDataAfterStartTlsIsATlsHandshakeFailure()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await Greet(s);
            await s.ReplyAsync("250-mx.example.com\r\n250 STARTTLS\r\n");
            await s.ReplyAsync("220 Ready\r\n");
            await s.ReadSomeAsync(); // the ClientHello
            await s.SendAsync("500 this is not TLS at all, sorry about that\r\n");
        });

        var result = await ProbeAsync(server);

        AssertFailure(result, SmtpProbeFailureKind.TlsHandshakeFailed, SmtpProbeStep.TlsHandshake);
        Assert.StartsWith("TLS handshake failed: ", result.Failure!.Message, StringComparison.Ordinal);
        Assert.False(result.TlsEstablished);
    }

    [Fact]
    public async Task NoAnswerToTheClientHelloIsATlsHandshakeTimeout()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await Greet(s);
            await s.ReplyAsync("250-mx.example.com\r\n250 STARTTLS\r\n");
            await s.ReplyAsync("220 Ready\r\n");
            await s.DrainAsync();
        });

        var result = await ProbeAsync(server, Fast with { TlsHandshakeTimeout = TimeSpan.FromMilliseconds(400) });

        AssertFailure(result, SmtpProbeFailureKind.TlsHandshakeTimeout, SmtpProbeStep.TlsHandshake);
        Assert.Equal("TLS handshake timeout: the TLS handshake did not complete within 0.4 s", result.Failure!.Message);
    }

    // A server that pipelines plaintext after its 220 to STARTTLS: never to be read as part of the TLS session.
    [Fact]
    public async Task PlaintextAfterThe220ToStartTlsIsAProtocolViolation()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await Greet(s);
            await s.ReplyAsync("250-mx.example.com\r\n250 STARTTLS\r\n");
            await s.ReplyAsync("220 Ready\r\n250 injected\r\n");
            await s.DrainAsync();
        });

        var result = await ProbeAsync(server);

        AssertFailure(result, SmtpProbeFailureKind.ProtocolViolation, SmtpProbeStep.StartTls);
        Assert.Contains("14 more bytes after its 220 reply to STARTTLS", result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EhloRejectedOverTlsKeepsTheServedChain()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await Greet(s);
            await s.ReplyAsync("250-mx.example.com\r\n250 STARTTLS\r\n");
            await s.ReplyAsync("220 Ready\r\n");
            await s.StartTlsAsync();
            await s.ReplyAsync("554 5.7.0 No\r\n");
            await s.ReplyAsync("221 Bye\r\n");
        });

        var result = await ProbeAsync(server);

        AssertFailure(result, SmtpProbeFailureKind.EhloRejected, SmtpProbeStep.EhloAfterTls);
        Assert.True(result.TlsEstablished);
        Assert.Equal(2, result.ServedCertificates.Count);
    }

    [Fact]
    public async Task ARefusedConnectionIsConnectionRefused()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        listener.Stop();

        var result = await new SmtpProbe(Fast).ProbeStartTlsAsync(endpoint, MxName);

        Assert.Equal(SmtpProbeFailureKind.ConnectionRefused, result.Failure!.Kind);
        Assert.Equal(SmtpProbeStep.Connect, result.Failure.Step);
        Assert.Equal("connection refused", result.Failure.Message);
        Assert.Null(result.Greeting);
    }

    [Fact]
    public async Task CancellationByTheCallerThrows()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await Greet(s);
            await s.DrainAsync();
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new SmtpProbe(Fast).ProbeStartTlsAsync(server.Endpoint, MxName, cts.Token));
    }

    [Fact]
    public void BadOptionsAreRejectedUpFront()
    {
        Assert.Throws<ArgumentException>(() => new SmtpProbe(new SmtpProbeOptions { ClientName = "two words" }));
        Assert.Throws<ArgumentException>(() => new SmtpProbe(new SmtpProbeOptions { ReplyTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new SmtpProbe(new SmtpProbeOptions { MaxReplyLineLength = 10 }));
        Assert.Throws<ArgumentException>(() => new SmtpProbe(new SmtpProbeOptions { MaxChainCertificates = 0 }));
        Assert.Throws<ArgumentException>(() => new SmtpProbe(new SmtpProbeOptions { MaxChainCertificates = 33 }));
        Assert.Throws<ArgumentException>(() => new SmtpProbe(new SmtpProbeOptions { MaxChainBytes = 1000 }));
    }

    private sealed class ChainDisposer(IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> certificates) : IDisposable
    {
        public IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> Certificates { get; } = certificates;

        public void Dispose()
        {
            foreach (var c in Certificates)
            {
                c.Dispose();
            }
        }
    }
}
