using System.Text.Json;

namespace DaneKit.Tests.CheckCli;

/// <summary>docs/schema/check-v1.schema.json, and validation of <c>danekit check --json</c> output against it.</summary>
internal static class CheckSchema
{
    /// <summary>The schema file in the repository.</summary>
    public static string SchemaPath { get; } = Path.Combine(RepositoryRoot(), "docs", "schema", "check-v1.schema.json");

    /// <summary>The documentation of the schema.</summary>
    public static string DocumentationPath { get; } = Path.Combine(RepositoryRoot(), "docs", "check-json.md");

    private static readonly Lazy<JsonSchemaSubset> Schema = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        return new JsonSchemaSubset(document.RootElement.Clone()) { Strict = true };
    });

    /// <summary>The schema, strict: a member the schema does not describe is a violation.</summary>
    public static JsonSchemaSubset Strict => Schema.Value;

    /// <summary>Fails with every violation when <paramref name="json"/> is not valid against the schema.</summary>
    /// <param name="json">The output of <c>danekit check --json</c>.</param>
    /// <param name="what">What it is, for the message.</param>
    public static void AssertValid(string json, string what)
    {
        using var document = JsonDocument.Parse(json);
        var errors = Schema.Value.Validate(document.RootElement);
        Assert.True(errors.Count == 0, $"{what} is not valid against {SchemaPath}:\n{string.Join('\n', errors.Take(40))}");
    }

    private static string RepositoryRoot() => Path.GetFullPath(Path.Combine(Approvals.Folder, "..", "..", ".."));
}
