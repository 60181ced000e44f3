using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DaneKit.Tls;

/// <summary>Trust roots from a PEM file (<c>--ca-file</c>), for the PKIX usages and MTA-STS's WebPKI checks.</summary>
public static class TrustRootFile
{
    /// <summary>Reads every PEM certificate of the file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The certificates; at least one.</returns>
    /// <exception cref="CryptographicException">The file holds no PEM certificate, or a malformed one.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static X509Certificate2Collection Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(path);
        if (roots.Count == 0)
        {
            throw new CryptographicException($"'{path}' holds no PEM certificate");
        }

        return roots;
    }
}
