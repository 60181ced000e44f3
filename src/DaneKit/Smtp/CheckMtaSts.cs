using DaneKit.MtaSts;

namespace DaneKit.Smtp;

/// <summary>
/// MTA-STS (RFC 8461) of a mail domain, checked beside DANE: the <c>_mta-sts</c> TXT record, the policy fetched over
/// HTTPS, and for every MX host what a sender that implements MTA-STS does there. Where a host has DANE (a Secure TLSA
/// RRset, or a failing TLSA lookup), DANE takes precedence: senders MUST NOT allow MTA-STS policy validation to
/// override a failing DANE validation (RFC 8461 2), so DaneKit reports such a host as <see cref="CheckMtaStsOutcome.DanePrecedence"/>.
/// Plain data, as the rest of the check result.
/// </summary>
public sealed record CheckMtaSts
{
    /// <summary>The Policy Domain, absolute with a final dot.</summary>
    public required string PolicyDomain { get; init; }

    /// <summary>The TXT lookup of <c>_mta-sts.DOMAIN</c>.</summary>
    public required CheckLookup TxtLookup { get; init; }

    /// <summary>What the TXT RRset gives a sender: exactly one valid record, none, several, a malformed one, or a failed lookup.</summary>
    public required CheckMtaStsTxtOutcome TxtOutcome { get; init; }

    /// <summary>The policy id of the TXT record, when there is exactly one valid record.</summary>
    public string? PolicyId { get; init; }

    /// <summary>
    /// The policy fetch, or <see langword="null"/> when none was made. A fetch made although a sender would not fetch (the
    /// TXT record is missing, duplicated or malformed) is <see cref="CheckMtaStsFetch.Diagnostic"/>: it only explains.
    /// </summary>
    public CheckMtaStsFetch? Fetch { get; init; }

    /// <summary>The policy as parsed, when the fetch returned one that parses (even from a diagnostic fetch).</summary>
    public CheckMtaStsPolicy? Policy { get; init; }

    /// <summary>
    /// The mode a sender applies: <see cref="MtaStsMode.Enforce"/> or <see cref="MtaStsMode.Testing"/> when it ends up with a
    /// policy (one valid TXT record and a valid policy fetched), <see langword="null"/> when it has none (mode <c>none</c>
    /// counts as none, RFC 8461 5).
    /// </summary>
    public MtaStsMode? ModeInForce { get; init; }

    /// <summary>Every MX host of the DANE check, in the same order, with what an MTA-STS sender does there.</summary>
    public IReadOnlyList<CheckMtaStsHost> Hosts { get; init; } = [];

    /// <summary>The domain's outcome: the worst over the hosts (<see cref="CheckMtaStsOutcome.NoPolicy"/> without a policy).</summary>
    public required CheckMtaStsOutcome Outcome { get; init; }

    /// <summary>The RFC section that rules <see cref="Outcome"/>.</summary>
    public required string Rfc { get; init; }

    /// <summary>The outcome in a sentence or two, including whether DANE takes precedence for some host.</summary>
    public required string Summary { get; init; }
}

/// <summary>What the <c>_mta-sts</c> TXT RRset gives a sender (RFC 8461 3.1).</summary>
public enum CheckMtaStsTxtOutcome
{
    /// <summary>Exactly one record beginning with <c>v=STSv1</c>, and it is valid.</summary>
    Ok,

    /// <summary>No record beginning with <c>v=STSv1</c> (or no TXT at all): the domain has no MTA-STS policy.</summary>
    None,

    /// <summary>More than one record beginning with <c>v=STSv1</c>: senders assume there is no policy.</summary>
    Multiple,

    /// <summary>One record beginning with <c>v=STSv1</c>, but malformed (e.g. no valid id): senders assume there is no policy.</summary>
    Invalid,

    /// <summary>The lookup failed (SERVFAIL, timeout, Bogus): a sender uses a cached policy if it has one, else none.</summary>
    LookupFailed,
}

/// <summary>The HTTPS fetch of the policy (RFC 8461 3.3).</summary>
public sealed record CheckMtaStsFetch
{
    /// <summary>The policy URL, <c>https://mta-sts.DOMAIN/.well-known/mta-sts.txt</c>.</summary>
    public required string Url { get; init; }

    /// <summary>True when a sender would not have fetched (see <see cref="CheckMtaSts.Fetch"/>).</summary>
    public bool Diagnostic { get; init; }

    /// <summary>The address lookups of the policy host (WebPKI, so their DNSSEC status is for information only).</summary>
    public IReadOnlyList<CheckLookup> AddressLookups { get; init; } = [];

    /// <summary>The address connected to, or <see langword="null"/> when none was found.</summary>
    public string? Address { get; init; }

    /// <summary>The HTTP status, when a response came.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The Content-Type header, when a response came.</summary>
    public string? ContentType { get; init; }

    /// <summary>The body as received (at most the fetch's size cap), when a 200 text/plain response came.</summary>
    public string? Body { get; init; }

    /// <summary>How the fetch ended.</summary>
    public required CheckMtaStsFetchOutcome Outcome { get; init; }

    /// <summary>Why it failed, in one sentence; <see langword="null"/> when it worked.</summary>
    public string? Problem { get; init; }
}

/// <summary>How a policy fetch ended (RFC 8461 3.3).</summary>
public enum CheckMtaStsFetchOutcome
{
    /// <summary>200, text/plain, within the limits, and the policy parses.</summary>
    Ok,

