using DaneKit.Dns.Wire;

namespace DaneKit.Dns;

/// <summary>
/// A DNS message (RFC 1035 4.1) with EDNS(0) (RFC 6891). Decoding never throws: <see cref="TryParse"/>
/// returns a <see cref="DnsParseError"/> saying what was malformed and where.
/// </summary>
public sealed class DnsMessage
{
    /// <summary>The smallest possible resource record: root owner (1) + type, class, TTL, RDLENGTH (10).</summary>
    private const int MinRecordLength = 11;

    /// <summary>The smallest possible question: root name (1) + type and class (4).</summary>
    private const int MinQuestionLength = 5;

    /// <summary>The 16-bit message ID.</summary>
    public ushort Id { get; init; }

    /// <summary>QR: a response rather than a query.</summary>
    public bool IsResponse { get; init; }

    /// <summary>The OPCODE (0 = QUERY).</summary>
    public byte Opcode { get; init; }

    /// <summary>AA: the answer is authoritative.</summary>
    public bool AuthoritativeAnswer { get; init; }

    /// <summary>TC: the message was truncated; retry over TCP (RFC 7766).</summary>
    public bool Truncated { get; init; }

    /// <summary>RD: recursion desired.</summary>
    public bool RecursionDesired { get; init; }

    /// <summary>RA: recursion available.</summary>
    public bool RecursionAvailable { get; init; }

    /// <summary>AD: authentic data (RFC 4035 3.2.3; RFC 6840 5.7).</summary>
    public bool AuthenticData { get; init; }

    /// <summary>CD: checking disabled (RFC 4035 3.2.2).</summary>
    public bool CheckingDisabled { get; init; }

    /// <summary>The full RCODE: the header's 4 bits plus, with EDNS, the OPT record's upper 8 bits.</summary>
    public DnsResponseCode ResponseCode { get; init; }

    /// <summary>The questions (normally one).</summary>
    public IReadOnlyList<DnsQuestion> Questions { get; init; } = [];

    /// <summary>The answer section.</summary>
    public IReadOnlyList<DnsResourceRecord> Answers { get; init; } = [];

    /// <summary>The authority section.</summary>
    public IReadOnlyList<DnsResourceRecord> Authority { get; init; } = [];

    /// <summary>The additional section, without the OPT pseudo-record.</summary>
    public IReadOnlyList<DnsResourceRecord> Additional { get; init; } = [];

    /// <summary>The EDNS(0) data, when the message has an OPT record.</summary>
    public Edns? Edns { get; init; }

    /// <summary>The Extended DNS Errors the message carries (RFC 8914), possibly none.</summary>
    public IReadOnlyList<ExtendedDnsError> ExtendedErrors => Edns?.ExtendedErrors ?? [];

    /// <summary>Creates a query for one question.</summary>
    /// <param name="name">The name.</param>
    /// <param name="type">The type.</param>
    /// <param name="id">The message ID; use a random one (RFC 5452 9.2).</param>
    /// <param name="recursionDesired">RD: ask a recursive resolver to recurse.</param>
    /// <param name="dnssecOk">DO: ask for DNSSEC records (RFC 3225); adds an OPT record.</param>
    /// <param name="checkingDisabled">CD: ask a validating resolver not to validate.</param>
    /// <param name="udpPayloadSize">The advertised UDP payload size (RFC 6891 6.2.5); 1232 avoids fragmentation.</param>
    /// <param name="class">The question class.</param>
    /// <returns>The query.</returns>
    public static DnsMessage CreateQuery(DnsName name, DnsType type, ushort id, bool recursionDesired = true,
        bool dnssecOk = true, bool checkingDisabled = false, ushort udpPayloadSize = 1232, DnsClass @class = DnsClass.IN) => new()
    {
        Id = id,
        RecursionDesired = recursionDesired,
        CheckingDisabled = checkingDisabled,
        AuthenticData = dnssecOk, // RFC 6840 5.7: AD in a query asks for the AD bit in the answer
        Questions = [new DnsQuestion(name, type, @class)],
        Edns = new Edns(udpPayloadSize, 0, 0, dnssecOk, []),
    };

