using DaneKit.Dnssec;
using DaneKit.MtaSts;
using DaneKit.Reporting;
using DaneKit.Smtp;

namespace DaneKit.Survey;

/// <summary>
/// The running counts of a scan, updated as each domain finishes and read at any time (progress) and at the end
/// (<see cref="SurveySummary"/>). Memory is bounded: verdicts and finding codes are closed sets, and MX providers are
/// counted in a table of at most <see cref="MaxProviders"/> entries (see <see cref="CountProvider"/>). Thread-safe.
/// </summary>
public sealed class SurveyTally
{
    /// <summary>The most MX providers counted at once: at this size the table is cut to the <see cref="KeptProviders"/> most counted.</summary>
    public const int MaxProviders = 20_000;

    /// <summary>How many providers are kept when the table is cut.</summary>
    public const int KeptProviders = 10_000;

    private readonly Lock _lock = new();
    private readonly long[] _verdicts = new long[Enum.GetValues<DaneVerdict>().Length];
    private readonly Dictionary<string, long> _findings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _providers = new(StringComparer.Ordinal);
    private bool _providersCut;

    /// <summary>Input lines read.</summary>
    public long Lines { get; private set; }

    /// <summary>Blank and comment lines skipped.</summary>
    public long Skipped { get; private set; }

    /// <summary>Lines naming a domain already in the input (or already given an error record).</summary>
    public long Duplicates { get; private set; }

    /// <summary>Domains (and bad lines) already in the output when the scan started (resumed).</summary>
    public long Resumed { get; private set; }

    /// <summary>Lines that are not a domain name: each an error record.</summary>
    public long Invalid { get; private set; }

    /// <summary>Domains whose check failed unexpectedly: each an error record.</summary>
    public long Failed { get; private set; }

    /// <summary>Domains checked in this run.</summary>
    public long Checked { get; private set; }

    /// <summary>Checked domains with DANE: a Secure MX RRset (or Secure implicit MX) and a Secure, non-empty TLSA RRset on at least one MX host.</summary>
    public long Dane { get; private set; }

    /// <summary>Domains with DANE whose verdict is <see cref="DaneVerdict.Authenticated"/>.</summary>
    public long DaneAuthenticated { get; private set; }

    /// <summary>Domains with DANE whose verdict is <see cref="DaneVerdict.DaneFail"/> or <see cref="DaneVerdict.Deferred"/>.</summary>
    public long DaneFailing { get; private set; }

    /// <summary>Domains with an MTA-STS policy in force (RFC 8461).</summary>
    public long MtaStsInForce { get; private set; }

    /// <summary>Domains whose MTA-STS policy in force is <c>enforce</c>.</summary>
    public long MtaStsEnforce { get; private set; }

    /// <summary>Domains whose MTA-STS policy in force is <c>testing</c>.</summary>
    public long MtaStsTesting { get; private set; }

    /// <summary>Domains with a TLS-RPT record.</summary>
    public long TlsRpt { get; private set; }

    /// <summary>Whether the provider table has been cut (the provider counts may then be low).</summary>
    public bool ProvidersApproximate
    {
        get
        {
            lock (_lock)
            {
                return _providersCut;
            }
        }
    }

    /// <summary>Counts a line read.</summary>
    public void Line()
    {
        lock (_lock)
        {
            Lines++;
        }
    }

    /// <summary>Counts a blank or comment line.</summary>
    public void Skip()
    {
        lock (_lock)
        {
            Skipped++;
        }
    }

    /// <summary>Counts a duplicate line.</summary>
    public void Duplicate()
    {
        lock (_lock)
        {
            Duplicates++;
        }
    }

    /// <summary>Counts a line already done in the output.</summary>
    public void AlreadyDone()
    {
        lock (_lock)
        {
            Resumed++;
        }
    }

    /// <summary>Counts an invalid line.</summary>
    public void Bad()
    {
        lock (_lock)
        {
            Invalid++;
        }
    }

    /// <summary>Counts a domain whose check failed unexpectedly.</summary>
    public void Failure()
    {
        lock (_lock)
        {
            Failed++;
        }
    }

