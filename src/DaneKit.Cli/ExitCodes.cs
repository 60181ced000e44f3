namespace DaneKit.Cli;

/// <summary>Process exit codes of <c>danekit</c>, following BSD <c>sysexits.h</c> where one applies.</summary>
internal static class ExitCodes
{
    /// <summary>The command line was invalid (<c>EX_USAGE</c>).</summary>
    public const int Usage = 64;
}
