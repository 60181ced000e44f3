using System.Text.Json;
using DaneKit.Cli.Commands;
using DaneKit.Cli.Rendering;
using DaneKit.Reporting;
using DaneKit.Smtp;
using DaneKit.Tlsa;

namespace DaneKit.Tests.CheckCli;

/// <summary>
/// The exit code of <c>danekit check</c> for each domain verdict: 0 authenticated everywhere, 1 DANE failure, 2 deferred or
/// indeterminate, 3 no DANE published; the same code in the JSON (<c>exitCode</c>) and on the report's last line.
/// </summary>
public sealed class CheckExitCodeTests
{
    public static TheoryData<string, int> Verdicts => new()
    {
        { "authenticated", 0 },
        { "authenticated-insecure-mx", 0 },
        { "dane-fail", 1 },
        { "encrypted-unauthenticated", 1 },
        { "deferred", 2 },
        { "opportunistic", 3 },
        { "no-tls", 3 },
        { "no-mail", 3 },
    };

    [Fact]
    public void EveryVerdictHasARow()
    {
        var rows = Verdicts.Select(row => (string)row[0]).ToHashSet();
        Assert.All(Enum.GetValues<DaneVerdict>(), v => Assert.Contains(v.ToWireName(), rows));
    }

    [Theory]
    [MemberData(nameof(Verdicts))]
    public async Task TheExitCodeFollowsTheVerdict(string verdictName, int expected)
    {
        Assert.True(DaneVerdicts.TryParse(verdictName, out var verdict));
        var sample = CheckSamples.WithVerdict(verdict);

        var text = await RunAsync(sample, json: false);
        var json = await RunAsync(sample, json: true);

        Assert.Equal(expected, text.Code);
        Assert.Equal(expected, json.Code);
        Assert.Equal(expected, CheckExitCodes.For(verdict));
        Assert.EndsWith($"exit {expected}: {CheckExitCodes.Describe(expected)}\n", text.Out, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(expected, document.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal(verdictName, document.RootElement.GetProperty("verdict").GetString());
        Assert.Equal("", text.Err + json.Err);
    }

    [Fact]
    public async Task TheEngineGetsTheTargetAndOptions()
    {
        CheckOptions? seen = null;
        string? target = null;
        CheckEngine engine = (_, options, name, _) =>
        {
            seen = options;
            target = name.ToString();
            return Task.FromResult(CheckSamples.WithVerdict(DaneVerdict.Authenticated));
        };
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CheckCommand.RunAsync(
            new CheckArguments("Example.COM", Resolver: "127.0.0.1", IPv6Only: true, Port: "2525", Timeout: "5", MxHost: "mx.example.net", RequireDane: true),
            output, error, engine, ReportStyle.Plain, CancellationToken.None);

        Assert.True(code == 0, error.ToString());
        Assert.Equal("Example.COM.", target);
        Assert.NotNull(seen);
        Assert.Equal(CheckMode.Mail, seen.Mode);
        Assert.Equal(2525, seen.Port);
        Assert.Equal(CheckAddressFamilies.IPv6, seen.AddressFamilies);
        Assert.Equal("mx.example.net.", seen.MxHost);
        Assert.True(seen.RequireDane);
        Assert.Equal(TimeSpan.FromSeconds(5), seen.Probe.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), seen.Probe.OverallTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), seen.LookupTimeout);
    }

    [Theory]
    [InlineData("tcp/443", 443, SmtpProbeMode.ImplicitTls, TlsaContext.Generic)]
    [InlineData("tcp/465", 465, SmtpProbeMode.ImplicitTls, TlsaContext.Generic)]
    [InlineData("tcp/587", 587, SmtpProbeMode.StartTls, TlsaContext.Generic)]
    [InlineData("tcp/25", 25, SmtpProbeMode.StartTls, TlsaContext.Smtp)]
    public async Task AServiceIsCheckedWithItsPortModeAndContext(string service, int port, SmtpProbeMode mode, TlsaContext context)
    {
        CheckOptions? seen = null;
        CheckEngine engine = (_, options, _, _) =>
        {
            seen = options;
            return Task.FromResult(CheckSamples.WithVerdict(DaneVerdict.Authenticated));
        };
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CheckCommand.RunAsync(new CheckArguments("www.example.com", Resolver: "127.0.0.1", Service: service), output, error, engine,
            ReportStyle.Plain, CancellationToken.None);

        Assert.True(code == 0, error.ToString());
        Assert.NotNull(seen);
        Assert.Equal(CheckMode.Service, seen.Mode);
        Assert.Equal(port, seen.Port);
        Assert.Equal(mode, seen.TlsMode);
        Assert.Equal(context, seen.TlsaContext);
        Assert.Equal(context == TlsaContext.Generic, seen.PkixTrustRoots is not null);
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(DaneCheckResult result, bool json)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = await CheckCommand.RunAsync(new CheckArguments("sample.example", Resolver: "127.0.0.1", Json: json), output, error,
            (_, _, _, _) => Task.FromResult(result), ReportStyle.Plain, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
