using DaneKit.Diagnostics;

namespace DaneKit.MtaSts;

/// <summary>The <c>mode</c> of an MTA-STS policy (RFC 8461 3.2, 5). Wire names <c>enforce</c>, <c>testing</c>, <c>none</c>.</summary>
public enum MtaStsMode
{
    /// <summary>Senders MUST NOT deliver to an MX host that does not match a pattern or fails certificate validation.</summary>
    Enforce,

    /// <summary>Senders report failures (TLS-RPT) but deliver anyway.</summary>
    Testing,

    /// <summary>Senders treat the domain as having no active policy (used to remove MTA-STS, RFC 8461 8.3).</summary>
    None,
}

/// <summary>A valid MTA-STS policy (RFC 8461 3.2).</summary>
/// <param name="Version">The version; always <c>STSv1</c>.</param>
/// <param name="Mode">The mode.</param>
/// <param name="MaxAge">The lifetime senders may cache it for, 0 to 31557600 seconds.</param>
/// <param name="Mx">The mx patterns in order: host names or <c>*.</c> suffixes, as written.</param>
/// <param name="Extensions">Fields RFC 8461 does not define, in order, as name and value; senders ignore them.</param>
public sealed record MtaStsPolicy(string Version, MtaStsMode Mode, TimeSpan MaxAge, IReadOnlyList<string> Mx, IReadOnlyList<KeyValuePair<string, string>> Extensions)
{
    /// <summary>The largest <c>max_age</c>, in seconds (one year of 365.25 days).</summary>
    public const long MaxAgeLimitSeconds = 31_557_600;

    /// <summary>The first mx pattern that <paramref name="mxHost"/> matches (RFC 8461 4.1), or null.</summary>
    /// <param name="mxHost">The MX host name, e.g. <c>mx1.example.com.</c>.</param>
    /// <returns>The pattern, or null when none matches.</returns>
    public string? MatchingPattern(string mxHost) => Mx.FirstOrDefault(p => MtaStsMxPattern.Matches(p, mxHost));
}

/// <summary>The outcome of parsing a policy body: the policy when it is valid, and the findings.</summary>
/// <param name="Policy">The policy, or null when the body is not a valid policy (any error finding).</param>
/// <param name="Findings">What was found, in the order of the lines.</param>
public sealed record MtaStsPolicyParseResult(MtaStsPolicy? Policy, IReadOnlyList<Finding> Findings)
{
    /// <summary>True when the body is a valid policy.</summary>
    public bool IsValid => Policy is not null;
}

/// <summary>
/// Parses an MTA-STS policy body (RFC 8461 3.2). Pure: takes the text, no I/O.
/// </summary>
/// <remarks>
/// <para>The grammar: <c>sts-policy-record = sts-policy-field *WSP *(sts-policy-term sts-policy-field *WSP) [sts-policy-term]</c>,
/// <c>sts-policy-term = LF / CRLF</c>, <c>sts-policy-field-delim = ":" *WSP</c>. Field names and the values of
/// <c>version</c> and <c>mode</c> are case-sensitive (<c>%s</c>). The fields may come in any order.</para>
/// <para>Rules applied: version, mode and max_age must each be present (the ABNF's "required once"), and <c>mx</c> at
/// least once "except when mode is none" (so a <c>mode: none</c> policy without mx, as RFC 8461 8.3 publishes to remove
/// MTA-STS, is valid); a policy missing one is invalid. A repeated field other than <c>mx</c> keeps its first value
/// ("all entries except for the first SHALL be ignored"); unknown fields are ignored (an info
/// finding). Anything outside the grammar (leading white space, no colon, an empty value, control characters, an
/// empty line, bytes that are not UTF-8) is a finding; empty lines are skipped with a warning, everything else makes the
/// policy invalid.</para>
/// </remarks>
public static class MtaStsPolicyParser
{
    /// <summary>Parses a policy body.</summary>
    /// <param name="subject">What the findings are about, e.g. the policy URL.</param>
    /// <param name="body">The body as text.</param>
    /// <returns>The policy when valid, and the findings.</returns>
    public static MtaStsPolicyParseResult Parse(string subject, string body)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(body);
        var findings = new List<Finding>();
        string? version = null, mode = null, maxAge = null;
        var mx = new List<string>();
        var mxSeen = false;
        var extensions = new List<KeyValuePair<string, string>>();

