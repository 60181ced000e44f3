using System.Net;
using System.Net.Sockets;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Tls;
using DaneKit.Tlsa;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace DaneKit.Tests.Tls;

/// <summary>
/// The DANE callback through MailKit: an <see cref="SmtpClient"/> with <see cref="SecureSocketOptions.StartTls"/>
/// against an in-process SMTP server (220, EHLO with STARTTLS, 220 Ready, TLS, EHLO, QUIT) that sends leaf +
/// intermediate.
/// </summary>
public sealed class MailKitDaneTests
{
    private static readonly DateTimeOffset LeafNotAfter = new(2030, 2, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AMatchingRecordLetsSmtpClientConnectOverStartTls()
    {
        using var pki = new TestPki("mx.example", LeafNotAfter);
        var (error, result, sender) = await ConnectAsync(pki, pki.DaneEe311());

        Assert.Null(error);
        Assert.Equal(DaneValidationOutcome.Authenticated, result.Outcome);
        Assert.StartsWith("DANE-EE 3 1 1 matched at depth 0", result.Description, StringComparison.Ordinal);

        // MailKit passes the host name it connected to, not the SslStream, as the callback's sender.
        Assert.Equal("mx.example", sender);
    }

    [Fact]
    public async Task DaneTaThroughMailKitChecksTheNameAgainstTheMxHost()
    {
        using var pki = new TestPki("mx.example", LeafNotAfter);
        var (error, result, _) = await ConnectAsync(pki, pki.DaneTa211());

        Assert.Null(error);
        Assert.Equal(1, result.Match!.MatchedDepth);
    }

    [Fact]
    public async Task AMismatchMakesSmtpClientThrowSslHandshakeExceptionAndTheResultSaysWhy()
    {
        using var pki = new TestPki("mx.example", LeafNotAfter);
        using var stale = new TestPki("mx.example", LeafNotAfter);
        var (error, result, _) = await ConnectAsync(pki, stale.DaneEe311());

        Assert.IsType<SslHandshakeException>(error);
        Assert.Equal(DaneValidationOutcome.Failed, result.Outcome);
        Assert.Equal(DaneMatchFailureReason.DigestMismatch, Assert.Single(result.Match!.Failures).Reason);
    }

    private static async Task<(Exception? Error, DaneValidationResult Result, object? Sender)> ConnectAsync(TestPki pki, TlsaData record)
    {
        var policy = new DaneTlsaPolicy(TlsaRecordSet.Create([record], TlsaContext.Smtp), SecurityStatus.Secure,
            new DaneReferenceNames("mx.example", "mx.example", "example"));
        var validator = new DaneCertificateValidator(policy, new DaneCertificateValidatorOptions { TimeProvider = new PinnedTimeProvider(TestPki.Inside) });
        object? sender = null;
        validator.Validated += (_, e) => sender = e.Connection;

        await using var server = LoopbackServer.Smtp(pki.ServerContext());
        using var client = new SmtpClient();
        DaneValidationResult? result = null;
        client.ServerCertificateValidationCallback = validator.CreateCallback(r => result = r);
        client.CheckCertificateRevocation = false;
        Exception? error = null;

        // The socket is connected here (mx.example resolves nowhere); MailKit uses the host name for SNI.
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, server.Port, server.Token);
            await client.ConnectAsync(socket, "mx.example", server.Port, SecureSocketOptions.StartTls, server.Token);
            Assert.True(client.IsSecure);
            await client.DisconnectAsync(true, server.Token);
            await server.Served;
        }
        catch (SslHandshakeException e)
        {
            error = e;
        }
        finally
        {
            socket.Dispose();
        }

        Assert.NotNull(result);
        return (error, result!, sender);
    }
}
