using System.Globalization;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Records;

/// <summary>
/// RRSIG: a signature over one RRset (RFC 4034 3.1).
/// <code>
///                      1 1 1 1 1 1 1 1 1 1 2 2 2 2 2 2 2 2 2 2 3 3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |        Type Covered           |  Algorithm    |     Labels    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Original TTL                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Signature Expiration                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Signature Inception                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |            Key Tag            |                               /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+         Signer's Name         /
/// /                                                               /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                                                               /
/// /                            Signature                          /
/// /                                                               /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
/// <remarks>
/// The times are 32-bit seconds since 1970 compared with serial number arithmetic (RFC 4034 3.1.5,
/// RFC 1982), so they wrap every 136 years; <see cref="ToDateTimeOffset"/> resolves them against a reference
/// time. Presentation writes them as <c>YYYYMMDDHHmmSS</c> UTC and accepts plain seconds too (RFC 4034 3.2).
/// The signer's name is never compressed and is lowercased in canonical form (RFC 4034 6.2, RFC 6840 5.1).
/// </remarks>
public sealed class RrsigData : DnsRecordData
{
    private readonly byte[] _signature;

    /// <summary>Creates RRSIG RDATA.</summary>
    /// <param name="typeCovered">The type of the RRset signed.</param>
    /// <param name="algorithm">The algorithm number of the signing key.</param>
    /// <param name="labels">The label count of the original owner name, without the root and a leading <c>*</c> (RFC 4034 3.1.3).</param>
    /// <param name="originalTtl">The TTL of the RRset as it appears in the zone (RFC 4034 3.1.4).</param>
    /// <param name="signatureExpiration">Expiration, seconds since 1970 modulo 2^32.</param>
    /// <param name="signatureInception">Inception, seconds since 1970 modulo 2^32.</param>
    /// <param name="keyTag">The key tag of the DNSKEY that made the signature.</param>
    /// <param name="signerName">The zone that holds that DNSKEY.</param>
    /// <param name="signature">The signature octets.</param>
    public RrsigData(DnsType typeCovered, byte algorithm, byte labels, uint originalTtl, uint signatureExpiration,
        uint signatureInception, ushort keyTag, DnsName signerName, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(signerName);
        TypeCovered = typeCovered;
        Algorithm = algorithm;
        Labels = labels;
        OriginalTtl = originalTtl;
        SignatureExpiration = signatureExpiration;
        SignatureInception = signatureInception;
        KeyTag = keyTag;
        SignerName = signerName;
        _signature = signature.ToArray();
    }

    /// <summary>The type of the RRset this signature covers.</summary>
    public DnsType TypeCovered { get; }

    /// <summary>The algorithm number of the signing key.</summary>
    public byte Algorithm { get; }

    /// <summary>The label count of the original owner name (RFC 4034 3.1.3): fewer than the owner's means a wildcard expansion.</summary>
    public byte Labels { get; }

    /// <summary>The TTL of the covered RRset as it appears in the authoritative zone.</summary>
    public uint OriginalTtl { get; }

    /// <summary>The end of the validity period, seconds since 1970 modulo 2^32 (RFC 4034 3.1.5).</summary>
    public uint SignatureExpiration { get; }

    /// <summary>The start of the validity period, seconds since 1970 modulo 2^32 (RFC 4034 3.1.5).</summary>
    public uint SignatureInception { get; }

    /// <summary>The key tag of the DNSKEY that validates this signature.</summary>
    public ushort KeyTag { get; }

    /// <summary>The owner of the DNSKEY: the zone that signed.</summary>
    public DnsName SignerName { get; }

    /// <summary>The signature octets.</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    /// <inheritdoc/>
    public override DnsType Type => DnsType.RRSIG;

    /// <summary>
    /// Resolves a 32-bit RRSIG time against <paramref name="reference"/> with serial number arithmetic
    /// (RFC 4034 3.1.5, RFC 1982): the result is the instant with those low 32 bits that lies within
    /// 2^31 seconds of the reference.
    /// </summary>
    /// <param name="value">The time field.</param>
    /// <param name="reference">The time to resolve against, normally now.</param>
    /// <returns>The absolute time.</returns>
    public static DateTimeOffset ToDateTimeOffset(uint value, DateTimeOffset reference)
    {
        var now = reference.ToUnixTimeSeconds();
        var delta = unchecked((int)(value - (uint)now));
        return DateTimeOffset.FromUnixTimeSeconds(now + delta);
    }

    /// <summary>The expiration as an absolute time, resolved against <paramref name="reference"/> (RFC 4034 3.1.5).</summary>
    /// <param name="reference">The time to resolve against, normally now.</param>
    /// <returns>The expiration.</returns>
    public DateTimeOffset ExpirationAt(DateTimeOffset reference) => ToDateTimeOffset(SignatureExpiration, reference);

