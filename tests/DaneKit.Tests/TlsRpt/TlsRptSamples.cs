using System.IO.Compression;
using System.Text;

namespace DaneKit.Tests.TlsRpt;

/// <summary>
/// TLS-RPT report test data. The RFC texts are copied from RFC 8460 as published (the plain-text RFC, read from a public
/// copy: rhymeswithmogul/MailPolicyExplainer en-US/about_SMTPTLSReporting.txt); see each constant for what, if anything,
/// was changed. The Google- and Microsoft-shaped reports are written for these tests, not captured: they reproduce the
/// deviations such senders are known for, each named in a comment.
/// </summary>
internal static class TlsRptSamples
{
    /// <summary>
    /// RFC 8460 Appendix B, "Example JSON Report", verbatim: every line as the RFC prints it, the RFC's 3-space left margin
    /// included. The only thing left out is the RFC's page break between pages 32 and 33 (the footer and header lines
    /// printed after <c>}, {</c> of the second failure detail), which is pagination, not part of the example.
    /// </summary>
    /// <remarks>
    /// The example is not a conforming report, in three ways:
    /// <list type="number">
    /// <item>It is not valid JSON (RFC 8259 7): the <c>additional-information</c> string is wrapped across two lines, so it
    /// holds a raw line feed and the next line's indentation (line 32 of this text).</item>
    /// <item>That value is not a URI (RFC 3986), wrapped or not: the RFC's tooling spaced it out to
    /// <c>report_info ? id = 5065427 c - 23 d3# StarttlsNotSupported </c>.</item>
    /// <item><c>mx-host</c> is a string, where RFC 8460 4.4 says it "is provided as a JSON array of strings".</item>
    /// </list>
    /// The sending-mta-ip <c>2001:db8:abcd:0012::1</c> is also not in the RFC 5952 form 4.4 asks for (leading zeros); the
    /// reader does not check IP address forms. The example's additional-information key is the JSON schema's
    /// (<c>"additional-information"</c>); the field list of 4.4 calls it <c>additional-info-uri</c>.
    /// </remarks>
    public const string RfcAppendixB = """
           {
             "organization-name": "Company-X",
             "date-range": {
               "start-datetime": "2016-04-01T00:00:00Z",
               "end-datetime": "2016-04-01T23:59:59Z"
             },
             "contact-info": "sts-reporting@company-x.example",
             "report-id": "5065427c-23d3-47ca-b6e0-946ea0e8c4be",
             "policies": [{
               "policy": {
                 "policy-type": "sts",
                 "policy-string": ["version: STSv1","mode: testing",
                       "mx: *.mail.company-y.example","max_age: 86400"],
                 "policy-domain": "company-y.example",
                 "mx-host": "*.mail.company-y.example"
               },
               "summary": {
                 "total-successful-session-count": 5326,
                 "total-failure-session-count": 303
               },
               "failure-details": [{
                 "result-type": "certificate-expired",
                 "sending-mta-ip": "2001:db8:abcd:0012::1",
                 "receiving-mx-hostname": "mx1.mail.company-y.example",
                 "failed-session-count": 100
               }, {
                 "result-type": "starttls-not-supported",
                 "sending-mta-ip": "2001:db8:abcd:0013::1",
                 "receiving-mx-hostname": "mx2.mail.company-y.example",
                 "receiving-ip": "203.0.113.56",
                 "failed-session-count": 200,
                 "additional-information": "https://reports.company-x.example/
                   report_info ? id = 5065427 c - 23 d3# StarttlsNotSupported "
               }, {
                 "result-type": "validation-failure",
                 "sending-mta-ip": "198.51.100.62",
                 "receiving-ip": "203.0.113.58",
                 "receiving-mx-hostname": "mx-backup.mail.company-y.example",
                 "failed-session-count": 3,
                 "failure-reason-code": "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED"
               }]
             }]
           }
        """;

    /// <summary>The additional-information value of <see cref="RfcAppendixB"/> exactly as the RFC's text gives it.</summary>
    public const string RfcAppendixBAdditionalInformation = "https://reports.company-x.example/\n           report_info ? id = 5065427 c - 23 d3# StarttlsNotSupported ";

