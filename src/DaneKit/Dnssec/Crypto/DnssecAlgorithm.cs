namespace DaneKit.Dnssec.Crypto;

/// <summary>
/// DNSSEC signature algorithm numbers (IANA "DNS Security Algorithm Numbers"; RFC 4034 Appendix A.1, RFC 8624).
/// The wire field is one octet; numbers not listed are kept as they are and are unsupported.
/// <see cref="DnssecAlgorithms.ToMnemonic"/> gives the IANA mnemonic (<c>RSASHA256</c>, <c>ECDSAP256SHA256</c>).
/// </summary>
#pragma warning disable CA1028 // the wire field is one octet
public enum DnssecAlgorithm : byte
#pragma warning restore CA1028
{
    /// <summary>RSAMD5 (1), RFC 3110 / RFC 4034 A.1. Must not be used for validation (RFC 6725, RFC 8624).</summary>
    RsaMd5 = 1,

    /// <summary>DSA (3), RFC 2536. Not supported (RFC 8624: must not validate).</summary>
    Dsa = 3,

    /// <summary>RSASHA1 (5), RFC 3110.</summary>
    RsaSha1 = 5,

    /// <summary>DSA-NSEC3-SHA1 (6), RFC 5155. Not supported (RFC 8624: must not validate).</summary>
    DsaNsec3Sha1 = 6,

    /// <summary>RSASHA1-NSEC3-SHA1 (7), RFC 5155: RSA/SHA-1 in an NSEC3 zone.</summary>
    RsaSha1Nsec3Sha1 = 7,

    /// <summary>RSASHA256 (8), RFC 5702.</summary>
    RsaSha256 = 8,

    /// <summary>RSASHA512 (10), RFC 5702.</summary>
    RsaSha512 = 10,

    /// <summary>ECC-GOST (12), RFC 5933. Not supported (RFC 8624: must not validate).</summary>
    EccGost = 12,

    /// <summary>ECDSAP256SHA256 (13), RFC 6605.</summary>
    EcdsaP256Sha256 = 13,

    /// <summary>ECDSAP384SHA384 (14), RFC 6605.</summary>
    EcdsaP384Sha384 = 14,

    /// <summary>ED25519 (15), RFC 8080.</summary>
    Ed25519 = 15,

    /// <summary>ED448 (16), RFC 8080.</summary>
    Ed448 = 16,
}

/// <summary>Helpers for <see cref="DnssecAlgorithm"/>: which ones DaneKit validates, and their IANA mnemonics.</summary>
public static class DnssecAlgorithms
{
    /// <summary>
    /// Whether DaneKit verifies signatures of this algorithm: 5, 7, 8, 10 (RSA), 13, 14 (ECDSA), 15, 16 (EdDSA).
    /// RFC 8624 3.1 lists the rest (1, 3, 6, 12) as "must not" or "may" for validation; a zone signed only with
    /// an unsupported algorithm is treated as unsigned (RFC 4035 5.2).
    /// </summary>
    /// <param name="algorithm">The algorithm number from a DNSKEY, RRSIG or DS.</param>
    /// <returns>True when <see cref="SignatureVerifier.Verify(byte, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> can verify it.</returns>
    public static bool IsSupported(byte algorithm) => algorithm is 5 or 7 or 8 or 10 or 13 or 14 or 15 or 16;

    /// <inheritdoc cref="IsSupported(byte)"/>
    public static bool IsSupported(this DnssecAlgorithm algorithm) => IsSupported((byte)algorithm);

    /// <summary>The IANA mnemonic (<c>RSASHA256</c>, <c>DSA-NSEC3-SHA1</c>), or the number when it has none.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>The text.</returns>
    public static string ToMnemonic(this DnssecAlgorithm algorithm) => algorithm switch
    {
        DnssecAlgorithm.RsaMd5 => "RSAMD5",
        DnssecAlgorithm.Dsa => "DSA",
        DnssecAlgorithm.RsaSha1 => "RSASHA1",
        DnssecAlgorithm.DsaNsec3Sha1 => "DSA-NSEC3-SHA1",
        DnssecAlgorithm.RsaSha1Nsec3Sha1 => "RSASHA1-NSEC3-SHA1",
        DnssecAlgorithm.RsaSha256 => "RSASHA256",
        DnssecAlgorithm.RsaSha512 => "RSASHA512",
        DnssecAlgorithm.EccGost => "ECC-GOST",
        DnssecAlgorithm.EcdsaP256Sha256 => "ECDSAP256SHA256",
        DnssecAlgorithm.EcdsaP384Sha384 => "ECDSAP384SHA384",
        DnssecAlgorithm.Ed25519 => "ED25519",
        DnssecAlgorithm.Ed448 => "ED448",
        _ => ((byte)algorithm).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Parses an algorithm: a number 0 to 255 or an IANA mnemonic, case-insensitive.</summary>
    /// <param name="text">The text.</param>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>Whether the text is an algorithm.</returns>
    public static bool TryParse(string? text, out DnssecAlgorithm algorithm)
    {
        algorithm = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (byte.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            algorithm = (DnssecAlgorithm)number;
            return true;
        }

        foreach (var value in Enum.GetValues<DnssecAlgorithm>())
        {
            if (string.Equals(value.ToMnemonic(), text, StringComparison.OrdinalIgnoreCase))
            {
                algorithm = value;
                return true;
            }
        }

        return false;
    }
}
