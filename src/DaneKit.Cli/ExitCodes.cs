namespace DaneKit.Cli;

/// <summary>Process exit codes of <c>danekit</c>, following BSD <c>sysexits.h</c> where one applies.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The network failed: no server gave a usable response (as <c>dig</c>'s "no servers could be reached").</summary>
    public const int NetworkFailure = 2;

    /// <summary>The command line was invalid (<c>EX_USAGE</c>).</summary>
    public const int Usage = 64;

    /// <summary>An internal error (<c>EX_SOFTWARE</c>).</summary>
    public const int Software = 70;

    /// <summary>Interrupted (Ctrl-C): 128 + SIGINT, as shells report it.</summary>
    public const int Cancelled = 130;
}
