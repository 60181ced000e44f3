using System.Security.Cryptography.X509Certificates;
using DaneKit.Tlsa;

namespace DaneKit.Cli.Commands;

/// <summary>Reads certificate files for the <c>tlsa</c> commands; every problem is one line naming the option and the file.</summary>
internal static class CertificateFiles
{
    /// <summary>Reads the bytes of a file.</summary>
    public static bool TryRead(string option, string path, out byte[] content, out string? problem)
    {
        content = [];
        try
        {
            content = File.ReadAllBytes(path);
            problem = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = $"{option}: cannot read '{path}': {e.Message}";
            return false;
        }
    }

    /// <summary>Reads certificates from a PEM file (every CERTIFICATE block, in order) or one DER certificate.</summary>
    public static bool TryLoad(string option, string path, out IReadOnlyList<X509Certificate2> certificates, out string? problem)
    {
        certificates = [];
        if (!TryRead(option, path, out var content, out problem))
        {
            return false;
        }

        if (!TlsaGeneratorInput.TryLoadCertificates(content, out certificates, out problem))
        {
            problem = $"{option}: '{path}': {problem}";
            return false;
        }

        return true;
    }

    /// <summary>Disposes certificates.</summary>
    public static void DisposeAll(IEnumerable<X509Certificate2> certificates)
    {
        foreach (var c in certificates)
        {
            c.Dispose();
        }
    }
}
