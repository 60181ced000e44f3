using System.Text;

namespace DaneKit.TlsRpt;

/// <summary>
/// A small MIME reader for report mail (RFC 8460 section 5.3, RFC 2045/2046): finds the one part of type
/// <c>application/tlsrpt+json</c> or <c>application/tlsrpt+gzip</c> in a raw message, at any depth of nested
/// multiparts and inside attached messages (<c>message/rfc822</c>, e.g. a forwarded report), decodes its transfer
/// encoding (base64, quoted-printable, 7bit, 8bit, binary) and hands it to the JSON or gzip reader. A message with
/// several report parts is rejected whole, none of them read: RFC 8460 5.3 carries one report per message, and reading
/// some would be a partial ingestion. Nesting and the number of parts are capped by <see cref="TlsRptReaderOptions"/>.
/// </summary>
internal static class TlsRptMimeReader
{
    private const string Rfc = "RFC 8460 5.3";

    private sealed record Part(string ContentType, Dictionary<string, string> Parameters, string TransferEncoding, string Body);

    public static TlsRptReadResult Read(ReadOnlySpan<byte> data, string source, TlsRptReaderOptions options)
    {
        // Latin-1 maps every byte to one char and back, so binary bodies survive.
        var text = Encoding.Latin1.GetString(data);
        if (!LooksLikeMessage(text))
        {
            return TlsRptReportReader.Reject(source, "unknown", "TLSRPT-REPORT-FORMAT-UNKNOWN", "RFC 8460 5.3",
                "the input is neither JSON, gzip nor a mail message with headers");
        }

        var found = new List<Part>();
        var others = new List<Part>();
        var count = 0;
        string? problem = null;
        Walk(text, 0, options, found, others, ref count, ref problem);
        if (problem is not null)
        {
            return TlsRptReportReader.Reject(source, "mime", "TLSRPT-MIME-INVALID", Rfc, problem);
        }

        var warnings = new List<TlsRptFinding>();
        if (found.Count == 0)
        {
            var byName = others.Where(p => FileName(p) is { } n && (n.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase) || n.EndsWith(".json", StringComparison.OrdinalIgnoreCase))).ToList();
            if (byName.Count == 1)
            {
                warnings.Add(TlsRptFinding.Warning("TLSRPT-MIME-CONTENT-TYPE", Rfc,
                    $"the report part is '{byName[0].ContentType}' named '{FileName(byName[0])}', not application/tlsrpt+json or application/tlsrpt+gzip; read by its file name"));
                found.Add(byName[0]);
            }
            else if (byName.Count > 1)
            {
                return TlsRptReportReader.Reject(source, "mime", "TLSRPT-MIME-MULTIPLE-REPORTS", Rfc,
                    $"the message has no application/tlsrpt+json or application/tlsrpt+gzip part but {byName.Count} parts named like reports ({Names(byName)}); "
                    + "which one is the report is a guess, so none is read");
            }
            else
            {
                return TlsRptReportReader.Reject(source, "mime", "TLSRPT-MIME-NO-REPORT", Rfc,
                    "the message has no application/tlsrpt+json or application/tlsrpt+gzip part");
            }
        }

        if (found.Count > 1)
        {
            return TlsRptReportReader.Reject(source, "mime", "TLSRPT-MIME-MULTIPLE-REPORTS", Rfc,
                $"the message has {found.Count} report parts ({Names(found)}); RFC 8460 5.3 carries one report per message (a text part and the report), "
                + "and reading only some would ingest the message partially, so none is read");
        }

        var part = found[0];
        byte[] body;
        switch (part.TransferEncoding)
        {
            case "quoted-printable":
                body = DecodeQuotedPrintable(part.Body, out var invalid, out var invalidLine);
                if (invalid > 0)
                {
                    warnings.Add(TlsRptFinding.Warning("TLSRPT-MIME-QP-INVALID", "RFC 2045 6.7",
                        $"the report part's quoted-printable has {invalid} '=' not followed by two hexadecimal digits or a line break (the first on line {invalidLine} of the part); "
                        + "kept as literal text, as RFC 2045 6.7 suggests"));
                }

                break;
            case "base64":
                var compact = new StringBuilder(part.Body.Length);
                foreach (var c in part.Body)
                {
                    if (!char.IsWhiteSpace(c))
                    {
                        compact.Append(c);
                    }
                }

                body = new byte[compact.Length];
                if (!Convert.TryFromBase64String(compact.ToString(), body, out var written))
                {
                    return TlsRptReportReader.Reject(source, "mime", "TLSRPT-MIME-INVALID", Rfc, "the report part's base64 is invalid");
                }

                body = body[..written];
                break;
            case "" or "7bit" or "8bit" or "binary":
                body = Encoding.Latin1.GetBytes(part.Body);
                break;
            default:
                return TlsRptReportReader.Reject(source, "mime", "TLSRPT-MIME-INVALID", Rfc,
                    $"the report part's Content-Transfer-Encoding '{part.TransferEncoding}' is not supported (base64, quoted-printable, 7bit, 8bit, binary)");
        }

