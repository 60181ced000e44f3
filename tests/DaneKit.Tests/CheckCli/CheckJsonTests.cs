using System.Text.Json;
using System.Text.Json.Nodes;
using DaneKit.Diagnostics;
using DaneKit.Dnssec;
using DaneKit.Reporting;
using DaneKit.Smtp;
using DaneKit.Tls;
using DaneKit.TlsRpt;
using DaneKit.Tlsa;

namespace DaneKit.Tests.CheckCli;

/// <summary>
/// <c>danekit check --json</c>: schema version 1, camelCase members and kebab-case enum values as docs/check-json.md says,
/// valid against docs/schema/check-v1.schema.json, and read back into the same model.
/// </summary>
public sealed class CheckJsonTests
{
    public static TheoryData<string> VerdictNames()
    {
        var rows = new TheoryData<string>();
        foreach (var verdict in Enum.GetValues<DaneVerdict>())
        {
            rows.Add(verdict.ToWireName());
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(VerdictNames))]
    public void TheDocumentStartsWithTheSchemaVersionAndReadsBack(string verdictName)
    {
        Assert.True(DaneVerdicts.TryParse(verdictName, out var verdict));
        var sample = CheckSamples.WithVerdict(verdict);

        var json = CheckJson.Write(sample, CheckExitCodes.For(verdict));
        var again = CheckJson.Write(CheckJson.Read(json), CheckExitCodes.For(verdict));

        Assert.StartsWith("{\n  \"schemaVersion\": 1,\n  \"danekitVersion\": ", json, StringComparison.Ordinal);
        Assert.Equal(json, again);
    }

    [Theory]
    [MemberData(nameof(VerdictNames))]
    public void TheDocumentIsValidAgainstTheSchema(string verdictName)
    {
        Assert.True(DaneVerdicts.TryParse(verdictName, out var verdict));

        var json = CheckJson.Write(CheckSamples.WithVerdict(verdict), CheckExitCodes.For(verdict));

        CheckSchema.AssertValid(json, $"sample {verdictName}");
    }

    [Fact]
    public void EnumValuesAreKebabCaseWireNames()
    {
        var node = JsonNode.Parse(CheckJson.Write(CheckSamples.WithVerdict(DaneVerdict.NoTls), 3))!;
        var address = node["hosts"]![0]!["addresses"]![0]!;

        Assert.Equal("no-tls", (string?)node["verdict"]);
        Assert.Equal("starttls", (string?)node["tlsMode"]);
        Assert.Equal("both", (string?)node["addressFamilies"]);
        Assert.Equal("ipv4", (string?)address["family"]);
        Assert.Equal("no-starttls", (string?)address["probe"]!["status"]);
        Assert.Equal("starttls-not-offered", (string?)address["probe"]!["failure"]!["kind"]);
        Assert.Equal("secure", (string?)node["mx"]!["lookup"]!["status"]);
        Assert.Equal("authenticate", (string?)address["requirement"]);
        Assert.Equal(1.234, (double)node["elapsed"]!);
    }

    [Fact]
    public void TlsRptResultTypesAreSpelledAsInRfc8460()
    {
        var node = JsonNode.Parse(CheckJson.Write(CheckSamples.WithVerdict(DaneVerdict.DaneFail), 1))!;

        Assert.Equal("certificate-not-trusted", (string?)node["rfc8460"]);
        Assert.Equal(
            Enum.GetValues<TlsRptResultType>().Select(t => t.ToWireName()),
            Enum.GetValues<TlsRptResultType>().Select(t => CheckWireNames.Of(t)));
    }

    [Fact]
    public void AnotherSchemaVersionIsRefused()
    {
        var json = CheckJson.Write(CheckSamples.WithVerdict(DaneVerdict.Authenticated), 0).Replace("\"schemaVersion\": 1", "\"schemaVersion\": 2", StringComparison.Ordinal);

        Assert.Throws<JsonException>(() => CheckJson.Read(json));
    }

    [Fact]
    public void TheSampleDocumentIsApproved()
    {
        var node = JsonNode.Parse(CheckJson.Write(CheckSamples.WithVerdict(DaneVerdict.DaneFail), 1))!.AsObject();
        node["danekitVersion"] = "VERSION";

        Approvals.Verify("sample-dane-fail.json", node.ToJsonString(CheckJson.Options) + "\n");
    }
}

