using DaneKit.Dns.Records;

namespace DaneKit.Tlsa;

/// <summary>One TLSA record that did not authenticate the served chain, and why.</summary>
/// <param name="Record">The record.</param>
/// <param name="Reason">The reason, as a kind.</param>
/// <param name="Detail">
/// The reason in words, naming the certificate (by depth and subject), the link or the names tried.
/// </param>
/// <param name="MatchedDepth">
/// When the record did match a certificate but a later check failed (a name, a validity period, a signature below
/// the anchor, PKIX validation): the depth of that certificate, as OpenSSL reports it for a failed verification.
/// Null when the record matched no certificate.
/// </param>
public sealed record DaneMatchFailure(TlsaData Record, DaneMatchFailureReason Reason, string Detail, int? MatchedDepth = null)
{
    /// <inheritdoc/>
    public override string ToString() => $"{DaneMatcher.Describe(Record)}: {Detail}";
}