        var lines = body.Split('\n');
        var count = body.EndsWith('\n') ? lines.Length - 1 : lines.Length; // the last term is optional
        for (var n = 0; n < count; n++)
        {
            var line = lines[n].EndsWith('\r') ? lines[n][..^1] : lines[n];
            var where = new FindingEvidence("line " + (n + 1), line);
            if (line.Length == 0)
            {
                if (body.Length > 0)
                {
                    findings.Add(MtaStsFindings.Create(MtaStsFindings.PolicyBlankLine, subject, $"Line {n + 1} is empty.", where));
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var key = colon < 0 ? line : line[..colon];
            if (colon < 0 || !IsFieldName(key))
            {
                findings.Add(MtaStsFindings.Create(MtaStsFindings.PolicySyntax, subject,
                    colon < 0 ? $"Line {n + 1} has no ':'." : $"Line {n + 1} does not begin with a field name (letters, digits, '_', '-', '.', up to 32, no white space before the ':').",
                    where));
                continue;
            }

            var value = line[(colon + 1)..].Trim(' ', '\t');
            if (value.Length == 0 || value.Any(char.IsControl))
            {
                // Inside a value the grammar has only SP between visible characters (sts-policy-ext-value), no TAB.
                findings.Add(MtaStsFindings.Create(MtaStsFindings.PolicySyntax, subject,
                    value.Length == 0 ? $"The field \"{key}\" on line {n + 1} has no value."
                        : $"The value of \"{key}\" on line {n + 1} contains a control character{(value.Contains('\t', StringComparison.Ordinal) ? " (a tab: only spaces may separate words of a value)" : "")}.",
                    where));
                continue;
            }

            switch (key)
            {
                case "mx":
                    mxSeen = true;
                    if (IsMxPattern(value))
                    {
                        mx.Add(value);
                    }
                    else
                    {
                        findings.Add(MtaStsFindings.Create(MtaStsFindings.PolicyMxInvalid, subject,
                            $"The mx value \"{value}\" on line {n + 1} is not a host name (A-labels, no trailing dot) optionally preceded by \"*.\".", where));
                    }

                    break;
                case "version" or "mode" or "max_age":
                    var first = key switch { "version" => version, "mode" => mode, _ => maxAge };
                    if (first is not null)
                    {
                        findings.Add(MtaStsFindings.Create(MtaStsFindings.PolicyDuplicateField, subject,
                            $"The field \"{key}\" is given again on line {n + 1}; the first value \"{first}\" is used.", where));
                        break;
                    }

                    _ = key switch { "version" => version = value, "mode" => mode = value, _ => maxAge = value };
                    CheckValue(subject, key, value, n + 1, where, findings);
                    break;
                default:
                    extensions.Add(new(key, value));
                    findings.Add(MtaStsFindings.Create(MtaStsFindings.PolicyUnknownField, subject,
                        $"The field \"{key}\" on line {n + 1} is not defined by RFC 8461 and is ignored.", where));
                    break;
            }
        }

        var missing = new List<string>();
        if (version is null) { missing.Add("version"); }
        if (mode is null) { missing.Add("mode"); }
        if (maxAge is null) { missing.Add("max_age"); }
        if (!mxSeen && mode != "none") { missing.Add("mx"); }
        foreach (var field in missing)
        {
            findings.Add(MtaStsFindings.Create(MtaStsFindings.PolicyMissingField, subject,
                field == "mx"
                    ? $"The policy has no mx field, which is required at least once except when mode is none (the mode is \"{mode}\")."
                    : $"The policy has no \"{field}\" field (field names are case-sensitive)."));
        }

        if (findings.Any(f => f.Severity == FindingSeverity.Error))
        {
            return new(null, findings);
        }

        var parsedMode = mode switch { "enforce" => MtaStsMode.Enforce, "testing" => MtaStsMode.Testing, _ => MtaStsMode.None };
        if (parsedMode == MtaStsMode.Testing)
        {
            findings.Add(MtaStsFindings.Create(MtaStsFindings.PolicyTesting, subject, "The policy is in testing mode: failures are reported, mail is still delivered."));
        }

        return new(new MtaStsPolicy(version!, parsedMode, TimeSpan.FromSeconds(long.Parse(maxAge!, System.Globalization.CultureInfo.InvariantCulture)), mx, extensions), findings);
    }

    /// <summary>True when <paramref name="value"/> is an <c>sts-policy-mx-value</c>: <c>["*."] Domain</c> with Domain as in RFC 5321 4.1.2 (LDH labels, ASCII only, no trailing dot).</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it is a valid mx pattern.</returns>
    public static bool IsMxPattern(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var domain = value.StartsWith("*.", StringComparison.Ordinal) ? value[2..] : value;
        return domain.Length > 0 && domain.Split('.').All(IsLdhLabel);
    }

    private static void CheckValue(string subject, string key, string value, int line, FindingEvidence where, List<Finding> findings)
    {
        switch (key)
        {
            case "version" when !string.Equals(value, "STSv1", StringComparison.Ordinal):
                findings.Add(MtaStsFindings.Create(MtaStsFindings.PolicyVersion, subject, $"The version \"{value}\" on line {line} is not STSv1.", where));
                break;
            case "mode" when value is not ("enforce" or "testing" or "none"):
                findings.Add(MtaStsFindings.Create(MtaStsFindings.PolicyMode, subject, $"The mode \"{value}\" on line {line} is not enforce, testing or none.", where));
                break;
            case "max_age" when value.Length is < 1 or > 10 || !value.All(char.IsAsciiDigit)
                                || long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) > MtaStsPolicy.MaxAgeLimitSeconds:
                findings.Add(MtaStsFindings.Create(MtaStsFindings.PolicyMaxAge, subject,
                    $"The max_age \"{value}\" on line {line} is not an integer number of seconds from 0 to {MtaStsPolicy.MaxAgeLimitSeconds}.", where));
                break;
        }
    }

    private static bool IsFieldName(string s) =>
        s.Length is >= 1 and <= 32 && char.IsAsciiLetterOrDigit(s[0]) && s.Skip(1).All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    // RFC 5321 4.1.2: sub-domain = Let-dig [Ldh-str]; Ldh-str = *( ALPHA / DIGIT / "-" ) Let-dig.
    private static bool IsLdhLabel(string label) =>
        label.Length > 0 && char.IsAsciiLetterOrDigit(label[0]) && char.IsAsciiLetterOrDigit(label[^1])
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
