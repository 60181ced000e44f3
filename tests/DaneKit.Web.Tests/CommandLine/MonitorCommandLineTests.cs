namespace DaneKit.Web.Tests.CommandLine;

/// <summary><c>danekit serve</c>'s options: defaults, every value checked, one line naming the option for bad input.</summary>
public sealed class MonitorCommandLineTests
{
    [Fact]
    public void TheDefaultsAreAPrivateMonitorOnSqliteAtLoopback()
    {
        var (o, problem, help) = MonitorCommandLine.Parse(["serve"]);
        Assert.Null(problem);
        Assert.False(help);
        Assert.Equal("danekit-monitor.db", o!.Database);
        Assert.Equal("http://127.0.0.1:8080", o.Listen);
        Assert.False(o.PublicDashboard);
        Assert.False(o.AllowPrivateTargets);
        Assert.Equal(TimeSpan.FromHours(1), o.DefaultInterval);
        Assert.True(o.Scheduler);
    }

    [Fact]
    public void OptionsAreRead()
    {
        var (o, problem, _) = MonitorCommandLine.Parse(
        [
            "--db", "postgres://u:p@127.0.0.1:5432/mon", "--listen", "http://127.0.0.1:9000", "--public", "--interval", "15", "--jitter", "0.2",
            "--max-checks", "4", "--max-per-mx", "1", "--domain", "Example.COM", "--domain", "bücher.example", "--domain", "example.com.",
            "--webhook", "https://hooks.example/x", "--slack", "--smtp", "127.0.0.1:25", "--mail-to", "ops@example.com", "--allow-private-targets",
            "--check-lease", "30",
        ]);
        Assert.Null(problem);
        Assert.Equal("postgres://u:p@127.0.0.1:5432/mon", o!.Database);
        Assert.True(o.PublicDashboard);
        Assert.Equal(TimeSpan.FromMinutes(15), o.DefaultInterval);
        Assert.Equal(0.2, o.Jitter);
        Assert.Equal(["example.com.", "xn--bcher-kva.example."], o.SeedDomains);
        Assert.Equal(["https://hooks.example/x"], o.Webhooks);
        Assert.True(o.SlackWebhooks);
        Assert.Equal(["ops@example.com"], o.MailTo);
        Assert.True(o.AllowPrivateTargets);
        Assert.Equal(TimeSpan.FromSeconds(30), o.CheckLease);
        Assert.Equal("PostgreSQL mon@127.0.0.1:5432", MonitorCommandLine.Describe(o.Database));
    }

    [Theory]
    [InlineData("--bogus", "'--bogus' is not an option")]
    [InlineData("--interval|0", "--interval: '0' is not a whole number from 1 to 10080")]
    [InlineData("--interval|ten", "--interval: 'ten' is not a whole number")]
    [InlineData("--interval", "--interval: a value is missing")]
    [InlineData("--jitter|0.9", "--jitter: '0.9' is not a number from 0 to 0.5")]
    [InlineData("--listen|ftp://x", "--listen: 'ftp://x' is not an http:// or https:// URL")]
    [InlineData("--db|postgres://host", "--db: a PostgreSQL URL is postgres://")]
    [InlineData("--db|/nonexistent/dir/x.db", "--db: the directory of '/nonexistent/dir/x.db' does not exist")]
    [InlineData("--domain|<script>", "--domain: '<script>' is not a domain name")]
    [InlineData("--domain|localhost", "--domain: 'localhost' is not a domain name")]
    [InlineData("--api-token|short", "--api-token: at least 16 characters")]
    [InlineData("--admin-password|1234", "--admin-password: at least 8 characters")]
    [InlineData("--smtp|mail", "--smtp: 'mail' is not HOST:PORT")]
    [InlineData("--mail-to|ops@example.com", "--mail-to: needs --smtp")]
    [InlineData("--mail-to|not-an-address", "--mail-to: 'not-an-address' is not a mail address")]
    [InlineData("--trust-anchor|/nonexistent/root.key", "--trust-anchor: '/nonexistent/root.key': no such file")]
    [InlineData("--iterative|--resolver|127.0.0.1", "--iterative: not with --resolver")]
    [InlineData("--check-lease|1", "--check-lease: '1' is not a whole number from 5 to 86400")]
    public void BadInputIsOneLineNamingTheOption(string arguments, string expected)
    {
        var (o, problem, _) = MonitorCommandLine.Parse(arguments.Split('|'));
        Assert.Null(o);
        Assert.NotNull(problem);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public void HelpIsAsked()
    {
        var (_, problem, help) = MonitorCommandLine.Parse(["serve", "--help"]);
        Assert.Null(problem);
        Assert.True(help);
        Assert.Contains("--allow-private-targets", MonitorCommandLine.HelpText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.com", true, "example.com.")]
    [InlineData("EXAMPLE.com.", true, "example.com.")]
    [InlineData("mx-1.example.net", true, "mx-1.example.net.")]
    [InlineData("-bad.example", false, "")]
    [InlineData("a..example", false, "")]
    [InlineData("", false, "")]
    [InlineData("exa mple.com", false, "")]
    [InlineData("example.com/evil", false, "")]
    [InlineData("192.0.2.1", false, "")]
    [InlineData("bücher.example", true, "xn--bcher-kva.example.")]
    public void DomainsAreNormalized(string text, bool ok, string expected)
    {
        Assert.Equal(ok, MonitorCommandLine.TryDomain(text, out var name));
        Assert.Equal(expected, name);
    }
}
