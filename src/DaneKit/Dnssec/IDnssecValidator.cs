using DaneKit.Dns;

namespace DaneKit.Dnssec;

/// <summary>Something that gives DNS answers with a DNSSEC status: DaneKit's own validator, or a trusted resolver's AD bit.</summary>
public interface IDnssecValidator
{
    /// <summary>Looks up NAME/TYPE and says how secure the answer is, and why.</summary>
    /// <param name="name">The name.</param>
    /// <param name="type">The type.</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    /// <returns>The answer with its status; never throws for DNS or network problems.</returns>
    Task<ValidatedAnswer> ValidateAsync(DnsName name, DnsType type, CancellationToken cancellationToken = default);
}
