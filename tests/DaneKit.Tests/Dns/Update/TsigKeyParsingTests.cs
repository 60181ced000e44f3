using DaneKit.Dns;
using DaneKit.Dns.Update;

namespace DaneKit.Tests.Dns.Update;

/// <summary>Reading TSIG keys: BIND key files, Knot keymgr -t output, and the -y command-line form.</summary>
public sealed class TsigKeyParsingTests
{
    private const string Secret = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    // As tsig-keygen prints it (tabs, quoted name).
    private const string TsigKeygen = "key \"update-key\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + Secret + "\";\n};\n";

    // As Knot 3.2's keymgr -t update-key prints it.
    private const string KeymgrT = "# hmac-sha256:update-key:" + Secret + "\nkey:\n  - id: update-key\n    algorithm: hmac-sha256\n    secret: " + Secret + "\n";

    [Fact]
    public void BindKeyFileAsTsigKeygenWritesIt()
    {
        var key = Assert.Single(TsigKey.ParseBindKeyFile(TsigKeygen));
        Assert.Equal(DnsName.Parse("update-key."), key.Name);
        Assert.Same(TsigAlgorithm.HmacSha256, key.Algorithm);
        Assert.Equal(Convert.FromBase64String(Secret), key.Secret.ToArray());
        Assert.Equal("update-key. (hmac-sha256)", key.ToString());
    }

    [Fact]
    public void BindKeyFileWithCommentsUnquotedNameAndOtherStatements()
    {
        const string text = """
            // rndc and update keys
            options { directory "/var/cache/bind"; };   # skipped
            /* a
               block comment */
            key rndc-key { algorithm hmac-sha512; secret "c2VjcmV0"; };
            key "update-key." {
                secret "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="; // order does not matter
                algorithm HMAC-SHA256;
            };
            """;
        var keys = TsigKey.ParseBindKeyFile(text);
        Assert.Equal(["rndc-key.", "update-key."], keys.Select(k => k.Name.ToString()));
        Assert.Same(TsigAlgorithm.HmacSha512, keys[0].Algorithm);
        Assert.Same(TsigAlgorithm.HmacSha256, TsigKey.ParseKeyFile(text, "update-key").Algorithm);
    }

    [Fact]
    public void KnotKeymgrOutput()
    {
        var key = Assert.Single(TsigKey.ParseKnotKeyFile(KeymgrT));
        Assert.Equal(DnsName.Parse("update-key."), key.Name);
        Assert.Same(TsigAlgorithm.HmacSha256, key.Algorithm);
        Assert.Equal(Convert.FromBase64String(Secret), key.Secret.ToArray());
    }

    [Fact]
    public void KnotConfWithSeveralKeysAndOtherSections()
    {
        const string text = """
            server:
                listen: 127.0.0.1@53
            key:
            - id: a-key
              algorithm: hmac-sha384   # comment
              secret: "c2VjcmV0"
            - id: b-key
              algorithm: 'hmac-sha1'
              secret: c2VjcmV0
            zone:
              - domain: example.com.
            """;
        var keys = TsigKey.ParseKnotKeyFile(text);
        Assert.Equal(["a-key.", "b-key."], keys.Select(k => k.Name.ToString()));
        Assert.Same(TsigAlgorithm.HmacSha384, keys[0].Algorithm);
        Assert.Same(TsigAlgorithm.HmacSha1, keys[1].Algorithm);
        Assert.Equal("b-key.", TsigKey.ParseKeyFile(text, "b-key.").Name.ToString());
    }

    [Theory]
    [InlineData("hmac-sha256:update-key:" + Secret, "update-key.", "hmac-sha256")]
    [InlineData("update-key:" + Secret, "update-key.", "hmac-sha256")]
    [InlineData("hmac-sha512:k.example.:" + Secret, "k.example.", "hmac-sha512")]
    [InlineData("HMAC-SHA1.:k:" + Secret, "k.", "hmac-sha1")]
    public void CommandLineForm(string spec, string name, string algorithm)
    {
        var key = TsigKey.ParseCommandLine(spec);
        Assert.Equal(name, key.Name.ToString());
        Assert.Equal(algorithm, key.Algorithm.Mnemonic);
    }

