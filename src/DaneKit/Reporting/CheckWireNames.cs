using System.Text.Json;
using System.Text.Json.Serialization;
using DaneKit.Smtp;
using DaneKit.TlsRpt;

namespace DaneKit.Reporting;

/// <summary>
/// The names <c>danekit check --json</c> gives to members and enum values (docs/check-json.md): camelCase members, kebab-case
/// enum values. Verdicts and RFC 8460 result types take the library's own wire names (the testbed contract and RFC 8460
/// 4.3 spellings); every other enum is kebab-cased from its C# name, with <c>StartTls</c> spelled <c>starttls</c> and
/// <c>IPv4</c>/<c>IPv6</c> as <c>ipv4</c>/<c>ipv6</c>.
/// </summary>
public static class CheckWireNames
{
    /// <summary>camelCase, except for names a plain camelCase policy mangles (<c>RRsets</c> would be <c>rRsets</c>).</summary>
    public static JsonNamingPolicy Members { get; } = new MemberNamingPolicy();

    /// <summary>The wire name of any enum value of the model.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The wire name, e.g. <c>dane-fail</c>, <c>starttls-not-supported</c>, <c>no-starttls</c>.</returns>
    public static string Of(Enum value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value switch
        {
            DaneVerdict v => v.ToWireName(),
            TlsRptResultType t => t.ToWireName(),
            _ => Kebab(value.ToString()),
        };
    }

    /// <summary>The kebab-case wire name of an enum member name.</summary>
    /// <param name="name">The C# name, e.g. <c>NoStartTls</c>.</param>
    /// <returns>The wire name, e.g. <c>no-starttls</c>.</returns>
    public static string Kebab(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var adjusted = name.Replace("StartTls", "Starttls", StringComparison.Ordinal)
            .Replace("IPv4", "Ipv4", StringComparison.Ordinal)
            .Replace("IPv6", "Ipv6", StringComparison.Ordinal);
        return JsonNamingPolicy.KebabCaseLower.ConvertName(adjusted);
    }

    /// <summary>The JSON converter for every enum: writes and reads the wire names; an unknown name is an error.</summary>
    public static JsonConverterFactory EnumConverter { get; } = new WireEnumConverterFactory();

