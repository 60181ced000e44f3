using System.Net;
using DaneKit.Dns;
using DaneKit.Dns.Resolver;

namespace DaneKit.Dnssec;

/// <summary>
/// Takes a resolver's word for DNSSEC: AD set means Secure, no AD means Insecure, SERVFAIL with a DNSSEC
/// Extended DNS Error means Bogus (RFC 6840 5.7, RFC 8914). This is what Postfix does; it is only sound
/// when the path to the resolver cannot be tampered with, so by default only a loopback resolver is
/// accepted (RFC 4035 4.9.3, RFC 7672 2.1.3). Every answer's reasons say that the AD bit was trusted.
/// </summary>
public sealed class AdTrustingValidator : IDnssecValidator
{
    private readonly StubResolver _resolver;
    private readonly string _server;

    /// <summary>Creates the validator.</summary>
    /// <param name="resolver">The validating resolver to trust.</param>
    /// <param name="force">Accept a resolver that is not on loopback.</param>
    /// <param name="options">Timeouts and transport options (servers, DO and CD are set here).</param>
    /// <param name="transport">The transport, or real sockets.</param>
    /// <exception cref="ArgumentException">The resolver is not on loopback and <paramref name="force"/> is false.</exception>
    public AdTrustingValidator(IPEndPoint resolver, bool force = false, StubResolverOptions? options = null, IDnsTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        if (!IPAddress.IsLoopback(resolver.Address) && !force)
        {
            throw new ArgumentException(
                $"refusing to trust the AD bit of {resolver}: it is not on loopback, so an attacker on the path could set it (RFC 4035 4.9.3); force it if the path is secured",
                nameof(resolver));
        }

        _server = resolver.ToString();
        _resolver = new StubResolver((options ?? new StubResolverOptions()) with { Servers = [resolver], DnssecOk = true, CheckingDisabled = false }, transport);
        Forced = !IPAddress.IsLoopback(resolver.Address);
    }

    /// <summary>True when the resolver is not on loopback and was accepted only because it was forced.</summary>
    public bool Forced { get; }

    /// <inheritdoc/>
    public async Task<ValidatedAnswer> ValidateAsync(DnsName name, DnsType type, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var question = new DnsQuestion(name, type);
        var trust = Forced
            ? $"trusting the AD bit of {_server}, which is NOT on loopback (forced)"
            : $"trusting the AD bit of {_server} on loopback";
        var reasons = new List<ValidationReason> { new(name, type, trust, "RFC 6840 5.7", Forced ? ReasonKind.Warning : ReasonKind.Evidence) };
        var result = await _resolver.QueryAsync(name, type, cancellationToken).ConfigureAwait(false);
        if (result.Response is not { } m)
        {
            reasons.Add(new(name, type, $"no response: {result.Error}", "RFC 4035 4.3", ReasonKind.Failure));
            return Answer(SecurityStatus.Indeterminate, DnsResponseCode.ServFail, [], false);
        }

        if (m.ResponseCode is not (DnsResponseCode.NoError or DnsResponseCode.NXDomain))
        {
            // EDE 1-12 are DNSSEC failures (RFC 8914 4.2-4.13); without one a SERVFAIL says nothing about DNSSEC.
            var dnssecError = m.ExtendedErrors.FirstOrDefault(e => e.InfoCode is >= 1 and <= 12 and not 3 and not 4);
            reasons.Add(new(name, type, dnssecError is null
                ? $"{m.ResponseCode.ToText()} from {_server} without a DNSSEC Extended DNS Error"
                : $"{m.ResponseCode.ToText()} from {_server}: EDE {dnssecError}", dnssecError is null ? "RFC 4035 4.3" : "RFC 8914 4", ReasonKind.Failure));
            return Answer(dnssecError is null ? SecurityStatus.Indeterminate : SecurityStatus.Bogus, m.ResponseCode, [], false);
        }

        var records = m.Answers.Where(r => r.Type == type).ToList();
        var status = m.AuthenticData ? SecurityStatus.Secure : SecurityStatus.Insecure;
        reasons.Add(new(name, type, m.AuthenticData ? "AD set" : "AD not set: the resolver does not vouch for this answer",
            "RFC 4035 3.2.3", m.AuthenticData ? ReasonKind.Evidence : ReasonKind.Warning));
        return Answer(status, m.ResponseCode, records, records.Count == 0);

        ValidatedAnswer Answer(SecurityStatus s, DnsResponseCode rcode, IReadOnlyList<DnsResourceRecord> recs, bool denial) => new()
        {
            Question = question,
            Status = s,
            ResponseCode = rcode,
            Records = recs,
            RRsets = recs.Count == 0 ? [] : [new ValidatedRRset(name, type, s, recs, [], null, null, recs.Min(r => r.Ttl), null)],
            IsDenial = denial,
            Reasons = reasons,
            Source = $"{_server} (AD trusted)",
        };
    }
}
