using System.Globalization;
using DaneKit.Dns.Records;

namespace DaneKit.Dns.Presentation;

/// <summary>
/// Reads a zone file (RFC 1035 5) into resource records.
/// </summary>
/// <remarks>
/// <para>Supported: <c>$ORIGIN</c>, <c>$TTL</c> (RFC 2308 4), <c>$INCLUDE file [origin]</c> (the file relative
/// to the including one, at most <see cref="ZoneFileParserOptions.MaxIncludeDepth"/> deep, the origin restored
/// afterwards), <c>@</c> for the origin, names relative to the origin, a blank owner meaning the previous
/// owner, TTL and class in either order before the type, BIND time units in TTLs (<c>1h30m</c>, <c>1d</c>,
/// <c>1w</c>), <c>TYPEnnn</c> and <c>CLASSnnn</c> and the generic RDATA form <c>\# length hex</c> (RFC 3597 5).</para>
/// <para>A record without a TTL takes the <c>$TTL</c> value; when there is no <c>$TTL</c>, the zone's SOA MINIMUM
/// (RFC 2308 4, as BIND does); with neither it is an error.</para>
/// <para>Every error is a <see cref="PresentationException"/> carrying the file, the line where the entry starts
/// and the reason, e.g. <c>zone.db:12: MX preference: 'ten' is not a number from 0 to 65535</c>.</para>
/// <para>Bounded: at most <see cref="ZoneFileParserOptions.MaxRecords"/> records, and entries no longer than
/// <see cref="ZoneTokenizer.MaxEntryLength"/> characters.</para>
/// </remarks>
/// <param name="options">The options, or the defaults.</param>
public sealed class ZoneFileParser(ZoneFileParserOptions? options = null)
{
    /// <summary>The largest TTL: values with the top bit set are not valid TTLs (RFC 2181 8).</summary>
    public const uint MaxTtl = int.MaxValue;

    private readonly ZoneFileParserOptions _options = options ?? new ZoneFileParserOptions();

