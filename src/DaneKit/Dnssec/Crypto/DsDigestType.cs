using System.Globalization;

namespace DaneKit.Dnssec.Crypto;

/// <summary>
/// DS digest type numbers (IANA "Delegation Signer (DS) Resource Record (RR) Type Digest Algorithms"; RFC 4034
/// Appendix A.2, RFC 4509, RFC 5933, RFC 6605). The wire field is one octet; other numbers are unsupported.
/// </summary>
#pragma warning disable CA1028 // the wire field is one octet
public enum DsDigestType : byte
#pragma warning restore CA1028
{
    /// <summary>SHA-1 (1), RFC 4034 5.1.4.</summary>
    Sha1 = 1,

    /// <summary>SHA-256 (2), RFC 4509.</summary>
    Sha256 = 2,

    /// <summary>GOST R 34.11-94 (3), RFC 5933. Not supported (RFC 8624 3.3: must not).</summary>
    Gost = 3,

    /// <summary>SHA-384 (4), RFC 6605.</summary>
    Sha384 = 4,
}

/// <summary>Helpers for <see cref="DsDigestType"/>.</summary>
public static class DsDigestTypes
{
    /// <summary>Whether DaneKit computes this digest: 1 SHA-1, 2 SHA-256, 4 SHA-384.</summary>
    /// <param name="digestType">The digest type from a DS record.</param>
    /// <returns>True when <see cref="DsDigest.Compute(byte, DaneKit.Dns.DnsName, DaneKit.Dns.Records.DnskeyData)"/> returns a digest for it.</returns>
    public static bool IsSupported(byte digestType) => digestType is 1 or 2 or 4;

    /// <inheritdoc cref="IsSupported(byte)"/>
    public static bool IsSupported(this DsDigestType digestType) => IsSupported((byte)digestType);

    /// <summary>The length of the digest in octets (20, 32, 48; 32 for GOST), or 0 when unknown.</summary>
    /// <param name="digestType">The digest type.</param>
    /// <returns>The length.</returns>
    public static int DigestLength(byte digestType) => digestType switch
    {
        1 => 20,
        2 or 3 => 32,
        4 => 48,
        _ => 0,
    };

    /// <summary>The IANA mnemonic (<c>SHA-256</c>), or the number when it has none.</summary>
    /// <param name="digestType">The digest type.</param>
    /// <returns>The text.</returns>
    public static string ToMnemonic(this DsDigestType digestType) => digestType switch
    {
        DsDigestType.Sha1 => "SHA-1",
        DsDigestType.Sha256 => "SHA-256",
        DsDigestType.Gost => "GOST R 34.11-94",
        DsDigestType.Sha384 => "SHA-384",
        _ => ((byte)digestType).ToString(CultureInfo.InvariantCulture),
    };
}
