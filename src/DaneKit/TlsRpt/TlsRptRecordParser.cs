namespace DaneKit.TlsRpt;

/// <summary>
/// Parses the TXT records at <c>_smtp._tls.DOMAIN</c> as TLS-RPT policy records (RFC 8460 section 3). Pure: the
/// input is the TXT records' strings; no DNS is done here.
/// </summary>
/// <remarks>
/// The grammar (RFC 8460 section 3): <c>tlsrpt-record = tlsrpt-version 1*(field-delim tlsrpt-field) [field-delim]</c>,
/// <c>tlsrpt-version = %s"v=TLSRPTv1"</c> (case-sensitive), <c>field-delim = *WSP ";" *WSP</c>,
/// <c>tlsrpt-rua = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)</c> with each URI <c>mailto:</c> or <c>https:</c>.
/// Records that do not begin with <c>v=TLSRPTv1;</c> are discarded; if the number left is not one, the domain does not
/// implement TLS-RPT.
/// </remarks>
public static class TlsRptRecordParser
{
    private const string Version = "v=TLSRPTv1";
    private const string Rfc = "RFC 8460 3";

    /// <summary>Parses all TXT records found at <c>_smtp._tls.DOMAIN</c>.</summary>
    /// <param name="txtRecords">Each TXT record as its character-strings (joined without separator, as RFC 8460 3 says).</param>
    /// <returns>The record a sender would use, if any, and the findings.</returns>
    public static TlsRptRecordResult Parse(IEnumerable<IReadOnlyList<string>> txtRecords)
    {
        ArgumentNullException.ThrowIfNull(txtRecords);
        var findings = new List<TlsRptFinding>();
        var candidates = new List<string>();
        foreach (var strings in txtRecords)
        {
            var text = string.Concat(strings);
            if (StartsWithVersion(text))
            {
                candidates.Add(text);
            }
            else if (text.Contains("TLSRPT", StringComparison.OrdinalIgnoreCase))
            {
                findings.Add(text.TrimStart().StartsWith("v=", StringComparison.OrdinalIgnoreCase) && !text.Contains(Version, StringComparison.Ordinal)
                    ? TlsRptFinding.Error("TLSRPT-VERSION-INVALID", Rfc, $"record '{text}' has a version other than exactly 'v=TLSRPTv1' (case-sensitive); senders discard it")
                    : TlsRptFinding.Error("TLSRPT-VERSION-MISPLACED", Rfc, $"record '{text}' does not begin with 'v=TLSRPTv1;'; senders discard it"));
            }
        }

        if (candidates.Count == 0)
        {
            findings.Insert(0, TlsRptFinding.Error("TLSRPT-RECORD-MISSING", Rfc, "no TXT record beginning with 'v=TLSRPTv1;': the domain does not implement TLS-RPT"));
            return new TlsRptRecordResult(null, findings);
        }

        if (candidates.Count > 1)
        {
            findings.Insert(0, TlsRptFinding.Error("TLSRPT-RECORD-MULTIPLE", Rfc,
                $"{candidates.Count} records begin with 'v=TLSRPTv1;': senders must assume the domain does not implement TLS-RPT"));
            foreach (var candidate in candidates)
            {
                findings.AddRange(ParseRecord(candidate).Findings);
            }

            return new TlsRptRecordResult(null, findings);
        }

        var single = ParseRecord(candidates[0]);
        findings.InsertRange(0, single.Findings);
        return new TlsRptRecordResult(single.Record, findings);
    }

