using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DaneKit.Smtp;
using Xunit.Abstractions;
using X509Request = System.Security.Cryptography.X509Certificates.CertificateRequest;

namespace DaneKit.Tests.Smtp;

/// <summary>
/// dane-rules 20 and the hostile servers of the "danekit check" issue: a banner never sent, one byte per second, a
/// 1,000-line EHLO reply, a 200-certificate chain, a handshake that stalls. Each ends within its step's deadline (short
/// here, 1 to 2.5 s) with the failure kind and step a check reports as Indeterminate, having read a bounded number of
/// bytes and kept a bounded transcript. The TLS cases are in <see cref="SmtpProbeHostileTlsTests"/>; the 10 MB replies,
/// whose allocations are measured, in <see cref="SmtpProbeMemoryTests"/>. All three run with no other test in parallel
/// (<see cref="SmtpProbeHostileTestGroup"/>).
/// </summary>
[Collection(SmtpProbeHostileTestGroup.Name)]
public sealed class SmtpProbeHostileTests(ITestOutputHelper output)
{
    /// <summary>Deadlines of 1 s for every step.</summary>
    internal static readonly SmtpProbeOptions Short = new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(2),
        ReplyTimeout = TimeSpan.FromSeconds(1),
        TlsHandshakeTimeout = TimeSpan.FromSeconds(1),
        QuitTimeout = TimeSpan.FromSeconds(1),
        OverallTimeout = TimeSpan.FromSeconds(20),
    };

    // dane-rules 20: the greeting has a deadline; silence after connect is not waited out to the overall deadline.
    [Fact]
    public async Task TheBannerNeverSentIsAGreetingTimeout()
    {
        await using var server = new FakeSmtpServer(async s => await Task.Delay(Timeout.Infinite, s.Token));

        var (result, wall) = await HostileProbe.RunAsync(server, Short);

        HostileProbe.AssertStopped(output, result, wall, SmtpProbeFailureKind.GreetingTimeout, SmtpProbeStep.Greeting, Short.ReplyTimeout);
        Assert.Equal("greeting timeout: the greeting did not complete within 1 s", result.Failure!.Message);
        Assert.Equal(0, result.BytesReceived);
    }

    [Fact]
    public async Task OneBytePerSecondInTheGreetingIsAGreetingTimeoutLongBeforeTheOverallDeadline()
    {
        await using var server = new FakeSmtpServer(s => s.TrickleAsync(Encoding.ASCII.GetBytes("220 mx.example.com ESMTP\r\n"), TimeSpan.FromSeconds(1)));
        var options = Short with { ReplyTimeout = TimeSpan.FromSeconds(1.5), OverallTimeout = TimeSpan.FromSeconds(60) };

        var (result, wall) = await HostileProbe.RunAsync(server, options);

        HostileProbe.AssertStopped(output, result, wall, SmtpProbeFailureKind.GreetingTimeout, SmtpProbeStep.Greeting, options.ReplyTimeout);
        Assert.InRange(result.BytesReceived, 1L, 3L);
    }

    [Fact]
    public async Task OneBytePerSecondInTheEhloReplyIsAReplyTimeoutAtEhlo()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await s.SendAsync("220 mx.example.com ESMTP\r\n");
            await s.ReadLineAsync();
            await s.TrickleAsync(Encoding.ASCII.GetBytes("250-mx.example.com\r\n250 STARTTLS\r\n"), TimeSpan.FromSeconds(1));
        });
        var options = Short with { ReplyTimeout = TimeSpan.FromSeconds(1.5), OverallTimeout = TimeSpan.FromSeconds(60) };

        var (result, wall) = await HostileProbe.RunAsync(server, options);

        HostileProbe.AssertStopped(output, result, wall, SmtpProbeFailureKind.ReplyTimeout, SmtpProbeStep.Ehlo, options.ReplyTimeout);
        Assert.Equal("reply timeout: the reply to EHLO did not complete within 1.5 s", result.Failure!.Message);
    }

    // RFC 5321 4.2.1 multiline replies; dane-rules 20 caps the number of EHLO lines.
    [Fact]
    public async Task AThousandContinuationLinesAreAProtocolViolationAtEhlo()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await s.SendAsync("220 mx.example.com ESMTP\r\n");
            await s.ReadLineAsync();
            var reply = new StringBuilder();
            for (var i = 0; i < 1000; i++)
            {
                reply.Append("250-X-EXTENSION-").Append(i).Append("\r\n");
            }

            await s.SendAsync(reply.Append("250 STARTTLS\r\n").ToString());
            await s.DrainAsync();
        });

        var (result, wall) = await HostileProbe.RunAsync(server, Short);

        HostileProbe.AssertStopped(output, result, wall, SmtpProbeFailureKind.ProtocolViolation, SmtpProbeStep.Ehlo, Short.ReplyTimeout);
        Assert.Equal("protocol violation in the reply to EHLO: more than 100 lines in one reply", result.Failure!.Message);
        Assert.Equal(100, result.Transcript.Lines.Count(l => l.Text.StartsWith("250-X-EXTENSION-", StringComparison.Ordinal)));
        Assert.Null(result.EhloReply);
    }

    // Every reply within its own deadline, but the whole probe past the overall one: stopped where it was waiting.
    [Fact]
    public async Task SlowButTimelyRepliesHitTheOverallDeadline()
    {
        // Every reply comes well within the per-reply deadline (10 s): the greeting and the EHLO reply after 0.5 s each,
        // the STARTTLS reply after 8 s. The overall deadline (3 s) falls while waiting for the STARTTLS reply, with
        // 2 s of slack for a loaded machine's scheduling on the early steps.
        var quick = TimeSpan.FromSeconds(0.5);
        await using var server = new FakeSmtpServer(async s =>
        {
            await Task.Delay(quick, s.Token);
            await s.SendAsync("220 mx.example.com ESMTP\r\n");
            await s.ReadLineAsync();
            await Task.Delay(quick, s.Token);
            await s.SendAsync("250-mx.example.com\r\n250 STARTTLS\r\n");
            await s.ReadLineAsync();
            await Task.Delay(TimeSpan.FromSeconds(8), s.Token);
            await s.SendAsync("220 go ahead\r\n");
            await s.DrainAsync();
        });
        var options = Short with { ReplyTimeout = TimeSpan.FromSeconds(10), OverallTimeout = TimeSpan.FromSeconds(3) };

        var (result, wall) = await HostileProbe.RunAsync(server, options);

        HostileProbe.AssertStopped(output, result, wall, SmtpProbeFailureKind.OverallTimeout, SmtpProbeStep.StartTls, options.OverallTimeout);
        Assert.Equal("overall timeout: the probe did not finish within 3 s (it was waiting for the reply to STARTTLS)", result.Failure!.Message);
    }
}

