namespace DaneKit.Testbed.Tests.Model;

/// <summary>The output of <c>testbed/peer --json DOMAIN</c> (schema in testbed/CONTRACT.md).</summary>
/// <param name="Domain">The domain that was probed.</param>
/// <param name="Verdict">The worst verdict over <paramref name="Runs"/>.</param>
/// <param name="Runs">One posttls-finger run for the domain, then one per MX host.</param>
public sealed record PeerReport(string Domain, string Verdict, IReadOnlyList<PeerRun> Runs);

/// <summary>One posttls-finger run.</summary>
/// <param name="Target">What posttls-finger was pointed at: the domain or <c>[host]</c>.</param>
/// <param name="Verdict">The verdict mapped from its log.</param>
/// <param name="Host">The MX host it connected to, when it got that far.</param>
/// <param name="Address">The address it connected to, when it got that far.</param>
/// <param name="Evidence">The log line the verdict was read from.</param>
/// <param name="Log">The full log.</param>
public sealed record PeerRun(
    string Target,
    string Verdict,
    string? Host = null,
    string? Address = null,
    string? Evidence = null,
    IReadOnlyList<string>? Log = null);
