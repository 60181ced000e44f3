using System.CommandLine;
using DaneKit.Dns.Records;
using DaneKit.Tlsa;

namespace DaneKit.Cli.Commands;

/// <summary>The <c>tlsa</c> command group.</summary>
internal static class TlsaCommand
{
    /// <summary>Builds the <c>tlsa</c> command with its <c>generate</c> subcommand.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var command = new Command("tlsa", "Work with TLSA records (RFC 6698, RFC 7672).");
        command.Subcommands.Add(TlsaGenerateCommand.Create());
        return command;
    }
}

/// <summary>
/// <c>danekit tlsa generate (--cert FILE | --chain FILE | --key FILE) --host NAME</c>: prints the TLSA records to
/// publish, as zone-file lines. Exit codes: 0 with records printed, 64 for bad input (one line naming the field).
/// </summary>
internal static class TlsaGenerateCommand
{
    /// <summary>Builds the <c>generate</c> command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var cert = new Option<string?>("--cert") { Description = "A certificate file (PEM or DER); the first certificate is used." };
        var chain = new Option<string?>("--chain") { Description = "A chain file (PEM), leaf first: one record per certificate, DANE-EE for the leaf, DANE-TA for each CA." };
        var key = new Option<string?>("--key") { Description = "A public or private key file (PEM or DER); selector SPKI only." };
        var host = new Option<string?>("--host") { Description = "The TLSA base domain: for SMTP, the MX host name." };
        var port = new Option<string?>("--port") { Description = "The port (default 25)." };
        var proto = new Option<string?>("--proto") { Description = "The protocol: tcp (default), udp or sctp." };
        var usage = new Option<string?>("--usage") { Description = "The usage: 0-3 or PKIX-TA, PKIX-EE, DANE-TA, DANE-EE (default 3)." };
        var selector = new Option<string?>("--selector") { Description = "The selector: 0, 1, Cert or SPKI (default 1)." };
        var mtype = new Option<string?>("--mtype") { Description = "The matching type: 0-2 or Full, SHA2-256, SHA2-512 (default 1)." };
        var ttl = new Option<string?>("--ttl") { Description = "The TTL in seconds (default: none, the zone's $TTL)." };

        var command = new Command("generate", "Print the TLSA records for a certificate, chain or key as zone-file lines.");
        foreach (var option in new Option[] { cert, chain, key, host, port, proto, usage, selector, mtype, ttl })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var (code, lines, problem) = Run(parseResult.GetValue(cert), parseResult.GetValue(chain), parseResult.GetValue(key),
                parseResult.GetValue(host), parseResult.GetValue(port), parseResult.GetValue(proto), parseResult.GetValue(usage),
                parseResult.GetValue(selector), parseResult.GetValue(mtype), parseResult.GetValue(ttl));
            if (problem is not null)
            {
                await error.WriteLineAsync($"danekit tlsa generate: {problem}").ConfigureAwait(false);
                return code;
            }

            foreach (var line in lines)
            {
                await output.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            return code;
        });
        return command;
    }

    /// <summary>Checks the values, reads the input and builds the lines; never throws for bad input.</summary>
    /// <returns>The exit code, the lines to print, and the problem when the code is not 0.</returns>
    internal static (int Code, IReadOnlyList<string> Lines, string? Problem) Run(string? certPath, string? chainPath, string? keyPath,
        string? host, string? port, string? proto, string? usage, string? selector, string? mtype, string? ttl)
    {
        var given = (certPath is null ? 0 : 1) + (chainPath is null ? 0 : 1) + (keyPath is null ? 0 : 1);
        if (given != 1)
        {
            return Fail("give exactly one of --cert, --chain or --key");
        }

        if (chainPath is not null && usage is not null)
        {
            return Fail("--usage: not with --chain, where the leaf gets DANE-EE(3) and each CA DANE-TA(2)");
        }

        if (!TlsaRecordSpec.TryCreate(host, port, proto, usage, selector, mtype, ttl, out var spec, out var problem))
        {
            return Fail(problem!);
        }

        var (field, path) = certPath is not null ? ("--cert", certPath) : chainPath is not null ? ("--chain", chainPath) : ("--key", keyPath!);
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Fail($"{field}: cannot read '{path}': {e.Message}");
        }

        if (keyPath is not null)
        {
            if (spec!.Selector != TlsaSelector.Spki)
            {
                return Fail("--selector: a key has no certificate; use 1 (SPKI) with --key");
            }

            if (!TlsaGeneratorInput.TryLoadSubjectPublicKeyInfo(content, out var spki, out problem))
            {
                return Fail($"--key: '{path}': {problem}");
            }

            return (ExitCodes.Ok, [spec.ToZoneLine(TlsaGenerator.Create(spki, spec.Usage, spec.MatchingType))], null);
        }

        if (!TlsaGeneratorInput.TryLoadCertificates(content, out var certificates, out problem))
        {
            return Fail($"{field}: '{path}': {problem}");
        }

        try
        {
            if (certPath is not null)
            {
                return (ExitCodes.Ok, [spec!.ToZoneLine(TlsaGenerator.Create(certificates[0], spec.Usage, spec.Selector, spec.MatchingType))], null);
            }

            var lines = new List<string>();
            foreach (var generated in TlsaGenerator.CreateForChain(certificates, spec!.Selector, spec.MatchingType))
            {
                lines.Add(generated.Comment);
                lines.Add(spec.ToZoneLine(generated.Record));
            }

            return (ExitCodes.Ok, lines, null);
        }
        finally
        {
            foreach (var c in certificates)
            {
                c.Dispose();
            }
        }
    }

    private static (int, IReadOnlyList<string>, string?) Fail(string problem) => (ExitCodes.Usage, [], problem);
}
