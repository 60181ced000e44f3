using DaneKit.Diagnostics;
using DaneKit.Tlsa;
using DaneKit.TlsRpt;

namespace DaneKit.Smtp;

/// <summary>
/// The result of a DANE check of a mail domain (or of one TLS service): the MX lookup, every host with its lookups,
/// addresses, probes and matches, the verdict a DANE sender reaches for the domain, and the findings with their fixes.
/// Plain data without cycles: every member is a string, a number, a time, an enum, a list or another record of this
/// model, so it serializes with System.Text.Json as it is (enums as numbers unless a converter names them; the wire
/// names are in <see cref="DaneVerdicts"/> and <see cref="TlsRptResultTypes"/>).
/// </summary>
public sealed record DaneCheckResult
{
    /// <summary>The domain checked (the next-hop domain), absolute with a final dot; in service mode, the host.</summary>
    public required string Domain { get; init; }

    /// <summary>Mail (MX, port 25, RFC 7672) or one service (RFC 6698).</summary>
    public required CheckMode Mode { get; init; }

    /// <summary>The port probed and used in the TLSA owner names.</summary>
    public required int Port { get; init; }

    /// <summary>STARTTLS or implicit TLS.</summary>
    public required SmtpProbeMode TlsMode { get; init; }

    /// <summary>The protocol the TLSA records were judged for: SMTP (PKIX usages unusable) or generic.</summary>
    public required TlsaContext TlsaContext { get; init; }

    /// <summary>The address families checked.</summary>
    public required CheckAddressFamilies AddressFamilies { get; init; }

    /// <summary>The host asked for with <c>--mx</c>, or <see langword="null"/>.</summary>
    public string? RequestedHost { get; init; }

    /// <summary>When the check started (from the check's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>How long it took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The MX lookup, or <see langword="null"/> when none was made (service mode, <c>--mx</c>).</summary>
    public CheckMx? Mx { get; init; }

    /// <summary>The hosts in MX preference order, then by name.</summary>
    public IReadOnlyList<DaneCheckHost> Hosts { get; init; } = [];

    /// <summary>The domain's verdict: the worst over every host and address (a sender may reach any of them).</summary>
    public required DaneVerdict Verdict { get; init; }

    /// <summary>The RFC section that rules <see cref="Verdict"/>.</summary>
    public required string VerdictRfc { get; init; }

    /// <summary>Why, in one sentence.</summary>
    public required string VerdictReason { get; init; }

    /// <summary>The RFC 8460 result type that goes with <see cref="Verdict"/> (of the first host or address that decided it), or <see langword="null"/>.</summary>
    public TlsRptResultType? Rfc8460 { get; init; }

    /// <summary>MTA-STS beside DANE (RFC 8461), or <see langword="null"/> when not checked (service mode, or turned off).</summary>
    public CheckMtaSts? MtaSts { get; init; }

    /// <summary>The TLS-RPT record (RFC 8460 3), or <see langword="null"/> when not checked.</summary>
    public CheckTlsRpt? TlsRpt { get; init; }

    /// <summary>What was found, with evidence and fixes: domain-wide findings first, then per host and address in order.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Every lookup of the check, in the order of the result (MX, then per host: addresses, TLSA, diagnostics; then MTA-STS and TLS-RPT).</summary>
    /// <returns>The lookups.</returns>
    public IEnumerable<CheckLookup> EnumerateLookups()
    {
        if (Mx is not null)
        {
            yield return Mx.Lookup;
        }

        foreach (var host in Hosts)
        {
            foreach (var lookup in host.AddressLookups.Concat(host.Tlsa.Lookups).Concat(host.DiagnosticLookups))
            {
                yield return lookup;
            }
        }

        if (MtaSts is not null)
        {
            yield return MtaSts.TxtLookup;
            foreach (var lookup in MtaSts.Fetch?.AddressLookups ?? [])
            {
                yield return lookup;
            }
        }

        if (TlsRpt is not null)
        {
            yield return TlsRpt.Lookup;
        }
    }
}
