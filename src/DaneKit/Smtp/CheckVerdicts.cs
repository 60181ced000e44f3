using System.Security.Cryptography;
using DaneKit.Tls;
using DaneKit.Tlsa;
using DaneKit.TlsRpt;

namespace DaneKit.Smtp;

/// <summary>A verdict with the RFC section that rules it, the reason and the RFC 8460 result type.</summary>
internal sealed record CheckJudgement(DaneVerdict Verdict, string Rfc, string Reason, TlsRptResultType? Rfc8460 = null);

/// <summary>
/// The rules that turn what the TLSA lookup demands and what the probe and the matcher saw into a DANE sender's verdict
/// (RFC 7672 2.1, 2.2, 3), and a failure into its RFC 8460 4.3 result type.
/// </summary>
internal static class CheckVerdicts
{
    /// <summary>Lookups the sender needs failed: it defers (RFC 7672 2.1.1, 2.1.2).</summary>
    public const string LookupFailureRfc = "RFC 7672 2.1.2";

    /// <summary>A transient failure: the sender retries later (RFC 5321 4.5.4.1).</summary>
    public const string RetryRfc = "RFC 5321 4.5.4.1";

    /// <summary>The verdict for one address.</summary>
    /// <param name="requirement">What the TLSA records demand of a connection to this address.</param>
    /// <param name="tlsaDescription">The requirement in words.</param>
    /// <param name="probe">The probe (status and failure).</param>
    /// <param name="match">The match, when TLS was established and records are usable.</param>
    /// <param name="certificates">The served certificates.</param>
    /// <param name="mxInsecure">Whether the MX RRset is Insecure (RFC 7672 2.2.1).</param>
    /// <param name="requireDane">Mandatory DANE (RFC 7672 6).</param>
    /// <param name="misplacedTlsa">Where TLSA was found instead, when DANE does not apply because it is at the wrong name.</param>
    public static CheckJudgement ForAddress(DaneTlsaRequirement requirement, string tlsaDescription, CheckProbe probe, CheckMatch? match,
        IReadOnlyList<CheckCertificate> certificates, bool mxInsecure, bool requireDane, string? misplacedTlsa)
    {
        if (requirement == DaneTlsaRequirement.Defer)
        {
            return new(DaneVerdict.Deferred, LookupFailureRfc, $"the TLSA lookup failed, so a DANE sender defers: {tlsaDescription}", TlsRptResultType.DnssecInvalid);
        }

        if (probe.Status == CheckProbeStatus.Indeterminate)
        {
            var step = probe.StalledStep ?? SmtpProbeStep.Connect;
            return new(DaneVerdict.Deferred, RetryRfc,
                $"no conclusion at step {step}: {probe.Failure?.Message ?? "the probe did not finish"}; a sender would retry later");
        }

        var tlsWord = probe.Mode == SmtpProbeMode.StartTls ? "STARTTLS" : "TLS";
        switch (requirement)
        {
            case DaneTlsaRequirement.Authenticate:
                return probe.Status switch
                {
                    CheckProbeStatus.NoStartTls => new(DaneVerdict.DaneFail, "RFC 7672 2.2.3",
                        $"usable TLSA records make TLS mandatory, but {probe.Failure?.Message ?? "STARTTLS is not available"}", TlsRptResultType.StartTlsNotSupported),
                    CheckProbeStatus.TlsFailed => new(DaneVerdict.DaneFail, "RFC 7672 2.2",
                        $"usable TLSA records make TLS mandatory, but {probe.Failure?.Message ?? "the TLS handshake failed"}", TlsRptResultType.ValidationFailure),
                    _ => FromMatch(match!, certificates, mxInsecure),
                };

            case DaneTlsaRequirement.NoUsableRecords:
                return probe.Status switch
                {
                    CheckProbeStatus.NoStartTls => new(DaneVerdict.DaneFail, "RFC 7672 2.2",
                        $"the TLSA RRset (all records unusable) still makes TLS mandatory, but {probe.Failure?.Message ?? "STARTTLS is not available"}",
                        TlsRptResultType.StartTlsNotSupported),
                    CheckProbeStatus.TlsFailed => new(DaneVerdict.DaneFail, "RFC 7672 2.2",
                        $"the TLSA RRset (all records unusable) still makes TLS mandatory, but {probe.Failure?.Message ?? "the TLS handshake failed"}",
                        TlsRptResultType.ValidationFailure),
                    _ => new(DaneVerdict.EncryptedUnauthenticated, "RFC 7672 2.2",
                        $"every TLSA record is unusable: TLS is mandatory but the server cannot be authenticated; {tlsWord} succeeded", TlsRptResultType.TlsaInvalid),
                };

            default:
                if (requireDane)
                {
                    return new(DaneVerdict.DaneFail, "RFC 7672 6",
                        $"DANE is required but there are no secure, usable TLSA records: {tlsaDescription}", TlsRptResultType.DaneRequired);
                }

                var rfc = misplacedTlsa is null ? "RFC 7672 2.2" : "RFC 7672 2.2.3";
                var why = misplacedTlsa is null ? tlsaDescription : $"{tlsaDescription}; TLSA was found at {misplacedTlsa}, where a sender does not look";
                return probe.Status switch
                {
                    CheckProbeStatus.NoStartTls => new(DaneVerdict.NoTls, rfc,
                        $"DANE does not apply and {probe.Failure?.Message ?? "STARTTLS is not available"}: mail goes in cleartext ({why})"),
                    CheckProbeStatus.TlsFailed => new(DaneVerdict.NoTls, rfc,
                        $"DANE does not apply and {probe.Failure?.Message ?? "the TLS handshake failed"}: an opportunistic sender retries in cleartext ({why})"),
                    _ => new(DaneVerdict.Opportunistic, rfc, $"DANE does not apply: {why}; {tlsWord} is opportunistic, unauthenticated"),
                };
        }
    }