    /// <summary>Counts a finished check.</summary>
    /// <param name="result">Its result.</param>
    public void Add(DaneCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var dane = HasDane(result);
        var providers = result.Hosts.Select(h => ProviderOf(h.Name)).Distinct(StringComparer.Ordinal).ToList();
        lock (_lock)
        {
            Checked++;
            _verdicts[(int)result.Verdict]++;
            foreach (var code in result.Findings.Select(f => f.Code).Distinct(StringComparer.Ordinal))
            {
                _findings[code] = _findings.GetValueOrDefault(code) + 1;
            }

            foreach (var provider in providers)
            {
                CountProvider(provider);
            }

            if (dane)
            {
                Dane++;
                if (result.Verdict == DaneVerdict.Authenticated)
                {
                    DaneAuthenticated++;
                }
                else if (result.Verdict is DaneVerdict.DaneFail or DaneVerdict.Deferred)
                {
                    DaneFailing++;
                }
            }

            if (result.MtaSts?.ModeInForce is { } mode)
            {
                MtaStsInForce++;
                if (mode == MtaStsMode.Enforce)
                {
                    MtaStsEnforce++;
                }
                else if (mode == MtaStsMode.Testing)
                {
                    MtaStsTesting++;
                }
            }

            if (result.TlsRpt is { Outcome: CheckTlsRptOutcome.Ok })
            {
                TlsRpt++;
            }
        }
    }

    /// <summary>The count of one verdict.</summary>
    /// <param name="verdict">The verdict.</param>
    /// <returns>How many checked domains got it.</returns>
    public long Verdict(DaneVerdict verdict)
    {
        lock (_lock)
        {
            return _verdicts[(int)verdict];
        }
    }

    /// <summary>The counts per verdict, by wire name (<c>authenticated</c>, <c>dane-fail</c>, ...), every verdict present.</summary>
    /// <returns>The counts, in the verdicts' order.</returns>
    public IReadOnlyList<KeyValuePair<string, long>> Verdicts()
    {
        lock (_lock)
        {
            return Enum.GetValues<DaneVerdict>().Select(v => KeyValuePair.Create(CheckWireNames.Of(v), _verdicts[(int)v])).ToList();
        }
    }

    /// <summary>The most frequent finding codes: how many domains have each.</summary>
    /// <param name="count">How many.</param>
    /// <returns>Most frequent first, then by code.</returns>
    public IReadOnlyList<KeyValuePair<string, long>> TopFindings(int count)
    {
        lock (_lock)
        {
            return _findings.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).Take(count).ToList();
        }
    }

    /// <summary>The MX providers with the most domains.</summary>
    /// <param name="count">How many.</param>
    /// <returns>Most domains first, then by name.</returns>
    public IReadOnlyList<KeyValuePair<string, long>> TopProviders(int count)
    {
        lock (_lock)
        {
            return _providers.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).Take(count).ToList();
        }
    }

    /// <summary>
    /// Whether the result shows DANE published: a Secure MX RRset (or a Secure denial of one: the implicit MX) and a
    /// Secure TLSA RRset with records on at least one host.
    /// </summary>
    /// <param name="result">The result.</param>
    /// <returns>Whether it does.</returns>
    public static bool HasDane(DaneCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Mx is { Lookup.Status: SecurityStatus.Secure, Outcome: CheckMxOutcome.Records or CheckMxOutcome.NoMx }
            && result.Hosts.Any(h => h.Tlsa is { LookedUp: true, Status: SecurityStatus.Secure, Records.Count: > 0 });
    }

    /// <summary>
    /// The MX provider of a host: its last two labels (<c>mx1.mail.example.net.</c> → <c>example.net</c>), or the host
    /// itself when it has two labels or fewer; lower case, without the final dot. A public-suffix list is not consulted,
    /// so hosts under <c>co.uk</c> all count as <c>co.uk</c>'s.
    /// </summary>
    /// <param name="host">The host name.</param>
    /// <returns>The provider.</returns>
    public static string ProviderOf(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.TrimEnd('.').ToLowerInvariant();
        var last = name.LastIndexOf('.');
        if (last <= 0)
        {
            return name;
        }

        var second = name.LastIndexOf('.', last - 1);
        return second < 0 ? name : name[(second + 1)..];
    }

    /// <summary>
    /// Counts a domain for a provider. The table is exact up to <see cref="MaxProviders"/> distinct providers; when it
    /// reaches that size it is cut to the <see cref="KeptProviders"/> most counted (a provider dropped and met again
    /// starts from zero), so a heavy provider's count can be low only by what it had before it first entered the top.
    /// Called under the lock.
    /// </summary>
    private void CountProvider(string provider)
    {
        if (!_providers.TryGetValue(provider, out var n) && _providers.Count >= MaxProviders)
        {
            var keep = _providers.OrderByDescending(p => p.Value).Take(KeptProviders).ToList();
            _providers.Clear();
            foreach (var (name, value) in keep)
            {
                _providers[name] = value;
            }

            _providersCut = true;
        }

        _providers[provider] = n + 1;
    }
}