/// <summary>
/// The hostile TLS cases: a 200-certificate chain (flat or one deep chain), a chain over the size limits, a handshake
/// that stalls or trickles, and the steps after it. Same checks as <see cref="SmtpProbeHostileTests"/>.
/// </summary>
[Collection(SmtpProbeHostileTestGroup.Name)]
public sealed class SmtpProbeHostileTlsTests(ITestOutputHelper output)
{
    private static readonly SmtpProbeOptions Short = SmtpProbeHostileTests.Short;

    /// <summary>For the chain cases, which must finish the handshake (the first use of BouncyCastle's TLS takes a while).</summary>
    private static readonly SmtpProbeOptions ChainOptions = Short with { TlsHandshakeTimeout = TimeSpan.FromSeconds(5) };

    private static readonly byte[] ServerHelloStart = [0x16, 0x03, 0x03, 0x00, 0x7a, 0x02, 0x00, 0x00, 0x76, 0x03, 0x03, 0x5a, 0x5a, 0x5a];

    // A server that sends a whole CA bundle as its chain: counted in the validation callback and refused there.
    [Fact]
    public async Task TwoHundredCertificatesAreChainTooLongAtTheHandshake()
    {
        var chain = HostileChain.Flat(200);
        await using var server = new FakeSmtpServer(s => StartTlsThenDrainAsync(s, chain));

        var (result, wall) = await HostileProbe.RunAsync(server, ChainOptions);

        HostileProbe.AssertStopped(output, result, wall, SmtpProbeFailureKind.ChainTooLong, SmtpProbeStep.TlsHandshake, ChainOptions.TlsHandshakeTimeout);
        Assert.Equal(
            $"certificate chain too long: the server sent 200 certificates of {chain.Bytes} bytes in all, more than the 32 certificates allowed; the probe refused the handshake",
            result.Failure!.Message);
        Assert.False(result.TlsEstablished);
        Assert.Equal(32, result.ServedCertificates.Count);
        Assert.Equal(chain.Certificates[0], result.ServedCertificates[0].ToArray());
        Assert.Equal(chain.Certificates[31], result.ServedCertificates[31].ToArray());
    }

