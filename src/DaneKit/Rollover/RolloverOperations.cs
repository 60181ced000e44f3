using System.Globalization;
using System.Net;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dns.Update;
using DaneKit.Dnssec;
using DaneKit.Smtp;
using DaneKit.Tlsa;

namespace DaneKit.Rollover;

/// <summary>The DNSSEC-validated TLSA RRset of an owner name as the rollover commands need it.</summary>
/// <param name="Owner">The owner name.</param>
/// <param name="Status">Its DNSSEC status (or that of the proof that there is none).</param>
/// <param name="Usable">The usable records for SMTP (DANE-TA and DANE-EE), as text; empty unless Secure.</param>
/// <param name="Ttl">The zone's TTL (the RRSIG's Original TTL), or the TTL left when unsigned; null without records.</param>
/// <param name="Zone">The zone that holds the owner name (the RRset's signer, or the deepest zone of the chain).</param>
/// <param name="Problem">Why the lookup is not Secure, when it is not.</param>
public sealed record RolloverTlsaState(DnsName Owner, SecurityStatus Status, IReadOnlyList<string> Usable, uint? Ttl, DnsName? Zone, string? Problem);

/// <summary>
/// The network side of the rollover commands: the TLSA lookup, the host check, RFC 2136 updates with TSIG, and waiting
/// until a change validates. The decisions themselves are <see cref="RolloverPlanner"/> and <see cref="RolloverAssessment"/>.
/// </summary>
/// <param name="validator">The DNSSEC validator (no response cache: a change must show as soon as resolvers see it).</param>
/// <param name="time">The clock.</param>
public sealed class RolloverOperations(IDnssecValidator validator, TimeProvider time)
{
    private readonly IDnssecValidator _validator = validator ?? throw new ArgumentNullException(nameof(validator));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>The TLSA owner name of a host and port (RFC 6698 3, RFC 7672 2.2.3).</summary>
    /// <param name="host">The TLSA base domain (the MX host name).</param>
    /// <param name="port">The port.</param>
    /// <returns><c>_PORT._tcp.HOST.</c></returns>
    public static DnsName Owner(DnsName host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Prepend("_tcp").Prepend("_" + port.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Reads a record as the rollover types write it: <c>usage selector type HEX</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The record.</returns>
    /// <exception cref="FormatException">It is not in that form.</exception>
    public static TlsaData ParseRecord(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4 || !byte.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var u)
            || !byte.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var s) || !byte.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var m))
        {
            throw new FormatException($"'{text}' is not a TLSA record (usage selector type HEX)");
        }

        return new TlsaData((TlsaUsage)u, (TlsaSelector)s, (TlsaMatchingType)m, Convert.FromHexString(parts[3]));
    }

    /// <summary>Looks up and validates the TLSA RRset.</summary>
    /// <param name="owner">The owner name.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The RRset's state; never throws for DNS problems.</returns>
    public async Task<RolloverTlsaState> LookupAsync(DnsName owner, CancellationToken cancellationToken)
    {
        var answer = await _validator.ValidateAsync(owner, DnsType.TLSA, cancellationToken).ConfigureAwait(false);
        var rrset = answer.RRsets.LastOrDefault(r => r.Type == DnsType.TLSA);
        uint? ttl = rrset is null ? null
            : rrset.Signatures.Select(s => s.Data).OfType<RrsigData>().Select(s => (uint?)s.OriginalTtl).FirstOrDefault() ?? rrset.Ttl;
        var zone = rrset?.Signer ?? (answer.Chain.Count > 0 ? answer.Chain[^1].Zone : null);
        var records = answer.Records.Select(r => r.Data).OfType<TlsaData>().ToList();
        var usable = answer.Status == SecurityStatus.Secure
            ? TlsaRecordSet.Create(records, TlsaContext.Smtp).Usable.Select(e => e.Record.ToString()).ToList()
            : [];
        var problem = answer.Status == SecurityStatus.Secure ? null
            : $"{answer.Status.ToString().ToLowerInvariant()}: {string.Join("; ", answer.Reasons.Where(r => r.Kind == ReasonKind.Failure).Take(3).Select(r => r.ToString()))}";
        return new RolloverTlsaState(owner, answer.Status, usable, ttl, zone, problem);
    }

    /// <summary>Checks one MX host as <c>danekit check --mx HOST</c> does, DANE only.</summary>
    /// <param name="host">The host.</param>
    /// <param name="options">The check options (port, resolver limits, probe options).</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The host's result: TLSA RRset, addresses, what each serves and whether it matches.</returns>
    public async Task<DaneCheckHost> CheckHostAsync(DnsName host, CheckOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(options);
        var checker = new DaneChecker(_validator, prober: null, options with { Mode = CheckMode.Mail, MxHost = host.ToString(), MtaSts = false }, _time);
        var result = await checker.CheckAsync(host, cancellationToken).ConfigureAwait(false);
        return result.Hosts[0];
    }

    /// <summary>Sends one RFC 2136 update that adds and deletes TLSA records at the owner name, signed with TSIG.</summary>
    /// <param name="server">The primary server.</param>
    /// <param name="key">The TSIG key.</param>
    /// <param name="zone">The zone.</param>
    /// <param name="owner">The TLSA owner name.</param>
    /// <param name="ttl">The TTL of added records.</param>
    /// <param name="add">Records to add.</param>
    /// <param name="delete">Records to delete (each exactly, RFC 2136 2.5.4).</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The server's answer, its TSIG checked.</returns>
    public async Task<DnsUpdateResult> UpdateAsync(IPEndPoint server, TsigKey key, DnsName zone, DnsName owner, uint ttl,
        IReadOnlyList<TlsaData> add, IReadOnlyList<TlsaData> delete, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(add);
        ArgumentNullException.ThrowIfNull(delete);
        var update = new DnsUpdateMessage(zone);
        foreach (var r in delete)
        {
            update.DeleteRecord(owner, r);
        }

        foreach (var r in add)
        {
            update.AddRecord(owner, ttl, r);
        }

        return await new DnsUpdateClient(_time).SendAsync(server, update, key, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Looks up the RRset again and again until <paramref name="done"/> holds for a Secure state, or the time runs out.</summary>
    /// <param name="owner">The owner name.</param>
    /// <param name="done">The condition on the Secure usable records.</param>
    /// <param name="timeout">How long to wait in all.</param>
    /// <param name="poll">How long between lookups.</param>
    /// <param name="observed">Called with every state looked up (e.g. to record visibility).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Whether the condition held, and the last state.</returns>
    public async Task<(bool Done, RolloverTlsaState State)> WaitAsync(DnsName owner, Func<IReadOnlyList<string>, bool> done, TimeSpan timeout, TimeSpan poll,
        Func<RolloverTlsaState, Task>? observed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(done);
        var start = _time.GetTimestamp();
        while (true)
        {
            var state = await LookupAsync(owner, cancellationToken).ConfigureAwait(false);
            if (observed is not null)
            {
                await observed(state).ConfigureAwait(false);
            }

            if (state.Status == SecurityStatus.Secure && done(state.Usable))
            {
                return (true, state);
            }

            if (_time.GetElapsedTime(start) + poll > timeout)
            {
                return (false, state);
            }

            await Task.Delay(poll, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
