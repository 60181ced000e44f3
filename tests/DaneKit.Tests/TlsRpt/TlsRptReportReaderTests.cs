using System.Text;
using DaneKit.Diagnostics;
using DaneKit.TlsRpt;

namespace DaneKit.Tests.TlsRpt;

/// <summary>RFC 8460 sections 4.4, 4.5 and 5.3: reading aggregate reports, as JSON, gzip and mail.</summary>
public sealed class TlsRptReportReaderTests
{
    [Fact]
    public void RfcExampleIsIngestedWithEveryField()
    {
        var result = TlsRptReportReader.Read(TlsRptSamples.Bytes(TlsRptSamples.RfcExample), "rfc.json");
        Assert.True(result.IsIngested, result.Rejection?.ToString());
        Assert.Equal("json", result.Format);
        var report = result.Report!;
        Assert.Empty(report.Warnings);
        Assert.Equal("Company-X", report.OrganizationName);
        Assert.Equal(new DateTimeOffset(2016, 4, 1, 0, 0, 0, TimeSpan.Zero), report.StartDateTime);
        Assert.Equal(new DateTimeOffset(2016, 4, 1, 23, 59, 59, TimeSpan.Zero), report.EndDateTime);
        Assert.Equal("sts-reporting@company-x.example", report.ContactInfo);
        Assert.Equal("5065427c-23d3-47ca-b6e0-946ea0e8c4be", report.ReportId);
        var policy = Assert.Single(report.Policies);
        Assert.Equal(TlsRptPolicyType.Sts, policy.Policy.PolicyType);
        Assert.Equal(4, policy.Policy.PolicyStrings.Count);
        Assert.Equal("company-y.example", policy.Policy.PolicyDomain);
        Assert.Equal(["*.mail.company-y.example"], policy.Policy.MxHosts);
        Assert.Equal(5326, policy.TotalSuccessfulSessionCount);
        Assert.Equal(303, policy.TotalFailureSessionCount);
        Assert.Equal(3, policy.FailureDetails.Count);
        Assert.Equal(TlsRptResultType.CertificateExpired, policy.FailureDetails[0].ResultType);
        Assert.Equal("2001:db8:abcd:0012::1", policy.FailureDetails[0].SendingMtaIp);
        Assert.Equal("203.0.113.56", policy.FailureDetails[1].ReceivingIp);
        Assert.StartsWith("https://reports.company-x.example/", policy.FailureDetails[1].AdditionalInformation, StringComparison.Ordinal);
        Assert.Equal("X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED", policy.FailureDetails[2].FailureReasonCode);
        Assert.Equal(303, policy.FailureDetails.Sum(d => d.FailedSessionCount));
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
        var result = TlsRptReportReader.Read(TlsRptSamples.Gzip(TlsRptSamples.Bytes(TlsRptSamples.RfcExample)), "rfc.json.gz");
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
        var gzip = TlsRptSamples.Gzip(TlsRptSamples.Bytes(TlsRptSamples.RfcExample));
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
        var json = TlsRptSamples.Bytes(TlsRptSamples.RfcExample);
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
        var mail = TlsRptSamples.Mail(TlsRptSamples.Gzip(TlsRptSamples.Bytes(TlsRptSamples.RfcExample)), "application/gzip", "sender!example.net!1!2.json.gz");
        var result = TlsRptReportReader.Read(Encoding.ASCII.GetBytes(mail), "report.eml");
        Assert.True(result.IsIngested, result.Rejection?.ToString());
        Assert.Equal("TLSRPT-MIME-CONTENT-TYPE", Assert.Single(result.Report!.Warnings).Code);
    }

    [Fact]
    public void MailWithTwoReportPartsIsRejected()
    {
        var mail = TlsRptSamples.Mail(TlsRptSamples.Bytes(TlsRptSamples.RfcExample), "application/tlsrpt+json", "a.json");
        var part = mail[mail.IndexOf("Content-Type: application/tlsrpt+json", StringComparison.Ordinal)..mail.IndexOf("------=_Part_42--", StringComparison.Ordinal)];
        var twice = mail.Replace("------=_Part_42--", "------=_Part_42\r\n" + part + "------=_Part_42--", StringComparison.Ordinal);
        Assert.Equal("TLSRPT-MIME-MULTIPLE-REPORTS", TlsRptReportReader.Read(Encoding.ASCII.GetBytes(twice), "two.eml").Rejection?.Code);
    }

    [Fact]
    public void QuotedPrintableReportPartIsRejectedWithTheReason()
    {
        var mail = TlsRptSamples.Mail(TlsRptSamples.Bytes(TlsRptSamples.RfcExample), "application/tlsrpt+json", "a.json")
            .Replace("Content-Transfer-Encoding: base64", "Content-Transfer-Encoding: quoted-printable", StringComparison.Ordinal);
        var rejection = TlsRptReportReader.Read(Encoding.ASCII.GetBytes(mail), "qp.eml").Rejection;
        Assert.Equal("TLSRPT-MIME-INVALID", rejection?.Code);
        Assert.Contains("quoted-printable", rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf8BomIsAccepted()
    {
        var result = TlsRptReportReader.Read([0xEF, 0xBB, 0xBF, .. TlsRptSamples.Bytes(TlsRptSamples.RfcExample)], "bom.json");
        Assert.True(result.IsIngested, result.Rejection?.ToString());
    }

    [Fact]
    public void InvalidUtf8IsRejected()
    {
        var bytes = TlsRptSamples.Bytes(TlsRptSamples.RfcExample);
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
        var broken = TlsRptSamples.RfcExample.Replace("\"report-id\":", "\"report-id\"", StringComparison.Ordinal);
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
        Assert.Equal("TLSRPT-REPORT-TOO-LARGE", TlsRptReportReader.Read(TlsRptSamples.Bytes(TlsRptSamples.RfcExample), "big.json", options).Rejection?.Code);
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
        var text = TlsRptSamples.RfcExample.Replace(original, replacement, StringComparison.Ordinal);
        if (code == "TLSRPT-REPORT-FIELD-TYPE" && replacement.StartsWith("\"policies\"", StringComparison.Ordinal))
        {
            text = text.TrimEnd()[..^1] + "}}";
        }

        Assert.NotEqual(TlsRptSamples.RfcExample, text);
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
            await File.WriteAllBytesAsync(path, TlsRptSamples.Bytes(TlsRptSamples.RfcExample));
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
