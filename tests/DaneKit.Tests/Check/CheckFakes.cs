using System.Collections.Concurrent;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Dnssec;
using DaneKit.Smtp;

namespace DaneKit.Tests.Check;

/// <summary>A clock pinned to one instant; deadlines still run on real timers.</summary>
internal sealed class CheckClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>
/// An in-process <see cref="IDnssecValidator"/> with scripted answers: records with a status, denials, failures with a
/// reason chain, CNAMEs followed as the real validator reports them (alias RRsets first). A question without a script
/// gets a Secure NODATA, as a signed zone would give.
/// </summary>
internal sealed class FakeDnssec : IDnssecValidator
{
    private readonly Dictionary<(DnsName, DnsType), ValidatedAnswer> _answers = [];
    private readonly Dictionary<DnsName, (DnsName Target, SecurityStatus Status)> _cnames = [];
    private readonly HashSet<(DnsName, DnsType)> _hang = [];

    public ConcurrentQueue<(string Name, DnsType Type)> Queries { get; } = new();

    public SecurityStatus DefaultDenialStatus { get; set; } = SecurityStatus.Secure;

    public DateTimeOffset? SignatureExpires { get; set; }

    public static DnsName N(string name) => DnsName.Parse(name);

    public FakeDnssec Set(string name, DnsType type, SecurityStatus status, params DnsRecordData[] data)
    {
        var n = N(name);
        _answers[(n, type)] = data.Length == 0 ? Denial(n, type, status) : Data(n, type, status, data);
        return this;
    }

    public FakeDnssec Answer(ValidatedAnswer answer)
    {
        _answers[(answer.Question.Name, answer.Question.Type)] = answer;
        return this;
    }

    public FakeDnssec Mx(string domain, SecurityStatus status, params (int Preference, string Host)[] hosts) =>
        Set(domain, DnsType.MX, status, hosts.Select(h => (DnsRecordData)new MxData((ushort)h.Preference, N(h.Host))).ToArray());

    public FakeDnssec A(string host, SecurityStatus status, params string[] addresses) =>
        Set(host, DnsType.A, status, addresses.Select(a => (DnsRecordData)new AData(IPAddress.Parse(a))).ToArray());

    public FakeDnssec Aaaa(string host, SecurityStatus status, params string[] addresses) =>
        Set(host, DnsType.AAAA, status, addresses.Select(a => (DnsRecordData)new AaaaData(IPAddress.Parse(a))).ToArray());

    public FakeDnssec Tlsa(string owner, SecurityStatus status, params TlsaData[] records) => Set(owner, DnsType.TLSA, status, records);

    public FakeDnssec Cname(string alias, string target, SecurityStatus status)
    {
        _cnames[N(alias)] = (N(target), status);
        return this;
    }

    public FakeDnssec Fail(string name, DnsType type, SecurityStatus status, string what, string rfc = "RFC 4035 5.3", params ChainLink[] chain)
    {
        var n = N(name);
        _answers[(n, type)] = new ValidatedAnswer
        {
            Question = new DnsQuestion(n, type),
            Status = status,
            ResponseCode = DnsResponseCode.ServFail,
            Reasons = [new ValidationReason(n, type, what, rfc, ReasonKind.Failure)],
            Chain = chain,
            Source = "fake",
        };
        return this;
    }

    public FakeDnssec Hang(string name, DnsType type)
    {
        _hang.Add((N(name), type));
        return this;
    }

    public bool Asked(string name, DnsType type) => Queries.Contains((N(name).ToString(), type));

    public async Task<ValidatedAnswer> ValidateAsync(DnsName name, DnsType type, CancellationToken cancellationToken = default)
    {
        Queries.Enqueue((name.ToString(), type));
        if (_hang.Contains((name, type)))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        await Task.Yield();
        return Resolve(name, type, 0);
    }

    private ValidatedAnswer Resolve(DnsName name, DnsType type, int depth)
    {
        if (type != DnsType.CNAME && _cnames.TryGetValue(name, out var alias) && depth < 8)
        {
            var inner = Resolve(alias.Target, type, depth + 1);
            var cname = new ValidatedRRset(name, DnsType.CNAME, alias.Status, [new DnsResourceRecord(name, DnsClass.IN, 300, new CnameData(alias.Target))], [],
                null, null, 300, null);
            var statuses = new[] { alias.Status, inner.Status };
            var status = statuses.Contains(SecurityStatus.Bogus) ? SecurityStatus.Bogus
                : statuses.Contains(SecurityStatus.Indeterminate) ? SecurityStatus.Indeterminate
                : statuses.Contains(SecurityStatus.Insecure) ? SecurityStatus.Insecure : SecurityStatus.Secure;
            return inner with { Question = new DnsQuestion(name, type), Status = status, RRsets = [cname, .. inner.RRsets] };
        }

        return _answers.TryGetValue((name, type), out var answer) ? answer with { } : Denial(name, type, DefaultDenialStatus);
    }

