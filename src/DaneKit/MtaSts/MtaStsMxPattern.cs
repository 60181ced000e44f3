namespace DaneKit.MtaSts;

/// <summary>
/// Matches an MX host name against an MTA-STS <c>mx</c> pattern (RFC 8461 4.1). Pure.
/// </summary>
/// <remarks>
/// A pattern without a wildcard matches the same name; <c>*.suffix</c> matches a name of exactly one more, non-empty,
/// left-most label (so <c>*.example.com</c> matches <c>mx.example.com</c>, not <c>example.com</c> nor
/// <c>a.b.example.com</c>). Names are compared ASCII case-insensitively (RFC 4343); one trailing dot (an absolute name
/// as DNS gives it) is ignored on both sides. The policy gives A-labels (RFC 8461 3.2); an MX host given with U-labels
/// is converted to A-labels first, as RFC 6125 6.4.2 (which 4.1 makes the matching rule) requires of the reference
/// identifier. A host name that does not convert matches nothing.
/// </remarks>
public static class MtaStsMxPattern
{
    /// <summary>Whether <paramref name="mxHost"/> matches <paramref name="pattern"/>.</summary>
    /// <param name="pattern">An mx pattern, e.g. <c>mail.example.com</c> or <c>*.example.net</c>.</param>
    /// <param name="mxHost">An MX host name, e.g. <c>mx1.example.net.</c>.</param>
    /// <returns>True when it matches.</returns>
    public static bool Matches(string pattern, string mxHost)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(mxHost);
        var p = StripDot(pattern);
        var h = StripDot(mxHost);
        if (!System.Text.Ascii.IsValid(h))
        {
            try
            {
                h = new System.Globalization.IdnMapping { UseStd3AsciiRules = true }.GetAscii(h);
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        if (p.Length == 0 || h.Length == 0 || h.Contains("..", StringComparison.Ordinal) || h[0] == '.')
        {
            return false;
        }

        if (!p.StartsWith("*.", StringComparison.Ordinal))
        {
            return string.Equals(AsciiLower(p), AsciiLower(h), StringComparison.Ordinal);
        }

        var suffix = p[1..]; // ".example.com"
        if (suffix.Length < 2 || h.Length <= suffix.Length || !AsciiLower(h).EndsWith(AsciiLower(suffix), StringComparison.Ordinal))
        {
            return false;
        }

        var label = h[..^suffix.Length];
        return label.Length > 0 && !label.Contains('.', StringComparison.Ordinal);
    }

    private static string AsciiLower(string s) => string.Create(s.Length, s, (span, src) =>
    {
        for (var i = 0; i < src.Length; i++)
        {
            span[i] = char.IsAsciiLetterUpper(src[i]) ? (char)(src[i] | 0x20) : src[i];
        }
    });

    private static string StripDot(string name) => name.EndsWith('.') ? name[..^1] : name;
}
