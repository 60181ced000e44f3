using System.Text;
using DaneKit.Diagnostics;
using DaneKit.TlsRpt;

namespace DaneKit.Tests.TlsRpt;

/// <summary>
/// RFC 8460 5.3 with RFC 2045/2046: report mail. Transfer encodings, nested multiparts, forwarded reports, and messages
/// with several report parts (rejected whole: one file is one report or one rejection, never a partial ingestion).
/// </summary>
public sealed class TlsRptMimeTests
{
    private static readonly byte[] Json = TlsRptSamples.Lf(TlsRptSamples.RfcExampleConforming);

    private static TlsRptReadResult Read(string mail, TlsRptReaderOptions? options = null) =>
        TlsRptReportReader.Read(Encoding.Latin1.GetBytes(mail), "report.eml", options);

    private static string ReportPart(string transferEncoding = "base64", bool gzip = true, string name = "sender!example.net!1!2") =>
        TlsRptSamples.Attachment(gzip ? TlsRptSamples.Gzip(Json) : Json, gzip ? "application/tlsrpt+gzip" : "application/tlsrpt+json",
            name + (gzip ? ".json.gz" : ".json"), transferEncoding);

    private static string TextPart(string text) => TlsRptSamples.Entity("text/plain; charset=us-ascii", "7bit", Encoding.ASCII.GetBytes(text));

    private static string Report(params string[] parts) => TlsRptSamples.Multipart("multipart/report; report-type=\"tlsrpt\"", "report-boundary", parts);

    private static void AssertIngested(TlsRptReadResult result, string format)
    {
        Assert.True(result.IsIngested, result.Rejection?.ToString());
        Assert.Equal(format, result.Format);
        Assert.Equal("Company-X", result.Report!.OrganizationName);
        Assert.Equal(303, result.Report.Policies[0].FailureDetails.Sum(d => d.FailedSessionCount));
        Assert.Equal("https://reports.company-x.example/report_info?id=5065427c-23d3#StarttlsNotSupported",
            result.Report.Policies[0].FailureDetails[1].AdditionalInformation);
    }

    private static TlsRptFinding AssertRejected(TlsRptReadResult result, string code)
    {
        Assert.Null(result.Report);
        Assert.Equal(code, result.Rejection?.Code);
        Assert.Equal(FindingSeverity.Error, result.Rejection!.Severity);
        return result.Rejection;
    }

    /// <summary>
    /// RFC 8460 5.3.1's example mail, verbatim but for the RFC's page indentation, with RFC 8460 Appendix B (verbatim) as
    /// the gzipped report in place of the RFC's placeholder: the mail adds no warning to the report's own three.
    /// </summary>
    [Fact]
    public void TheRfcExampleMailCarryingTheRfcExampleReportIsIngested()
    {
        var mail = TlsRptSamples.RfcExampleMail(TlsRptSamples.Lf(TlsRptSamples.RfcAppendixB));
        Assert.StartsWith("From: tlsrpt@mail.sender.example.com\r\nDate: Fri, May 09 2017", mail, StringComparison.Ordinal);
        var result = Read(mail);
        Assert.True(result.IsIngested, result.Rejection?.ToString());
        Assert.Equal("mime+gzip", result.Format);
        Assert.Equal(["TLSRPT-REPORT-JSON-CONTROL-CHARACTER", "TLSRPT-REPORT-STRING-NOT-ARRAY", "TLSRPT-REPORT-URI-INVALID"],
            result.Report!.Warnings.Select(w => w.Code));
        Assert.Equal(TlsRptSamples.RfcAppendixBAdditionalInformation, result.Report.Policies[0].FailureDetails[1].AdditionalInformation);
    }

    [Theory]
    [InlineData("base64", false, "mime")]
    [InlineData("quoted-printable", false, "mime")]
    [InlineData("7bit", false, "mime")]
    [InlineData("8bit", false, "mime")]
    [InlineData("binary", false, "mime")]
    [InlineData("base64", true, "mime+gzip")]
    [InlineData("quoted-printable", true, "mime+gzip")]
    [InlineData("binary", true, "mime+gzip")]
    [InlineData("Quoted-Printable", true, "mime+gzip")]
    [InlineData("BASE64", false, "mime")]
    public void EachTransferEncodingIsDecoded(string transferEncoding, bool gzip, string format)
    {
        var mail = TlsRptSamples.Message(Report(TextPart("This is an aggregate TLS report"), ReportPart(transferEncoding, gzip)));
        var result = Read(mail);
        AssertIngested(result, format);
        Assert.Empty(result.Report!.Warnings);
    }

    /// <summary>A quoted-printable gzip report really travels as =XX escapes and soft line breaks (the test is not vacuous).</summary>
    [Fact]
    public void QuotedPrintableGzipIsMostlyEscapes()
    {
        var part = ReportPart("quoted-printable", gzip: true);
        Assert.Contains("=1F=8B", part, StringComparison.Ordinal);
        Assert.Contains("=\r\n", part, StringComparison.Ordinal);
    }

