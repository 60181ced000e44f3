using System.Security.Cryptography;
using System.Text;
using DaneKit.Dns.Records;
using DaneKit.Rollover;
using DaneKit.Tlsa;
using static DaneKit.Tests.Rollover.RolloverTestPki;

namespace DaneKit.Tests.Rollover;

/// <summary>
/// <see cref="RolloverCredential"/>: reading keys and certificates, the 3 1 1 and 2 1 1 records made of them (RFC 7671
/// 5.1, 5.2), and which published records would authenticate them (RFC 7672 3.1.1, 3.1.2, 3.2.3).
/// </summary>
public sealed class RolloverCredentialTests
{
    private static readonly DaneReferenceNames Names = new(Host, Host, null);

    [Fact]
    public void PemChainLoadsLeafFirstWithTheIssuer()
    {
        using var caKey = NewEcKey();
        using var ca = Ca(caKey);
        using var leafKey = NewEcKey();
        using var leaf = Leaf(leafKey, ca, caKey);

        using var credential = Chain("fullchain.pem", leaf, ca);

        Assert.Equal("fullchain.pem", credential.Source);
        Assert.Equal(2, credential.Chain.Count);
        Assert.Equal(leaf.Thumbprint, credential.Leaf!.Thumbprint);
        Assert.Equal(ca.Thumbprint, credential.Issuer!.Thumbprint);
        Assert.Equal(leafKey.ExportSubjectPublicKeyInfo(), credential.SubjectPublicKeyInfo.ToArray());
    }