    // .NET builds a chain from the served certificates before the validation callback, and on Linux throws on a chain
    // more than 100 deep (OpenSSL's "certificate chain too long", unmapped): the probe cannot count, and says so.
    [Fact]
    public async Task TwoHundredCertificatesInOneDeepChainAreChainTooLongThoughNotCounted()
    {
        var chain = HostileChain.Deep(199);
        Assert.Equal(200, chain.Certificates.Count);
        await using var server = new FakeSmtpServer(s => StartTlsThenDrainAsync(s, chain));

        var (result, wall) = await HostileProbe.RunAsync(server, ChainOptions);

        HostileProbe.AssertStopped(output, result, wall, SmtpProbeFailureKind.ChainTooLong, SmtpProbeStep.TlsHandshake, ChainOptions.TlsHandshakeTimeout);
        Assert.StartsWith("certificate chain too long, or unreadable: .NET gave up building a chain from the served certificates before the probe could count them (",
            result.Failure!.Message, StringComparison.Ordinal);
        Assert.EndsWith("); it does so on a chain more than 100 certificates deep", result.Failure.Message, StringComparison.Ordinal);
        Assert.False(result.TlsEstablished);
        Assert.Empty(result.ServedCertificates);
    }

    [Fact]
    public async Task AChainOverTheByteLimitIsChainTooLarge()
    {
        var chain = HostileChain.Flat(4, padding: 10_000);
        await using var server = new FakeSmtpServer(s => StartTlsThenDrainAsync(s, chain));
        var options = ChainOptions with { MaxChainBytes = 32 * 1024 };

        var (result, wall) = await HostileProbe.RunAsync(server, options);

        HostileProbe.AssertStopped(output, result, wall, SmtpProbeFailureKind.ChainTooLarge, SmtpProbeStep.TlsHandshake, options.TlsHandshakeTimeout);
        Assert.Equal(
            $"certificate chain too large: the server sent 4 certificates of {chain.Bytes} bytes in all, more than the 32768 bytes allowed; the probe refused the handshake",
            result.Failure!.Message);
        Assert.Equal(4, result.ServedCertificates.Count);
    }

