using System.Text.RegularExpressions;
using DaneKit.Dnssec;

namespace DaneKit.Testbed.Tests.Dns;

/// <summary>
/// What BIND 9 <c>delv +cdflag</c> concluded about one query: its trust line (<c>; fully validated</c>,
/// <c>; unsigned answer</c>, optionally after <c>negative response, </c>) or, when there is none, the reason in
/// <c>;; resolution failed: REASON</c>. delv exits 0 either way, so the text is all there is.
/// </summary>
/// <param name="Trust">The trust text, e.g. <c>fully validated</c>; null when delv printed no answer.</param>
/// <param name="Negative">The answer is a negative response (NXDOMAIN or NODATA).</param>
/// <param name="FailureReason">The reason of the failed resolution, e.g. <c>broken trust chain</c>; null when there
/// was an answer. The <c>ncache nxdomain</c> / <c>ncache nxrrset</c> lines of negative answers are not failures.</param>
/// <param name="Text">delv's whole output, for messages.</param>
internal sealed partial record DelvOutput(string? Trust, bool Negative, string? FailureReason, string Text)
{
    /// <summary>
    /// delv's reasons for a failed resolution that mean it validated and the data failed (the BIND result texts of
    /// DNSSEC failures, as seen on the testbed: broken chain, bad or missing RRSIG, crypto failure on a key...).
    /// </summary>
    private static readonly HashSet<string> BogusReasons = new(StringComparer.Ordinal)
    {
        "broken trust chain", "no valid RRSIG", "RRSIG failed to verify", "RRSIG has expired",
        "RRSIG validity period has not begun", "no valid DS", "no valid NSEC", "no valid KEY", "insecurity proof failed",
        "crypto failure", "must-be-secure",
    };

    /// <summary>Reasons that mean delv got no data to validate: the resolver itself failed (SERVFAIL even with CD).</summary>
    private static readonly HashSet<string> IndeterminateReasons = new(StringComparer.Ordinal)
    {
        "failure", "timed out", "connection refused", "network unreachable",
    };

    /// <summary>
    /// The status in the terms of testbed/CONTRACT.md: fully validated = secure; unsigned answer = insecure; a DNSSEC
    /// failure reason = bogus; the resolver's own failure = indeterminate. Null for anything else (another trust
    /// text, an unknown reason, or an answer and a failure at once), so that a new delv message fails a test loudly
    /// instead of being guessed.
    /// </summary>
    public SecurityStatus? Status => (Trust, FailureReason) switch
    {
        ("fully validated", null) => SecurityStatus.Secure,
        ("unsigned answer", null) => SecurityStatus.Insecure,
        (null, { } reason) when BogusReasons.Contains(reason) => SecurityStatus.Bogus,
        (null, { } reason) when IndeterminateReasons.Contains(reason) => SecurityStatus.Indeterminate,
        _ => null,
    };

    /// <summary>
    /// Parses delv's output (stderr and stdout, in any order). Throws <see cref="FormatException"/> when it holds
    /// neither a trust line nor a failed resolution (delv did not run a query, e.g. a usage error).
    /// </summary>
    public static DelvOutput Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? trust = null;
        string? failure = null;
        var negative = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (TrustLine().Match(line) is { Success: true } t)
            {
                if (trust is not null)
                {
                    throw new FormatException($"delv output holds more than one trust line:\n{text}");
                }

                trust = t.Groups["trust"].Value;
                negative = t.Groups["negative"].Success;
            }
            else if (FailureLine().Match(line) is { Success: true } f)
            {
                var reason = f.Groups["reason"].Value;
                if (!reason.StartsWith("ncache ", StringComparison.Ordinal))
                {
                    failure = reason;
                }
            }
        }

        if (trust is null && failure is null)
        {
            throw new FormatException($"delv output holds no trust line and no failed resolution:\n{text}");
        }

        return new DelvOutput(trust, negative, failure, text);
    }

    /// <summary><c>; fully validated</c>, <c>; negative response, unsigned answer</c>: words only, unlike the
    /// <c>; name. TYPE ...</c> lines delv prints for the records of a negative answer.</summary>
    [GeneratedRegex(@"^; (?<negative>negative response, )?(?<trust>[a-z]+(?: [a-z]+)*)$", RegexOptions.CultureInvariant)]
    private static partial Regex TrustLine();

    /// <summary><c>;; resolution failed: broken trust chain</c></summary>
    [GeneratedRegex(@"^;; resolution failed: (?<reason>.+?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex FailureLine();
}
