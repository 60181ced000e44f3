using System.Security.Cryptography;

namespace DaneKit.Dns.Update;

/// <summary>
/// A TSIG MAC algorithm (RFC 8945 6, IANA "TSIG Algorithm Names"): the HMAC-SHA family. HMAC-MD5 and
/// GSS-TSIG are refused by <see cref="TryParse"/> with a message saying why.
/// </summary>
/// <remarks>
/// RFC 8945 6 makes hmac-sha256 mandatory to implement; hmac-sha1 is kept for old keys, hmac-sha384 and
/// hmac-sha512 are optional. hmac-sha224 and the truncated variants (hmac-sha256-128 ...) are not offered.
/// </remarks>
public sealed class TsigAlgorithm
{
    private TsigAlgorithm(string mnemonic, HashAlgorithmName hash, int macSize)
    {
        Mnemonic = mnemonic;
        Name = DnsName.Parse(mnemonic + ".");
        Hash = hash;
        MacSize = macSize;
    }

    /// <summary>hmac-sha1 (RFC 4635; RFC 8945 6: mandatory to implement, not recommended for new keys).</summary>
    public static TsigAlgorithm HmacSha1 { get; } = new("hmac-sha1", HashAlgorithmName.SHA1, 20);

    /// <summary>hmac-sha256 (RFC 4635; RFC 8945 6: mandatory, recommended).</summary>
    public static TsigAlgorithm HmacSha256 { get; } = new("hmac-sha256", HashAlgorithmName.SHA256, 32);

    /// <summary>hmac-sha384 (RFC 4635; RFC 8945 6: optional).</summary>
    public static TsigAlgorithm HmacSha384 { get; } = new("hmac-sha384", HashAlgorithmName.SHA384, 48);

    /// <summary>hmac-sha512 (RFC 4635; RFC 8945 6: optional).</summary>
    public static TsigAlgorithm HmacSha512 { get; } = new("hmac-sha512", HashAlgorithmName.SHA512, 64);

    /// <summary>The supported algorithms.</summary>
    public static IReadOnlyList<TsigAlgorithm> All { get; } = [HmacSha256, HmacSha384, HmacSha512, HmacSha1];

    /// <summary>The name as key files write it, e.g. <c>hmac-sha256</c>.</summary>
    public string Mnemonic { get; }

    /// <summary>The algorithm name as the TSIG RDATA carries it, e.g. <c>hmac-sha256.</c>.</summary>
    public DnsName Name { get; }

    /// <summary>The length of a full MAC in octets (the hash output size).</summary>
    public int MacSize { get; }

    /// <summary>The hash function under the HMAC.</summary>
    internal HashAlgorithmName Hash { get; }

    /// <summary>
    /// Parses an algorithm name as key files and command lines write it: <c>hmac-sha256</c>, with or
    /// without the final dot, any case.
    /// </summary>
    /// <param name="text">The name.</param>
    /// <param name="algorithm">The algorithm when supported.</param>
    /// <param name="error">Why the name was refused, or <see langword="null"/>.</param>
    /// <returns>Whether the algorithm is supported.</returns>
    public static bool TryParse(string? text, out TsigAlgorithm? algorithm, out string? error)
    {
        algorithm = null;
        var t = (text ?? "").Trim().TrimEnd('.').ToLowerInvariant();
        foreach (var a in All)
        {
            if (t == a.Mnemonic)
            {
                algorithm = a;
                error = null;
                return true;
            }
        }

        error = t switch
        {
            "" => "no TSIG algorithm given",
            "hmac-md5" or "hmac-md5.sig-alg.reg.int" =>
                "TSIG algorithm hmac-md5 is refused: MD5 is broken and RFC 8945 6 deprecates it; make an hmac-sha256 key (keymgr -t NAME hmac-sha256, or tsig-keygen -a hmac-sha256 NAME)",
            "hmac-sha224" => "TSIG algorithm hmac-sha224 is not supported; use hmac-sha256",
            "gss-tsig" => "GSS-TSIG (RFC 3645) is not supported; use an hmac-sha256 key",
            _ when t.StartsWith("hmac-sha", StringComparison.Ordinal) && t.Count(c => c == '-') == 2 =>
                $"TSIG algorithm '{text}' truncates the MAC, which is not supported; use the full hmac-sha256",
            _ => $"unknown TSIG algorithm '{text}' (supported: {string.Join(", ", All.Select(a => a.Mnemonic))})",
        };
        return false;
    }

    /// <summary>The supported algorithm a TSIG record names, or <see langword="null"/>.</summary>
    /// <param name="name">The algorithm name from the TSIG RDATA.</param>
    /// <returns>The algorithm, or <see langword="null"/> when unknown or refused.</returns>
    public static TsigAlgorithm? FromName(DnsName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(a => a.Name.Equals(name));
    }

    /// <summary>Starts an HMAC with this algorithm's hash.</summary>
    internal IncrementalHash CreateHmac(ReadOnlySpan<byte> secret) => IncrementalHash.CreateHMAC(Hash, secret);

    /// <inheritdoc/>
    public override string ToString() => Mnemonic;
}
