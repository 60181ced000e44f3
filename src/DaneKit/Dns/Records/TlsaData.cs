using System.Globalization;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Records;

/// <summary>
/// TLSA: a TLS certificate association (RFC 6698 2.1).
/// <code>
///                      1 1 1 1 1 1 1 1 1 1 2 2 2 2 2 2 2 2 2 2 3 3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Cert. Usage  |   Selector    | Matching Type |               /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+               /
/// /                                                               /
/// /                 Certificate Association Data                  /
/// /                                                               /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
/// <remarks>
/// Every code point is kept, known or not, and the data length is not checked here: deciding which
/// records are usable is policy (RFC 7672 3.1.3, RFC 7671 4). Presentation input takes numbers or the
/// RFC 7218 acronyms (<c>DANE-EE SPKI SHA2-256</c>) and hexadecimal data that may be split by spaces
/// (RFC 6698 2.2); output is numeric with uppercase hexadecimal, like dig.
/// </remarks>
public sealed class TlsaData : DnsRecordData
{
    private readonly byte[] _data;

    /// <summary>Creates TLSA RDATA.</summary>
    /// <param name="usage">The certificate usage.</param>
    /// <param name="selector">The selector.</param>
    /// <param name="matchingType">The matching type.</param>
    /// <param name="certificateAssociationData">The data to match.</param>
    public TlsaData(TlsaUsage usage, TlsaSelector selector, TlsaMatchingType matchingType, ReadOnlySpan<byte> certificateAssociationData)
    {
        Usage = usage;
        Selector = selector;
        MatchingType = matchingType;
        _data = certificateAssociationData.ToArray();
    }

    /// <summary>The certificate usage.</summary>
    public TlsaUsage Usage { get; }

    /// <summary>The selector.</summary>
    public TlsaSelector Selector { get; }

    /// <summary>The matching type.</summary>
    public TlsaMatchingType MatchingType { get; }

    /// <summary>The certificate association data.</summary>
    public ReadOnlySpan<byte> CertificateAssociationData => _data;

    /// <inheritdoc/>
    public override DnsType Type => DnsType.TLSA;

    internal static TlsaData Read(ref DnsWireReader r) =>
        new((TlsaUsage)r.ReadByte(), (TlsaSelector)r.ReadByte(), (TlsaMatchingType)r.ReadByte(), r.ReadSpan(r.Remaining));

    internal static TlsaData Parse(RdataTextReader r)
    {
        var t = r.Text("TLSA certificate usage");
        if (!TlsaMnemonics.TryParseUsage(t, out var usage))
        {
            throw new PresentationException($"TLSA certificate usage: '{t}' is not a number from 0 to 255 or PKIX-TA, PKIX-EE, DANE-TA, DANE-EE");
        }

        t = r.Text("TLSA selector");
        if (!TlsaMnemonics.TryParseSelector(t, out var selector))
        {
            throw new PresentationException($"TLSA selector: '{t}' is not a number from 0 to 255 or Cert, SPKI");
        }

        t = r.Text("TLSA matching type");
        if (!TlsaMnemonics.TryParseMatchingType(t, out var matching))
        {
            throw new PresentationException($"TLSA matching type: '{t}' is not a number from 0 to 255 or Full, SHA2-256, SHA2-512");
        }

        return new TlsaData(usage, selector, matching, r.HexRest("TLSA certificate association data"));
    }

    /// <inheritdoc/>
    internal override void WriteData(DnsWireWriter writer, bool canonical)
    {
        writer.WriteByte((byte)Usage);
        writer.WriteByte((byte)Selector);
        writer.WriteByte((byte)MatchingType);
        writer.WriteBytes(_data);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(byte)Usage} {(byte)Selector} {(byte)MatchingType} {Convert.ToHexString(_data)}");
}
