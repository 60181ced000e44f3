namespace DaneKit.Dnssec.Crypto;

/// <summary>What came of verifying one signature with one key (<see cref="SignatureVerifier.Verify(byte, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>).</summary>
public enum SignatureStatus
{
    /// <summary>The signature verifies: the key signed exactly these octets.</summary>
    Valid,

    /// <summary>Key and signature are well formed, but the signature does not verify over the data.</summary>
    Invalid,

    /// <summary>The algorithm is not one DaneKit verifies (see <see cref="DnssecAlgorithms.IsSupported(byte)"/>).</summary>
    UnsupportedAlgorithm,

    /// <summary>The DNSKEY public key field does not hold a usable key of its algorithm (length, format, size bounds, not on the curve).</summary>
    MalformedKey,

    /// <summary>The RRSIG signature field has the wrong form for its algorithm and key (length).</summary>
    MalformedSignature,
}

/// <summary>The outcome of one signature verification, with a short reason for logs and validation reason chains.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="Reason">
/// Why, in a few words: <c>"RSASHA256 signature verifies"</c>, <c>"RSA key exponent length field runs past the key"</c>,
/// <c>"ECDSA P-256 signature must be 64 octets, got 63"</c>.
/// </param>
public readonly record struct SignatureCheck(SignatureStatus Status, string Reason)
{
    /// <summary>Whether the signature verified.</summary>
    public bool IsValid => Status == SignatureStatus.Valid;

    /// <inheritdoc/>
    public override string ToString() => $"{Status}: {Reason}";
}
