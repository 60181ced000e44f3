using System.Text.Json;

namespace DaneKit.Testbed.Tests.Model;

/// <summary>Reads the testbed's JSON files (world.json, the catalogue, the peer's report).</summary>
internal static class TestbedJson
{
    /// <summary>
    /// snake_case names as the testbed writes them. Unknown members (the generator's build data) are
    /// skipped; missing constructor parameters without a default and nulls in non-nullable members are errors.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Deserializes <paramref name="json"/>; errors name <paramref name="source"/> and the JSON path.</summary>
    public static T Parse<T>(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new JsonException($"{source}: the document is null.");
        }
        catch (JsonException error)
        {
            throw new JsonException($"{source}: {error.Message}", error);
        }
    }

    /// <summary>Reads and deserializes the file at <paramref name="path"/>.</summary>
    public static T Load<T>(string path) => Parse<T>(File.ReadAllText(path), path);
}
