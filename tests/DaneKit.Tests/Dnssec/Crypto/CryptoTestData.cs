using System.Buffers.Binary;
using DaneKit.Dns;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Records;

namespace DaneKit.Tests.Dnssec.Crypto;

/// <summary>One signed example: the key, the signature, the RRset it covers and the signed data built from them.</summary>
internal sealed record SignedVector(string File, DnsResourceRecord Key, DnsResourceRecord Rrsig, IReadOnlyList<DnsResourceRecord> Rrset)
{
    public DnskeyData Dnskey => (DnskeyData)Key.Data;

    public RrsigData Sig => (RrsigData)Rrsig.Data;

    public byte[] SignedData => CryptoTestData.BuildSignedData(Sig, Rrset);
}

/// <summary>Loads the vectors under Data/Dnssec/Crypto and builds signed data (RFC 4034 3.1.8.1).</summary>
internal static class CryptoTestData
{
    /// <summary>The records of one vector file.</summary>
    public static IReadOnlyList<DnsResourceRecord> Load(string file)
    {
        var path = TestData.Path("Dnssec", "Crypto", file);
        return new ZoneFileParser().ParseText(File.ReadAllText(path), path);
    }

    /// <summary>The (single) RRSIG of a file with the DNSKEY that made it and the RRset it covers.</summary>
    public static SignedVector LoadSigned(string file)
    {
        var records = Load(file);
        var rrsig = records.Single(r => r.Data is RrsigData);
        var sig = (RrsigData)rrsig.Data;
        var key = records.Single(r => r.Data is DnskeyData k && r.Name == sig.SignerName && k.KeyTag == sig.KeyTag && k.Algorithm == sig.Algorithm);
        var rrset = records.Where(r => r.Name == rrsig.Name && r.Type == sig.TypeCovered && r.Class == rrsig.Class).ToList();
        return new SignedVector(file, key, rrsig, rrset);
    }

    /// <summary>
    /// The data an RRSIG signs (RFC 4034 3.1.8.1): RRSIG_RDATA without the signature, then each RR of the RRset
    /// as owner | type | class | original TTL | RDATA length | RDATA, with the owner lowercased (or the wildcard
    /// "*." plus the last <see cref="RrsigData.Labels"/> labels when the RRSIG says fewer labels than the owner
    /// has, RFC 4035 5.3.2), and the RRs sorted by canonical RDATA with duplicates removed (RFC 4034 6.3).
    /// </summary>
    public static byte[] BuildSignedData(RrsigData sig, IEnumerable<DnsResourceRecord> rrset)
    {
        var records = rrset.ToList();
        var owner = records[0].Name.ToCanonical();
        if (sig.Labels < owner.LabelCount)
        {
            owner = owner.Suffix(sig.Labels).Prepend("*");
        }

        var rdatas = records.Select(r => r.Data.ToWire(canonical: true))
            .DistinctBy(Convert.ToHexString)
            .Order(Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)))
            .ToList();
        using var stream = new MemoryStream();
        stream.Write(sig.ToSignedFieldsWire());
        Span<byte> fixedFields = stackalloc byte[10];
        foreach (var rdata in rdatas)
        {
            stream.Write(owner.Wire);
            BinaryPrimitives.WriteUInt16BigEndian(fixedFields, (ushort)sig.TypeCovered);
            BinaryPrimitives.WriteUInt16BigEndian(fixedFields[2..], (ushort)records[0].Class);
            BinaryPrimitives.WriteUInt32BigEndian(fixedFields[4..], sig.OriginalTtl);
            BinaryPrimitives.WriteUInt16BigEndian(fixedFields[8..], (ushort)rdata.Length);
            stream.Write(fixedFields);
            stream.Write(rdata);
        }

        return stream.ToArray();
    }

    /// <summary>A copy with one octet changed.</summary>
    public static byte[] Flip(ReadOnlySpan<byte> value, int index)
    {
        var copy = value.ToArray();
        copy[index] ^= 0x01;
        return copy;
    }

    /// <summary>A few positions to change: first, second, middle, last.</summary>
    public static IEnumerable<int> Positions(int length) => new[] { 0, 1, length / 2, length - 1 }.Where(i => i >= 0 && i < length).Distinct();
}
