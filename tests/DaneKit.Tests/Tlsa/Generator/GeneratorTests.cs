using System.Security.Cryptography;
using System.Text;
using DaneKit.Dns.Records;
using DaneKit.Tlsa;
using static DaneKit.Tests.Tlsa.Generator.GeneratorTestCertificates;

namespace DaneKit.Tests.Tlsa.Generator;

/// <summary>RFC 6698 2.1: every usage, selector and matching type; owner names; chain mode; input parsing.</summary>
public sealed class GeneratorTests
{
    public static TheoryData<byte, byte, byte> AllCombinations()
    {
        var data = new TheoryData<byte, byte, byte>();
        for (byte u = 0; u <= 3; u++)
        {
            for (byte s = 0; s <= 1; s++)
            {
                for (byte m = 0; m <= 2; m++)
                {
                    data.Add(u, s, m);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void EveryCombinationHasTheRightData(byte usage, byte selector, byte matchingType)
    {
        using var certificate = Create("ec");
        var selected = selector == 0 ? certificate.RawData : certificate.PublicKey.ExportSubjectPublicKeyInfo();
        var expected = matchingType switch
        {
            0 => selected,
            1 => SHA256.HashData(selected),
            _ => SHA512.HashData(selected),
        };

        var record = TlsaGenerator.Create(certificate, (TlsaUsage)usage, (TlsaSelector)selector, (TlsaMatchingType)matchingType);

        Assert.Equal(expected, record.CertificateAssociationData.ToArray());
        Assert.Equal(matchingType switch { 0 => selected.Length, 1 => 32, _ => 64 }, record.CertificateAssociationData.Length);
        Assert.Equal((TlsaUsage)usage, record.Usage);
        // What the generator makes, the record set accepts.
        Assert.Empty(TlsaRecordSet.Create([record], TlsaContext.Generic).Unusable);
    }

    [Fact]
    public void UnknownSelectorOrMatchingTypeIsRefused()
    {
        using var certificate = Create("ec");
        Assert.Throws<ArgumentOutOfRangeException>(() => TlsaGenerator.Create(certificate, TlsaUsage.DaneEe, TlsaSelector.PrivSel, TlsaMatchingType.Sha256));
        Assert.Throws<ArgumentOutOfRangeException>(() => TlsaGenerator.Create(certificate, TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.PrivMatch));
    }

    [Fact]
    public void ChainGivesDaneEeForTheLeafAndDaneTaForEachCa()
    {
        using var leaf = Create("ec", "CN=mail.example.com");
        using var ca = Create("rsa", "CN=Example CA");
        var records = TlsaGenerator.CreateForChain([leaf, ca], TlsaSelector.Spki, TlsaMatchingType.Sha256);

        Assert.Equal(2, records.Count);
        Assert.Equal(TlsaUsage.DaneEe, records[0].Record.Usage);
        Assert.Equal(TlsaUsage.DaneTa, records[1].Record.Usage);
        Assert.Equal("; depth 0 DANE-EE: CN=mail.example.com", records[0].Comment);
        Assert.Equal("; depth 1 DANE-TA: CN=Example CA", records[1].Comment);
        Assert.Equal(SHA256.HashData(ca.PublicKey.ExportSubjectPublicKeyInfo()), records[1].Record.CertificateAssociationData.ToArray());
    }

    [Theory]
    [InlineData("mail.example.com", null, null, null, "_25._tcp.mail.example.com. IN TLSA 3 1 1 ")]
    [InlineData("mail.example.com.", "465", "TCP", "3600", "_465._tcp.mail.example.com. 3600 IN TLSA 3 1 1 ")]
    [InlineData("xmpp.example.org", "5269", "sctp", "0", "_5269._sctp.xmpp.example.org. 0 IN TLSA 3 1 1 ")]
    public void ZoneLine(string host, string? port, string? proto, string? ttl, string prefix)
    {
        Assert.True(TlsaRecordSpec.TryCreate(host, port, proto, null, null, null, ttl, out var spec, out var problem), problem);
        var data = new TlsaData(spec!.Usage, spec.Selector, spec.MatchingType, new byte[32]);
        Assert.Equal(prefix + new string('0', 64), spec.ToZoneLine(data));
    }

    [Theory]
    [InlineData("DANE-TA", "Cert", "SHA2-512", TlsaUsage.DaneTa, TlsaSelector.Cert, TlsaMatchingType.Sha512)]
    [InlineData("pkix-ee", "spki", "full", TlsaUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Full)]
    [InlineData("0", "0", "2", TlsaUsage.PkixTa, TlsaSelector.Cert, TlsaMatchingType.Sha512)]
    public void MnemonicsAndNumbersAreAccepted(string usage, string selector, string mtype, TlsaUsage u, TlsaSelector s, TlsaMatchingType m)
    {
        Assert.True(TlsaRecordSpec.TryCreate("mx.example", null, null, usage, selector, mtype, null, out var spec, out var problem), problem);
        Assert.Equal((u, s, m), (spec!.Usage, spec.Selector, spec.MatchingType));
    }

    [Theory]
    [InlineData(null, null, null, null, null, null, null, "--host:")]
    [InlineData("bad..name", null, null, null, null, null, null, "--host:")]
    [InlineData("mx.example", "0", null, null, null, null, null, "--port:")]
    [InlineData("mx.example", "65536", null, null, null, null, null, "--port:")]
    [InlineData("mx.example", "twenty-five", null, null, null, null, null, "--port:")]
    [InlineData("mx.example", null, "http", null, null, null, null, "--proto:")]
    [InlineData("mx.example", null, null, "4", null, null, null, "--usage:")]
    [InlineData("mx.example", null, null, "PrivCert", null, null, null, "--usage:")]
    [InlineData("mx.example", null, null, null, "2", null, null, "--selector:")]
    [InlineData("mx.example", null, null, null, null, "3", null, "--mtype:")]
    [InlineData("mx.example", null, null, null, null, "SHA1", null, "--mtype:")]
    [InlineData("mx.example", null, null, null, null, null, "-1", "--ttl:")]
    [InlineData("mx.example", null, null, null, null, null, "4294967296", "--ttl:")]
    public void BadCommandLineValuesNameTheirField(string? host, string? port, string? proto, string? usage, string? selector, string? mtype,
        string? ttl, string field)
    {
        Assert.False(TlsaRecordSpec.TryCreate(host, port, proto, usage, selector, mtype, ttl, out var spec, out var problem));
        Assert.Null(spec);
        Assert.StartsWith(field, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CertificatesLoadFromPemChainAndDer()
    {
        using var leaf = Create("ec", "CN=leaf");
        using var ca = Create("rsa", "CN=ca");
        var pem = Encoding.ASCII.GetBytes("junk before\n" + PemEncoding.WriteString("CERTIFICATE", leaf.RawData) + "\n"
            + PemEncoding.WriteString("CERTIFICATE", ca.RawData) + "\n");

        Assert.True(TlsaGeneratorInput.TryLoadCertificates(pem, out var chain, out var problem), problem);
        Assert.Equal(["CN=leaf", "CN=ca"], chain.Select(c => c.Subject));
        Assert.True(TlsaGeneratorInput.TryLoadCertificates(leaf.RawData, out var der, out _));
        Assert.Equal(leaf.RawData, der[0].RawData);
        foreach (var c in chain.Concat(der))
        {
            c.Dispose();
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    [InlineData("-----BEGIN CERTIFICATE-----\n!!not base64!!\n-----END CERTIFICATE-----\n")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")]
    public void GarbageIsAProblemNotAnException(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Assert.False(TlsaGeneratorInput.TryLoadCertificates(bytes, out var certificates, out var problem));
        Assert.Empty(certificates);
        Assert.False(string.IsNullOrEmpty(problem));
        Assert.False(TlsaGeneratorInput.TryLoadSubjectPublicKeyInfo(bytes, out _, out problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void TruncatedDerCertificateIsAProblem()
    {
        using var certificate = Create("rsa");
        Assert.False(TlsaGeneratorInput.TryLoadCertificates(certificate.RawData.AsSpan(0, 100), out _, out var problem));
        Assert.NotNull(problem);
    }
}
