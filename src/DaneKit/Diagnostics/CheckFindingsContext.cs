namespace DaneKit.Diagnostics;

/// <summary>What the findings analysis needs beyond the result itself.</summary>
/// <param name="Now">The check's clock.</param>
/// <param name="ExpiryWarning">Signatures expiring within this window are reported.</param>
/// <param name="Truncations">What was not checked because of a limit.</param>
/// <param name="NullMxMixed">Whether a null MX stood beside other MX records.</param>
internal sealed record CheckFindingsContext(DateTimeOffset Now, TimeSpan ExpiryWarning, IReadOnlyList<string> Truncations, bool NullMxMixed);