        var gzip = part.ContentType == "application/tlsrpt+gzip" || body.Length >= 2 && body[0] == 0x1F && body[1] == 0x8B;
        if (body.Length > options.MaxInputBytes)
        {
            return TlsRptReportReader.Reject(source, "mime", "TLSRPT-REPORT-TOO-LARGE", Rfc, $"the report part is {body.Length} bytes, over the {options.MaxInputBytes}-byte limit");
        }

        return gzip
            ? TlsRptReportReader.ReadGzip(body, source, "mime+gzip", options, warnings)
            : TlsRptReportReader.ReadJson(body, source, "mime", options, warnings);
    }

    private static string Names(List<Part> parts) => string.Join(", ", parts.Select(p => FileName(p) is { } n ? $"'{n}'" : p.ContentType));

    /// <summary>
    /// Decodes quoted-printable (RFC 2045 6.7) from a Latin-1 string of the raw bytes: <c>=XX</c> (either case), soft line
    /// breaks (<c>=</c> at the end of a line), trailing white space on a line dropped, hard line breaks as CRLF (the last
    /// one, which ends the body, dropped). An <c>=</c> that is neither is kept literally and counted.
    /// </summary>
    private static byte[] DecodeQuotedPrintable(string body, out int invalid, out int firstInvalidLine)
    {
        invalid = 0;
        firstInvalidLine = 0;
        var output = new List<byte>(body.Length);
        var lines = body.Split('\n');
        var count = lines.Length;
        if (count > 0 && lines[count - 1].TrimEnd('\r', ' ', '\t').Length == 0)
        {
            count--; // the line break that ends the body is not data
        }

        for (var n = 0; n < count; n++)
        {
            var line = lines[n].TrimEnd('\r').TrimEnd(' ', '\t');
            var soft = line.EndsWith('=');
            if (soft)
            {
                line = line[..^1];
            }

            for (var i = 0; i < line.Length; i++)
            {
                if (line[i] == '=' && i + 2 < line.Length && char.IsAsciiHexDigit(line[i + 1]) && char.IsAsciiHexDigit(line[i + 2]))
                {
                    output.Add(Convert.ToByte(line.Substring(i + 1, 2), 16));
                    i += 2;
                    continue;
                }

                if (line[i] == '=')
                {
                    invalid++;
                    firstInvalidLine = firstInvalidLine == 0 ? n + 1 : firstInvalidLine;
                }

                output.Add((byte)line[i]);
            }

            if (!soft && n < count - 1)
            {
                output.Add((byte)'\r');
                output.Add((byte)'\n');
            }
        }

        return [.. output];
    }

    private static string? FileName(Part part) =>
        part.Parameters.TryGetValue("name", out var name) ? name : part.Parameters.TryGetValue("filename", out var file) ? file : null;

    private static bool LooksLikeMessage(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        var first = end < 0 ? text : text[..end];
        var colon = first.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && first[..colon].All(c => c > ' ' && c < 127);
    }

    private static void Walk(string entity, int depth, TlsRptReaderOptions options, List<Part> found, List<Part> others, ref int count, ref string? problem)
    {
        if (problem is not null)
        {
            return;
        }

        if (++count > options.MaxMimeParts)
        {
            problem = $"more than {options.MaxMimeParts} MIME parts";
            return;
        }

        if (depth > options.MaxMimeDepth)
        {
            problem = $"MIME multiparts nest deeper than {options.MaxMimeDepth} levels";
            return;
        }

        var (headers, body) = SplitHeaders(entity);
        headers.TryGetValue("content-type", out var contentTypeHeader);
        var (type, parameters) = ParseContentType(contentTypeHeader ?? "text/plain");
        headers.TryGetValue("content-disposition", out var disposition);
        if (disposition is not null)
        {
            foreach (var (key, value) in ParseContentType("x/x;" + disposition.Split(';', 2).ElementAtOrDefault(1)).Parameters)
            {
                parameters.TryAdd(key, value);
            }
        }

        var encoding = headers.TryGetValue("content-transfer-encoding", out var cte) ? cte.Trim().ToLowerInvariant() : "";
        if (type.StartsWith("multipart/", StringComparison.Ordinal))
        {
            if (!parameters.TryGetValue("boundary", out var boundary) || boundary.Length == 0)
            {
                problem = $"a {type} part has no boundary";
                return;
            }

            foreach (var child in SplitMultipart(body, boundary))
            {
                Walk(child, depth + 1, options, found, others, ref count, ref problem);
            }

            return;
        }

        // An attached message (a forwarded report, RFC 2046 5.2.1: 7bit, 8bit or binary only) is read like the outer one.
        if (type is "message/rfc822" or "message/global" && encoding is "" or "7bit" or "8bit" or "binary")
        {
            Walk(body, depth + 1, options, found, others, ref count, ref problem);
            return;
        }

        var part = new Part(type, parameters, encoding, body);
        if (type is "application/tlsrpt+json" or "application/tlsrpt+gzip")
        {
            found.Add(part);
        }
        else
        {
            others.Add(part);
        }
    }

    private static (Dictionary<string, string> Headers, string Body) SplitHeaders(string entity)
    {
        // Folded lines are gathered in builders: appending to strings would be quadratic in the number of folds.
        var builders = new Dictionary<string, StringBuilder>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        StringBuilder? last = null;
        while (position < entity.Length)
        {
            var end = entity.IndexOf('\n', position);
            var lineEnd = end < 0 ? entity.Length : end;
            var line = entity[position..lineEnd].TrimEnd('\r');
            position = end < 0 ? entity.Length : end + 1;
            if (line.Length == 0)
            {
                break;
            }

            if (line[0] is ' ' or '\t')
            {
                last?.Append(' ').Append(line.Trim());
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                last = null;
                continue;
            }

            var name = line[..colon].Trim();
            if (builders.ContainsKey(name))
            {
                // The first occurrence of a header wins; later ones (and their folds) are not read.
                last = null;
                continue;
            }

            last = new StringBuilder(line[(colon + 1)..].Trim());
            builders[name] = last;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in builders)
        {
            headers[name] = value.ToString();
        }

        return (headers, entity[position..]);
    }

    private static (string Type, Dictionary<string, string> Parameters) ParseContentType(string header)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var pieces = SplitParameters(header);
        var type = pieces.Count > 0 ? pieces[0].Trim().ToLowerInvariant() : "";
        foreach (var piece in pieces.Skip(1))
        {
            var eq = piece.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var value = piece[(eq + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            }

            parameters.TryAdd(piece[..eq].Trim(), value);
        }

        return (type, parameters);
    }

    private static List<string> SplitParameters(string header)
    {
        var pieces = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < header.Length; i++)
        {
            var c = header[i];
            if (c == '"' && (i == 0 || header[i - 1] != '\\'))
            {
                quoted = !quoted;
            }

            if (c == ';' && !quoted)
            {
                pieces.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        pieces.Add(current.ToString());
        return pieces;
    }

    private static List<string> SplitMultipart(string body, string boundary)
    {
        var parts = new List<string>();
        var delimiter = "--" + boundary;
        var lines = body.Split('\n');
        StringBuilder? current = null;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith(delimiter, StringComparison.Ordinal))
            {
                var rest = line[delimiter.Length..].TrimEnd(' ', '\t');
                if (rest == "--")
                {
                    if (current is not null)
                    {
                        parts.Add(Content(current));
                    }

                    return parts;
                }

                if (rest.Length == 0)
                {
                    if (current is not null)
                    {
                        parts.Add(Content(current));
                    }

                    current = new StringBuilder();
                    continue;
                }
            }

            if (current is not null)
            {
                current.Append(raw).Append('\n');
            }
        }

        if (current is not null)
        {
            parts.Add(current.ToString());
        }

        return parts;

        // RFC 2046 5.1.1: the line break before a delimiter line belongs to the delimiter, not to the part, which matters
        // for a binary or quoted-printable body.
        static string Content(StringBuilder part)
        {
            var length = part.Length;
            if (length > 0 && part[length - 1] == '\n')
            {
                length--;
                if (length > 0 && part[length - 1] == '\r')
                {
                    length--;
                }
            }

            return part.ToString(0, length);
        }
    }
}
