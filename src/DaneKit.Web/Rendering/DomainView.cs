using System.Globalization;
using DaneKit.Diagnostics;
using DaneKit.Reporting;
using DaneKit.Smtp;

namespace DaneKit.Web.Rendering;

/// <summary>
/// What the domain page shows of one check: the verdict, the MX → address → TLSA ↔ certificate match matrix, the chain
/// of trust, the findings with their fixes, and the "publish this record" lines. Pure: built from the result alone, so a
/// recorded result renders the same every time. Every string in it is plain text; the page encodes it.
/// </summary>
public sealed class DomainView
{
    private DomainView(DaneCheckResult result)
    {
        Result = result;
        Verdict = StatusMark.Of(result.Verdict);
        Hosts = result.Hosts.Select(HostMatrix.Of).ToList();
        Findings = result.Findings.Select(f => new FindingView(f, StatusMark.Of(f.Severity))).ToList();
        PublishLines = Publish(result);
        Chain = ChainOfTrustDiagram.Render(result);
        Rule = result.VerdictRfc + (result.Rfc8460 is { } t ? "; TLS-RPT result type " + CheckWireNames.Of(t) : "");
    }

    /// <summary>The check.</summary>
    public DaneCheckResult Result { get; }

    /// <summary>The verdict's mark.</summary>
    public StatusMark Verdict { get; }

    /// <summary>The rule: the RFC section, and the TLS-RPT result type when there is one.</summary>
    public string Rule { get; }

    /// <summary>One match matrix per host, in MX order.</summary>
    public IReadOnlyList<HostMatrix> Hosts { get; }

    /// <summary>The findings in the result's order.</summary>
    public IReadOnlyList<FindingView> Findings { get; }

    /// <summary>The TLSA lines to publish: those of the findings' fixes, then the 3 1 1 record of the key each address serves.</summary>
    public IReadOnlyList<PublishLine> PublishLines { get; }

    /// <summary>The chain of trust diagram.</summary>
    public SvgMarkup Chain { get; }

    /// <summary>Counts of findings per severity word.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>How many.</returns>
    public int Count(FindingSeverity severity) => Findings.Count(f => f.Finding.Severity == severity);

    /// <summary>Builds the view of a check.</summary>
    /// <param name="result">The check.</param>
    /// <returns>The view.</returns>
    public static DomainView Of(DaneCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new DomainView(result);
    }

    /// <summary>A time as the pages show it: UTC, to the second.</summary>
    /// <param name="time">The time.</param>
    /// <returns>E.g. <c>2026-11-29 10:00:05Z</c>.</returns>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A domain name as the pages' addresses use it: without the final dot.</summary>
    /// <param name="name">The absolute name.</param>
    /// <returns>The name without the final dot.</returns>
    public static string Slug(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.TrimEnd('.');
    }

    private static List<PublishLine> Publish(DaneCheckResult result)
    {
        var lines = new List<PublishLine>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var finding in result.Findings)
        {
            foreach (var zoneLine in finding.Remediation.ZoneLines.Where(l => l.Contains(" TLSA ", StringComparison.OrdinalIgnoreCase)))
            {
                if (seen.Add(zoneLine))
                {
                    lines.Add(new PublishLine(zoneLine, $"fix of {finding.Code} ({finding.Subject})"));
                }
            }
        }

        foreach (var host in result.Hosts)
        {
            foreach (var address in host.Addresses)
            {
                if (address.Certificates.FirstOrDefault(c => c.Depth == 0) is not { } leaf)
                {
                    continue;
                }

                var line = $"{host.Tlsa.Owner} IN TLSA 3 1 1 {leaf.SpkiSha256}";
                if (seen.Add(line))
                {
                    lines.Add(new PublishLine(line, $"the key {address.Endpoint} serves now"));
                }
            }
        }

        return lines;
    }
}

/// <summary>A finding with its mark.</summary>
/// <param name="Finding">The finding.</param>
/// <param name="Mark">Its severity's mark.</param>
public sealed record FindingView(Finding Finding, StatusMark Mark);

/// <summary>A zone-file line to publish.</summary>
/// <param name="Line">The line, e.g. <c>_25._tcp.mx.example. IN TLSA 3 1 1 HEX</c>.</param>
/// <param name="Source">Where it comes from.</param>
public sealed record PublishLine(string Line, string Source);

