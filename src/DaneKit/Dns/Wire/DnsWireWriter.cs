using System.Buffers;
using System.Buffers.Binary;

namespace DaneKit.Dns.Wire;

/// <summary>
/// Writes DNS wire format into a growable buffer, compressing names (RFC 1035 4.1.4) where the caller
/// allows it. Compression targets are remembered by name suffix, case-insensitively.
/// </summary>
internal sealed class DnsWireWriter : IBufferWriter<byte>
{
    private const int MaxPointerTarget = 0x3FFF;
    private byte[] _buffer;
    private Dictionary<DnsName, int>? _suffixes;

    public DnsWireWriter(int capacity = 512)
    {
        _buffer = new byte[capacity];
    }

    /// <summary>Octets written so far.</summary>
    public int Length { get; private set; }

    /// <summary>When true, names written with compression allowed are compressed.</summary>
    public bool Compress { get; init; } = true;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void Advance(int count) => Length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _buffer.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 1));
        return _buffer.AsSpan(Length);
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    public void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(Length), value);
        Length += 2;
    }

    public void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(Length), value);
        Length += 4;
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(Length));
        Length += value.Length;
    }

    /// <summary>Writes a character-string: one length octet, then at most 255 octets.</summary>
    public void WriteCharacterString(ReadOnlySpan<byte> value)
    {
        if (value.Length > 255)
        {
            throw new ArgumentException("a character-string holds at most 255 octets", nameof(value));
        }

        WriteByte((byte)value.Length);
        WriteBytes(value);
    }

    /// <summary>Reserves two octets for a length and returns their offset.</summary>
    public int ReserveUInt16()
    {
        var at = Length;
        WriteUInt16(0);
        return at;
    }

    /// <summary>Fills a reserved length with the octets written since it.</summary>
    public void PatchLengthSince(int at)
    {
        var len = Length - at - 2;
        if (len > ushort.MaxValue)
        {
            throw new InvalidOperationException("RDATA longer than 65535 octets");
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(at), (ushort)len);
    }

    /// <summary>
    /// Writes a name. <paramref name="compress"/> allows a compression pointer (only for the names RFC 3597 4
    /// permits: owner names and the RDATA names of RFC 1035 types). <paramref name="canonical"/> writes
    /// it uncompressed and lowercased (RFC 4034 6.2).
    /// </summary>
    public void WriteName(DnsName name, bool compress, bool canonical = false)
    {
        if (canonical)
        {
            name.WriteUncompressed(this, canonical: true);
            return;
        }

        if (!compress || !Compress)
        {
            Remember(name);
            name.WriteUncompressed(this, canonical: false);
            return;
        }

        _suffixes ??= new Dictionary<DnsName, int>();
        for (var keep = name.LabelCount; keep > 0; keep--)
        {
            var suffix = keep == name.LabelCount ? name : name.Suffix(keep);
            if (_suffixes.TryGetValue(suffix, out var target))
            {
                WriteLabels(name, name.LabelCount - keep);
                WriteUInt16((ushort)(0xC000 | target));
                return;
            }
        }

        Remember(name);
        name.WriteUncompressed(this, canonical: false);
    }

    private void WriteLabels(DnsName name, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var label = name.Label(i);
            if (Length <= MaxPointerTarget)
            {
                _suffixes!.TryAdd(name.Suffix(name.LabelCount - i), Length);
            }

            WriteByte((byte)label.Length);
            WriteBytes(label);
        }
    }

    private void Remember(DnsName name)
    {
        if (!Compress)
        {
            return;
        }

        _suffixes ??= new Dictionary<DnsName, int>();
        var at = Length;
        for (var i = 0; i < name.LabelCount && at <= MaxPointerTarget; i++)
        {
            _suffixes.TryAdd(i == 0 ? name : name.Suffix(name.LabelCount - i), at);
            at += name.Label(i).Length + 1;
        }
    }

    private void Ensure(int n)
    {
        if (Length + n <= _buffer.Length)
        {
            return;
        }

        var size = Math.Max(_buffer.Length * 2, Length + n);
        Array.Resize(ref _buffer, size);
    }
}
