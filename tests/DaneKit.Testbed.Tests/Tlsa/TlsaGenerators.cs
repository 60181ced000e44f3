using System.Globalization;
using System.Security.Cryptography;

namespace DaneKit.Testbed.Tests.Tlsa;

/// <summary>What one generator printed for one request, with the command line for messages.</summary>
/// <param name="Source">Which generator and how it got the certificate, e.g. <c>ldns-dane -c</c>.</param>
/// <param name="CommandLine">The command as run.</param>
/// <param name="Records">The TLSA records it printed, in order.</param>
/// <param name="Output">Everything it printed (stdout, then stderr), for messages.</param>
internal sealed record GeneratorOutput(string Source, string CommandLine, IReadOnlyList<TlsaLine> Records, string Output);

/// <summary>
/// The TLSA generators compared on the testbed: ldns-dane (ldnsutils), hash-slinger's <c>tlsa</c>, and
/// <c>danekit tlsa generate</c>, plus the record computed directly from the certificate with .NET's hashes, which
/// pins which certificate each record must be about.
/// </summary>
internal static class TlsaGenerators
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The danekit command: <c>$DANEKIT_CLI</c> when set, else the <c>DaneKit.Cli</c> apphost that the project
    /// reference copies next to the test assembly (so it is always the build under test, whatever the output path).
    /// </summary>
    public static string DanekitPath
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("DANEKIT_CLI");
            var path = string.IsNullOrEmpty(configured) ? Path.Combine(AppContext.BaseDirectory, "DaneKit.Cli") : configured;
            Assert.True(File.Exists(path), $"The danekit command {path} does not exist (build the solution, or set DANEKIT_CLI).");
            return path;
        }
    }

    /// <summary>
    /// The record for the certificate at <paramref name="depth"/> computed here: selector 0 hashes the certificate's
    /// DER, 1 its SubjectPublicKeyInfo; matching type 0 keeps the bytes, 1 is SHA-256, 2 SHA-512 (RFC 6698 2.1).
    /// </summary>
    public static TlsaLine Reference(ServedChain chain, int depth, int usage, int selector, int mtype)
    {
        var certificate = chain.Certificates[depth];
        var selected = selector switch
        {
            0 => certificate.RawData,
            1 => certificate.PublicKey.ExportSubjectPublicKeyInfo(),
            _ => throw new ArgumentOutOfRangeException(nameof(selector), selector, "selector 0 or 1"),
        };
        var data = mtype switch
        {
            0 => selected,
            1 => SHA256.HashData(selected),
            2 => SHA512.HashData(selected),
            _ => throw new ArgumentOutOfRangeException(nameof(mtype), mtype, "matching type 0, 1 or 2"),
        };
        return new TlsaLine(Owner(chain.Host), usage, selector, mtype, Convert.ToHexStringLower(data));
    }

    /// <summary>The TLSA owner name for SMTP on port 25 at <paramref name="host"/> (RFC 7672 2.2.3).</summary>
    public static string Owner(string host) => $"_25._tcp.{host.TrimEnd('.')}.";

    /// <summary>
    /// <c>ldns-dane -n -c CHAIN [-s] [-o OFFSET] create HOST 25 U S M</c>: no TLS connection and no DNS, the served chain
    /// from the file. PKIX-TA and PKIX-EE need <c>-s</c> (assume PKIX valid: the testbed CA is in no trust store).
    /// For the CA usages <c>-o</c> counts from the end of the served chain (0 = the last certificate), so the
    /// certificate at <paramref name="depth"/> is offset <c>count - 1 - depth</c>.
    /// </summary>
    public static async Task<GeneratorOutput> LdnsDaneAsync(ServedChain chain, int depth, int usage, int selector, int mtype)
    {
        List<string> arguments = ["-n", "-c", chain.ChainFile];
        if (usage is 0 or 1)
        {
            arguments.Add("-s");
        }

        if (usage is 0 or 2)
        {
            arguments.AddRange(["-o", Number(chain.Count - 1 - depth)]);
        }

        arguments.AddRange(["create", chain.Host, "25", Number(usage), Number(selector), Number(mtype)]);
        return await RunAsync("ldns-dane -c (chain from openssl s_client)", "ldns-dane", arguments).ConfigureAwait(false);
    }

    /// <summary>
    /// hash-slinger: <c>tlsa -4 --create --port 25 --starttls smtp -u U -s S -m M HOST</c>, which resolves HOST through
    /// the namespace's resolv.conf (the testbed's Unbound, DNSSEC-validated from the testbed root key) and fetches the
    /// chain itself. For the CA usages it asks, for each certificate before the last that it would take (any for
    /// DANE-TA, CAs for PKIX-TA), "Use this as certificate to match? [y/N]"; the answers on stdin pick
    /// <paramref name="depth"/>.
    /// </summary>
    public static async Task<GeneratorOutput> HashSlingerAsync(ServedChain chain, int depth, int usage, int selector, int mtype)
    {
        var answers = "";
        if (usage is 0 or 2)
        {
            for (var d = 0; d <= depth && d < chain.Count - 1; d++)
            {
                if (usage == 2 || chain.IsCa(d))
                {
                    answers += d == depth ? "y\n" : "n\n";
                }
            }
        }

        List<string> arguments =
        [
            "-c", "answers=$1; shift; printf '%s' \"$answers\" | exec tlsa \"$@\"", "sh", answers,
            "-4", "--create", "--port", "25", "--starttls", "smtp", "--usage", Number(usage), "--selector", Number(selector),
            "--mtype", Number(mtype), chain.Host,
        ];
        return await RunAsync("hash-slinger tlsa --create (live STARTTLS)", "/bin/sh", arguments).ConfigureAwait(false);
    }

    /// <summary><c>danekit tlsa generate ARGUMENTS</c>.</summary>
    public static Task<GeneratorOutput> DanekitAsync(string source, IReadOnlyList<string> arguments) =>
        RunAsync(source, DanekitPath, ["tlsa", "generate", .. arguments]);

    private static async Task<GeneratorOutput> RunAsync(string source, string fileName, IReadOnlyList<string> arguments)
    {
        var result = await ProcessRunner.RunAsync(fileName, arguments, Deadline).ConfigureAwait(false);
        var output = result.StandardOutput + result.StandardError;
        Assert.True(result.ExitCode == 0, $"{source}: {result.CommandLine} exited with {result.ExitCode}:\n{output}");
        IReadOnlyList<TlsaLine> records;
        try
        {
            records = TlsaLine.ParseAll(result.StandardOutput);
        }
        catch (FormatException error)
        {
            Assert.Fail($"{source}: {result.CommandLine}: {error.Message}\n{output}");
            throw;
        }

        return new GeneratorOutput(source, result.CommandLine, records, output);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
