using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;

namespace DaneKit.Tests.Tlsa.DaneTest;

/// <summary>What a case expects: an outcome, a depth and the record (by its three code points) that matched or came closest.</summary>
public sealed record DaneTestExpectation(string Outcome, int? Depth, (byte Usage, byte Selector, byte MatchingType)? Record)
{
    public const string Match = "match";
    public const string NoMatch = "no-match";
    public const string NameMismatch = "name-mismatch";
    public const string PkixUntrusted = "pkix-untrusted";
    public const string AllUnusable = "all-unusable";

    /// <summary>
    /// OpenSSL's verify result read as a DaneKit outcome: 0 → match, 65 (DANE no match) → no-match, 62 (hostname
    /// mismatch) → name-mismatch, 20 (no local issuer) and 19 (self-signed certificate in chain) → pkix-untrusted.
    /// </summary>
    public static DaneTestExpectation FromOpenSsl(int result, int depth, (byte, byte, byte)? record) => result switch
    {
        0 => new(Match, depth, record),
        65 when depth == -1 => new(NoMatch, null, null),
        62 => new(NameMismatch, depth, record),
        19 or 20 => new(PkixUntrusted, depth, record),
        _ => throw new InvalidDataException($"no mapping for OpenSSL verify result {result} at depth {depth}"),
    };

    public override string ToString() => Outcome
        + (Depth is { } d ? string.Create(CultureInfo.InvariantCulture, $" at depth {d}") : "")
        + (Record is { } r ? string.Create(CultureInfo.InvariantCulture, $" ({r.Usage} {r.Selector} {r.MatchingType})") : "");
}

/// <summary>
/// One case of <c>danetest-cases.txt</c> or <c>openssl-extra-cases.txt</c> (the grammar is in the header of the
/// former): OpenSSL's DANE verification cases, restated in DaneKit's own format.
/// </summary>
public sealed class DaneTestCase
{
    public required string File { get; init; }

    public required int Id { get; init; }

    public required string About { get; init; }

    public required string Name { get; init; }

    public required bool DaneEeNamesChecked { get; init; }

    public required IReadOnlyList<TlsaData> Records { get; init; }

    public required IReadOnlyList<byte[]> Chain { get; init; }

    public required IReadOnlyList<byte[]> TrustRoots { get; init; }

    /// <summary>What OpenSSL gives, from the "openssl" line.</summary>
    public required DaneTestExpectation OpenSsl { get; init; }

    /// <summary>The RFC section that DaneKit follows instead, or null when DaneKit agrees with OpenSSL.</summary>
    public string? Rfc { get; init; }

    /// <summary>DaneKit's own expectation when it follows an RFC instead.</summary>
    public DaneTestExpectation? Override { get; init; }

    /// <summary>The outcome in the SMTP context when it differs from the generic one (only all-unusable).</summary>
    public string? Smtp { get; init; }

    /// <summary>What DaneKit must give in the generic context.</summary>
    public DaneTestExpectation Expected => Override ?? OpenSsl;

    public X509Certificate2[] LoadChain() => [.. Chain.Select(d => X509CertificateLoader.LoadCertificate(d))];

    public X509Certificate2Collection LoadTrustRoots() => [.. TrustRoots.Select(d => X509CertificateLoader.LoadCertificate(d))];

    public override string ToString() => $"{File} case {Id}: {About}";

    /// <summary>Reads every case of a file; a malformed line throws with the file and line number.</summary>
    public static IReadOnlyList<DaneTestCase> Load(string fileName)
    {
        var path = Path.Combine(DaneTestFiles.Directory, fileName);
        var lines = System.IO.File.ReadAllLines(path);
        var cases = new List<DaneTestCase>();
        IReadOnlyList<byte[]> fileRoots = [];
        Builder? current = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var where = $"{fileName}:{i + 1}";
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var (keyword, rest) = Split(line);
            switch (keyword)
            {
                case "trust-roots" when current is null:
                    fileRoots = ReadPem(lines, ref i, fileName);
                    break;
                case "trust-roots":
                    current.TrustRoots = ReadPem(lines, ref i, fileName);
                    break;
                case "case":
                    current = new Builder { Id = int.Parse(rest, NumberStyles.None, CultureInfo.InvariantCulture), TrustRoots = fileRoots };
                    break;
                case "about":
                    Need(current, where).About = rest;
                    break;
                case "name":
                    Need(current, where).Name = rest;
                    break;
                case "dane-ee-names":
                    Need(current, where).DaneEeNamesChecked = rest switch
                    {
                        "checked" => true,
                        "unchecked" => false,
                        _ => throw new InvalidDataException($"{where}: dane-ee-names is checked or unchecked"),
                    };
                    break;
                case "tlsa":
                    Need(current, where).Records.Add(ReadRecord(rest, where));
                    break;
                case "openssl":
                {
                    var n = Numbers(rest, where);
                    Need(current, where).OpenSsl = DaneTestExpectation.FromOpenSsl(n[0], n[1], Triple(n, 2, where));
                    break;
                }

                case "rfc":
                    Need(current, where).Rfc = rest;
                    break;
                case "expect":
                {
                    var (outcome, numbers) = Split(rest);
                    var n = numbers.Length == 0 ? [] : Numbers(numbers, where);
                    Need(current, where).Override = new DaneTestExpectation(outcome, n.Length > 0 ? n[0] : null, Triple(n, 1, where));
                    break;
                }

                case "smtp":
                    Need(current, where).Smtp = rest;
                    break;
                case "chain":
                {
                    var c = Need(current, where);
                    c.Chain = ReadPem(lines, ref i, fileName);
                    cases.Add(c.Build(fileName, where));
                    current = null;
                    break;
                }

                default:
                    throw new InvalidDataException($"{where}: unknown line '{line}'");
            }
        }