    [Fact]
    public void DerCertificateLoads()
    {
        using var key = NewEcKey();
        using var cert = SelfSignedLeaf(key);

        using var credential = Load(cert.RawData, "cert.der");

        var only = Assert.Single(credential.Chain);
        Assert.Equal(cert.Thumbprint, only.Thumbprint);
        Assert.Null(credential.Issuer);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), credential.SubjectPublicKeyInfo.ToArray());
    }

    public static TheoryData<string> KeyForms() => ["ec-pkcs8-pem", "ec-sec1-pem", "ec-spki-pem", "ec-spki-der", "ec-pkcs8-der"];

    [Theory]
    [MemberData(nameof(KeyForms))]
    public void EcKeyInEveryFormLoadsAsABareKey(string form)
    {
        using var key = NewEcKey();
        var content = form switch
        {
            "ec-pkcs8-pem" => Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()),
            "ec-sec1-pem" => Encoding.ASCII.GetBytes(key.ExportECPrivateKeyPem()),
            "ec-spki-pem" => Encoding.ASCII.GetBytes(key.ExportSubjectPublicKeyInfoPem()),
            "ec-spki-der" => key.ExportSubjectPublicKeyInfo(),
            "ec-pkcs8-der" => key.ExportPkcs8PrivateKey(),
            _ => throw new ArgumentOutOfRangeException(nameof(form)),
        };

        using var credential = Load(content, form);

        Assert.Empty(credential.Chain);
        Assert.Null(credential.Leaf);
        Assert.Null(credential.Issuer);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), credential.SubjectPublicKeyInfo.ToArray());
        Assert.Equal(EndEntity(key), credential.EndEntityRecord().ToString());
    }

    [Theory]
    [InlineData("pkcs8")]
    [InlineData("pkcs1")]
    [InlineData("public")]
    public void RsaKeyLoads(string form)
    {
        using var key = RSA.Create(2048);
        var pem = form switch
        {
            "pkcs8" => key.ExportPkcs8PrivateKeyPem(),
            "pkcs1" => key.ExportRSAPrivateKeyPem(),
            _ => key.ExportSubjectPublicKeyInfoPem(),
        };

        using var credential = Load(pem, "rsa.pem");

        Assert.Empty(credential.Chain);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), credential.SubjectPublicKeyInfo.ToArray());
        Assert.Equal(EndEntity(key), credential.EndEntityRecord().ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello, world")]
    [InlineData("-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n")]
    public void GarbageIsRefusedWithAOneLineProblem(string text)
    {
        var ok = RolloverCredential.TryLoad(Encoding.ASCII.GetBytes(text), "garbage.pem", out var credential, out var problem);

        Assert.False(ok);
        Assert.Null(credential);
        Assert.False(string.IsNullOrWhiteSpace(problem));
        Assert.DoesNotContain('\n', problem);
        Assert.DoesNotContain('\r', problem);
        Assert.StartsWith("neither a certificate (", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomBytesAreRefused()
    {
        var bytes = new byte[300];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x30;

        Assert.False(RolloverCredential.TryLoad(bytes, "random.bin", out var credential, out var problem));
        Assert.Null(credential);
        Assert.DoesNotContain('\n', problem!);
    }

    [Fact]
    public void EndEntityRecordIsSha256OfTheSpkiAsDaneEeSpki()
    {
        using var key = NewEcKey();
        using var credential = KeyOnly(key);

        var record = credential.EndEntityRecord();

        Assert.Equal(TlsaUsage.DaneEe, record.Usage);
        Assert.Equal(TlsaSelector.Spki, record.Selector);
        Assert.Equal(TlsaMatchingType.Sha256, record.MatchingType);
        Assert.Equal(SHA256.HashData(key.ExportSubjectPublicKeyInfo()), record.CertificateAssociationData.ToArray());
        Assert.Equal("3 1 1 " + Spki256(key), record.ToString());
    }

    [Fact]
    public void EndEntityRecordWithSha512()
    {
        using var key = NewEcKey();
        using var credential = KeyOnly(key);

        var record = credential.EndEntityRecord(TlsaMatchingType.Sha512);

        Assert.Equal("3 1 2 " + Convert.ToHexString(SHA512.HashData(key.ExportSubjectPublicKeyInfo())), record.ToString());
    }

    [Fact]
    public void EndEntityRecordOfACertificateIsItsKeysNotTheCertificates()
    {
        using var key = NewEcKey();
        using var cert = SelfSignedLeaf(key);
        using var credential = Chain("cert.pem", cert);

        Assert.Equal(EndEntity(key), credential.EndEntityRecord().ToString());
    }

    [Fact]
    public void IssuerRecordOnlyWithAChain()
    {
        using var caKey = NewEcKey();
        using var ca = Ca(caKey);
        using var leafKey = NewEcKey();
        using var leaf = Leaf(leafKey, ca, caKey);
        using var withChain = Chain("fullchain.pem", leaf, ca);
        using var leafOnly = Chain("cert.pem", leaf);
        using var bare = KeyOnly(leafKey);

        var issuer = withChain.IssuerRecord();

        Assert.NotNull(issuer);
        Assert.Equal("2 1 1 " + Spki256(caKey), issuer.ToString());
        Assert.Null(leafOnly.IssuerRecord());
        Assert.Null(bare.IssuerRecord());
    }

    [Theory]
    [InlineData(TlsaMatchingType.Sha256)]
    [InlineData(TlsaMatchingType.Sha512)]
    [InlineData(TlsaMatchingType.Full)]
    public void BareKeyMatchesDaneEeSpkiOfItsKey(TlsaMatchingType matching)
    {
        using var key = NewEcKey();
        using var credential = KeyOnly(key);

        Assert.True(credential.IsMatchedBy(Record(TlsaUsage.DaneEe, TlsaSelector.Spki, matching, key.ExportSubjectPublicKeyInfo()), Names, Now));
    }

    [Fact]
    public void BareKeyDoesNotMatchAnotherKey()
    {
        using var key = NewEcKey();
        using var other = NewEcKey();
        using var credential = KeyOnly(key);

        Assert.False(credential.IsMatchedBy(Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, other.ExportSubjectPublicKeyInfo()), Names, Now));
        Assert.False(credential.IsMatchedBy(Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha512, other.ExportSubjectPublicKeyInfo()), Names, Now));
    }

    [Fact]
    public void BareKeyCannotMatchAFullCertificateRecord()
    {
        // 3 0 1 hashes the whole certificate: a bare key cannot tell, even when the certificate carries this very key.
        using var key = NewEcKey();
        using var cert = SelfSignedLeaf(key);
        using var credential = KeyOnly(key);

        Assert.False(credential.IsMatchedBy(Record(TlsaUsage.DaneEe, TlsaSelector.Cert, TlsaMatchingType.Sha256, cert.RawData), Names, Now));
    }

    [Theory]
    [InlineData(TlsaSelector.Spki, TlsaMatchingType.Sha256)]
    [InlineData(TlsaSelector.Spki, TlsaMatchingType.Sha512)]
    [InlineData(TlsaSelector.Cert, TlsaMatchingType.Sha256)]
    public void BareKeyNeverMatchesDaneTa(TlsaSelector selector, TlsaMatchingType matching)
    {
        using var key = NewEcKey();
        using var credential = KeyOnly(key);

        // Even a 2 x x made of the key itself: a trust anchor needs a chain.
        Assert.False(credential.IsMatchedBy(Record(TlsaUsage.DaneTa, selector, matching, key.ExportSubjectPublicKeyInfo()), Names, Now));
    }

    [Fact]
    public void BareKeyIgnoresPrivateMatchingTypes()
    {
        using var key = NewEcKey();
        using var credential = KeyOnly(key);
        var spki = key.ExportSubjectPublicKeyInfo();

        Assert.False(credential.IsMatchedBy(new TlsaData(TlsaUsage.DaneEe, TlsaSelector.Spki, (TlsaMatchingType)255, SHA256.HashData(spki)), Names, Now));
    }

    [Fact]
    public void CertificateMatchesItsFullCertificateRecordAndItsKeyRecord()
    {
        using var key = NewEcKey();
        using var cert = SelfSignedLeaf(key);
        using var credential = Chain("cert.pem", cert);

        Assert.True(credential.IsMatchedBy(Record(TlsaUsage.DaneEe, TlsaSelector.Cert, TlsaMatchingType.Sha256, cert.RawData), Names, Now));
        Assert.True(credential.IsMatchedBy(Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, key.ExportSubjectPublicKeyInfo()), Names, Now));
        Assert.True(credential.IsMatchedBy(Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha512, key.ExportSubjectPublicKeyInfo()), Names, Now));
    }

    [Fact]
    public void CertificateDoesNotMatchAnotherCertificateOfTheSameKeyBy301()
    {
        using var key = NewEcKey();
        using var cert = SelfSignedLeaf(key);
        using var renewed = SelfSignedLeaf(key);
        using var credential = Chain("renewed.pem", renewed);

        Assert.False(credential.IsMatchedBy(Record(TlsaUsage.DaneEe, TlsaSelector.Cert, TlsaMatchingType.Sha256, cert.RawData), Names, Now));
        // ... but the key record still matches: that is why 3 1 1 survives renewals with the same key.
        Assert.True(credential.IsMatchedBy(Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, key.ExportSubjectPublicKeyInfo()), Names, Now));
    }

    [Fact]
    public void DaneEeIgnoresExpiry()
    {
        using var key = NewEcKey();
        using var cert = SelfSignedLeaf(key);
        using var credential = Chain("cert.pem", cert);

        // RFC 7672 3.1.1: DANE-EE does not look at the validity period.
        Assert.True(credential.IsMatchedBy(Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, key.ExportSubjectPublicKeyInfo()), Names,
            NotAfter.AddYears(3)));
    }

    [Fact]
    public void IssuingCaRecordMatchesWhenTheLeafNameIsRight()
    {
        using var caKey = NewEcKey();
        using var ca = Ca(caKey);
        using var leafKey = NewEcKey();
        using var leaf = Leaf(leafKey, ca, caKey, "mx.example.com");
        using var credential = Chain("fullchain.pem", leaf, ca);

        Assert.True(credential.IsMatchedBy(Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, caKey.ExportSubjectPublicKeyInfo()), Names, Now));
        Assert.True(credential.IsMatchedBy(Record(TlsaUsage.DaneTa, TlsaSelector.Cert, TlsaMatchingType.Sha256, ca.RawData), Names, Now));
        Assert.True(credential.IsMatchedBy(credential.IssuerRecord()!, Names, Now));
    }

    [Fact]
    public void IssuingCaRecordMatchesByTheMxHostNameToo()
    {
        using var caKey = NewEcKey();
        using var ca = Ca(caKey);
        using var leafKey = NewEcKey();
        using var leaf = Leaf(leafKey, ca, caKey, "mx.example.com");
        using var credential = Chain("fullchain.pem", leaf, ca);

        // The TLSA base domain is a CNAME target; the leaf names the MX host (RFC 7672 3.2.2: either will do).
        Assert.True(credential.IsMatchedBy(credential.IssuerRecord()!, new DaneReferenceNames("smtp.hoster.example.", Host, null), Now));
    }

    [Fact]
    public void IssuingCaRecordDoesNotMatchALeafForAnotherName()
    {
        using var caKey = NewEcKey();
        using var ca = Ca(caKey);
        using var leafKey = NewEcKey();
        using var leaf = Leaf(leafKey, ca, caKey, "www.example.net");
        using var credential = Chain("fullchain.pem", leaf, ca);

        // RFC 7672 3.2.3: with DANE-TA the leaf must carry one of the reference names.
        Assert.False(credential.IsMatchedBy(credential.IssuerRecord()!, Names, Now));
        // A DANE-EE record of the same leaf needs no name check.
        Assert.True(credential.IsMatchedBy(credential.EndEntityRecord(), Names, Now));
    }

    [Fact]
    public void IssuingCaRecordDoesNotMatchWhenTheCaIsNotServed()
    {
        using var caKey = NewEcKey();
        using var ca = Ca(caKey);
        using var leafKey = NewEcKey();
        using var leaf = Leaf(leafKey, ca, caKey);
        using var leafOnly = Chain("cert.pem", leaf);

        Assert.False(leafOnly.IsMatchedBy(Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, caKey.ExportSubjectPublicKeyInfo()), Names, Now));
    }

    [Fact]
    public void AnotherCasRecordDoesNotMatch()
    {
        using var caKey = NewEcKey();
        using var ca = Ca(caKey);
        using var otherCaKey = NewEcKey();
        using var leafKey = NewEcKey();
        using var leaf = Leaf(leafKey, ca, caKey);
        using var credential = Chain("fullchain.pem", leaf, ca);

        Assert.False(credential.IsMatchedBy(Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, otherCaKey.ExportSubjectPublicKeyInfo()), Names, Now));
    }

    [Fact]
    public void IssuingCaRecordDoesNotMatchAfterTheLeafExpires()
    {
        using var caKey = NewEcKey();
        using var ca = Ca(caKey);
        using var leafKey = NewEcKey();
        using var leaf = Leaf(leafKey, ca, caKey, notAfter: new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        using var credential = Chain("fullchain.pem", leaf, ca);

        // DANE-TA checks validity (RFC 7672 3.1.2); the pinned now is past the leaf's notAfter.
        Assert.False(credential.IsMatchedBy(credential.IssuerRecord()!, Names, Now));
        Assert.True(credential.IsMatchedBy(credential.IssuerRecord()!, Names, new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void DisposeDisposesTheChain()
    {
        using var key = NewEcKey();
        using var cert = SelfSignedLeaf(key);
        var credential = Chain("cert.pem", cert);

        credential.Dispose();

        Assert.Equal(IntPtr.Zero, credential.Leaf!.Handle);
    }
}
