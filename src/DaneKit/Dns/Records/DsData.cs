using System.Globalization;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Records;

/// <summary>
/// DS: a delegation signer, the digest of a child zone's DNSKEY held in the parent (RFC 4034 5.1).
/// <code>
///                      1 1 1 1 1 1 1 1 1 1 2 2 2 2 2 2 2 2 2 2 3 3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Key Tag             |  Algorithm    |  Digest Type  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                                                               /
/// /                            Digest                             /
/// /                                                               /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
/// <remarks>
/// Unknown algorithms and digest types are kept (policy decides, RFC 4035 5.2); the digest length is not
/// checked here. Presentation: the digest in hexadecimal, which may be split by white space (RFC 4034 5.3).
/// </remarks>
public sealed class DsData : DnsRecordData
{
    private readonly byte[] _digest;

    /// <summary>Creates DS RDATA.</summary>
    /// <param name="keyTag">The key tag of the DNSKEY referred to (RFC 4034 Appendix B).</param>
    /// <param name="algorithm">The DNSKEY's algorithm number.</param>
    /// <param name="digestType">The digest algorithm: 1 SHA-1, 2 SHA-256, 4 SHA-384.</param>
    /// <param name="digest">The digest of owner name and DNSKEY RDATA (RFC 4034 5.1.4).</param>
    public DsData(ushort keyTag, byte algorithm, byte digestType, ReadOnlySpan<byte> digest)
    {
        KeyTag = keyTag;
        Algorithm = algorithm;
        DigestType = digestType;
        _digest = digest.ToArray();
    }

    /// <summary>The key tag of the DNSKEY this DS refers to.</summary>
    public ushort KeyTag { get; }

    /// <summary>The DNSKEY's algorithm number (IANA "DNS Security Algorithm Numbers").</summary>
    public byte Algorithm { get; }

    /// <summary>The digest algorithm number (IANA "Digest Algorithms"): 1 SHA-1, 2 SHA-256, 4 SHA-384.</summary>
    public byte DigestType { get; }

    /// <summary>The digest octets.</summary>
    public ReadOnlySpan<byte> Digest => _digest;

    /// <inheritdoc/>
    public override DnsType Type => DnsType.DS;

    internal static DsData Read(ref DnsWireReader r) => new(r.ReadUInt16(), r.ReadByte(), r.ReadByte(), r.ReadSpan(r.Remaining));

    internal static DsData Parse(RdataTextReader r) =>
        new(r.ReadU16("DS key tag"), r.ReadU8("DS algorithm"), r.ReadU8("DS digest type"), r.HexRest("DS digest"));

    /// <inheritdoc/>
    internal override void WriteData(DnsWireWriter writer, bool canonical)
    {
        writer.WriteUInt16(KeyTag);
        writer.WriteByte(Algorithm);
        writer.WriteByte(DigestType);
        writer.WriteBytes(_digest);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{KeyTag} {Algorithm} {DigestType} {Convert.ToHexString(_digest)}");
}
