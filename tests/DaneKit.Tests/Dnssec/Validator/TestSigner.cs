using System.Security.Cryptography;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace DaneKit.Tests.Dnssec.Validator;

/// <summary>
/// A zone signing key for tests: ECDSA P-256 with SHA-256 (algorithm 13, RFC 6605) from
/// System.Security.Cryptography, or Ed25519 (algorithm 15, RFC 8080) from BouncyCastle.
/// </summary>
internal sealed class TestKey
{
    private readonly ECDsa? _ecdsa;
    private readonly Ed25519PrivateKeyParameters? _ed25519;

    private TestKey(ECDsa? ecdsa, Ed25519PrivateKeyParameters? ed25519, DnskeyData dnskey)
    {
        _ecdsa = ecdsa;
        _ed25519 = ed25519;
        Dnskey = dnskey;
    }

    /// <summary>The DNSKEY RDATA: flags, protocol 3, algorithm, public key (x || y for ECDSA, RFC 6605 4).</summary>
    public DnskeyData Dnskey { get; }

    public ushort KeyTag => Dnskey.KeyTag;

    public byte Algorithm => Dnskey.Algorithm;

    /// <summary>A new key: <paramref name="flags"/> 257 for a KSK, 256 for a ZSK.</summary>
    public static TestKey Create(byte algorithm, ushort flags)
    {
        switch (algorithm)
        {
            case 13:
                var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var p = ecdsa.ExportParameters(false);
                return new TestKey(ecdsa, null, new DnskeyData(flags, 3, 13, [.. p.Q.X!, .. p.Q.Y!]));
            case 15:
                var ed = new Ed25519PrivateKeyParameters(new SecureRandom());
                return new TestKey(null, ed, new DnskeyData(flags, 3, 15, ed.GeneratePublicKey().GetEncoded()));
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "the test signer makes algorithm 13 or 15 keys");
        }
    }

    /// <summary>The same private key published with other flags (e.g. the REVOKE bit, RFC 5011 2.1); the key tag changes with them.</summary>
    public TestKey WithFlags(ushort flags) => new(_ecdsa, _ed25519, new DnskeyData(flags, Dnskey.Protocol, Dnskey.Algorithm, Dnskey.PublicKey));

    /// <summary>Signs <paramref name="data"/>: r || s for ECDSA (RFC 6605 4), the 64-octet signature for Ed25519 (RFC 8080 4).</summary>
    public byte[] Sign(byte[] data)
    {
        if (_ecdsa is not null)
        {
            return _ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        var signer = new Ed25519Signer();
        signer.Init(true, _ed25519);
        signer.BlockUpdate(data, 0, data.Length);
        return signer.GenerateSignature();
    }
}

/// <summary>Makes DS and RRSIG records the way a signer does (RFC 4034 3.1.8.1, 5.1.4).</summary>
internal static class TestSigner
{
    /// <summary>The DS RDATA of <paramref name="key"/> at <paramref name="owner"/>: SHA-256 over the canonical owner and the DNSKEY RDATA (RFC 4034 5.1.4, RFC 4509).</summary>
    public static DsData DsFor(DnsName owner, DnskeyData key, byte? algorithm = null)
    {
        byte[] input = [.. owner.ToCanonical().Wire, .. key.ToWire(canonical: true)];
        return new DsData(key.KeyTag, algorithm ?? key.Algorithm, 2, SHA256.HashData(input));
    }

    /// <summary>The DS record of <paramref name="key"/> at <paramref name="owner"/>.</summary>
    public static DnsResourceRecord Ds(DnsName owner, DnskeyData key, uint ttl = 3600) => new(owner, DnsClass.IN, ttl, DsFor(owner, key));

    /// <summary>Seconds since 1970 modulo 2^32, as an RRSIG time field (RFC 4034 3.1.5).</summary>
    public static uint Time(DateTimeOffset t) => unchecked((uint)t.ToUnixTimeSeconds());

