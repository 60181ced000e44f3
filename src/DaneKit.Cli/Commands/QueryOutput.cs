using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using DaneKit.Dns;
using DaneKit.Dns.Resolver;

namespace DaneKit.Cli.Commands;

/// <summary>
/// Formats <c>danekit query</c> results: dig-like text, or JSON with stable snake_case property names
/// (<c>mode</c>, <c>question</c>, <c>status</c>, <c>flags</c>, <c>answer</c>, <c>authority</c>, <c>additional</c>,
/// <c>ede</c>, <c>server</c>, <c>transport</c>, <c>elapsed_ms</c>, and for iterative mode <c>queries</c> and <c>zone</c>).
/// </summary>
internal static class QueryOutput
{
    /// <summary>An endpoint as dig prints it: <c>address#port</c>.</summary>
    public static string Endpoint(IPEndPoint endpoint) => $"{endpoint.Address}#{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The dig-like text of a stub response.</summary>
    public static string StubText(QueryRequest request, DnsQueryResult result)
    {
        var m = result.Response!;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"; <<>> danekit query <<>> {request.Name} {request.Type.ToText()}\n");
        Header(sb, m.ResponseCode, m.Id, Flags(m), m.Questions.Count, m.Answers.Count, m.Authority.Count, m.Additional.Count + (m.Edns is null ? 0 : 1));
        Ede(sb, m.ExtendedErrors);
        Sections(sb, m.Questions, m.Answers, m.Authority, m.Additional);
        sb.Append(CultureInfo.InvariantCulture, $";; SERVER: {Endpoint(result.Server!)} ({(result.UsedTcp ? "TCP" : "UDP")})\n");
        sb.Append(CultureInfo.InvariantCulture, $";; Query time: {result.Elapsed.TotalMilliseconds:0} msec\n");
        return sb.ToString();
    }

    /// <summary>The dig-like text of an iterative resolution.</summary>
    public static string IterativeText(QueryRequest request, IterativeResolution r)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"; <<>> danekit query --iterative <<>> {request.Name} {request.Type.ToText()}\n");
        var m = r.FinalResponse;
        Header(sb, r.ResponseCode, m?.Id, m is null ? ["cached"] : Flags(m), 1, r.Answers.Count, r.Authority.Count, 0);
        if (m is not null)
        {
            Ede(sb, m.ExtendedErrors);
        }

        Sections(sb, [r.Question], r.Answers, r.Authority, []);
        if (r.ZoneCut is { } cut)
        {
            sb.Append(CultureInfo.InvariantCulture, $";; ZONE: {cut.Zone} (DS records in the referral: {cut.DelegationSigners.Count})\n");
        }

        if (r.Steps.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $";; SERVER: {Endpoint(r.Steps[^1].Server)}\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $";; Queries: {r.QueriesUsed}, time: {r.Elapsed.TotalMilliseconds:0} msec\n");
        return sb.ToString();
    }

    /// <summary>The JSON of a stub response.</summary>
    public static string StubJson(QueryRequest request, DnsQueryResult result)
    {
        var m = result.Response!;
        return Json(w =>
        {
            w.WriteString("mode", "stub");
            Question(w, request);
            w.WriteString("status", m.ResponseCode.ToText());
            w.WriteNumber("id", m.Id);
            Strings(w, "flags", Flags(m));
            Records(w, "answer", m.Answers);
            Records(w, "authority", m.Authority);
            Records(w, "additional", m.Additional);
            Edes(w, m.ExtendedErrors);
            w.WriteString("server", Endpoint(result.Server!));
            w.WriteString("transport", result.UsedTcp ? "tcp" : "udp");
            w.WriteNumber("elapsed_ms", Math.Round(result.Elapsed.TotalMilliseconds, 1));
        });
    }

    /// <summary>The JSON of an iterative resolution.</summary>
    public static string IterativeJson(QueryRequest request, IterativeResolution r)
    {
        var m = r.FinalResponse;
        return Json(w =>
        {
            w.WriteString("mode", "iterative");
            Question(w, request);
            w.WriteString("status", r.ResponseCode.ToText());
            if (m is null)
            {
                w.WriteNull("id");
            }
            else
            {
                w.WriteNumber("id", m.Id);
            }

            Strings(w, "flags", m is null ? [] : Flags(m));
            Records(w, "answer", r.Answers);
            Records(w, "authority", r.Authority);
            Records(w, "additional", []);
            Edes(w, m?.ExtendedErrors ?? []);
            if (r.Steps.Count > 0)
            {
                w.WriteString("server", Endpoint(r.Steps[^1].Server));
            }
            else
            {
                w.WriteNull("server");
            }

            w.WriteString("transport", request.Tcp ? "tcp" : "udp");
            w.WriteNumber("elapsed_ms", Math.Round(r.Elapsed.TotalMilliseconds, 1));
            w.WriteNumber("queries", r.QueriesUsed);
            w.WriteBoolean("from_cache", r.FromCache);
            if (r.ZoneCut is { } cut)
            {
                w.WriteString("zone", cut.Zone.ToString());
            }
            else
            {
                w.WriteNull("zone");
            }
        });
    }

    /// <summary>The JSON of a failure: <c>{"mode", "question", "error": {"kind", "message", "server"}}</c>.</summary>
    public static string ErrorJson(QueryRequest request, string kind, string message, IPEndPoint? server) => Json(w =>
    {
        w.WriteString("mode", request.Iterative ? "iterative" : "stub");
        Question(w, request);
        w.WriteStartObject("error");
        w.WriteString("kind", kind);
        w.WriteString("message", message);
        if (server is null)
        {
            w.WriteNull("server");
        }
        else
        {
            w.WriteString("server", Endpoint(server));
        }

        w.WriteEndObject();
    }).TrimEnd('\n');

    private static List<string> Flags(DnsMessage m)
    {
        var flags = new List<string>();
        void Add(bool set, string name)
        {
            if (set)
            {
                flags.Add(name);
            }
        }

        Add(m.IsResponse, "qr");
        Add(m.AuthoritativeAnswer, "aa");
        Add(m.Truncated, "tc");
        Add(m.RecursionDesired, "rd");
        Add(m.RecursionAvailable, "ra");
        Add(m.AuthenticData, "ad");
        Add(m.CheckingDisabled, "cd");
        return flags;
    }

    private static void Header(StringBuilder sb, DnsResponseCode rcode, ushort? id, IEnumerable<string> flags, int qd, int an, int ns, int ar)
    {
        var idText = id is { } i ? i.ToString(CultureInfo.InvariantCulture) : "-";
        sb.Append(CultureInfo.InvariantCulture, $";; ->>HEADER<<- opcode: QUERY, status: {rcode.ToText()}, id: {idText}\n");
        sb.Append(CultureInfo.InvariantCulture, $";; flags: {string.Join(' ', flags)}; QUERY: {qd}, ANSWER: {an}, AUTHORITY: {ns}, ADDITIONAL: {ar}\n");
    }

    private static void Ede(StringBuilder sb, IReadOnlyList<ExtendedDnsError> errors)
    {
        foreach (var e in errors)
        {
            sb.Append(CultureInfo.InvariantCulture, $"; EDE: {e.InfoCode} ({e.Purpose})");
            sb.Append(e.ExtraText.Length == 0 ? "\n" : $": ({e.ExtraText})\n");
        }
    }

    private static void Sections(StringBuilder sb, IEnumerable<DnsQuestion> questions, IReadOnlyList<DnsResourceRecord> answers,
        IReadOnlyList<DnsResourceRecord> authority, IReadOnlyList<DnsResourceRecord> additional)
    {
        sb.Append("\n;; QUESTION SECTION:\n");
        foreach (var q in questions)
        {
            sb.Append(CultureInfo.InvariantCulture, $";{q.Name}\t\t{q.Class.ToText()}\t{q.Type.ToText()}\n");
        }

        Section(sb, "ANSWER", answers);
        Section(sb, "AUTHORITY", authority);
        Section(sb, "ADDITIONAL", additional);
        sb.Append('\n');
    }

    private static void Section(StringBuilder sb, string title, IReadOnlyList<DnsResourceRecord> records)
    {
        if (records.Count == 0)
        {
            return;
        }

        sb.Append(CultureInfo.InvariantCulture, $"\n;; {title} SECTION:\n");
        foreach (var r in records)
        {
            sb.Append(r.ToString()).Append('\n');
        }
    }

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            // Names and EDE texts hold '<', '>' and '&'; the output is not embedded in HTML.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Question(Utf8JsonWriter w, QueryRequest request)
    {
        w.WriteStartObject("question");
        w.WriteString("name", request.Name.ToString());
        w.WriteString("type", request.Type.ToText());
        w.WriteString("class", DnsClass.IN.ToText());
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static void Records(Utf8JsonWriter w, string name, IEnumerable<DnsResourceRecord> records)
    {
        w.WriteStartArray(name);
        foreach (var r in records)
        {
            w.WriteStartObject();
            w.WriteString("name", r.Name.ToString());
            w.WriteNumber("ttl", r.Ttl);
            w.WriteString("class", r.Class.ToText());
            w.WriteString("type", r.Type.ToText());
            w.WriteString("data", r.Data.ToString());
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void Edes(Utf8JsonWriter w, IReadOnlyList<ExtendedDnsError> errors)
    {
        w.WriteStartArray("ede");
        foreach (var e in errors)
        {
            w.WriteStartObject();
            w.WriteNumber("info_code", e.InfoCode);
            w.WriteString("purpose", e.Purpose);
            w.WriteString("extra_text", e.ExtraText);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
