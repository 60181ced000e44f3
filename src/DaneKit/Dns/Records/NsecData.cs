using DaneKit.Dns.Presentation;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Records;

/// <summary>
/// NSEC: the next owner name in canonical order and the types present at this one (RFC 4034 4.1).
/// <code>
///                      1 1 1 1 1 1 1 1 1 1 2 2 2 2 2 2 2 2 2 2 3 3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                      Next Domain Name                         /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                       Type Bit Maps                           /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
/// <remarks>
/// The next domain name is never compressed and, unlike the other DNSSEC names, is NOT lowercased in
/// canonical form (RFC 6840 5.1 removed NSEC from the list of RFC 4034 6.2).
/// </remarks>
/// <param name="nextDomainName">The next owner name in the zone's canonical order (wrapping to the apex).</param>
/// <param name="typeBitmap">The types present at the owner.</param>
public sealed class NsecData(DnsName nextDomainName, TypeBitmap typeBitmap) : DnsRecordData
{
    /// <summary>The next owner name in canonical order; the last NSEC of a zone points at the apex.</summary>
    public DnsName NextDomainName { get; } = nextDomainName ?? throw new ArgumentNullException(nameof(nextDomainName));

    /// <summary>The types present at the owner name.</summary>
    public TypeBitmap TypeBitmap { get; } = typeBitmap ?? throw new ArgumentNullException(nameof(typeBitmap));

    /// <inheritdoc/>
    public override DnsType Type => DnsType.NSEC;

    internal static NsecData Read(ref DnsWireReader r) => new(r.ReadName(), TypeBitmap.Read(ref r));

    internal static NsecData Parse(RdataTextReader r) => new(r.Name("NSEC next domain name"), TypeBitmap.Parse(r));

    /// <inheritdoc/>
    internal override void WriteData(DnsWireWriter writer, bool canonical)
    {
        // RFC 6840 5.1: the next domain name keeps its case even in canonical form.
        writer.WriteName(NextDomainName, compress: false, canonical: false);
        TypeBitmap.Write(writer);
    }

    /// <inheritdoc/>
    public override string ToString() => TypeBitmap.Count == 0 ? NextDomainName.ToString() : $"{NextDomainName} {TypeBitmap}";
}