    /// <summary>Encodes the message, compressing names (RFC 1035 4.1.4).</summary>
    /// <returns>The wire octets.</returns>
    public byte[] ToWire()
    {
        var w = new DnsWireWriter();
        w.WriteUInt16(Id);
        var rcode = (ushort)ResponseCode;
        var flags = (IsResponse ? 0x8000 : 0) | ((Opcode & 0xF) << 11) | (AuthoritativeAnswer ? 0x0400 : 0)
            | (Truncated ? 0x0200 : 0) | (RecursionDesired ? 0x0100 : 0) | (RecursionAvailable ? 0x0080 : 0)
            | (AuthenticData ? 0x0020 : 0) | (CheckingDisabled ? 0x0010 : 0) | (rcode & 0xF);
        w.WriteUInt16((ushort)flags);
        w.WriteUInt16((ushort)Questions.Count);
        w.WriteUInt16((ushort)Answers.Count);
        w.WriteUInt16((ushort)Authority.Count);
        w.WriteUInt16((ushort)(Additional.Count + (Edns is null ? 0 : 1)));
        foreach (var q in Questions)
        {
            w.WriteName(q.Name, compress: true);
            w.WriteUInt16((ushort)q.Type);
            w.WriteUInt16((ushort)q.Class);
        }

        foreach (var rr in Answers.Concat(Authority).Concat(Additional))
        {
            rr.WriteTo(w);
        }

        if (Edns is { } e)
        {
            if (rcode > 0xF && e.ExtendedRcodeHigh != (byte)(rcode >> 4))
            {
                throw new InvalidOperationException("the extended RCODE must be carried in the OPT record's ExtendedRcodeHigh");
            }

            w.WriteByte(0); // root owner (RFC 6891 6.1.2)
            w.WriteUInt16((ushort)DnsType.OPT);
            w.WriteUInt16(e.UdpPayloadSize);
            w.WriteByte(rcode > 0xF ? (byte)(rcode >> 4) : e.ExtendedRcodeHigh);
            w.WriteByte(e.Version);
            w.WriteUInt16((ushort)(e.DnssecOk ? 0x8000 : 0));
            var at = w.ReserveUInt16();
            foreach (var o in e.Options)
            {
                w.WriteUInt16(o.Code);
                w.WriteUInt16((ushort)o.Data.Length);
                w.WriteBytes(o.Data);
            }

            w.PatchLengthSince(at);
        }

        return w.ToArray();
    }

    /// <summary>Decodes a message. Never throws on malformed input.</summary>
    /// <param name="wire">The octets as received.</param>
    /// <param name="message">The message, or <see langword="null"/> on failure.</param>
    /// <param name="error">What was malformed and where, or <see langword="null"/>.</param>
    /// <returns>Whether decoding succeeded.</returns>
    public static bool TryParse(ReadOnlySpan<byte> wire, out DnsMessage? message, out DnsParseError? error)
    {
        var r = new DnsWireReader(wire);
        var section = "header";
        try
        {
            message = Read(ref r, ref section);
            error = null;
            return true;
        }
        catch (DnsWireException e)
        {
            message = null;
            error = new DnsParseError(e.Offset, section, e.Message);
            return false;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            // RDATA constructors validate their fields; wire data that violates them is malformed input.
            message = null;
            error = new DnsParseError(r.Position, section, e.Message);
            return false;
        }
    }

    /// <summary>Decodes a message, throwing <see cref="FormatException"/> with the parse error when malformed.</summary>
    /// <param name="wire">The octets.</param>
    /// <returns>The message.</returns>
    public static DnsMessage Parse(ReadOnlySpan<byte> wire) =>
        TryParse(wire, out var m, out var e) ? m! : throw new FormatException(e!.ToString());

