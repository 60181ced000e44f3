using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DaneKit.Dns;
using DaneKit.Dnssec;

namespace DaneKit.Cli.Commands;

/// <summary>Renders a <see cref="ValidatedAnswer"/> as a chain-of-trust tree or as JSON; both show the same data.</summary>
internal static class DnssecOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The tree: trust anchor → each zone → the answer's RRsets, then the reason chain.</summary>
    public static string Tree(ValidatedAnswer a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"DNSSEC {a.Question.Name} {a.Question.Type.ToText()}: {Status(a.Status)}");
        sb.Append(CultureInfo.InvariantCulture, $"   (data from {a.Source}; {a.Verifications} signature verifications)\n");
        var indent = "";
        foreach (var link in a.Chain)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{indent}{(indent.Length == 0 ? "" : "└─ ")}{link.Zone}  [{Status(link.Status)}]  {link.Reason}\n");
            indent = indent.Length == 0 ? "   " : indent + "   ";
        }

        foreach (var r in a.RRsets)
        {
            var by = (r.Signer, r.KeyTag) switch
            {
                (null, _) => "",
                (var s, null) => $" signer {s}",
                (var s, var tag) => string.Create(CultureInfo.InvariantCulture, $" verified with {s} key {tag}"),
            };
            var until = r.ExpiresAt is { } e ? string.Create(CultureInfo.InvariantCulture, $", signature expires {e:yyyy-MM-dd HH:mm}Z") : "";
            sb.Append(CultureInfo.InvariantCulture, $"{indent}{(indent.Length == 0 ? "" : "└─ ")}{r.Type.ToText()} {r.Name}  [{Status(r.Status)}]{by}{until}, TTL {r.Ttl}\n");
            foreach (var rr in r.Records)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{indent}      {rr}\n");
            }
        }

        if (a.IsDenial)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{indent}└─ {(a.ResponseCode == DnsResponseCode.NXDomain ? "NXDOMAIN" : "NODATA")}: no {a.Question.Type.ToText()} at {a.Question.Name}  [{Status(a.Status)}]\n");
        }

        if (a.Reasons.Count > 0)
        {
            sb.Append("reasons:\n");
            foreach (var r in a.Reasons)
            {
                var mark = r.Kind switch { ReasonKind.Failure => "FAIL", ReasonKind.Warning => "warn", _ => "ok  " };
                sb.Append(CultureInfo.InvariantCulture, $"  {mark} {r}\n");
            }
        }

        return sb.ToString();
    }

    /// <summary>The same data as JSON (snake_case).</summary>
    public static string Json(ValidatedAnswer a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var root = new JsonObject
        {
            ["schema"] = "danekit.dnssec/1",
            ["question"] = new JsonObject { ["name"] = a.Question.Name.ToString(), ["type"] = a.Question.Type.ToText() },
            ["status"] = Status(a.Status),
            ["rcode"] = a.ResponseCode.ToText(),
            ["denial"] = a.IsDenial,
            ["source"] = a.Source,
            ["verifications"] = a.Verifications,
            ["chain"] = new JsonArray(a.Chain.Select(l => (JsonNode)new JsonObject
            {
                ["zone"] = l.Zone.ToString(),
                ["status"] = Status(l.Status),
                ["reason"] = l.Reason,
                ["ds"] = new JsonArray(l.DsRecords.Select(d => (JsonNode)JsonValue.Create(d.Data.ToString())!).ToArray()),
                ["matched_ds"] = l.MatchedDs?.Data.ToString(),
                ["key_signing_key_tag"] = l.KeySigningKeyTag,
                ["dnskeys"] = new JsonArray(l.Keys.Select(k => (JsonNode)JsonValue.Create(k.Data.ToString())!).ToArray()),
            }).ToArray()),
            ["rrsets"] = new JsonArray(a.RRsets.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Name.ToString(),
                ["type"] = r.Type.ToText(),
                ["status"] = Status(r.Status),
                ["signer"] = r.Signer?.ToString(),
                ["key_tag"] = r.KeyTag,
                ["ttl"] = r.Ttl,
                ["signature_expires"] = r.ExpiresAt?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["records"] = new JsonArray(r.Records.Select(x => (JsonNode)JsonValue.Create(x.ToString())!).ToArray()),
            }).ToArray()),
            ["reasons"] = new JsonArray(a.Reasons.Select(r => (JsonNode)new JsonObject
            {
                ["kind"] = r.Kind.ToString().ToLowerInvariant(),
                ["name"] = r.Name.ToString(),
                ["type"] = r.Type.ToText(),
                ["what"] = r.What,
                ["rfc"] = r.Rfc,
            }).ToArray()),
        };
        return root.ToJsonString(Indented) + "\n";
    }

    private static string Status(SecurityStatus s) => s.ToString().ToLowerInvariant();
}
