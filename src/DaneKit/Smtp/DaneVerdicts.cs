namespace DaneKit.Smtp;

/// <summary>
/// Wire names, severity order and aggregation for <see cref="DaneVerdict"/>.
/// </summary>
/// <remarks>
/// Wire names are the kebab-case strings of the testbed contract (<c>testbed/CONTRACT.md</c>).
/// Worst first, the verdicts rank: dane-fail, deferred, no-tls, encrypted-unauthenticated,
/// opportunistic, authenticated-insecure-mx, authenticated. <c>no-mail</c> stands alone: it is the
/// result only when every input is <c>no-mail</c>.
/// </remarks>
public static class DaneVerdicts
{
    /// <summary>
    /// Returns the wire name of <paramref name="verdict"/>, for example <c>authenticated-insecure-mx</c>.
    /// </summary>
    /// <param name="verdict">A defined verdict.</param>
    /// <returns>The kebab-case wire name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="verdict"/> is not a defined value.</exception>
    public static string ToWireName(this DaneVerdict verdict) => verdict switch
    {
        DaneVerdict.Authenticated => "authenticated",
        DaneVerdict.AuthenticatedInsecureMx => "authenticated-insecure-mx",
        DaneVerdict.DaneFail => "dane-fail",
        DaneVerdict.Deferred => "deferred",
        DaneVerdict.EncryptedUnauthenticated => "encrypted-unauthenticated",
        DaneVerdict.Opportunistic => "opportunistic",
        DaneVerdict.NoMail => "no-mail",
        DaneVerdict.NoTls => "no-tls",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "Not a defined DANE verdict."),
    };

    /// <summary>
    /// Parses a wire name. The match is exact and case-sensitive: <c>Authenticated</c> or a name with
    /// surrounding white space is rejected.
    /// </summary>
    /// <param name="wireName">The wire name, for example <c>dane-fail</c>.</param>
    /// <param name="verdict">The verdict when the name is known; otherwise the default value.</param>
    /// <returns><see langword="true"/> when <paramref name="wireName"/> is a known wire name.</returns>
    public static bool TryParse(string? wireName, out DaneVerdict verdict)
    {
        DaneVerdict? parsed = wireName switch
        {
            "authenticated" => DaneVerdict.Authenticated,
            "authenticated-insecure-mx" => DaneVerdict.AuthenticatedInsecureMx,
            "dane-fail" => DaneVerdict.DaneFail,
            "deferred" => DaneVerdict.Deferred,
            "encrypted-unauthenticated" => DaneVerdict.EncryptedUnauthenticated,
            "opportunistic" => DaneVerdict.Opportunistic,
            "no-mail" => DaneVerdict.NoMail,
            "no-tls" => DaneVerdict.NoTls,
            _ => null,
        };
        verdict = parsed.GetValueOrDefault();
        return parsed.HasValue;
    }

    /// <summary>
    /// Ranks a verdict for aggregation: the higher the number, the worse the verdict.
    /// </summary>
    /// <remarks>
    /// <see cref="DaneVerdict.NoMail"/> ranks lowest (0), so any other verdict outweighs it and it wins
    /// only when all inputs are <see cref="DaneVerdict.NoMail"/>.
    /// </remarks>
    /// <param name="verdict">A defined verdict.</param>
    /// <returns>7 for <see cref="DaneVerdict.DaneFail"/> down to 1 for <see cref="DaneVerdict.Authenticated"/>; 0 for <see cref="DaneVerdict.NoMail"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="verdict"/> is not a defined value.</exception>
    public static int Severity(DaneVerdict verdict) => verdict switch
    {
        DaneVerdict.DaneFail => 7,
        DaneVerdict.Deferred => 6,
        DaneVerdict.NoTls => 5,
        DaneVerdict.EncryptedUnauthenticated => 4,
        DaneVerdict.Opportunistic => 3,
        DaneVerdict.AuthenticatedInsecureMx => 2,
        DaneVerdict.Authenticated => 1,
        DaneVerdict.NoMail => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "Not a defined DANE verdict."),
    };

    /// <summary>
    /// Returns the worst of several verdicts, for example the verdict of a domain over all its MX hosts
    /// and addresses (a sender may reach any of them). <see cref="DaneVerdict.NoMail"/> is returned only
    /// when every verdict is <see cref="DaneVerdict.NoMail"/>.
    /// </summary>
    /// <param name="verdicts">One or more verdicts.</param>
    /// <returns>The verdict with the highest <see cref="Severity(DaneVerdict)"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="verdicts"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="verdicts"/> is empty.</exception>
    public static DaneVerdict Worst(IEnumerable<DaneVerdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        DaneVerdict? worst = null;
        foreach (var verdict in verdicts)
        {
            if (worst is null || Severity(verdict) > Severity(worst.Value))
            {
                worst = verdict;
            }
        }

        return worst ?? throw new ArgumentException("At least one verdict is required.", nameof(verdicts));
    }
}