    /// <summary>
    /// <see cref="RfcAppendixB"/> made conforming, for tests that need a report without deviations: the wrapped
    /// additional-information joined and its inserted spaces removed (the URI the example evidently meant), mx-host made
    /// a one-element array. Nothing else differs from the RFC's example.
    /// </summary>
    public const string RfcExampleConforming = """
        {
          "organization-name": "Company-X",
          "date-range": {
            "start-datetime": "2016-04-01T00:00:00Z",
            "end-datetime": "2016-04-01T23:59:59Z"
          },
          "contact-info": "sts-reporting@company-x.example",
          "report-id": "5065427c-23d3-47ca-b6e0-946ea0e8c4be",
          "policies": [{
            "policy": {
              "policy-type": "sts",
              "policy-string": ["version: STSv1","mode: testing",
                    "mx: *.mail.company-y.example","max_age: 86400"],
              "policy-domain": "company-y.example",
              "mx-host": ["*.mail.company-y.example"]
            },
            "summary": {
              "total-successful-session-count": 5326,
              "total-failure-session-count": 303
            },
            "failure-details": [{
              "result-type": "certificate-expired",
              "sending-mta-ip": "2001:db8:abcd:0012::1",
              "receiving-mx-hostname": "mx1.mail.company-y.example",
              "failed-session-count": 100
            }, {
              "result-type": "starttls-not-supported",
              "sending-mta-ip": "2001:db8:abcd:0013::1",
              "receiving-mx-hostname": "mx2.mail.company-y.example",
              "receiving-ip": "203.0.113.56",
              "failed-session-count": 200,
              "additional-information": "https://reports.company-x.example/report_info?id=5065427c-23d3#StarttlsNotSupported"
            }, {
              "result-type": "validation-failure",
              "sending-mta-ip": "198.51.100.62",
              "receiving-ip": "203.0.113.58",
              "receiving-mx-hostname": "mx-backup.mail.company-y.example",
              "failed-session-count": 3,
              "failure-reason-code": "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED"
            }]
          }]
        }
        """;

    /// <summary>
    /// RFC 8460 4.5, the DANE TLSA policy-string sample, verbatim (the RFC wraps each record inside its string, so each
    /// string holds a line feed and indentation: not valid JSON, like Appendix B).
    /// </summary>
    public const string Rfc45TlsaPolicyStrings = """
               [
               "3 0 1 1F850A337E6DB9C609C522D136A475638CC43E1ED424F8EEC8513
                      D747D1D085D",
               "3 0 1 12350A337E6DB9C6123522D136A475638CC43E1ED424F8EEC8513
                      D747D1D1234"
               ]
        """;

    /// <summary>RFC 8460 4.5, the MTA-STS policy-string sample, verbatim (valid JSON).</summary>
    public const string Rfc45StsPolicyStrings = """
                               [
                               "version: STSv1",
                               "mode: testing",
                               "mx: mx1.example.com",
                               "mx: mx2.example.com",
                               "mx: mx.backup-example.com",
                               "max_age: 604800"
                               ]
        """;

    /// <summary>
    /// RFC 8460 5.3.1, "Example Report", verbatim: the mail with the RFC's indentation (6, 10 and 5 spaces before the
    /// lines, which <see cref="RfcExampleMail"/> takes off) and its <c>&lt;gzipped content of report&gt;</c> placeholder.
    /// </summary>
    public const string Rfc531ExampleReport = """
              From: tlsrpt@mail.sender.example.com
                  Date: Fri, May 09 2017 16:54:30 -0800
                  To: mts-sts-tlsrpt@example.net
                  Subject: Report Domain: example.net
                      Submitter: mail.sender.example.com
                      Report-ID: <735ff.e317+bf22029@example.net>
                  TLS-Report-Domain: example.net
                  TLS-Report-Submitter: mail.sender.example.com
                  MIME-Version: 1.0
                  Content-Type: multipart/report; report-type="tlsrpt";
                      boundary="----=_NextPart_000_024E_01CC9B0A.AFE54C00"
                  Content-Language: en-us

                  This is a multipart message in MIME format.

                  ------=_NextPart_000_024E_01CC9B0A.AFE54C00
                  Content-Type: text/plain; charset="us-ascii"
                  Content-Transfer-Encoding: 7bit

                  This is an aggregate TLS report from mail.sender.example.com

                  ------=_NextPart_000_024E_01CC9B0A.AFE54C00
                  Content-Type: application/tlsrpt+gzip
                  Content-Transfer-Encoding: base64
                  Content-Disposition: attachment;
                      filename="mail.sender.example!example.com!
                                1013662812!1013749130.json.gz"

                  <gzipped content of report>

             ------=_NextPart_000_024E_01CC9B0A.AFE54C00--
             ...
        """;

