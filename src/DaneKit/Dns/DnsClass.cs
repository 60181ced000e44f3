using System.Globalization;

namespace DaneKit.Dns;

/// <summary>Resource record CLASS values (RFC 1035 3.2.4); unnamed values print as <c>CLASSnnn</c> (RFC 3597 5).</summary>
#pragma warning disable CA1700, CA1707 // the RFC mnemonics are the names
public enum DnsClass : ushort
{
    /// <summary>The Internet.</summary>
    IN = 1,
    /// <summary>Chaos.</summary>
    CH = 3,
    /// <summary>Hesiod.</summary>
    HS = 4,
    /// <summary>None (RFC 2136 2.4).</summary>
    NONE = 254,
    /// <summary>Any class, in questions (RFC 1035 3.2.5).</summary>
    ANY = 255,
}
#pragma warning restore CA1700, CA1707

/// <summary>Presentation names of <see cref="DnsClass"/> values.</summary>
public static class DnsClasses
{
    /// <summary>The mnemonic, or <c>CLASSnnn</c>.</summary>
    /// <param name="value">Any class value.</param>
    /// <returns>The presentation name.</returns>
    public static string ToText(this DnsClass value) =>
        Enum.IsDefined(value) ? value.ToString() : "CLASS" + ((ushort)value).ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses a mnemonic (case-insensitive) or <c>CLASSnnn</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The class when known.</param>
    /// <returns>Whether <paramref name="text"/> names a class.</returns>
    public static bool TryParse(string? text, out DnsClass value)
    {
        value = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.StartsWith("CLASS", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            value = (DnsClass)n;
            return true;
        }

        // Only a mnemonic: Enum.TryParse alone would also take "A,MX" (a bitwise OR of two values) or " A".
        if (char.IsAsciiLetter(text[0]) && text.All(char.IsAsciiLetterOrDigit)
            && Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value))
        {
            return true;
        }

        value = default;
        return false;
    }
}
