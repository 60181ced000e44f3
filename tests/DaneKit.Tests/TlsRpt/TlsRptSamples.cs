using System.IO.Compression;
using System.Text;

namespace DaneKit.Tests.TlsRpt;

/// <summary>
/// TLS-RPT report test data. The RFC example is transcribed from RFC 8460 section 4.5 from memory of the RFC text
/// (the RFC itself was not reachable from the build environment; the one line the RFC wraps, additional-information,
/// is joined). The Google- and Microsoft-shaped reports are written for these tests, not captured: they reproduce the
/// deviations such senders are known for, each named in a comment.
/// </summary>
internal static class TlsRptSamples
{
    /// <summary>RFC 8460 section 4.5, the example report.</summary>
    public const string RfcExample = """
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
    public static string Mail(byte[] report, string contentType, string fileName)
    {
        var base64 = Convert.ToBase64String(report, Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\n", StringComparison.Ordinal);
        return $"""
            From: tls-reporting@sender.example
            To: tlsrpt@example.net
            Subject: Report Domain: example.net Submitter: sender.example Report-ID: <abc@sender.example>
            TLS-Report-Domain: example.net
            TLS-Report-Submitter: sender.example
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type="tlsrpt";
            	boundary="----=_Part_42"

            This is a multipart message in MIME format.
            ------=_Part_42
            Content-Type: text/plain; charset=us-ascii

            This is an aggregate TLS report from sender.example
            ------=_Part_42
            Content-Type: {contentType}; name="{fileName}"
            Content-Disposition: attachment; filename="{fileName}"
            Content-Transfer-Encoding: base64

            {base64}
            ------=_Part_42--

            """.Replace("\n", "\r\n", StringComparison.Ordinal);
    }
}
