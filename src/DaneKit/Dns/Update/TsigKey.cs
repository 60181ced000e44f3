namespace DaneKit.Dns.Update;

/// <summary>
/// A TSIG shared secret (RFC 8945 4.1): the key name both ends know it by, the MAC algorithm and the
/// secret octets. Read from BIND key files (<c>tsig-keygen</c>), Knot's <c>keymgr -t</c> output, or the
/// <c>[alg:]name:secret</c> command-line form of <c>nsupdate -y</c> and <c>kdig -y</c>.
/// </summary>
/// <remarks><see cref="ToString"/> never shows the secret.</remarks>
public sealed class TsigKey
{
    /// <summary>The largest key file read by <see cref="LoadAsync"/>; key files are a few hundred octets.</summary>
    public const int MaxKeyFileSize = 64 * 1024;

    private readonly byte[] _secret;

    /// <summary>Creates a key.</summary>
    /// <param name="name">The key name, as both ends configure it.</param>
    /// <param name="algorithm">The MAC algorithm.</param>
    /// <param name="secret">The shared secret; not empty.</param>
    public TsigKey(DnsName name, TsigAlgorithm algorithm, ReadOnlySpan<byte> secret)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Algorithm = algorithm ?? throw new ArgumentNullException(nameof(algorithm));
        if (secret.IsEmpty)
        {
            throw new ArgumentException("a TSIG secret must not be empty", nameof(secret));
        }

