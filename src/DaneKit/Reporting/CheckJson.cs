using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DaneKit.Smtp;

namespace DaneKit.Reporting;

/// <summary>
/// <c>danekit check --json</c>: the <see cref="DaneCheckResult"/> as one JSON object, schema version
/// <see cref="SchemaVersion"/> (docs/check-json.md, docs/schema/check-v1.schema.json). The object is the result's members
/// (camelCase, enums kebab-case, durations in seconds) after <c>schemaVersion</c>, <c>danekitVersion</c> and
/// <c>exitCode</c>. <see cref="Read"/> turns it back into the model, so a recorded run can be rendered again.
/// </summary>
public static class CheckJson
{
    /// <summary>The version of the output's shape: bumped when a member is removed, renamed or changes meaning, not when one is added.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The serializer options: camelCase members, wire-named enums, seconds for durations, nulls written, indented.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = CheckWireNames.Members,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
        // The output is a file or a pipe, never HTML: keep '+' in base64, '<' in greetings, non-ASCII names readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectNullableAnnotations = true,
        Converters = { CheckWireNames.EnumConverter, new SecondsConverter() },

        // Source-generated metadata (CheckJsonContext): no reflection at run time, so the NativeAOT build works.
        TypeInfoResolver = CheckJsonContext.Default,
    };

    /// <summary>The document for <paramref name="result"/>, with a final newline.</summary>
    /// <param name="result">The check's result.</param>
    /// <param name="exitCode">The exit code the command returns for it.</param>
    /// <returns>The JSON text.</returns>
    public static string Write(DaneCheckResult result, int exitCode)
    {
        ArgumentNullException.ThrowIfNull(result);
        var body = JsonSerializer.SerializeToNode(result, Options.GetTypeInfo(typeof(DaneCheckResult)))!.AsObject();
        var document = new JsonObject
        {
            ["schemaVersion"] = SchemaVersion,
            ["danekitVersion"] = Version,
            ["exitCode"] = exitCode,
        };
        foreach (var (name, value) in body.ToList())
        {
            body.Remove(name);
            document[name] = value;
        }

        return document.ToJsonString(Options) + "\n";
    }

    /// <summary>Reads a document written by <see cref="Write"/> back into the model.</summary>
    /// <param name="json">The document.</param>
    /// <returns>The result.</returns>
    /// <exception cref="JsonException">The text is not such a document, or its schema version is not <see cref="SchemaVersion"/>.</exception>
    public static DaneCheckResult Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using (var document = JsonDocument.Parse(json))
        {
            if (!document.RootElement.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number
                || version.GetInt32() != SchemaVersion)
            {
                throw new JsonException($"not a danekit check document of schema version {SchemaVersion}");
            }
        }

        return JsonSerializer.Deserialize(json, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<DaneCheckResult>)Options.GetTypeInfo(typeof(DaneCheckResult))) ?? throw new JsonException("the document is null");
    }

    /// <summary>The informational version of this build, e.g. <c>0.1.0+3a9c4c5</c>.</summary>
    public static string Version { get; } =
        typeof(CheckJson).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>A <see cref="TimeSpan"/> as seconds, to the millisecond (<c>1.234</c>).</summary>
    private sealed class SecondsConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number
                ? TimeSpan.FromSeconds(reader.GetDouble())
                : throw new JsonException($"a duration is a number of seconds, found {reader.TokenType}");

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteRawValue(Math.Round(value.TotalSeconds, 3).ToString("0.0##", CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>Source-generated serialization metadata for the check result (the naming and converters come from <see cref="CheckJson.Options"/>).</summary>
[JsonSerializable(typeof(DaneCheckResult))]
internal sealed partial class CheckJsonContext : JsonSerializerContext;
