using System.Globalization;
using System.Net;

namespace DaneKit.Dns.Resolver;

/// <summary>
/// The parts of <c>/etc/resolv.conf</c> (resolv.conf(5)) a stub resolver uses: <c>nameserver</c> lines and
/// the <c>timeout:</c>, <c>attempts:</c> and <c>rotate</c> options. <c>search</c> and <c>domain</c> are
/// ignored: DaneKit only asks absolute names.
/// </summary>
public sealed record ResolvConf
{
    /// <summary>The default path.</summary>
    public const string DefaultPath = "/etc/resolv.conf";

    /// <summary>How many <c>nameserver</c> lines the libc resolver uses (MAXNS); later ones are ignored.</summary>
    public const int MaxNameServers = 3;

    /// <summary>The libc default of <c>timeout:</c>, in seconds.</summary>
    public const int DefaultTimeoutSeconds = 5;

    /// <summary>The libc default of <c>attempts:</c>.</summary>
    public const int DefaultAttempts = 2;

    /// <summary>The servers, port 53, in file order.</summary>
    public IReadOnlyList<IPEndPoint> Servers { get; init; } = [];

    /// <summary>The per-try timeout (<c>options timeout:n</c>, capped at 30 s as libc does).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);

    /// <summary>How many rounds over the servers (<c>options attempts:n</c>, capped at 5 as libc does).</summary>
    public int Attempts { get; init; } = DefaultAttempts;

    /// <summary><c>options rotate</c>: start each query at the next server.</summary>
    public bool Rotate { get; init; }

    /// <summary>Reads and parses a resolv.conf file; a missing file gives no servers.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The configuration.</returns>
    public static async Task<ResolvConf> LoadAsync(string path = DefaultPath, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            return new ResolvConf();
        }

        return Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Parses resolv.conf text; lines it does not understand are ignored, as libc does.</summary>
    /// <param name="text">The file's text.</param>
    /// <returns>The configuration.</returns>
    public static ResolvConf Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var servers = new List<IPEndPoint>();
        var timeout = DefaultTimeoutSeconds;
        var attempts = DefaultAttempts;
        var rotate = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw;
            var comment = line.IndexOfAny(['#', ';']);
            if (comment >= 0)
            {
                line = line[..comment];
            }

            var words = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2)
            {
                continue;
            }

            switch (words[0])
            {
                case "nameserver":
                    if (servers.Count < MaxNameServers && IPAddress.TryParse(words[1], out var address))
                    {
                        servers.Add(new IPEndPoint(address, 53));
                    }

                    break;
                case "options":
                    foreach (var option in words.Skip(1))
                    {
                        if (option == "rotate")
                        {
                            rotate = true;
                        }
                        else if (TryOption(option, "timeout:", out var t))
                        {
                            timeout = Math.Clamp(t, 1, 30);
                        }
                        else if (TryOption(option, "attempts:", out var a))
                        {
                            attempts = Math.Clamp(a, 1, 5);
                        }
                    }

                    break;
                default:
                    break;
            }
        }

        return new ResolvConf { Servers = servers, Timeout = TimeSpan.FromSeconds(timeout), Attempts = attempts, Rotate = rotate };
    }

    private static bool TryOption(string option, string prefix, out int value)
    {
        value = 0;
        return option.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(option.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