    /// <summary>
    /// Signs the RRset <paramref name="rrset"/> at <paramref name="owner"/> with <paramref name="key"/> of zone
    /// <paramref name="signer"/>, over the octets <see cref="DnssecValidator.SignedData"/> says an RRSIG covers.
    /// The labels field defaults to the owner's labels without a leading <c>*</c> (RFC 4034 3.1.3).
    /// </summary>
    public static DnsResourceRecord Sign(DnsName owner, IReadOnlyList<DnsResourceRecord> rrset, TestKey key, DnsName signer,
        DateTimeOffset inception, DateTimeOffset expiration, byte? labels = null, ushort? keyTag = null)
    {
        var type = rrset[0].Type;
        var ttl = rrset[0].Ttl;
        var template = new RrsigData(type, key.Algorithm, labels ?? (byte)(owner.LabelCount - (owner.IsWildcard ? 1 : 0)), ttl,
            Time(expiration), Time(inception), keyTag ?? key.KeyTag, signer, []);
        var signature = key.Sign(DnssecValidator.SignedData(template, owner, rrset));
        return new DnsResourceRecord(owner, DnsClass.IN, ttl, WithSignature(template, signature));
    }

    /// <summary>The RRSIG with another signature field.</summary>
    public static RrsigData WithSignature(RrsigData s, ReadOnlySpan<byte> signature) =>
        new(s.TypeCovered, s.Algorithm, s.Labels, s.OriginalTtl, s.SignatureExpiration, s.SignatureInception, s.KeyTag, s.SignerName, signature);

    /// <summary>The RRSIG record with one bit of its signature flipped.</summary>
    public static DnsResourceRecord Corrupt(DnsResourceRecord rrsig, int index = 10)
    {
        var s = (RrsigData)rrsig.Data;
        var bytes = s.Signature.ToArray();
        bytes[index] ^= 0x01;
        return rrsig with { Data = WithSignature(s, bytes) };
    }

    /// <summary>
    /// <paramref name="count"/> distinct zone keys of <paramref name="algorithm"/> whose key tags are all
    /// <paramref name="tag"/> (RFC 4034 App. B: the tag is a checksum, so the last two octets can steer it).
    /// The public keys are random octets, most likely not points on the curve.
    /// </summary>
    public static List<DnskeyData> CollidingKeys(ushort tag, int count, byte algorithm = 13, int keyLength = 64)
    {
        var keys = new List<DnskeyData>();
        while (keys.Count < count)
        {
            var pub = RandomNumberGenerator.GetBytes(keyLength);
            byte[] rdata = [DnskeyData.ZoneKeyFlag >> 8, DnskeyData.ZoneKeyFlag & 0xFF, 3, algorithm, .. pub];
            rdata[^2] = 0;
            rdata[^1] = 0;

            // The unfolded checksum without the last two octets; with an even total length they add (hi << 8) | lo.
            uint sum = 0;
            for (var i = 0; i < rdata.Length; i++)
            {
                sum += (i & 1) != 0 ? rdata[i] : (uint)rdata[i] << 8;
            }

            for (uint v = 0; v <= 0xFFFF; v++)
            {
                var ac = sum + v;
                if ((ushort)((ac + ((ac >> 16) & 0xFFFF)) & 0xFFFF) == tag)
                {
                    pub[^2] = (byte)(v >> 8);
                    pub[^1] = (byte)v;
                    var k = new DnskeyData(DnskeyData.ZoneKeyFlag, 3, algorithm, pub);
                    if (k.KeyTag != tag)
                    {
                        throw new InvalidOperationException($"colliding key has tag {k.KeyTag}, wanted {tag}");
                    }

                    if (!keys.Any(x => x.Equals(k)))
                    {
                        keys.Add(k);
                    }

                    break;
                }
            }
        }

        return keys;
    }
}
