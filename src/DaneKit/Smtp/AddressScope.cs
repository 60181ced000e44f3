using System.Net;
using System.Net.Sockets;

namespace DaneKit.Smtp;

/// <summary>
/// Whether an address is on the public Internet. A service that checks names users give it (the monitor) refuses the
/// rest, so it cannot be turned into a scanner of its own network (SSRF): loopback, private (RFC 1918, RFC 4193),
/// link-local, carrier-grade NAT (RFC 6598), documentation, benchmarking, multicast, reserved and unspecified ranges,
/// and IPv4 reached through IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 addresses is judged as that IPv4 address.
/// </summary>
public static class AddressScope
{
    private static readonly (IPAddress Network, int Bits, string What)[] V4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8, "\"this network\" (RFC 1122)"),
        (IPAddress.Parse("10.0.0.0"), 8, "private (RFC 1918)"),
        (IPAddress.Parse("100.64.0.0"), 10, "carrier-grade NAT (RFC 6598)"),
        (IPAddress.Parse("127.0.0.0"), 8, "loopback"),
        (IPAddress.Parse("169.254.0.0"), 16, "link-local"),
        (IPAddress.Parse("172.16.0.0"), 12, "private (RFC 1918)"),
        (IPAddress.Parse("192.0.0.0"), 24, "IETF protocol assignments (RFC 6890)"),
        (IPAddress.Parse("192.0.2.0"), 24, "documentation (RFC 5737)"),
        (IPAddress.Parse("192.88.99.0"), 24, "6to4 relay anycast (deprecated)"),
        (IPAddress.Parse("192.168.0.0"), 16, "private (RFC 1918)"),
        (IPAddress.Parse("198.18.0.0"), 15, "benchmarking (RFC 2544)"),
        (IPAddress.Parse("198.51.100.0"), 24, "documentation (RFC 5737)"),
        (IPAddress.Parse("203.0.113.0"), 24, "documentation (RFC 5737)"),
        (IPAddress.Parse("224.0.0.0"), 4, "multicast"),
        (IPAddress.Parse("240.0.0.0"), 4, "reserved"),
    ];

    private static readonly (IPAddress Network, int Bits, string What)[] V6 =
    [
        (IPAddress.Parse("::"), 128, "unspecified"),
        (IPAddress.Parse("::1"), 128, "loopback"),
        (IPAddress.Parse("100::"), 64, "discard-only (RFC 6666)"),
        (IPAddress.Parse("2001:db8::"), 32, "documentation (RFC 3849)"),
        (IPAddress.Parse("3fff::"), 20, "documentation (RFC 9637)"),
        (IPAddress.Parse("2001::"), 23, "IETF protocol assignments (RFC 2928)"),
        (IPAddress.Parse("fc00::"), 7, "unique local (RFC 4193)"),
        (IPAddress.Parse("fe80::"), 10, "link-local"),
        (IPAddress.Parse("fec0::"), 10, "site-local (deprecated)"),
        (IPAddress.Parse("ff00::"), 8, "multicast"),
    ];

    /// <summary>Why <paramref name="address"/> is not a public Internet address, or <see langword="null"/> when it is.</summary>
    /// <param name="address">The address.</param>
    /// <returns>The reason, e.g. <c>127.0.0.1 is loopback</c>.</returns>
    public static string? WhyNotPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var v4 = Embedded4(address);
        if (v4 is not null)
        {
            foreach (var (network, bits, what) in V4)
            {
                if (InPrefix(v4, network, bits))
                {
                    return $"{address} is {what}";
                }
            }

            return null;
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return $"{address} is not an IP address";
        }

        foreach (var (network, bits, what) in V6)
        {
            if (InPrefix(address, network, bits))
            {
                return $"{address} is {what}";
            }
        }

        // Only global unicast (2000::/3) is public.
        return (address.GetAddressBytes()[0] & 0xE0) == 0x20 ? null : $"{address} is outside global unicast (2000::/3)";
    }

    /// <summary>The IPv4 address an address stands for (itself, IPv4-mapped, NAT64 64:ff9b::/96, 6to4 2002::/16), or null.</summary>
    private static IPAddress? Embedded4(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        if (b.Length == 16 && b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(b.AsSpan(12, 4));
        }

        if (b.Length == 16 && b[0] == 0x20 && b[1] == 0x02)
        {
            return new IPAddress(b.AsSpan(2, 4));
        }

        return null;
    }

    private static bool InPrefix(IPAddress address, IPAddress network, int bits)
    {
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        if (a.Length != n.Length)
        {
            return false;
        }

        var whole = bits / 8;
        if (!a.AsSpan(0, whole).SequenceEqual(n.AsSpan(0, whole)))
        {
            return false;
        }

        var rest = bits % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (a[whole] & mask) == (n[whole] & mask);
    }
}