    /// <summary>Parses one TLS-RPT record text (the TXT record's strings already joined).</summary>
    /// <param name="text">The record text.</param>
    /// <returns>The record (<see langword="null"/> when it has no version or no usable <c>rua</c>) and the findings.</returns>
    public static TlsRptRecordResult ParseRecord(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var findings = new List<TlsRptFinding>();
        var fields = text.Split(';');
        var first = fields[0].Trim(' ', '\t');
        if (first != Version)
        {
            var versionElsewhere = fields.Skip(1).Any(f => f.Trim(' ', '\t') == Version);
            findings.Add(versionElsewhere
                ? TlsRptFinding.Error("TLSRPT-VERSION-MISPLACED", Rfc, $"'v=TLSRPTv1' must be the first field, found '{first}'")
                : first.StartsWith("v=", StringComparison.OrdinalIgnoreCase)
                    ? TlsRptFinding.Error("TLSRPT-VERSION-INVALID", Rfc, $"the version must be exactly 'v=TLSRPTv1' (case-sensitive), found '{first}'")
                    : TlsRptFinding.Error("TLSRPT-VERSION-MISSING", Rfc, $"the record must begin with 'v=TLSRPTv1', found '{first}'"));
        }
        else if (fields[0] != first)
        {
            findings.Add(TlsRptFinding.Error("TLSRPT-VERSION-MISSING", Rfc, "the record must begin with 'v=TLSRPTv1' with nothing before it"));
        }

        var uris = new List<Uri>();
        var extensions = new List<KeyValuePair<string, string>>();
        var ruaSeen = 0;
        // A record whose first field is not the version still has its other fields checked, the first included.
        var firstField = first == Version || first.StartsWith("v=", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        for (var i = firstField; i < fields.Length; i++)
        {
            var field = fields[i].Trim(' ', '\t');
            if (field.Length == 0)
            {
                if (i != fields.Length - 1)
                {
                    findings.Add(TlsRptFinding.Error("TLSRPT-FIELD-SYNTAX", Rfc, $"empty field {i + 1} (two ';' in a row)"));
                }

                continue;
            }

            var eq = field.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                findings.Add(TlsRptFinding.Error("TLSRPT-FIELD-SYNTAX", Rfc, $"field '{field}' is not name=value"));
                continue;
            }

            var name = field[..eq];
            var value = field[(eq + 1)..];
            if (name == "rua")
            {
                ruaSeen++;
                if (ruaSeen > 1)
                {
                    findings.Add(TlsRptFinding.Error("TLSRPT-RUA-DUPLICATE", Rfc, "more than one rua field; list every URI in one rua, comma-separated"));
                    continue;
                }

                ParseRua(value, uris, findings);
            }
            else if (name == Version[..1])
            {
                if (findings.Any(f => f.Code == "TLSRPT-VERSION-MISPLACED"))
                {
                    continue;
                }

                findings.Add(TlsRptFinding.Error("TLSRPT-VERSION-MISPLACED", Rfc, $"'{field}' after the first field: the version appears once, first"));
            }
            else if (string.Equals(name, "rua", StringComparison.OrdinalIgnoreCase))
            {
                findings.Add(TlsRptFinding.Error("TLSRPT-FIELD-SYNTAX", Rfc, $"field name '{name}' must be lower-case 'rua' (case-sensitive)"));
            }
            else if (!IsExtensionName(name))
            {
                findings.Add(TlsRptFinding.Error("TLSRPT-FIELD-SYNTAX", Rfc, $"'{name}' is not a valid field name"));
            }
            else
            {
                extensions.Add(new(name, value));
                findings.Add(TlsRptFinding.Info("TLSRPT-EXTENSION-UNKNOWN", Rfc, $"extension field '{name}' is not defined; senders ignore it"));
            }
        }

        if (ruaSeen == 0)
        {
            findings.Add(TlsRptFinding.Error("TLSRPT-RUA-MISSING", Rfc, "no rua field: the record must name at least one mailto: or https: report URI"));
        }

        var usable = uris.Count > 0 && !findings.Any(f => f.Code.StartsWith("TLSRPT-VERSION", StringComparison.Ordinal));
        return new TlsRptRecordResult(usable ? new TlsRptRecord(text, uris, extensions) : null, findings);
    }

    private static void ParseRua(string value, List<Uri> uris, List<TlsRptFinding> findings)
    {
        if (value.Trim(' ', '\t').Length == 0)
        {
            findings.Add(TlsRptFinding.Error("TLSRPT-RUA-MISSING", Rfc, "the rua field is empty"));
            return;
        }

        foreach (var part in value.Split(','))
        {
            var uriText = part.Trim(' ', '\t');
            if (uriText.Length == 0)
            {
                findings.Add(TlsRptFinding.Error("TLSRPT-RUA-INVALID", Rfc, "empty URI in rua"));
                continue;
            }

            if (!Uri.TryCreate(uriText, UriKind.Absolute, out var uri))
            {
                findings.Add(TlsRptFinding.Error("TLSRPT-RUA-INVALID", Rfc, $"'{uriText}' is not a valid URI"));
                continue;
            }

            if (uri.Scheme == Uri.UriSchemeHttps)
            {
                uris.Add(uri);
            }
            else if (uri.Scheme == Uri.UriSchemeMailto)
            {
                var address = uriText["mailto:".Length..];
                var at = address.IndexOf('@', StringComparison.Ordinal);
                if (at <= 0 || at == address.Length - 1)
                {
                    findings.Add(TlsRptFinding.Error("TLSRPT-RUA-INVALID", Rfc, $"'{uriText}' has no mail address (local@domain)"));
                    continue;
                }

                uris.Add(uri);
            }
            else
            {
                findings.Add(TlsRptFinding.Error("TLSRPT-RUA-SCHEME", Rfc, $"'{uriText}' has scheme '{uri.Scheme}'; only mailto: and https: are allowed"));
            }
        }
    }

    private static bool StartsWithVersion(string text) =>
        text.StartsWith(Version, StringComparison.Ordinal) && text[Version.Length..].TrimStart(' ', '\t') is var rest && (rest.Length == 0 || rest[0] == ';');

    private static bool IsExtensionName(string name) =>
        name.Length is > 0 and <= 32 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
