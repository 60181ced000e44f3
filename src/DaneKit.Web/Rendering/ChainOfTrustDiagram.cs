using System.Globalization;
using DaneKit.Dnssec;
using DaneKit.Smtp;

namespace DaneKit.Web.Rendering;

/// <summary>
/// The DNSSEC chain of trust of a check as a tree: the trust anchor, each zone on the way down (with the DS that vouched
/// for its key and the key tag), and under the zone that answered, every RRset the check looked up (MX, A/AAAA, TLSA,
/// the <c>_mta-sts</c> and <c>_smtp._tls</c> TXT). A link into a Bogus or Indeterminate zone or RRset is broken: drawn
/// red (class <c>broken</c>), with the reason as its tooltip and as visible text. Built from
/// <see cref="CheckLookup.Chain"/> and <see cref="CheckLookup.Status"/> of every lookup.
/// </summary>
public static class ChainOfTrustDiagram
{
    /// <summary>The width of the drawing.</summary>
    public const double Width = 960;

    private const double Indent = 26;
    private const double Margin = 10;
    private const double LineHeight = 15;
    private const double CharWidth = 7.3;
    private const int MaxRecords = 4;

    /// <summary>The tree of <paramref name="result"/>.</summary>
    /// <param name="result">The check.</param>
    /// <returns>The root: the trust anchor.</returns>
    public static ChainNode Build(DaneCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var lookups = result.EnumerateLookups().ToList();
        var anchorLink = lookups.SelectMany(l => l.Chain).FirstOrDefault(c => c.Zone == ".");
        var anchor = new ChainNode(ChainNodeKind.Anchor, "trust anchor", SecurityStatus.Secure,
            anchorLink is null ? [] : [anchorLink.Reason], null);
        var zones = new Dictionary<string, ChainNode>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var lookup in lookups)
        {
            var parent = anchor;
            foreach (var link in lookup.Chain)
            {
                if (!zones.TryGetValue(link.Zone, out var zone))
                {
                    zone = ZoneNode(link, lookups);
                    zones.Add(link.Zone, zone);
                    parent.Children.Add(zone);
                }
                else if (Rank(link.Status) > Rank(zone.Status))
                {
                    var worse = ZoneNode(link, lookups);
                    zone.Status = worse.Status;
                    zone.Broken = worse.Broken;
                    zone.Lines.Clear();
                    zone.Lines.AddRange(worse.Lines);
                }

                parent = zone;
            }

            var key = $"{lookup.Name}|{lookup.Type}|{lookup.Diagnostic}";
            if (seen.Add(key))
            {
                parent.Children.Add(RRsetNode(lookup));
            }
        }

