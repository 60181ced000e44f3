using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using Xunit.Abstractions;
using static DaneKit.Tests.Dnssec.Validator.ValidatorAssert;

namespace DaneKit.Tests.Dnssec.Validator;

/// <summary>
/// KeyTrap (CVE-2023-50387): many DNSKEYs sharing one key tag and many RRSIGs naming it must cost a bounded
/// number of signature verifications, and end Bogus with a reason naming the bound (dane-rules 8).
/// </summary>
public sealed class KeyTrapTests(ITestOutputHelper output)
{
    private const int CollidingKeys = 50;
    private const int Signatures = 30;

    /// <summary>The hierarchy with 50 colliding keys in child.example.'s (validly signed) DNSKEY RRset and 30 bogus RRSIGs over the TLSA RRset.</summary>
    private static (SignedHierarchy H, ushort Tag) Trap()
    {
        var h = new SignedHierarchy();
        var tag = (ushort)(h.Child.Zsk!.KeyTag ^ 0x5A5A);
        h.Child.ExtraKeys.AddRange(TestSigner.CollidingKeys(tag, CollidingKeys));
        h.Source.Tamper = (name, type, l) => type == DnsType.TLSA
            ? l with { Answers = [.. l.Answers.Where(r => r.Type == DnsType.TLSA), .. BogusSignatures(l.Answers.First(r => r.Type == DnsType.RRSIG), tag)] }
            : l;
        return (h, tag);
    }

    private static IEnumerable<DnsResourceRecord> BogusSignatures(DnsResourceRecord real, ushort tag)
    {
        var s = (RrsigData)real.Data;
        for (var i = 0; i < Signatures; i++)
        {
            yield return real with
            {
                Data = new RrsigData(s.TypeCovered, s.Algorithm, s.Labels, s.OriginalTtl, s.SignatureExpiration, s.SignatureInception,
                    tag, s.SignerName, RandomNumberGenerator.GetBytes(64)),
            };
        }
    }

    [Fact]
    public void TheCraftedKeysCollide()
    {
        var keys = TestSigner.CollidingKeys(4242, CollidingKeys);
        Assert.Equal(CollidingKeys, keys.Distinct().Count());
        Assert.All(keys, k => Assert.Equal(4242, k.KeyTag));
    }

    [Fact]
    public async Task CollidingKeyTagsAndManySignaturesAreBoundedAndBogus()
    {
        var (h, tag) = Trap();
        var options = new ValidatorOptions();

        var clock = Stopwatch.StartNew();
        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA, options);
        clock.Stop();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"KeyTrap: {CollidingKeys} keys with tag {tag}, {Signatures} RRSIGs: {a.Status} in {clock.Elapsed.TotalMilliseconds:F1} ms, {a.Verifications} verifications (budget {options.MaxSignatureVerifications})"));
        output.WriteLine(Explain(a));

        Status(SecurityStatus.Bogus, a);
        Assert.True(a.Verifications <= options.MaxSignatureVerifications, $"{a.Verifications} verifications > {options.MaxSignatureVerifications}");
        Assert.True(a.Verifications <= 3 + 2 + (options.MaxSignaturesPerRrset * options.MaxKeysPerSignature), $"{a.Verifications} verifications");
        var bound = Failure(a, SignedHierarchy.Tlsa, DnsType.TLSA, "KeyTrap bound");
        Assert.Equal("CVE-2023-50387", bound.Rfc);
        Failure(a, SignedHierarchy.Tlsa, DnsType.TLSA, $"more than {options.MaxKeysPerSignature} DNSKEYs share key tag {tag}");
        Failure(a, SignedHierarchy.Tlsa, DnsType.TLSA, $"more than {options.MaxSignaturesPerRrset} signatures tried");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(16)]
    public async Task ASmallVerificationBudgetRunsOutAsBogusNotAnException(int budget)
    {
        var (h, _) = Trap();
        var options = new ValidatorOptions { MaxSignatureVerifications = budget };

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA, options);
        output.WriteLine(Explain(a));

        Status(SecurityStatus.Bogus, a);
        var reason = Failure(a, null, null, $"signature verification budget of {budget} exhausted", "KeyTrap bound");
        Assert.Equal("CVE-2023-50387", reason.Rfc);
        Assert.True(a.Verifications <= budget, $"ValidatedAnswer.Verifications is {a.Verifications}, over the budget of {budget}");
    }

    [Fact]
    public async Task ManySignaturesOverTheDnskeyRRsetAreBounded()
    {
        var h = new SignedHierarchy();
        var ksk = h.Child.Ksk!.KeyTag;
        h.Source.Tamper = (name, type, l) => type == DnsType.DNSKEY && name.Equals(h.Child.Apex)
            ? l with { Answers = [.. l.Answers.Where(r => r.Type == DnsType.DNSKEY), .. BogusSignatures(l.Answers.First(r => r.Type == DnsType.RRSIG), ksk)] }
            : l;
        var options = new ValidatorOptions();

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA, options);

        Status(SecurityStatus.Bogus, a);
        Assert.True(a.Verifications <= options.MaxSignatureVerifications);
        Failure(a, h.Child.Apex, DnsType.DNSKEY, $"more than {options.MaxSignaturesPerRrset} signatures tried");
    }

    [Fact]
    public async Task ManyDsRecordsAreBounded()
    {
        var h = new SignedHierarchy();
        var junk = Enumerable.Range(0, 20).Select(i => new DsData(h.Child.Ksk!.KeyTag, 13, 2, RandomNumberGenerator.GetBytes(32))).ToArray();
        h.SetChildDs(junk);
        var options = new ValidatorOptions();

        var a = await h.ValidateAsync(SignedHierarchy.Tlsa, DnsType.TLSA, options);

        Status(SecurityStatus.Bogus, a);
        Reason(a, ReasonKind.Warning, h.Child.Apex, DnsType.DS, $"more than {options.MaxDsRecords} DS records");
        Failure(a, h.Child.Apex, DnsType.DNSKEY, "no DNSKEY matches");
    }
}
