namespace DaneKit.TlsRpt;

/// <summary>
/// An aggregate SMTP TLS report (RFC 8460 section 4.4), as ingested: every field the RFC defines, and the
/// deviations from the RFC the reader tolerated as <see cref="Warnings"/>.
/// </summary>
public sealed record TlsRptReport
{
    /// <summary><c>organization-name</c>: the organisation that sent the report.</summary>
    public required string OrganizationName { get; init; }

    /// <summary><c>date-range.start-datetime</c>, UTC.</summary>
    public required DateTimeOffset StartDateTime { get; init; }

    /// <summary><c>date-range.end-datetime</c>, UTC.</summary>
    public required DateTimeOffset EndDateTime { get; init; }

    /// <summary><c>contact-info</c>; <see langword="null"/> when absent or JSON null (a warning says which).</summary>
    public string? ContactInfo { get; init; }

    /// <summary><c>report-id</c>.</summary>
    public required string ReportId { get; init; }

    /// <summary><c>policies</c>: one entry per policy applied.</summary>
    public required IReadOnlyList<TlsRptPolicyResult> Policies { get; init; }

    /// <summary>Every tolerated deviation (severity warning), with the JSON path it concerns.</summary>
    public IReadOnlyList<TlsRptFinding> Warnings { get; init; } = [];
}

/// <summary>The <c>policy-type</c> of a TLS-RPT policy (RFC 8460 section 4.4).</summary>
public enum TlsRptPolicyType
{
    /// <summary>A policy type not defined by RFC 8460, kept by name in <see cref="TlsRptPolicy.PolicyTypeName"/>.</summary>
    Unknown,

    /// <summary><c>tlsa</c>: a DANE TLSA policy.</summary>
    Tlsa,

    /// <summary><c>sts</c>: an MTA-STS policy.</summary>
    Sts,

    /// <summary><c>no-policy-found</c>: neither was found.</summary>
    NoPolicyFound,
}

/// <summary>One element of <c>policies</c>: the policy, its summary and its failure details (RFC 8460 section 4.4).</summary>
/// <param name="Policy">The <c>policy</c> object.</param>
/// <param name="TotalSuccessfulSessionCount"><c>summary.total-successful-session-count</c>.</param>
/// <param name="TotalFailureSessionCount"><c>summary.total-failure-session-count</c>.</param>
/// <param name="FailureDetails"><c>failure-details</c>; empty when absent.</param>
public sealed record TlsRptPolicyResult(TlsRptPolicy Policy, long TotalSuccessfulSessionCount, long TotalFailureSessionCount,
    IReadOnlyList<TlsRptFailureDetail> FailureDetails);

/// <summary>The <c>policy</c> object of a policy result (RFC 8460 section 4.4).</summary>
/// <param name="PolicyType">The policy type.</param>
/// <param name="PolicyTypeName">The <c>policy-type</c> string as sent.</param>
/// <param name="PolicyStrings"><c>policy-string</c>: the TLSA records or the MTA-STS policy lines; empty when absent.</param>
/// <param name="PolicyDomain"><c>policy-domain</c>; <see langword="null"/> when absent (a warning says so).</param>
/// <param name="MxHosts"><c>mx-host</c>: for MTA-STS, the mx patterns of the policy; empty when absent.</param>
public sealed record TlsRptPolicy(TlsRptPolicyType PolicyType, string PolicyTypeName, IReadOnlyList<string> PolicyStrings, string? PolicyDomain,
    IReadOnlyList<string> MxHosts);

/// <summary>One element of <c>failure-details</c> (RFC 8460 section 4.4).</summary>
public sealed record TlsRptFailureDetail
{
    /// <summary>The result type when RFC 8460 defines it; <see langword="null"/> for an unknown one (kept in <see cref="ResultTypeName"/>, with a warning).</summary>
    public TlsRptResultType? ResultType { get; init; }

    /// <summary><c>result-type</c> as sent.</summary>
    public required string ResultTypeName { get; init; }

    /// <summary><c>sending-mta-ip</c>; <see langword="null"/> when absent.</summary>
    public string? SendingMtaIp { get; init; }

    /// <summary><c>receiving-mx-hostname</c>; <see langword="null"/> when absent.</summary>
    public string? ReceivingMxHostname { get; init; }

    /// <summary><c>receiving-mx-helo</c>; <see langword="null"/> when absent.</summary>
    public string? ReceivingMxHelo { get; init; }

    /// <summary><c>receiving-ip</c>; <see langword="null"/> when absent.</summary>
    public string? ReceivingIp { get; init; }

    /// <summary><c>failed-session-count</c>.</summary>
    public required long FailedSessionCount { get; init; }

    /// <summary><c>additional-information</c>: a URI; <see langword="null"/> when absent.</summary>
    public string? AdditionalInformation { get; init; }

    /// <summary><c>failure-reason-code</c>; <see langword="null"/> when absent.</summary>
    public string? FailureReasonCode { get; init; }
}

/// <summary>What reading one report file gave: the report, ingested whole, or the reason it was rejected. Never partial.</summary>
/// <param name="Source">The file name or label the input came from.</param>
/// <param name="Format">How the report was carried: <c>json</c>, <c>gzip</c> or <c>mime</c> (<c>mime+gzip</c> for a gzip attachment); <c>unknown</c> when rejected before that was known.</param>
/// <param name="Report">The report; <see langword="null"/> when rejected.</param>
/// <param name="Rejection">Why it was rejected (severity error); <see langword="null"/> when ingested.</param>
public sealed record TlsRptReadResult(string Source, string Format, TlsRptReport? Report, TlsRptFinding? Rejection)
{
    /// <summary>Whether the report was ingested.</summary>
    public bool IsIngested => Report is not null;
}