    /// <summary>The policy host has no address.</summary>
    NoAddress,

    /// <summary>The connection failed.</summary>
    Connect,

    /// <summary>The HTTPS certificate is not valid for the policy host.</summary>
    Certificate,

    /// <summary>A 3xx redirect, which senders must not follow.</summary>
    Redirect,

    /// <summary>A status other than 200.</summary>
    HttpStatus,

    /// <summary>A media type other than text/plain.</summary>
    ContentType,

    /// <summary>The body is over the size cap.</summary>
    TooLarge,

    /// <summary>The fetch did not complete in time.</summary>
    Timeout,

    /// <summary>A response came, but the policy does not parse (see the findings).</summary>
    InvalidPolicy,
}

/// <summary>A parsed MTA-STS policy (RFC 8461 3.2).</summary>
/// <param name="Mode">The mode.</param>
/// <param name="MaxAgeSeconds">max_age, in seconds.</param>
/// <param name="Mx">The mx patterns, in order.</param>
public sealed record CheckMtaStsPolicy(MtaStsMode Mode, long MaxAgeSeconds, IReadOnlyList<string> Mx);

/// <summary>One MX host as an MTA-STS sender sees it (RFC 8461 4).</summary>
public sealed record CheckMtaStsHost
{
    /// <summary>The MX host name as the MX record gives it, absolute (the name matched against the policy, RFC 8461 4.1).</summary>
    public required string Name { get; init; }

    /// <summary>The policy's mx pattern that matches the host, if any.</summary>
    public string? MatchedPattern { get; init; }

    /// <summary>Whether the host matches the policy; <see langword="null"/> without a policy.</summary>
    public bool? InPolicy { get; init; }

    /// <summary>True when DANE decides for this host (a Secure TLSA RRset, or a failed TLSA lookup), so MTA-STS does not apply (RFC 8461 2).</summary>
    public required bool DaneApplies { get; init; }

    /// <summary>The WebPKI validation (RFC 8461 4.2) of each address's certificate for the MX host name.</summary>
    public IReadOnlyList<CheckMtaStsAddress> Addresses { get; init; } = [];

    /// <summary>What an MTA-STS sender does with the host.</summary>
    public required CheckMtaStsOutcome Outcome { get; init; }

    /// <summary>The RFC section that rules <see cref="Outcome"/>.</summary>
    public required string Rfc { get; init; }

    /// <summary>Why, in one sentence.</summary>
    public required string Reason { get; init; }
}

/// <summary>The WebPKI validation of one address's certificate for the MX host name (RFC 8461 4.2).</summary>
/// <param name="Address">The address, as in the DANE check.</param>
/// <param name="WebPkiValid">Whether the certificate chains to a trusted root, is in its validity period and names the MX host; <see langword="null"/> when no certificate was seen (no TLS, not probed).</param>
/// <param name="Problem">Why it is not valid, or why nothing was seen; <see langword="null"/> when valid.</param>
public sealed record CheckMtaStsAddress(string Address, bool? WebPkiValid, string? Problem);

/// <summary>What a sender that implements MTA-STS (and DANE) does with a host or a domain.</summary>
public enum CheckMtaStsOutcome
{
    /// <summary>No policy in force (no or broken TXT, fetch failed without a cached policy, or mode none): MTA-STS plays no part.</summary>
    NoPolicy,

    /// <summary>DANE decides for the host (RFC 8461 2); MTA-STS is not applied.</summary>
    DanePrecedence,

    /// <summary>The host matches the policy and every certificate seen is WebPKI-valid for it: delivery goes ahead.</summary>
    Delivers,

    /// <summary>Testing mode and a validation failure: the sender reports it (TLS-RPT) and delivers anyway (RFC 8461 5).</summary>
    ReportsAndDelivers,

    /// <summary>Enforce mode and a validation failure: the sender does not deliver to the host (RFC 8461 5).</summary>
    Refuses,

    /// <summary>The host could not be judged: no address, or no connection completed (see the DANE part).</summary>
    NotChecked,
}

/// <summary>The TLS-RPT record of a mail domain (RFC 8460 3), looked up at <c>_smtp._tls.DOMAIN</c>.</summary>
public sealed record CheckTlsRpt
{
    /// <summary>The TXT lookup.</summary>
    public required CheckLookup Lookup { get; init; }

    /// <summary>Whether there is exactly one valid record.</summary>
    public required CheckTlsRptOutcome Outcome { get; init; }

    /// <summary>The record's text, when there is exactly one <c>v=TLSRPTv1</c> record.</summary>
    public string? Record { get; init; }

    /// <summary>The reporting URIs (<c>mailto:</c>, <c>https:</c>) of a valid record.</summary>
    public IReadOnlyList<string> ReportUris { get; init; } = [];
}

/// <summary>What the <c>_smtp._tls</c> TXT RRset gives a reporting sender (RFC 8460 3).</summary>
public enum CheckTlsRptOutcome
{
    /// <summary>Exactly one valid <c>v=TLSRPTv1</c> record: senders send reports to its rua URIs.</summary>
    Ok,

    /// <summary>No <c>v=TLSRPTv1</c> record: no reports are sent.</summary>
    None,

    /// <summary>A record that senders cannot use (several records, a bad version or no valid rua).</summary>
    Invalid,

    /// <summary>The lookup failed.</summary>
    LookupFailed,
}
