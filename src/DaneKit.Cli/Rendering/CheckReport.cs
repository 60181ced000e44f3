using System.Globalization;
using DaneKit.Diagnostics;
using DaneKit.Dnssec;
using DaneKit.Reporting;
using DaneKit.Smtp;
using DaneKit.Tls;
using Spectre.Console;

namespace DaneKit.Cli.Rendering;

/// <summary>How the human report is drawn.</summary>
/// <param name="Color">ANSI colour and styles (a terminal without <c>NO_COLOR</c>); without it the text is plain.</param>
/// <param name="Unicode">Unicode tree lines and symbols; ASCII otherwise.</param>
/// <param name="Width">The width lines wrap at; plain output uses <see cref="Unwrapped"/> so that every item stays on one line.</param>
/// <param name="Verbose">Also the evidence: chains of trust, signatures, validator evidence, SMTP transcripts, capabilities.</param>
internal sealed record ReportStyle(bool Color, bool Unicode, int Width, bool Verbose = false)
{
    /// <summary>The width of output that is not a terminal: wide enough that no line wraps.</summary>
    public const int Unwrapped = 4096;

    /// <summary>Plain text: no colour, Unicode, no wrapping (pipes, files, <c>NO_COLOR</c>, the approved reports).</summary>
    public static ReportStyle Plain { get; } = new(false, true, Unwrapped);
}

/// <summary>
/// <c>danekit check</c>'s human report: the verdict with its reason and rule, a tree (domain → MX → host → lookups, TLSA
/// records, addresses → probe, certificates, match), then every finding with its evidence and fix, then the exit code.
/// Every status is a word and a symbol as well as a colour (<see cref="CheckMark"/>). Times come from the result, never
/// from the clock, so a recorded result renders the same every time.
/// </summary>
internal sealed class CheckReport
{
    private readonly DaneCheckResult _result;
    private readonly ReportStyle _style;
    private readonly HashSet<string> _shown = new(StringComparer.Ordinal);

    private CheckReport(DaneCheckResult result, ReportStyle style)
    {
        _result = result;
        _style = style;
    }

