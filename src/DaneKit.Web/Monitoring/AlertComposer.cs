using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DaneKit.Web.Storage;

namespace DaneKit.Web.Monitoring;

/// <summary>
/// Turns the changes one check found into its alert. A check raises at most ONE alert: every change it found is in it
/// (<c>details.changes</c>), and it is named after the most important one (highest severity, then the order of
/// <see cref="ChangeDetector.Kinds"/>: a key change before the verdict change and the new finding it causes), so one
/// event — a server's new key that TLSA does not match — is one notification, not four.
/// </summary>
/// <remarks>
/// The dedup key is the domain, the previous check's id (<c>first</c> for a domain's first check) and a hash of the
/// changes' identities (kind, subject, new value). The same change against the same previous check therefore never
/// alerts twice: two checks of a domain racing (the scheduler and "check now") or a check repeated after a crash that
/// left the previous one in place raise the same key, and the store keeps one. A flap (A → B → A → B) has a new
/// previous check each time, so each real change is alerted.
/// </remarks>
public static class AlertComposer
{
    /// <summary>The alert for the changes of one check, or null when nothing changed.</summary>
    /// <param name="domain">The domain, absolute.</param>
    /// <param name="changes">The changes from <see cref="ChangeDetector.Detect"/>.</param>
    /// <param name="previousCheckId">The previous check's id, or null for the first check.</param>
    /// <param name="verdict">The new check's DANE verdict (wire name).</param>
    /// <param name="previousVerdict">The previous check's DANE verdict, or null.</param>
    /// <param name="linkBase">The dashboard's base URL.</param>
    /// <param name="at">When the check started.</param>
    /// <returns>The alert, or null.</returns>
    public static NewAlert? Compose(string domain, IReadOnlyList<DetectedChange> changes, long? previousCheckId, string verdict, string? previousVerdict,
        string linkBase, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(linkBase);
        if (changes.Count == 0)
        {
            return null;
        }

        var ordered = changes.OrderBy(c => Rank(c.Severity)).ThenBy(c => KindRank(c.Kind)).ToList();
        var primary = ordered[0];
        var severity = primary.Severity;
        var summary = ordered.Count == 1
            ? primary.Summary
            : string.Create(CultureInfo.InvariantCulture, $"{primary.Summary} (+{ordered.Count - 1} more change{(ordered.Count == 2 ? "" : "s")})");
        var identities = string.Join("\n", changes.Select(c => c.Identity).Order(StringComparer.Ordinal));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(identities)))[..32].ToLowerInvariant();
        var dedup = $"{domain}|{previousCheckId?.ToString(CultureInfo.InvariantCulture) ?? "first"}|{hash}";

        var list = new JsonArray();
        foreach (var c in ordered)
        {
            list.Add(new JsonObject
            {
                ["kind"] = c.Kind,
                ["severity"] = c.Severity,
                ["subject"] = c.Subject,
                ["summary"] = c.Summary,
                ["details"] = c.Details.DeepClone(),
            });
        }

        var payload = new JsonObject
        {
            ["kind"] = primary.Kind,
            ["severity"] = severity,
            ["domain"] = DisplayName(domain),
            ["summary"] = summary,
            ["details"] = new JsonObject
            {
                ["verdict"] = verdict,
                ["previousVerdict"] = previousVerdict,
                ["previousCheckId"] = previousCheckId,
                ["firstCheck"] = previousCheckId is null,
                ["changes"] = list,
            },
            ["link"] = Link(linkBase, domain),
            // The check's id is known once the check is stored; delivery fills it in (AlertDelivery.Payload).
            ["checkId"] = null,
            ["at"] = at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["dedupKey"] = dedup,
        };
        return new NewAlert(domain, at, primary.Kind, severity, summary, dedup, payload.ToJsonString());
    }

    /// <summary>The link to a domain's page: <c>{linkBase}/domain/{domain without final dot}</c>.</summary>
    /// <param name="linkBase">The base URL.</param>
    /// <param name="domain">The domain.</param>
    /// <returns>The URL.</returns>
    public static string Link(string linkBase, string domain)
    {
        ArgumentNullException.ThrowIfNull(linkBase);
        return $"{linkBase.TrimEnd('/')}/domain/{Uri.EscapeDataString(DisplayName(domain))}";
    }

    /// <summary>A domain without its final dot.</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>The name.</returns>
    public static string DisplayName(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return domain.Length > 1 ? domain.TrimEnd('.') : domain;
    }

    private static int Rank(string severity) => severity switch
    {
        "error" => 0,
        "warning" => 1,
        _ => 2,
    };

    private static int KindRank(string kind)
    {
        for (var i = 0; i < ChangeDetector.Kinds.Count; i++)
        {
            if (ChangeDetector.Kinds[i] == kind)
            {
                return i;
            }
        }

        return ChangeDetector.Kinds.Count;
    }
}
