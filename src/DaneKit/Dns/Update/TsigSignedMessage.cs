namespace DaneKit.Dns.Update;

/// <summary>
/// A message signed with TSIG, and what is needed to verify the response to it: its MAC (which the
/// response's MAC covers, RFC 8945 4.3.1), the key, and the Original ID.
/// </summary>
public sealed class TsigSignedMessage
{
    private readonly byte[] _wire;
    private readonly byte[] _mac;

    internal TsigSignedMessage(byte[] wire, byte[] mac, TsigKey key, ushort originalId, DateTimeOffset timeSigned, ushort fudge)
    {
        _wire = wire;
        _mac = mac;
        Key = key;
        OriginalId = originalId;
        TimeSigned = timeSigned;
        Fudge = fudge;
    }

    /// <summary>The signed message: the original octets, ARCOUNT plus one, and the TSIG record.</summary>
    public ReadOnlyMemory<byte> Wire => _wire;

    /// <summary>The MAC of the TSIG record.</summary>
    public ReadOnlyMemory<byte> Mac => _mac;

    /// <summary>The key it was signed with.</summary>
    public TsigKey Key { get; }

    /// <summary>The Original ID: the message ID when it was signed.</summary>
    public ushort OriginalId { get; }

    /// <summary>Time Signed, to the second.</summary>
    public DateTimeOffset TimeSigned { get; }

    /// <summary>The fudge in seconds.</summary>
    public ushort Fudge { get; }
}
