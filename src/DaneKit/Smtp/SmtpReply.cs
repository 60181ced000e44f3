using System.Globalization;

namespace DaneKit.Smtp;

/// <summary>
/// One SMTP reply (RFC 5321 4.2): a three-digit code and the text of each of its lines, in order. A multiline reply
/// has the same code on every line, with <c>-</c> after the code on all but the last.
/// </summary>
/// <param name="Code">The reply code, 200 to 559 (RFC 5321 4.2: first digit 2 to 5, second 0 to 5).</param>
/// <param name="Lines">The text after the code and its separator, one entry per line, never empty.</param>
public sealed record SmtpReply(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>2yz: positive completion (RFC 5321 4.2.1).</summary>
    public bool IsPositiveCompletion => Code / 100 == 2;

    /// <summary>4yz: transient negative completion, try again later (RFC 5321 4.2.1).</summary>
    public bool IsTransientNegative => Code / 100 == 4;

    /// <summary>5yz: permanent negative completion (RFC 5321 4.2.1).</summary>
    public bool IsPermanentNegative => Code / 100 == 5;

    /// <summary>The first line as the server sent it, without CRLF: <c>220 mx.example.com ESMTP</c>.</summary>
    public string FirstLine => Lines.Count == 0 || Lines[0].Length == 0
        ? Code.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Code} {Lines[0]}");

    /// <inheritdoc/>
    public override string ToString() => Lines.Count <= 1
        ? FirstLine
        : string.Create(CultureInfo.InvariantCulture, $"{FirstLine} (+{Lines.Count - 1} more lines)");
}
