using System.Security.Cryptography;
using DaneKit.Dns;

namespace DaneKit.Dnssec.Denial;

/// <summary>
/// The NSEC3 owner-name hash of RFC 5155 5: <c>IH(salt, x, 0) = H(x || salt)</c>,
/// <c>IH(salt, x, k) = H(IH(salt, x, k-1) || salt)</c>, where x is the name in canonical (lowercase)
/// uncompressed wire form (RFC 4034 6.2) and H is the algorithm of the record (only SHA-1 is defined).
/// </summary>
public static class Nsec3Hash
{
    /// <summary>The SHA-1 hash algorithm number (RFC 5155 11), the only one defined.</summary>
    public const byte Sha1 = 1;

    /// <summary>The length of a SHA-1 NSEC3 hash in octets.</summary>
    public const int Sha1Length = 20;

    /// <summary>Whether <paramref name="hashAlgorithm"/> is one this implementation can compute.</summary>
    /// <param name="hashAlgorithm">The NSEC3 hash algorithm number.</param>
    /// <returns>True for SHA-1.</returns>
    public static bool IsSupported(byte hashAlgorithm) => hashAlgorithm == Sha1;

    /// <summary>Computes the SHA-1 NSEC3 hash of <paramref name="name"/> (RFC 5155 5).</summary>
    /// <param name="name">The name; it is lowercased first.</param>
    /// <param name="salt">The salt (0 to 255 octets).</param>
    /// <param name="iterations">The additional iterations (the NSEC3 Iterations field).</param>
    /// <returns>The 20-octet hash.</returns>
    /// <remarks>The caller bounds <paramref name="iterations"/>; see <see cref="DenialLimits"/>.</remarks>
    public static byte[] ComputeSha1(DnsName name, ReadOnlySpan<byte> salt, int iterations)
    {
        ArgumentNullException.ThrowIfNull(name);
        var wire = name.ToCanonical().Wire;
        Span<byte> buffer = stackalloc byte[DnsName.MaxWireLength + 255];
        Span<byte> digest = stackalloc byte[Sha1Length];
        wire.CopyTo(buffer);
        salt.CopyTo(buffer[wire.Length..]);
#pragma warning disable CA5350 // RFC 5155 5 defines the NSEC3 hash as SHA-1; it is not used for signatures here.
        SHA1.HashData(buffer[..(wire.Length + salt.Length)], digest);
        for (var i = 0; i < iterations; i++)
        {
            digest.CopyTo(buffer);
            salt.CopyTo(buffer[Sha1Length..]);
            SHA1.HashData(buffer[..(Sha1Length + salt.Length)], digest);
        }
#pragma warning restore CA5350

        return digest.ToArray();
    }
}