    /// <summary>The verdict from a match: authenticated, or dane-fail with the RFC 8460 type of the nearest miss.</summary>
    public static CheckJudgement FromMatch(CheckMatch match, IReadOnlyList<CheckCertificate> certificates, bool mxInsecure)
    {
        if (match.Matched)
        {
            var record = match.MatchedRecord!;
            if (mxInsecure)
            {
                return new(DaneVerdict.AuthenticatedInsecureMx, "RFC 7672 2.2.1",
                    $"{match.Summary}, but the MX RRset is Insecure: the server is authenticated, the choice of it is not protected");
            }

            return new(DaneVerdict.Authenticated, MatchedRfc(record, certificates), match.Summary);
        }

        var failure = Deciding(match);
        if (failure is null)
        {
            return new(DaneVerdict.DaneFail, "RFC 7672 3.1", match.Summary, TlsRptResultType.ValidationFailure);
        }

        return new(DaneVerdict.DaneFail, FailureRfc(failure), $"no TLSA record authenticated the server: {failure}", ResultType(failure.Reason));
    }

    /// <summary>The failure that decides: the nearest miss, else the first record that failed for a certificate reason, else the first.</summary>
    public static CheckMatchFailure? Deciding(CheckMatch match) =>
        match.NearestMiss
        ?? match.Failures.FirstOrDefault(f => ResultType(f.Reason) != TlsRptResultType.ValidationFailure)
        ?? (match.Failures.Count > 0 ? match.Failures[0] : null);

    /// <summary>
    /// The RFC 8460 4.3 result type of a match failure: a name mismatch is <c>certificate-host-mismatch</c>, an expired
    /// certificate <c>certificate-expired</c>; a digest that matches nothing, an anchor not served or not signing, a
    /// broken or incomplete chain, a certificate not yet valid and a failed PKIX validation are trust failures,
    /// <c>certificate-not-trusted</c> ("untrusted/unknown CAs, ... certificate chain errors"); no certificate, a chain that
    /// cannot be read, or PKIX without trust roots are <c>validation-failure</c> (none of the above).
    /// </summary>
    public static TlsRptResultType ResultType(DaneMatchFailureReason reason) => reason switch
    {
        DaneMatchFailureReason.NameMismatch => TlsRptResultType.CertificateHostMismatch,
        DaneMatchFailureReason.Expired => TlsRptResultType.CertificateExpired,
        DaneMatchFailureReason.DigestMismatch or DaneMatchFailureReason.AnchorNotServed or DaneMatchFailureReason.AnchorDoesNotSign
            or DaneMatchFailureReason.ChainSignatureInvalid or DaneMatchFailureReason.ChainIncomplete or DaneMatchFailureReason.NotYetValid
            or DaneMatchFailureReason.PkixValidationFailed or DaneMatchFailureReason.PkixAnchorNotInPath => TlsRptResultType.CertificateNotTrusted,
        _ => TlsRptResultType.ValidationFailure,
    };

    /// <summary>The RFC section a match failure comes under.</summary>
    public static string FailureRfc(CheckMatchFailure failure) => failure.Reason switch
    {
        DaneMatchFailureReason.NameMismatch => failure.Record.Usage is 0 or 1 ? "RFC 6698 2.1.1" : "RFC 7672 3.2.2",
        DaneMatchFailureReason.AnchorNotServed or DaneMatchFailureReason.AnchorDoesNotSign => "RFC 7671 5.2.2",
        DaneMatchFailureReason.Expired or DaneMatchFailureReason.NotYetValid or DaneMatchFailureReason.ChainSignatureInvalid
            or DaneMatchFailureReason.ChainIncomplete => "RFC 7672 3.1.2",
        DaneMatchFailureReason.DigestMismatch => failure.Record.Usage == 3 ? "RFC 7672 3.1.1" : "RFC 6698 2.1.1",
        DaneMatchFailureReason.PkixNoTrustRoots or DaneMatchFailureReason.PkixValidationFailed
            or DaneMatchFailureReason.PkixAnchorNotInPath => "RFC 6698 2.1.1",
        _ => "RFC 7672 3.1",
    };

    /// <summary>
    /// The RFC section of a match: DANE-EE RFC 7672 3.1.1; DANE-TA RFC 7672 3.1.2, or RFC 7671 5.2.2 when the anchor was
    /// published in full in DNS and not served; PKIX RFC 6698 2.1.1.
    /// </summary>
    public static string MatchedRfc(CheckTlsaRecord record, IReadOnlyList<CheckCertificate> certificates) => record.Usage switch
    {
        3 => "RFC 7672 3.1.1",
        2 when record.MatchingType == 0 && !Served(record, certificates) => "RFC 7671 5.2.2",
        2 => "RFC 7672 3.1.2",
        _ => "RFC 6698 2.1.1",
    };

    /// <summary>Whether a Full(0) record's certificate or key is among the served certificates.</summary>
    private static bool Served(CheckTlsaRecord record, IReadOnlyList<CheckCertificate> certificates)
    {
        byte[] data;
        try
        {
            data = Convert.FromHexString(record.Data);
        }
        catch (FormatException)
        {
            return false;
        }

        if (record.Selector == 0)
        {
            var der = Convert.ToBase64String(data);
            return certificates.Any(c => c.Der == der);
        }

        var hash = Convert.ToHexString(SHA256.HashData(data));
        return certificates.Any(c => c.SpkiSha256 == hash);
    }
}
