using DaneKit.Tests.Cli;

namespace DaneKit.Tests.CheckCli;

/// <summary>
/// Bad input to <c>danekit check</c>: one line on standard error naming the option (or DOMAIN), exit 64, nothing on
/// standard output, never a stack trace; no DNS query or connection is made.
/// </summary>
public sealed class CheckBadInputTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("danekit-check-tests-");

    public void Dispose() => _directory.Delete(recursive: true);

    public static TheoryData<string[], string> BadInputs => new()
    {
        { [], "DOMAIN: give the mail domain to check" },
        { ["exa mple.com"], "DOMAIN: 'exa mple.com' is not a valid domain name: ' ' in label 'exa mple'" },
        { ["bad-.example"], "DOMAIN: 'bad-.example' is not a valid domain name: label 'bad-' starts or ends with a hyphen" },
        { ["a..example"], "DOMAIN: 'a..example' is not a valid domain name: it has an empty label" },
        { ["mail_host.example"], "DOMAIN: 'mail_host.example' is not a valid domain name: '_'" },
        { [new string('a', 64) + ".example"], "DOMAIN: '" + new string('a', 64) + ".example' is not a valid domain name" },
        { ["192.0.2.1"], "DOMAIN: '192.0.2.1' is an IP address" },
        { ["2001:db8::1"], "DOMAIN: '2001:db8::1' is an IP address" },
        { ["example.123"], "DOMAIN: 'example.123' is not a valid domain name: the top-level label is all digits" },
        { [".", "--resolver", "127.0.0.1"], "DOMAIN: give a domain name" },
        { ["example.com", "--resolver", "999.1.1.1"], "--resolver: '999.1.1.1' is not an IP address" },
        { ["example.com", "--resolver", "dns.example"], "--resolver: 'dns.example' is not an IP address" },
        { ["example.com", "--resolver", "127.0.0.1:99999"], "--resolver: '127.0.0.1:99999' is not an IP address" },
        { ["example.com", "--service", "udp/53"], "--service: 'udp/53': only tcp services can be probed" },
        { ["example.com", "--service", "tcp/0"], "--service: 'tcp/0' is not tcp/PORT with a port from 1 to 65535" },
        { ["example.com", "--service", "https"], "--service: 'https' is not tcp/PORT" },
        { ["example.com", "--port", "0"], "--port: '0' is not a port from 1 to 65535" },
        { ["example.com", "--port", "70000"], "--port: '70000' is not a port from 1 to 65535" },
        { ["example.com", "--port", "smtp"], "--port: 'smtp' is not a port from 1 to 65535" },
        { ["example.com", "--service", "tcp/443", "--port", "443"], "--port: not with --service" },
        { ["example.com", "--timeout", "0"], "--timeout: '0' is not a number of seconds above 0" },
        { ["example.com", "--timeout", "soon"], "--timeout: 'soon' is not a number of seconds" },
        { ["example.com", "--timeout", "301"], "--timeout: '301' is not a number of seconds above 0 and at most 300" },
        { ["example.com", "-4", "-6"], "-4 and -6: give one of them" },
        { ["example.com", "--mx", "mx host.example"], "--mx: 'mx host.example' is not a valid domain name" },
        { ["--mx", "192.0.2.25"], "--mx: '192.0.2.25' is an IP address" },
        { ["www.example.com", "--service", "tcp/443", "--mx", "mx.example.com"], "--mx: not with --service" },
        { ["--service", "tcp/443"], "HOST: give the host of the service to check" },
        { ["example.com", "--iterative", "--resolver", "127.0.0.1"], "--iterative: not with --resolver" },
        { ["example.com", "--iterative", "--trust-ad"], "--trust-ad: not with --iterative" },
        { ["example.com", "--force-trust-ad"], "--force-trust-ad: only with --trust-ad" },
        { ["example.com", "--trust-ad", "--resolver", "192.0.2.53"], "--trust-ad: refusing to trust the AD bit of 192.0.2.53:53" },
        { ["example.com", "--trust-ad", "--trust-anchor", "/etc/hostname"], "--trust-anchor: not with --trust-ad" },
        { ["example.com", "--resolver", "127.0.0.1", "--trust-anchor", "/nonexistent/root.key"], "--trust-anchor: '/nonexistent/root.key': no such file" },
        { ["example.com", "--iterative", "--root-hints", "/nonexistent/root.hints"], "--root-hints: '/nonexistent/root.hints': no such file" },
        { ["example.com", "--root-hints", "/etc/hostname"], "--root-hints: only with --iterative" },
        { ["example.com", "--no-mta-sts", "--ca-file", "/etc/hostname"], "--ca-file: not with --no-mta-sts" },
        { ["mx.example.com", "--service", "tcp/25", "--ca-file", "/etc/hostname"], "--ca-file: not with --service tcp/25" },
        { ["www.example.com", "--service", "tcp/443", "--no-mta-sts"], "--no-mta-sts: only for mail domains" },
        { ["example.com", "--service", "tcp/443", "--resolver", "127.0.0.1", "--ca-file", "/nonexistent/ca.pem"], "--ca-file: '/nonexistent/ca.pem': no such file" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInputIsOneLineNamingTheOption(string[] arguments, string expected)
    {
        var run = await CliRunner.RunAsync(["check", .. arguments]);

        AssertUsage(run, expected);
    }

    [Fact]
    public async Task AMalformedTrustAnchorFileNamesTheOptionFileAndLine()
    {
        var path = Write("anchor.key", ". IN DS 20326 8 2 NOTHEX\n");

        var run = await CliRunner.RunAsync("check", "example.com", "--resolver", "127.0.0.1", "--trust-anchor", path);

        AssertUsage(run, "--trust-anchor: ");
        Assert.Contains(path, run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedRootHintsFileNamesTheOption()
    {
        var path = Write("root.hints", "this is not a zone file\n");

        var run = await CliRunner.RunAsync("check", "example.com", "--iterative", "--root-hints", path);

        AssertUsage(run, "--root-hints: ");
    }

    [Fact]
    public async Task ACaFileWithoutCertificatesNamesTheOption()
    {
        var path = Write("ca.pem", "no certificates here\n");

        var run = await CliRunner.RunAsync("check", "www.example.com", "--service", "tcp/443", "--resolver", "127.0.0.1", "--ca-file", path);

        AssertUsage(run, "--ca-file: ");
    }

    [Fact]
    public async Task HelpListsEveryOption()
    {
        var run = await CliRunner.RunAsync("check", "--help");

        Assert.Equal(0, run.Code);
        foreach (var option in new[] { "--resolver", "--iterative", "--trust-anchor", "--root-hints", "--trust-ad", "--timeout", "-4", "-6", "--port", "--mx", "--service", "--json" })
        {
            Assert.Contains(option, run.Out, StringComparison.Ordinal);
        }
    }

    private static void AssertUsage(CliRun run, string expected)
    {
        Assert.True(run.Code == 64, run.ToString());
        Assert.Equal("", run.Out);
        var line = Assert.Single(run.ErrLines);
        Assert.StartsWith("danekit check: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Err, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
