using System.Globalization;
using System.Text;
using System.Text.Json;
using DaneKit.TlsRpt;

namespace DaneKit.Tests.TlsRpt;

/// <summary>Properties of the report reader: never throws, always ingested-or-rejected, and valid reports round-trip.</summary>
public sealed class TlsRptFuzzTests
{
    [Fact]
    public void TenThousandMutationsOfTheRfcExampleAreIngestedOrRejectedNeverThrown()
    {
        var json = TlsRptSamples.Bytes(TlsRptSamples.RfcExampleConforming);
        var verbatim = TlsRptSamples.Lf(TlsRptSamples.RfcAppendixB);
        var gzip = TlsRptSamples.Gzip(json);
        var mail = Encoding.ASCII.GetBytes(TlsRptSamples.Mail(gzip, "application/tlsrpt+gzip", "r.json.gz"));
        var quotedPrintable = Encoding.ASCII.GetBytes(TlsRptSamples.Message(TlsRptSamples.Multipart("multipart/report; report-type=\"tlsrpt\"", "b",
            TlsRptSamples.Attachment(verbatim, "application/tlsrpt+json", "r.json", "quoted-printable"))));
        var random = new Random(8460);
        int ingested = 0, rejected = 0;
        for (var i = 0; i < 10_000; i++)
        {
            // The RFC's verbatim example (a raw line feed in a string) and quoted-printable mail reach the lenient paths.
            var seed = (i % 10) switch { < 5 => json, < 7 => verbatim, < 8 => gzip, < 9 => mail, _ => quotedPrintable };
            var mutated = Mutate(seed, random);
            var result = TlsRptReportReader.Read(mutated, $"mutation {i}");
            Assert.True(result.Report is null != (result.Rejection is null), $"mutation {i}: exactly one of report and rejection");
            if (result.IsIngested)
            {
                ingested++;
                Assert.All(result.Report!.Warnings, w => Assert.Equal(DaneKit.Diagnostics.FindingSeverity.Warning, w.Severity));
            }
            else
            {
                rejected++;
                Assert.StartsWith("TLSRPT-", result.Rejection!.Code, StringComparison.Ordinal);
                Assert.False(string.IsNullOrWhiteSpace(result.Rejection.Message));
            }
        }

        Assert.True(ingested > 0 && rejected > 0, $"ingested {ingested}, rejected {rejected}: the mutations should reach both outcomes");
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                case 2:
                    bytes.Insert(at, "{}[]\",:0-\\ne"u8[random.Next(12)]);
                    break;
                case 3:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 64)));
                    break;
                default:
                    var from = random.Next(bytes.Count);
                    var length = Math.Min(bytes.Count - from, random.Next(1, 64));
                    bytes.InsertRange(at, bytes.GetRange(from, length));
                    break;
            }
        }

        return [.. bytes];
    }

    [Fact]
    public void GeneratedValidReportsRoundTripWithoutWarnings()
    {
        var random = new Random(7672);
        for (var i = 0; i < 500; i++)
        {
            var json = Generate(random);
            var first = TlsRptReportReader.Read(json, $"generated {i}");
            Assert.True(first.IsIngested, $"{first.Rejection}\n{Encoding.UTF8.GetString(json)}");
            Assert.Empty(first.Report!.Warnings);
            var rewritten = Write(first.Report);
            Assert.Equal(Encoding.UTF8.GetString(json), Encoding.UTF8.GetString(rewritten));
            var viaGzip = TlsRptReportReader.Read(TlsRptSamples.Gzip(json), $"generated {i}.gz");
            Assert.Equal(Encoding.UTF8.GetString(json), Encoding.UTF8.GetString(Write(viaGzip.Report!)));
        }
    }

    private static readonly string[] PolicyTypes = ["tlsa", "sts", "no-policy-found"];

    private static readonly string[] ResultTypes = ["starttls-not-supported", "certificate-host-mismatch", "certificate-expired", "certificate-not-trusted",
        "validation-failure", "tlsa-invalid", "dnssec-invalid", "dane-required", "sts-policy-fetch-error", "sts-policy-invalid", "sts-webpki-invalid"];

    private static string Text(Random random) => string.Concat(Enumerable.Range(0, random.Next(1, 20)).Select(_ => "abcz09.-_ é\"\\/\n☃"[random.Next(16)]));

    private static byte[] Generate(Random random)
    {
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(random.Next(3000));
        var policies = new List<TlsRptPolicyResult>();
        for (var p = random.Next(1, 4); p > 0; p--)
        {
            var details = new List<TlsRptFailureDetail>();
            for (var d = random.Next(0, 4); d > 0; d--)
            {
                details.Add(new TlsRptFailureDetail
                {
                    ResultTypeName = ResultTypes[random.Next(ResultTypes.Length)],
                    SendingMtaIp = $"192.0.2.{random.Next(256)}",
                    ReceivingMxHostname = random.Next(2) == 0 ? null : Text(random),
                    ReceivingMxHelo = random.Next(2) == 0 ? null : Text(random),
                    ReceivingIp = random.Next(2) == 0 ? null : "2001:db8::1",
                    FailedSessionCount = random.Next(0, 1000),
                    AdditionalInformation = random.Next(2) == 0 ? null : "https://example.com/" + random.Next(),
                    FailureReasonCode = random.Next(2) == 0 ? null : Text(random),
                });
            }

            var type = PolicyTypes[random.Next(3)];
            policies.Add(new TlsRptPolicyResult(
                new TlsRptPolicy(TlsRptPolicyType.Unknown, type, [.. Enumerable.Range(0, random.Next(3)).Select(_ => Text(random))], Text(random),
                    [.. Enumerable.Range(0, random.Next(3)).Select(_ => Text(random))]),
                random.NextInt64(0, long.MaxValue), details.Sum(d => d.FailedSessionCount) + random.Next(10), details));
        }

        return Write(new TlsRptReport
        {
            OrganizationName = Text(random),
            StartDateTime = start,
            EndDateTime = start.AddDays(1).AddSeconds(-1),
            ContactInfo = Text(random),
            ReportId = Text(random),
            Policies = policies,
        });
    }

    /// <summary>Writes a report in RFC 8460 4.4 form (optional fields only when present).</summary>
    private static byte[] Write(TlsRptReport report)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("organization-name", report.OrganizationName);
            w.WriteStartObject("date-range");
            w.WriteString("start-datetime", report.StartDateTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteString("end-datetime", report.EndDateTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteEndObject();
            w.WriteString("contact-info", report.ContactInfo);
            w.WriteString("report-id", report.ReportId);
            w.WriteStartArray("policies");
            foreach (var policy in report.Policies)
            {
                w.WriteStartObject();
                w.WriteStartObject("policy");
                w.WriteString("policy-type", policy.Policy.PolicyTypeName);
                WriteStrings(w, "policy-string", policy.Policy.PolicyStrings);
                w.WriteString("policy-domain", policy.Policy.PolicyDomain);
                WriteStrings(w, "mx-host", policy.Policy.MxHosts);
                w.WriteEndObject();
                w.WriteStartObject("summary");
                w.WriteNumber("total-successful-session-count", policy.TotalSuccessfulSessionCount);
                w.WriteNumber("total-failure-session-count", policy.TotalFailureSessionCount);
                w.WriteEndObject();
                w.WriteStartArray("failure-details");
                foreach (var d in policy.FailureDetails)
                {
                    w.WriteStartObject();
                    w.WriteString("result-type", d.ResultTypeName);
                    w.WriteString("sending-mta-ip", d.SendingMtaIp);
                    Optional(w, "receiving-mx-hostname", d.ReceivingMxHostname);
                    Optional(w, "receiving-mx-helo", d.ReceivingMxHelo);
                    Optional(w, "receiving-ip", d.ReceivingIp);
                    w.WriteNumber("failed-session-count", d.FailedSessionCount);
                    Optional(w, "additional-information", d.AdditionalInformation);
                    Optional(w, "failure-reason-code", d.FailureReasonCode);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