    public ValidatedAnswer Data(DnsName name, DnsType type, SecurityStatus status, IReadOnlyList<DnsRecordData> data)
    {
        var records = data.Select(d => new DnsResourceRecord(name, DnsClass.IN, 3600, d)).ToArray();
        var expires = status == SecurityStatus.Secure ? SignatureExpires ?? DateTimeOffset.MaxValue.AddYears(-1) : (DateTimeOffset?)null;
        return new ValidatedAnswer
        {
            Question = new DnsQuestion(name, type),
            Status = status,
            ResponseCode = DnsResponseCode.NoError,
            RRsets = [new ValidatedRRset(name, type, status, records, [], status == SecurityStatus.Secure ? name.Parent() : null, 12345, 3600, expires)],
            Records = records,
            Source = "fake",
        };
    }

    public static ValidatedAnswer Denial(DnsName name, DnsType type, SecurityStatus status, bool nxdomain = false) => new()
    {
        Question = new DnsQuestion(name, type),
        Status = status,
        ResponseCode = nxdomain ? DnsResponseCode.NXDomain : DnsResponseCode.NoError,
        IsDenial = true,
        Source = "fake",
    };
}

/// <summary>An in-process <see cref="ISmtpProber"/> with a scripted result per address; an address without a script is refused.</summary>
internal sealed class FakeProber : ISmtpProber
{
    private readonly ConcurrentDictionary<IPAddress, Func<IPEndPoint, string, SmtpProbeMode, CancellationToken, Task<SmtpProbeResult>>> _scripts = new();

    public ConcurrentQueue<(IPEndPoint Endpoint, string ServerName, SmtpProbeMode Mode)> Calls { get; } = new();

    public FakeProber Serve(string address, params X509Certificate2[] chain) =>
        Script(address, (ep, sni, mode, _) => Task.FromResult(Tls(ep, sni, mode, chain)));

    public FakeProber Fail(string address, SmtpProbeFailureKind kind, SmtpProbeStep step, string message) =>
        Script(address, (ep, sni, mode, _) => Task.FromResult(Failed(ep, sni, mode, kind, step, message)));

    public FakeProber Script(string address, Func<IPEndPoint, string, SmtpProbeMode, CancellationToken, Task<SmtpProbeResult>> script)
    {
        _scripts[IPAddress.Parse(address)] = script;
        return this;
    }

    public Task<SmtpProbeResult> ProbeAsync(IPEndPoint endpoint, string serverName, SmtpProbeMode mode, CancellationToken cancellationToken)
    {
        Calls.Enqueue((endpoint, serverName, mode));
        return _scripts.TryGetValue(endpoint.Address, out var script)
            ? script(endpoint, serverName, mode, cancellationToken)
            : Task.FromResult(Failed(endpoint, serverName, mode, SmtpProbeFailureKind.ConnectionRefused, SmtpProbeStep.Connect, "connection refused"));
    }

    public static SmtpProbeResult Tls(IPEndPoint ep, string sni, SmtpProbeMode mode, IReadOnlyList<X509Certificate2> chain, SmtpProbeFailure? after = null) => new()
    {
        Mode = mode,
        Endpoint = ep,
        ServerName = sni,
        Greeting = mode == SmtpProbeMode.StartTls ? new SmtpReply(220, ["mx ESMTP"]) : null,
        EhloReply = mode == SmtpProbeMode.StartTls ? new SmtpReply(250, ["mx", "PIPELINING", "STARTTLS"]) : null,
        Capabilities = mode == SmtpProbeMode.StartTls ? ["PIPELINING", "STARTTLS"] : [],
        StartTlsOffered = mode == SmtpProbeMode.StartTls,
        StartTlsReply = mode == SmtpProbeMode.StartTls ? new SmtpReply(220, ["2.0.0 Ready to start TLS"]) : null,
        TlsEstablished = true,
        ServedCertificates = chain.Select(c => (ReadOnlyMemory<byte>)c.RawData).ToArray(),
        TlsProtocol = SslProtocols.Tls13,
        CipherSuite = System.Net.Security.TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        Failure = after,
        Transcript = new SmtpTranscript(),
        Elapsed = TimeSpan.FromMilliseconds(12),
    };