        return cases;
    }

    private static (string Keyword, string Tail) Split(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (line, "") : (line[..space], line[(space + 1)..]);
    }

    private static Builder Need(Builder? current, string where) =>
        current ?? throw new InvalidDataException($"{where}: outside a case");

    private static int[] Numbers(string text, string where)
    {
        try
        {
            return [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => int.Parse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))];
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{where}: '{text}' is not a list of numbers", e);
        }
    }

    private static (byte, byte, byte)? Triple(int[] n, int start, string where) => n.Length switch
    {
        _ when n.Length == start => null,
        _ when n.Length == start + 3 => ((byte)n[start], (byte)n[start + 1], (byte)n[start + 2]),
        _ => throw new InvalidDataException($"{where}: expected a depth and optionally usage, selector and matching type"),
    };

    private static TlsaData ReadRecord(string text, string where)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4)
        {
            throw new InvalidDataException($"{where}: a TLSA record is USAGE SELECTOR MTYPE HEX");
        }

        return new TlsaData(
            (TlsaUsage)byte.Parse(parts[0], CultureInfo.InvariantCulture),
            (TlsaSelector)byte.Parse(parts[1], CultureInfo.InvariantCulture),
            (TlsaMatchingType)byte.Parse(parts[2], CultureInfo.InvariantCulture),
            Convert.FromHexString(parts[3]));
    }

    private static List<byte[]> ReadPem(string[] lines, ref int i, string fileName)
    {
        var certificates = new List<byte[]>();
        var base64 = new System.Text.StringBuilder();
        var inside = false;
        for (i++; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line == "end")
            {
                return inside ? throw new InvalidDataException($"{fileName}:{i + 1}: unterminated PEM block") : certificates;
            }

            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line == "-----BEGIN CERTIFICATE-----")
            {
                inside = true;
                base64.Clear();
            }
            else if (line == "-----END CERTIFICATE-----")
            {
                certificates.Add(Convert.FromBase64String(base64.ToString()));
                inside = false;
            }
            else if (inside)
            {
                base64.Append(line);
            }
            else
            {
                throw new InvalidDataException($"{fileName}:{i + 1}: text outside a PEM block: '{line}'");
            }
        }

        throw new InvalidDataException($"{fileName}: a PEM list has no 'end'");
    }

    private sealed class Builder
    {
        public int Id { get; set; }

        public string? About { get; set; }

        public string? Name { get; set; }

        public bool? DaneEeNamesChecked { get; set; }

        public List<TlsaData> Records { get; } = [];

        public List<byte[]> Chain { get; set; } = [];

        public IReadOnlyList<byte[]> TrustRoots { get; set; } = [];

        public DaneTestExpectation? OpenSsl { get; set; }

        public string? Rfc { get; set; }

        public DaneTestExpectation? Override { get; set; }

        public string? Smtp { get; set; }

        public DaneTestCase Build(string file, string where)
        {
            if (About is null || Name is null || DaneEeNamesChecked is null || OpenSsl is null || Records.Count == 0 || Chain.Count == 0)
            {
                throw new InvalidDataException($"{where}: case {Id} lacks about, name, dane-ee-names, tlsa, openssl or chain");
            }

            if ((Rfc is null) != (Override is null))
            {
                throw new InvalidDataException($"{where}: case {Id}: an 'rfc' line and an 'expect' line go together");
            }

            return new DaneTestCase
            {
                File = file,
                Id = Id,
                About = About,
                Name = Name,
                DaneEeNamesChecked = DaneEeNamesChecked.Value,
                Records = Records,
                Chain = Chain,
                TrustRoots = TrustRoots,
                OpenSsl = OpenSsl,
                Rfc = Rfc,
                Override = Override,
                Smtp = Smtp,
            };
        }
    }
}

/// <summary>
/// Where the case files are: beside this source file in <c>tests/DaneKit.Tests/Tlsa/DaneTest</c>. They are not copied
/// to the build output, so they are found above the test binaries (default build) or, when the build went elsewhere
/// (<c>--artifacts-path</c>), from this source file's path as the compiler saw it.
/// </summary>
internal static class DaneTestFiles
{
    private const string Marker = "danetest-cases.txt";

    public static string Directory { get; } = Find();

    private static string Find()
    {
        var relative = Path.Combine("Tlsa", "DaneTest");
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(d.FullName, relative), Path.Combine(d.FullName, "tests", "DaneKit.Tests", relative) })
            {
                if (System.IO.File.Exists(Path.Combine(candidate, Marker)))
                {
                    return candidate;
                }
            }
        }

        var source = Path.GetDirectoryName(SourceFile());
        if (source is not null && System.IO.File.Exists(Path.Combine(source, Marker)))
        {
            return source;
        }

        throw new DirectoryNotFoundException(
            $"{Marker} not found above {AppContext.BaseDirectory} nor beside {SourceFile()}");
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
