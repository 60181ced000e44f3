using DaneKit.Dnssec;

namespace DaneKit.Testbed.Tests.Dns;

/// <summary>
/// The status semantics of testbed/CONTRACT.md for <c>dig +dnssec</c> against the testbed's validating
/// Unbound: secure = NOERROR/NXDOMAIN with AD; insecure = NOERROR/NXDOMAIN without AD; bogus = SERVFAIL,
/// and with <c>+cd</c> NOERROR/NXDOMAIN; indeterminate = SERVFAIL even with <c>+cd</c>.
/// </summary>
internal static class ResolverStatus
{
    /// <summary>Whether telling bogus from indeterminate needs the same query again with <c>+cd</c>.</summary>
    public static bool NeedsCheckingDisabledQuery(DigResponse answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.IsServerFailure;
    }

    /// <summary>
    /// Classifies <paramref name="answer"/> (a query without <c>+cd</c>). <paramref name="checkingDisabledAnswer"/>,
    /// the same query with <c>+cd</c>, is required when <see cref="NeedsCheckingDisabledQuery"/> says so.
    /// Returns <see langword="null"/> for answers the contract gives no meaning (REFUSED, FORMERR, ...).
    /// </summary>
    public static SecurityStatus? Classify(DigResponse answer, DigResponse? checkingDisabledAnswer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.IsAnswer)
        {
            return answer.AuthenticData ? SecurityStatus.Secure : SecurityStatus.Insecure;
        }

        if (!answer.IsServerFailure)
        {
            return null;
        }

        ArgumentNullException.ThrowIfNull(checkingDisabledAnswer);
        return checkingDisabledAnswer.IsAnswer ? SecurityStatus.Bogus
            : checkingDisabledAnswer.IsServerFailure ? SecurityStatus.Indeterminate
            : null;
    }
}
