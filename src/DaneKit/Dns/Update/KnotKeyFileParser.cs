using System.Text.RegularExpressions;

namespace DaneKit.Dns.Update;

/// <summary>
/// Reads the <c>key:</c> section of Knot DNS configuration (knot.conf(5)), as <c>keymgr -t NAME</c> prints it:
/// <code>
/// # hmac-sha256:update-key:base64...
/// key:
///   - id: update-key
///     algorithm: hmac-sha256
///     secret: base64...
/// </code>
/// Only this block style of YAML is read (values may be quoted); other top-level sections of a whole
/// knot.conf are skipped.
/// </summary>
internal static partial class KnotKeyFileParser
{
    /// <summary>Whether the text has a top-level <c>key:</c> section.</summary>
    public static bool LooksLikeKnot(string text) => KeySection().IsMatch(text);

    public static List<TsigKey> Parse(string text, string? fileName)
    {
        var keys = new List<TsigKey>();
        var lines = text.Split('\n');
        var inSection = false;
        var sawSection = false;
        Dictionary<string, (string Value, int Line)>? item = null;
        var itemLine = 0;

        void Finish()
        {
            if (item is null)
            {
                return;
            }

            if (!item.TryGetValue("id", out var id))
            {
                throw new TsigKeyFormatException(fileName, itemLine, "key entry has no 'id'");
            }

            if (!item.TryGetValue("algorithm", out var alg))
            {
                throw new TsigKeyFormatException(fileName, itemLine, $"key '{id.Value}' has no 'algorithm'");
            }

            if (!item.TryGetValue("secret", out var secret))
            {
                throw new TsigKeyFormatException(fileName, itemLine, $"key '{id.Value}' has no 'secret'");
            }

            keys.Add(TsigKey.Create(fileName, id, alg, secret));
            item = null;
        }

        for (var n = 0; n < lines.Length; n++)
        {
            var lineNo = n + 1;
            var raw = StripComment(lines[n].TrimEnd('\r'));
            if (raw.Trim().Length == 0)
            {
                continue;
            }

            if (raw.Contains('\t', StringComparison.Ordinal))
            {
                throw new TsigKeyFormatException(fileName, lineNo, "YAML does not allow tabs for indentation");
            }

            // YAML lets a block sequence start at the key's own column: "key:\n- id: ..." as well as "key:\n  - id: ...".
            var indented = raw[0] == ' ' || (inSection && raw[0] == '-');
            var content = raw.Trim();
            if (!indented)
            {
                Finish();
                inSection = content.StartsWith("key:", StringComparison.Ordinal);
                if (inSection)
                {
                    sawSection = true;
                    if (content.Length > "key:".Length)
                    {
                        throw new TsigKeyFormatException(fileName, lineNo,
                            "only the block form of 'key:' is read (a list of '- id: ...' entries on the following lines)");
                    }
                }

                continue;
            }

            if (!inSection)
            {
                continue;
            }

            if (content.StartsWith('-'))
            {
                Finish();
                item = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
                itemLine = lineNo;
                content = content[1..].TrimStart();
                if (content.Length == 0)
                {
                    continue;
                }
            }

            if (item is null)
            {
                throw new TsigKeyFormatException(fileName, lineNo, $"'{Shorten(content)}' is not inside a '- id: ...' key entry");
            }

            var colon = content.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new TsigKeyFormatException(fileName, lineNo, $"expected 'name: value', found '{Shorten(content)}'");
            }

            var field = content[..colon].Trim();
            var value = Unquote(content[(colon + 1)..].Trim(), fileName, lineNo);
            if (field is not ("id" or "algorithm" or "secret"))
            {
                throw new TsigKeyFormatException(fileName, lineNo, $"unknown key field '{field}' (a key has id, algorithm and secret)");
            }

            if (!item.TryAdd(field, (value, lineNo)))
            {
                throw new TsigKeyFormatException(fileName, lineNo, $"key field '{field}' given twice");
            }
        }

        Finish();
        if (!sawSection)
        {
            throw new TsigKeyFormatException(fileName, 0, "no 'key:' section found");
        }

        if (keys.Count == 0)
        {
            throw new TsigKeyFormatException(fileName, 0, "the 'key:' section holds no '- id: ...' entry");
        }

        var duplicate = keys.GroupBy(k => k.Name).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? keys : throw new TsigKeyFormatException(fileName, 0, $"key {duplicate.Key} is defined twice");
    }

    /// <summary>Removes a <c>#</c> comment (one at the start or after a space, outside quotes).</summary>
    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] == ' '))
            {
                return line[..i];
            }
        }

        return line;
    }

    private static string Unquote(string value, string? fileName, int line)
    {
        if (value.Length > 0 && value[0] is '"' or '\'')
        {
            if (value.Length < 2 || value[^1] != value[0])
            {
                throw new TsigKeyFormatException(fileName, line, "quoted value is not closed");
            }

            return value[1..^1];
        }

        return value;
    }

    /// <summary>The first characters of a line, so that a misplaced secret is not printed whole.</summary>
    private static string Shorten(string text) => text.Length <= 24 ? text : text[..24] + "…";

    [GeneratedRegex(@"^key:", RegexOptions.Multiline)]
    private static partial Regex KeySection();
}