    // OpenSSL refuses a Certificate message over 100 KB inside the handshake, as an OpenSSL-based sender would.
    [Fact]
    public async Task AChainOverOpenSslsLimitFailsTheHandshakeWithTheReason()
    {
        var chain = HostileChain.Flat(3, padding: 60_000);
        await using var server = new FakeSmtpServer(s => StartTlsThenDrainAsync(s, chain));

        var (result, wall) = await HostileProbe.RunAsync(server, ChainOptions);

        HostileProbe.AssertStopped(output, result, wall, SmtpProbeFailureKind.TlsHandshakeFailed, SmtpProbeStep.TlsHandshake, ChainOptions.TlsHandshakeTimeout);
        Assert.Contains("excessive message size (OpenSSL refuses a handshake message over its limit; for the certificate chain that is 100 KB)",
            result.Failure!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(32, null)]
    [InlineData(33, SmtpProbeFailureKind.ChainTooLong)]
    [InlineData(5, SmtpProbeFailureKind.ChainTooLong, 4)]
    [InlineData(4, null, 4)]
    public async Task TheChainLengthLimitIsInclusive(int count, SmtpProbeFailureKind? expected, int limit = 32)
    {
        var chain = HostileChain.Flat(count);
        await using var server = new FakeSmtpServer(async s =>
        {
            await s.StartTlsAsync(chain);
            await s.DrainAsync();
        });
        var options = ChainOptions with { MaxChainCertificates = limit };

        var (result, _) = await HostileProbe.RunAsync(server, options, SmtpProbeMode.ImplicitTls);

        Assert.Equal(expected, result.Failure?.Kind);
        Assert.Equal(expected is null, result.TlsEstablished);
        Assert.Equal(Math.Min(count, 32), result.ServedCertificates.Count);
    }

    // The subject is the server's text: it must not forge a line when the transcript is printed.
    [Fact]
    public async Task AControlCharacterInACertificateSubjectIsEscapedInTheTranscript()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName("mx\n[0.000s] S: 250 forged");
        using var certificate = new X509Request(name.Build(), key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var leaf = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        var context = SslStreamCertificateContext.Create(leaf, null, offline: true);
        await using var server = new FakeSmtpServer(async s =>
        {
            await s.StartTlsAsync(context);
            await s.DrainAsync();
        });

        var (result, _) = await HostileProbe.RunAsync(server, Short, SmtpProbeMode.ImplicitTls);

        Assert.True(result.Succeeded, result.Transcript.ToString());
        var done = result.Transcript.Lines.Single(l => l.Text.StartsWith("TLS handshake done: ", StringComparison.Ordinal));
        Assert.EndsWith(@"1 certificate served: depth 0 CN=""mx\x0A[0.000s] S: 250 forged""", done.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Transcript.ToString().TrimEnd('\n').Split('\n').Last());
    }

    [Fact]
    public async Task NoServerHelloIsATlsHandshakeTimeout()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await StartTlsDialogueAsync(s);
            await s.ReadSomeAsync();
            await Task.Delay(Timeout.Infinite, s.Token);
        });

        var (result, wall) = await HostileProbe.RunAsync(server, Short);

        HostileProbe.AssertStopped(output, result, wall, SmtpProbeFailureKind.TlsHandshakeTimeout, SmtpProbeStep.TlsHandshake, Short.TlsHandshakeTimeout);
        Assert.Equal("TLS handshake timeout: the TLS handshake did not complete within 1 s", result.Failure!.Message);
    }

    // A record header that promises 122 bytes, a few of them, then silence: the record layer waits for the rest.
    [Fact]
    public async Task APartialTlsRecordThenSilenceIsATlsHandshakeTimeout()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await StartTlsDialogueAsync(s);
            await s.ReadSomeAsync();
            await s.SendAsync(ServerHelloStart);
            await Task.Delay(Timeout.Infinite, s.Token);
        });

        var (result, wall) = await HostileProbe.RunAsync(server, Short);

        HostileProbe.AssertStopped(output, result, wall, SmtpProbeFailureKind.TlsHandshakeTimeout, SmtpProbeStep.TlsHandshake, Short.TlsHandshakeTimeout);
    }

    [Fact]
    public async Task AServerHelloTrickledOneBytePerSecondIsATlsHandshakeTimeout()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await StartTlsDialogueAsync(s);
            await s.ReadSomeAsync();
            await s.TrickleAsync(ServerHelloStart, TimeSpan.FromSeconds(1));
        });
        var options = Short with { TlsHandshakeTimeout = TimeSpan.FromSeconds(1.5) };

        var (result, wall) = await HostileProbe.RunAsync(server, options);

        HostileProbe.AssertStopped(output, result, wall, SmtpProbeFailureKind.TlsHandshakeTimeout, SmtpProbeStep.TlsHandshake, options.TlsHandshakeTimeout);
    }

    // RFC 3207 4.2: EHLO again over TLS; its reply has the same deadline as any other.
    [Fact]
    public async Task NoReplyToEhloOverTlsIsAReplyTimeoutAfterTheChainWasRecorded()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await StartTlsDialogueAsync(s);
            await s.StartTlsAsync();
            await s.DrainAsync();
        });

        var (result, wall) = await HostileProbe.RunAsync(server, Short);

        HostileProbe.AssertStopped(output, result, wall, SmtpProbeFailureKind.ReplyTimeout, SmtpProbeStep.EhloAfterTls, Short.ReplyTimeout);
        Assert.True(result.TlsEstablished);
        Assert.Equal(2, result.ServedCertificates.Count);
    }

    // A missing reply to QUIT is noted, not a failure, and waits no longer than QuitTimeout.
    [Fact]
    public async Task NoReplyToQuitEndsAtTheQuitDeadlineAndTheProbeSucceeds()
    {
        await using var server = new FakeSmtpServer(async s =>
        {
            await StartTlsDialogueAsync(s);
            await s.StartTlsAsync();
            await s.ReplyAsync("250-mx.example.com\r\n250 SIZE 1000\r\n");
            await s.DrainAsync();
        });

        var (result, wall) = await HostileProbe.RunAsync(server, Short);

        output.WriteLine($"succeeded after {result.Elapsed.TotalSeconds:0.000} s (wall {wall.TotalSeconds:0.000} s)");
        Assert.True(result.Succeeded, result.Transcript.ToString());
        Assert.InRange(result.Elapsed, Short.QuitTimeout * 0.9, Short.QuitTimeout + HostileProbe.Margin);
        Assert.Contains(result.Transcript.Lines, l => l.Text == "no proper reply to QUIT: reply timeout: the reply to QUIT did not complete within 1 s");
    }

    private static async Task StartTlsDialogueAsync(FakeSmtpSession s)
    {
        await s.SendAsync("220 mx.example.com ESMTP\r\n");
        await s.ReplyAsync("250-mx.example.com\r\n250 STARTTLS\r\n");
        await s.ReplyAsync("220 2.0.0 Ready to start TLS\r\n");
    }

    private static async Task StartTlsThenDrainAsync(FakeSmtpSession s, HostileChain chain)
    {
        await StartTlsDialogueAsync(s);
        await s.StartTlsAsync(chain);
        await s.DrainAsync();
    }
}

