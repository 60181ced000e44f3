using DaneKit.Smtp;

namespace DaneKit.Reporting;

/// <summary>
/// The exit codes of <c>danekit check</c>, from the domain's verdict (the worst over every MX host and address):
/// 0 authenticated everywhere, 1 a DANE failure, 2 deferred or indeterminate, 3 no DANE published, 64 a usage error.
/// </summary>
public static class CheckExitCodes
{
    /// <summary>Every host and address authenticated (<c>authenticated</c>, or <c>authenticated-insecure-mx</c>).</summary>
    public const int Authenticated = 0;

    /// <summary>
    /// DANE is published and fails: <c>dane-fail</c> (a sender refuses to deliver to a host), or
    /// <c>encrypted-unauthenticated</c> (TLSA published but no record usable: RFC 8460 <c>tlsa-invalid</c>).
    /// </summary>
    public const int DaneFailure = 1;

    /// <summary>A lookup failed or was bogus, or a probe could not conclude: a sender defers (<c>deferred</c>).</summary>
    public const int Deferred = 2;

    /// <summary>No DANE published: <c>opportunistic</c>, <c>no-tls</c>, or <c>no-mail</c> (null MX, no address).</summary>
    public const int NoDane = 3;

    /// <summary>Bad input: one line on standard error naming the option (<c>EX_USAGE</c>).</summary>
    public const int Usage = 64;

    /// <summary>The exit code for a domain verdict.</summary>
    /// <param name="verdict">The domain's verdict.</param>
    /// <returns>0, 1, 2 or 3.</returns>
    public static int For(DaneVerdict verdict) => verdict switch
    {
        DaneVerdict.Authenticated or DaneVerdict.AuthenticatedInsecureMx => Authenticated,
        DaneVerdict.DaneFail or DaneVerdict.EncryptedUnauthenticated => DaneFailure,
        DaneVerdict.Deferred => Deferred,
        DaneVerdict.Opportunistic or DaneVerdict.NoTls or DaneVerdict.NoMail => NoDane,
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "Not a defined DANE verdict."),
    };

    /// <summary>What an exit code means, for the last line of the report.</summary>
    /// <param name="code">The exit code.</param>
    /// <returns>The meaning in a few words.</returns>
    public static string Describe(int code) => code switch
    {
        Authenticated => "authenticated everywhere",
        DaneFailure => "DANE failure",
        Deferred => "deferred or indeterminate",
        NoDane => "no DANE published",
        Usage => "usage error",
        _ => "error",
    };
}
