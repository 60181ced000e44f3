namespace DaneKit.Web;

/// <summary>
/// The monitor's configuration, from <c>danekit serve</c>'s command line (see <see cref="MonitorCommandLine"/>). Plain
/// data; every member has a default that runs a private monitor on SQLite at 127.0.0.1.
/// </summary>
public sealed record MonitorOptions
{
    /// <summary>The store: a SQLite file path (default <c>danekit-monitor.db</c>), or <c>postgres://user:password@host:port/database</c>.</summary>
    public string Database { get; init; } = "danekit-monitor.db";

    /// <summary>Where to listen, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public string Listen { get; init; } = "http://127.0.0.1:8080";

    /// <summary>The base URL of the dashboard as users reach it, for links in alerts; <see cref="Listen"/> when null.</summary>
    public string? PublicUrl { get; init; }

    /// <summary>How often a domain is checked unless it says otherwise.</summary>
    public TimeSpan DefaultInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Each next due time is moved by a random amount up to this fraction of the interval, so checks spread out.</summary>
    public double Jitter { get; init; } = 0.1;

    /// <summary>How many checks run at once.</summary>
    public int MaxConcurrentChecks { get; init; } = 8;

    /// <summary>How many probes of one MX host (by name) run at once, over all checks.</summary>
    public int MaxConcurrentPerMxHost { get; init; } = 2;

    /// <summary>How long a probe result of one MX address is shared between domains that use it.</summary>
    public TimeSpan MxShareWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a running check holds its domain before it is due again (when the process dies mid-check).</summary>
    public TimeSpan CheckLease { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long history is kept (each domain's newest check is always kept).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Check targets on private, loopback and reserved addresses (the testbed); refused otherwise (SSRF guard).</summary>
    public bool AllowPrivateTargets { get; init; }

    /// <summary>Whether reading the dashboard and the read API needs no login or token.</summary>
    public bool PublicDashboard { get; init; }

    /// <summary>The bearer token for the write API (and reads when private); null: no token access.</summary>
    public string? ApiToken { get; init; }

    /// <summary>The password of the <c>admin</c> login; null: no login (the dashboard is then read-only, or closed when private).</summary>
    public string? AdminPassword { get; init; }

    /// <summary>The resolver DNS data comes from (validated by DaneKit), e.g. <c>127.53.53.53</c>; resolv.conf when null.</summary>
    public string? Resolver { get; init; }

    /// <summary>Resolve from the root hints instead of a resolver.</summary>
    public bool Iterative { get; init; }

    /// <summary>The trust anchor file; the IANA root KSKs when null.</summary>
    public string? TrustAnchor { get; init; }

    /// <summary>The root hints for <see cref="Iterative"/>; the IANA hints when null.</summary>
    public string? RootHints { get; init; }

    /// <summary>Extra trusted roots (PEM) for MTA-STS.</summary>
    public string? CaFile { get; init; }

    /// <summary>The per-step network timeout of a check, or null for the engine's defaults.</summary>
    public TimeSpan? CheckTimeout { get; init; }

    /// <summary>Webhook URLs alerts are POSTed to.</summary>
    public IReadOnlyList<string> Webhooks { get; init; } = [];

    /// <summary>Post alerts in Slack's incoming-webhook shape (<c>{"text": ...}</c>) instead of DaneKit's JSON.</summary>
    public bool SlackWebhooks { get; init; }

    /// <summary>The SMTP server alert mail goes through, <c>host:port</c>; null: no mail.</summary>
    public string? SmtpServer { get; init; }

    /// <summary>The From address of alert mail.</summary>
    public string MailFrom { get; init; } = "danekit-monitor@localhost";

    /// <summary>Where alert mail goes.</summary>
    public IReadOnlyList<string> MailTo { get; init; } = [];

    /// <summary>Domains added at start (if not in the store yet).</summary>
    public IReadOnlyList<string> SeedDomains { get; init; } = [];

    /// <summary>Run the scheduler (off in tests that drive checks themselves).</summary>
    public bool Scheduler { get; init; } = true;

    /// <summary>The base URL for links.</summary>
    public string LinkBase => (PublicUrl ?? Listen).TrimEnd('/');
}
