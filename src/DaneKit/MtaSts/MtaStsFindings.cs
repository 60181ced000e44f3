using DaneKit.Diagnostics;

namespace DaneKit.MtaSts;

/// <summary>
/// Every finding code the MTA-STS checks report (RFC 8461), with its default severity, title and RFC section. Codes are
/// stable: once published a code keeps its meaning. <c>docs/mta-sts.md</c> lists them with the fix. These codes are not
/// (yet) in <see cref="FindingCatalogue"/>, which holds the DANE check's codes.
/// </summary>
public static class MtaStsFindings
{
    /// <summary>No TXT record at <c>_mta-sts.DOMAIN</c> begins with <c>v=STSv1</c>: the domain has no MTA-STS policy.</summary>
    public const string TxtNone = "MTASTS-TXT-NONE";

    /// <summary>More than one TXT record begins with <c>v=STSv1</c>: senders assume no policy.</summary>
    public const string TxtMultiple = "MTASTS-TXT-MULTIPLE";

    /// <summary>The <c>v=STSv1</c> record is not in the RFC 8461 3.1 grammar (bad delimiter, bad field, bad extension).</summary>
    public const string TxtSyntax = "MTASTS-TXT-SYNTAX";

    /// <summary>The <c>v=STSv1</c> record has no <c>id</c> field.</summary>
    public const string TxtIdMissing = "MTASTS-TXT-ID-MISSING";

    /// <summary>The <c>id</c> is not 1 to 32 letters and digits.</summary>
    public const string TxtIdInvalid = "MTASTS-TXT-ID-INVALID";

    /// <summary>The record has more than one <c>id</c> field; the first is used.</summary>
    public const string TxtDuplicateField = "MTASTS-TXT-DUPLICATE-FIELD";

    /// <summary>The record carries extension fields, which senders ignore.</summary>
    public const string TxtExtension = "MTASTS-TXT-EXTENSION";

    /// <summary>A policy line is not <c>key: value</c> in the RFC 8461 3.2 grammar, or the body is not UTF-8.</summary>
    public const string PolicySyntax = "MTASTS-POLICY-SYNTAX";

    /// <summary>An empty line in the policy body, which the grammar does not allow (it is skipped here).</summary>
    public const string PolicyBlankLine = "MTASTS-POLICY-BLANK-LINE";

    /// <summary>A required field (<c>version</c>, <c>mode</c>, <c>max_age</c>, <c>mx</c>) is missing.</summary>
    public const string PolicyMissingField = "MTASTS-POLICY-MISSING-FIELD";

    /// <summary>The <c>version</c> is not <c>STSv1</c>.</summary>
    public const string PolicyVersion = "MTASTS-POLICY-VERSION";

    /// <summary>The <c>mode</c> is not <c>enforce</c>, <c>testing</c> or <c>none</c>.</summary>
    public const string PolicyMode = "MTASTS-POLICY-MODE";

    /// <summary>The <c>max_age</c> is not 1 to 10 digits, or exceeds 31557600 seconds.</summary>
    public const string PolicyMaxAge = "MTASTS-POLICY-MAX-AGE";

    /// <summary>An <c>mx</c> value is not a domain name (A-labels) optionally preceded by <c>*.</c>.</summary>
    public const string PolicyMxInvalid = "MTASTS-POLICY-MX-INVALID";

    /// <summary>A field other than <c>mx</c> appears more than once; the first is used.</summary>
    public const string PolicyDuplicateField = "MTASTS-POLICY-DUPLICATE-FIELD";

    /// <summary>A field this version of the RFC does not define; senders ignore it.</summary>
    public const string PolicyUnknownField = "MTASTS-POLICY-UNKNOWN-FIELD";

    /// <summary>The policy is in <c>testing</c> mode: failures are reported, mail is still delivered.</summary>
    public const string PolicyTesting = "MTASTS-POLICY-TESTING";

    /// <summary>The policy host could not be reached (DNS, connection refused).</summary>
    public const string FetchConnect = "MTASTS-FETCH-CONNECT";

    /// <summary>The policy host's certificate failed WebPKI validation (untrusted, wrong name, expired).</summary>
    public const string FetchCertificate = "MTASTS-FETCH-CERTIFICATE";