    /// <summary>Parses a zone file; <c>$INCLUDE</c> paths are relative to its directory.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The records in file order.</returns>
    /// <exception cref="PresentationException">The file is not a valid zone file; the message says where and why.</exception>
    public async Task<IReadOnlyList<DnsResourceRecord>> ParseFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return ParseText(text, path, cancellationToken);
    }

    /// <summary>Parses zone text held in memory.</summary>
    /// <param name="text">The zone text.</param>
    /// <param name="fileName">The name used in error messages and as the base of <c>$INCLUDE</c> paths; none for the current directory.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The records in file order.</returns>
    /// <exception cref="PresentationException">The text is not a valid zone file; the message says where and why.</exception>
    public IReadOnlyList<DnsResourceRecord> ParseText(string text, string? fileName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var state = new State(_options.Origin, _options.DefaultClass, cancellationToken) { MaxRecords = _options.MaxRecords, DefaultTtl = _options.DefaultTtl };
        using var reader = new StringReader(text);
        ParseInto(state, reader, fileName, depth: 0);
        return state.Records;
    }

    private void ParseInto(State state, TextReader reader, string? file, int depth)
    {
        var tokenizer = new ZoneTokenizer(reader, file);
        while (tokenizer.TryReadEntry(out var entry))
        {
            state.CancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (!entry.Tokens[0].Quoted && entry.Tokens[0].Text.StartsWith('$'))
                {
                    Directive(state, entry, file, depth);
                }
                else
                {
                    Record(state, entry);
                }
            }
            catch (PresentationException e) when (e.Line == 0)
            {
                throw new PresentationException(e.Reason, file, entry.Line);
            }
            catch (Exception e) when (e is (FormatException and not PresentationException) or ArgumentException)
            {
                throw new PresentationException(e.Message, file, entry.Line);
            }
        }
    }

    private void Directive(State state, ZoneEntry entry, string? file, int depth)
    {
        var tokens = entry.Tokens;
        var name = tokens[0].Text;
        switch (name.ToUpperInvariant())
        {
            case "$ORIGIN":
                Arguments(tokens, 1, 1, "$ORIGIN name");
                state.Origin = Name(tokens[1].Text, state.Origin, "$ORIGIN");
                break;
            case "$TTL":
                Arguments(tokens, 1, 1, "$TTL ttl");
                state.DefaultTtl = Ttl(tokens[1].Text, "$TTL");
                break;
            case "$INCLUDE":
                Arguments(tokens, 1, 2, "$INCLUDE file [origin]");
                Include(state, tokens, file, depth);
                break;
            default:
                throw new PresentationException($"unsupported directive '{name}' (only $ORIGIN, $TTL and $INCLUDE)");
        }
    }

    private void Include(State state, IReadOnlyList<PresentationToken> tokens, string? file, int depth)
    {
        if (depth + 1 > _options.MaxIncludeDepth)
        {
            throw new PresentationException($"$INCLUDE nested more than {_options.MaxIncludeDepth} deep");
        }

        var target = System.Text.Encoding.UTF8.GetString(CharacterString.Unescape(tokens[1].Text, "$INCLUDE file"));
        var baseDirectory = file is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
        var path = Path.IsPathRooted(target) ? target : Path.Combine(baseDirectory, target);
        var savedOrigin = state.Origin;
        if (tokens.Count > 2)
        {
            state.Origin = Name(tokens[2].Text, state.Origin, "$INCLUDE origin");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new PresentationException($"$INCLUDE '{target}': {e.Message}");
        }

        using (var reader = new StringReader(text))
        {
            ParseInto(state, reader, path, depth + 1);
        }

        // RFC 1035 5.1: an included file does not change the origin of the including one.
        state.Origin = savedOrigin;
    }

    private static void Record(State state, ZoneEntry entry)
    {
        var tokens = entry.Tokens;
        var i = 0;
        DnsName owner;
        if (entry.BlankOwner)
        {
            owner = state.LastOwner ?? throw new PresentationException("the first record has no owner name (the line starts with white space)");
        }
        else
        {
            owner = Name(tokens[0].Text, state.Origin, "owner name");
            i = 1;
        }

        uint? ttl = null;
        DnsClass? cls = null;
        for (var k = 0; k < 2 && i < tokens.Count; k++)
        {
            var t = tokens[i].Text;
            if (cls is null && !t.StartsWith("TYPE", StringComparison.OrdinalIgnoreCase) && DnsClasses.TryParse(t, out var c))
            {
                cls = c;
                i++;
            }
            else if (ttl is null && char.IsAsciiDigit(t[0]))
            {
                ttl = Ttl(t, "TTL");
                i++;
            }
            else
            {
                break;
            }
        }

        if (i >= tokens.Count)
        {
            throw new PresentationException("missing record type");
        }

        var typeText = tokens[i++].Text;
        if (!DnsTypes.TryParse(typeText, out var type))
        {
            throw new PresentationException($"'{typeText}' is not a record type (a mnemonic or TYPEnnn)");
        }

        var rdata = new RdataTextReader(tokens.Skip(i).ToList(), state.Origin);
        var data = RecordDataCodec.Parse(type, rdata);
        if (data is SoaData soa && state.SoaMinimum is null)
        {
            state.SoaMinimum = soa.Minimum;
        }

        var effectiveTtl = ttl ?? state.DefaultTtl ?? state.SoaMinimum
            ?? throw new PresentationException($"{type.ToText()} record has no TTL, and there is no $TTL or SOA to take one from");
        if (state.Records.Count >= state.MaxRecords)
        {
            throw new PresentationException($"more than {state.MaxRecords} records");
        }

        cls ??= state.LastClass;
        state.Records.Add(new DnsResourceRecord(owner, cls.Value, effectiveTtl, data));
        state.LastOwner = owner;
        state.LastClass = cls.Value;
    }

    private static void Arguments(IReadOnlyList<PresentationToken> tokens, int min, int max, string usage)
    {
        var n = tokens.Count - 1;
        if (n < min || n > max)
        {
            throw new PresentationException($"{tokens[0].Text} takes {(min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min} or {max}")} argument{(max == 1 ? string.Empty : "s")}: {usage}");
        }
    }

    private static uint Ttl(string text, string field)
    {
        if (!RdataTextReader.TryParseTtl(text, out var ttl))
        {
            throw new PresentationException($"{field}: '{text}' is not a TTL (seconds, or units like 1h30m, 1d, 1w)");
        }

        return ttl <= MaxTtl ? ttl : throw new PresentationException($"{field}: {ttl} is above the largest TTL {MaxTtl} (RFC 2181 8)");
    }

    private static DnsName Name(string text, DnsName origin, string field) =>
        new RdataTextReader([new PresentationToken(text, Quoted: false)], origin).Name(field);

    private sealed class State(DnsName origin, DnsClass defaultClass, CancellationToken cancellationToken)
    {
        public List<DnsResourceRecord> Records { get; } = [];

        public DnsName Origin { get; set; } = origin;

        public DnsClass LastClass { get; set; } = defaultClass;

        public DnsName? LastOwner { get; set; }

        public uint? DefaultTtl { get; set; }

        public uint? SoaMinimum { get; set; }

        public int MaxRecords { get; init; } = int.MaxValue;

        public CancellationToken CancellationToken { get; } = cancellationToken;
    }
}
