using System.Globalization;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Records;

/// <summary>
/// NSEC3: hashed authenticated denial of existence (RFC 5155 3.2).
/// <code>
///                      1 1 1 1 1 1 1 1 1 1 2 2 2 2 2 2 2 2 2 2 3 3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Hash Alg.   |     Flags     |          Iterations           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Salt Length  |                     Salt                      /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Hash Length  |             Next Hashed Owner Name            /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                         Type Bit Maps                         /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
/// <remarks>
/// Presentation (RFC 5155 3.3): the salt in hexadecimal or <c>-</c> when empty, the next hashed owner
/// name in unpadded base32hex (RFC 4648 7). Unknown hash algorithms and flags are kept; iteration limits
/// are the validator's (RFC 9276).
/// </remarks>
public sealed class Nsec3Data : DnsRecordData
{
    /// <summary>The Opt-Out flag, bit 7 of the flags octet (RFC 5155 3.1.2.1).</summary>
    public const byte OptOutFlag = 0x01;

    private readonly byte[] _salt;
    private readonly byte[] _nextHashedOwnerName;

    /// <summary>Creates NSEC3 RDATA.</summary>
    /// <param name="hashAlgorithm">The hash algorithm; 1 is SHA-1.</param>
    /// <param name="flags">The flags octet.</param>
    /// <param name="iterations">Additional hash iterations.</param>
    /// <param name="salt">The salt, 0 to 255 octets.</param>
    /// <param name="nextHashedOwnerName">The next hashed owner name as raw hash octets, 1 to 255.</param>
    /// <param name="typeBitmap">The types present at the original owner name.</param>
    /// <exception cref="ArgumentException">Salt or hash too long, or hash empty.</exception>
    public Nsec3Data(byte hashAlgorithm, byte flags, ushort iterations, ReadOnlySpan<byte> salt,
        ReadOnlySpan<byte> nextHashedOwnerName, TypeBitmap typeBitmap)
    {
        ArgumentNullException.ThrowIfNull(typeBitmap);
        if (salt.Length > 255)
        {
            throw new ArgumentException("the NSEC3 salt holds at most 255 octets", nameof(salt));
        }

        if (nextHashedOwnerName.Length is 0 or > 255)
        {
            throw new ArgumentException("the NSEC3 next hashed owner name holds 1 to 255 octets", nameof(nextHashedOwnerName));
        }

        HashAlgorithm = hashAlgorithm;
        Flags = flags;
        Iterations = iterations;
        _salt = salt.ToArray();
        _nextHashedOwnerName = nextHashedOwnerName.ToArray();
        TypeBitmap = typeBitmap;
    }

    /// <summary>The hash algorithm number; 1 is SHA-1 (RFC 5155 11).</summary>
    public byte HashAlgorithm { get; }

    /// <summary>The flags octet.</summary>
    public byte Flags { get; }

    /// <summary>Whether this NSEC3 may cover unsigned delegations (RFC 5155 3.1.2.1, 6).</summary>
    public bool OptOut => (Flags & OptOutFlag) != 0;

    /// <summary>The number of additional hash iterations.</summary>
    public ushort Iterations { get; }

    /// <summary>The salt octets (possibly none).</summary>
    public ReadOnlySpan<byte> Salt => _salt;

    /// <summary>The next hashed owner name as raw hash octets (not base32hex).</summary>
    public ReadOnlySpan<byte> NextHashedOwnerName => _nextHashedOwnerName;

    /// <summary>The types present at the original owner name.</summary>
    public TypeBitmap TypeBitmap { get; }

    /// <inheritdoc/>
    public override DnsType Type => DnsType.NSEC3;

    internal static Nsec3Data Read(ref DnsWireReader r)
    {
        var alg = r.ReadByte();
        var flags = r.ReadByte();
        var iterations = r.ReadUInt16();
        var salt = r.ReadCharacterString();
        var at = r.Position;
        var hash = r.ReadCharacterString();
        if (hash.Length == 0)
        {
            throw new DnsWireException(at, "NSEC3 hash length is 0 (RFC 5155 3.2)");
        }

        return new Nsec3Data(alg, flags, iterations, salt, hash, TypeBitmap.Read(ref r));
    }

    internal static Nsec3Data Parse(RdataTextReader r)
    {
        var alg = r.ReadU8("NSEC3 hash algorithm");
        var flags = r.ReadU8("NSEC3 flags");
        var iterations = r.ReadU16("NSEC3 iterations");
        var salt = Nsec3ParamData.ParseSalt(r.Text("NSEC3 salt"), "NSEC3 salt");
        var hashText = r.Text("NSEC3 next hashed owner name");
        var hash = Base32Hex.Decode(hashText, "NSEC3 next hashed owner name");
        if (hash.Length is 0 or > 255)
        {
            throw new PresentationException($"NSEC3 next hashed owner name: {hash.Length} octets, not 1 to 255");
        }

        return new Nsec3Data(alg, flags, iterations, salt, hash, TypeBitmap.Parse(r));
    }

    /// <inheritdoc/>
    internal override void WriteData(DnsWireWriter writer, bool canonical)
    {
        writer.WriteByte(HashAlgorithm);
        writer.WriteByte(Flags);
        writer.WriteUInt16(Iterations);
        writer.WriteCharacterString(_salt);
        writer.WriteCharacterString(_nextHashedOwnerName);
        TypeBitmap.Write(writer);
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var head = string.Create(CultureInfo.InvariantCulture,
            $"{HashAlgorithm} {Flags} {Iterations} {Nsec3ParamData.FormatSalt(_salt)} {Base32Hex.Encode(_nextHashedOwnerName)}");
        return TypeBitmap.Count == 0 ? head : $"{head} {TypeBitmap}";
    }
}
