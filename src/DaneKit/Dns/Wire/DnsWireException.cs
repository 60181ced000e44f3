namespace DaneKit.Dns.Wire;

/// <summary>
/// Thrown inside the wire decoder when a message is malformed. It never leaves the library:
/// <see cref="DnsMessage.TryParse"/> turns it into a <see cref="DnsParseError"/>.
/// </summary>
internal sealed class DnsWireException(int offset, string reason) : Exception(reason)
{
    /// <summary>The offset in the message where decoding failed.</summary>
    public int Offset { get; } = offset;
}
