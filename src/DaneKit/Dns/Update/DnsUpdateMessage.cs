using DaneKit.Dns.Wire;

namespace DaneKit.Dns.Update;

/// <summary>
/// Builds a DNS UPDATE message (RFC 2136): the zone, optional prerequisites, and the additions and
/// deletions to make, in the order given. The sections of a query are renamed (RFC 2136 2):
/// <code>
/// +---------------------+
/// |        Header       |   OPCODE = 5 (UPDATE)
/// +---------------------+
/// |         Zone        |   ZOCOUNT = 1: zone name, type SOA, zone class
/// +---------------------+
/// |     Prerequisite    |   RRs or RRsets which must (not) preexist
/// +---------------------+
/// |        Update       |   RRs or RRsets to be added or deleted
/// +---------------------+
/// |   Additional Data   |   (only the TSIG record, when signed)
/// +---------------------+
/// </code>
/// </summary>
/// <remarks>
/// Class and TTL carry the meaning of each entry (RFC 2136 2.4, 2.5): ANY with no RDATA means "the whole
/// RRset" (or every RRset of the name with type ANY), NONE means "this one record" or "must not exist",
/// and TTL is 0 in all but an addition. Every name must be at or below the zone (else the server answers
/// NOTZONE, RFC 2136 3.4.1.3), which is checked here when an entry is added.
/// </remarks>
public sealed class DnsUpdateMessage
{
    /// <summary>The OPCODE of an UPDATE (RFC 2136 1.3).</summary>
    public const byte UpdateOpcode = 5;

    private readonly List<DnsUpdateEntry> _prerequisites = [];
    private readonly List<DnsUpdateEntry> _updates = [];

    /// <summary>Starts an update of <paramref name="zone"/>.</summary>
    /// <param name="zone">The zone apex (the Zone section's ZNAME).</param>
    /// <param name="zoneClass">The zone's class (ZCLASS), normally IN.</param>
    public DnsUpdateMessage(DnsName zone, DnsClass zoneClass = DnsClass.IN)
    {
        Zone = zone ?? throw new ArgumentNullException(nameof(zone));
        if (zoneClass is DnsClass.ANY or DnsClass.NONE)
        {
            throw new ArgumentException($"the zone class must be a real class, not {zoneClass.ToText()}", nameof(zoneClass));
        }

        ZoneClass = zoneClass;
    }

    /// <summary>The zone to update.</summary>
    public DnsName Zone { get; }

    /// <summary>The zone's class.</summary>
    public DnsClass ZoneClass { get; }

    /// <summary>The prerequisites, in order.</summary>
    public IReadOnlyList<DnsUpdateEntry> Prerequisites => _prerequisites;

    /// <summary>The updates, in order (the server applies them in this order, RFC 2136 3.4.2).</summary>
    public IReadOnlyList<DnsUpdateEntry> Updates => _updates;

    /// <summary>Prerequisite "RRset exists (value independent)" (RFC 2136 2.4.1): class ANY, TTL 0, no RDATA.</summary>
    /// <param name="name">The owner.</param>
    /// <param name="type">The type; not ANY.</param>
    /// <returns>This message.</returns>
    public DnsUpdateMessage RequireRRsetExists(DnsName name, DnsType type)
    {
        CheckName(name);
        CheckType(type, nameof(type));
        _prerequisites.Add(new DnsUpdateEntry(name, type, DnsClass.ANY, 0, null));
        return this;
    }

