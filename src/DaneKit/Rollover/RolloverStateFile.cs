using System.Text.Json;
using System.Text.Json.Serialization;

namespace DaneKit.Rollover;

/// <summary>
/// Remembers since when each TLSA record has been seen in a Secure RRset, so <c>danekit rollover check</c> can tell
/// whether two TTLs have passed (RFC 7671 8.1). <c>rollover publish</c> and <c>rollover check</c> write it; without the
/// monitor it is the only memory of "visible since".
/// </summary>
/// <remarks>
/// A record counts as visible since the first observation of an unbroken run: when an observation of the owner's
/// Secure RRset lacks it, it is forgotten, and its clock starts again when it is seen next. A corrupt file is never
/// overwritten (loading fails with the reason: the data is the operator's); writes go to a temporary file that is
/// then renamed over the old one, so a crash leaves the old or the new file, not half of one.
/// </remarks>
public sealed class RolloverStateFile
{
    private const int Version = 1;
    private readonly Dictionary<string, Dictionary<string, RolloverSeen>> _owners;

    private RolloverStateFile(string path, Dictionary<string, Dictionary<string, RolloverSeen>> owners)
    {
        Path = path;
        _owners = owners;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The default location: <c>$XDG_STATE_HOME/danekit/rollover.json</c>, else <c>~/.local/state/danekit/rollover.json</c>.</summary>
    public static string DefaultPath
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var root = !string.IsNullOrEmpty(xdg) ? xdg : System.IO.Path.Combine(home, ".local", "state");
            return System.IO.Path.Combine(root, "danekit", "rollover.json");
        }
    }

    /// <summary>Reads the file; a missing file is an empty state.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The state.</returns>
    /// <exception cref="RolloverStateException">The file cannot be read or is not a rollover state file.</exception>
    public static async Task<RolloverStateFile> LoadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] content;
        try
        {
            if (!File.Exists(path))
            {
                return new RolloverStateFile(path, new(StringComparer.OrdinalIgnoreCase));
            }

            var info = new FileInfo(path);
            if (info.Length > 16 * 1024 * 1024)
            {
                throw new RolloverStateException($"{path}: {info.Length} bytes: not a rollover state file (over 16 MiB)");
            }

            content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RolloverStateException($"{path}: cannot read: {e.Message}", e);
        }

        RolloverStateDocument? doc;
        try
        {
            // The span overload does not skip a UTF-8 byte order mark (an editor's, when the operator edits the file): skip it here.
            var json = content.AsSpan();
            doc = JsonSerializer.Deserialize(json.StartsWith("\uFEFF"u8) ? json[3..] : json, RolloverStateJson.Default.RolloverStateDocument);
        }
        catch (JsonException e)
        {
            throw new RolloverStateException($"{path}: not a rollover state file ({e.Message}); it is left as it is: move it away to start afresh", e);
        }

        if (doc is null || doc.Version != Version)
        {
            throw new RolloverStateException($"{path}: not a version {Version} rollover state file; it is left as it is");
        }

        var owners = new Dictionary<string, Dictionary<string, RolloverSeen>>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in doc.Records ?? [])
        {
            if (string.IsNullOrEmpty(r.Owner) || string.IsNullOrEmpty(r.Record))
            {
                continue;
            }

            // Owners are kept absolute (as Observe and FirstSeen spell them), so a hand-written "_25._tcp.mx.example.com" is the same owner.
            var owner = Key(r.Owner);
            if (!owners.TryGetValue(owner, out var records))
            {
                owners[owner] = records = new(StringComparer.OrdinalIgnoreCase);
            }

            // The same record twice (under both spellings): the later first sighting, which never claims more visibility than was seen.
            if (!records.TryGetValue(r.Record, out var known) || known.FirstSeenSecure < r.FirstSeenSecure)
            {
                records[r.Record] = r with { Owner = owner };
            }
        }

        return new RolloverStateFile(path, owners);
    }

    /// <summary>When a record was first seen Secure (in the current unbroken run), if it was.</summary>
    /// <param name="owner">The TLSA owner name.</param>
    /// <param name="record">The record text.</param>
    /// <returns>The time, or null.</returns>
    public DateTimeOffset? FirstSeen(string owner, string record) =>
        _owners.TryGetValue(Key(owner), out var records) && records.TryGetValue(record, out var seen) ? seen.FirstSeenSecure : null;

    /// <summary>Records one observation of an owner's Secure RRset: new records start their clock, absent ones are forgotten.</summary>
    /// <param name="owner">The TLSA owner name.</param>
    /// <param name="records">The records of the Secure RRset now.</param>
    /// <param name="now">The time of the observation.</param>
    public void Observe(string owner, IEnumerable<string> records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(records);
        var key = Key(owner);
        if (!_owners.TryGetValue(key, out var known))
        {
            _owners[key] = known = new(StringComparer.OrdinalIgnoreCase);
        }

        var present = records.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var gone in known.Keys.Where(k => !present.Contains(k)).ToList())
        {
            known.Remove(gone);
        }

        foreach (var r in present)
        {
            known[r] = known.TryGetValue(r, out var seen)
                ? seen with { LastSeenSecure = now }
                : new RolloverSeen { Owner = key, Record = r, FirstSeenSecure = now, LastSeenSecure = now };
        }
    }

    /// <summary>Writes the file (temporary file, then rename); creates its directory.</summary>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="RolloverStateException">It cannot be written.</exception>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        var doc = new RolloverStateDocument
        {
            Version = Version,
            Records = [.. _owners.Values.SelectMany(v => v.Values).OrderBy(r => r.Owner, StringComparer.Ordinal).ThenBy(r => r.Record, StringComparer.Ordinal)],
        };
        var temp = Path + ".tmp-" + Environment.ProcessId;
        try
        {
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(doc, RolloverStateJson.Default.RolloverStateDocument), cancellationToken).ConfigureAwait(false);
            File.Move(temp, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(temp);
            throw new RolloverStateException($"{Path}: cannot write: {e.Message}", e);
        }
        catch (OperationCanceledException)
        {
            DeleteQuietly(temp); // cancelled mid-write: no half file left beside the intact old one
            throw;
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the old file is intact.
        }
    }

    private static string Key(string owner) => owner.EndsWith('.') ? owner : owner + ".";
}

/// <summary>One record's visibility.</summary>
public sealed record RolloverSeen
{
    /// <summary>The TLSA owner name.</summary>
    public string Owner { get; init; } = "";

    /// <summary>The record text.</summary>
    public string Record { get; init; } = "";

    /// <summary>The first observation in the current unbroken run.</summary>
    public DateTimeOffset FirstSeenSecure { get; init; }

    /// <summary>The latest observation.</summary>
    public DateTimeOffset LastSeenSecure { get; init; }
}

/// <summary>The file's JSON form.</summary>
public sealed record RolloverStateDocument
{
    /// <summary>The format version (1).</summary>
    public int Version { get; init; }

    /// <summary>The records.</summary>
    public IReadOnlyList<RolloverSeen>? Records { get; init; }
}

/// <summary>A state file problem, with the file named in the message.</summary>
public sealed class RolloverStateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RolloverStateException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public RolloverStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public RolloverStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Source-generated JSON for the state file (NativeAOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(RolloverStateDocument))]
internal sealed partial class RolloverStateJson : JsonSerializerContext;
