using System.Globalization;
using System.Security.Cryptography;
using DaneKit.Dns;
using DaneKit.Dns.Records;

namespace DaneKit.Dnssec.Crypto;

/// <summary>The outcome of comparing a DS record with a DNSKEY (<see cref="DsDigest.Check"/>).</summary>
/// <param name="Matches">Whether the DS refers to the key: same key tag, same algorithm, same digest.</param>
/// <param name="Reason">Why not, or what matched (<c>"DS 60485 5 1 matches (SHA-1)"</c>, <c>"DS key tag 60485 differs from the DNSKEY's 9033"</c>).</param>
public readonly record struct DsCheck(bool Matches, string Reason);

/// <summary>
/// DS digests (RFC 4034 5.1.4): digest = hash(canonical owner name | DNSKEY RDATA), with SHA-1 (RFC 4034),
/// SHA-256 (RFC 4509) or SHA-384 (RFC 6605).
/// </summary>
public static class DsDigest
{
    /// <summary>Computes the DS digest of <paramref name="key"/> owned by <paramref name="owner"/>.</summary>
    /// <param name="digestType">The digest type: 1 SHA-1, 2 SHA-256, 4 SHA-384.</param>
    /// <param name="owner">The DNSKEY's owner name (lowercased here, RFC 4034 6.2).</param>
    /// <param name="key">The DNSKEY RDATA.</param>
    /// <returns>The digest, or null for an unsupported digest type.</returns>
    public static byte[]? Compute(byte digestType, DnsName owner, DnskeyData key)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(key);
        if (!DsDigestTypes.IsSupported(digestType))
        {
            return null;
        }

        var name = owner.ToCanonical().Wire;
        var rdata = key.ToWire(canonical: true);
        var input = new byte[name.Length + rdata.Length];
        name.CopyTo(input);
        rdata.CopyTo(input.AsSpan(name.Length));
        return digestType switch
        {
#pragma warning disable CA5350 // DS digest type 1 is SHA-1 by definition (RFC 4034 5.1.4); verifying a parent's choice, not choosing it
            1 => SHA1.HashData(input),
#pragma warning restore CA5350
            2 => SHA256.HashData(input),
            _ => SHA384.HashData(input),
        };
    }

    /// <inheritdoc cref="Compute(byte, DnsName, DnskeyData)"/>
    public static byte[]? Compute(DsDigestType digestType, DnsName owner, DnskeyData key) => Compute((byte)digestType, owner, key);

    /// <summary>
    /// Whether <paramref name="ds"/> refers to <paramref name="key"/> at <paramref name="owner"/>: the key tag and
    /// algorithm fields agree and the digest matches, compared in constant time (RFC 4035 5.2). False for an
    /// unsupported digest type. The DNSKEY's flags (zone key, revoked) are the validator's to check.
    /// </summary>
    /// <param name="ds">The DS RDATA from the parent.</param>
    /// <param name="owner">The owner name of the DS and DNSKEY (the child zone apex).</param>
    /// <param name="key">The DNSKEY RDATA from the child.</param>
    /// <returns>Whether they match.</returns>
    public static bool Matches(DsData ds, DnsName owner, DnskeyData key) => Check(ds, owner, key).Matches;

    /// <summary>As <see cref="Matches"/>, with the reason when they do not match.</summary>
    /// <param name="ds">The DS RDATA from the parent.</param>
    /// <param name="owner">The owner name of the DS and DNSKEY (the child zone apex).</param>
    /// <param name="key">The DNSKEY RDATA from the child.</param>
    /// <returns>Whether they match, and why not.</returns>
    public static DsCheck Check(DsData ds, DnsName owner, DnskeyData key)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(key);
        var ic = CultureInfo.InvariantCulture;
        if (ds.KeyTag != key.KeyTag)
        {
            return new(false, string.Create(ic, $"DS key tag {ds.KeyTag} differs from the DNSKEY's {key.KeyTag}"));
        }

        if (ds.Algorithm != key.Algorithm)
        {
            return new(false, string.Create(ic, $"DS {ds.KeyTag} algorithm {ds.Algorithm} differs from the DNSKEY's {key.Algorithm}"));
        }

        var type = (DsDigestType)ds.DigestType;
        var digest = Compute(ds.DigestType, owner, key);
        if (digest is null)
        {
            return new(false, string.Create(ic, $"DS {ds.KeyTag} digest type {type.ToMnemonic()} is not supported"));
        }

        if (ds.Digest.Length != digest.Length)
        {
            return new(false, string.Create(ic,
                $"DS {ds.KeyTag} {type.ToMnemonic()} digest is {ds.Digest.Length} octets, expected {digest.Length}"));
        }

        return CryptographicOperations.FixedTimeEquals(digest, ds.Digest)
            ? new(true, string.Create(ic, $"DS {ds.KeyTag} {ds.Algorithm} {ds.DigestType} matches ({type.ToMnemonic()})"))
            : new(false, string.Create(ic, $"DS {ds.KeyTag} {type.ToMnemonic()} digest does not match the DNSKEY"));
    }
}
