using System.Globalization;
using System.Text;
using DaneKit.Survey;

namespace DaneKit.Web;

/// <summary>
/// <c>danekit serve</c>'s options. Every bad value is one line naming the option (exit code 64); nothing is guessed.
/// </summary>
public static class MonitorCommandLine
{
    /// <summary>The help text.</summary>
    public const string HelpText = """
        Usage: danekit serve [options]

        The DaneKit monitor: checks domains on a schedule, keeps their history, alerts on changes, and serves the
        dashboard and the HTTP API (docs/monitor.md).

        Store and listening:
          --db PATH|postgres://USER:PASSWORD@HOST:PORT/DB   the store (default danekit-monitor.db, SQLite, WAL)
          --listen URL              where to listen (default http://127.0.0.1:8080)
          --public-url URL          the dashboard's address as users reach it, for links in alerts
          --retention DAYS          how long history is kept (default 90)
        Access:
          --public                  anyone may read the dashboard and the read API (default: login or token)
          --api-token TOKEN         bearer token for the API (also DANEKIT_API_TOKEN)
          --admin-password PASS     password of the "admin" login (also DANEKIT_ADMIN_PASSWORD)
        Checks:
          --domain NAME             monitor this domain (repeatable)
          --domains-file FILE       monitor the domains in FILE, one a line
          --interval MINUTES        default check interval (default 60)
          --jitter FRACTION         spread of due times, 0 to 0.5 (default 0.1)
          --max-checks N            checks at once (default 8)
          --max-per-mx N            probes of one MX host at once (default 2)
          --mx-share-minutes N      share an MX address's probe result for this long (default 5)
          --resolver IP             fetch DNS data from this resolver (validated by DaneKit)
          --iterative               resolve from the root hints instead
          --trust-anchor FILE       trust anchor (default: the IANA root KSKs)
          --root-hints FILE         root hints for --iterative
          --ca-file FILE            extra trusted roots for MTA-STS (PEM)
          --timeout SECONDS         per-step network timeout of a check
          --allow-private-targets   allow checks of private, loopback and reserved addresses (the testbed)
          --no-scheduler            do not run checks on a schedule (only "check now")
          --check-lease SECONDS     a check that dies with the process is due again after this (default 600)
        Alerts:
          --webhook URL             POST alerts as JSON to URL (repeatable)
          --slack                   post webhooks in Slack's {"text": ...} shape
          --smtp HOST:PORT          send alert mail through this server
          --mail-from ADDRESS       From of alert mail
          --mail-to ADDRESS         recipient of alert mail (repeatable)

        """;

    /// <summary>Parses the arguments (the first may be <c>serve</c>).</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The options, or a one-line problem, or a request for help.</returns>
    public static (MonitorOptions? Options, string? Problem, bool Help) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new MonitorOptions
        {
            ApiToken = Environment.GetEnvironmentVariable("DANEKIT_API_TOKEN") is { Length: > 0 } token ? token : null,
            AdminPassword = Environment.GetEnvironmentVariable("DANEKIT_ADMIN_PASSWORD") is { Length: > 0 } password ? password : null,
        };
        var webhooks = new List<string>();
        var mailTo = new List<string>();
        var domains = new List<string>();
        var i = args.Count > 0 && args[0] == "serve" ? 1 : 0;
        for (; i < args.Count; i++)
        {
            var a = args[i];
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new FormatException($"{a}: a value is missing");
                }