/// <summary>One host's match matrix: rows are its addresses, columns its TLSA records.</summary>
/// <param name="Host">The host.</param>
/// <param name="Verdict">The host's verdict mark.</param>
/// <param name="Label">E.g. <c>MX 10 mx.example.</c>.</param>
/// <param name="Columns">The TLSA records (every record of the RRset used).</param>
/// <param name="Rows">The addresses.</param>
public sealed record HostMatrix(DaneCheckHost Host, StatusMark Verdict, string Label, IReadOnlyList<TlsaColumn> Columns, IReadOnlyList<AddressRow> Rows)
{
    /// <summary>The matrix of a host.</summary>
    /// <param name="host">The host.</param>
    /// <returns>The matrix.</returns>
    public static HostMatrix Of(DaneCheckHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var label = host.Origin switch
        {
            CheckHostOrigin.Mx => string.Create(CultureInfo.InvariantCulture, $"MX {host.Preference} {host.Name}"),
            CheckHostOrigin.ImplicitMx => $"implicit MX {host.Name}",
            _ => $"host {host.Name}",
        };
        var columns = host.Tlsa.Records.Select(r => new TlsaColumn(r, r.UnusableReason is null, r.UnusableDetail)).ToList();
        var rows = host.Addresses.Select(a => AddressRow.Of(a, columns)).ToList();
        return new HostMatrix(host, StatusMark.Of(host.Verdict), label, columns, rows);
    }
}

/// <summary>One TLSA record as a column of the matrix.</summary>
/// <param name="Record">The record.</param>
/// <param name="Usable">Whether a sender uses it.</param>
/// <param name="UnusableDetail">Why not, or null.</param>
public sealed record TlsaColumn(CheckTlsaRecord Record, bool Usable, string? UnusableDetail);

/// <summary>One address as a row of the matrix.</summary>
/// <param name="Address">The address.</param>
/// <param name="Verdict">Its verdict mark.</param>
/// <param name="Probe">The probe's mark, or null when not probed.</param>
/// <param name="Leaf">The served leaf certificate, or null.</param>
/// <param name="LeafRecord">The 3 1 1 record of the leaf's key, or null.</param>
/// <param name="IssuerRecords">The 2 1 1 records of the CA certificates served with it (depth and subject, record).</param>
/// <param name="Cells">One cell per column.</param>
public sealed record AddressRow(DaneCheckAddress Address, StatusMark Verdict, StatusMark? Probe, CheckCertificate? Leaf, string? LeafRecord,
    IReadOnlyList<(int Depth, string Subject, string Record)> IssuerRecords, IReadOnlyList<MatchCell> Cells)
{
    /// <summary>The row of an address.</summary>
    /// <param name="address">The address.</param>
    /// <param name="columns">The host's TLSA records.</param>
    /// <returns>The row.</returns>
    public static AddressRow Of(DaneCheckAddress address, IReadOnlyList<TlsaColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(columns);
        var leaf = address.Certificates.FirstOrDefault(c => c.Depth == 0);
        var issuers = address.Certificates.Where(c => c.Depth > 0)
            .Select(c => (c.Depth, c.Subject, "2 1 1 " + c.SpkiSha256)).ToList();
        var cells = columns.Select(c => Cell(address, c)).ToList();
        return new AddressRow(address, StatusMark.Of(address.Verdict), address.Probe is { } p ? StatusMark.Of(p.Status) : null,
            leaf, leaf is null ? null : "3 1 1 " + leaf.SpkiSha256, issuers, cells);
    }

    private static MatchCell Cell(DaneCheckAddress address, TlsaColumn column)
    {
        if (!column.Usable)
        {
            return new MatchCell(new StatusMark("-", "not used", "neutral"), column.UnusableDetail ?? "unusable record");
        }

        if (address.Match is not { } match)
        {
            var why = address.Probe?.Failure?.Message ?? (address.Probe is null ? "the address was not probed" : "no certificate to match");
            return new MatchCell(new StatusMark("?", "not tried", "wait"), why);
        }

        if (match.MatchedRecord is { } matched && Same(matched, column.Record))
        {
            return new MatchCell(StatusMark.Match(true), match.Summary);
        }

        var failure = match.Failures.FirstOrDefault(f => Same(f.Record, column.Record));
        if (failure is not null)
        {
            return new MatchCell(StatusMark.Match(false), $"{CheckWireNames.Of(failure.Reason)}: {failure.Detail}");
        }

        return new MatchCell(new StatusMark("-", "not tried", "neutral"), match.Matched ? "another record matched first" : match.Summary);
    }

    private static bool Same(CheckTlsaRecord a, CheckTlsaRecord b) =>
        a.Usage == b.Usage && a.Selector == b.Selector && a.MatchingType == b.MatchingType && string.Equals(a.Data, b.Data, StringComparison.OrdinalIgnoreCase);
}

/// <summary>One cell of the matrix: a record against the chain an address served.</summary>
/// <param name="Mark">Matched, not matched, not tried, not used.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record MatchCell(StatusMark Mark, string Reason);
