using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DaneKit.Tests.CheckCli;

/// <summary>
/// A JSON Schema (draft 2020-12) validator for the keywords docs/schema/check-v1.schema.json uses: <c>type</c>,
/// <c>properties</c>, <c>required</c>, <c>additionalProperties</c>, <c>items</c>, <c>enum</c>, <c>const</c>,
/// <c>minimum</c>, <c>maximum</c>, <c>minItems</c>, <c>minLength</c>, <c>pattern</c>, <c>anyOf</c>, <c>oneOf</c>, local
/// <c>$ref</c> into <c>$defs</c>, and <c>format: date-time</c>. A schema that uses any other keyword is refused, so the
/// schema cannot say more than is checked.
/// </summary>
internal sealed class JsonSchemaSubset
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "$comment", "title", "description", "examples", "default", "deprecated", "$defs",
    };

    private static readonly HashSet<string> Assertions = new(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "items", "enum", "const", "minimum", "maximum", "minItems", "minLength",
        "pattern", "anyOf", "oneOf", "$ref", "format",
    };

    private readonly JsonElement _root;

    /// <summary>Reads a schema and checks that it uses only the supported keywords.</summary>
    /// <param name="schema">The schema (an element that outlives its document, e.g. from <see cref="JsonElement.Clone"/>).</param>
    public JsonSchemaSubset(JsonElement schema)
    {
        _root = schema;
        CheckKeywords(_root, "#");
    }

    /// <summary>
    /// Also report members that an object schema with <c>properties</c> does not list (the published schema lets
    /// consumers ignore members added later; the tests use this to keep the schema describing every member).
    /// </summary>
    public bool Strict { get; init; }

    /// <summary>The schema's root.</summary>
    public JsonElement Root => _root;

    /// <summary>Validates <paramref name="instance"/>.</summary>
    /// <param name="instance">The JSON value.</param>
    /// <returns>Every violation, as "JSON pointer: what"; empty when valid.</returns>
    public IReadOnlyList<string> Validate(JsonElement instance)
    {
        var errors = new List<string>();
        Validate(_root, instance, "", errors);
        return errors;
    }

    private static void CheckKeywords(JsonElement schema, string where)
    {
        if (schema.ValueKind == JsonValueKind.True || schema.ValueKind == JsonValueKind.False)
        {
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException($"{where}: a schema is an object or a boolean");
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Annotations.Contains(keyword.Name) && !Assertions.Contains(keyword.Name))
            {
                throw new InvalidOperationException($"{where}: the schema uses '{keyword.Name}', which {nameof(JsonSchemaSubset)} does not implement");
            }

            switch (keyword.Name)
            {
                case "properties" or "$defs":
                    foreach (var p in keyword.Value.EnumerateObject())
                    {
                        CheckKeywords(p.Value, $"{where}/{keyword.Name}/{p.Name}");
                    }

                    break;
                case "items" or "additionalProperties":
                    CheckKeywords(keyword.Value, $"{where}/{keyword.Name}");
                    break;
                case "anyOf" or "oneOf":
                    var i = 0;
                    foreach (var s in keyword.Value.EnumerateArray())
                    {
                        CheckKeywords(s, $"{where}/{keyword.Name}/{i++}");
                    }

                    break;
                case "$ref" when !keyword.Value.GetString()!.StartsWith("#/$defs/", StringComparison.Ordinal):
                    throw new InvalidOperationException($"{where}: only local references into #/$defs are supported");
                case "format" when keyword.Value.GetString() != "date-time":
                    throw new InvalidOperationException($"{where}: only format date-time is supported");
                default:
                    break;
            }
        }
    }

    private void Validate(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{Where(path)}: no value is allowed here");
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!["#/$defs/".Length..];
            if (!_root.GetProperty("$defs").TryGetProperty(name, out var target))
            {
                throw new InvalidOperationException($"the schema refers to #/$defs/{name}, which it does not define");
            }

            Validate(target, value, path, errors);
        }

        if (schema.TryGetProperty("type", out var type) && !TypeMatches(type, value))
        {
            errors.Add($"{Where(path)}: {Kind(value)} where the schema wants {type.GetRawText()}");
            return;
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, value))
        {
            errors.Add($"{Where(path)}: {value.GetRawText()} is not {constant.GetRawText()}");
        }

        if (schema.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => JsonElement.DeepEquals(v, value)))
        {
            errors.Add($"{Where(path)}: {value.GetRawText()} is not one of {values.GetRawText()}");
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            if (schema.TryGetProperty("minimum", out var min) && value.GetDouble() < min.GetDouble())
            {
                errors.Add($"{Where(path)}: {value.GetRawText()} is below {min.GetRawText()}");
            }

            if (schema.TryGetProperty("maximum", out var max) && value.GetDouble() > max.GetDouble())
            {
                errors.Add($"{Where(path)}: {value.GetRawText()} is above {max.GetRawText()}");
            }
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            if (schema.TryGetProperty("minLength", out var minLength) && text.Length < minLength.GetInt32())
            {
                errors.Add($"{Where(path)}: \"{text}\" is shorter than {minLength.GetInt32()}");
            }

            if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                errors.Add($"{Where(path)}: \"{text}\" does not match {pattern.GetString()}");
            }

            if (schema.TryGetProperty("format", out _)
                && !DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                && !DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            {
                errors.Add($"{Where(path)}: \"{text}\" is not an RFC 3339 date-time");
            }
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out var required))
            {
                foreach (var name in required.EnumerateArray().Select(n => n.GetString()!))
                {
                    if (!value.TryGetProperty(name, out _))
                    {
                        errors.Add($"{Where(path)}: the required member '{name}' is missing");
                    }
                }
            }

            schema.TryGetProperty("properties", out var properties);
            foreach (var member in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(member.Name, out var memberSchema))
                {
                    Validate(memberSchema, member.Value, $"{path}/{member.Name}", errors);
                }
                else if (Strict && properties.ValueKind == JsonValueKind.Object)
                {
                    errors.Add($"{Where(path)}: the member '{member.Name}' is not described by the schema");
                }
                else if (schema.TryGetProperty("additionalProperties", out var additional))
                {
                    Validate(additional, member.Value, $"{path}/{member.Name}", errors);
                }
            }
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            if (schema.TryGetProperty("minItems", out var minItems) && value.GetArrayLength() < minItems.GetInt32())
            {
                errors.Add($"{Where(path)}: fewer than {minItems.GetInt32()} items");
            }

            if (schema.TryGetProperty("items", out var items))
            {
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Validate(items, item, $"{path}/{i++}", errors);
                }
            }
        }

        if (schema.TryGetProperty("anyOf", out var anyOf))
        {
            var branches = anyOf.EnumerateArray().Select(s => Try(s, value, path)).ToList();
            if (!branches.Any(b => b.Count == 0))
            {
                errors.Add($"{Where(path)}: matches none of anyOf: {string.Join(" | ", branches.Select(b => string.Join("; ", b)))}");
            }
        }

        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var branches = oneOf.EnumerateArray().Select(s => Try(s, value, path)).ToList();
            var passing = branches.Count(b => b.Count == 0);
            if (passing != 1)
            {
                errors.Add($"{Where(path)}: matches {passing} branches of oneOf, not exactly one: {string.Join(" | ", branches.Select(b => string.Join("; ", b)))}");
            }
        }
    }

    private List<string> Try(JsonElement schema, JsonElement value, string path)
    {
        var errors = new List<string>();
        Validate(schema, value, path, errors);
        return errors;
    }

    private static bool TypeMatches(JsonElement type, JsonElement value) =>
        type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Any(t => Is(t.GetString()!, value)) : Is(type.GetString()!, value);

    private static bool Is(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d == decimal.Truncate(d),
        _ => throw new InvalidOperationException($"unknown type '{type}'"),
    };

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.String => $"the string {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private static string Where(string path) => path.Length == 0 ? "/" : path;
}
