using DaneKit.Dns.Records;
using DaneKit.Dnssec.Crypto;

namespace DaneKit.Tests.Dnssec.Crypto;

/// <summary>
/// The signature examples of RFC 5702 6 (RSA/SHA-2), RFC 6605 6 (ECDSA) and RFC 8080 6 (EdDSA, with erratum 4935):
/// each verifies, and stops verifying when any one octet of the signature, the signed data or the key changes.
/// </summary>
public sealed class PublishedVectorTests
{
    public static TheoryData<string, ushort, byte> Vectors => new()
    {
        { "rfc5702-6.1-rsasha256.zone", 9033, 8 },
        { "rfc5702-6.2-rsasha512.zone", 3740, 10 },
        { "rfc6605-6.1-ecdsap256sha256.zone", 55648, 13 },
        { "rfc6605-6.2-ecdsap384sha384.zone", 10771, 14 },
        { "rfc8080-6.1-ed25519-1.zone", 3613, 15 },
        { "rfc8080-6.1-ed25519-2.zone", 35217, 15 },
        { "rfc8080-6.2-ed448-1.zone", 9713, 16 },
        { "rfc8080-6.2-ed448-2.zone", 38353, 16 },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ExampleKeyHasTheRfcKeyTag(string file, ushort keyTag, byte algorithm)
    {
        var v = CryptoTestData.LoadSigned(file);
        Assert.Equal(keyTag, v.Dnskey.KeyTag);
        Assert.Equal(keyTag, v.Sig.KeyTag);
        Assert.Equal(algorithm, v.Dnskey.Algorithm);
        Assert.True(DnssecAlgorithms.IsSupported(algorithm));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ExampleSignatureVerifies(string file, ushort keyTag, byte algorithm)
    {
        var v = CryptoTestData.LoadSigned(file);
        var check = SignatureVerifier.Verify(algorithm, v.Dnskey.PublicKey, v.SignedData, v.Sig.Signature);
        Assert.True(check.IsValid, $"{file} (key {keyTag}): {check}");
        Assert.Equal(SignatureStatus.Valid, check.Status);
        Assert.EndsWith("signature verifies", check.Reason, StringComparison.Ordinal);

        // Again, now from the key cache.
        Assert.True(SignatureVerifier.Verify((DnssecAlgorithm)algorithm, v.Dnskey.PublicKey, v.SignedData, v.Sig.Signature).IsValid);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void AnyChangedSignatureOctetFails(string file, ushort keyTag, byte algorithm)
    {
        var v = CryptoTestData.LoadSigned(file);
        var data = v.SignedData;
        foreach (var i in CryptoTestData.Positions(v.Sig.Signature.Length))
        {
            var check = SignatureVerifier.Verify(algorithm, v.Dnskey.PublicKey, data, CryptoTestData.Flip(v.Sig.Signature, i));
            Assert.False(check.IsValid, $"{file} (key {keyTag}) signature octet {i}: {check}");
            Assert.Equal(SignatureStatus.Invalid, check.Status);
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void AnyChangedSignedDataOctetFails(string file, ushort keyTag, byte algorithm)
    {
        var v = CryptoTestData.LoadSigned(file);
        var data = v.SignedData;
        foreach (var i in CryptoTestData.Positions(data.Length))
        {
            var check = SignatureVerifier.Verify(algorithm, v.Dnskey.PublicKey, CryptoTestData.Flip(data, i), v.Sig.Signature);
            Assert.False(check.IsValid, $"{file} (key {keyTag}) data octet {i}: {check}");
            Assert.Equal(SignatureStatus.Invalid, check.Status);
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void AnyChangedKeyOctetFails(string file, ushort keyTag, byte algorithm)
    {
        var v = CryptoTestData.LoadSigned(file);
        var data = v.SignedData;
        foreach (var i in CryptoTestData.Positions(v.Dnskey.PublicKey.Length))
        {
            // The result may be Invalid or MalformedKey (an ECDSA point off the curve, an RSA length field), never Valid.
            var check = SignatureVerifier.Verify(algorithm, CryptoTestData.Flip(v.Dnskey.PublicKey, i), data, v.Sig.Signature);
            Assert.False(check.IsValid, $"{file} (key {keyTag}) key octet {i}: {check}");
            Assert.Contains(check.Status, new[] { SignatureStatus.Invalid, SignatureStatus.MalformedKey });
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void SignatureCheckedUnderAnotherAlgorithmNumberFails(string file, ushort keyTag, byte algorithm)
    {
        // RSASHA256 vector as RSASHA1 (and so on): same key format, different hash.
        var v = CryptoTestData.LoadSigned(file);
        byte other = algorithm switch { 8 => 5, 10 => 8, 13 => 14, 14 => 13, 15 => 16, _ => 15 };
        var check = SignatureVerifier.Verify(other, v.Dnskey.PublicKey, v.SignedData, v.Sig.Signature);
        Assert.False(check.IsValid, $"{file} (key {keyTag}) as algorithm {other}: {check}");
    }

    /// <summary>
    /// RFC 8080 as published: the signatures were made over RRSIG fields with a label count of 3 for
    /// <c>example.com.</c> (erratum 4935). They verify only over those wrong fields.
    /// </summary>
    [Fact]
    public void Rfc8080AsPublishedSignaturesWereMadeWithLabelCount3()
    {
        var lines = File.ReadAllLines(TestData.Path("Dnssec", "Crypto", "rfc8080-as-published.tsv"))
            .Where(l => l.Length > 0 && l[0] != '#').ToList();
        Assert.Equal(4, lines.Count);
        foreach (var line in lines)
        {
            var (file, published) = (line.Split('\t')[0], Convert.FromBase64String(line.Split('\t')[1]));
            var v = CryptoTestData.LoadSigned(file);
            var s = v.Sig;
            RrsigData WithLabels(byte labels) => new(s.TypeCovered, s.Algorithm, labels, s.OriginalTtl, s.SignatureExpiration,
                s.SignatureInception, s.KeyTag, s.SignerName, published);

            var correct = SignatureVerifier.Verify(s.Algorithm, v.Dnskey.PublicKey, CryptoTestData.BuildSignedData(WithLabels(2), v.Rrset), published);
            Assert.Equal(SignatureStatus.Invalid, correct.Status);
            var asPublished = SignatureVerifier.Verify(s.Algorithm, v.Dnskey.PublicKey, CryptoTestData.BuildSignedData(WithLabels(3), v.Rrset), published);
            Assert.True(asPublished.IsValid, $"{file}: {asPublished}");
        }
    }

    [Fact]
    public void SignedDataSortsRdataCanonicallyAndDropsDuplicates()
    {
        // RFC 4034 6.3: RRs sorted by canonical RDATA as left-justified unsigned octet sequences; 6.2: names lowercased.
        var records = new DaneKit.Dns.Presentation.ZoneFileParser().ParseText("""
            Example.NET. 300 IN MX 20 B.example.net.
            example.net. 300 IN MX 10 a.EXAMPLE.net.
            example.net. 300 IN MX 10 a.example.net.
            """);
        var sig = new RrsigData(DaneKit.Dns.DnsType.MX, 13, 2, 3600, 2, 1, 1, DaneKit.Dns.DnsName.Parse("example.net."), []);
        var data = CryptoTestData.BuildSignedData(sig, records);
        var hex = Convert.ToHexString(data).ToLowerInvariant();
        var mx10 = "000a" + "0161076578616d706c65036e657400";
        var mx20 = "0014" + "0162076578616d706c65036e657400";
        Assert.True(hex.IndexOf(mx10, StringComparison.Ordinal) < hex.IndexOf(mx20, StringComparison.Ordinal));
        Assert.Equal(hex.IndexOf(mx10, StringComparison.Ordinal), hex.LastIndexOf(mx10, StringComparison.Ordinal));
        Assert.True(hex.Contains("076578616d706c65036e657400000f000100000e10", StringComparison.Ordinal), hex);
    }
}
