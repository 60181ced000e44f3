using System.Text;
using System.Text.RegularExpressions;

namespace DaneKit.Dns.Update;

/// <summary>
/// Reads the <c>key</c> statements of BIND configuration (named.conf(5)), as <c>tsig-keygen</c> writes them:
/// <code>
/// key "update-key" {
///         algorithm hmac-sha256;
///         secret "base64...";
/// };
/// </code>
/// Comments in the three styles of named.conf (<c>#</c>, <c>//</c>, <c>/* */</c>) are skipped; other
/// top-level statements (a whole named.conf) are skipped with their braces.
/// </summary>
internal static partial class BindKeyFileParser
{
    private enum Kind
    {
        Word,
        Quoted,
        Open,
        Close,
        Semicolon,
    }

    private readonly record struct Token(Kind Kind, string Text, int Line);

    /// <summary>Whether the text has a <c>key NAME {</c> statement.</summary>
    public static bool LooksLikeBind(string text) => KeyStatement().IsMatch(text);

    public static List<TsigKey> Parse(string text, string? fileName)
    {
        var tokens = Tokenize(text, fileName);
        var keys = new List<TsigKey>();
        var i = 0;
        while (i < tokens.Count)
        {
            var t = tokens[i];
            if (t.Kind == Kind.Word && t.Text.Equals("key", StringComparison.OrdinalIgnoreCase))
            {
                keys.Add(ParseKey(tokens, ref i, fileName));
            }
            else
            {
                SkipStatement(tokens, ref i, fileName);
            }
        }

        if (keys.Count == 0)
        {
            throw new TsigKeyFormatException(fileName, 0, "no 'key \"name\" { algorithm ...; secret \"...\"; };' statement found");
        }

        var duplicate = keys.GroupBy(k => k.Name).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? keys : throw new TsigKeyFormatException(fileName, 0, $"key {duplicate.Key} is defined twice");
    }

    private static TsigKey ParseKey(List<Token> tokens, ref int i, string? fileName)
    {
        var keyword = tokens[i++];
        var name = Next(tokens, ref i, fileName, keyword.Line, "the key name after 'key'");
        if (name.Kind is not (Kind.Word or Kind.Quoted))
        {
            throw new TsigKeyFormatException(fileName, name.Line, "expected the key name after 'key'");
        }

        Expect(tokens, ref i, Kind.Open, "'{' after the key name", fileName, name.Line);
        string? algorithm = null, secret = null;
        int algorithmLine = 0, secretLine = 0;
        while (true)
        {
            var clause = Next(tokens, ref i, fileName, name.Line, $"'}}' closing key \"{name.Text}\"");
            if (clause.Kind == Kind.Close)
            {
                break;
            }

            if (clause.Kind != Kind.Word)
            {
                throw new TsigKeyFormatException(fileName, clause.Line, $"key \"{name.Text}\": expected 'algorithm' or 'secret', found '{clause.Text}'");
            }

            var value = Next(tokens, ref i, fileName, clause.Line, $"a value after '{clause.Text}'");
            if (value.Kind is not (Kind.Word or Kind.Quoted))
            {
                throw new TsigKeyFormatException(fileName, value.Line, $"key \"{name.Text}\": '{clause.Text}' needs a value");
            }

            Expect(tokens, ref i, Kind.Semicolon, $"';' after the {clause.Text}", fileName, value.Line);
            switch (clause.Text.ToLowerInvariant())
            {
                case "algorithm" when algorithm is null:
                    (algorithm, algorithmLine) = (value.Text, value.Line);
                    break;
                case "secret" when secret is null:
                    (secret, secretLine) = (value.Text, value.Line);
                    break;
                case "algorithm" or "secret":
                    throw new TsigKeyFormatException(fileName, clause.Line, $"key \"{name.Text}\": '{clause.Text}' given twice");
                default:
                    throw new TsigKeyFormatException(fileName, clause.Line, $"key \"{name.Text}\": unknown clause '{clause.Text}' (a key has 'algorithm' and 'secret')");
            }
        }

        Expect(tokens, ref i, Kind.Semicolon, $"';' after the '}}' of key \"{name.Text}\"", fileName, tokens[i - 1].Line);
        if (algorithm is null)
        {
            throw new TsigKeyFormatException(fileName, keyword.Line, $"key \"{name.Text}\" has no 'algorithm'");
        }

        if (secret is null)
        {
            throw new TsigKeyFormatException(fileName, keyword.Line, $"key \"{name.Text}\" has no 'secret'");
        }

        return TsigKey.Create(fileName, (name.Text, name.Line), (algorithm, algorithmLine), (secret, secretLine));
    }

    /// <summary>Skips a statement that is not a key: up to its ';' at brace depth 0.</summary>
    private static void SkipStatement(List<Token> tokens, ref int i, string? fileName)
    {
        var depth = 0;
        var start = tokens[i].Line;
        for (; i < tokens.Count; i++)
        {
            switch (tokens[i].Kind)
            {
                case Kind.Open:
                    depth++;
                    break;
                case Kind.Close when depth == 0:
                    throw new TsigKeyFormatException(fileName, tokens[i].Line, "'}' without a matching '{'");
                case Kind.Close:
                    depth--;
                    break;
                case Kind.Semicolon when depth == 0:
                    i++;
                    return;
            }
        }

        throw new TsigKeyFormatException(fileName, start, "statement not ended by ';'");
    }

    private static Token Next(List<Token> tokens, ref int i, string? fileName, int line, string expected) =>
        i < tokens.Count ? tokens[i++] : throw new TsigKeyFormatException(fileName, line, $"file ends where {expected} was expected");

    private static void Expect(List<Token> tokens, ref int i, Kind kind, string expected, string? fileName, int line)
    {
        var t = Next(tokens, ref i, fileName, line, expected);
        if (t.Kind != kind)
        {
            throw new TsigKeyFormatException(fileName, t.Line, $"expected {expected}, found '{t.Text}'");
        }
    }

    private static List<Token> Tokenize(string text, string? fileName)
    {
        var tokens = new List<Token>();
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var start = line;
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new TsigKeyFormatException(fileName, start, "comment '/*' is never closed");
                }

                line += text.AsSpan(i, end - i).Count('\n');
                i = end + 2;
            }
            else if (c == '"')
            {
                var start = line;
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length || text[i] == '\n')
                    {
                        throw new TsigKeyFormatException(fileName, start, "quoted string is not closed on its line");
                    }

                    if (text[i] == '"')
                    {
                        i++;
                        break;
                    }

                    if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] != '\n')
                    {
                        i++;
                    }

                    sb.Append(text[i++]);
                }

                tokens.Add(new Token(Kind.Quoted, sb.ToString(), start));
            }
            else if (c is '{' or '}' or ';')
            {
                tokens.Add(new Token(c == '{' ? Kind.Open : c == '}' ? Kind.Close : Kind.Semicolon, c.ToString(), line));
                i++;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('{' or '}' or ';' or '"' or '#'))
                {
                    i++;
                }

                tokens.Add(new Token(Kind.Word, text[start..i], line));
            }
        }

        return tokens;
    }

    [GeneratedRegex(@"(^|[\s;}])key\s+(""[^""\n]*""|[^\s{;""]+)\s*\{", RegexOptions.IgnoreCase)]
    private static partial Regex KeyStatement();
}
