using DaneKit.Dns.Records;
using DaneKit.Tests.Smtp;
using DaneKit.Tlsa;

namespace DaneKit.Tests.Cli;

/// <summary>Scripted servers and expected records for the CLI tests.</summary>
internal static class CliServers
{
    /// <summary>A mail server that offers STARTTLS and serves the test chain (leaf + intermediate).</summary>
    public static FakeSmtpServer StartTls() => new(async s =>
    {
        await s.SendAsync("220 mx.example.com ESMTP\r\n");
        await s.ReplyAsync("250-mx.example.com\r\n250-PIPELINING\r\n250 STARTTLS\r\n");
        await s.ReplyAsync("220 2.0.0 Ready\r\n");
        await s.StartTlsAsync();
        await s.ReplyAsync("250-mx.example.com\r\n250 PIPELINING\r\n");
        await s.ReplyAsync("221 Bye\r\n");
    });

    /// <summary>A mail server without STARTTLS.</summary>
    public static FakeSmtpServer NoStartTls() => new(async s =>
    {
        await s.SendAsync("220 mx.example.com ESMTP\r\n");
        await s.ReplyAsync("250-mx.example.com\r\n250 PIPELINING\r\n");
        await s.ReplyAsync("221 Bye\r\n");
    });

    /// <summary>A TLS server (as on 443): the handshake at once.</summary>
    public static FakeSmtpServer ImplicitTls() => new(async s =>
    {
        await s.StartTlsAsync();
        await s.DrainAsync();
    });

    /// <summary>The record data of the test leaf or intermediate: <c>3 1 1 HEX</c>.</summary>
    public static string Record(TlsaUsage usage, TlsaSelector selector, TlsaMatchingType matchingType, bool intermediate = false) =>
        TlsaGenerator.Create(intermediate ? SmtpTestPki.Intermediate : SmtpTestPki.Leaf, usage, selector, matchingType).ToString();

    public static string LeafRecord => Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256);

    public static string IntermediateRecord => Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, intermediate: true);
}
