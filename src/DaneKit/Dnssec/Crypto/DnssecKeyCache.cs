using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace DaneKit.Dnssec.Crypto;

/// <summary>
/// A bounded, thread-safe cache of imported public keys keyed by (algorithm, DNSKEY public key octets), so that
/// verifying many signatures with one DNSKEY imports it once. A lookup by span allocates nothing. When full,
/// an eighth of the entries are dropped (in no particular order); dropped keys are left to the garbage collector
/// rather than disposed, since another thread may be verifying with them.
/// </summary>
internal sealed class DnssecKeyCache
{
    private readonly ConcurrentDictionary<Entry, object> _keys;
    private readonly ConcurrentDictionary<Entry, object>.AlternateLookup<Probe> _lookup;
    private readonly int _capacity;

    /// <summary>Creates a cache of at most <paramref name="capacity"/> keys.</summary>
    /// <param name="capacity">The bound.</param>
    public DnssecKeyCache(int capacity)
    {
        _capacity = capacity;
        _keys = new ConcurrentDictionary<Entry, object>(EntryComparer.Instance);
        _lookup = _keys.GetAlternateLookup<Probe>();
    }

    /// <summary>The number of keys held (takes every lock of the dictionary; for tests and diagnostics).</summary>
    public int Count => _keys.Count;

    /// <summary>Looks up an imported key.</summary>
    /// <param name="algorithm">The DNSSEC algorithm number.</param>
    /// <param name="key">The DNSKEY public key field.</param>
    /// <param name="value">The imported key.</param>
    /// <returns>Whether it was cached.</returns>
    public bool TryGet(byte algorithm, ReadOnlySpan<byte> key, [NotNullWhen(true)] out object? value) =>
        _lookup.TryGetValue(new Probe(algorithm, key), out value);

    /// <summary>Adds an imported key, evicting some entries first when the cache is full.</summary>
    /// <param name="algorithm">The DNSSEC algorithm number.</param>
    /// <param name="key">The DNSKEY public key field.</param>
    /// <param name="value">The imported key.</param>
    /// <returns>The cached value: <paramref name="value"/>, or the one another thread added first.</returns>
    public object Add(byte algorithm, ReadOnlySpan<byte> key, object value)
    {
        if (_keys.Count >= _capacity)
        {
            var drop = Math.Max(1, _capacity / 8);
            foreach (var entry in _keys.Keys)
            {
                if (drop-- <= 0)
                {
                    break;
                }

                _keys.TryRemove(entry, out _);
            }
        }

        var probe = new Probe(algorithm, key);
        return _lookup.TryAdd(probe, value) || !_lookup.TryGetValue(probe, out var existing) ? value : existing;
    }

    /// <summary>Drops every key.</summary>
    public void Clear() => _keys.Clear();

    private static int Hash(byte algorithm, ReadOnlySpan<byte> key)
    {
        var h = new HashCode();
        h.Add(algorithm);
        h.AddBytes(key);
        return h.ToHashCode();
    }

    /// <summary>A stored key: algorithm, a copy of the key octets, and their hash.</summary>
    private readonly struct Entry(byte algorithm, byte[] key, int hash)
    {
        public byte Algorithm { get; } = algorithm;

        public byte[] Key { get; } = key;

        public int Hash { get; } = hash;
    }

    /// <summary>A lookup that borrows the caller's span.</summary>
    private readonly ref struct Probe(byte algorithm, ReadOnlySpan<byte> key)
    {
        public byte Algorithm { get; } = algorithm;

        public ReadOnlySpan<byte> Key { get; } = key;
    }

    private sealed class EntryComparer : IEqualityComparer<Entry>, IAlternateEqualityComparer<Probe, Entry>
    {
        public static EntryComparer Instance { get; } = new();

        public bool Equals(Entry x, Entry y) => x.Hash == y.Hash && x.Algorithm == y.Algorithm && x.Key.AsSpan().SequenceEqual(y.Key);

        public int GetHashCode(Entry obj) => obj.Hash;

        public bool Equals(Probe alternate, Entry other) => alternate.Algorithm == other.Algorithm && alternate.Key.SequenceEqual(other.Key);

        public int GetHashCode(Probe alternate) => Hash(alternate.Algorithm, alternate.Key);

        public Entry Create(Probe alternate) => new(alternate.Algorithm, alternate.Key.ToArray(), Hash(alternate.Algorithm, alternate.Key));
    }
}
