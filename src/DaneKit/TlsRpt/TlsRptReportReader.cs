using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace DaneKit.TlsRpt;

/// <summary>
/// Reads aggregate TLS reports (RFC 8460 section 4): JSON, gzip-compressed JSON (<c>.json.gz</c>) and mail messages
/// carrying an <c>application/tlsrpt+json</c> or <c>application/tlsrpt+gzip</c> part (RFC 8460 section 5.3). The
/// format is told from the content. A report is ingested whole, with every tolerated deviation as a warning, or
/// rejected with one reason; never partially. Malformed input gives a rejection, never an exception.
/// </summary>
public static class TlsRptReportReader
{
    private const string Rfc44 = "RFC 8460 4.4";
    private const string Rfc53 = "RFC 8460 5.3";

    /// <summary>Reads one report file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">The limits; <see cref="TlsRptReaderOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The report or the reason it was rejected (an unreadable file is a rejection too).</returns>
    public static async Task<TlsRptReadResult> ReadFileAsync(string path, TlsRptReaderOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= TlsRptReaderOptions.Default;
        byte[] data;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > options.MaxInputBytes)
            {
                return Reject(path, "unknown", "TLSRPT-REPORT-TOO-LARGE", "RFC 8460 4", $"the file is {info.Length} bytes, over the {options.MaxInputBytes}-byte limit");
            }

