using System.Net;
using DaneKit.Dnssec;
using DaneKit.Smtp;

namespace DaneKit.Tests.Check;

/// <summary>The SSRF guard: which addresses are public, and a refused address is never probed.</summary>
public sealed class AddressScopeTests
{
    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("193.0.14.129")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2a00:1450:4001::1")]
    public void PublicAddressesAreAllowed(string address) => Assert.Null(AddressScope.WhyNotPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.53.53.53", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("0.0.0.0", "this network")]
    [InlineData("192.0.2.1", "documentation")]
    [InlineData("198.18.0.1", "benchmarking")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("::1", "loopback")]
    [InlineData("::", "unspecified")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fd00::1", "unique local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("2001:db8::1", "documentation")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    [InlineData("2002:c0a8:0101::1", "private")]
    [InlineData("3fff::1", "documentation")]
    [InlineData("4000::1", "outside global unicast")]
    public void OtherAddressesAreRefusedWithTheReason(string address, string why)
    {
        var reason = AddressScope.WhyNotPublic(IPAddress.Parse(address));
        Assert.NotNull(reason);
        Assert.Contains(why, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheEdgesOfARangeAreExact()
    {
        Assert.Null(AddressScope.WhyNotPublic(IPAddress.Parse("172.15.255.255")));
        Assert.Null(AddressScope.WhyNotPublic(IPAddress.Parse("172.32.0.0")));
        Assert.Null(AddressScope.WhyNotPublic(IPAddress.Parse("100.63.255.255")));
        Assert.Null(AddressScope.WhyNotPublic(IPAddress.Parse("100.128.0.0")));
    }

    [Fact]
    public async Task ARefusedAddressIsNeverProbedAndTheVerdictIsDeferred()
    {
        using var w = new CheckWorld();
        w.Options = w.Options with { RefuseAddress = AddressScope.WhyNotPublic, MtaSts = false };
        var r = await w.CheckAsync();

        Assert.Empty(w.Prober.Calls);
        var address = Assert.Single(Assert.Single(r.Hosts).Addresses);
        Assert.Equal(SmtpProbeFailureKind.TargetRefused, address.Probe!.Failure!.Kind);
        Assert.Contains("192.0.2.1 is documentation", address.Probe.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(DaneVerdict.Deferred, r.Verdict);
        Assert.Equal(SecurityStatus.Secure, r.Hosts[0].AddressStatus);
    }
}
