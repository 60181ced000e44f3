using System.Text.Json;
using System.Text.Json.Serialization;

namespace DaneKit.Rollover;

/// <summary>The JSON form of rollover plans and decisions (camelCase members, enum values by name), for <c>--json</c>.</summary>
public static class RolloverJson
{
    /// <summary>The plan as JSON.</summary>
    /// <param name="plan">The plan.</param>
    /// <returns>Indented JSON with a final newline.</returns>
    public static string Write(RolloverPlan plan) => JsonSerializer.Serialize(plan, RolloverJsonContext.Default.RolloverPlan) + "\n";

    /// <summary>The decision as JSON.</summary>
    /// <param name="decision">The decision.</param>
    /// <returns>Indented JSON with a final newline.</returns>
    public static string Write(RolloverDecision decision) => JsonSerializer.Serialize(decision, RolloverJsonContext.Default.RolloverDecision) + "\n";
}

/// <summary>Source-generated JSON (NativeAOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(RolloverPlan))]
[JsonSerializable(typeof(RolloverDecision))]
internal sealed partial class RolloverJsonContext : JsonSerializerContext;