        return anchor;
    }

    /// <summary>Draws the tree of <paramref name="result"/>.</summary>
    /// <param name="result">The check.</param>
    /// <returns>The SVG.</returns>
    public static SvgMarkup Render(DaneCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Render(Build(result), $"DNSSEC chain of trust of {result.Domain}");
    }

    /// <summary>Draws a tree.</summary>
    /// <param name="root">The root.</param>
    /// <param name="label">What it shows.</param>
    /// <returns>The SVG.</returns>
    public static SvgMarkup Render(ChainNode root, string label)
    {
        ArgumentNullException.ThrowIfNull(root);
        var svg = new SvgBuilder(Width, "chain-svg", label);
        var y = Margin;
        Draw(svg, root, 0, null, ref y);
        return svg.Build(y + Margin);
    }

    /// <summary>Breaks text into lines of at most <paramref name="width"/> characters, at spaces where it can.</summary>
    /// <param name="text">The text.</param>
    /// <param name="width">The most characters a line holds.</param>
    /// <returns>The lines.</returns>
    public static IReadOnlyList<string> Wrap(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        width = Math.Max(8, width);
        var lines = new List<string>();
        var rest = text.ReplaceLineEndings(" ");
        while (rest.Length > width)
        {
            var cut = rest.LastIndexOf(' ', width);
            if (cut < width / 3)
            {
                cut = width;
            }

            lines.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }

        if (rest.Length > 0 || lines.Count == 0)
        {
            lines.Add(rest);
        }

        return lines;
    }

    private static void Draw(SvgBuilder svg, ChainNode node, int depth, (double X, double Y)? parentAnchor, ref double y)
    {
        var x = Margin + (depth * Indent);
        var boxWidth = Width - x - Margin;
        var chars = (int)((boxWidth - 16) / CharWidth);
        var mark = StatusMark.Of(node.Status);
        var heading = $"{node.Title}   {mark.Symbol} {mark.Word}";
        var lines = new List<(string Text, string Class)>();
        foreach (var l in Wrap(heading, chars))
        {
            lines.Add((l, "node-title"));
        }

        foreach (var detail in node.Lines)
        {
            foreach (var l in Wrap(detail, chars - 2))
            {
                lines.Add((l, "node-detail"));
            }
        }

        if (node.Broken is { } reason)
        {
            foreach (var l in Wrap("broken: " + reason, chars - 2))
            {
                lines.Add((l, "node-broken"));
            }
        }

        var height = 8 + (lines.Count * LineHeight);
        var tone = node.Broken is null ? "tone-" + mark.Tone : "tone-bad broken";
        if (parentAnchor is { } p)
        {
            var midY = y + 11;
            svg.Polyline($"edge {tone}", node.Broken is null ? $"{mark.Word}: {node.Title}" : $"broken link to {node.Title}: {node.Broken}",
                (p.X, p.Y), (p.X, midY), (x, midY));
        }

        svg.BeginGroup($"node node-{node.Kind.ToString().ToLowerInvariant()} {tone}", node.Broken is null ? null : $"{node.Title}: {node.Broken}");
        svg.Rect(x, y, boxWidth, height, "node-box");
        var ty = y + 4 + 11;
        foreach (var (text, cssClass) in lines)
        {
            svg.Text(cssClass == "node-title" ? x + 8 : x + 14, ty, text, cssClass);
            ty += LineHeight;
        }

        svg.EndGroup();
        var anchor = (x + 12, y + height);
        y += height + 8;
        foreach (var child in node.Children)
        {
            Draw(svg, child, depth + 1, anchor, ref y);
        }
    }

    private static ChainNode ZoneNode(CheckChainLink link, List<CheckLookup> lookups)
    {
        var lines = new List<string>();
        var ds = link.MatchedDs ?? (link.DsRecords.Count > 0 ? string.Join(", ", link.DsRecords) : null);
        if (ds is not null)
        {
            lines.Add((link.MatchedDs is null ? "DS (no match): " : "DS ") + ds
                + (link.KeySigningKeyTag is { } tag ? " → DNSKEY key tag " + tag.ToString(CultureInfo.InvariantCulture) : ""));
        }
        else if (link.KeySigningKeyTag is { } tag)
        {
            lines.Add("DNSKEY key tag " + tag.ToString(CultureInfo.InvariantCulture));
        }

        string? broken = null;
        if (IsBroken(link.Status))
        {
            var cause = lookups.SelectMany(l => l.Reasons)
                .FirstOrDefault(r => r.Kind == ReasonKind.Failure && string.Equals(r.Name, link.Zone, StringComparison.OrdinalIgnoreCase));
            broken = link.Reason + (cause is null ? "" : $"; {cause.Type} {cause.Name}: {cause.What} [{cause.Rfc}]");
        }
        else
        {
            lines.Add(link.Reason);
        }

        return new ChainNode(ChainNodeKind.Zone, "zone " + link.Zone, link.Status, lines, broken);
    }

    private static ChainNode RRsetNode(CheckLookup lookup)
    {
        var lines = new List<string>();
        if (lookup.Diagnostic)
        {
            lines.Add("diagnostic lookup" + (lookup.Purpose.Length > 0 ? ": " + lookup.Purpose : ""));
        }

        foreach (var alias in lookup.Aliases)
        {
            lines.Add($"{alias.Type} {alias.Owner} → {alias.Target}");
        }

        if (lookup.Records.Count == 0)
        {
            lines.Add(lookup.IsDenial ? $"no records ({lookup.ResponseCode}{(lookup.ResponseCode == "NOERROR" ? ", NODATA" : "")})" : $"no records ({lookup.ResponseCode})");
        }
        else
        {
            lines.AddRange(lookup.Records.Take(MaxRecords));
            if (lookup.Records.Count > MaxRecords)
            {
                lines.Add($"… and {(lookup.Records.Count - MaxRecords).ToString(CultureInfo.InvariantCulture)} more");
            }
        }

        var rrset = lookup.RRsets.FirstOrDefault(r => r.Type == lookup.Type && r.Signer is not null);
        if (rrset is not null)
        {
            lines.Add($"signed by {rrset.Signer} key {rrset.KeyTag?.ToString(CultureInfo.InvariantCulture) ?? "?"}"
                + (rrset.SignatureExpires is { } e ? $", signature expires {e.UtcDateTime:yyyy-MM-dd HH:mm}Z" : ""));
        }

        string? broken = null;
        if (IsBroken(lookup.Status))
        {
            var failure = lookup.Reasons.FirstOrDefault(r => r.Kind == ReasonKind.Failure);
            broken = failure is null ? $"lookup failed ({lookup.ResponseCode})" : failure.ToString();
        }

        return new ChainNode(ChainNodeKind.RRset, $"{lookup.Type} {lookup.Name}", lookup.Status, lines, broken);
    }

    private static bool IsBroken(SecurityStatus status) => status is SecurityStatus.Bogus or SecurityStatus.Indeterminate;

    private static int Rank(SecurityStatus status) => status switch
    {
        SecurityStatus.Secure => 0,
        SecurityStatus.Insecure => 1,
        SecurityStatus.Indeterminate => 2,
        _ => 3,
    };
}

/// <summary>What a node of the chain of trust is.</summary>
public enum ChainNodeKind
{
    /// <summary>The trust anchor (the root key).</summary>
    Anchor,

    /// <summary>A zone on the chain.</summary>
    Zone,

    /// <summary>An RRset the check looked up.</summary>
    RRset,
}

/// <summary>One node of the chain of trust.</summary>
public sealed class ChainNode
{
    /// <summary>Creates a node.</summary>
    /// <param name="kind">What it is.</param>
    /// <param name="title">Its heading, e.g. <c>zone example.</c> or <c>MX example.com.</c>.</param>
    /// <param name="status">Its DNSSEC status.</param>
    /// <param name="lines">Details: DS and key tag, records, signer.</param>
    /// <param name="broken">Why the link to it is broken, or null.</param>
    public ChainNode(ChainNodeKind kind, string title, SecurityStatus status, IEnumerable<string> lines, string? broken)
    {
        Kind = kind;
        Title = title;
        Status = status;
        Lines = [.. lines];
        Broken = broken;
    }

    /// <summary>What it is.</summary>
    public ChainNodeKind Kind { get; }

    /// <summary>Its heading.</summary>
    public string Title { get; }

    /// <summary>Its DNSSEC status.</summary>
    public SecurityStatus Status { get; set; }

    /// <summary>Details.</summary>
    public List<string> Lines { get; }

    /// <summary>Why the link to it is broken (Bogus or Indeterminate), or null.</summary>
    public string? Broken { get; set; }

    /// <summary>The zones and RRsets under it.</summary>
    public List<ChainNode> Children { get; } = [];
}