/// <summary>
/// The 10 MB replies, with the bytes allocated while the probe ran: <see cref="GC.GetTotalAllocatedBytes(bool)"/> counts
/// the whole process, so it measures the probe (and the scripted server, whose 10 MB are allocated before) only with
/// no other test running (<see cref="SmtpProbeHostileTestGroup"/>).
/// </summary>
[Collection(SmtpProbeHostileTestGroup.Name)]
public sealed class SmtpProbeMemoryTests(ITestOutputHelper output)
{
    /// <summary>Well under the 10 MB sent: the probe does not buffer what it does not need.</summary>
    private const long MaxAllocated = 4L * 1024 * 1024;

    private const long TenMegabytes = 10L * 1024 * 1024;

    private static readonly SmtpProbeOptions Short = new()
    {
        ReplyTimeout = TimeSpan.FromSeconds(2),
        OverallTimeout = TimeSpan.FromSeconds(20),
    };

    [Fact]
    public async Task TenMegabytesInOneEhloLineStopAtTheLineLimitAfterAFewKilobytes()
    {
        var block = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));
        await using var server = new FakeSmtpServer(async s =>
        {
            await s.SendAsync("220 mx.example.com ESMTP\r\n");
            await s.ReadLineAsync();
            await s.SendAsync("250-");
            await s.SendRepeatedAsync(block, TenMegabytes);
            await s.SendAsync("\r\n");
        });

        var (result, wall, allocated) = await MeasureAsync(server, Short);

        HostileProbe.AssertStopped(output, result, wall, SmtpProbeFailureKind.ProtocolViolation, SmtpProbeStep.Ehlo, Short.ReplyTimeout);
        Assert.Equal("protocol violation in the reply to EHLO: a line longer than 4096 bytes (RFC 5321 4.5.3.1.5 allows 512 with CRLF)", result.Failure!.Message);
        Assert.True(result.BytesReceived < 16 * 1024, $"read {result.BytesReceived} bytes");
        var shown = result.Transcript.Lines.Last(l => l.Direction == SmtpTranscriptDirection.Received);
        Assert.StartsWith("250-aaaa", shown.Text, StringComparison.Ordinal);
        Assert.Matches(@"^250-a{508}… \[truncated \d+ bytes\] \[over the 4096-byte line limit: not read further\]$", shown.Text);
        Assert.True(allocated < MaxAllocated, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData(100, "more than 100 lines in one reply")]
    [InlineData(1_000_000, "the server sent more than 524288 bytes")]
    public async Task TenMegabytesOfEhloLinesStopAtTheLineCountOrTheByteLimit(int maxReplyLines, string expected)
    {
        var line = "250-" + new string('x', 94) + "\r\n";
        var block = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(line, 655)));
        await using var server = new FakeSmtpServer(async s =>
        {
            await s.SendAsync("220 mx.example.com ESMTP\r\n");
            await s.ReadLineAsync();
            await s.SendRepeatedAsync(block, TenMegabytes / block.Length * block.Length);
            await s.SendAsync("250 STARTTLS\r\n");
        });
        var options = Short with { MaxReplyLines = maxReplyLines };

        var (result, wall, allocated) = await MeasureAsync(server, options);

        HostileProbe.AssertStopped(output, result, wall, SmtpProbeFailureKind.ProtocolViolation, SmtpProbeStep.Ehlo, options.ReplyTimeout);
        Assert.Equal("protocol violation in the reply to EHLO: " + expected, result.Failure!.Message);
        Assert.InRange(result.BytesReceived, 0L, options.MaxBytesRead + 1L);
        Assert.InRange(result.Transcript.Lines.Count(l => l.Direction == SmtpTranscriptDirection.Received), 0, SmtpTranscript.MaxReceivedLines);
        if (maxReplyLines > SmtpTranscript.MaxReceivedLines)
        {
            Assert.True(result.Transcript.ReceivedLinesNotKept > 0);
            Assert.Contains(result.Transcript.Lines, l => l.Text == "transcript full: server lines after the first 1000 are not kept");
        }

        Assert.True(allocated < MaxAllocated, $"allocated {allocated} bytes");
    }

    private async Task<(SmtpProbeResult Result, TimeSpan Wall, long Allocated)> MeasureAsync(FakeSmtpServer server, SmtpProbeOptions options)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var (result, wall) = await HostileProbe.RunAsync(server, options);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"allocated {allocated / 1024} KB while the probe ran; read {result.BytesReceived} bytes");
        return (result, wall, allocated);
    }
}

