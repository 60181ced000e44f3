using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DaneKit.Reporting;
using DaneKit.Smtp;

namespace DaneKit.Survey;

/// <summary>
/// The lines of a scan's output (JSON Lines, docs/scan.md): each the <c>danekit check --json</c> document
/// (<see cref="CheckJson"/>, schema version 1, with <c>exitCode</c>) written compactly on one line, or for an input line
/// that is not a domain name the error record <c>{"domain":"TEXT","error":"WHY","line":N}</c> (and for a domain whose
/// check failed unexpectedly <c>{"domain":"NAME.","error":"WHY"}</c>).
/// </summary>
public static class SurveyJson
{
    private static readonly JsonSerializerOptions Compact = new(CheckJson.Options) { WriteIndented = false };
    private static readonly JsonTypeInfo<DaneCheckResult> ResultInfo = (JsonTypeInfo<DaneCheckResult>)Compact.GetTypeInfo(typeof(DaneCheckResult));
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };
    private static readonly byte[] Head = BuildHead();

    /// <summary>
    /// The check document of <paramref name="result"/> on one line, ending in a newline: the same members, in the same
    /// order, as <see cref="CheckJson.Write"/> writes them indented.
    /// </summary>
    /// <param name="result">The result.</param>
    /// <param name="exitCode">The exit code <c>danekit check</c> gives it.</param>
    /// <returns>UTF-8 bytes.</returns>
    public static byte[] ResultLine(DaneCheckResult result, int exitCode)
    {
        ArgumentNullException.ThrowIfNull(result);
        var body = JsonSerializer.SerializeToUtf8Bytes(result, ResultInfo);
        var code = Encoding.ASCII.GetBytes(exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // {"schemaVersion":1,"danekitVersion":"V","exitCode":N, then the result's members (its text after the opening brace).
        var line = new byte[Head.Length + code.Length + 1 + body.Length - 1 + 1];
        var span = line.AsSpan();
        Head.CopyTo(span);
        code.CopyTo(span[Head.Length..]);
        var at = Head.Length + code.Length;
        span[at++] = (byte)',';
        body.AsSpan(1).CopyTo(span[at..]);
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>The error record for an input line that cannot be scanned, ending in a newline.</summary>
    /// <param name="text">The line as given (trimmed).</param>
    /// <param name="error">Why.</param>
    /// <param name="line">The line number in the input, from 1; <see langword="null"/> for a domain whose check failed.</param>
    /// <returns>UTF-8 bytes.</returns>
    public static byte[] ErrorLine(string text, string error, long? line)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(error);
        var buffer = new ArrayBufferWriter<byte>(128 + text.Length + error.Length);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("domain", text);
            writer.WriteString("error", error);
            if (line is { } n)
            {
                writer.WriteNumber("line", n);
            }

            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The key of a complete output line, for resuming: the result's <c>domain</c> (a check document), or
    /// <see cref="ErrorKey"/> of the error record's <c>domain</c>. <see langword="null"/> when the line is neither.
    /// Only the first members are read.
    /// </summary>
    /// <param name="line">The line, without its newline.</param>
    /// <returns>The key, or <see langword="null"/>.</returns>
    public static string? KeyOf(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var document = false;
            var first = true;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isDomain = reader.ValueTextEquals("domain"u8);
                var isSchema = reader.ValueTextEquals("schemaVersion"u8);
                if (first)
                {
                    document = isSchema;
                    if (!document && !isDomain)
                    {
                        return null;
                    }
                }

                first = false;
                if (!reader.Read())
                {
                    return null;
                }

                if (isDomain)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return null;
                    }

                    var domain = reader.GetString()!;
                    return document ? domain : ErrorKey(domain);
                }

                reader.Skip();
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The key under which an error record's text is remembered (distinct from any domain's).</summary>
    /// <param name="text">The line as given (trimmed).</param>
    /// <returns>The key.</returns>
    public static string ErrorKey(string text) => "\0" + text;

    private static byte[] BuildHead()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", CheckJson.SchemaVersion);
            writer.WriteString("danekitVersion", CheckJson.Version);
            writer.WriteNumber("exitCode", 0);
            writer.WriteEndObject();
        }

        // Cut after "exitCode": (the number and the closing brace are written per line).
        var text = buffer.WrittenSpan;
        var cut = text.LastIndexOf((byte)':') + 1;
        return text[..cut].ToArray();
    }
}
