using DaneKit.Dns.Presentation;
using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Records;

/// <summary>
/// Base of the record types whose RDATA is one domain name: NS, CNAME, PTR (RFC 1035 3.3) and DNAME (RFC 6672).
/// <code>
/// /                   NAME                        /
/// </code>
/// </summary>
public abstract class SingleNameData : DnsRecordData
{
    /// <summary>Creates the RDATA.</summary>
    /// <param name="target">The name.</param>
    protected SingleNameData(DnsName target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
    }

    /// <summary>The name in the RDATA.</summary>
    public DnsName Target { get; }

    /// <summary>Whether the name may be compressed on the wire (RFC 1035 types only, RFC 3597 4).</summary>
    private protected abstract bool Compressible { get; }

    /// <inheritdoc/>
    internal override void WriteData(DnsWireWriter writer, bool canonical) =>
        writer.WriteName(Target, compress: Compressible, canonical: canonical);

    /// <inheritdoc/>
    public override string ToString() => Target.ToString();

    private protected static DnsName ParseOne(RdataTextReader r, string type)
    {
        var n = r.Name($"{type} target");
        r.End(type);
        return n;
    }
}

/// <summary>NS: an authoritative name server for the owner (RFC 1035 3.3.11).</summary>
/// <param name="target">The server's name.</param>
public sealed class NsData(DnsName target) : SingleNameData(target)
{
    /// <inheritdoc/>
    public override DnsType Type => DnsType.NS;

    private protected override bool Compressible => true;

    internal static NsData Read(ref DnsWireReader r) => new(r.ReadName());

    internal static NsData Parse(RdataTextReader r) => new(ParseOne(r, "NS"));
}

/// <summary>CNAME: the canonical name the owner is an alias for (RFC 1035 3.3.1).</summary>
/// <param name="target">The canonical name.</param>
public sealed class CnameData(DnsName target) : SingleNameData(target)
{
    /// <inheritdoc/>
    public override DnsType Type => DnsType.CNAME;

    private protected override bool Compressible => true;

    internal static CnameData Read(ref DnsWireReader r) => new(r.ReadName());

    internal static CnameData Parse(RdataTextReader r) => new(ParseOne(r, "CNAME"));
}

/// <summary>PTR: a pointer to another name (RFC 1035 3.3.12).</summary>
/// <param name="target">The name pointed to.</param>
public sealed class PtrData(DnsName target) : SingleNameData(target)
{
    /// <inheritdoc/>
    public override DnsType Type => DnsType.PTR;

    private protected override bool Compressible => true;

    internal static PtrData Read(ref DnsWireReader r) => new(r.ReadName());

    internal static PtrData Parse(RdataTextReader r) => new(ParseOne(r, "PTR"));
}

/// <summary>
/// DNAME: redirects the whole subtree below the owner to the target (RFC 6672 2.1). Its name is never
/// compressed when written (RFC 6672 2.5) but is lowercased in canonical form (RFC 4034 6.2 as updated).
/// </summary>
/// <param name="target">The target of the redirection.</param>
public sealed class DnameData(DnsName target) : SingleNameData(target)
{
    /// <inheritdoc/>
    public override DnsType Type => DnsType.DNAME;

    private protected override bool Compressible => false;

    internal static DnameData Read(ref DnsWireReader r) => new(r.ReadName());

    internal static DnameData Parse(RdataTextReader r) => new(ParseOne(r, "DNAME"));
}
