using System.Text;
using DaneKit.Dns;

namespace DaneKit.Dnssec.Denial;

/// <summary>Name arithmetic shared by the NSEC and NSEC3 proofs.</summary>
internal static class DenialNames
{
    /// <summary>The longest common ancestor of two names (the root when they share no label).</summary>
    public static DnsName CommonAncestor(DnsName a, DnsName b)
    {
        var n = Math.Min(a.LabelCount, b.LabelCount);
        var k = 0;
        while (k < n && Ascii.EqualsIgnoreCase(a.Label(a.LabelCount - 1 - k), b.Label(b.LabelCount - 1 - k)))
        {
            k++;
        }

        return a.Suffix(k);
    }

    /// <summary>True when <paramref name="name"/> lies strictly below <paramref name="ancestor"/>.</summary>
    public static bool IsStrictlyBelow(DnsName name, DnsName ancestor) =>
        name.LabelCount > ancestor.LabelCount && name.IsSubdomainOf(ancestor);

    /// <summary>The wildcard <c>*.name</c>, or null when it would exceed 255 octets.</summary>
    public static DnsName? Wildcard(DnsName name)
    {
        if (name.WireLength + 2 > DnsName.MaxWireLength)
        {
            return null;
        }

        return DnsName.Concat(DnsName.FromWire([1, (byte)'*', 0]), name);
    }
}