    /// <summary>The policy URL answered with a redirect, which senders must not follow.</summary>
    public const string FetchRedirect = "MTASTS-FETCH-REDIRECT";

    /// <summary>The policy URL answered with a status other than 200.</summary>
    public const string FetchHttpStatus = "MTASTS-FETCH-HTTP-STATUS";

    /// <summary>The policy was not served as <c>text/plain</c>.</summary>
    public const string FetchContentType = "MTASTS-FETCH-CONTENT-TYPE";

    /// <summary>The policy body is larger than the fetch limit (64 KiB by default).</summary>
    public const string FetchTooLarge = "MTASTS-FETCH-TOO-LARGE";

    /// <summary>The policy fetch did not finish in time.</summary>
    public const string FetchTimeout = "MTASTS-FETCH-TIMEOUT";

    /// <summary>The <c>_mta-sts</c> TXT lookup failed: a sender keeps a cached policy, or has none.</summary>
    public const string TxtLookupFailed = "MTASTS-TXT-LOOKUP-FAILED";

    /// <summary>An MX host is not matched by any mx pattern of the policy in force.</summary>
    public const string MxNotInPolicy = "MTASTS-MX-NOT-IN-POLICY";

    /// <summary>An MX host's certificate is not WebPKI-valid for the MX host name (or no TLS was possible).</summary>
    public const string MxCertUntrusted = "MTASTS-MX-CERT-UNTRUSTED";

    /// <summary>A host has both DANE and an MTA-STS policy: DANE decides there.</summary>
    public const string DanePrecedence = "MTASTS-DANE-PRECEDENCE";

