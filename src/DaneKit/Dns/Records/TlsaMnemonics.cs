using System.Globalization;

namespace DaneKit.Dns.Records;

/// <summary>The RFC 7218 acronyms of the TLSA fields, for logs ("Matched DANE-EE at depth 0") and for input.</summary>
public static class TlsaMnemonics
{
    /// <summary>The RFC 7218 acronym of a usage (<c>DANE-EE</c>), or its number when it has none.</summary>
    /// <param name="usage">The usage.</param>
    /// <returns>The text.</returns>
    public static string ToMnemonic(this TlsaUsage usage) => usage switch
    {
        TlsaUsage.PkixTa => "PKIX-TA",
        TlsaUsage.PkixEe => "PKIX-EE",
        TlsaUsage.DaneTa => "DANE-TA",
        TlsaUsage.DaneEe => "DANE-EE",
        TlsaUsage.PrivCert => "PrivCert",
        _ => ((byte)usage).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The RFC 7218 acronym of a selector (<c>SPKI</c>), or its number when it has none.</summary>
    /// <param name="selector">The selector.</param>
    /// <returns>The text.</returns>
    public static string ToMnemonic(this TlsaSelector selector) => selector switch
    {
        TlsaSelector.Cert => "Cert",
        TlsaSelector.Spki => "SPKI",
        TlsaSelector.PrivSel => "PrivSel",
        _ => ((byte)selector).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The RFC 7218 acronym of a matching type (<c>SHA2-256</c>), or its number when it has none.</summary>
    /// <param name="matchingType">The matching type.</param>
    /// <returns>The text.</returns>
    public static string ToMnemonic(this TlsaMatchingType matchingType) => matchingType switch
    {
        TlsaMatchingType.Full => "Full",
        TlsaMatchingType.Sha256 => "SHA2-256",
        TlsaMatchingType.Sha512 => "SHA2-512",
        TlsaMatchingType.PrivMatch => "PrivMatch",
        _ => ((byte)matchingType).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Parses a usage: a number 0 to 255 or an RFC 7218 acronym, case-insensitive.</summary>
    /// <param name="text">The text.</param>
    /// <param name="usage">The usage.</param>
    /// <returns>Whether the text is a usage.</returns>
    public static bool TryParseUsage(string? text, out TlsaUsage usage)
    {
        var ok = TryParse(text, ["PKIX-TA", "PKIX-EE", "DANE-TA", "DANE-EE"], "PrivCert", out var v);
        usage = (TlsaUsage)v;
        return ok;
    }

    /// <summary>Parses a selector: a number 0 to 255 or an RFC 7218 acronym, case-insensitive.</summary>
    /// <param name="text">The text.</param>
    /// <param name="selector">The selector.</param>
    /// <returns>Whether the text is a selector.</returns>
    public static bool TryParseSelector(string? text, out TlsaSelector selector)
    {
        var ok = TryParse(text, ["Cert", "SPKI"], "PrivSel", out var v);
        selector = (TlsaSelector)v;
        return ok;
    }

    /// <summary>Parses a matching type: a number 0 to 255 or an RFC 7218 acronym, case-insensitive.</summary>
    /// <param name="text">The text.</param>
    /// <param name="matchingType">The matching type.</param>
    /// <returns>Whether the text is a matching type.</returns>
    public static bool TryParseMatchingType(string? text, out TlsaMatchingType matchingType)
    {
        var ok = TryParse(text, ["Full", "SHA2-256", "SHA2-512"], "PrivMatch", out var v);
        matchingType = (TlsaMatchingType)v;
        return ok;
    }

    private static bool TryParse(string? text, string[] names, string privateName, out byte value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(text, names[i], StringComparison.OrdinalIgnoreCase))
            {
                value = (byte)i;
                return true;
            }
        }

        if (string.Equals(text, privateName, StringComparison.OrdinalIgnoreCase))
        {
            value = 255;
            return true;
        }

        return false;
    }
}
