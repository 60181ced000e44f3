using System.Globalization;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Records;

/// <summary>
/// DNSKEY: a public key of a zone (RFC 4034 2.1).
/// <code>
///                      1 1 1 1 1 1 1 1 1 1 2 2 2 2 2 2 2 2 2 2 3 3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |              Flags            |    Protocol   |   Algorithm   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                                                               /
/// /                            Public Key                         /
/// /                                                               /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
/// <remarks>
/// Any protocol and algorithm value is kept; a protocol other than 3 makes the key unusable
/// (RFC 4034 2.1.2), which policy decides. Presentation: the key in base64, which may be split by spaces.
/// </remarks>
public sealed class DnskeyData : DnsRecordData
{
    /// <summary>The Zone Key flag, bit 7 (RFC 4034 2.1.1).</summary>
    public const ushort ZoneKeyFlag = 0x0100;

    /// <summary>The REVOKE flag, bit 8 (RFC 5011 2.1).</summary>
    public const ushort RevokedFlag = 0x0080;

    /// <summary>The Secure Entry Point flag, bit 15 (RFC 4034 2.1.1, RFC 3757).</summary>
    public const ushort SecureEntryPointFlag = 0x0001;

    /// <summary>The only valid protocol value (RFC 4034 2.1.2).</summary>
    public const byte DnssecProtocol = 3;

    private readonly byte[] _publicKey;
    private int _keyTag = -1;

    /// <summary>Creates DNSKEY RDATA.</summary>
    /// <param name="flags">The flags field.</param>
    /// <param name="protocol">The protocol; 3 for DNSSEC.</param>
    /// <param name="algorithm">The algorithm number (IANA "DNS Security Algorithm Numbers").</param>
    /// <param name="publicKey">The public key in the algorithm's format.</param>
    public DnskeyData(ushort flags, byte protocol, byte algorithm, ReadOnlySpan<byte> publicKey)
    {
        Flags = flags;
        Protocol = protocol;
        Algorithm = algorithm;
        _publicKey = publicKey.ToArray();
    }

    /// <summary>The flags field.</summary>
    public ushort Flags { get; }

    /// <summary>The protocol field; must be 3 (RFC 4034 2.1.2).</summary>
    public byte Protocol { get; }

    /// <summary>The algorithm number.</summary>
    public byte Algorithm { get; }

    /// <summary>The public key octets.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>Bit 7: the key is a DNS zone key and may sign the zone's RRsets (RFC 4034 2.1.1).</summary>
    public bool ZoneKey => (Flags & ZoneKeyFlag) != 0;

    /// <summary>Bit 15: the key is meant as a secure entry point, a key-signing key (RFC 4034 2.1.1). Advisory only.</summary>
    public bool SecureEntryPoint => (Flags & SecureEntryPointFlag) != 0;

    /// <summary>Bit 8: the key has been revoked and must not be used to validate (RFC 5011 2.1).</summary>
    public bool Revoked => (Flags & RevokedFlag) != 0;

    /// <summary>
    /// The key tag of RFC 4034 Appendix B: a 16-bit checksum of the RDATA, used to pick the key that
    /// made a signature. For algorithm 1 (RSA/MD5) it is the most significant 16 of the low 24 bits of the
    /// modulus (Appendix B.1). Not unique: several keys may share a tag.
    /// </summary>
    public ushort KeyTag
    {
        get
        {
            if (_keyTag < 0)
            {
                _keyTag = ComputeKeyTag(ToWire());
            }

            return (ushort)_keyTag;
        }
    }

    /// <inheritdoc/>
    public override DnsType Type => DnsType.DNSKEY;

    /// <summary>Computes the key tag of DNSKEY RDATA octets (RFC 4034 Appendix B).</summary>
    /// <param name="rdata">The DNSKEY RDATA in wire form.</param>
    /// <returns>The key tag.</returns>
    public static ushort ComputeKeyTag(ReadOnlySpan<byte> rdata)
    {
        if (rdata.Length >= 4 && rdata[3] == 1)
        {
            // Appendix B.1: RSA/MD5 keys use bits 16..31 from the end of the modulus (the key's last 3 octets).
            return rdata.Length < 7 ? (ushort)0 : (ushort)((rdata[^3] << 8) | rdata[^2]);
        }

        uint ac = 0;
        for (var i = 0; i < rdata.Length; i++)
        {
            ac += (i & 1) != 0 ? rdata[i] : (uint)rdata[i] << 8;
        }

        ac += (ac >> 16) & 0xFFFF;
        return (ushort)(ac & 0xFFFF);
    }

    internal static DnskeyData Read(ref DnsWireReader r) => new(r.ReadUInt16(), r.ReadByte(), r.ReadByte(), r.ReadSpan(r.Remaining));

    internal static DnskeyData Parse(RdataTextReader r) =>
        new(r.ReadU16("DNSKEY flags"), r.ReadU8("DNSKEY protocol"), r.ReadU8("DNSKEY algorithm"), r.Base64Rest("DNSKEY public key"));

    /// <inheritdoc/>
    internal override void WriteData(DnsWireWriter writer, bool canonical)
    {
        writer.WriteUInt16(Flags);
        writer.WriteByte(Protocol);
        writer.WriteByte(Algorithm);
        writer.WriteBytes(_publicKey);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Flags} {Protocol} {Algorithm} {Convert.ToBase64String(_publicKey)}");
}
