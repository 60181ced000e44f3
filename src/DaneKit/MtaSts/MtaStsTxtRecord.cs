using System.Globalization;
using DaneKit.Diagnostics;

namespace DaneKit.MtaSts;

/// <summary>
/// The one valid <c>_mta-sts</c> TXT record of a Policy Domain (RFC 8461 3.1): the policy instance <see cref="Id"/>
/// and any extension fields, which senders ignore.
/// </summary>
/// <param name="Id">The policy instance id: 1 to 32 letters and digits. A change announces a new policy.</param>
/// <param name="Extensions">Fields other than <c>v</c> and <c>id</c>, in order, as name and value.</param>
/// <param name="Text">The record's text (its character-strings joined).</param>
public sealed record MtaStsTxtRecord(string Id, IReadOnlyList<KeyValuePair<string, string>> Extensions, string Text);

/// <summary>The outcome of reading the TXT RRset at <c>_mta-sts.DOMAIN</c>: the record when there is exactly one valid one, and the findings.</summary>
/// <param name="Record">The record, or null when the domain has no usable MTA-STS record (none, several, or malformed).</param>
/// <param name="Findings">What was found, errors first in the order met.</param>
public sealed record MtaStsTxtResult(MtaStsTxtRecord? Record, IReadOnlyList<Finding> Findings)
{
    /// <summary>True when exactly one syntactically valid <c>v=STSv1</c> record was found, so policy discovery goes on.</summary>
    public bool HasPolicy => Record is not null;
}

/// <summary>
/// Reads the <c>_mta-sts</c> TXT RRset (RFC 8461 3.1). Pure: takes the records' texts, no DNS.
/// </summary>
/// <remarks>
/// Records that do not begin with <c>v=STSv1</c> are discarded. If the number left is not one, or the one left is not in
/// the grammar (<c>sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]</c>,
/// <c>sts-field-delim = *WSP ";" *WSP</c>, <c>sts-id = %s"id=" 1*32(ALPHA / DIGIT)</c>, extensions
/// <c>(ALPHA / DIGIT) 0*31(ALPHA / DIGIT / "_" / "-" / ".") "=" 1*(%x21-3A / %x3C / %x3E-7E)</c>), senders MUST assume
/// the domain has no MTA-STS policy. Field names are case-sensitive (<c>%s</c>). A record "begins with v=STSv1" when
/// <c>v=STSv1</c> is followed by the end, a semicolon or white space (so <c>v=STSv10</c> is not one).
/// A TXT record of several character-strings is read as their concatenation, as the caller gives it.
/// </remarks>
public static class MtaStsTxtParser
{
    private const string Version = "v=STSv1";

    /// <summary>Reads the TXT RRset of <c>_mta-sts.<paramref name="policyDomain"/></c>.</summary>
    /// <param name="policyDomain">The Policy Domain (the subject of the findings), e.g. <c>example.com</c>.</param>
    /// <param name="txtRecords">The text of each TXT record of the RRset (character-strings joined).</param>
    /// <returns>The record when there is exactly one valid one, and the findings.</returns>
    public static MtaStsTxtResult Parse(string policyDomain, IEnumerable<string> txtRecords)
    {
        ArgumentNullException.ThrowIfNull(policyDomain);
        ArgumentNullException.ThrowIfNull(txtRecords);
        var subject = "_mta-sts." + policyDomain.TrimEnd('.');
        var all = txtRecords.ToList();
        var sts = all.Where(IsStsRecord).ToList();
        if (sts.Count == 0)
        {
            return new(null, [MtaStsFindings.Create(MtaStsFindings.TxtNone, subject,
                all.Count == 0 ? "No TXT record at " + subject + "." : $"None of the {all.Count} TXT records at {subject} begins with v=STSv1.",
                [.. all.Select(t => new FindingEvidence("published", t))])]);
        }

        if (sts.Count > 1)
        {
            return new(null, [MtaStsFindings.Create(MtaStsFindings.TxtMultiple, subject,
                $"{sts.Count} TXT records at {subject} begin with v=STSv1; senders assume there is no MTA-STS policy.",
                [.. sts.Select(t => new FindingEvidence("published", t))])]);
        }

        return ParseRecord(subject, sts[0]);
    }

    /// <summary>True when the text begins with <c>v=STSv1</c> followed by the end, a semicolon or white space.</summary>
    /// <param name="text">A TXT record's text.</param>
    /// <returns>Whether the record is an MTA-STS record candidate.</returns>
    public static bool IsStsRecord(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.StartsWith(Version, StringComparison.Ordinal)
            && (text.Length == Version.Length || text[Version.Length] is ';' or ' ' or '\t');
    }