            data = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Reject(path, "unknown", "TLSRPT-FILE-UNREADABLE", "RFC 8460 4", $"cannot read the file: {e.Message}");
        }

        return Read(data, path, options);
    }

    /// <summary>Reads one report from its bytes: JSON, gzip or a MIME message, told from the content.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="source">A label for the result, e.g. the file name.</param>
    /// <param name="options">The limits; <see cref="TlsRptReaderOptions.Default"/> when <see langword="null"/>.</param>
    /// <returns>The report or the reason it was rejected.</returns>
    public static TlsRptReadResult Read(ReadOnlySpan<byte> data, string source, TlsRptReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= TlsRptReaderOptions.Default;
        if (data.Length > options.MaxInputBytes)
        {
            return Reject(source, "unknown", "TLSRPT-REPORT-TOO-LARGE", "RFC 8460 4", $"the input is {data.Length} bytes, over the {options.MaxInputBytes}-byte limit");
        }

        if (data.Length >= 2 && data[0] == 0x1F && data[1] == 0x8B)
        {
            return ReadGzip(data, source, "gzip", options, []);
        }

        var start = 0;
        if (data.StartsWith("\uFEFF"u8))
        {
            start = 3;
        }

        while (start < data.Length && data[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start < data.Length && data[start] is (byte)'{' or (byte)'[')
        {
            return ReadJson(data, source, "json", options, []);
        }

        if (data.Length == 0)
        {
            return Reject(source, "unknown", "TLSRPT-REPORT-JSON-INVALID", "RFC 8460 4.4", "the input is empty");
        }

        return TlsRptMimeReader.Read(data, source, options);
    }

    internal static TlsRptReadResult ReadGzip(ReadOnlySpan<byte> data, string source, string format, TlsRptReaderOptions options, List<TlsRptFinding> carried)
    {
        byte[] json;
        try
        {
            using var input = new MemoryStream(data.ToArray(), writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > options.MaxDecompressedBytes)
                {
                    return Reject(source, format, "TLSRPT-GZIP-TOO-LARGE", Rfc53,
                        $"the gzip data decompresses to more than {options.MaxDecompressedBytes} bytes (a gzip bomb?); rejected unread");
                }

                output.Write(buffer, 0, read);
            }

            json = output.ToArray();
        }
        catch (InvalidDataException e)
        {
            return Reject(source, format, "TLSRPT-GZIP-INVALID", Rfc53, $"the gzip data is corrupt: {e.Message}");
        }

        if (json.Length == 0)
        {
            return Reject(source, format, "TLSRPT-GZIP-INVALID", Rfc53, "the gzip data decompresses to nothing");
        }

        return ReadJson(json, source, format, options, carried);
    }

    internal static TlsRptReadResult ReadJson(ReadOnlySpan<byte> data, string source, string format, TlsRptReaderOptions options, List<TlsRptFinding> carried)
    {
        if (data.StartsWith("\uFEFF"u8))
        {
            data = data[3..];
        }

        if (!System.Text.Unicode.Utf8.IsValid(data))
        {
            var valid = FirstInvalidUtf8(data);
            return Reject(source, format, "TLSRPT-REPORT-JSON-INVALID", Rfc44, $"the JSON is not valid UTF-8 (RFC 8259 8.1) at byte {valid + 1}");
        }

        var jsonOptions = new JsonDocumentOptions { MaxDepth = options.MaxJsonDepth, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(data.ToArray(), jsonOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : "";
            // Only the reader's depth limit, not "Expected depth to be zero at the end of the JSON payload" (a truncated
            // document, which is invalid JSON).
            var depth = e.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase);
            if (depth)
            {
                return Reject(source, format, "TLSRPT-REPORT-JSON-TOO-DEEP", Rfc44, $"the JSON nests deeper than {options.MaxJsonDepth} levels{where}");
            }

            // A raw control character inside a string (RFC 8259 7 wants it escaped) is the one syntax error read past:
            // the document's structure is unambiguous without it, and RFC 8460's own example (Appendix B) has one, a URI
            // wrapped across two lines. The strings keep the characters as sent; a warning says where.
            var escaped = ControlCharacters.Escape(data);
            if (escaped is null)
            {
                return Reject(source, format, "TLSRPT-REPORT-JSON-INVALID", Rfc44, $"invalid JSON{where}: {FirstSentence(e.Message)}");
            }

            try
            {
                document = JsonDocument.Parse(escaped.Json, jsonOptions);
            }
            catch (JsonException again)
            {
                if (again.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase))
                {
                    return Reject(source, format, "TLSRPT-REPORT-JSON-TOO-DEEP", Rfc44,
                        $"the JSON nests deeper than {options.MaxJsonDepth} levels");
                }

                return Reject(source, format, "TLSRPT-REPORT-JSON-INVALID", Rfc44,
                    $"invalid JSON{where}: {FirstSentence(e.Message)} (with the raw control characters in strings read as escaped, the JSON is still invalid: {FirstSentence(again.Message)})");
            }

            carried.Add(TlsRptFinding.Warning("TLSRPT-REPORT-JSON-CONTROL-CHARACTER", "RFC 8460 4", escaped.Describe()));
        }

        using (document)
        {
            var parser = new ReportParser(carried);
            try
            {
                var report = parser.ParseReport(document.RootElement);
                return new TlsRptReadResult(source, format, report, null);
            }
            catch (ReportRejectedException e)
            {
                return new TlsRptReadResult(source, format, null, e.Finding);
            }
            catch (InvalidOperationException e)
            {
                // Defensive: System.Text.Json refuses a string it cannot transcode; the UTF-8 check above should have caught it.
                return Reject(source, format, "TLSRPT-REPORT-JSON-INVALID", Rfc44, $"invalid JSON text: {e.Message}");
            }
        }
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> data)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(data, new char[data.Length], out var read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? data.Length : read;
    }

    internal static TlsRptReadResult Reject(string source, string format, string code, string rfc, string message) =>
        new(source, format, null, TlsRptFinding.Error(code, rfc, message));

    private static string FirstSentence(string message)
    {
        foreach (var marker in new[] { " LineNumber:", " Path:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return message;
    }

    /// <summary>Finds raw control characters (U+0000 to U+001F) inside JSON strings and escapes them as <c>\u00XX</c>.</summary>
    private static class ControlCharacters
    {
        public sealed record Escaped(byte[] Json, int Count, byte First, int Line, int Byte)
        {
            public string Describe() =>
                $"{(Count == 1 ? "a string holds a raw control character" : $"strings hold {Count} raw control characters")}, "
                + $"{(Count == 1 ? "a" : "the first a")} {Name(First)} (U+{First:X4}) at line {Line}, byte {Byte}, where RFC 8259 7 requires an escape "
                + "(a value wrapped across lines, like the additional-information URI of RFC 8460's own example report); read as if escaped, values kept as sent";
        }

        /// <summary>The document with the control characters inside strings escaped, or null when there are none.</summary>
        public static Escaped? Escape(ReadOnlySpan<byte> data)
        {
            List<byte>? output = null;
            var inString = false;
            var count = 0;
            byte first = 0;
            int line = 1, column = 0, firstLine = 0, firstColumn = 0;
            for (var i = 0; i < data.Length; i++)
            {
                var b = data[i];
                column++;
                if (inString && b < 0x20)
                {
                    if (output is null)
                    {
                        output = new List<byte>(data.Length + 16);
                        output.AddRange(data[..i]);
                        first = b;
                        firstLine = line;
                        firstColumn = column;
                    }

                    count++;
                    output.AddRange("\\u00"u8);
                    output.Add((byte)"0123456789ABCDEF"[b >> 4]);
                    output.Add((byte)"0123456789ABCDEF"[b & 0xF]);
                }
                else if (inString && b == (byte)'\\' && i + 1 < data.Length)
                {
                    // The escaped character is copied as is: an escaped control character ("\" then a line feed) is not
                    // made valid here, the parser refuses it.
                    output?.Add(b);
                    b = data[++i];
                    column++;
                    output?.Add(b);
                }
                else
                {
                    output?.Add(b);
                    if (b == (byte)'"')
                    {
                        inString = !inString;
                    }
                }

                if (b == (byte)'\n')
                {
                    line++;
                    column = 0;
                }
            }

            return output is null ? null : new Escaped([.. output], count, first, firstLine, firstColumn);
        }

        private static string Name(byte b) => b switch
        {
            (byte)'\n' => "line feed",
            (byte)'\r' => "carriage return",
            (byte)'\t' => "tab",
            (byte)'\f' => "form feed",
            _ => "control character",
        };
    }

    private sealed class ReportRejectedException(TlsRptFinding finding) : Exception(finding.Message)
    {
        public TlsRptFinding Finding { get; } = finding;
    }

    /// <summary>Walks the JSON tree; throws <see cref="ReportRejectedException"/> (internal only) on a fatal problem.</summary>
    private sealed class ReportParser(List<TlsRptFinding> warnings)
    {
        private static readonly string[] ReportFields = ["organization-name", "date-range", "contact-info", "report-id", "policies"];
        private static readonly string[] DateRangeFields = ["start-datetime", "end-datetime"];
        private static readonly string[] PolicyResultFields = ["policy", "summary", "failure-details"];
        private static readonly string[] PolicyFields = ["policy-type", "policy-string", "policy-domain", "mx-host"];
        private static readonly string[] SummaryFields = ["total-successful-session-count", "total-failure-session-count"];
        private static readonly string[] FailureFields = ["result-type", "sending-mta-ip", "receiving-mx-hostname", "receiving-mx-helo", "receiving-ip",
            "failed-session-count", "additional-information", "failure-reason-code"];

        public TlsRptReport ParseReport(JsonElement root)
        {
            var fields = Object(root, "$", ReportFields);
            var organization = RequiredString(fields, "$", "organization-name");
            var dateRange = Object(Required(fields, "$", "date-range"), "$.date-range", DateRangeFields);
            var start = Date(dateRange, "$.date-range", "start-datetime");
            var end = Date(dateRange, "$.date-range", "end-datetime");
            if (end < start)
            {
                Warn("TLSRPT-REPORT-DATE-RANGE", Rfc44, $"$.date-range: end-datetime {end:O} is before start-datetime {start:O}");
            }

            string? contact = null;
            if (!fields.TryGetValue("contact-info", out var contactElement))
            {
                Warn("TLSRPT-REPORT-FIELD-MISSING", Rfc44, "$.contact-info is missing");
            }
            else if (contactElement.ValueKind == JsonValueKind.Null)
            {
                Warn("TLSRPT-REPORT-FIELD-NULL", Rfc44, "$.contact-info is null");
            }
            else
            {
                contact = String(contactElement, "$.contact-info");
            }

            var reportId = RequiredString(fields, "$", "report-id");
            var policiesElement = Required(fields, "$", "policies");
            if (policiesElement.ValueKind != JsonValueKind.Array)
            {
                throw WrongType("$.policies", "an array", policiesElement);
            }

            var policies = new List<TlsRptPolicyResult>();
            var index = 0;
            foreach (var element in policiesElement.EnumerateArray())
            {
                policies.Add(ParsePolicyResult(element, $"$.policies[{index++}]"));
            }

            if (policies.Count == 0)
            {
                Warn("TLSRPT-REPORT-NO-POLICIES", Rfc44, "$.policies is empty: the report says nothing");
            }

            return new TlsRptReport
            {
                OrganizationName = organization,
                StartDateTime = start,
                EndDateTime = end,
                ContactInfo = contact,
                ReportId = reportId,
                Policies = policies,
                Warnings = [.. warnings],
            };
        }

        private TlsRptPolicyResult ParsePolicyResult(JsonElement element, string path)
        {
            var fields = Object(element, path, PolicyResultFields);
            var policy = ParsePolicy(Required(fields, path, "policy"), path + ".policy");
            var summaryPath = path + ".summary";
            var summary = Object(Required(fields, path, "summary"), summaryPath, SummaryFields);
            var successful = Count(Required(summary, summaryPath, "total-successful-session-count"), summaryPath + ".total-successful-session-count");
            var failed = Count(Required(summary, summaryPath, "total-failure-session-count"), summaryPath + ".total-failure-session-count");
            var details = new List<TlsRptFailureDetail>();
            if (fields.TryGetValue("failure-details", out var detailsElement) && detailsElement.ValueKind != JsonValueKind.Null)
            {
                if (detailsElement.ValueKind != JsonValueKind.Array)
                {
                    throw WrongType(path + ".failure-details", "an array", detailsElement);
                }

                var i = 0;
                foreach (var detail in detailsElement.EnumerateArray())
                {
                    details.Add(ParseFailure(detail, $"{path}.failure-details[{i++}]"));
                }
            }
            else if (failed > 0)
            {
                Warn("TLSRPT-REPORT-FAILURES-UNDETAILED", Rfc44, $"{path}: {failed} failed sessions but no failure-details");
            }

            var detailed = details.Sum(d => d.FailedSessionCount);
            if (detailed > failed)
            {
                Warn("TLSRPT-REPORT-COUNT-MISMATCH", Rfc44, $"{path}: failure-details count {detailed} failed sessions, more than total-failure-session-count {failed}");
            }

            return new TlsRptPolicyResult(policy, successful, failed, details);
        }

        private TlsRptPolicy ParsePolicy(JsonElement element, string path)
        {
            var fields = Object(element, path, PolicyFields);
            var typeName = RequiredString(fields, path, "policy-type");
            var type = typeName switch
            {
                "tlsa" => TlsRptPolicyType.Tlsa,
                "sts" => TlsRptPolicyType.Sts,
                "no-policy-found" => TlsRptPolicyType.NoPolicyFound,
                _ => TlsRptPolicyType.Unknown,
            };
            if (type == TlsRptPolicyType.Unknown)
            {
                Warn("TLSRPT-REPORT-POLICY-TYPE-UNKNOWN", Rfc44, $"{path}.policy-type '{typeName}' is not tlsa, sts or no-policy-found; kept as is");
            }

            var strings = OptionalStrings(fields, path, "policy-string");
            string? domain = null;
            if (!fields.TryGetValue("policy-domain", out var domainElement) || domainElement.ValueKind == JsonValueKind.Null)
            {
                Warn(domainElement.ValueKind == JsonValueKind.Null ? "TLSRPT-REPORT-FIELD-NULL" : "TLSRPT-REPORT-FIELD-MISSING", Rfc44,
                    $"{path}.policy-domain is {(domainElement.ValueKind == JsonValueKind.Null ? "null" : "missing")} (policy-type {typeName})");
            }
            else
            {
                domain = String(domainElement, path + ".policy-domain");
            }

            var mxHosts = OptionalStrings(fields, path, "mx-host");
            return new TlsRptPolicy(type, typeName, strings, domain, mxHosts);
        }

        private TlsRptFailureDetail ParseFailure(JsonElement element, string path)
        {
            var fields = Object(element, path, FailureFields);
            var name = RequiredString(fields, path, "result-type");
            TlsRptResultType? type = TlsRptResultTypes.TryParse(name, out var parsed) ? parsed : null;
            if (type is null)
            {
                Warn("TLSRPT-REPORT-RESULT-TYPE-UNKNOWN", "RFC 8460 4.3", $"{path}.result-type '{name}' is not defined by RFC 8460; kept as is");
            }

            var sendingIp = OptionalString(fields, path, "sending-mta-ip", warnIfMissing: true);
            var additional = OptionalString(fields, path, "additional-information", warnIfMissing: false);
            if (additional is not null && UriProblem(additional) is { } problem)
            {
                Warn("TLSRPT-REPORT-URI-INVALID", Rfc44, $"{path}.additional-information is not a URI (RFC 3986): {problem}; kept as sent");
            }

            return new TlsRptFailureDetail
            {
                ResultType = type,
                ResultTypeName = name,
                SendingMtaIp = sendingIp,
                ReceivingMxHostname = OptionalString(fields, path, "receiving-mx-hostname", warnIfMissing: false),
                ReceivingMxHelo = OptionalString(fields, path, "receiving-mx-helo", warnIfMissing: false),
                ReceivingIp = OptionalString(fields, path, "receiving-ip", warnIfMissing: false),
                FailedSessionCount = Count(Required(fields, path, "failed-session-count"), path + ".failed-session-count"),
                AdditionalInformation = additional,
                FailureReasonCode = OptionalString(fields, path, "failure-reason-code", warnIfMissing: false),
            };
        }

        /// <summary>Why <paramref name="text"/> is not an absolute URI of RFC 3986 (scheme ":" then URI characters), or null when it is one.</summary>
        private static string? UriProblem(string text)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !char.IsAsciiLetter(text[0]) || !text[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return "it does not begin with a scheme and ':'";
            }

            for (var i = colon + 1; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '%')
                {
                    if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                    {
                        return $"the '%' at character {i + 1} is not followed by two hexadecimal digits";
                    }

                    i += 2;
                }
                else if (!(char.IsAsciiLetterOrDigit(c) || "-._~:/?#[]@!$&'()*+,;=".Contains(c, StringComparison.Ordinal)))
                {
                    var name = c switch
                    {
                        ' ' => "a space",
                        '\n' => "a line feed",
                        '\r' => "a carriage return",
                        '\t' => "a tab",
                        _ when char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) => $"U+{(int)c:X4}",
                        _ => $"'{c}'",
                    };
                    return $"it holds {name} at character {i + 1}, which a URI cannot hold unencoded";
                }
            }

            return null;
        }

        private Dictionary<string, JsonElement> Object(JsonElement element, string path, string[] known)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw WrongType(path, "an object", element);
            }

            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!fields.TryAdd(property.Name, property.Value))
                {
                    throw Rejected("TLSRPT-REPORT-FIELD-DUPLICATE", Rfc44, $"{path}.{property.Name} appears more than once: the report is ambiguous");
                }

                if (Array.IndexOf(known, property.Name) < 0)
                {
                    Warn("TLSRPT-REPORT-FIELD-UNKNOWN", Rfc44, $"{path}.{property.Name} is not an RFC 8460 field; ignored");
                }
            }

            return fields;
        }

        private static JsonElement Required(Dictionary<string, JsonElement> fields, string path, string name) =>
            fields.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null
                ? value
                : throw Rejected("TLSRPT-REPORT-FIELD-REQUIRED", Rfc44, $"{path}.{name} is {(fields.ContainsKey(name) ? "null" : "missing")}, and it is required");

        private static string RequiredString(Dictionary<string, JsonElement> fields, string path, string name) =>
            String(Required(fields, path, name), $"{path}.{name}");

        private static string String(JsonElement element, string path) =>
            element.ValueKind == JsonValueKind.String ? element.GetString()! : throw WrongType(path, "a string", element);

        private string? OptionalString(Dictionary<string, JsonElement> fields, string path, string name, bool warnIfMissing)
        {
            if (!fields.TryGetValue(name, out var element))
            {
                if (warnIfMissing)
                {
                    Warn("TLSRPT-REPORT-FIELD-MISSING", Rfc44, $"{path}.{name} is missing");
                }

                return null;
            }

            if (element.ValueKind == JsonValueKind.Null)
            {
                Warn("TLSRPT-REPORT-FIELD-NULL", Rfc44, $"{path}.{name} is null");
                return null;
            }

            if (element.ValueKind is JsonValueKind.Number)
            {
                Warn("TLSRPT-REPORT-STRING-AS-NUMBER", Rfc44, $"{path}.{name} is a number, not a string; kept as text");
                return element.GetRawText();
            }

            return String(element, $"{path}.{name}");
        }

        private List<string> OptionalStrings(Dictionary<string, JsonElement> fields, string path, string name)
        {
            if (!fields.TryGetValue(name, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (element.ValueKind == JsonValueKind.String)
            {
                Warn("TLSRPT-REPORT-STRING-NOT-ARRAY", Rfc44, $"{path}.{name} is a string, not an array of strings; taken as one element");
                return [element.GetString()!];
            }

            if (element.ValueKind != JsonValueKind.Array)
            {
                throw WrongType($"{path}.{name}", "an array of strings", element);
            }

            var list = new List<string>();
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                list.Add(String(item, $"{path}.{name}[{i++}]"));
            }

            return list;
        }

        private long Count(JsonElement element, string path)
        {
            long value;
            if (element.ValueKind == JsonValueKind.Number)
            {
                if (!element.TryGetInt64(out value))
                {
                    throw Rejected("TLSRPT-REPORT-FIELD-TYPE", Rfc44, $"{path} is {element.GetRawText()}, not a whole number");
                }
            }
            else if (element.ValueKind == JsonValueKind.String
                && long.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out value))
            {
                Warn("TLSRPT-REPORT-NUMBER-AS-STRING", Rfc44, $"{path} is the string \"{element.GetString()}\", not a number; taken as {value}");
            }
            else
            {
                throw WrongType(path, "a whole number", element);
            }

            return value >= 0 ? value : throw Rejected("TLSRPT-REPORT-FIELD-TYPE", Rfc44, $"{path} is negative ({value})");
        }

        private DateTimeOffset Date(Dictionary<string, JsonElement> fields, string path, string name)
        {
            var text = RequiredString(fields, path, name);
            if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture,
                    DateTimeStyles.None, out var strict) && (text.EndsWith('Z') || text.EndsWith('z') || text.Length > 20 && text[^3] == ':'))
            {
                return strict.ToUniversalTime();
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var loose))
            {
                Warn("TLSRPT-REPORT-DATE-FORMAT", Rfc44, $"{path}.{name} '{text}' is not an RFC 3339 date-time with a time zone; read as {loose:yyyy-MM-dd'T'HH:mm:ss'Z'}");
                return loose;
            }

            throw Rejected("TLSRPT-REPORT-DATE-INVALID", Rfc44, $"{path}.{name} '{text}' is not a date-time");
        }

        private void Warn(string code, string rfc, string message) => warnings.Add(TlsRptFinding.Warning(code, rfc, message));

        private static ReportRejectedException WrongType(string path, string expected, JsonElement element) =>
            Rejected("TLSRPT-REPORT-FIELD-TYPE", Rfc44, $"{path} must be {expected}, found {element.ValueKind.ToString().ToLowerInvariant()}");

        private static ReportRejectedException Rejected(string code, string rfc, string message) => new(TlsRptFinding.Error(code, rfc, message));
    }
}
