using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DaneKit.Dnssec.Crypto;

/// <summary>
/// Remembers signatures that verified: (algorithm, DNSKEY public key, signed octets, signature) → valid. Verifying
/// a signature is a pure function of those four, so a hit saves the public-key operation and nothing else: the
/// validity window, key tag, signer and flags are checked by the validator every time, as before.
/// </summary>
/// <remarks>
/// <para>
/// Why: one zone's NSEC or NSEC3 records prove many denials (a scan asks <c>_mta-sts</c>, <c>_smtp._tls</c> and
/// <c>mta-sts</c> of every domain, all denied by the same apex record), and the same answers come back for many
/// domains that share MX hosts. Unbound keeps validated RRsets for the same reason (its rrset cache with security
/// status).
/// </para>
/// <para>
/// Only successes are kept, so a flood of bogus signatures cannot fill the cache, and a failure is always
/// re-verified. The key is SHA-256 over all four inputs with their lengths; a hit requires the full 32-octet digest
/// to match. Bounded: at <see cref="Capacity"/> entries the cache is emptied and starts again (cheap, and the
/// worst case is the cost of no cache). Thread-safe.
/// </para>
/// </remarks>
public sealed class VerifiedSignatureCache
{
    private readonly ConcurrentDictionary<Digest, byte> _entries = new();
    private readonly ConcurrentDictionary<Digest, Lazy<SignatureCheck>> _inFlight = new();
    private int _count; // ConcurrentDictionary.Count takes every lock; this is kept beside it

    /// <summary>Creates a cache.</summary>
    /// <param name="capacity">The most signatures kept (at least 1).</param>
    public VerifiedSignatureCache(int capacity = 65_536)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>The most signatures kept before the cache starts again.</summary>
    public int Capacity { get; }

    /// <summary>The signatures kept now (approximate while other threads add or clear).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Verifies with <see cref="SignatureVerifier"/> unless these exact inputs verified before.</summary>
    /// <param name="algorithm">The RRSIG algorithm.</param>
    /// <param name="publicKey">The DNSKEY public key field.</param>
    /// <param name="signedData">The signed octets.</param>
    /// <param name="signature">The RRSIG signature field.</param>
    /// <param name="cached">True when the answer came from the cache or from the same verification running at that moment (no public-key operation was done for this call).</param>
    /// <returns>The verification result.</returns>
    public SignatureCheck Verify(byte algorithm, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signedData, ReadOnlySpan<byte> signature, out bool cached)
    {
        var digest = Digest.Of(algorithm, publicKey, signedData, signature);
        if (_entries.ContainsKey(digest))
        {
            cached = true;
            return new SignatureCheck(SignatureStatus.Valid, "verified before with the same key over the same octets");
        }

        // The same signature asked for by many checks at once (a scan's first wave: every domain validates the root's
        // and the TLD's keys before any is cached): one of them verifies, the others wait for its answer.
        var (key, data, sig) = (publicKey.ToArray(), signedData.ToArray(), signature.ToArray());
        var work = new Lazy<SignatureCheck>(() => SignatureVerifier.Verify(algorithm, key, data, sig), LazyThreadSafetyMode.ExecutionAndPublication);
        var running = _inFlight.GetOrAdd(digest, work);
        SignatureCheck check;
        try
        {
            check = running.Value;
        }
        finally
        {
            if (ReferenceEquals(running, work))
            {
                _inFlight.TryRemove(digest, out _);
            }
        }

        cached = !ReferenceEquals(running, work);
        if (check.IsValid && !cached)
        {
            if (Volatile.Read(ref _count) >= Capacity)
            {
                Clear();
            }

            if (_entries.TryAdd(digest, 0))
            {
                Interlocked.Increment(ref _count);
            }
        }

        return check;
    }

    /// <summary>Forgets every signature.</summary>
    public void Clear()
    {
        _entries.Clear();
        Volatile.Write(ref _count, 0);
    }

    private readonly record struct Digest(ulong A, ulong B, ulong C, ulong D)
    {
        public static Digest Of(byte algorithm, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signedData, ReadOnlySpan<byte> signature)
        {
            var length = 13 + publicKey.Length + signedData.Length + signature.Length;
            var rented = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                var buffer = rented.AsSpan(0, length);
                buffer[0] = algorithm;
                BinaryPrimitives.WriteInt32BigEndian(buffer[1..], publicKey.Length);
                BinaryPrimitives.WriteInt32BigEndian(buffer[5..], signedData.Length);
                BinaryPrimitives.WriteInt32BigEndian(buffer[9..], signature.Length);
                publicKey.CopyTo(buffer[13..]);
                signedData.CopyTo(buffer[(13 + publicKey.Length)..]);
                signature.CopyTo(buffer[(13 + publicKey.Length + signedData.Length)..]);
                Span<byte> d = stackalloc byte[32];
                SHA256.HashData(buffer, d);
                return new Digest(BinaryPrimitives.ReadUInt64LittleEndian(d), BinaryPrimitives.ReadUInt64LittleEndian(d[8..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(d[16..]), BinaryPrimitives.ReadUInt64LittleEndian(d[24..]));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
