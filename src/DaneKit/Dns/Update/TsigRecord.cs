using System.Buffers.Binary;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Update;

/// <summary>
/// The TSIG meta-record (RFC 8945 4.2), and how to find it as the last record of a message.
/// <code>
///                      1 1 1 1 1 1 1 1 1 1 2 2 2 2 2 2 2 2 2 2 3 3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                         Algorithm Name                        /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// |          Time Signed          +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                               |            Fudge              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          MAC Size             |                               /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+             MAC               /
/// /                                                               /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Original ID          |            Error              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Other Len            |                               /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+           Other Data          /
/// /                                                               /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The owner is the key name, the class ANY and the TTL 0. Names are written uncompressed.
/// </summary>
internal sealed record TsigRecord(DnsName KeyName, DnsName Algorithm, ulong TimeSigned, ushort Fudge, byte[] Mac,
    ushort OriginalId, TsigError Error, byte[] OtherData)
{
    /// <summary>The largest Time Signed: a 48-bit count of seconds.</summary>
    public const ulong MaxTimeSigned = (1UL << 48) - 1;

    /// <summary>Writes the whole record: owner, TYPE, CLASS, TTL, RDLENGTH and RDATA.</summary>
    public void WriteTo(DnsWireWriter w)
    {
        w.WriteName(KeyName, compress: false);
        w.WriteUInt16((ushort)DnsType.TSIG);
        w.WriteUInt16((ushort)DnsClass.ANY);
        w.WriteUInt32(0);
        var at = w.ReserveUInt16();
        w.WriteName(Algorithm, compress: false);
        WriteTime(w, TimeSigned, Fudge);
        w.WriteUInt16((ushort)Mac.Length);
        w.WriteBytes(Mac);
        w.WriteUInt16(OriginalId);
        w.WriteUInt16((ushort)Error);
        w.WriteUInt16((ushort)OtherData.Length);
        w.WriteBytes(OtherData);
        w.PatchLengthSince(at);
    }

    /// <summary>Writes Time Signed (48 bits) and Fudge.</summary>
    public static void WriteTime(DnsWireWriter w, ulong timeSigned, ushort fudge)
    {
        w.WriteUInt16((ushort)(timeSigned >> 32));
        w.WriteUInt32((uint)timeSigned);
        w.WriteUInt16(fudge);
    }

    /// <summary>
    /// Finds the TSIG record of a message. It must be the last record of the additional section and the
    /// only TSIG (RFC 8945 5.1, 5.4); anything else is malformed.
    /// </summary>
    /// <param name="message">The message octets.</param>
    /// <param name="tsig">The record, or <see langword="null"/> when there is none or on error.</param>
    /// <param name="start">The offset where the TSIG record starts (the end of the message it signs).</param>
    /// <param name="error">Why the message is malformed, or <see langword="null"/>.</param>
    /// <returns>False when the message is malformed; true otherwise, with or without a TSIG.</returns>
    public static bool TryFind(ReadOnlySpan<byte> message, out TsigRecord? tsig, out int start, out string? error)
    {
        tsig = null;
        start = 0;
        error = null;
        var r = new DnsWireReader(message);
        try
        {
            if (message.Length < 12)
            {
                error = $"message of {message.Length} octets is shorter than the 12-octet header";
                return false;
            }

            r.ReadSpan(4);
            int qd = r.ReadUInt16(), an = r.ReadUInt16(), ns = r.ReadUInt16(), ar = r.ReadUInt16();
            for (var i = 0; i < qd; i++)
            {
                r.ReadName();
                r.ReadSpan(4);
            }

            var total = an + ns + ar;
            for (var i = 0; i < total; i++)
            {
                var at = r.Position;
                var owner = r.ReadName();
                var type = (DnsType)r.ReadUInt16();
                var @class = (DnsClass)r.ReadUInt16();
                var ttl = r.ReadUInt32();
                var length = r.ReadUInt16();
                if (type != DnsType.TSIG)
                {
                    r.ReadSpan(length);
                    continue;
                }

                if (i != total - 1)
                {
                    error = i < an + ns
                        ? $"a TSIG record at offset {at} outside the additional section (RFC 8945 5.4)"
                        : $"the TSIG record at offset {at} is not the last record (RFC 8945 5.4)";
                    return false;
                }

                if (@class != DnsClass.ANY || ttl != 0)
                {
                    error = $"the TSIG record has class {@class.ToText()} and TTL {ttl}; it must be ANY and 0 (RFC 8945 4.2)";
                    return false;
                }

                var saved = r.PushLimit(length);
                var algorithm = r.ReadName();
                var time = ((ulong)r.ReadUInt16() << 32) | r.ReadUInt32();
                var fudge = r.ReadUInt16();
                var mac = r.ReadBytes(r.ReadUInt16());
                var originalId = r.ReadUInt16();
                var tsigError = (TsigError)r.ReadUInt16();
                var other = r.ReadBytes(r.ReadUInt16());
                if (r.Remaining != 0)
                {
                    error = $"the TSIG RDATA has {r.Remaining} octets left over";
                    return false;
                }

                r.PopLimit(saved);
                tsig = new TsigRecord(owner, algorithm, time, fudge, mac, originalId, tsigError, other);
                start = at;
            }

            // Octets after the counted records are ignored, as DnsMessage does.
            return true;
        }
        catch (DnsWireException e)
        {
            error = $"at offset {e.Offset}: {e.Message}";
            tsig = null;
            return false;
        }
    }

    /// <summary>
    /// The message as it was before the TSIG record was added, with the Original ID in the header
    /// (RFC 8945 4.3.2): the first <paramref name="length"/> octets, ARCOUNT less one.
    /// </summary>
    public static byte[] Unsigned(ReadOnlySpan<byte> message, int length, ushort originalId)
    {
        var copy = message[..length].ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(copy, originalId);
        var ar = BinaryPrimitives.ReadUInt16BigEndian(copy.AsSpan(10));
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(10), (ushort)(ar - 1));
        return copy;
    }
}