    private static MtaStsTxtResult ParseRecord(string subject, string text)
    {
        var findings = new List<Finding>();
        var evidence = new FindingEvidence("published", text);
        var pieces = text[Version.Length..].Split(';');

        // pieces[0] is what stands between v=STSv1 and the first ';': white space only. With no ';' at all there is no field.
        var fields = new List<string>();
        var syntaxOk = IsWsp(pieces[0]) && pieces.Length > 1;
        for (var i = 1; i < pieces.Length && syntaxOk; i++)
        {
            var field = TrimWsp(pieces[i]);
            if (field.Length == 0)
            {
                // Only the last piece may be empty: the optional trailing delimiter.
                syntaxOk = i == pieces.Length - 1 && i > 1;
                continue;
            }

            if (i == pieces.Length - 1 && pieces[i].Length != pieces[i].TrimEnd(' ', '\t').Length)
            {
                syntaxOk = false; // trailing white space with no ';' after it is not in the grammar
                continue;
            }

            fields.Add(field);
        }

        if (!syntaxOk)
        {
            findings.Add(MtaStsFindings.Create(MtaStsFindings.TxtSyntax, subject,
                pieces.Length == 1 && IsWsp(pieces[0])
                    ? "The record has only the version field; the grammar needs at least one field (id) after \"v=STSv1;\"."
                    : "The record's fields are not separated as the grammar says (\"v=STSv1\" then \"; field\" pairs, one optional trailing ';').",
                evidence));
            if (!pieces.Skip(1).Any(p => TrimWsp(p).StartsWith("id=", StringComparison.Ordinal)))
            {
                findings.Add(MtaStsFindings.Create(MtaStsFindings.TxtIdMissing, subject, "The record has no id field.", evidence));
            }

            return new(null, findings);
        }

        string? id = null;
        var ids = 0;
        var extensions = new List<KeyValuePair<string, string>>();
        foreach (var field in fields)
        {
            if (field.StartsWith("id=", StringComparison.Ordinal))
            {
                ids++;
                var value = field[3..];
                if (ids > 1)
                {
                    continue; // RFC 8461 3.2: all entries except the first SHALL be ignored
                }

                if (!IsId(value))
                {
                    findings.Add(MtaStsFindings.Create(MtaStsFindings.TxtIdInvalid, subject,
                        string.Create(CultureInfo.InvariantCulture, $"The id \"{value}\" is not 1 to 32 letters and digits ({value.Length} characters)."), evidence));
                }

                id = value;
                continue;
            }

            var eq = field.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0 || !IsExtensionName(field[..eq]) || !IsExtensionValue(field[(eq + 1)..]))
            {
                findings.Add(MtaStsFindings.Create(MtaStsFindings.TxtSyntax, subject,
                    $"The field \"{field}\" is not name=value with a name of letters, digits, '_', '-', '.' (up to 32) and a value of printable characters other than ';' and '='.",
                    evidence));
                continue;
            }

            extensions.Add(new(field[..eq], field[(eq + 1)..]));
        }

        if (ids == 0)
        {
            findings.Add(MtaStsFindings.Create(MtaStsFindings.TxtIdMissing, subject, "The record has no id field (field names are case-sensitive: \"id=\").", evidence));
        }
        else if (ids > 1)
        {
            findings.Add(MtaStsFindings.Create(MtaStsFindings.TxtDuplicateField, subject,
                string.Create(CultureInfo.InvariantCulture, $"The record has {ids} id fields; the first, \"{id}\", is used."), evidence));
        }

        if (extensions.Count > 0)
        {
            findings.Add(MtaStsFindings.Create(MtaStsFindings.TxtExtension, subject,
                "The record carries extension fields, which senders ignore: " + string.Join(", ", extensions.Select(e => e.Key)) + ".", evidence));
        }

        var valid = findings.All(f => f.Severity != FindingSeverity.Error) && id is not null;
        return new(valid ? new MtaStsTxtRecord(id!, extensions, text) : null, findings);
    }

    private static bool IsWsp(string s) => s.All(c => c is ' ' or '\t');

    private static string TrimWsp(string s) => s.Trim(' ', '\t');

    private static bool IsAlnum(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9');

    private static bool IsId(string s) => s.Length is >= 1 and <= 32 && s.All(IsAlnum);

    private static bool IsExtensionName(string s) =>
        s.Length is >= 1 and <= 32 && IsAlnum(s[0]) && s.Skip(1).All(c => IsAlnum(c) || c is '_' or '-' or '.');

    private static bool IsExtensionValue(string s) =>
        s.Length >= 1 && s.All(c => c is (>= '!' and <= ':') or '<' or (>= '>' and <= '~'));
}