    /// <summary>Every code, with its meaning, in a stable order (TXT record, policy, fetch, MX hosts).</summary>
    public static IReadOnlyList<FindingDefinition> All { get; } =
    [
        new(TxtNone, FindingSeverity.Info, "No MTA-STS TXT record", "RFC 8461 3.1",
            "No TXT record at _mta-sts.<domain> begins with v=STSv1: senders treat the domain as having no MTA-STS policy.",
            "To use MTA-STS, publish _mta-sts.<domain>. IN TXT \"v=STSv1; id=<new id>\" and serve the policy at https://mta-sts.<domain>/.well-known/mta-sts.txt."),
        new(TxtMultiple, FindingSeverity.Error, "More than one MTA-STS TXT record", "RFC 8461 3.1",
            "More than one TXT record at _mta-sts.<domain> begins with v=STSv1. Senders MUST then assume the domain has no MTA-STS policy.",
            "Keep exactly one v=STSv1 record and remove the others."),
        new(TxtSyntax, FindingSeverity.Error, "MTA-STS TXT record is malformed", "RFC 8461 3.1",
            "The v=STSv1 record is not in the grammar of RFC 8461 3.1. Senders MUST treat a syntactically invalid record as no policy.",
            "Publish the record in the form \"v=STSv1; id=<1 to 32 letters and digits>;\"."),
        new(TxtIdMissing, FindingSeverity.Error, "MTA-STS TXT record without an id", "RFC 8461 3.1",
            "The record has no id field (or several), which the grammar requires; senders treat the record as invalid, so the domain has no policy.",
            "Add one id field, e.g. id=20260101T000000; change it every time the policy changes."),
        new(TxtIdInvalid, FindingSeverity.Error, "MTA-STS id is not 1 to 32 letters and digits", "RFC 8461 3.1",
            "The id MUST be 1 to 32 characters, each a letter or a digit. Another id makes the record invalid, so the domain has no policy.",
            "Use an id of letters and digits only, at most 32, e.g. a timestamp 20260101000000."),
        new(TxtDuplicateField, FindingSeverity.Warning, "MTA-STS TXT record with more than one id", "RFC 8461 3.2",
            "A non-repeated field is duplicated: all entries except the first SHALL be ignored, so the first id is used. Senders that differ may see another id.",
            "Keep one id field."),
        new(TxtExtension, FindingSeverity.Info, "MTA-STS TXT record with extension fields", "RFC 8461 3.1",
            "The record carries fields other than v and id. They are allowed by the grammar and ignored by senders.",
            "Nothing to fix, unless the field is a typing error."),
        new(PolicySyntax, FindingSeverity.Error, "MTA-STS policy line is malformed", "RFC 8461 3.2",
            "A line of the policy is not \"key: value\" as the grammar of RFC 8461 3.2 says (leading white space, no colon, a bad key or value, control characters), or the body is not UTF-8. The policy is treated as invalid.",
            "Write every line as key: value, one per line, ending in LF or CRLF."),
        new(PolicyBlankLine, FindingSeverity.Warning, "Empty line in the MTA-STS policy", "RFC 8461 3.2",
            "The grammar has no empty lines between fields. DaneKit skips it; a strict sender may reject the policy.",
            "Remove the empty lines."),
        new(PolicyMissingField, FindingSeverity.Error, "MTA-STS policy is missing a field", "RFC 8461 3.2",
            "A required field is absent: version, mode and max_age are required once, mx at least once except when mode is none (the ABNF of RFC 8461 3.2). The policy is invalid, and senders without a cached policy deliver as though the domain had no MTA-STS. Field names are case-sensitive.",
            "Add the field, e.g. \"version: STSv1\", \"mode: enforce\", \"max_age: 604800\", one \"mx:\" line per MX host."),
        new(PolicyVersion, FindingSeverity.Error, "MTA-STS policy version is not STSv1", "RFC 8461 3.2",
            "Only version STSv1 is defined (case-sensitive).",
            "Write \"version: STSv1\"."),
        new(PolicyMode, FindingSeverity.Error, "MTA-STS policy mode is not enforce, testing or none", "RFC 8461 3.2",
            "The mode must be one of enforce, testing or none (lower case).",
            "Write \"mode: testing\" while trying MTA-STS, then \"mode: enforce\"."),
        new(PolicyMaxAge, FindingSeverity.Error, "MTA-STS max_age is not 0 to 31557600 seconds", "RFC 8461 3.2",
            "max_age is a plain non-negative integer of seconds (1 to 10 digits), at most 31557600 (one year).",
            "Write e.g. \"max_age: 604800\" (one week) or more; at most 31557600."),
        new(PolicyMxInvalid, FindingSeverity.Error, "MTA-STS mx value is not a host name or *. pattern", "RFC 8461 3.2",
            "An mx value must be a domain name in A-label (Punycode) form without a trailing dot, optionally preceded by \"*.\" to match one left-most label.",
            "Write one \"mx: mx.example.com\" or \"mx: *.example.net\" line per MX host; internationalized names as A-labels (xn--...)."),
        new(PolicyDuplicateField, FindingSeverity.Warning, "MTA-STS policy field given twice", "RFC 8461 3.2",
            "A field other than mx is duplicated: all entries except the first SHALL be ignored.",
            "Keep one line for the field."),
        new(PolicyUnknownField, FindingSeverity.Info, "Unknown MTA-STS policy field", "RFC 8461 3.2",
            "The policy has a field RFC 8461 does not define (field names are case-sensitive); senders ignore it.",
            "Nothing to fix, unless it is a misspelt field (e.g. \"Mode\" or \"max-age\")."),
        new(PolicyTesting, FindingSeverity.Info, "MTA-STS policy in testing mode", "RFC 8461 5",
            "In testing mode senders report failures (TLS-RPT) but still deliver mail: MTA-STS does not protect the domain yet.",
            "Switch to \"mode: enforce\" once the reports show no failures, and change the TXT id."),
        new(FetchConnect, FindingSeverity.Error, "MTA-STS policy host unreachable", "RFC 8461 3.3",
            "The policy host mta-sts.<domain> could not be resolved or connected to on port 443. Without a cached policy, senders deliver as if there were no MTA-STS.",
            "Publish address records for mta-sts.<domain> and serve HTTPS there."),
        new(FetchCertificate, FindingSeverity.Error, "MTA-STS policy host certificate not valid", "RFC 8461 3.3",
            "The policy host MUST present a certificate valid for mta-sts.<domain> that chains to a trusted root and is not expired. Senders do not take the policy.",
            "Install a publicly trusted certificate whose subjectAltName includes mta-sts.<domain>, served with its intermediates."),
        new(FetchRedirect, FindingSeverity.Error, "MTA-STS policy URL redirects", "RFC 8461 3.3",
            "HTTP 3xx redirects MUST NOT be followed: senders get no policy.",
            "Serve the policy directly at https://mta-sts.<domain>/.well-known/mta-sts.txt with status 200."),
        new(FetchHttpStatus, FindingSeverity.Error, "MTA-STS policy URL does not answer 200", "RFC 8461 3.3",
            "The policy URL answered with a status other than 200 OK: senders get no policy.",
            "Serve the policy at https://mta-sts.<domain>/.well-known/mta-sts.txt with status 200."),
        new(FetchContentType, FindingSeverity.Error, "MTA-STS policy not served as text/plain", "RFC 8461 3.3",
            "Senders SHOULD check that the policy's media type is text/plain, and many refuse anything else.",
            "Serve the file with \"Content-Type: text/plain\" (a charset parameter is fine)."),
        new(FetchTooLarge, FindingSeverity.Error, "MTA-STS policy body too large", "RFC 8461 3.3",
            "The body is larger than the fetch limit (64 KiB by default, DaneKit's own cap; RFC 8461 lets senders bound the fetch). A policy is a few lines.",
            "Serve only the policy lines at the policy URL."),
        new(FetchTimeout, FindingSeverity.Error, "MTA-STS policy fetch timed out", "RFC 8461 3.3",
            "The connection, TLS handshake or body did not complete in time. Without a cached policy, senders deliver as if there were no MTA-STS.",
            "Make the policy host answer promptly."),
        new(TxtLookupFailed, FindingSeverity.Warning, "MTA-STS TXT lookup failed", "RFC 8461 3.1",
            "The _mta-sts TXT lookup did not complete (SERVFAIL, timeout or a Bogus answer). A sender then uses its cached policy if it has one, and otherwise delivers as if there were no MTA-STS policy.",
            "Make _mta-sts.<domain> resolve: check the zone's name servers and, when signed, its DNSSEC chain."),
        new(MxNotInPolicy, FindingSeverity.Error, "MX host not in the MTA-STS policy", "RFC 8461 4.1",
            "The MX host matches none of the policy's mx patterns. In enforce mode senders MUST NOT deliver to it; in testing mode they report the failure and deliver.",
            "Add an \"mx:\" line for the host (or a \"*.\" pattern covering it) to the policy, and change the id of the _mta-sts TXT record so senders fetch it again."),
        new(MxCertUntrusted, FindingSeverity.Error, "MX host certificate not valid for MTA-STS", "RFC 8461 4.2",
            "An MTA-STS sender requires STARTTLS with a certificate that chains to a trusted root, is in its validity period and names the MX host (subjectAltName dNSName, RFC 6125). Otherwise, in enforce mode, it does not deliver.",
            "Install a publicly trusted certificate for the MX host name, served with its intermediates; with DANE, publish the matching TLSA record as well."),
        new(DanePrecedence, FindingSeverity.Info, "DANE takes precedence over MTA-STS for this host", "RFC 8461 2",
            "The host has DANE (a Secure TLSA RRset, or a failing TLSA lookup). A sender that implements both validates DANE there: senders MUST NOT allow MTA-STS policy validation to override a failing DANE validation.",
            "Nothing to fix; keep the MTA-STS policy and the TLSA records both correct, since senders without DANE use the policy."),
    ];

    /// <summary>The definition of a code.</summary>
    /// <param name="code">A code, e.g. <c>MTASTS-TXT-MULTIPLE</c>.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="ArgumentException">The code is not an MTA-STS code.</exception>
    public static FindingDefinition Get(string code) =>
        All.FirstOrDefault(d => string.Equals(d.Code, code, StringComparison.Ordinal))
        ?? throw new ArgumentException($"'{code}' is not an MTA-STS finding code", nameof(code));

    /// <summary>A finding with the catalogue's severity, title, RFC section and fix.</summary>
    /// <param name="code">The code.</param>
    /// <param name="subject">What it is about: the domain, the TXT owner name or the policy URL.</param>
    /// <param name="message">What was found here.</param>
    /// <param name="evidence">What shows it.</param>
    /// <returns>The finding.</returns>
    public static Finding Create(string code, string subject, string message, params FindingEvidence[] evidence)
    {
        var d = Get(code);
        return new Finding
        {
            Code = d.Code,
            Severity = d.Severity,
            Title = d.Title,
            Message = message,
            Rfc = d.Rfc,
            Subject = subject,
            Evidence = evidence,
            Remediation = FindingRemediation.Say(d.Fix),
        };
    }
}
