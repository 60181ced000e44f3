using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Tlsa;

namespace DaneKit.Cli.Commands;

/// <summary>The values of <c>danekit tlsa verify</c> as given, before they are checked.</summary>
/// <param name="Records"><c>--tlsa</c>, in order.</param>
/// <param name="CertPath"><c>--cert</c>.</param>
/// <param name="From"><c>--from</c>.</param>
/// <param name="Name"><c>--name</c>: the TLSA base domain (the MX host).</param>
/// <param name="NextHop"><c>--next-hop</c>: the recipient domain.</param>
/// <param name="Context"><c>--context</c>: smtp or other.</param>
/// <param name="Time"><c>--time</c>, ISO 8601.</param>
/// <param name="Json"><c>--json</c>.</param>
/// <param name="Resolver"><c>--resolver</c>.</param>
/// <param name="Timeout"><c>--timeout</c>.</param>
/// <param name="Verbose"><c>--verbose</c>.</param>
internal sealed record TlsaVerifyArguments(IReadOnlyList<string> Records, string? CertPath = null, string? From = null, string? Name = null,
    string? NextHop = null, string? Context = null, string? Time = null, bool Json = false, string? Resolver = null, double? Timeout = null,
    bool Verbose = false);

/// <summary>
/// <c>danekit tlsa verify --tlsa "3 1 1 HEX" [--tlsa ...] (--cert FILE | --from URL) [--name MX] [--next-hop DOMAIN]</c>:
/// checks the records as a DANE sender does (usable or not, RFC 7672 3.1.3; digest agility, RFC 7671 9) and matches
/// the usable ones against the chain (from a file, leaf first, or as a server serves it), saying what matched at which
/// depth, or why each record did not. Exit codes: 0 matched, 1 not matched, 2 no chain could be fetched (with
/// <c>--from</c>), 64 bad input.
/// </summary>
internal static class TlsaVerifyCommand
{
    /// <summary>Exit code when no record matched.</summary>
    public const int NotMatched = 1;

