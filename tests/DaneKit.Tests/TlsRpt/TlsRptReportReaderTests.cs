using System.Text;
using System.Text.Json;
using DaneKit.Diagnostics;
using DaneKit.TlsRpt;

namespace DaneKit.Tests.TlsRpt;

/// <summary>RFC 8460 sections 4.4, 4.5 and 5.3: reading aggregate reports, as JSON, gzip and mail.</summary>
public sealed class TlsRptReportReaderTests
{
    /// <summary>
    /// RFC 8460 Appendix B, verbatim. It is not valid JSON (a raw line feed inside the wrapped additional-information) and
    /// deviates from 4.4 twice more; a tolerant but honest reader ingests it, names each defect, and keeps every value as
    /// the RFC wrote it rather than guessing what was meant.
    /// </summary>
    [Fact]
    public void RfcAppendixBVerbatimIsIngestedWithEachDefectNamed()
    {
        var result = TlsRptReportReader.Read(TlsRptSamples.Lf(TlsRptSamples.RfcAppendixB), "rfc8460-appendix-b.json");
        Assert.True(result.IsIngested, result.Rejection?.ToString());
        Assert.Equal("json", result.Format);
        var report = result.Report!;
        Assert.Equal(["TLSRPT-REPORT-JSON-CONTROL-CHARACTER", "TLSRPT-REPORT-STRING-NOT-ARRAY", "TLSRPT-REPORT-URI-INVALID"], report.Warnings.Select(w => w.Code));
        Assert.All(report.Warnings, w => Assert.Equal(FindingSeverity.Warning, w.Severity));
        Assert.All(report.Warnings, w => Assert.DoesNotContain('\n', w.Message));
        Assert.Contains("a line feed (U+000A) at line 32, byte 71", report.Warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("$.policies[0].policy.mx-host is a string", report.Warnings[1].Message, StringComparison.Ordinal);
        Assert.Contains("$.policies[0].failure-details[1].additional-information is not a URI (RFC 3986): it holds a line feed at character 35",
            report.Warnings[2].Message, StringComparison.Ordinal);

        Assert.Equal("Company-X", report.OrganizationName);
        Assert.Equal(new DateTimeOffset(2016, 4, 1, 0, 0, 0, TimeSpan.Zero), report.StartDateTime);
        Assert.Equal(new DateTimeOffset(2016, 4, 1, 23, 59, 59, TimeSpan.Zero), report.EndDateTime);
        Assert.Equal("sts-reporting@company-x.example", report.ContactInfo);
        Assert.Equal("5065427c-23d3-47ca-b6e0-946ea0e8c4be", report.ReportId);
        var policy = Assert.Single(report.Policies);
        Assert.Equal(TlsRptPolicyType.Sts, policy.Policy.PolicyType);
        Assert.Equal(["version: STSv1", "mode: testing", "mx: *.mail.company-y.example", "max_age: 86400"], policy.Policy.PolicyStrings);
        Assert.Equal("company-y.example", policy.Policy.PolicyDomain);
        Assert.Equal(["*.mail.company-y.example"], policy.Policy.MxHosts);
        Assert.Equal(5326, policy.TotalSuccessfulSessionCount);
        Assert.Equal(303, policy.TotalFailureSessionCount);
        Assert.Equal(3, policy.FailureDetails.Count);
        Assert.Equal(TlsRptResultType.CertificateExpired, policy.FailureDetails[0].ResultType);
        Assert.Equal("2001:db8:abcd:0012::1", policy.FailureDetails[0].SendingMtaIp);
        Assert.Null(policy.FailureDetails[0].ReceivingIp);
        Assert.Equal(TlsRptResultType.StartTlsNotSupported, policy.FailureDetails[1].ResultType);
        Assert.Equal("203.0.113.56", policy.FailureDetails[1].ReceivingIp);
        Assert.Equal(TlsRptSamples.RfcAppendixBAdditionalInformation, policy.FailureDetails[1].AdditionalInformation);
        Assert.Equal(TlsRptResultType.ValidationFailure, policy.FailureDetails[2].ResultType);
        Assert.Equal("mx-backup.mail.company-y.example", policy.FailureDetails[2].ReceivingMxHostname);
        Assert.Equal("X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED", policy.FailureDetails[2].FailureReasonCode);
        Assert.Equal(303, policy.FailureDetails.Sum(d => d.FailedSessionCount));
    }

    /// <summary>The example with its three defects repaired reads with no warning and the same values.</summary>
    [Fact]
    public void RfcExampleMadeConformingIsIngestedWithoutWarnings()
    {
        var result = TlsRptReportReader.Read(TlsRptSamples.Lf(TlsRptSamples.RfcExampleConforming), "rfc.json");
        Assert.True(result.IsIngested, result.Rejection?.ToString());
        var report = result.Report!;
        Assert.Empty(report.Warnings);
        var policy = Assert.Single(report.Policies);
        Assert.Equal(["*.mail.company-y.example"], policy.Policy.MxHosts);
        Assert.Equal("https://reports.company-x.example/report_info?id=5065427c-23d3#StarttlsNotSupported", policy.FailureDetails[1].AdditionalInformation);
        Assert.Equal(303, policy.FailureDetails.Sum(d => d.FailedSessionCount));
    }

    /// <summary>
    /// RFC 8460 4.5's policy-string samples, verbatim, in a report: the MTA-STS one is clean; the TLSA one wraps each record
    /// inside its string, so it reads with one warning and the strings as the RFC printed them.
    /// </summary>
    [Fact]
    public void Rfc45PolicySamplesAreReadAsPrinted()
    {
        static string Report(string policyType, string policyStrings) =>
            "{\"organization-name\":\"o\",\"date-range\":{\"start-datetime\":\"2016-04-01T00:00:00Z\",\"end-datetime\":\"2016-04-01T23:59:59Z\"},"
            + "\"contact-info\":\"c@example.com\",\"report-id\":\"r\",\"policies\":[{\"policy\":{\"policy-type\":\"" + policyType + "\",\"policy-string\":"
            + policyStrings.ReplaceLineEndings("\n") + ",\"policy-domain\":\"example.com\",\"mx-host\":[\"mx1.example.com\"]},"
            + "\"summary\":{\"total-successful-session-count\":1,\"total-failure-session-count\":0}}]}";

        var sts = TlsRptReportReader.Read(TlsRptSamples.Bytes(Report("sts", TlsRptSamples.Rfc45StsPolicyStrings)), "sts.json");
        Assert.True(sts.IsIngested, sts.Rejection?.ToString());
        Assert.Empty(sts.Report!.Warnings);
        Assert.Equal(["version: STSv1", "mode: testing", "mx: mx1.example.com", "mx: mx2.example.com", "mx: mx.backup-example.com", "max_age: 604800"],
            sts.Report.Policies[0].Policy.PolicyStrings);

        var tlsa = TlsRptReportReader.Read(TlsRptSamples.Bytes(Report("tlsa", TlsRptSamples.Rfc45TlsaPolicyStrings)), "tlsa.json");
        Assert.True(tlsa.IsIngested, tlsa.Rejection?.ToString());
        var warning = Assert.Single(tlsa.Report!.Warnings);
        Assert.Equal("TLSRPT-REPORT-JSON-CONTROL-CHARACTER", warning.Code);
        Assert.Contains("strings hold 2 raw control characters, the first a line feed (U+000A) at line 2", warning.Message, StringComparison.Ordinal);
        Assert.Equal(
            ["3 0 1 1F850A337E6DB9C609C522D136A475638CC43E1ED424F8EEC8513\n              D747D1D085D",
                "3 0 1 12350A337E6DB9C6123522D136A475638CC43E1ED424F8EEC8513\n              D747D1D1234"],
            tlsa.Report.Policies[0].Policy.PolicyStrings);
    }

    /// <summary>Reading past raw control characters in strings does not make other broken JSON acceptable.</summary>
    [Theory]
    [InlineData("\"report-id\":", "\"report-id\"", "at line 8")]
    [InlineData("\"policies\": [{", "\"policies\": [{{", "still invalid")]
    [InlineData("\"https://reports.company-x.example/\n", "\"https://reports.company-x.example/\\\n", "at line 32")]
    [InlineData("\"report-id\":", "\f\"report-id\":", "at line 8")]
    public void ControlCharactersInStringsAreTheOnlySyntaxErrorReadPast(string original, string replacement, string expected)
    {
        var text = TlsRptSamples.RfcAppendixB.ReplaceLineEndings("\n");
        Assert.Contains(original, text, StringComparison.Ordinal);
        var result = TlsRptReportReader.Read(TlsRptSamples.Bytes(text.Replace(original, replacement, StringComparison.Ordinal)), "broken.json");
        Assert.Null(result.Report);
        Assert.Equal("TLSRPT-REPORT-JSON-INVALID", result.Rejection!.Code);
        Assert.Contains(expected, result.Rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://example.com/a?b=c#d", null)]
    [InlineData("mailto:tlsrpt@example.com", null)]
    [InlineData("https://example.com/%20x", null)]
    [InlineData("https://example.com/a b", "it holds a space at character 22")]
    [InlineData("https://example.com/%2", "the '%' at character 21 is not followed by two hexadecimal digits")]
    [InlineData("https://example.com/\"x\"", "it holds '\"' at character 21")]
    [InlineData("https://bücher.example/", "it holds 'ü' at character 10")]
    [InlineData("reports.example.com/x", "it does not begin with a scheme and ':'")]
    [InlineData("1https://example.com/", "it does not begin with a scheme and ':'")]
    public void AdditionalInformationThatIsNotAUriIsKeptWithAWarning(string uri, string? problem)
    {
        var text = TlsRptSamples.RfcExampleConforming.Replace(
            "https://reports.company-x.example/report_info?id=5065427c-23d3#StarttlsNotSupported", JsonEncodedText.Encode(uri).ToString(), StringComparison.Ordinal);
        var result = TlsRptReportReader.Read(TlsRptSamples.Bytes(text), "uri.json");
        Assert.True(result.IsIngested, result.Rejection?.ToString());
        Assert.Equal(uri, result.Report!.Policies[0].FailureDetails[1].AdditionalInformation);
        if (problem is null)
        {
            Assert.Empty(result.Report.Warnings);
        }
        else
        {
            var warning = Assert.Single(result.Report.Warnings);
            Assert.Equal("TLSRPT-REPORT-URI-INVALID", warning.Code);
            Assert.Contains(problem, warning.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void GoogleShapedReportWarnsOfTheMissingSendingMtaIp()
    {
        var result = TlsRptReportReader.Read(TlsRptSamples.Bytes(TlsRptSamples.GoogleShaped), "google.json");
        Assert.True(result.IsIngested, result.Rejection?.ToString());
        var warning = Assert.Single(result.Report!.Warnings);
        Assert.Equal("TLSRPT-REPORT-FIELD-MISSING", warning.Code);
        Assert.Equal(FindingSeverity.Warning, warning.Severity);
        Assert.Contains("$.policies[0].failure-details[0].sending-mta-ip", warning.Message, StringComparison.Ordinal);
        Assert.Null(result.Report.Policies[0].FailureDetails[0].SendingMtaIp);
        Assert.Equal(TlsRptPolicyType.Tlsa, result.Report.Policies[0].Policy.PolicyType);
        Assert.Equal(2, result.Report.Policies.Count);
    }

    [Fact]
    public void MicrosoftShapedReportKeepsEverythingWithAWarningEach()
    {
        var result = TlsRptReportReader.Read(TlsRptSamples.Bytes(TlsRptSamples.MicrosoftShaped), "microsoft.json");
        Assert.True(result.IsIngested, result.Rejection?.ToString());
        var report = result.Report!;
        Assert.Equal(
            ["TLSRPT-REPORT-DATE-FORMAT", "TLSRPT-REPORT-FIELD-MISSING", "TLSRPT-REPORT-FIELD-NULL", "TLSRPT-REPORT-FIELD-UNKNOWN", "TLSRPT-REPORT-NUMBER-AS-STRING",
                "TLSRPT-REPORT-NUMBER-AS-STRING", "TLSRPT-REPORT-RESULT-TYPE-UNKNOWN"],
            report.Warnings.Select(w => w.Code).Order(StringComparer.Ordinal));
        Assert.Null(report.ContactInfo);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero), report.StartDateTime);
        var policy = Assert.Single(report.Policies);
        Assert.Equal(TlsRptPolicyType.NoPolicyFound, policy.Policy.PolicyType);
        Assert.Null(policy.Policy.PolicyDomain);
        Assert.Equal(12, policy.TotalSuccessfulSessionCount);
        var detail = Assert.Single(policy.FailureDetails);
        Assert.Null(detail.ResultType);
        Assert.Equal("certificate-revoked", detail.ResultTypeName);
    }

    [Fact]
    public void GzipReportIsIngested()
    {
        var result = TlsRptReportReader.Read(TlsRptSamples.Gzip(TlsRptSamples.Bytes(TlsRptSamples.RfcExampleConforming)), "rfc.json.gz");
        Assert.True(result.IsIngested, result.Rejection?.ToString());
        Assert.Equal("gzip", result.Format);
        Assert.Equal("Company-X", result.Report!.OrganizationName);
    }

    [Fact]
    public void GzipBombIsRejectedAtTheCap()
    {
        var bomb = TlsRptSamples.Gzip(new byte[21 * 1024 * 1024]);
        Assert.True(bomb.Length < 100_000);
        var result = TlsRptReportReader.Read(bomb, "bomb.json.gz");
        Assert.Equal("TLSRPT-GZIP-TOO-LARGE", result.Rejection?.Code);
    }

    [Fact]
    public void CorruptGzipIsRejected()
    {
        var gzip = TlsRptSamples.Gzip(TlsRptSamples.Bytes(TlsRptSamples.RfcExampleConforming));
        var truncated = gzip[..(gzip.Length / 2)];
        var result = TlsRptReportReader.Read(truncated, "cut.json.gz");
        Assert.False(result.IsIngested);
        Assert.StartsWith("TLSRPT-", result.Rejection!.Code, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/tlsrpt+gzip", "report.json.gz", true, "mime+gzip")]
    [InlineData("application/tlsrpt+json", "report.json", false, "mime")]
    public void MailWithTheReportPartIsIngested(string contentType, string fileName, bool gzip, string format)
    {
        var json = TlsRptSamples.Bytes(TlsRptSamples.RfcExampleConforming);
        var mail = TlsRptSamples.Mail(gzip ? TlsRptSamples.Gzip(json) : json, contentType, fileName);
        var result = TlsRptReportReader.Read(Encoding.ASCII.GetBytes(mail), "report.eml");
        Assert.True(result.IsIngested, result.Rejection?.ToString());
        Assert.Equal(format, result.Format);
        Assert.Empty(result.Report!.Warnings);
        Assert.Equal(303, result.Report.Policies[0].TotalFailureSessionCount);
    }

    [Fact]
    public void MailWithAGenericGzipAttachmentIsReadByItsNameWithAWarning()
    {
        var mail = TlsRptSamples.Mail(TlsRptSamples.Gzip(TlsRptSamples.Bytes(TlsRptSamples.RfcExampleConforming)), "application/gzip", "sender!example.net!1!2.json.gz");
        var result = TlsRptReportReader.Read(Encoding.ASCII.GetBytes(mail), "report.eml");
        Assert.True(result.IsIngested, result.Rejection?.ToString());
        Assert.Equal("TLSRPT-MIME-CONTENT-TYPE", Assert.Single(result.Report!.Warnings).Code);
    }

    [Fact]
    public void Utf8BomIsAccepted()
    {
        var result = TlsRptReportReader.Read([0xEF, 0xBB, 0xBF, .. TlsRptSamples.Bytes(TlsRptSamples.RfcExampleConforming)], "bom.json");
        Assert.True(result.IsIngested, result.Rejection?.ToString());
    }

    [Fact]
    public void InvalidUtf8IsRejected()
    {
        var bytes = TlsRptSamples.Bytes(TlsRptSamples.RfcExampleConforming);
        bytes[Array.IndexOf(bytes, (byte)'C')] = 0xC9;
        Assert.Equal("TLSRPT-REPORT-JSON-INVALID", TlsRptReportReader.Read(bytes, "latin1.json").Rejection?.Code);
    }

    [Fact]
    public void MailWithAMillionFoldedHeaderLinesIsReadInLinearTime()
    {
        var mail = new StringBuilder("Subject: x\r\n");
        for (var i = 0; i < 1_000_000; i++)
        {
            mail.Append("\tfold\r\n");
        }

        mail.Append("Content-Type: text/plain\r\n\r\nbody\r\n");
        Assert.Equal("TLSRPT-MIME-NO-REPORT", TlsRptReportReader.Read(Encoding.ASCII.GetBytes(mail.ToString()), "folds.eml").Rejection?.Code);
    }

    [Fact]
    public void MailWithoutAReportIsRejected()
    {
        var mail = TlsRptSamples.Mail(Encoding.ASCII.GetBytes("hello"), "text/plain", "note.txt");
        Assert.Equal("TLSRPT-MIME-NO-REPORT", TlsRptReportReader.Read(Encoding.ASCII.GetBytes(mail), "x.eml").Rejection?.Code);
    }

    [Fact]
    public void InvalidJsonIsRejectedWithLineAndPosition()
    {
        var broken = TlsRptSamples.RfcExampleConforming.Replace("\"report-id\":", "\"report-id\"", StringComparison.Ordinal);
        var result = TlsRptReportReader.Read(TlsRptSamples.Bytes(broken), "broken.json");
        Assert.Equal("TLSRPT-REPORT-JSON-INVALID", result.Rejection?.Code);
        Assert.Contains("at line 8", result.Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNestingIsRejected()
    {
        var deep = "{\"a\":" + new string('[', 10_000) + new string(']', 10_000) + "}";
        Assert.Equal("TLSRPT-REPORT-JSON-TOO-DEEP", TlsRptReportReader.Read(TlsRptSamples.Bytes(deep), "deep.json").Rejection?.Code);
    }

    [Fact]
    public void InputOverTheSizeCapIsRejected()
    {
        var options = new TlsRptReaderOptions { MaxInputBytes = 100 };
        Assert.Equal("TLSRPT-REPORT-TOO-LARGE", TlsRptReportReader.Read(TlsRptSamples.Bytes(TlsRptSamples.RfcExampleConforming), "big.json", options).Rejection?.Code);
    }

    [Theory]
    [InlineData("\"organization-name\": \"Company-X\"", "\"organization-name\": 7", "TLSRPT-REPORT-FIELD-TYPE")]
    [InlineData("\"organization-name\": \"Company-X\",", "", "TLSRPT-REPORT-FIELD-REQUIRED")]
    [InlineData("\"report-id\": \"5065427c-23d3-47ca-b6e0-946ea0e8c4be\"", "\"report-id\": null", "TLSRPT-REPORT-FIELD-REQUIRED")]
    [InlineData("\"total-successful-session-count\": 5326", "\"total-successful-session-count\": -1", "TLSRPT-REPORT-FIELD-TYPE")]
    [InlineData("\"total-successful-session-count\": 5326", "\"total-successful-session-count\": 5.5", "TLSRPT-REPORT-FIELD-TYPE")]
    [InlineData("\"total-successful-session-count\": 5326", "\"total-successful-session-count\": \"many\"", "TLSRPT-REPORT-FIELD-TYPE")]
    [InlineData("\"failed-session-count\": 100", "\"failed-session-count\": [100]", "TLSRPT-REPORT-FIELD-TYPE")]
    [InlineData("\"start-datetime\": \"2016-04-01T00:00:00Z\"", "\"start-datetime\": \"yesterday\"", "TLSRPT-REPORT-DATE-INVALID")]
    [InlineData("\"contact-info\": \"sts-reporting@company-x.example\",", "\"contact-info\": \"a\", \"contact-info\": \"b\",", "TLSRPT-REPORT-FIELD-DUPLICATE")]
    [InlineData("\"policies\": [{", "\"policies\": {\"x\":[{", "TLSRPT-REPORT-FIELD-TYPE")]
    public void WrongFieldsRejectTheWholeReport(string original, string replacement, string code)
    {
        var text = TlsRptSamples.RfcExampleConforming.Replace(original, replacement, StringComparison.Ordinal);
        if (code == "TLSRPT-REPORT-FIELD-TYPE" && replacement.StartsWith("\"policies\"", StringComparison.Ordinal))
        {
            text = text.TrimEnd()[..^1] + "}}";
        }

        Assert.NotEqual(TlsRptSamples.RfcExampleConforming, text);
        var result = TlsRptReportReader.Read(TlsRptSamples.Bytes(text), "bad.json");
        Assert.Null(result.Report);
        Assert.Equal(code, result.Rejection?.Code);
        Assert.Equal(FindingSeverity.Error, result.Rejection!.Severity);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("hello world")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{}")]
    public void OddInputsAreRejectedNotThrown(string text)
    {
        var result = TlsRptReportReader.Read(TlsRptSamples.Bytes(text), "odd");
        Assert.False(result.IsIngested);
        Assert.NotNull(result.Rejection);
    }

    [Fact]
    public async Task FileOverTheSizeCapIsRejectedUnread()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, TlsRptSamples.Bytes(TlsRptSamples.RfcExampleConforming));
            var result = await TlsRptReportReader.ReadFileAsync(path, new TlsRptReaderOptions { MaxInputBytes = 64 }, CancellationToken.None);
            Assert.Equal("TLSRPT-REPORT-TOO-LARGE", result.Rejection?.Code);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task MissingFileIsARejection()
    {
        var result = await TlsRptReportReader.ReadFileAsync(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")), null, CancellationToken.None);
        Assert.Equal("TLSRPT-FILE-UNREADABLE", result.Rejection?.Code);
    }

    /// <summary>A truncated document is invalid JSON, not "too deep" (.NET's message for it mentions depth).</summary>
    [Fact]
    public void ATruncatedDocumentIsInvalidJsonNotTooDeep()
    {
        var result = TlsRptReportReader.Read(TlsRptSamples.Bytes("{\"organization-name\":\n"), "truncated.json", new TlsRptReaderOptions());
        Assert.Null(result.Report);
        Assert.Equal("TLSRPT-REPORT-JSON-INVALID", result.Rejection!.Code);
    }
}