    /// <summary>
    /// Prerequisite "RRset exists (value dependent)" (RFC 2136 2.4.2): one record of an RRset that must
    /// exist exactly as the records given this way for its name and type; zone class, TTL 0.
    /// </summary>
    /// <param name="name">The owner.</param>
    /// <param name="data">One record of the expected RRset.</param>
    /// <returns>This message.</returns>
    public DnsUpdateMessage RequireRecord(DnsName name, DnsRecordData data)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(data);
        CheckType(data.Type, nameof(data));
        _prerequisites.Add(new DnsUpdateEntry(name, data.Type, ZoneClass, 0, data));
        return this;
    }

    /// <summary>Prerequisite "RRset does not exist" (RFC 2136 2.4.3): class NONE, TTL 0, no RDATA.</summary>
    /// <param name="name">The owner.</param>
    /// <param name="type">The type; not ANY.</param>
    /// <returns>This message.</returns>
    public DnsUpdateMessage RequireRRsetAbsent(DnsName name, DnsType type)
    {
        CheckName(name);
        CheckType(type, nameof(type));
        _prerequisites.Add(new DnsUpdateEntry(name, type, DnsClass.NONE, 0, null));
        return this;
    }

    /// <summary>Prerequisite "name is in use" (RFC 2136 2.4.4): type ANY, class ANY.</summary>
    /// <param name="name">The name that must own at least one record.</param>
    /// <returns>This message.</returns>
    public DnsUpdateMessage RequireNameInUse(DnsName name)
    {
        CheckName(name);
        _prerequisites.Add(new DnsUpdateEntry(name, DnsType.ANY, DnsClass.ANY, 0, null));
        return this;
    }

    /// <summary>Prerequisite "name is not in use" (RFC 2136 2.4.5): type ANY, class NONE.</summary>
    /// <param name="name">The name that must own no record.</param>
    /// <returns>This message.</returns>
    public DnsUpdateMessage RequireNameNotInUse(DnsName name)
    {
        CheckName(name);
        _prerequisites.Add(new DnsUpdateEntry(name, DnsType.ANY, DnsClass.NONE, 0, null));
        return this;
    }

    /// <summary>Adds a record to an RRset (RFC 2136 2.5.1): zone class, the TTL, the RDATA.</summary>
    /// <param name="name">The owner.</param>
    /// <param name="ttl">The TTL.</param>
    /// <param name="data">The RDATA.</param>
    /// <returns>This message.</returns>
    public DnsUpdateMessage AddRecord(DnsName name, uint ttl, DnsRecordData data)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(data);
        CheckType(data.Type, nameof(data));
        if (ttl > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "a TTL is at most 2147483647 (RFC 2181 8)");
        }

        _updates.Add(new DnsUpdateEntry(name, data.Type, ZoneClass, ttl, data));
        return this;
    }

    /// <summary>Adds a record (RFC 2136 2.5.1); its class must be the zone's.</summary>
    /// <param name="record">The record.</param>
    /// <returns>This message.</returns>
    public DnsUpdateMessage AddRecord(DnsResourceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Class != ZoneClass)
        {
            throw new ArgumentException($"the record's class {record.Class.ToText()} is not the zone's {ZoneClass.ToText()}", nameof(record));
        }

        return AddRecord(record.Name, record.Ttl, record.Data);
    }

    /// <summary>Deletes one record from an RRset (RFC 2136 2.5.4): class NONE, TTL 0, the RDATA to remove.</summary>
    /// <param name="name">The owner.</param>
    /// <param name="data">The RDATA of the record to delete.</param>
    /// <returns>This message.</returns>
    public DnsUpdateMessage DeleteRecord(DnsName name, DnsRecordData data)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(data);
        CheckType(data.Type, nameof(data));
        _updates.Add(new DnsUpdateEntry(name, data.Type, DnsClass.NONE, 0, data));
        return this;
    }

    /// <summary>Deletes an RRset (RFC 2136 2.5.2): class ANY, the type, TTL 0, no RDATA.</summary>
    /// <param name="name">The owner.</param>
    /// <param name="type">The type; not ANY (see <see cref="DeleteAllRRsets"/>).</param>
    /// <returns>This message.</returns>
    public DnsUpdateMessage DeleteRRset(DnsName name, DnsType type)
    {
        CheckName(name);
        CheckType(type, nameof(type));
        _updates.Add(new DnsUpdateEntry(name, type, DnsClass.ANY, 0, null));
        return this;
    }

    /// <summary>Deletes every RRset of a name (RFC 2136 2.5.3): type ANY, class ANY, TTL 0, no RDATA.</summary>
    /// <param name="name">The owner.</param>
    /// <returns>This message.</returns>
    public DnsUpdateMessage DeleteAllRRsets(DnsName name)
    {
        CheckName(name);
        _updates.Add(new DnsUpdateEntry(name, DnsType.ANY, DnsClass.ANY, 0, null));
        return this;
    }

    /// <summary>Encodes the message, compressing owner names (RFC 1035 4.1.4); unsigned.</summary>
    /// <param name="id">The message ID; use a random one (<see cref="Resolver.DnsClient.NewId"/>).</param>
    /// <returns>The wire octets.</returns>
    /// <exception cref="InvalidOperationException">There is nothing to update, or the message exceeds 65535 octets.</exception>
    public byte[] ToWire(ushort id)
    {
        if (_updates.Count == 0 && _prerequisites.Count == 0)
        {
            throw new InvalidOperationException("an UPDATE with no prerequisite and no update does nothing");
        }

        if (_updates.Count > ushort.MaxValue || _prerequisites.Count > ushort.MaxValue)
        {
            throw new InvalidOperationException("more than 65535 entries in one section");
        }

        var w = new DnsWireWriter();
        w.WriteUInt16(id);
        w.WriteUInt16(UpdateOpcode << 11); // QR = 0, OPCODE = 5, Z = 0, RCODE = 0 (RFC 2136 2.2)
        w.WriteUInt16(1);                                // ZOCOUNT
        w.WriteUInt16((ushort)_prerequisites.Count);     // PRCOUNT
        w.WriteUInt16((ushort)_updates.Count);           // UPCOUNT
        w.WriteUInt16(0);                                // ADCOUNT
        w.WriteName(Zone, compress: true);
        w.WriteUInt16((ushort)DnsType.SOA);
        w.WriteUInt16((ushort)ZoneClass);
        foreach (var e in _prerequisites.Concat(_updates))
        {
            e.WriteTo(w);
        }

        if (w.Length > ushort.MaxValue)
        {
            throw new InvalidOperationException($"the UPDATE is {w.Length} octets, more than a DNS message can hold (65535)");
        }

        return w.ToArray();
    }

    /// <summary>The message in the style of nsupdate's <c>show</c>, one entry per line.</summary>
    public override string ToString()
    {
        var lines = new List<string> { $"zone {Zone} {ZoneClass.ToText()}" };
        lines.AddRange(_prerequisites.Select(p => "prereq " + p));
        lines.AddRange(_updates.Select(u => "update " + u));
        return string.Join('\n', lines);
    }

    private void CheckName(DnsName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.IsSubdomainOf(Zone))
        {
            throw new ArgumentException($"{name} is not in zone {Zone} (the server would answer NOTZONE, RFC 2136 3.4.1.3)", nameof(name));
        }
    }

    private static void CheckType(DnsType type, string parameter)
    {
        // RFC 2136 3.4.1.2, 3.4.1.3: meta and query types are FORMERR in these places.
        if (type is DnsType.ANY or DnsType.OPT or DnsType.TSIG || (ushort)type is >= 128 and <= 255)
        {
            throw new ArgumentException($"type {type.ToText()} cannot be added, deleted or required by type in an UPDATE", parameter);
        }
    }
}

