using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace DaneKit.Testbed.Tests.Tlsa;

/// <summary>
/// The certificate chain one testbed mail host sends after STARTTLS, as <c>openssl s_client -showcerts</c> printed it,
/// leaf first, with the files the generators read.
/// </summary>
/// <param name="Host">The MX host name, without the trailing dot.</param>
/// <param name="Address">The address it was fetched from.</param>
/// <param name="ChainFile">All served certificates as PEM, leaf first (what ldns-dane <c>-c</c> and danekit
/// <c>--chain</c> read; danekit <c>--cert</c> takes its first certificate).</param>
/// <param name="CertificateFiles">One PEM file per served certificate, by depth.</param>
/// <param name="Certificates">The served certificates, by depth (0 = leaf).</param>
internal sealed record ServedChain(
    string Host,
    string Address,
    string ChainFile,
    IReadOnlyList<string> CertificateFiles,
    IReadOnlyList<X509Certificate2> Certificates)
{
    /// <summary>The number of certificates served.</summary>
    public int Count => Certificates.Count;

    /// <summary>True when the certificate at <paramref name="depth"/> has basicConstraints CA:TRUE.</summary>
    public bool IsCa(int depth) =>
        Certificates[depth].Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
}

/// <summary>
/// Fetches each testbed host's served chain once (per test class) with <c>openssl s_client -starttls smtp</c> and keeps
/// the PEM files in a private temporary directory, removed on dispose.
/// </summary>
public sealed partial class ServedChains : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, Lazy<Task<ServedChain>>> _chains = new(StringComparer.Ordinal);

    /// <summary>Creates the temporary directory.</summary>
    public ServedChains() => Directory = System.IO.Directory.CreateTempSubdirectory("danekit-tlsa-agreement-").FullName;

    /// <summary>Where the fetched chains are written.</summary>
    public string Directory { get; }

    /// <summary>Removes the directory and what was fetched.</summary>
    public void Dispose()
    {
        foreach (var chain in _chains.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully))
        {
            foreach (var certificate in chain.Value.Result.Certificates)
            {
                certificate.Dispose();
            }
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>The chain served by <paramref name="host"/> at <paramref name="address"/>:25, fetched on first use.</summary>
    internal Task<ServedChain> GetAsync(string host, string address) =>
        _chains.GetOrAdd($"{host} {address}", _ => new Lazy<Task<ServedChain>>(() => FetchAsync(host, address))).Value;

    private async Task<ServedChain> FetchAsync(string host, string address)
    {
        // stdin is empty, so s_client closes the session as soon as the handshake is done and the chain printed.
        var result = await ProcessRunner.RunAsync(
            "openssl", ["s_client", "-starttls", "smtp", "-connect", $"{address}:25", "-servername", host, "-showcerts"],
            Deadline).ConfigureAwait(false);
        var blocks = PemCertificate().Matches(result.StandardOutput).Select(m => m.Value + "\n").ToList();
        Assert.True(
            result.ExitCode == 0 && blocks.Count > 0,
            $"{result.CommandLine} exited with {result.ExitCode} and printed {blocks.Count} certificate(s):\n"
            + result.StandardError + result.StandardOutput);

        var prefix = Path.Combine(Directory, $"{host}-{address}");
        var chainFile = prefix + ".chain.pem";
        await File.WriteAllTextAsync(chainFile, string.Concat(blocks)).ConfigureAwait(false);
        var files = new List<string>();
        var certificates = new List<X509Certificate2>();
        for (var depth = 0; depth < blocks.Count; depth++)
        {
            var file = $"{prefix}.depth{depth}.pem";
            await File.WriteAllTextAsync(file, blocks[depth]).ConfigureAwait(false);
            files.Add(file);
            certificates.Add(X509Certificate2.CreateFromPem(blocks[depth]));
        }

        return new ServedChain(host, address, chainFile, files, certificates);
    }

    [GeneratedRegex("-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+?-----END CERTIFICATE-----", RegexOptions.CultureInvariant)]
    private static partial Regex PemCertificate();
}