/// <summary>
/// The collection of the probe tests that time it (<see cref="SmtpProbeTests"/> and the hostile-server tests): run
/// after the others, with no other test in parallel. Their clocks and
/// allocation counts are only meaningful then: on a loaded machine (two cores, a million-message fuzz test running
/// beside them) timer callbacks and continuations wait seconds for a thread-pool thread, which is the host's doing,
/// not the probe's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SmtpProbeHostileTestGroup
{
    /// <summary>The collection's name.</summary>
    public const string Name = "SMTP probe, hostile servers";
}

/// <summary>Runs a probe with a safety net and checks what every hostile case must show.</summary>
internal static class HostileProbe
{
    /// <summary>What a step may take past its deadline: timers, scheduling and closing the connection.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(1.5);

    /// <summary>No test waits longer than this, whatever the probe does.</summary>
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(20);

    public static async Task<(SmtpProbeResult Result, TimeSpan Wall)> RunAsync(FakeSmtpServer server, SmtpProbeOptions options, SmtpProbeMode mode = SmtpProbeMode.StartTls)
    {
        using var safety = new CancellationTokenSource(SafetyNet);
        var clock = Stopwatch.StartNew();
        var result = await new SmtpProbe(options).ProbeAsync(server.Endpoint, "mx.example.com", mode, safety.Token).WaitAsync(SafetyNet + TimeSpan.FromSeconds(5));
        return (result, clock.Elapsed);
    }

    /// <summary>
    /// The kind and step, ended within <paramref name="deadline"/> plus <see cref="Margin"/> (and, for a timeout, not
    /// before it), the bytes read within <see cref="SmtpProbeOptions.MaxBytesRead"/>, and a bounded transcript.
    /// </summary>
    public static void AssertStopped(ITestOutputHelper output, SmtpProbeResult result, TimeSpan wall, SmtpProbeFailureKind kind, SmtpProbeStep step, TimeSpan deadline)
    {
        var transcriptChars = result.Transcript.Lines.Sum(l => (long)l.Text.Length);
        output.WriteLine($"{result.Failure?.Kind} at {result.Failure?.Step} after {result.Elapsed.TotalSeconds:0.000} s (wall {wall.TotalSeconds:0.000} s, deadline {deadline.TotalSeconds:0.###} s); "
            + $"read {result.BytesReceived} bytes; transcript {result.Transcript.Lines.Count} lines, {transcriptChars} characters");
        output.WriteLine(result.Failure?.Message ?? "(no failure)");
        Assert.False(result.Succeeded, result.Transcript.ToString());
        Assert.True(kind == result.Failure!.Kind, $"expected {kind}, got {result.Failure.Kind}: {result.Failure.Message}");
        Assert.Equal(step, result.Failure.Step);
        Assert.True(wall < deadline + Margin, $"took {wall}, the deadline is {deadline}");
        if (kind is SmtpProbeFailureKind.GreetingTimeout or SmtpProbeFailureKind.ReplyTimeout or SmtpProbeFailureKind.TlsHandshakeTimeout or SmtpProbeFailureKind.OverallTimeout)
        {
            Assert.True(result.Elapsed >= deadline * 0.9, $"stopped after {result.Elapsed}, before the deadline {deadline}");
        }

        Assert.InRange(result.BytesReceived, 0L, new SmtpProbeOptions().MaxBytesRead + 1L);
        Assert.InRange(transcriptChars, 0L, 256L * 1024);
        Assert.Contains(result.Transcript.Lines, l => l.Direction == SmtpTranscriptDirection.Event && l.Text == "probe stopped: " + result.Failure.Message);
    }
}
