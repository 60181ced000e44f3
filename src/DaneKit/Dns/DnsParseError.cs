namespace DaneKit.Dns;

/// <summary>Why a DNS message could not be decoded, and where.</summary>
/// <param name="Offset">The byte offset in the message where decoding stopped.</param>
/// <param name="Section">The part being decoded: header, question, answer, authority, additional or rdata of a type.</param>
/// <param name="Reason">What was wrong, e.g. "compression pointer does not point backwards".</param>
public sealed record DnsParseError(int Offset, string Section, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => $"malformed DNS message at offset {Offset} ({Section}): {Reason}";
}