    /// <summary>
    /// RFC 2045 6.7: hexadecimal digits in lower case and white space added at line ends in transit (which decoders must
    /// drop, also before a soft line break) decode as if they were not there.
    /// </summary>
    [Fact]
    public void QuotedPrintableAsRobustDecodersReadIt()
    {
        var part = ReportPart("quoted-printable", gzip: true);
        var lowered = System.Text.RegularExpressions.Regex.Replace(part, "=([0-9A-F]{2})", m => "=" + m.Groups[1].Value.ToLowerInvariant());
        var padded = lowered.Replace("=\r\n", "= \t \r\n", StringComparison.Ordinal);
        Assert.NotEqual(part, padded);
        var result = Read(TlsRptSamples.Message(Report(TextPart("report"), padded)));
        AssertIngested(result, "mime+gzip");
        Assert.Empty(result.Report!.Warnings);
    }

    /// <summary>
    /// An '=' that starts no escape (a sender that did not encode it) is kept as text, as RFC 2045 6.7 suggests, and the
    /// report still read, with a warning that says so.
    /// </summary>
    [Fact]
    public void AnUnencodedEqualsSignInQuotedPrintableIsKeptWithAWarning()
    {
        var json = Encoding.ASCII.GetString(Json).Replace("\"Company-X\"", "\"Company=X\"", StringComparison.Ordinal);
        var part = TlsRptSamples.Attachment(Encoding.ASCII.GetBytes(json), "application/tlsrpt+json", "r.json", "quoted-printable")
            .Replace("Company=3DX", "Company=X", StringComparison.Ordinal);
        Assert.Contains("Company=X", part, StringComparison.Ordinal);
        var result = Read(TlsRptSamples.Message(Report(TextPart("report"), part)));
        Assert.True(result.IsIngested, result.Rejection?.ToString());
        Assert.Equal("Company=X", result.Report!.OrganizationName);
        var warning = Assert.Single(result.Report.Warnings);
        Assert.Equal("TLSRPT-MIME-QP-INVALID", warning.Code);
        Assert.Equal("RFC 2045 6.7", warning.Rfc);
        Assert.Contains("1 '='", warning.Message, StringComparison.Ordinal);
    }

    /// <summary>A message whose whole body is the report (no multipart) is read too.</summary>
    [Theory]
    [InlineData("quoted-printable")]
    [InlineData("base64")]
    public void AMessageThatIsOnlyTheReportIsRead(string transferEncoding)
    {
        var mail = TlsRptSamples.Message("MIME-Version: 1.0\r\n" + ReportPart(transferEncoding, gzip: false) + "\r\n");
        AssertIngested(Read(mail), "mime");
    }

    /// <summary>The report part is found at any depth: mixed, containing alternative and report multiparts, three levels down.</summary>
    [Fact]
    public void NestedMultipartsAreWalked()
    {
        var alternative = TlsRptSamples.Multipart("multipart/alternative", "alt-boundary",
            TextPart("Your daily report"), TlsRptSamples.Entity("text/html", "7bit", "<p>Your daily report</p>"u8.ToArray()));
        var inner = TlsRptSamples.Multipart("multipart/mixed", "inner-boundary", TextPart("inner"), ReportPart("quoted-printable"));
        var mail = TlsRptSamples.Message(TlsRptSamples.Multipart("multipart/mixed", "outer-boundary",
            alternative, Report(TextPart("This is an aggregate TLS report"), inner)));
        AssertIngested(Read(mail), "mime+gzip");
    }

    [Fact]
    public void NestingPastTheLimitIsRejected()
    {
        var entity = Report(TextPart("report"), ReportPart());
        for (var level = 0; level < 4; level++)
        {
            entity = TlsRptSamples.Multipart("multipart/mixed", $"level-{level}", TextPart("wrapper"), entity);
        }

        var mail = TlsRptSamples.Message(entity);
        AssertIngested(Read(mail), "mime+gzip");
        var rejection = AssertRejected(Read(mail, new TlsRptReaderOptions { MaxMimeDepth = 3 }), "TLSRPT-MIME-INVALID");
        Assert.Contains("deeper than 3", rejection.Message, StringComparison.Ordinal);
    }

    /// <summary>A report forwarded as an attachment (message/rfc822) is read from inside the forwarded message.</summary>
    [Fact]
    public void AForwardedReportIsRead()
    {
        var original = TlsRptSamples.Mail(TlsRptSamples.Gzip(Json), "application/tlsrpt+gzip", "r.json.gz");
        var forward = TlsRptSamples.Multipart("multipart/mixed", "fwd-boundary",
            TextPart("Forwarding the report below."),
            "Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n" + original);
        AssertIngested(Read(TlsRptSamples.Message(forward)), "mime+gzip");
    }

