using System.Globalization;
using System.Net;
using DaneKit.Dns;

namespace DaneKit.Survey;

/// <summary>Mail domain and host names as DaneKit's commands take them (<c>danekit check DOMAIN</c>, each line of <c>danekit scan</c>).</summary>
public static class DomainNames
{
    private static readonly IdnMapping Idna = new() { UseStd3AsciiRules = true };

    /// <summary>
    /// Parses a host or domain name as mail uses it: an internationalized name becomes its A-labels (RFC 5891, which also lower-cases
    /// it), every label has letters, digits and hyphens only and neither starts nor ends with a hyphen (RFC
    /// 1123 2.1), the top-level label is not all digits, and an IP address is refused (DANE needs a name for the TLSA owner).
    /// </summary>
    /// <param name="text">The text (surrounding white space and one final dot are ignored).</param>
    /// <param name="name">The name, absolute (ASCII case as given; <see cref="DnsName.ToCanonical"/> lower-cases it).</param>
    /// <param name="problem">What is wrong, a sentence without the option's name (e.g. <c>'a..b' is not a valid domain name: it has an empty label</c>).</param>
    /// <returns>Whether the text is such a name.</returns>
    public static bool TryNormalize(string text, out DnsName? name, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        name = null;
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed == ".")
        {
            problem = "give a domain name";
            return false;
        }

        var literal = trimmed.Trim('[', ']');
        if ((literal.Contains(':', StringComparison.Ordinal) || literal.Count(c => c == '.') == 3) && IPAddress.TryParse(literal, out _))
        {
            problem = $"'{text}' is an IP address; give a domain name (TLSA records are found by name)";
            return false;
        }

        var ascii = trimmed.TrimEnd('.');
        if (ascii.Any(c => c > 127))
        {
            try
            {
                ascii = Idna.GetAscii(ascii);
            }
            catch (ArgumentException e)
            {
                problem = $"'{text}' is not a valid internationalized domain name: {e.Message}";
                return false;
            }
        }

        var labels = ascii.Split('.');
        foreach (var label in labels)
        {
            if (label.Length == 0)
            {
                problem = $"'{text}' is not a valid domain name: it has an empty label";
                return false;
            }

            var bad = label.FirstOrDefault(c => !char.IsAsciiLetterOrDigit(c) && c != '-');
            if (bad != default)
            {
                problem = $"'{text}' is not a valid domain name: '{bad}' in label '{label}' (letters, digits and hyphens only, RFC 1123 2.1)";
                return false;
            }

            if (label.StartsWith('-') || label.EndsWith('-'))
            {
                problem = $"'{text}' is not a valid domain name: label '{label}' starts or ends with a hyphen (RFC 1123 2.1)";
                return false;
            }
        }

        if (labels[^1].All(char.IsAsciiDigit))
        {
            problem = $"'{text}' is not a valid domain name: the top-level label is all digits (RFC 3696 2)";
            return false;
        }

        if (!DnsName.TryParse(ascii + ".", out var parsed, out var error))
        {
            problem = $"'{text}' is not a valid domain name: {error}";
            return false;
        }

        name = parsed;
        problem = null;
        return true;
    }
}