    /// <summary>Writes the report of <paramref name="result"/> to <paramref name="output"/>.</summary>
    /// <param name="result">The check's result.</param>
    /// <param name="exitCode">The exit code the command returns.</param>
    /// <param name="output">Where to write.</param>
    /// <param name="style">How to draw it.</param>
    public static void Write(DaneCheckResult result, int exitCode, TextWriter output, ReportStyle style)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(style);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = style.Color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = style.Color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new ReportOutput(output, style.Width),
        });
        console.Profile.Width = style.Width;
        console.Profile.Capabilities.Unicode = style.Unicode;
        new CheckReport(result, style).Draw(console, exitCode);
    }

    /// <summary>The report as a string.</summary>
    /// <param name="result">The check's result.</param>
    /// <param name="exitCode">The exit code the command returns.</param>
    /// <param name="style">How to draw it.</param>
    /// <returns>The text, lines ending in <c>\n</c>.</returns>
    public static string Render(DaneCheckResult result, int exitCode, ReportStyle style)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        Write(result, exitCode, writer, style);
        return writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private void Draw(IAnsiConsole console, int exitCode)
    {
        var r = _result;
        var what = r.Mode == CheckMode.Mail
            ? $"mail domain {r.Domain}"
            : string.Create(CultureInfo.InvariantCulture, $"tcp/{r.Port} on {r.Domain}");
        WriteLine(console, $"[bold]danekit check[/] {E(what)}: {Mark(CheckMark.Of(r.Verdict), bold: true)}");
        WriteLine(console, $"  why:     {E(r.VerdictReason)}");
        var rule = r.VerdictRfc + (r.Rfc8460 is { } t ? $"; TLS-RPT result type {CheckWireNames.Of(t)}" : "");
        WriteLine(console, $"  rule:    {E(rule)}");
        WriteLine(console, $"  checked: {E(Checked())}");
        console.WriteLine();

        var tree = new Tree(Rich($"[bold]{E(r.Domain)}[/]")).Guide(_style.Unicode ? TreeGuide.Line : TreeGuide.Ascii);
        if (r.Mx is { } mx)
        {
            AddMx(tree.AddNode(MxLabel(mx)), mx);
        }

        foreach (var host in r.Hosts)
        {
            AddHost(tree, host);
        }

        if (r.Hosts.Count == 0 && r.Mx is null)
        {
            tree.AddNode(Rich("no host checked"));
        }

        console.Write(tree);
        console.WriteLine();

        DrawMtaSts(console);
        DrawFindings(console);

        WriteLine(console, $"exit {exitCode.ToString(CultureInfo.InvariantCulture)}: {E(CheckExitCodes.Describe(exitCode))}");
    }

    private string Checked()
    {
        var r = _result;
        var protocol = r.Mode == CheckMode.Mail ? "SMTP per RFC 7672" : "TLS service per RFC 6698";
        var tls = r.TlsMode == SmtpProbeMode.StartTls ? "STARTTLS" : "implicit TLS";
        var families = r.AddressFamilies switch
        {
            CheckAddressFamilies.IPv4 => "IPv4 only",
            CheckAddressFamilies.IPv6 => "IPv6 only",
            _ => "IPv4 and IPv6",
        };
        var usages = r.TlsaContext == Tlsa.TlsaContext.Smtp ? "DANE usages only" : "PKIX and DANE usages";
        var requested = r.RequestedHost is { } h ? $", host {h} only" : "";
        var source = r.EnumerateLookups().Select(l => l.Source).FirstOrDefault(s => !string.IsNullOrEmpty(s));
        var dns = source is null ? "" : $", DNS from {source}";
        return string.Create(CultureInfo.InvariantCulture,
            $"{protocol}, port {r.Port}, {tls}, {families}, {usages}{requested}{dns}; {r.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, {r.Elapsed.TotalSeconds:0.0} s");
    }

    private Paragraph MxLabel(CheckMx mx)
    {
        var l = mx.Lookup;
        var what = mx.Outcome switch
        {
            CheckMxOutcome.Records => string.Join(", ", mx.Records.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Preference} {m.Exchange}"))),
            CheckMxOutcome.NullMx => "null MX \"0 .\": the domain accepts no mail (RFC 7505)",
            CheckMxOutcome.NoMx => "no MX records: the domain is its own mail host (implicit MX, RFC 5321 5.1)",
            CheckMxOutcome.NoDomain => $"{l.ResponseCode}: the domain does not exist",
            _ => (l.Status == SecurityStatus.Bogus ? "validation failed" : $"lookup failed ({l.ResponseCode})") + ": a sender defers (RFC 7672 2.1.1)"
                + (mx.Records.Count > 0 ? "; untrusted records: " + string.Join(", ", mx.Records.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Preference} {m.Exchange}"))) : ""),
        };
        return Rich($"MX {E(l.Name)}  {Mark(CheckMark.Of(l.Status))}  {E(what)}");
    }

    private void AddMx(TreeNode node, CheckMx mx) => AddLookupDetail(node, mx.Lookup);

    private void AddHost(IHasTreeNodes parent, DaneCheckHost host)
    {
        var origin = host.Origin switch
        {
            CheckHostOrigin.Mx => string.Create(CultureInfo.InvariantCulture, $"MX {host.Preference} {host.Name}"),
            CheckHostOrigin.ImplicitMx => $"implicit MX {host.Name}",
            CheckHostOrigin.Requested => $"host {host.Name} (--mx)",
            _ => $"host {host.Name}",
        };
        var node = parent.AddNode(Rich($"{Mark(CheckMark.Of(host.Verdict), bold: true)}  [bold]{E(origin)}[/]  {E(Because(host.VerdictReason, host.VerdictRfc, host.Rfc8460))}"));
        if (host.CnameChain.Count > 0)
        {
            node.AddNode(Rich($"CNAME {E(string.Join($" {Arrow} ", host.CnameChain.Prepend(host.Name)))}"));
        }

        foreach (var lookup in host.AddressLookups)
        {
            AddLookup(node, lookup);
        }

        AddTlsa(node, host.Tlsa);
        foreach (var lookup in host.DiagnosticLookups)
        {
            AddLookup(node, lookup, "(diagnostic) ");
        }

        foreach (var address in host.Addresses)
        {
            AddAddress(node, address);
        }

        if (host.Addresses.Count == 0)
        {
            node.AddNode(Rich("no address probed"));
        }
    }

    private void AddLookup(TreeNode parent, CheckLookup lookup, string prefix = "")
    {
        string what;
        if (lookup.Status == SecurityStatus.Bogus)
        {
            what = "validation failed" + (lookup.Records.Count > 0 ? ", untrusted: " + string.Join(", ", lookup.Records) : "");
        }
        else if (lookup.Status == SecurityStatus.Indeterminate)
        {
            what = $"lookup failed ({lookup.ResponseCode})" + (lookup.Records.Count > 0 ? ", untrusted: " + string.Join(", ", lookup.Records) : "");
        }
        else if (lookup.IsDenial || lookup.Records.Count == 0)
        {
            what = lookup.ResponseCode == "NXDOMAIN" ? "no such name (NXDOMAIN)" : $"no {lookup.Type} records (NODATA)";
        }
        else
        {
            what = string.Join(", ", lookup.Records);
        }

        var node = parent.AddNode(Rich($"{E(prefix)}{E(lookup.Type)} {E(lookup.Name)}  {Mark(CheckMark.Of(lookup.Status))}  {E(what)}"));
        if (lookup.Diagnostic && !string.IsNullOrEmpty(lookup.Purpose))
        {
            node.AddNode(Rich($"why looked up: {E(lookup.Purpose)}"));
        }

        AddLookupDetail(node, lookup);
    }

    private void AddLookupDetail(TreeNode node, CheckLookup lookup)
    {
        foreach (var alias in lookup.Aliases)
        {
            node.AddNode(Rich($"{E(alias.Type)} {E(alias.Owner)} {Arrow} {E(alias.Target)}  {Mark(CheckMark.Of(alias.Status))}"));
        }

        var broken = lookup.Status != SecurityStatus.Secure;
        var repeated = 0;
        foreach (var link in lookup.Chain.Where(l => _style.Verbose || (broken && l.Status != SecurityStatus.Secure)))
        {
            var ds = link.MatchedDs is { } m ? $"; DS {m}" : link.DsRecords.Count > 0 ? $"; DS {string.Join(" | ", link.DsRecords)}" : "";
            var key = link.KeySigningKeyTag is { } tag ? string.Create(CultureInfo.InvariantCulture, $"; key {tag}") : "";
            var text = $"zone {link.Zone}  {CheckWireNames.Of(link.Status)}  {link.Reason}{ds}{key}";
            if (!_style.Verbose && !_shown.Add(text))
            {
                repeated++;
                continue;
            }

            node.AddNode(Rich($"zone {E(link.Zone)}  {Mark(CheckMark.Of(link.Status))}  {E(link.Reason + ds + key)}"));
        }

        if (_style.Verbose)
        {
            foreach (var rrset in lookup.RRsets)
            {
                var by = rrset.Signer is null ? "unsigned" : string.Create(CultureInfo.InvariantCulture, $"signed by {rrset.Signer} key {rrset.KeyTag}");
                var until = rrset.SignatureExpires is { } e ? string.Create(CultureInfo.InvariantCulture, $", signature expires {e.UtcDateTime:yyyy-MM-dd HH:mm}Z") : "";
                node.AddNode(Rich(E(string.Create(CultureInfo.InvariantCulture, $"RRset {rrset.Type} {rrset.Owner} TTL {rrset.Ttl}: {CheckWireNames.Of(rrset.Status)}, {by}{until}"))));
            }
        }

        foreach (var reason in lookup.Reasons.Where(x => _style.Verbose || x.Kind != ReasonKind.Evidence))
        {
            // Without --verbose, a reason about another name (a broken zone several lookups share) is shown once.
            if (!_style.Verbose && !_shown.Add(reason.ToString()) && !string.Equals(reason.Name, lookup.Name, StringComparison.OrdinalIgnoreCase))
            {
                repeated++;
                continue;
            }

            var mark = reason.Kind switch
            {
                ReasonKind.Failure => Mark(new CheckMark("✗", "x", "failure", "red")),
                ReasonKind.Warning => Mark(new CheckMark("!", "!", "warning", "yellow")),
                _ => Mark(new CheckMark("·", ".", "evidence", "grey")),
            };
            node.AddNode(Rich($"{mark}  {E(reason.ToString())}"));
        }

        if (repeated > 0)
        {
            node.AddNode(Rich(string.Create(CultureInfo.InvariantCulture, $"(and {repeated} reason{(repeated == 1 ? "" : "s")} shown above)")));
        }

        if (_style.Verbose && !string.IsNullOrEmpty(lookup.Source))
        {
            node.AddNode(Rich($"data from {E(lookup.Source)}"));
        }
    }

    private void AddTlsa(TreeNode parent, CheckTlsa tlsa)
    {
        if (!tlsa.LookedUp)
        {
            parent.AddNode(Rich($"TLSA {E(tlsa.Owner)}  not looked up: {E(tlsa.SkipReason ?? tlsa.Description)}"));
            return;
        }

        var counts = tlsa.Records.Count == 0
            ? "no records"
            : string.Create(CultureInfo.InvariantCulture, $"{tlsa.Records.Count} record{(tlsa.Records.Count == 1 ? "" : "s")}, {tlsa.Usable.Count} usable");
        var node = parent.AddNode(Rich(
            $"TLSA {E(tlsa.Owner)}  {Mark(CheckMark.Of(tlsa.Status))}  {E(counts)}: {E(Requirement(tlsa.Requirement))}"));
        node.AddNode(Rich(E(tlsa.Description)));
        foreach (var record in tlsa.Usable)
        {
            node.AddNode(Rich($"{Mark(new CheckMark("✓", "+", "usable", "green"))}  {E(record.Text)}  ({E(Describe(record))})"));
        }

        foreach (var record in tlsa.Unusable)
        {
            node.AddNode(Rich($"{Mark(new CheckMark("✗", "x", "unusable", "yellow"))}  {E(record.Text)}  ({E(Describe(record))}): {E(record.UnusableDetail ?? (record.UnusableReason is { } u ? CheckWireNames.Of(u) : ""))}"));
        }

        // The lookups: the one used is the node itself, unless there were two (CNAME target, then the original name).
        foreach (var lookup in tlsa.Lookups)
        {
            if (tlsa.Lookups.Count > 1 || lookup.Status != SecurityStatus.Secure || _style.Verbose)
            {
                AddLookup(node, lookup, "lookup: ");
            }
        }
    }

    /// <summary>MTA-STS and the TLS-RPT record, after the DANE tree: the TXT record, the policy, each host, the record.</summary>
    private void DrawMtaSts(IAnsiConsole console)
    {
        var r = _result;
        if (r.MtaSts is null && r.TlsRpt is null)
        {
            return;
        }

        var tree = new Tree(Rich("[bold]MTA-STS and TLS-RPT[/] (RFC 8461, RFC 8460)")).Guide(_style.Unicode ? TreeGuide.Line : TreeGuide.Ascii);
        if (r.MtaSts is { } sts)
        {
            var top = tree.AddNode(Rich($"{Mark(CheckMark.Of(sts.Outcome), bold: true)}  [bold]MTA-STS[/]  {E(sts.Summary)}"));
            var txt = sts.TxtOutcome switch
            {
                CheckMtaStsTxtOutcome.Ok => $"one valid record, id {sts.PolicyId}",
                CheckMtaStsTxtOutcome.None => "no v=STSv1 record: no policy",
                CheckMtaStsTxtOutcome.Multiple => "more than one v=STSv1 record: senders assume no policy",
                CheckMtaStsTxtOutcome.Invalid => "malformed v=STSv1 record: senders assume no policy",
                _ => "lookup failed: a sender keeps a cached policy, if it has one",
            };
            var txtNode = top.AddNode(Rich($"TXT {E(sts.TxtLookup.Name)}  {Mark(CheckMark.Of(sts.TxtLookup.Status))}  {E(txt)}"));
            foreach (var record in sts.TxtLookup.Records)
            {
                txtNode.AddNode(Rich(E(record)));
            }

            if (sts.TxtLookup.Status is SecurityStatus.Bogus or SecurityStatus.Indeterminate)
            {
                AddLookupDetail(txtNode, sts.TxtLookup);
            }

            if (sts.Fetch is { } f)
            {
                var prefix = f.Diagnostic ? "(diagnostic, a sender would not fetch) " : "";
                var got = f.StatusCode is { } code ? string.Create(CultureInfo.InvariantCulture, $"{code} {f.ContentType ?? "(no Content-Type)"}") : "no response";
                var outcome = f.Outcome == CheckMtaStsFetchOutcome.Ok && sts.Policy is { } p
                    ? string.Create(CultureInfo.InvariantCulture, $"mode {CheckWireNames.Of(p.Mode)}, max_age {p.MaxAgeSeconds} s, mx {string.Join(", ", p.Mx)}")
                    : $"{CheckWireNames.Of(f.Outcome)}: {f.Problem}";
                var ok = f.Outcome == CheckMtaStsFetchOutcome.Ok;
                var fetchNode = top.AddNode(Rich($"{E(prefix)}policy {E(f.Url)}{(f.Address is { } a ? $" [[{E(a)}]]" : "")}  {Mark(ok ? new CheckMark("✓", "+", "fetched", "green") : new CheckMark("✗", "x", "failed", "red"))}  {E(got)}; {E(outcome)}"));
                if (_style.Verbose)
                {
                    foreach (var lookup in f.AddressLookups)
                    {
                        AddLookup(fetchNode, lookup);
                    }

                    if (f.Body is { } body)
                    {
                        foreach (var line in body.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).Take(50))
                        {
                            fetchNode.AddNode(Rich($"| {E(line)}"));
                        }
                    }
                }
            }

            foreach (var host in sts.Hosts)
            {
                var match = host.InPolicy switch
                {
                    true => $"in policy ({host.MatchedPattern})",
                    false => "not in policy",
                    _ => "",
                };
                var hostNode = top.AddNode(Rich($"{Mark(CheckMark.Of(host.Outcome))}  MX {E(host.Name)}  {E(match.Length > 0 ? match + ". " : "")}{E(host.Reason)} [[{E(host.Rfc)}]]"));
                foreach (var address in host.Addresses.Where(a => a.WebPkiValid is not null || _style.Verbose))
                {
                    var mark = address.WebPkiValid switch
                    {
                        true => new CheckMark("✓", "+", "webpki-valid", "green"),
                        false => new CheckMark("✗", "x", "webpki-invalid", "red"),
                        _ => new CheckMark("?", "?", "not-seen", "yellow"),
                    };
                    hostNode.AddNode(Rich($"{E(address.Address)}  {Mark(mark)}{(address.Problem is { } why ? "  " + E(why) : "")}"));
                }
            }
        }

        if (r.TlsRpt is { } rpt)
        {
            var what = rpt.Outcome switch
            {
                CheckTlsRptOutcome.Ok => "reports go to " + string.Join(", ", rpt.ReportUris),
                CheckTlsRptOutcome.None => "no v=TLSRPTv1 record: senders send no reports",
                CheckTlsRptOutcome.Invalid => "a record senders cannot use: " + (rpt.Record ?? string.Join(" | ", rpt.Lookup.Records)),
                _ => "lookup failed",
            };
            var mark = rpt.Outcome == CheckTlsRptOutcome.Ok ? new CheckMark("✓", "+", "ok", "green")
                : rpt.Outcome == CheckTlsRptOutcome.None ? new CheckMark("-", "-", "none", "grey")
                : new CheckMark("✗", "x", CheckWireNames.Of(rpt.Outcome), "red");
            tree.AddNode(Rich($"{Mark(mark)}  [bold]TLS-RPT[/] TXT {E(rpt.Lookup.Name)}  {Mark(CheckMark.Of(rpt.Lookup.Status))}  {E(what)}"));
        }

        console.Write(tree);
        console.WriteLine();
    }

    private static string Requirement(DaneTlsaRequirement requirement) => requirement switch
    {
        DaneTlsaRequirement.Authenticate => "TLS and authentication required",
        DaneTlsaRequirement.NoUsableRecords => "TLS required, no usable record to authenticate with",
        DaneTlsaRequirement.Defer => "a sender defers",
        _ => "DANE does not apply",
    };

    private static string Describe(CheckTlsaRecord record)
    {
        var selector = record.Selector switch { 0 => "Cert", 1 => "SPKI", _ => record.Selector.ToString(CultureInfo.InvariantCulture) };
        var matching = record.MatchingType switch
        {
            0 => "Full",
            1 => "SHA2-256",
            2 => "SHA2-512",
            _ => record.MatchingType.ToString(CultureInfo.InvariantCulture),
        };
        return $"{record.UsageName} {selector} {matching}";
    }

    private void AddAddress(TreeNode parent, DaneCheckAddress address)
    {
        var node = parent.AddNode(Rich(
            $"{Mark(CheckMark.Of(address.Verdict), bold: true)}  [bold]{E(address.Endpoint)}[/]  {E(Because(address.VerdictReason, address.VerdictRfc, address.Rfc8460))}"));
        if (address.Probe is { } probe)
        {
            AddProbe(node, probe);
        }
        else
        {
            node.AddNode(Rich("not probed"));
        }

        foreach (var certificate in address.Certificates)
        {
            var expired = certificate.Expired ? ", EXPIRED" : "";
            var names = certificate.DnsNames.Count > 0 ? $"; names {string.Join(", ", certificate.DnsNames)}" : "";
            var ca = certificate.IsCa ? (certificate.SelfIssued ? " (self-issued CA)" : " (CA)") : "";
            var text = string.Create(CultureInfo.InvariantCulture,
                $"certificate depth {certificate.Depth}{ca}: {certificate.Subject}; issuer {certificate.Issuer}; {certificate.KeyAlgorithm}; valid {certificate.NotBefore.UtcDateTime:yyyy-MM-dd} to {certificate.NotAfter.UtcDateTime:yyyy-MM-dd}{expired}{names}");
            var c = node.AddNode(Rich(E(text)));
            c.AddNode(Rich($"its record: {E(certificate.TlsaRecord)}"));
        }

        if (address.Match is { } match)
        {
            var m = node.AddNode(Rich($"{Mark(CheckMark.Match(match.Matched))} ({E(CheckWireNames.Of(match.Outcome))})  {E(match.Summary)}"));
            foreach (var failure in match.Failures)
            {
                var depth = failure.MatchedDepth is { } d ? string.Create(CultureInfo.InvariantCulture, $" (matched depth {d}, then failed)") : "";
                m.AddNode(Rich($"{E(failure.Record.Text)}: {E(CheckWireNames.Of(failure.Reason))}{E(depth)}: {E(failure.Detail)}"));
            }
        }
    }

    private void AddProbe(TreeNode parent, CheckProbe probe)
    {
        var parts = new List<string>();
        if (probe.Greeting is { } greeting)
        {
            parts.Add($"greeting \"{greeting}\"");
        }

        if (probe.Mode == SmtpProbeMode.StartTls && (probe.Greeting is not null || probe.Capabilities.Count > 0))
        {
            parts.Add(probe.StartTlsOffered ? "STARTTLS offered" : probe.UsedHelo ? "EHLO refused, HELO used: no STARTTLS" : "STARTTLS not offered");
        }

        if (probe.TlsEstablished)
        {
            parts.Add($"{probe.TlsVersion} {probe.CipherSuite}".Trim());
        }

        parts.Add($"SNI {probe.ServerName}");
        var mode = probe.Mode == SmtpProbeMode.StartTls ? "SMTP STARTTLS" : "TLS";
        var node = parent.AddNode(Rich($"{E(mode)}  {Mark(CheckMark.Of(probe.Status))}  {E(string.Join("; ", parts))}"));
        if (probe.Failure is { } failure)
        {
            var stalled = probe.StalledStep is { } s ? $", stalled at {CheckWireNames.Of(s)}" : "";
            node.AddNode(Rich($"stopped at {E(CheckWireNames.Of(failure.Step))} ({E(CheckWireNames.Of(failure.Kind))}{E(stalled)}): {E(failure.Message)}"));
        }

        if (_style.Verbose)
        {
            if (probe.Capabilities.Count > 0)
            {
                node.AddNode(Rich($"EHLO: {E(string.Join(", ", probe.Capabilities))}"));
            }

            if (probe.CapabilitiesAfterTls.Count > 0)
            {
                node.AddNode(Rich($"EHLO over TLS: {E(string.Join(", ", probe.CapabilitiesAfterTls))}"));
            }

            if (probe.Transcript.Count > 0)
            {
                var transcript = node.AddNode(Rich("transcript"));
                foreach (var line in probe.Transcript)
                {
                    transcript.AddNode(Rich(E(line)));
                }
            }
        }
    }

    private void DrawFindings(IAnsiConsole console)
    {
        var findings = _result.Findings;
        var counts = string.Join(", ", new[] { FindingSeverity.Error, FindingSeverity.Warning, FindingSeverity.Info }
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{CheckWireNames.Of(s)} {findings.Count(f => f.Severity == s)}")));
        WriteLine(console, findings.Count == 0 ? "[bold]findings:[/] none" : $"[bold]findings:[/] {E(counts)}");
        foreach (var finding in findings)
        {
            console.WriteLine();
            var tree = new Tree(Rich($"{Mark(CheckMark.Of(finding.Severity), bold: true)}  [bold]{E(finding.Code)}[/]  {E(finding.Title)}  [[{E(finding.Rfc)}]]"))
                .Guide(_style.Unicode ? TreeGuide.Line : TreeGuide.Ascii);
            tree.AddNode(Rich($"at:   {E(finding.Subject)}"));
            tree.AddNode(Rich($"what: {E(finding.Message)}"));
            if (finding.Evidence.Count > 0)
            {
                var evidence = tree.AddNode(Rich("evidence"));
                foreach (var item in finding.Evidence)
                {
                    evidence.AddNode(Rich($"{E(item.Label)}: {E(item.Value)}"));
                }
            }

            var fix = tree.AddNode(Rich($"[bold]fix:[/] {E(finding.Remediation.Text)}"));
            foreach (var line in finding.Remediation.ZoneLines)
            {
                fix.AddNode(Rich(E(line)));
            }

            foreach (var command in finding.Remediation.Commands)
            {
                fix.AddNode(Rich($"$ {E(command)}"));
            }

            console.Write(tree);
        }

        console.WriteLine();
    }

    private string Because(string reason, string rfc, TlsRpt.TlsRptResultType? rfc8460) =>
        $"{Dash} {reason} [{rfc}{(rfc8460 is { } t ? "; TLS-RPT " + CheckWireNames.Of(t) : "")}]";

    private string Arrow => _style.Unicode ? "→" : "->";

    private string Dash => _style.Unicode ? "—" : "--";

    private string Mark(CheckMark mark, bool bold = false)
    {
        var text = $"{(_style.Unicode ? mark.Symbol : mark.AsciiSymbol)} {mark.Word}";
        return $"[{(bold ? "bold " : "")}{mark.Colour}]{E(text)}[/]";
    }

    private static string E(string? text) => Markup.Escape(text ?? "");

    private static void WriteLine(IAnsiConsole console, string markup)
    {
        console.Write(Rich(markup));
        console.WriteLine();
    }

    /// <summary>
    /// The markup this class writes (<c>[bold green]…[/]</c> around text escaped with <see cref="E"/>) as a paragraph.
    /// Not Spectre's <see cref="Markup"/>: that also turns <c>:name:</c> into emoji, and the data (greetings, reasons,
    /// IPv6 addresses) must print exactly as it is.
    /// </summary>
    private static Paragraph Rich(string markup)
    {
        var paragraph = new Paragraph();
        var styles = new Stack<Style>();
        var text = new System.Text.StringBuilder();
        void Flush()
        {
            if (text.Length > 0)
            {
                paragraph.Append(text.ToString(), styles.Count > 0 ? styles.Peek() : Style.Plain);
                text.Clear();
            }
        }

        for (var i = 0; i < markup.Length; i++)
        {
            var c = markup[i];
            if ((c == '[' || c == ']') && i + 1 < markup.Length && markup[i + 1] == c)
            {
                text.Append(c);
                i++;
            }
            else if (c == '[')
            {
                var end = markup.IndexOf(']', i);
                var tag = markup[(i + 1)..end];
                Flush();
                if (tag == "/")
                {
                    styles.Pop();
                }
                else
                {
                    styles.Push(Style.Parse(tag));
                }

                i = end;
            }
            else
            {
                text.Append(c);
            }
        }

        Flush();
        return paragraph;
    }
}

/// <summary>
/// Where Spectre writes: the given writer with a fixed width. Spectre's own output type asks <see cref="Console"/> for the
/// window size, which on Unix switches the terminal's keypad mode (an escape sequence even with NO_COLOR); this one never
/// touches the console.
/// </summary>
/// <param name="writer">Where to write.</param>
/// <param name="width">The width to wrap at.</param>
internal sealed class ReportOutput(TextWriter writer, int width) : IAnsiConsoleOutput
{
    /// <inheritdoc/>
    public TextWriter Writer { get; } = writer;

    /// <inheritdoc/>
    public bool IsTerminal => false;

    /// <inheritdoc/>
    public int Width { get; } = width;

    /// <inheritdoc/>
    public int Height => 24;

    /// <inheritdoc/>
    public void SetEncoding(System.Text.Encoding encoding)
    {
        // The writer's encoding is the caller's: a report never changes it.
    }
}
