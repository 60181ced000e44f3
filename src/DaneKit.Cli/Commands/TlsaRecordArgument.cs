using System.Globalization;
using System.Text;
using DaneKit.Dns.Records;
using DaneKit.Tlsa;

namespace DaneKit.Cli.Commands;

/// <summary>
/// A <c>--tlsa</c> value: <c>"3 1 1 HEX"</c>, the fields as numbers or RFC 7218 acronyms (<c>"DANE-EE SPKI SHA2-256
/// HEX"</c>), the data as hex that may be split by spaces and parentheses as in a zone file. A whole zone line
/// (<c>"_25._tcp.mx.example.com. 3600 IN TLSA 3 1 1 HEX"</c>) is taken too: what follows <c>TLSA</c> is read.
/// </summary>
internal static class TlsaRecordArgument
{
    /// <summary>Parses one value; the problem names the option, which record, and the field.</summary>
    /// <param name="text">The value.</param>
    /// <param name="position">The 1-based position among the <c>--tlsa</c> options, for the message.</param>
    /// <param name="record">The record.</param>
    /// <param name="problem">What is wrong, or <see langword="null"/>.</param>
    public static bool TryParse(string? text, int position, out TlsaData? record, out string? problem)
    {
        record = null;
        var label = string.Create(CultureInfo.InvariantCulture, $"--tlsa #{position}");
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = $"{label}: empty; give 'USAGE SELECTOR MTYPE HEX', e.g. '3 1 1 0123…'";
            return false;
        }

        var tokens = text.Replace('(', ' ').Replace(')', ' ').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        var tlsa = tokens.FindIndex(t => t.Equals("TLSA", StringComparison.OrdinalIgnoreCase));
        if (tlsa >= 0)
        {
            tokens = tokens[(tlsa + 1)..];
        }

        label = $"{label} ('{Short(text)}')";
        if (tokens.Count < 4)
        {
            problem = $"{label}: give 'USAGE SELECTOR MTYPE HEX', e.g. '3 1 1 0123…'";
            return false;
        }

        if (!TlsaMnemonics.TryParseUsage(tokens[0], out var usage))
        {
            problem = $"{label}: certificate usage '{tokens[0]}' is not a number from 0 to 255 or PKIX-TA, PKIX-EE, DANE-TA, DANE-EE";
            return false;
        }

        if (!TlsaMnemonics.TryParseSelector(tokens[1], out var selector))
        {
            problem = $"{label}: selector '{tokens[1]}' is not a number from 0 to 255 or Cert, SPKI";
            return false;
        }

        if (!TlsaMnemonics.TryParseMatchingType(tokens[2], out var matchingType))
        {
            problem = $"{label}: matching type '{tokens[2]}' is not a number from 0 to 255 or Full, SHA2-256, SHA2-512";
            return false;
        }

        var hex = new StringBuilder();
        foreach (var token in tokens.Skip(3))
        {
            hex.Append(token);
        }

        for (var i = 0; i < hex.Length; i++)
        {
            if (!char.IsAsciiHexDigit(hex[i]))
            {
                problem = string.Create(CultureInfo.InvariantCulture,
                    $"{label}: certificate association data: '{hex[i]}' (hex digit {i + 1}) is not a hex digit");
                return false;
            }
        }

        if (hex.Length % 2 != 0)
        {
            problem = string.Create(CultureInfo.InvariantCulture,
                $"{label}: certificate association data: an odd number of hex digits ({hex.Length}); each byte is two");
            return false;
        }

        var data = Convert.FromHexString(hex.ToString());
        var expected = matchingType switch
        {
            TlsaMatchingType.Sha256 => TlsaUsability.Sha256Length,
            TlsaMatchingType.Sha512 => TlsaUsability.Sha512Length,
            _ => -1,
        };
        if (expected > 0 && data.Length != expected)
        {
            problem = string.Create(CultureInfo.InvariantCulture,
                $"{label}: certificate association data: {matchingType.ToMnemonic()} is {expected} bytes ({expected * 2} hex digits), this is {data.Length}");
            return false;
        }

        record = new TlsaData(usage, selector, matchingType, data);
        problem = null;
        return true;
    }

    private static string Short(string text)
    {
        var t = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return t.Length <= 28 ? t : t[..24] + "…";
    }
}