    public static SmtpProbeResult Failed(IPEndPoint ep, string sni, SmtpProbeMode mode, SmtpProbeFailureKind kind, SmtpProbeStep step, string message) => new()
    {
        Mode = mode,
        Endpoint = ep,
        ServerName = sni,
        Greeting = step > SmtpProbeStep.Greeting ? new SmtpReply(220, ["mx ESMTP"]) : null,
        Capabilities = kind == SmtpProbeFailureKind.StartTlsNotOffered ? ["PIPELINING", "SIZE 10240000"] : [],
        Failure = new SmtpProbeFailure(kind, step, message),
        Transcript = new SmtpTranscript(),
        Elapsed = TimeSpan.FromMilliseconds(5),
    };
}

/// <summary>Certificates made with <see cref="CertificateRequest"/>, valid around <see cref="CheckWorld.Now"/>.</summary>
internal static class CheckCerts
{
    public static readonly DateTimeOffset NotBefore = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NotAfter = new(2031, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static X509Certificate2 SelfSigned(string name, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Leaf(name, key);
        return request.CreateSelfSigned(NotBefore, notAfter ?? NotAfter);
    }

    /// <summary>A root, an intermediate and a leaf for <paramref name="leafName"/>; the served chain is leaf + intermediate.</summary>
    public static (X509Certificate2 Leaf, X509Certificate2 Intermediate, X509Certificate2 Root) Chain(string leafName, DateTimeOffset? leafNotAfter = null)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootWithKey = Ca("CN=Check Test Root", rootKey).CreateSelfSigned(NotBefore, NotAfter.AddYears(1));
        using var intPublic = Ca("CN=Check Test Intermediate", intKey).Create(rootWithKey, NotBefore, NotAfter.AddYears(1), [1, 2, 3]);
        using var intWithKey = intPublic.CopyWithPrivateKey(intKey);
        var leaf = Leaf(leafName, leafKey).Create(intWithKey, NotBefore, leafNotAfter ?? NotAfter, [4, 5, 6]);
        var intermediate = X509CertificateLoader.LoadCertificate(intPublic.RawData);
        var root = X509CertificateLoader.LoadCertificate(rootWithKey.RawData);
        rootWithKey.Dispose();
        return (leaf, intermediate, root);
    }

    public static TlsaData Record(TlsaUsage usage, TlsaSelector selector, TlsaMatchingType matching, X509Certificate2 certificate) =>
        DaneKit.Tlsa.TlsaGenerator.Create(certificate, usage, selector, matching);

    public static TlsaData Ee311(X509Certificate2 certificate) => Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, certificate);

    public static TlsaData Ta211(X509Certificate2 certificate) => Record(TlsaUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256, certificate);

    public static string Spki(X509Certificate2 certificate) => Convert.ToHexString(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    private static CertificateRequest Leaf(string name, ECDsa key)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        return request;
    }

    private static CertificateRequest Ca(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request;
    }
}

/// <summary>
/// A scripted world for one check: <c>example.com.</c> with MX 10 mx.example.com., mx at 192.0.2.1 (Secure), a
/// self-signed certificate served there and its 3 1 1 record at _25._tcp.mx.example.com. (Secure). Tests change what
/// they need.
/// </summary>
internal sealed class CheckWorld : IDisposable
{
    public const string Domain = "example.com.";
    public const string MxHost = "mx.example.com.";
    public const string Address = "192.0.2.1";
    public const string TlsaOwner = "_25._tcp.mx.example.com.";

    public static readonly DateTimeOffset Now = new(2030, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<X509Certificate2> _owned = [];

    public CheckWorld(bool defaults = true)
    {
        Leaf = Own(CheckCerts.SelfSigned("mx.example.com"));
        if (defaults)
        {
            Dns.Mx(Domain, SecurityStatus.Secure, (10, MxHost))
                .A(MxHost, SecurityStatus.Secure, Address)
                .Tlsa(TlsaOwner, SecurityStatus.Secure, CheckCerts.Ee311(Leaf));
            Prober.Serve(Address, Leaf);
        }
    }

    public FakeDnssec Dns { get; } = new();

    public FakeProber Prober { get; } = new();

    public X509Certificate2 Leaf { get; }

    public CheckOptions Options { get; set; } = new() { Probe = new SmtpProbeOptions { OverallTimeout = TimeSpan.FromSeconds(5) } };

    public X509Certificate2 Own(X509Certificate2 certificate)
    {
        _owned.Add(certificate);
        return certificate;
    }

    public Task<DaneCheckResult> CheckAsync(string domain = Domain, CancellationToken ct = default) =>
        new DaneChecker(Dns, Prober, Options, new CheckClock(Now)).CheckAsync(domain, ct);

    public void Dispose()
    {
        foreach (var c in _owned)
        {
            c.Dispose();
        }
    }
}
