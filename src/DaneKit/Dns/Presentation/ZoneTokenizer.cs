using System.Text;

namespace DaneKit.Dns.Presentation;

/// <summary>One entry of a zone file: the tokens of one logical line (parentheses joined), where it began,
/// and whether its owner was left blank (the line started with white space, RFC 1035 5.1).</summary>
/// <param name="Tokens">The tokens, comments removed.</param>
/// <param name="Line">The 1-based line where the entry starts.</param>
/// <param name="BlankOwner">True when the line began with white space: the previous owner applies.</param>
public sealed record ZoneEntry(IReadOnlyList<PresentationToken> Tokens, int Line, bool BlankOwner);

/// <summary>
/// Splits zone-file text into entries and tokens (RFC 1035 5.1): white space separates tokens, <c>;</c>
/// starts a comment, <c>( )</c> continue an entry over several lines, double quotes make one token that
/// may hold spaces, and a backslash escapes the next character (kept in the token for field parsers).
/// </summary>
/// <remarks>Bounded: an entry of more than <see cref="MaxEntryLength"/> characters is an error, not a hang.</remarks>
public sealed class ZoneTokenizer
{
    /// <summary>The longest entry accepted, in characters (far above any legal record).</summary>
    public const int MaxEntryLength = 1 << 20;

    private readonly TextReader _reader;
    private readonly string? _file;
    private int _line;

    /// <summary>Creates a tokenizer.</summary>
    /// <param name="reader">The zone text.</param>
    /// <param name="file">The file name for error messages.</param>
    public ZoneTokenizer(TextReader reader, string? file = null)
    {
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _file = file;
    }

    /// <summary>Tokenizes one line of text with no directives or continuation, e.g. RDATA given on a command line.</summary>
    /// <param name="text">The text.</param>
    /// <returns>Its tokens.</returns>
    /// <exception cref="PresentationException">Unterminated quote or unbalanced parentheses.</exception>
    public static IReadOnlyList<PresentationToken> TokenizeLine(string text)
    {
        var t = new ZoneTokenizer(new StringReader(text ?? string.Empty));
        var all = new List<PresentationToken>();
        while (t.TryReadEntry(out var e))
        {
            all.AddRange(e.Tokens);
        }

        return all;
    }

    /// <summary>Reads the next non-empty entry.</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>False at the end of the text.</returns>
    /// <exception cref="PresentationException">Malformed text, with file and line.</exception>
    public bool TryReadEntry(out ZoneEntry entry)
    {
        entry = null!;
        var tokens = new List<PresentationToken>();
        var sb = new StringBuilder();
        var depth = 0;
        var startLine = 0;
        var blankOwner = false;
        var length = 0;
        while (true)
        {
            var line = _reader.ReadLine();
            if (line is null)
            {
                if (depth > 0)
                {
                    throw new PresentationException("unbalanced '(': the file ends inside parentheses", _file, startLine);
                }

                if (tokens.Count > 0)
                {
                    entry = new ZoneEntry(tokens, startLine, blankOwner);
                    return true;
                }

                return false;
            }

            _line++;
            length += line.Length;
            if (length > MaxEntryLength)
            {
                throw new PresentationException($"entry longer than {MaxEntryLength} characters", _file, startLine == 0 ? _line : startLine);
            }

            if (tokens.Count == 0 && depth == 0)
            {
                startLine = _line;
                blankOwner = line.Length > 0 && (line[0] == ' ' || line[0] == '\t');
            }

            var i = 0;
            while (i < line.Length)
            {
                var c = line[i];
                if (c is ' ' or '\t' or '\r')
                {
                    i++;
                    continue;
                }

                if (c == ';')
                {
                    break;
                }

                if (c == '(')
                {
                    if (depth > 0)
                    {
                        throw new PresentationException("nested '('", _file, _line);
                    }

                    depth++;
                    i++;
                    continue;
                }

                if (c == ')')
                {
                    if (depth == 0)
                    {
                        throw new PresentationException("')' without '('", _file, _line);
                    }

                    depth--;
                    i++;
                    continue;
                }

                sb.Clear();
                if (c == '"')
                {
                    i++;
                    var closed = false;
                    while (i < line.Length)
                    {
                        if (line[i] == '\\' && i + 1 < line.Length)
                        {
                            sb.Append(line, i, 2);
                            i += 2;
                            continue;
                        }

                        if (line[i] == '"')
                        {
                            closed = true;
                            i++;
                            break;
                        }

                        sb.Append(line[i++]);
                    }

                    if (!closed)
                    {
                        throw new PresentationException("unterminated quoted string", _file, _line);
                    }

                    tokens.Add(new PresentationToken(sb.ToString(), Quoted: true));
                    continue;
                }

                while (i < line.Length && line[i] is not (' ' or '\t' or '\r' or ';' or '(' or ')' or '"'))
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        sb.Append(line, i, 2);
                        i += 2;
                        continue;
                    }

                    sb.Append(line[i++]);
                }

                tokens.Add(new PresentationToken(sb.ToString(), Quoted: false));
            }

            if (depth == 0 && tokens.Count > 0)
            {
                entry = new ZoneEntry(tokens, startLine, blankOwner);
                return true;
            }
        }
    }
}