    /// <summary>
    /// Several report parts: the message is rejected, none read, the reason naming them. This holds wherever the parts are,
    /// whether they are copies of one report, and whether one of them is broken (it is not even decoded).
    /// </summary>
    [Theory]
    [InlineData("same-multipart")]
    [InlineData("different-depths")]
    [InlineData("json-and-gzip-copies")]
    [InlineData("one-corrupt")]
    [InlineData("one-forwarded")]
    public void SeveralReportPartsRejectTheWholeMessage(string layout)
    {
        var corrupt = TlsRptSamples.Attachment([0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02], "application/tlsrpt+gzip", "broken.json.gz", "base64");
        var entity = layout switch
        {
            "same-multipart" => Report(TextPart("two reports"), ReportPart(name: "first"), ReportPart(name: "second")),
            "different-depths" => TlsRptSamples.Multipart("multipart/mixed", "outer", ReportPart(name: "first"), Report(TextPart("inner"), ReportPart(name: "second"))),
            "json-and-gzip-copies" => Report(TextPart("copies"), ReportPart("quoted-printable", gzip: false, name: "first"), ReportPart("base64", gzip: true, name: "second")),
            "one-corrupt" => Report(TextPart("one broken"), ReportPart(name: "first"), corrupt),
            _ => TlsRptSamples.Multipart("multipart/mixed", "outer", ReportPart(name: "first"),
                "Content-Type: message/rfc822\r\n\r\n" + TlsRptSamples.Message(Report(TextPart("forwarded"), ReportPart(name: "second")))),
        };
        var rejection = AssertRejected(Read(TlsRptSamples.Message(entity)), "TLSRPT-MIME-MULTIPLE-REPORTS");
        Assert.Contains("2 report parts", rejection.Message, StringComparison.Ordinal);
        Assert.Contains("'first.json", rejection.Message, StringComparison.Ordinal);
        Assert.Contains(layout == "one-corrupt" ? "'broken.json.gz'" : "'second.json", rejection.Message, StringComparison.Ordinal);
        Assert.Contains("none is read", rejection.Message, StringComparison.Ordinal);
    }

    /// <summary>Without a report media type, two attachments named like reports are as ambiguous as two report parts.</summary>
    [Fact]
    public void TwoAttachmentsNamedLikeReportsAreRejected()
    {
        var gzip = TlsRptSamples.Gzip(Json);
        var mail = TlsRptSamples.Message(TlsRptSamples.Multipart("multipart/mixed", "b", TextPart("reports"),
            TlsRptSamples.Attachment(gzip, "application/gzip", "a!example.net!1!2.json.gz", "base64"),
            TlsRptSamples.Attachment(gzip, "application/octet-stream", "b!example.net!1!2.json.gz", "base64")));
        var rejection = AssertRejected(Read(mail), "TLSRPT-MIME-MULTIPLE-REPORTS");
        Assert.Contains("2 parts named like reports", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownTransferEncodingIsRejectedWithTheReason()
    {
        var part = ReportPart("x-uuencode", gzip: false);
        var rejection = AssertRejected(Read(TlsRptSamples.Message(Report(TextPart("report"), part))), "TLSRPT-MIME-INVALID");
        Assert.Contains("'x-uuencode' is not supported (base64, quoted-printable, 7bit, 8bit, binary)", rejection.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Quoted-printable as RFC 2045 6.7 has it, one case at a time: the encoded text is the organization-name of a report
    /// whose other bytes are quoted-printable as a mail agent writes them.
    /// </summary>
    [Theory]
    [InlineData("a=3Db", "a=b", "")]
    [InlineData("a=\r\nb", "ab", "")]
    [InlineData("a=\nb", "ab", "")]
    [InlineData("=C3=A9t=c3=a9", "\u00E9t\u00E9", "")]
    [InlineData("a \t\r\nb", "a\r\nb", "TLSRPT-REPORT-JSON-CONTROL-CHARACTER")]
    [InlineData("a=G1", "a=G1", "TLSRPT-MIME-QP-INVALID")]
    [InlineData("a=4", "a=4", "TLSRPT-MIME-QP-INVALID")]
    [InlineData("x == y", "x == y", "TLSRPT-MIME-QP-INVALID")]
    public void QuotedPrintableDecodesAsRfc2045Says(string encoded, string organization, string warning)
    {
        var json = Encoding.ASCII.GetString(Json);
        var at = json.IndexOf("Company-X", StringComparison.Ordinal);
        var body = TlsRptSamples.QuotedPrintable(Encoding.ASCII.GetBytes(json[..at])) + "=\r\n" + encoded + "=\r\n"
            + TlsRptSamples.QuotedPrintable(Encoding.ASCII.GetBytes(json[(at + "Company-X".Length)..]));
        var part = "Content-Type: application/tlsrpt+json\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + body;
        var result = Read(TlsRptSamples.Message(Report(TextPart("report"), part)));
        Assert.True(result.IsIngested, result.Rejection?.ToString());
        Assert.Equal(organization, result.Report!.OrganizationName);
        Assert.Equal(warning.Length == 0 ? [] : [warning], result.Report.Warnings.Select(w => w.Code));
        if (encoded == "x == y")
        {
            Assert.Contains("has 2 '='", result.Report.Warnings[0].Message, StringComparison.Ordinal);
        }
    }
}
