namespace DaneKit.Dns;

/// <summary>The question of a message (RFC 1035 4.1.2).</summary>
/// <param name="Name">The name asked about.</param>
/// <param name="Type">The type asked for.</param>
/// <param name="Class">The class, normally <see cref="DnsClass.IN"/>.</param>
public sealed record DnsQuestion(DnsName Name, DnsType Type, DnsClass Class = DnsClass.IN)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Class.ToText()} {Type.ToText()}";
}