    /// <summary>
    /// <see cref="Rfc531ExampleReport"/> as a message: the RFC's page indentation (up to 10 spaces) taken off each line,
    /// the "..." the RFC prints after the message dropped, <paramref name="report"/> gzipped and base64-encoded in place
    /// of the placeholder, CRLF line ends.
    /// </summary>
    public static string RfcExampleMail(byte[] report)
    {
        var base64 = Convert.ToBase64String(Gzip(report), Base64FormattingOptions.InsertLineBreaks).ReplaceLineEndings("\n");
        var lines = Rfc531ExampleReport.ReplaceLineEndings("\n").Split('\n')
            .Where(line => line.Trim() != "...")
            .Select(line => line[Math.Min(line.Length - line.TrimStart(' ').Length, 10)..]);
        return string.Join("\n", lines).Replace("<gzipped content of report>", base64, StringComparison.Ordinal).ReplaceLineEndings("\r\n") + "\r\n";
    }

    /// <summary><paramref name="json"/> with its line ends as LF, whatever the line ends of this source file.</summary>
    public static byte[] Lf(string json) => Bytes(json.ReplaceLineEndings("\n"));

    /// <summary>
    /// Shaped like Google's daily reports. Deviations exercised: the failure-details entry has no sending-mta-ip
    /// (TLSRPT-REPORT-FIELD-MISSING, warning); everything else is as RFC 8460 4.4 says (a tlsa policy with
    /// policy-string TLSA records, and a second policy of type sts without failures).
    /// </summary>
    public const string GoogleShaped = """
        {"organization-name":"Google Inc.","date-range":{"start-datetime":"2026-11-27T00:00:00Z","end-datetime":"2026-11-27T23:59:59Z"},"contact-info":"smtp-tls-reporting@google.com","report-id":"2026-11-27T00:00:00Z_example.net","policies":[{"policy":{"policy-type":"tlsa","policy-string":["3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6"],"policy-domain":"example.net","mx-host":["mx.example.net"]},"summary":{"total-successful-session-count":41,"total-failure-session-count":2},"failure-details":[{"result-type":"tlsa-invalid","receiving-mx-hostname":"mx.example.net","receiving-ip":"192.0.2.25","failed-session-count":2}]},{"policy":{"policy-type":"sts","policy-string":["version: STSv1","mode: enforce","mx: mx.example.net","max_age: 604800"],"policy-domain":"example.net","mx-host":["mx.example.net"]},"summary":{"total-successful-session-count":7,"total-failure-session-count":0}}]}
        """;

    /// <summary>
    /// Shaped like Microsoft's reports. Deviations exercised: contact-info is JSON null (TLSRPT-REPORT-FIELD-NULL);
    /// a no-policy-found policy has no policy-domain (TLSRPT-REPORT-FIELD-MISSING); the session counts are strings
    /// (TLSRPT-REPORT-NUMBER-AS-STRING); a result type RFC 8460 does not define (TLSRPT-REPORT-RESULT-TYPE-UNKNOWN,
    /// kept); an extra vendor field (TLSRPT-REPORT-FIELD-UNKNOWN); the start date without a time zone
    /// (TLSRPT-REPORT-DATE-FORMAT, read as UTC).
    /// </summary>
    public const string MicrosoftShaped = """
        {
          "organization-name": "Microsoft Corporation",
          "date-range": { "start-datetime": "2026-11-28T00:00:00", "end-datetime": "2026-11-28T23:59:59Z" },
          "contact-info": null,
          "report-id": "133772544000000000+example.net",
          "x-vendor-region": "EU",
          "policies": [
            {
              "policy": { "policy-type": "no-policy-found", "policy-string": [], "mx-host": [] },
              "summary": { "total-successful-session-count": "12", "total-failure-session-count": "1" },
              "failure-details": [
                { "result-type": "certificate-revoked", "sending-mta-ip": "198.51.100.7", "receiving-mx-hostname": "mx.example.net",
                  "receiving-ip": "192.0.2.25", "failed-session-count": 1 }
              ]
            }
          ]
        }
        """;

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A report mail as RFC 8460 5.3 describes: multipart/report; report-type="tlsrpt", a text part and the report, base64.</summary>
    public static string Mail(byte[] report, string contentType, string fileName) =>
        Message(Multipart("multipart/report; report-type=\"tlsrpt\"", "----=_Part_42",
            Entity("text/plain; charset=us-ascii", "7bit", Encoding.ASCII.GetBytes("This is an aggregate TLS report from sender.example")),
            Attachment(report, contentType, fileName, "base64")));