        _secret = secret.ToArray();
    }

    /// <summary>The key name (the owner name of the TSIG record).</summary>
    public DnsName Name { get; }

    /// <summary>The MAC algorithm.</summary>
    public TsigAlgorithm Algorithm { get; }

    /// <summary>The shared secret.</summary>
    public ReadOnlySpan<byte> Secret => _secret;

    /// <summary>
    /// Parses the <c>[alg:]name:base64secret</c> form of <c>nsupdate -y</c> and <c>kdig -y</c>. Without an
    /// algorithm, hmac-sha256 is meant (as kdig; old nsupdate assumed hmac-md5, which is refused anyway).
    /// </summary>
    /// <param name="spec">The text, e.g. <c>hmac-sha256:update-key:c2VjcmV0...</c>.</param>
    /// <returns>The key.</returns>
    /// <exception cref="TsigKeyFormatException">The text is malformed or names a refused algorithm.</exception>
    public static TsigKey ParseCommandLine(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parts = spec.Trim().Split(':');
        var (alg, name, secret) = parts.Length switch
        {
            2 => ("hmac-sha256", parts[0], parts[1]),
            3 => (parts[0], parts[1], parts[2]),
            _ => throw new TsigKeyFormatException(null, 0, $"TSIG key '{Redact(spec)}' is not of the form [algorithm:]name:base64-secret"),
        };
        return Create(null, (name, 0), (alg, 0), (secret, 0));
    }

    /// <summary>Parses every <c>key "name" { algorithm ...; secret "..."; };</c> statement of a BIND key file or named.conf.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="fileName">The file name, for error messages.</param>
    /// <returns>The keys, at least one.</returns>
    /// <exception cref="TsigKeyFormatException">The file is malformed or holds no key; the message gives the line.</exception>
    public static IReadOnlyList<TsigKey> ParseBindKeyFile(string text, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return BindKeyFileParser.Parse(text, fileName);
    }

    /// <summary>Parses the <c>key:</c> section of Knot DNS configuration, as <c>keymgr -t</c> prints it.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="fileName">The file name, for error messages.</param>
    /// <returns>The keys, at least one.</returns>
    /// <exception cref="TsigKeyFormatException">The text is malformed or holds no key; the message gives the line.</exception>
    public static IReadOnlyList<TsigKey> ParseKnotKeyFile(string text, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return KnotKeyFileParser.Parse(text, fileName);
    }

    /// <summary>
    /// Parses a key file of either kind (a Knot <c>key:</c> section or BIND <c>key</c> statements), or a
    /// single line in the command-line form, and picks one key.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="keyName">The key to pick when the file holds several; <see langword="null"/> requires exactly one.</param>
    /// <param name="fileName">The file name, for error messages.</param>
    /// <returns>The key.</returns>
    /// <exception cref="TsigKeyFormatException">The text is malformed, or the key asked for is not there.</exception>
    public static TsigKey ParseKeyFile(string text, string? keyName = null, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        IReadOnlyList<TsigKey> keys;
        if (KnotKeyFileParser.LooksLikeKnot(text))
        {
            keys = KnotKeyFileParser.Parse(text, fileName);
        }
        else if (BindKeyFileParser.LooksLikeBind(text))
        {
            keys = BindKeyFileParser.Parse(text, fileName);
        }
        else
        {
            var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
            if (lines.Count != 1 || lines[0].Count(c => c == ':') is < 1 or > 2)
            {
                throw new TsigKeyFormatException(fileName, 0,
                    "not a TSIG key file: expected a BIND 'key \"name\" { ... };' statement, a Knot 'key:' section, or one line alg:name:secret");
            }

            try
            {
                keys = [ParseCommandLine(lines[0])];
            }
            catch (TsigKeyFormatException e)
            {
                throw new TsigKeyFormatException(fileName, 0, e.Reason ?? e.Message);
            }
        }

        return Pick(keys, keyName, fileName);
    }

    /// <summary>Reads a key file (see <see cref="ParseKeyFile"/>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="keyName">The key to pick when the file holds several.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The key.</returns>
    /// <exception cref="TsigKeyFormatException">The file is malformed, too large, or lacks the key.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<TsigKey> LoadAsync(string path, string? keyName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (info.Exists && info.Length > MaxKeyFileSize)
        {
            throw new TsigKeyFormatException(path, 0, $"{info.Length} octets is too large for a TSIG key file (at most {MaxKeyFileSize})");
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return ParseKeyFile(text, keyName, path);
    }

    /// <summary>The key name and algorithm; never the secret.</summary>
    public override string ToString() => $"{Name} ({Algorithm.Mnemonic})";

    /// <summary>Makes a key from the three texts, each with the line it came from for error messages.</summary>
    internal static TsigKey Create(string? fileName, (string Text, int Line) nameField, (string Text, int Line) algorithmField,
        (string Text, int Line) secretField)
    {
        var (name, line) = nameField;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new TsigKeyFormatException(fileName, line, "the TSIG key name is empty");
        }

        if (!DnsName.TryParse(name.Trim(), out var keyName, out var nameError) || keyName.IsRoot)
        {
            throw new TsigKeyFormatException(fileName, line, $"TSIG key name '{name}' is not a domain name: {nameError ?? "the root is not a key name"}");
        }

        if (!TsigAlgorithm.TryParse(algorithmField.Text, out var alg, out var algError))
        {
            throw new TsigKeyFormatException(fileName, algorithmField.Line, $"key {keyName}: {algError}");
        }

        (var secret, line) = secretField;
        var compact = string.Concat(secret.Where(c => !char.IsWhiteSpace(c)));
        if (compact.Length == 0)
        {
            throw new TsigKeyFormatException(fileName, line, $"key {keyName}: the secret is empty");
        }

        var buffer = new byte[compact.Length];
        if (!Convert.TryFromBase64String(compact, buffer, out var n) || n == 0)
        {
            throw new TsigKeyFormatException(fileName, line, $"key {keyName}: the secret is not valid base64");
        }

        return new TsigKey(keyName, alg!, buffer.AsSpan(0, n));
    }

    private static TsigKey Pick(IReadOnlyList<TsigKey> keys, string? keyName, string? fileName)
    {
        if (keyName is null)
        {
            return keys.Count == 1
                ? keys[0]
                : throw new TsigKeyFormatException(fileName, 0,
                    $"the file holds {keys.Count} keys ({string.Join(", ", keys.Select(k => k.Name))}); say which one to use");
        }

        if (!DnsName.TryParse(keyName, out var wanted, out var error))
        {
            throw new TsigKeyFormatException(fileName, 0, $"'{keyName}' is not a key name: {error}");
        }

        return keys.FirstOrDefault(k => k.Name.Equals(wanted))
            ?? throw new TsigKeyFormatException(fileName, 0,
                $"no key {wanted} in the file (it holds {string.Join(", ", keys.Select(k => k.Name))})");
    }

    /// <summary>The text with anything after the last colon hidden, for messages about a malformed secret spec.</summary>
    private static string Redact(string spec)
    {
        var i = spec.LastIndexOf(':');
        return i < 0 ? "…" : spec[..(i + 1)] + "…";
    }
}