    /// <summary>The inception as an absolute time, resolved against <paramref name="reference"/> (RFC 4034 3.1.5).</summary>
    /// <param name="reference">The time to resolve against, normally now.</param>
    /// <returns>The inception.</returns>
    public DateTimeOffset InceptionAt(DateTimeOffset reference) => ToDateTimeOffset(SignatureInception, reference);

    /// <summary>
    /// Whether <paramref name="now"/> lies in the validity period, inception and expiration included,
    /// in serial number arithmetic (RFC 4034 3.1.5; RFC 4035 5.3.1). Only the window: not the signature.
    /// </summary>
    /// <param name="now">The validation time.</param>
    /// <returns>True when inception &lt;= now &lt;= expiration.</returns>
    public bool IsWithinValidityPeriod(DateTimeOffset now)
    {
        var t = (uint)now.ToUnixTimeSeconds();
        return unchecked((int)(t - SignatureInception)) >= 0 && unchecked((int)(SignatureExpiration - t)) >= 0;
    }

    /// <summary>
    /// The RRSIG_RDATA of RFC 4034 3.1.8.1: every field but the signature, with the signer's name in
    /// canonical form. Signature verification signs this followed by the canonical RRset.
    /// </summary>
    /// <returns>The octets.</returns>
    public byte[] ToSignedFieldsWire()
    {
        var w = new DnsWireWriter(64) { Compress = false };
        WriteFields(w, canonical: true);
        return w.ToArray();
    }

    internal static RrsigData Read(ref DnsWireReader r) => new((DnsType)r.ReadUInt16(), r.ReadByte(), r.ReadByte(), r.ReadUInt32(),
        r.ReadUInt32(), r.ReadUInt32(), r.ReadUInt16(), r.ReadName(), r.ReadSpan(r.Remaining));

    internal static RrsigData Parse(RdataTextReader r)
    {
        var covered = r.Text("RRSIG type covered");
        if (!DnsTypes.TryParse(covered, out var type))
        {
            throw new PresentationException($"RRSIG type covered: '{covered}' is not a record type");
        }

        return new RrsigData(type, r.ReadU8("RRSIG algorithm"), r.ReadU8("RRSIG labels"), r.ReadU32("RRSIG original TTL"),
            ParseTime(r.Text("RRSIG expiration"), "RRSIG expiration"), ParseTime(r.Text("RRSIG inception"), "RRSIG inception"),
            r.ReadU16("RRSIG key tag"), r.Name("RRSIG signer's name"), r.Base64Rest("RRSIG signature"));
    }

    /// <summary>
    /// Parses an RRSIG time: <c>YYYYMMDDHHmmSS</c> in UTC (14 digits), or seconds since 1970 as a decimal
    /// number (RFC 4034 3.2). Dates after 2106 wrap modulo 2^32 (RFC 4034 3.1.5).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="field">The field name for errors.</param>
    /// <returns>The 32-bit time value.</returns>
    /// <exception cref="PresentationException">Neither form.</exception>
    public static uint ParseTime(string text, string field)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 14 && text.All(char.IsAsciiDigit))
        {
            if (!DateTime.TryParseExact(text, "yyyyMMddHHmmss", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dt) || dt.Year < 1970)
            {
                throw new PresentationException($"{field}: '{text}' is not a valid YYYYMMDDHHmmSS time");
            }

            return unchecked((uint)(long)(dt - DateTime.UnixEpoch).TotalSeconds);
        }

        if (text.Length <= 10 && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds;
        }

        throw new PresentationException($"{field}: '{text}' is neither YYYYMMDDHHmmSS nor seconds since 1970 from 0 to 4294967295");
    }

    /// <summary>Formats a 32-bit time as <c>YYYYMMDDHHmmSS</c> UTC, taking it as 1970 to 2106.</summary>
    /// <param name="value">The time field.</param>
    /// <returns>The 14 digits.</returns>
    public static string FormatTime(uint value) =>
        DateTimeOffset.FromUnixTimeSeconds(value).UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    internal override void WriteData(DnsWireWriter writer, bool canonical)
    {
        WriteFields(writer, canonical);
        writer.WriteBytes(_signature);
    }

    private void WriteFields(DnsWireWriter writer, bool canonical)
    {
        writer.WriteUInt16((ushort)TypeCovered);
        writer.WriteByte(Algorithm);
        writer.WriteByte(Labels);
        writer.WriteUInt32(OriginalTtl);
        writer.WriteUInt32(SignatureExpiration);
        writer.WriteUInt32(SignatureInception);
        writer.WriteUInt16(KeyTag);
        writer.WriteName(SignerName, compress: false, canonical: canonical);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{TypeCovered.ToText()} {Algorithm} {Labels} {OriginalTtl} {FormatTime(SignatureExpiration)} {FormatTime(SignatureInception)} {KeyTag} {SignerName} {Convert.ToBase64String(_signature)}");
}
