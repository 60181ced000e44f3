using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns.Records;
using DaneKit.Tlsa;

namespace DaneKit.Tests.Tlsa.RecordSet;

/// <summary>RFC 7672 3.1.3 (usability), RFC 7671 9 (digest agility), and OpenSSL's order.</summary>
public sealed class RecordSetTests
{
    private static readonly byte[] CertificateDer = MakeCertificate();
    private static readonly byte[] SpkiDer = LoadSpki();

    private static byte[] MakeCertificate()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = new CertificateRequest("CN=mail.example.com", ec, HashAlgorithmName.SHA256).CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        return certificate.RawData;
    }

    private static byte[] LoadSpki()
    {
        using var certificate = X509CertificateLoader.LoadCertificate(CertificateDer);
        return certificate.PublicKey.ExportSubjectPublicKeyInfo();
    }

    private static byte[] Data(string kind) => kind switch
    {
        "32" => new byte[32],
        "64" => new byte[64],
        "31" => new byte[31],
        "33" => new byte[33],
        "cert" => CertificateDer,
        "spki" => SpkiDer,
        "cert+1" => [.. CertificateDer, 0],
        "junk" => [1, 2, 3],
        "empty" => [],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static TlsaData Record(byte usage, byte selector, byte matchingType, string data, byte fill = 0)
    {
        var bytes = Data(data);
        if (fill != 0 && data is "32" or "64")
        {
            Array.Fill(bytes, fill);
        }

        return new TlsaData((TlsaUsage)usage, (TlsaSelector)selector, (TlsaMatchingType)matchingType, bytes);
    }

    /// <summary>usage, selector, mtype, data, reason in SMTP (null: usable), reason in Generic.</summary>
    public static TheoryData<byte, byte, byte, string, TlsaUsabilityReason?, TlsaUsabilityReason?> Table() => new()
    {
        { 3, 1, 1, "32", null, null },
        { 3, 0, 2, "64", null, null },
        { 2, 1, 1, "32", null, null },
        { 2, 0, 0, "cert", null, null },
        { 2, 1, 0, "spki", null, null },
        { 3, 1, 0, "spki", null, null },
        { 0, 1, 1, "32", TlsaUsabilityReason.PkixUsageInSmtp, null },
        { 1, 0, 1, "32", TlsaUsabilityReason.PkixUsageInSmtp, null },
        { 4, 1, 1, "32", TlsaUsabilityReason.UnknownUsage, TlsaUsabilityReason.UnknownUsage },
        { 255, 1, 1, "32", TlsaUsabilityReason.UnknownUsage, TlsaUsabilityReason.UnknownUsage },
        { 3, 2, 1, "32", TlsaUsabilityReason.UnknownSelector, TlsaUsabilityReason.UnknownSelector },
        { 3, 255, 1, "32", TlsaUsabilityReason.UnknownSelector, TlsaUsabilityReason.UnknownSelector },
        { 3, 1, 3, "32", TlsaUsabilityReason.UnknownMatchingType, TlsaUsabilityReason.UnknownMatchingType },
        { 3, 1, 255, "32", TlsaUsabilityReason.PrivateMatchingType, TlsaUsabilityReason.PrivateMatchingType },
        { 3, 1, 1, "31", TlsaUsabilityReason.DigestLengthMismatch, TlsaUsabilityReason.DigestLengthMismatch },
        { 3, 1, 1, "33", TlsaUsabilityReason.DigestLengthMismatch, TlsaUsabilityReason.DigestLengthMismatch },
        { 3, 1, 1, "64", TlsaUsabilityReason.DigestLengthMismatch, TlsaUsabilityReason.DigestLengthMismatch },
        { 3, 1, 2, "32", TlsaUsabilityReason.DigestLengthMismatch, TlsaUsabilityReason.DigestLengthMismatch },
        { 3, 1, 1, "empty", TlsaUsabilityReason.DigestLengthMismatch, TlsaUsabilityReason.DigestLengthMismatch },
        { 2, 0, 0, "junk", TlsaUsabilityReason.UnparseableCertificate, TlsaUsabilityReason.UnparseableCertificate },
        { 2, 0, 0, "empty", TlsaUsabilityReason.UnparseableCertificate, TlsaUsabilityReason.UnparseableCertificate },
        { 2, 0, 0, "cert+1", TlsaUsabilityReason.UnparseableCertificate, TlsaUsabilityReason.UnparseableCertificate },
        { 2, 0, 0, "spki", TlsaUsabilityReason.UnparseableCertificate, TlsaUsabilityReason.UnparseableCertificate },
        { 2, 1, 0, "junk", TlsaUsabilityReason.UnparseablePublicKey, TlsaUsabilityReason.UnparseablePublicKey },
        { 2, 1, 0, "cert", TlsaUsabilityReason.UnparseablePublicKey, TlsaUsabilityReason.UnparseablePublicKey },
        { 0, 1, 0, "junk", TlsaUsabilityReason.PkixUsageInSmtp, TlsaUsabilityReason.UnparseablePublicKey },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void EachRecordIsCheckedWhenAdded(byte usage, byte selector, byte matchingType, string data,
        TlsaUsabilityReason? smtp, TlsaUsabilityReason? generic)
    {
        var record = Record(usage, selector, matchingType, data);
        foreach (var (context, expected) in new[] { (TlsaContext.Smtp, smtp), (TlsaContext.Generic, generic) })
        {
            var set = TlsaRecordSet.Create([record], context);
            Assert.Equal(1, set.Count);
            if (expected is null)
            {
                var entry = Assert.Single(set.Usable);
                Assert.Empty(set.Unusable);
                Assert.False(set.AllUnusable);
                Assert.Same(record, entry.Record);
            }
            else
            {
                Assert.Empty(set.Usable);
                var rejection = Assert.Single(set.Unusable);
                Assert.Equal(expected, rejection.Reason);
                Assert.False(string.IsNullOrWhiteSpace(rejection.Detail));
                Assert.True(set.AllUnusable);
            }
        }
    }

    [Fact]
    public void FullRecordsCarryTheirPublicKey()
    {
        var set = TlsaRecordSet.Create([Record(2, 0, 0, "cert"), Record(2, 1, 0, "spki"), Record(3, 1, 1, "32")], TlsaContext.Smtp);
        Assert.Equal(SpkiDer, set.Usable.Single(e => e.Record.Selector == TlsaSelector.Cert).SubjectPublicKeyInfo.ToArray());
        Assert.Equal(SpkiDer, set.Usable.Single(e => e.Record.Selector == TlsaSelector.Spki && e.Record.MatchingType == TlsaMatchingType.Full)
            .SubjectPublicKeyInfo.ToArray());
        Assert.True(set.Usable.Single(e => e.Record.MatchingType == TlsaMatchingType.Sha256).SubjectPublicKeyInfo.IsEmpty);
    }

    [Fact]
    public void EmptySetIsNotAllUnusable()
    {
        var set = TlsaRecordSet.Create([], TlsaContext.Smtp);
        Assert.Equal(0, set.Count);
        Assert.False(set.AllUnusable);
    }

    [Fact]
    public void SortedAsOpenSslUsageThenSelectorThenDigestStrength()
    {
        // Each (usage, selector) has one digest type, so agility drops nothing here.
        var records = new[]
        {
            Record(0, 0, 1, "32", 1),
            Record(2, 0, 0, "cert"),
            Record(1, 1, 2, "64", 2),
            Record(2, 1, 1, "32", 3),
            Record(3, 0, 2, "64", 4),
            Record(2, 0, 0, "cert"),
            Record(3, 1, 1, "32", 5),
            Record(3, 1, 1, "32", 6),
            Record(3, 1, 0, "spki"),
        };

        var set = TlsaRecordSet.Create(records, TlsaContext.Generic);

        Assert.Empty(set.Unusable);
        Assert.Equal(
            ["3 1 1 05", "3 1 1 06", "3 1 0", "3 0 2 04", "2 1 1 03", "2 0 0", "2 0 0", "1 1 2 02", "0 0 1 01"],
            set.Usable.Select(e => Short(e.Record)));
    }

    [Fact]
    public void DigestAgilityKeepsFullAndTheStrongestDigestPerUsageAndSelector()
    {
        var records = new[]
        {
            Record(3, 1, 1, "32", 1),
            Record(3, 1, 2, "64", 2),
            Record(3, 1, 0, "spki"),
            Record(3, 0, 1, "32", 3),
            Record(2, 1, 1, "32", 4),
            Record(2, 1, 1, "32", 5),
            Record(3, 1, 1, "32", 6),
        };

        var set = TlsaRecordSet.Create(records, TlsaContext.Smtp);

        // 3 1 2 beats 3 1 1; 3 0 * and 2 1 * only have SHA2-256, so it stays.
        Assert.Equal(["3 1 2 02", "3 1 0", "3 0 1 03", "2 1 1 04", "2 1 1 05"], set.Usable.Select(e => Short(e.Record)));
        Assert.Equal(["3 1 1 01", "3 1 1 06"], set.Unusable.Select(r => Short(r.Record)));
        Assert.All(set.Unusable, r => Assert.Equal(TlsaUsabilityReason.WeakerDigest, r.Reason));
        Assert.Contains("RFC 7671 9", set.Unusable[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void UnusableStrongerDigestDoesNotHideAUsableWeakerOne()
    {
        // A malformed SHA2-512 record is unusable, so it is not "present" for agility (OpenSSL checks on add).
        var set = TlsaRecordSet.Create([Record(3, 1, 2, "32"), Record(3, 1, 1, "32", 7)], TlsaContext.Smtp);
        Assert.Equal(["3 1 1 07"], set.Usable.Select(e => Short(e.Record)));
        Assert.Equal(TlsaUsabilityReason.DigestLengthMismatch, Assert.Single(set.Unusable).Reason);
    }

    [Fact]
    public void SmtpWithOnlyPkixRecordsIsAllUnusable()
    {
        var set = TlsaRecordSet.Create([Record(0, 1, 1, "32"), Record(1, 1, 1, "32")], TlsaContext.Smtp);
        Assert.True(set.AllUnusable);
        Assert.Equal("PKIX-TA 0 1 1: usage PKIX-TA is not used for SMTP (RFC 7672 3.1.3)", set.Unusable[0].ToString());
        Assert.False(TlsaRecordSet.Create([Record(0, 1, 1, "32"), Record(1, 1, 1, "32")], TlsaContext.Generic).AllUnusable);
    }

    private static string Short(TlsaData record) =>
        record.MatchingType == TlsaMatchingType.Full
            ? $"{(byte)record.Usage} {(byte)record.Selector} 0"
            : $"{(byte)record.Usage} {(byte)record.Selector} {(byte)record.MatchingType} {Convert.ToHexString(record.CertificateAssociationData[..1])}";
}
