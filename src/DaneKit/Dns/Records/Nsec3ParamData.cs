using System.Globalization;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Records;

/// <summary>
/// NSEC3PARAM: the NSEC3 parameters an authoritative server uses for the zone (RFC 5155 4.2).
/// <code>
///                      1 1 1 1 1 1 1 1 1 1 2 2 2 2 2 2 2 2 2 2 3 3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Hash Alg.   |     Flags     |          Iterations           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Salt Length  |                     Salt                      /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
/// <remarks>Presentation (RFC 5155 4.3): the salt in hexadecimal, or <c>-</c> when empty.</remarks>
public sealed class Nsec3ParamData : DnsRecordData
{
    private readonly byte[] _salt;

    /// <summary>Creates NSEC3PARAM RDATA.</summary>
    /// <param name="hashAlgorithm">The hash algorithm; 1 is SHA-1.</param>
    /// <param name="flags">The flags octet; must be 0 in zones (RFC 5155 4.1.2).</param>
    /// <param name="iterations">Additional hash iterations.</param>
    /// <param name="salt">The salt, 0 to 255 octets.</param>
    /// <exception cref="ArgumentException">The salt is longer than 255 octets.</exception>
    public Nsec3ParamData(byte hashAlgorithm, byte flags, ushort iterations, ReadOnlySpan<byte> salt)
    {
        if (salt.Length > 255)
        {
            throw new ArgumentException("the NSEC3 salt holds at most 255 octets", nameof(salt));
        }

        HashAlgorithm = hashAlgorithm;
        Flags = flags;
        Iterations = iterations;
        _salt = salt.ToArray();
    }

    /// <summary>The hash algorithm number; 1 is SHA-1.</summary>
    public byte HashAlgorithm { get; }

    /// <summary>The flags octet.</summary>
    public byte Flags { get; }

    /// <summary>The number of additional hash iterations.</summary>
    public ushort Iterations { get; }

    /// <summary>The salt octets (possibly none).</summary>
    public ReadOnlySpan<byte> Salt => _salt;

    /// <inheritdoc/>
    public override DnsType Type => DnsType.NSEC3PARAM;

    internal static Nsec3ParamData Read(ref DnsWireReader r) => new(r.ReadByte(), r.ReadByte(), r.ReadUInt16(), r.ReadCharacterString());

    internal static Nsec3ParamData Parse(RdataTextReader r)
    {
        var d = new Nsec3ParamData(r.ReadU8("NSEC3PARAM hash algorithm"), r.ReadU8("NSEC3PARAM flags"),
            r.ReadU16("NSEC3PARAM iterations"), ParseSalt(r.Text("NSEC3PARAM salt"), "NSEC3PARAM salt"));
        r.End("NSEC3PARAM");
        return d;
    }

    /// <summary>Parses a salt: <c>-</c> for none, else 1 to 255 octets in hexadecimal (RFC 5155 3.3).</summary>
    internal static byte[] ParseSalt(string text, string field)
    {
        if (text == "-")
        {
            return [];
        }

        var salt = RdataTextReader.Hex(text, field);
        return salt.Length <= 255 ? salt : throw new PresentationException($"{field}: {salt.Length} octets, at most 255");
    }

    /// <summary>Formats a salt: <c>-</c> for none, else uppercase hexadecimal.</summary>
    internal static string FormatSalt(ReadOnlySpan<byte> salt) => salt.Length == 0 ? "-" : Convert.ToHexString(salt);

    /// <inheritdoc/>
    internal override void WriteData(DnsWireWriter writer, bool canonical)
    {
        writer.WriteByte(HashAlgorithm);
        writer.WriteByte(Flags);
        writer.WriteUInt16(Iterations);
        writer.WriteCharacterString(_salt);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{HashAlgorithm} {Flags} {Iterations} {FormatSalt(_salt)}");
}