    private sealed class MemberNamingPolicy : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name switch
        {
            "RRsets" => "rrsets",
            _ => CamelCase.ConvertName(name),
        };
    }

    /// <summary>
    /// Every enum type the model holds. Listed, not discovered, so the converters exist without run-time code generation
    /// (the command ships as NativeAOT); a test walks the model and fails when an enum is missing here.
    /// </summary>
    public static IReadOnlyDictionary<Type, JsonConverter> EnumConverters { get; } = new Dictionary<Type, JsonConverter>
    {
        [typeof(CheckMode)] = new WireEnumConverter<CheckMode>(),
        [typeof(CheckAddressFamilies)] = new WireEnumConverter<CheckAddressFamilies>(),
        [typeof(CheckAddressFamily)] = new WireEnumConverter<CheckAddressFamily>(),
        [typeof(CheckHostOrigin)] = new WireEnumConverter<CheckHostOrigin>(),
        [typeof(CheckMxOutcome)] = new WireEnumConverter<CheckMxOutcome>(),
        [typeof(CheckProbeStatus)] = new WireEnumConverter<CheckProbeStatus>(),
        [typeof(DaneVerdict)] = new WireEnumConverter<DaneVerdict>(),
        [typeof(SmtpTranscriptDirection)] = new WireEnumConverter<SmtpTranscriptDirection>(),
        [typeof(SmtpProbeMode)] = new WireEnumConverter<SmtpProbeMode>(),
        [typeof(SmtpProbeFailureKind)] = new WireEnumConverter<SmtpProbeFailureKind>(),
        [typeof(SmtpProbeStep)] = new WireEnumConverter<SmtpProbeStep>(),
        [typeof(DaneKit.Diagnostics.FindingSeverity)] = new WireEnumConverter<DaneKit.Diagnostics.FindingSeverity>(),
        [typeof(DaneKit.Dnssec.SecurityStatus)] = new WireEnumConverter<DaneKit.Dnssec.SecurityStatus>(),
        [typeof(DaneKit.Dnssec.ReasonKind)] = new WireEnumConverter<DaneKit.Dnssec.ReasonKind>(),
        [typeof(DaneKit.Tlsa.DaneMatchOutcome)] = new WireEnumConverter<DaneKit.Tlsa.DaneMatchOutcome>(),
        [typeof(DaneKit.Tlsa.DaneMatchFailureReason)] = new WireEnumConverter<DaneKit.Tlsa.DaneMatchFailureReason>(),
        [typeof(DaneKit.Tlsa.TlsaUsabilityReason)] = new WireEnumConverter<DaneKit.Tlsa.TlsaUsabilityReason>(),
        [typeof(DaneKit.Tlsa.TlsaContext)] = new WireEnumConverter<DaneKit.Tlsa.TlsaContext>(),
        [typeof(DaneKit.Tls.DaneTlsaRequirement)] = new WireEnumConverter<DaneKit.Tls.DaneTlsaRequirement>(),
        [typeof(DaneKit.Tls.DaneNoUsableRecordsMode)] = new WireEnumConverter<DaneKit.Tls.DaneNoUsableRecordsMode>(),
        [typeof(DaneKit.Tls.DaneValidationOutcome)] = new WireEnumConverter<DaneKit.Tls.DaneValidationOutcome>(),
        [typeof(DaneKit.Dnssec.Denial.DenialKind)] = new WireEnumConverter<DaneKit.Dnssec.Denial.DenialKind>(),
        [typeof(DaneKit.Dnssec.Denial.DenialOutcome)] = new WireEnumConverter<DaneKit.Dnssec.Denial.DenialOutcome>(),
        [typeof(DaneKit.Dnssec.Crypto.SignatureStatus)] = new WireEnumConverter<DaneKit.Dnssec.Crypto.SignatureStatus>(),
        [typeof(DaneKit.Dnssec.Crypto.DsDigestType)] = new WireEnumConverter<DaneKit.Dnssec.Crypto.DsDigestType>(),
        [typeof(DaneKit.Dnssec.Crypto.DnssecAlgorithm)] = new WireEnumConverter<DaneKit.Dnssec.Crypto.DnssecAlgorithm>(),
        [typeof(DaneKit.Dns.Records.TlsaUsage)] = new WireEnumConverter<DaneKit.Dns.Records.TlsaUsage>(),
        [typeof(DaneKit.Dns.Records.TlsaSelector)] = new WireEnumConverter<DaneKit.Dns.Records.TlsaSelector>(),
        [typeof(DaneKit.Dns.Records.TlsaMatchingType)] = new WireEnumConverter<DaneKit.Dns.Records.TlsaMatchingType>(),
        [typeof(TlsRptResultType)] = new WireEnumConverter<TlsRptResultType>(),
        [typeof(CheckMtaStsTxtOutcome)] = new WireEnumConverter<CheckMtaStsTxtOutcome>(),
        [typeof(CheckMtaStsFetchOutcome)] = new WireEnumConverter<CheckMtaStsFetchOutcome>(),
        [typeof(CheckMtaStsOutcome)] = new WireEnumConverter<CheckMtaStsOutcome>(),
        [typeof(CheckTlsRptOutcome)] = new WireEnumConverter<CheckTlsRptOutcome>(),
        [typeof(DaneKit.MtaSts.MtaStsMode)] = new WireEnumConverter<DaneKit.MtaSts.MtaStsMode>(),
    };

    private sealed class WireEnumConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            EnumConverters.TryGetValue(typeToConvert, out var converter)
                ? converter
                : throw new NotSupportedException($"danekit check --json: no wire-name converter for enum {typeToConvert.FullName}; add it to CheckWireNames.EnumConverters");
    }

    private sealed class WireEnumConverter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        private readonly Dictionary<T, string> _names = Enum.GetValues<T>().Distinct().ToDictionary(v => v, v => Of(v));
        private readonly Dictionary<string, T> _values;

        public WireEnumConverter() => _values = _names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"{typeof(T).Name}: expected a string, found {reader.TokenType}");
            }

            var text = reader.GetString()!;
            return _values.TryGetValue(text, out var value)
                ? value
                : throw new JsonException($"{typeof(T).Name}: unknown value '{text}' (known: {string.Join(", ", _values.Keys)})");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteStringValue(_names.TryGetValue(value, out var name) ? name : throw new JsonException($"{typeof(T).Name}: undefined value {value}"));
        }
    }
}
