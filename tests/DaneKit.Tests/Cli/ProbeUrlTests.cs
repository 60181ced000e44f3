using DaneKit.Cli.Commands;
using DaneKit.Smtp;

namespace DaneKit.Tests.Cli;

/// <summary>The <c>--from</c> URL: scheme, host (name, IPv4, [IPv6]) and the default ports (25 for smtp, 443 for tls).</summary>
public sealed class ProbeUrlTests
{
    [Theory]
    [InlineData("smtp://mx.example.com", "smtp://mx.example.com:25", SmtpProbeMode.StartTls, false)]
    [InlineData("SMTP://mx.example.com.:2525/", "smtp://mx.example.com:2525", SmtpProbeMode.StartTls, false)]
    [InlineData("tls://www.example.com", "tls://www.example.com:443", SmtpProbeMode.ImplicitTls, false)]
    [InlineData("tls://192.0.2.1:465", "tls://192.0.2.1:465", SmtpProbeMode.ImplicitTls, true)]
    [InlineData("smtp://[2001:db8::25]", "smtp://[2001:db8::25]:25", SmtpProbeMode.StartTls, true)]
    [InlineData("smtp://[2001:db8::25]:587", "smtp://[2001:db8::25]:587", SmtpProbeMode.StartTls, true)]
    public void ParsesTheForms(string text, string canonical, SmtpProbeMode mode, bool isAddress)
    {
        Assert.True(ProbeUrl.TryParse(text, out var url, out var problem), problem);
        Assert.Equal(canonical, url!.ToString());
        Assert.Equal(mode, url.Mode);
        Assert.Equal(isAddress, url.Address is not null);
        Assert.Equal(!isAddress, url.Name is not null);
    }
}