/// <summary>docs/schema/check-v1.schema.json and docs/check-json.md say what the model is: every enum's wire names, every member.</summary>
public sealed class CheckSchemaTests
{
    public static TheoryData<string, string> EnumDefinitions => new()
    {
        { "$defs/verdict", nameof(DaneVerdict) },
        { "$defs/rfc8460", nameof(TlsRptResultType) },
        { "$defs/securityStatus", nameof(SecurityStatus) },
        { "$defs/tlsMode", nameof(SmtpProbeMode) },
        { "$defs/requirement", nameof(DaneTlsaRequirement) },
        { "$defs/probeStep", nameof(SmtpProbeStep) },
        { "$defs/probe/properties/status", nameof(CheckProbeStatus) },
        { "$defs/probeFailure/properties/kind", nameof(SmtpProbeFailureKind) },
        { "$defs/mx/properties/outcome", nameof(CheckMxOutcome) },
        { "$defs/host/properties/origin", nameof(CheckHostOrigin) },
        { "$defs/address/properties/family", nameof(CheckAddressFamily) },
        { "$defs/match/properties/outcome", nameof(DaneMatchOutcome) },
        { "$defs/matchFailure/properties/reason", nameof(DaneMatchFailureReason) },
        { "$defs/tlsaRecord/properties/unusableReason", nameof(TlsaUsabilityReason) },
        { "$defs/reason/properties/kind", nameof(ReasonKind) },
        { "$defs/finding/properties/severity", nameof(FindingSeverity) },
        { "properties/mode", nameof(CheckMode) },
        { "properties/tlsaContext", nameof(TlsaContext) },
        { "properties/addressFamilies", nameof(CheckAddressFamilies) },
    };

    [Theory]
    [MemberData(nameof(EnumDefinitions))]
    public void TheSchemaListsEveryValueOfEachEnum(string location, string enumName)
    {
        var type = typeof(DaneVerdict).Assembly.GetTypes().Single(t => t.IsEnum && t.IsPublic && t.Name == enumName);
        var expected = Enum.GetValues(type).Cast<Enum>().Select(CheckWireNames.Of).Order(StringComparer.Ordinal).ToList();

        var schema = CheckSchema.Strict.Root;
        foreach (var part in location.Split('/'))
        {
            schema = schema.GetProperty(part);
        }

        var listed = schema.GetProperty("enum").EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, listed);
    }

    [Fact]
    public void TheDocumentationNamesEveryTopLevelMemberAndTheExitCodes()
    {
        var documentation = File.ReadAllText(CheckSchema.DocumentationPath);

        foreach (var member in CheckSchema.Strict.Root.GetProperty("properties").EnumerateObject())
        {
            Assert.Contains($"`{member.Name}`", documentation, StringComparison.Ordinal);
        }

        foreach (var definition in CheckSchema.Strict.Root.GetProperty("$defs").EnumerateObject().Where(d => d.Value.TryGetProperty("properties", out _)))
        {
            foreach (var member in definition.Value.GetProperty("properties").EnumerateObject())
            {
                Assert.Contains($"`{member.Name}`", documentation, StringComparison.Ordinal);
            }
        }

        Assert.Contains("schemaVersion", documentation, StringComparison.Ordinal);
        Assert.Contains("check-v1.schema.json", documentation, StringComparison.Ordinal);
    }

    [Fact]
    public void AMemberTheSchemaDoesNotDescribeIsReported()
    {
        var node = JsonNode.Parse(CheckJson.Write(CheckSamples.WithVerdict(DaneVerdict.Authenticated), 0))!;
        node["hosts"]![0]!["surprise"] = 1;
        node["hosts"]![0]!["addresses"]![0]!["verdict"] = "fine";

        using var document = JsonDocument.Parse(node.ToJsonString());
        var errors = CheckSchema.Strict.Validate(document.RootElement);

        Assert.Contains(errors, e => e.StartsWith("/hosts/0: the member 'surprise'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/hosts/0/addresses/0/verdict: \"fine\" is not one of", StringComparison.Ordinal));
    }
}
