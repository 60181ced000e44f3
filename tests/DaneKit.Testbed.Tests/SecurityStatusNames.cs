using DaneKit.Dnssec;

namespace DaneKit.Testbed.Tests;

/// <summary>The lower-case status names that testbed/CONTRACT.md uses for <see cref="SecurityStatus"/>.</summary>
internal static class SecurityStatusNames
{
    /// <summary>Parses secure, insecure, bogus or indeterminate; nothing else (exact, case-sensitive).</summary>
    public static bool TryParse(string? name, out SecurityStatus status)
    {
        SecurityStatus? parsed = name switch
        {
            "secure" => SecurityStatus.Secure,
            "insecure" => SecurityStatus.Insecure,
            "bogus" => SecurityStatus.Bogus,
            "indeterminate" => SecurityStatus.Indeterminate,
            _ => null,
        };
        status = parsed.GetValueOrDefault();
        return parsed.HasValue;
    }
}