    [Fact]
    public void ParseKeyFileDetectsEachForm()
    {
        Assert.Equal("update-key.", TsigKey.ParseKeyFile(TsigKeygen).Name.ToString());
        Assert.Equal("update-key.", TsigKey.ParseKeyFile(KeymgrT).Name.ToString());
        Assert.Equal("update-key.", TsigKey.ParseKeyFile("# from kdig -y\nhmac-sha256:update-key:" + Secret + "\n").Name.ToString());
    }

    [Fact]
    public async Task LoadAsyncReadsAFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"danekit-tsig-{Guid.NewGuid():N}.key");
        await File.WriteAllTextAsync(path, TsigKeygen);
        try
        {
            var key = await TsigKey.LoadAsync(path, null, CancellationToken.None);
            Assert.Equal("update-key.", key.Name.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static TheoryData<string, string> BadBindFiles => new()
    {
        { "key \"k\" { algorithm hmac-md5; secret \"" + Secret + "\"; };", "1: key k.: TSIG algorithm hmac-md5 is refused" },
        { "key \"k\" {\n algorithm hmac-sha256;\n};", "1: key \"k\" has no 'secret'" },
        { "key \"k\" {\n secret \"" + Secret + "\";\n};", "1: key \"k\" has no 'algorithm'" },
        { "key \"k\" {\n algorithm hmac-sha256;\n secret \"not base64!\";\n};", "3: key k.: the secret is not valid base64" },
        { "key \"k\" {\n algorithm hmac-sha256;\n secret \"\";\n};", "3: key k.: the secret is empty" },
        { "key \"k\" {\n algorithm hmac-sha256\n secret \"" + Secret + "\";\n};", "3: expected ';' after the algorithm, found 'secret'" },
        { "key \"k\" {\n algorithm hmac-sha256;\n secret \"" + Secret + "\";\n}", "4: file ends where ';' after the '}' of key \"k\" was expected" },
        { "key \"k\" {\n algorithm hmac-sha256;\n secret \"abc;\n};", "3: quoted string is not closed on its line" },
        { "key \"k\" {\n algorithm hmac-sha256;\n keyfile \"x\";\n};", "3: key \"k\": unknown clause 'keyfile'" },
        { "key \"k\" {\n algorithm hmac-sha256;\n algorithm hmac-sha256;\n};", "3: key \"k\": 'algorithm' given twice" },
        { "key \"bad..name\" { algorithm hmac-sha256; secret \"" + Secret + "\"; };", "1: TSIG key name 'bad..name' is not a domain name" },
        { "key \"k\" { algorithm hmac-sha256-128; secret \"" + Secret + "\"; };", "truncates the MAC" },
        { "key \"k\" { algorithm hmac-sha224; secret \"" + Secret + "\"; };", "hmac-sha224 is not supported" },
        { "key \"k\" { algorithm rot13; secret \"" + Secret + "\"; };", "unknown TSIG algorithm 'rot13'" },
        { "/* never closed\nkey \"k\" {};", "1: comment '/*' is never closed" },
        { "options { };", "no 'key \"name\" { algorithm ...; secret \"...\"; };' statement found" },
        { "key \"k\" { algorithm hmac-sha256; secret \"" + Secret + "\"; };\nkey k. { algorithm hmac-sha1; secret \"" + Secret + "\"; };", "key k. is defined twice" },
    };

    [Theory]
    [MemberData(nameof(BadBindFiles))]
    public void BadBindFilesSayWhatAndWhere(string text, string expected)
    {
        var e = Assert.Throws<TsigKeyFormatException>(() => TsigKey.ParseBindKeyFile(text, "update.key"));
        Assert.StartsWith("update.key", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadKnotFiles => new()
    {
        { "key:\n  - id: k\n    algorithm: hmac-md5\n    secret: " + Secret, "3: key k.: TSIG algorithm hmac-md5 is refused" },
        { "key:\n  - id: k\n    secret: " + Secret, "2: key 'k' has no 'algorithm'" },
        { "key:\n  - algorithm: hmac-sha256\n    secret: " + Secret, "2: key entry has no 'id'" },
        { "key:\n  - id: k\n    algorithm: hmac-sha256", "2: key 'k' has no 'secret'" },
        { "key:\n  - id: k\n    algorithm: hmac-sha256\n    secret: \"" + Secret, "4: quoted value is not closed" },
        { "key:\n  - id: k\n    algorithm: hmac-sha256\n    secret: " + Secret + "\n    secret: " + Secret, "5: key field 'secret' given twice" },
        { "key:\n  - id: k\n    algorithm: hmac-sha256\n    color: blue", "4: unknown key field 'color'" },
        { "key:\n  - id: k\n\talgorithm: hmac-sha256", "3: YAML does not allow tabs" },
        { "key: [ { id: k } ]", "1: only the block form of 'key:' is read" },
        { "key:\n  id: k", "2: 'id: k' is not inside a '- id: ...' key entry" },
        { "key:\n", "the 'key:' section holds no '- id: ...' entry" },
        { "key:\n  - id: k\n    algorithm: hmac-sha256\n    secret: ###", "4: key k.: the secret is empty" },
        { "key:\n  - id: k\n    algorithm: hmac-sha256\n    secret: %%%%", "4: key k.: the secret is not valid base64" },
    };

    [Theory]
    [MemberData(nameof(BadKnotFiles))]
    public void BadKnotFilesSayWhatAndWhere(string text, string expected)
    {
        var e = Assert.Throws<TsigKeyFormatException>(() => TsigKey.ParseKnotKeyFile(text, "knot.conf"));
        Assert.StartsWith("knot.conf", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "is not of the form [algorithm:]name:base64-secret")]
    [InlineData(Secret, "is not of the form")]
    [InlineData("a:b:c:d", "is not of the form")]
    [InlineData("hmac-md5:k:" + Secret, "hmac-md5 is refused")]
    [InlineData("hmac-sha256::" + Secret, "the TSIG key name is empty")]
    [InlineData("hmac-sha256:k:", "the secret is empty")]
    [InlineData("hmac-sha256:k:@@@", "the secret is not valid base64")]
    [InlineData(":k:" + Secret, "no TSIG algorithm given")]
    public void BadCommandLineForms(string spec, string expected)
    {
        var e = Assert.Throws<TsigKeyFormatException>(() => TsigKey.ParseCommandLine(spec));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        if (spec.Length > 0 && spec != Secret)
        {
            Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("just some text", "not a TSIG key file")]
    [InlineData("a:b\nc:d", "not a TSIG key file")]
    public void ParseKeyFileRefusesWhatIsNoKeyFile(string text, string expected)
    {
        var e = Assert.Throws<TsigKeyFormatException>(() => TsigKey.ParseKeyFile(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PickingAKey()
    {
        const string two = "key a { algorithm hmac-sha256; secret \"c2VjcmV0\"; };\nkey b { algorithm hmac-sha256; secret \"c2VjcmV0\"; };";
        Assert.Contains("holds 2 keys (a., b.); say which one", Assert.Throws<TsigKeyFormatException>(() => TsigKey.ParseKeyFile(two)).Message, StringComparison.Ordinal);
        Assert.Contains("no key c. in the file (it holds a., b.)", Assert.Throws<TsigKeyFormatException>(() => TsigKey.ParseKeyFile(two, "c")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsyncRefusesAHugeFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"danekit-tsig-{Guid.NewGuid():N}.key");
        await File.WriteAllBytesAsync(path, new byte[TsigKey.MaxKeyFileSize + 1]);
        try
        {
            var e = await Assert.ThrowsAsync<TsigKeyFormatException>(() => TsigKey.LoadAsync(path, null, CancellationToken.None));
            Assert.Contains("too large for a TSIG key file", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BinaryGarbageIsAFormatErrorNotACrash()
    {
        var rng = new Random(8945);
        for (var i = 0; i < 500; i++)
        {
            var chars = new char[rng.Next(0, 200)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = "key{};\"#/*:- \n\tabc=\\"[rng.Next(0, 20)];
            }

            var text = new string(chars);
            try
            {
                TsigKey.ParseKeyFile(text);
            }
            catch (TsigKeyFormatException)
            {
            }
        }
    }
}