/// <summary>
/// One entry of the Prerequisite or Update section of an UPDATE: an RR whose class and TTL carry the
/// meaning (RFC 2136 2.4, 2.5).
/// </summary>
/// <param name="Name">The owner name.</param>
/// <param name="Type">The type (ANY for "every RRset of the name").</param>
/// <param name="Class">The zone class (add, or value-dependent prerequisite), ANY (whole RRset or name) or NONE (one record, or "must not exist").</param>
/// <param name="Ttl">The TTL: that of the record for an addition, else 0.</param>
/// <param name="Data">The RDATA, or <see langword="null"/> for the entries that have none (RDLENGTH 0).</param>
public sealed record DnsUpdateEntry(DnsName Name, DnsType Type, DnsClass Class, uint Ttl, DnsRecordData? Data)
{
    /// <summary>The entry as a zone-file-like line, e.g. <c>_25._tcp.mx.example. 0 NONE TLSA 3 1 1 ...</c>.</summary>
    public override string ToString() =>
        $"{Name} {Ttl.ToString(System.Globalization.CultureInfo.InvariantCulture)} {Class.ToText()} {Type.ToText()}{(Data is null ? "" : " " + Data)}";

    internal void WriteTo(DnsWireWriter w)
    {
        w.WriteName(Name, compress: true);
        w.WriteUInt16((ushort)Type);
        w.WriteUInt16((ushort)Class);
        w.WriteUInt32(Ttl);
        var at = w.ReserveUInt16();
        Data?.WriteData(w, canonical: false);
        w.PatchLengthSince(at);
    }
}
