using System.Globalization;
using DaneKit.Dns.Records;

namespace DaneKit.Tlsa;

/// <summary>A TLSA record that is not used, with the reason; ignored with a warning, never fatal (RFC 7672 3.1.3).</summary>
/// <param name="Record">The record.</param>
/// <param name="Reason">Why it is not used.</param>
/// <param name="Detail">The reason in words, for the warning.</param>
public sealed record TlsaRecordSetRejection(TlsaData Record, TlsaUsabilityReason Reason, string Detail)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Describe(Record)}: {Detail}";

    /// <summary>The record as <c>DANE-EE 3 1 1</c>, for logs.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The text.</returns>
    internal static string Describe(TlsaData record)
    {
        var numbers = string.Create(CultureInfo.InvariantCulture, $"{(byte)record.Usage} {(byte)record.Selector} {(byte)record.MatchingType}");
        return (byte)record.Usage <= 3 ? $"{record.Usage.ToMnemonic()} {numbers}" : numbers;
    }
}
