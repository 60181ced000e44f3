using System.Globalization;
using System.Text.RegularExpressions;

namespace DaneKit.Testbed.Tests.Dns;

/// <summary>An Extended DNS Error option (RFC 8914) as dig prints it: <c>; EDE: 7 (Signature Expired): (text)</c>.</summary>
/// <param name="InfoCode">The INFO-CODE.</param>
/// <param name="Purpose">dig's name for the code, e.g. <c>Signature Expired</c>; null for codes dig does not know.</param>
/// <param name="ExtraText">The EXTRA-TEXT, when the server sent one.</param>
internal sealed record ExtendedDnsError(int InfoCode, string? Purpose, string? ExtraText);

/// <summary>
/// The parts of a BIND 9 <c>dig</c> answer that the resolver checks need: the RCODE, the header flags
/// and the Extended DNS Errors.
/// </summary>
/// <param name="Status">The RCODE mnemonic, e.g. <c>NOERROR</c>, <c>NXDOMAIN</c>, <c>SERVFAIL</c>.</param>
/// <param name="Flags">The header flags, e.g. <c>qr rd ra ad</c>.</param>
/// <param name="ExtendedErrors">The EDE options of the OPT record, in order.</param>
/// <param name="Text">dig's full output, for failure messages.</param>
internal sealed partial record DigResponse(
    string Status,
    IReadOnlySet<string> Flags,
    IReadOnlyList<ExtendedDnsError> ExtendedErrors,
    string Text)
{
    /// <summary>The AD (authentic data) bit: the resolver validated the answer as secure.</summary>
    public bool AuthenticData => Flags.Contains("ad");

    /// <summary>NOERROR or NXDOMAIN: an answer, positive or negative, as opposed to a failure.</summary>
    public bool IsAnswer => Status is "NOERROR" or "NXDOMAIN";

    /// <summary>SERVFAIL.</summary>
    public bool IsServerFailure => Status == "SERVFAIL";

    /// <summary>
    /// Parses the output of one dig query. Throws <see cref="FormatException"/> when the output holds no
    /// response (dig timed out or could not reach the server) or more than one.
    /// </summary>
    public static DigResponse Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? status = null;
        HashSet<string>? flags = null;
        var errors = new List<ExtendedDnsError>();

        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (HeaderLine().Match(trimmed) is { Success: true } header)
            {
                if (status is not null)
                {
                    throw new FormatException($"dig output holds more than one response:\n{text}");
                }

                status = header.Groups["status"].Value;
            }
            else if (FlagsLine().Match(trimmed) is { Success: true } flagsLine)
            {
                flags = [.. flagsLine.Groups["flags"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
            }
            else if (EdeLine().Match(trimmed) is { Success: true } ede)
            {
                errors.Add(new ExtendedDnsError(
                    int.Parse(ede.Groups["code"].Value, NumberStyles.None, CultureInfo.InvariantCulture),
                    ede.Groups["purpose"].Success ? ede.Groups["purpose"].Value : null,
                    ede.Groups["text"].Success ? ede.Groups["text"].Value : null));
            }
        }

        if (status is null || flags is null)
        {
            throw new FormatException($"dig output holds no response (no header and flags line):\n{text}");
        }

        return new DigResponse(status, flags, errors, text);
    }

    /// <summary><c>;; ->>HEADER&lt;&lt;- opcode: QUERY, status: NOERROR, id: 40312</c></summary>
    [GeneratedRegex(@"^;; ->>HEADER<<- opcode: [A-Z0-9]+, status: (?<status>[A-Z0-9]+), id: \d+$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderLine();

    /// <summary><c>;; flags: qr rd ra ad; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 1</c></summary>
    [GeneratedRegex(@"^;; flags:(?<flags>[a-z ]*);", RegexOptions.CultureInvariant)]
    private static partial Regex FlagsLine();

    /// <summary><c>; EDE: 7 (Signature Expired): (validation failure ...)</c>; the name and the text are optional.</summary>
    [GeneratedRegex(@"^; EDE: (?<code>\d+)(?: \((?<purpose>[^)]*)\))?(?:: \((?<text>.*)\))?$", RegexOptions.CultureInvariant)]
    private static partial Regex EdeLine();
}
