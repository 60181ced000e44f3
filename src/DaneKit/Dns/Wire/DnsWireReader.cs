using System.Buffers.Binary;

namespace DaneKit.Dns.Wire;

/// <summary>
/// Reads a DNS message in wire format (RFC 1035 4). Every read is bounds-checked against the current
/// limit (the message end, or the end of the RDATA being read) and throws <see cref="DnsWireException"/>
/// with the offset when the data runs short.
/// </summary>
/// <remarks>
/// Compressed names (RFC 1035 4.1.4) are followed only backwards: a pointer must point strictly before
/// the position it was read from, so every name decodes in a bounded number of steps and pointer loops
/// are impossible. The expanded name must stay within 255 octets.
/// </remarks>
internal ref struct DnsWireReader
{
    /// <summary>
    /// The most compression pointers one name may follow. A name of at most 255 octets has at most 127
    /// labels, so a sender never needs more than one pointer per label (RFC 1035 2.3.4, 4.1.4). Without a
    /// bound, backward-only pointers still let a 64 KiB message make each of its thousands of names walk a
    /// chain of up to 8,191 pointers (quadratic work).
    /// </summary>
    public const int MaxCompressionPointers = 127;

    private readonly ReadOnlySpan<byte> _message;
    private int _limit;
    private NameCache _names;
    private int _namesCount;

    public DnsWireReader(ReadOnlySpan<byte> message)
    {
        _message = message;
        _limit = message.Length;
        Position = 0;
    }

    /// <summary>The next offset to read.</summary>
    public int Position { get; private set; }

    /// <summary>Octets left before the current limit.</summary>
    public readonly int Remaining => _limit - Position;

    /// <summary>The current limit (end of message or of the current RDATA).</summary>
    public readonly int Limit => _limit;

    /// <summary>Restricts reads to the next <paramref name="length"/> octets; returns the previous limit.</summary>
    public int PushLimit(int length)
    {
        if (length > Remaining)
        {
            throw new DnsWireException(Position, $"RDATA length {length} runs past the end of the message ({Remaining} octets left)");
        }

        var old = _limit;
        _limit = Position + length;
        return old;
    }

    /// <summary>Restores the limit saved by <see cref="PushLimit"/>.</summary>
    public void PopLimit(int saved) => _limit = saved;

    public byte ReadByte()
    {
        Need(1);
        return _message[Position++];
    }

    public ushort ReadUInt16()
    {
        Need(2);
        var v = BinaryPrimitives.ReadUInt16BigEndian(_message[Position..]);
        Position += 2;
        return v;
    }

    public uint ReadUInt32()
    {
        Need(4);
        var v = BinaryPrimitives.ReadUInt32BigEndian(_message[Position..]);
        Position += 4;
        return v;
    }

    public ReadOnlySpan<byte> ReadSpan(int length)
    {
        if (length < 0)
        {
            throw new DnsWireException(Position, "negative length");
        }

        Need(length);
        var s = _message.Slice(Position, length);
        Position += length;
        return s;
    }

    public byte[] ReadBytes(int length) => ReadSpan(length).ToArray();

    /// <summary>Reads everything up to the current limit.</summary>
    public byte[] ReadRest() => ReadBytes(Remaining);

    /// <summary>Reads a length-prefixed character-string (RFC 1035 3.3).</summary>
    public byte[] ReadCharacterString()
    {
        var len = ReadByte();
        return ReadBytes(len);
    }

    /// <summary>Reads a possibly compressed name.</summary>
    /// <remarks>
    /// Two shortcuts give the same result as the full decode: the root name, and a name that is only a
    /// pointer to where an earlier name of this message was decoded (the usual owner name of an answer, a
    /// pointer to the question): that earlier <see cref="DnsName"/> is returned again (names are immutable).
    /// </remarks>
    public DnsName ReadName()
    {
        var start = Position;
        if (start < _limit)
        {
            var first = _message[start];
            if (first == 0)
            {
                Position = start + 1;
                return DnsName.Root;
            }

            if ((first & 0xC0) == 0xC0 && start + 1 < _limit)
            {
                var target = ((first & 0x3F) << 8) | _message[start + 1];
                if (target < start && TryGetDecoded(target, out var known, out var knownPointers) && knownPointers < MaxCompressionPointers)
                {
                    Position = start + 2;
                    return known;
                }
            }
        }

        Span<byte> wire = stackalloc byte[DnsName.MaxWireLength];
        var length = 0;
        var pos = Position;
        var endAfterFirstPointer = -1;
        var pointers = 0;
        while (true)
        {
            if (pos >= (endAfterFirstPointer < 0 ? _limit : _message.Length))
            {
                throw new DnsWireException(pos, "name runs past the end of its data");
            }

            var b = _message[pos];
            if (b == 0)
            {
                wire[length++] = 0;
                pos++;
                break;
            }

            switch (b & 0xC0)
            {
                case 0x00:
                    if (pos + 1 + b > (endAfterFirstPointer < 0 ? _limit : _message.Length))
                    {
                        throw new DnsWireException(pos, $"label of {b} octets runs past the end of its data");
                    }

                    if (length + 1 + b + 1 > DnsName.MaxWireLength)
                    {
                        throw new DnsWireException(pos, "name longer than 255 octets");
                    }

                    _message.Slice(pos, b + 1).CopyTo(wire[length..]);
                    length += b + 1;
                    pos += b + 1;
                    break;
                case 0xC0:
                    if (pos + 1 >= (endAfterFirstPointer < 0 ? _limit : _message.Length))
                    {
                        throw new DnsWireException(pos, "compression pointer cut short");
                    }

                    var target = ((b & 0x3F) << 8) | _message[pos + 1];
                    if (target >= pos)
                    {
                        throw new DnsWireException(pos, $"compression pointer to {target} does not point backwards");
                    }

                    if (++pointers > MaxCompressionPointers)
                    {
                        throw new DnsWireException(pos, $"name follows more than {MaxCompressionPointers} compression pointers");
                    }

                    if (endAfterFirstPointer < 0)
                    {
                        endAfterFirstPointer = pos + 2;
                    }

                    pos = target;
                    break;
                default:
                    throw new DnsWireException(pos, $"reserved label type 0x{b & 0xC0:X2} (RFC 6891 5)");
            }
        }

        Position = endAfterFirstPointer >= 0 ? endAfterFirstPointer : pos;
        var name = DnsName.FromValidatedWire(wire[..length].ToArray());
        _names[_namesCount++ % NameCache.Size] = new DecodedName(start, pointers, name);
        return name;
    }

    /// <summary>Finds the name decoded earlier from <paramref name="offset"/>, if still remembered.</summary>
    private readonly bool TryGetDecoded(int offset, out DnsName name, out int pointers)
    {
        for (var i = Math.Min(_namesCount, NameCache.Size) - 1; i >= 0; i--)
        {
            var e = _names[i];
            if (e.Offset == offset)
            {
                name = e.Name;
                pointers = e.Pointers;
                return true;
            }
        }

        name = DnsName.Root;
        pointers = 0;
        return false;
    }

    private readonly void Need(int n)
    {
        if (n > _limit - Position)
        {
            throw new DnsWireException(Position, $"needs {n} octets, {_limit - Position} left");
        }
    }
}

/// <summary>A name decoded at an offset, with the number of compression pointers its decoding followed.</summary>
internal readonly record struct DecodedName(int Offset, int Pointers, DnsName Name);

/// <summary>The last few names a <see cref="DnsWireReader"/> decoded, kept inline (no allocation).</summary>
[System.Runtime.CompilerServices.InlineArray(Size)]
internal struct NameCache
{
    /// <summary>How many names are remembered.</summary>
    public const int Size = 8;

    private DecodedName _element;
}