    /// <summary>The top-level headers of a report mail (RFC 8460 5.3) followed by <paramref name="entity"/> (its headers, a blank line, its body).</summary>
    public static string Message(string entity) =>
        "From: tls-reporting@sender.example\r\nTo: tlsrpt@example.net\r\n"
        + "Subject: Report Domain: example.net Submitter: sender.example Report-ID: <abc@sender.example>\r\n"
        + "TLS-Report-Domain: example.net\r\nTLS-Report-Submitter: sender.example\r\n" + entity;

    /// <summary>A report attachment: <paramref name="report"/> with <paramref name="contentType"/> and a file name, in <paramref name="transferEncoding"/>.</summary>
    public static string Attachment(byte[] report, string contentType, string fileName, string transferEncoding) =>
        Entity($"{contentType}; name=\"{fileName}\"", transferEncoding, report, $"Content-Disposition: attachment; filename=\"{fileName}\"");

    /// <summary>
    /// A MIME entity: Content-Type, Content-Transfer-Encoding and any <paramref name="headers"/>, a blank line, the body in
    /// that encoding (any other encoding name: the bytes as they are). CRLF line ends; binary bodies are not touched.
    /// </summary>
    public static string Entity(string contentType, string transferEncoding, byte[] body, params string[] headers)
    {
        var encoded = transferEncoding.ToLowerInvariant() switch
        {
            "base64" => Convert.ToBase64String(body, Base64FormattingOptions.InsertLineBreaks),
            "quoted-printable" => QuotedPrintable(body),
            _ => Encoding.Latin1.GetString(body),
        };
        var extra = string.Concat(headers.Select(h => h + "\r\n"));
        return $"Content-Type: {contentType}\r\nContent-Transfer-Encoding: {transferEncoding}\r\n{extra}\r\n{encoded}";
    }

    /// <summary>A multipart entity of <paramref name="parts"/> (each an entity text), with a preamble and an epilogue.</summary>
    public static string Multipart(string contentType, string boundary, params string[] parts) =>
        $"MIME-Version: 1.0\r\nContent-Type: {contentType};\r\n\tboundary=\"{boundary}\"\r\n\r\nThis is a multipart message in MIME format.\r\n"
        + string.Concat(parts.Select(p => $"--{boundary}\r\n{p}\r\n")) + $"--{boundary}--\r\nepilogue\r\n";

    /// <summary>
    /// Quoted-printable (RFC 2045 6.7) as a mail agent writes it: printable ASCII other than '=' literal, a space literal
    /// unless a line end follows, everything else (line ends included, so binary data survives) as =XX, lines of at most
    /// 76 characters with soft line breaks.
    /// </summary>
    public static string QuotedPrintable(byte[] data)
    {
        var text = new StringBuilder();
        var line = 0;
        for (var i = 0; i < data.Length; i++)
        {
            var b = data[i];
            var literal = b is >= 33 and <= 126 and not (byte)'=' || b == (byte)' ' && i + 1 < data.Length && data[i + 1] is not ((byte)'\r' or (byte)'\n');
            var token = literal ? ((char)b).ToString() : $"={b:X2}";
            if (line + token.Length > 75)
            {
                text.Append("=\r\n");
                line = 0;
            }

            text.Append(token);
            line += token.Length;
        }

        return text.ToString();
    }
}