    private const string Prefix = "danekit tlsa verify";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Builds the <c>verify</c> command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var tlsa = new Option<string[]>("--tlsa")
        {
            Description = "A TLSA record: \"3 1 1 HEX\" or \"DANE-EE SPKI SHA2-256 HEX\" (hex may be split by spaces). Repeat for an RRset.",
            AllowMultipleArgumentsPerToken = false,
        };
        var cert = new Option<string?>("--cert") { Description = "The chain as a file: PEM with one or more certificates, leaf first, or one DER certificate." };
        var from = new Option<string?>("--from") { Description = "Fetch the served chain live: smtp://HOST[:PORT] (STARTTLS, port 25) or tls://HOST[:PORT] (port 443)." };
        var name = new Option<string?>("--name") { Description = "The TLSA base domain, i.e. the MX host name, for DANE-TA name checks and SNI (default with --from: its host name)." };
        var nextHop = new Option<string?>("--next-hop") { Description = "The next-hop (recipient) domain, also accepted as the leaf's name for DANE-TA (RFC 7672 3.2.2)." };
        var context = new Option<string?>("--context") { Description = "smtp (default: PKIX-TA and PKIX-EE records are unusable, RFC 7672 3.1.3) or other." };
        var time = new Option<string?>("--time") { Description = "Check validity periods at this ISO 8601 time (default: now), e.g. 2026-06-01T12:00:00Z." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (snake_case) instead of text." };
        var resolver = new Option<string?>("--resolver") { Description = "With --from: resolve the host through this server instead of those in /etc/resolv.conf." };
        var timeout = new Option<double?>("--timeout") { Description = "With --from: seconds for the whole exchange with one address (default 30)." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "With --from: print the SMTP transcript to stderr." };

        var command = new Command("verify", "Match TLSA records against a certificate chain from a file or a live server, and say why.");
        foreach (var option in new Option[] { tlsa, cert, from, name, nextHop, context, time, json, resolver, timeout, verbose })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (p, cancellationToken) =>
        {
            var arguments = new TlsaVerifyArguments(p.GetValue(tlsa) ?? [], p.GetValue(cert), p.GetValue(from), p.GetValue(name), p.GetValue(nextHop),
                p.GetValue(context), p.GetValue(time), p.GetValue(json), p.GetValue(resolver), p.GetValue(timeout), p.GetValue(verbose));
            return await RunAsync(arguments, p.InvocationConfiguration.Output, p.InvocationConfiguration.Error, TimeProvider.System, cancellationToken)
                .ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Checks the values, gets the chain, matches and prints; never throws for bad input or a bad server.</summary>
    /// <returns>The exit code.</returns>
    internal static async Task<int> RunAsync(TlsaVerifyArguments a, TextWriter output, TextWriter error, TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(timeProvider);

        if (!TryCheck(a, timeProvider, out var check, out var problem))
        {
            await error.WriteLineAsync($"{Prefix}: {problem}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        IReadOnlyList<X509Certificate2> chain;
        JsonObject source;
        string sourceText;
        if (check!.Url is null)
        {
            if (!CertificateFiles.TryLoad("--cert", a.CertPath!, out chain, out problem))
            {
                await error.WriteLineAsync($"{Prefix}: {problem}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            source = new JsonObject { ["kind"] = "file", ["file"] = a.CertPath };
            sourceText = $"chain from {a.CertPath}";
        }
        else
        {
            var sni = check.Name ?? check.Url.HostText.Trim('[', ']');
            var fetch = await LiveChain.FetchAsync(check.Url, sni, check.Resolver, check.Timeout, a.Verbose ? error : null, cancellationToken)
                .ConfigureAwait(false);
            if (fetch.Problem is not null || fetch.Success is null)
            {
                foreach (var line in fetch.Problem is not null ? [fetch.Problem] : fetch.Failures.Select(fetch.Describe))
                {
                    await error.WriteLineAsync($"{Prefix}: {line}").ConfigureAwait(false);
                }

                return ExitCodes.NetworkFailure;
            }

            var success = fetch.Success;
            foreach (var failure in fetch.Failures)
            {
                await error.WriteLineAsync($"{Prefix}: note: {fetch.Describe(failure)}; the next address gave a chain").ConfigureAwait(false);
            }

            try
            {
                chain = success.LoadServedChain();
            }
            catch (CryptographicException e)
            {
                await error.WriteLineAsync($"{Prefix}: {check.Url} ({success.Endpoint.Address}): a served certificate does not parse: {e.Message}")
                    .ConfigureAwait(false);
                return ExitCodes.NetworkFailure;
            }

            source = new JsonObject
            {
                ["kind"] = "server",
                ["url"] = check.Url.ToString(),
                ["address"] = success.Endpoint.Address.ToString(),
                ["sni"] = sni,
                ["tls_protocol"] = success.TlsProtocolName,
                ["cipher_suite"] = success.CipherSuite?.ToString(),
            };
            sourceText = $"chain served by {check.Url} ({success.Endpoint.Address}) over {success.TlsProtocolName} {success.CipherSuite}";
        }

        try
        {
            var set = TlsaRecordSet.Create(check.Records, check.Context);
            var names = new DaneReferenceNames(check.Name, check.Name, check.NextHop);
            var result = DaneMatcher.Match(set.Usable.Select(e => e.Record).ToList(), chain, names, check.Now);
            var text = a.Json
                ? Json(check, set, result, chain, source)
                : Text(set, result, chain, sourceText);
            await output.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return result.Matched ? ExitCodes.Ok : NotMatched;
        }
        finally
        {
            CertificateFiles.DisposeAll(chain);
        }
    }

    /// <summary>The checked values.</summary>
    private sealed record Checked(IReadOnlyList<TlsaData> Records, ProbeUrl? Url, string? Name, string? NextHop, TlsaContext Context,
        DateTimeOffset Now, System.Net.IPEndPoint? Resolver, TimeSpan Timeout);

    private static bool TryCheck(TlsaVerifyArguments a, TimeProvider timeProvider, out Checked? check, out string? problem)
    {
        check = null;
        if (a.Records.Count == 0)
        {
            problem = "--tlsa: give at least one record, e.g. --tlsa '3 1 1 HEX'";
            return false;
        }

        if ((a.CertPath is null) == (a.From is null))
        {
            problem = "give exactly one of --cert FILE or --from URL";
            return false;
        }

        var records = new List<TlsaData>(a.Records.Count);
        for (var i = 0; i < a.Records.Count; i++)
        {
            if (!TlsaRecordArgument.TryParse(a.Records[i], i + 1, out var record, out problem))
            {
                return false;
            }

            records.Add(record!);
        }

        ProbeUrl? url = null;
        if (a.From is not null && !ProbeUrl.TryParse(a.From, out url, out problem))
        {
            return false;
        }

        if (a.From is null && (a.Resolver is not null || a.Timeout is not null))
        {
            problem = $"{(a.Resolver is not null ? "--resolver" : "--timeout")}: only with --from";
            return false;
        }

        if (!LiveChain.TryParseOptions(a.Timeout, a.Resolver, out var timeout, out var resolver, out problem))
        {
            return false;
        }

        if (!TryName("--name", a.Name, out var name, out problem) || !TryName("--next-hop", a.NextHop, out var nextHop, out problem))
        {
            return false;
        }

        name ??= url?.Name?.ToString().TrimEnd('.');
        var context = (a.Context ?? "smtp").ToLowerInvariant() switch
        {
            "smtp" => TlsaContext.Smtp,
            "other" or "generic" => TlsaContext.Generic,
            _ => (TlsaContext?)null,
        };
        if (context is null)
        {
            problem = $"--context: '{a.Context}' is not smtp or other";
            return false;
        }

        var now = timeProvider.GetUtcNow();
        if (a.Time is not null
            && !DateTimeOffset.TryParse(a.Time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out now))
        {
            problem = $"--time: '{a.Time}' is not an ISO 8601 time such as 2026-06-01T12:00:00Z";
            return false;
        }

        check = new Checked(records, url, name, nextHop, context.Value, now.ToUniversalTime(), resolver, timeout);
        problem = null;
        return true;
    }

    private static bool TryName(string option, string? text, out string? name, out string? problem)
    {
        name = null;
        problem = null;
        if (text is null)
        {
            return true;
        }

        if (!DnsName.TryParse(text, out var parsed, out var nameError) || parsed.IsRoot || string.IsNullOrWhiteSpace(text))
        {
            problem = $"{option}: '{text}' is not a valid domain name{(nameError is null ? "" : ": " + nameError)}";
            return false;
        }

        name = parsed.ToString().TrimEnd('.');
        return true;
    }

    private static string Text(TlsaRecordSet set, DaneMatchResult result, IReadOnlyList<X509Certificate2> chain, string sourceText)
    {
        var sb = new StringBuilder();
        sb.Append(sourceText).Append(":\n");
        for (var i = 0; i < chain.Count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  depth {i}: {chain[i].Subject} (issuer {chain[i].Issuer}; {Day(chain[i].NotBefore)} to {Day(chain[i].NotAfter)})\n");
        }

        foreach (var rejection in set.Unusable)
        {
            sb.Append(CultureInfo.InvariantCulture, $"unusable: {rejection}\n");
        }

        if (result.Matched)
        {
            sb.Append(CultureInfo.InvariantCulture, $"matched: {result.Description}\n");
            foreach (var failure in result.Failures)
            {
                sb.Append(CultureInfo.InvariantCulture, $"also tried, did not match: {failure}\n");
            }

            return sb.ToString();
        }

        if (set.Usable.Count == 0)
        {
            sb.Append(set.Context == TlsaContext.Smtp
                ? "not matched: no usable TLSA record (for SMTP, TLS is still mandatory but the server cannot be authenticated, RFC 7672 2.2)\n"
                : "not matched: no usable TLSA record\n");
            return sb.ToString();
        }

        sb.Append("not matched: no usable record matched the chain\n");
        foreach (var failure in result.Failures)
        {
            sb.Append(CultureInfo.InvariantCulture, $"did not match: {failure}\n");
        }

        return sb.ToString();
    }

    private static string Json(Checked check, TlsaRecordSet set, DaneMatchResult result, IReadOnlyList<X509Certificate2> chain, JsonObject source)
    {
        var root = new JsonObject
        {
            ["matched"] = result.Matched,
            ["match"] = result.MatchedRecord is { } m
                ? new JsonObject
                {
                    ["record"] = m.ToString(),
                    ["usage"] = m.Usage.ToMnemonic(),
                    ["depth"] = result.MatchedDepth,
                    ["description"] = result.Description,
                }
                : null,
            ["context"] = check.Context == TlsaContext.Smtp ? "smtp" : "other",
            ["time"] = check.Now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["names"] = new JsonObject
            {
                ["tlsa_base_domain"] = check.Name,
                ["mx_host"] = check.Name,
                ["next_hop"] = check.NextHop,
            },
            ["source"] = source,
            ["chain"] = new JsonArray(chain.Select((c, i) => (JsonNode)new JsonObject
            {
                ["depth"] = i,
                ["subject"] = c.Subject,
                ["issuer"] = c.Issuer,
                ["not_before"] = c.NotBefore.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["not_after"] = c.NotAfter.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["spki_sha256"] = Convert.ToHexString(SHA256.HashData(c.PublicKey.ExportSubjectPublicKeyInfo())),
            }).ToArray()),
            ["records"] = new JsonArray(check.Records.Select(r => (JsonNode)JsonValue.Create(r.ToString())).ToArray()),
            ["usable"] = new JsonArray(set.Usable.Select(e => (JsonNode)JsonValue.Create(e.Record.ToString())).ToArray()),
            ["unusable"] = new JsonArray(set.Unusable.Select(r => (JsonNode)new JsonObject
            {
                ["record"] = r.Record.ToString(),
                ["reason"] = Snake(r.Reason.ToString()),
                ["detail"] = r.Detail,
            }).ToArray()),
            ["failures"] = new JsonArray(result.Failures.Select(f => (JsonNode)new JsonObject
            {
                ["record"] = f.Record.ToString(),
                ["reason"] = Snake(f.Reason.ToString()),
                ["detail"] = f.Detail,
            }).ToArray()),
        };
        return root.ToJsonString(Indented) + "\n";
    }

    /// <summary><c>DigestMismatch</c> → <c>digest_mismatch</c>.</summary>
    private static string Snake(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }

    private static string Day(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