    private static DnsMessage Read(ref DnsWireReader r, ref string section)
    {
        if (r.Remaining < 12)
        {
            throw new DnsWireException(0, $"message of {r.Remaining} octets is shorter than the 12-octet header");
        }

        var id = r.ReadUInt16();
        var flags = r.ReadUInt16();
        int qd = r.ReadUInt16(), an = r.ReadUInt16(), ns = r.ReadUInt16(), ar = r.ReadUInt16();
        if ((qd * MinQuestionLength) + ((an + ns + ar) * MinRecordLength) > r.Remaining)
        {
            throw new DnsWireException(4, $"counts ({qd} questions, {an + ns + ar} records) cannot fit in the {r.Remaining} octets left");
        }

        section = "question";
        var questions = new DnsQuestion[qd];
        for (var i = 0; i < qd; i++)
        {
            questions[i] = new DnsQuestion(r.ReadName(), (DnsType)r.ReadUInt16(), (DnsClass)r.ReadUInt16());
        }

        section = "answer";
        var answers = ReadSection(ref r, an, allowOpt: false);
        section = "authority";
        var authority = ReadSection(ref r, ns, allowOpt: false);
        section = "additional";
        Edns? edns = null;
        var additional = new List<DnsResourceRecord>(ar);
        for (var i = 0; i < ar; i++)
        {
            var start = r.Position;
            var rr = DnsResourceRecord.ReadFrom(ref r, out var rawClass, out var rawTtl);
            if (rr.Type != DnsType.OPT)
            {
                additional.Add(rr);
                continue;
            }

            if (edns is not null)
            {
                throw new DnsWireException(start, "more than one OPT record (RFC 6891 6.1.1)");
            }

            if (!rr.Name.IsRoot)
            {
                throw new DnsWireException(start, "OPT record owner is not the root (RFC 6891 6.1.2)");
            }

            // The OPT RDATA is read as opaque octets (RecordDataCodec has no OPT type); ToWire() gives them
            // back whatever class holds them, so this does not depend on how OPT RDATA is modelled.
            edns = new Edns(rawClass, (byte)(rawTtl >> 24), (byte)(rawTtl >> 16), (rawTtl & 0x8000) != 0,
                ReadOptions(rr.Data.ToWire(), start));
        }

        // Octets after the counted records are ignored, as resolvers do (RFC 1035 does not forbid them).
        var rcode = (ushort)((flags & 0xF) | ((edns?.ExtendedRcodeHigh ?? 0) << 4));
        return new DnsMessage
        {
            Id = id,
            IsResponse = (flags & 0x8000) != 0,
            Opcode = (byte)((flags >> 11) & 0xF),
            AuthoritativeAnswer = (flags & 0x0400) != 0,
            Truncated = (flags & 0x0200) != 0,
            RecursionDesired = (flags & 0x0100) != 0,
            RecursionAvailable = (flags & 0x0080) != 0,
            AuthenticData = (flags & 0x0020) != 0,
            CheckingDisabled = (flags & 0x0010) != 0,
            ResponseCode = (DnsResponseCode)rcode,
            Questions = questions,
            Answers = answers,
            Authority = authority,
            Additional = additional,
            Edns = edns,
        };
    }

    private static List<DnsResourceRecord> ReadSection(ref DnsWireReader r, int count, bool allowOpt)
    {
        var list = new List<DnsResourceRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var start = r.Position;
            var rr = DnsResourceRecord.ReadFrom(ref r, out _, out _);
            if (rr.Type == DnsType.OPT && !allowOpt)
            {
                throw new DnsWireException(start, "OPT record outside the additional section (RFC 6891 6.1.1)");
            }

            list.Add(rr);
        }

        return list;
    }

    private static List<EdnsOption> ReadOptions(ReadOnlySpan<byte> data, int at)
    {
        var list = new List<EdnsOption>();
        var r = new DnsWireReader(data);
        try
        {
            while (r.Remaining > 0)
            {
                var code = r.ReadUInt16();
                var len = r.ReadUInt16();
                list.Add(new EdnsOption(code, r.ReadBytes(len)));
            }
        }
        catch (DnsWireException e)
        {
            throw new DnsWireException(at, $"OPT option data malformed: {e.Message}");
        }

        return list;
    }
}