                return args[++i];
            }

            try
            {
                switch (a)
                {
                    case "-h" or "--help": return (null, null, true);
                    case "--db": o = o with { Database = Database(Value()) }; break;
                    case "--listen": o = o with { Listen = HttpUrl(a, Value()) }; break;
                    case "--public-url": o = o with { PublicUrl = HttpUrl(a, Value()) }; break;
                    case "--retention": o = o with { Retention = TimeSpan.FromDays(Number(a, Value(), 1, 3650)) }; break;
                    case "--public": o = o with { PublicDashboard = true }; break;
                    case "--api-token":
                        var t = Value();
                        o = t.Length >= 16 ? o with { ApiToken = t } : throw new FormatException("--api-token: at least 16 characters");
                        break;
                    case "--admin-password":
                        var pw = Value();
                        o = pw.Length >= 8 ? o with { AdminPassword = pw } : throw new FormatException("--admin-password: at least 8 characters");
                        break;
                    case "--domain": domains.Add(Value()); break;
                    case "--domains-file":
                        var file = Value();
                        if (!File.Exists(file))
                        {
                            throw new FormatException($"--domains-file: '{file}': no such file");
                        }

                        domains.AddRange(File.ReadLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
                        break;
                    case "--interval": o = o with { DefaultInterval = TimeSpan.FromMinutes(Number(a, Value(), 1, 7 * 24 * 60)) }; break;
                    case "--jitter":
                        var j = Value();
                        o = double.TryParse(j, NumberStyles.Float, CultureInfo.InvariantCulture, out var jitter) && jitter is >= 0 and <= 0.5
                            ? o with { Jitter = jitter }
                            : throw new FormatException($"--jitter: '{j}' is not a number from 0 to 0.5");
                        break;
                    case "--max-checks": o = o with { MaxConcurrentChecks = Number(a, Value(), 1, 256) }; break;
                    case "--max-per-mx": o = o with { MaxConcurrentPerMxHost = Number(a, Value(), 1, 64) }; break;
                    case "--mx-share-minutes": o = o with { MxShareWindow = TimeSpan.FromMinutes(Number(a, Value(), 0, 1440)) }; break;
                    case "--resolver": o = o with { Resolver = Value() }; break;
                    case "--iterative": o = o with { Iterative = true }; break;
                    case "--trust-anchor": o = o with { TrustAnchor = ExistingFile(a, Value()) }; break;
                    case "--root-hints": o = o with { RootHints = ExistingFile(a, Value()) }; break;
                    case "--ca-file": o = o with { CaFile = ExistingFile(a, Value()) }; break;
                    case "--timeout": o = o with { CheckTimeout = TimeSpan.FromSeconds(Number(a, Value(), 1, 300)) }; break;
                    case "--allow-private-targets": o = o with { AllowPrivateTargets = true }; break;
                    case "--no-scheduler": o = o with { Scheduler = false }; break;
                    case "--check-lease": o = o with { CheckLease = TimeSpan.FromSeconds(Number(a, Value(), 5, 86400)) }; break;
                    case "--webhook": webhooks.Add(HttpUrl(a, Value())); break;
                    case "--slack": o = o with { SlackWebhooks = true }; break;
                    case "--smtp":
                        var smtp = Value();
                        o = HostPort(smtp) ? o with { SmtpServer = smtp } : throw new FormatException($"--smtp: '{smtp}' is not HOST:PORT");
                        break;
                    case "--mail-from": o = o with { MailFrom = Address(a, Value()) }; break;
                    case "--mail-to": mailTo.Add(Address(a, Value())); break;
                    default: throw new FormatException($"'{a}' is not an option (see --help)");
                }
            }
            catch (FormatException e)
            {
                return (null, e.Message, false);
            }
        }

        if (o.Iterative && o.Resolver is not null)
        {
            return (null, "--iterative: not with --resolver", false);
        }

        if (mailTo.Count > 0 && o.SmtpServer is null)
        {
            return (null, "--mail-to: needs --smtp", false);
        }

        var normalized = new List<string>();
        foreach (var d in domains)
        {
            if (!TryDomain(d, out var name))
            {
                return (null, $"--domain: '{d}' is not a domain name", false);
            }

            normalized.Add(name);
        }

        return (o with { Webhooks = webhooks, MailTo = mailTo, SeedDomains = normalized.Distinct(StringComparer.Ordinal).ToArray() }, null, false);
    }

    /// <summary>A domain as the monitor stores it: IDNA A-labels, lower case, absolute.</summary>
    /// <param name="text">What was typed.</param>
    /// <param name="name">The name.</param>
    /// <returns>Whether it is a domain name (at least two labels, letters, digits and hyphens).</returns>
    public static bool TryDomain(string? text, out string name)
    {
        // The commands' own name rules (IDNA A-labels, LDH labels, no IP address), plus: a monitored mail domain has at
        // least two labels.
        name = "";
        if (string.IsNullOrWhiteSpace(text) || text.Length > 253 || !DomainNames.TryNormalize(text, out var parsed, out _) || parsed!.LabelCount < 2)
        {
            return false;
        }

        name = parsed.ToCanonical().ToString();
        return true;
    }

    /// <summary>The store for messages, without a password.</summary>
    /// <param name="database">The <c>--db</c> value.</param>
    /// <returns>E.g. <c>SQLite danekit-monitor.db</c> or <c>PostgreSQL db@host:5432</c>.</returns>
    public static string Describe(string database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (!database.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) || !Uri.TryCreate(database, UriKind.Absolute, out var uri))
        {
            return "SQLite " + database;
        }

        return new StringBuilder("PostgreSQL ").Append(uri.AbsolutePath.TrimStart('/')).Append('@').Append(uri.Host).Append(':').Append(uri.Port < 0 ? 5432 : uri.Port).ToString();
    }

    private static string Database(string value)
    {
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Host.Length > 0 && uri.AbsolutePath.Length > 1
                ? value
                : throw new FormatException("--db: a PostgreSQL URL is postgres://USER:PASSWORD@HOST:PORT/DATABASE");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(value));
        return directory is not null && Directory.Exists(directory)
            ? value
            : throw new FormatException($"--db: the directory of '{value}' does not exist");
    }

    private static string HttpUrl(string option, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? value
            : throw new FormatException($"{option}: '{value}' is not an http:// or https:// URL");

    private static int Number(string option, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new FormatException($"{option}: '{value}' is not a whole number from {min} to {max}");

    private static string ExistingFile(string option, string value) =>
        File.Exists(value) ? value : throw new FormatException($"{option}: '{value}': no such file");

    private static string Address(string option, string value) =>
        System.Net.Mail.MailAddress.TryCreate(value, out _) ? value : throw new FormatException($"{option}: '{value}' is not a mail address");

    private static bool HostPort(string value)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0 && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536;
    }
}
