using DaneKit.Dns.Records;

namespace DaneKit.Tlsa;

/// <summary>One TLSA record that did not authenticate the served chain, and why.</summary>
/// <param name="Record">The record.</param>
/// <param name="Reason">The reason, as a kind.</param>
/// <param name="Detail">
/// The reason in words, naming the certificate (by depth and subject), the link or the names tried.
/// </param>
public sealed record DaneMatchFailure(TlsaData Record, DaneMatchFailureReason Reason, string Detail)
{
    /// <inheritdoc/>
    public override string ToString() => $"{DaneMatcher.Describe(Record)}: {Detail}";
}
