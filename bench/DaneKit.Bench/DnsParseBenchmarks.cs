using System.Reflection;
using System.Text;
using BenchmarkDotNet.Attributes;
using DaneKit.Dns;

namespace DaneKit.Bench;

/// <summary>
/// Decoding and encoding of DNS messages (issue goal: at least 1,000,000 signed TLSA responses decoded per
/// second on one core). Inputs are responses captured from the testbed (tests/DaneKit.Tests/Data/Messages).
/// Each benchmark handles one message per invocation; BenchmarkDotNet reports time and bytes allocated per
/// message, and bench/run-dns-parse.sh turns the time into messages per second.
/// </summary>
[MemoryDiagnoser]
public class DnsParseBenchmarks
{
    private byte[] _tlsa = [];
    private byte[] _dnskey = [];
    private byte[] _referral = [];
    private byte[] _nsec3 = [];
    private DnsName _qname = DnsName.Root;

    /// <summary>Loads the captured messages.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _tlsa = Load("unbound-tlsa-secure");        // Unbound: TLSA + RRSIG (ECDSA P-256), OPT, AD; 222 octets
        _dnskey = Load("auth-dnskey-alg13");        // NSD: DNSKEY RRset (2 keys) + RRSIG; 323 octets
        _referral = Load("tld-referral-signed");    // NSD: NS + DS + RRSIG referral with glue; 245 octets
        _nsec3 = Load("auth-nsec3-nxdomain");       // NSD: NXDOMAIN, SOA + 2 NSEC3 + 3 RRSIG; 612 octets
        _qname = DnsName.Parse("_25._tcp.mx.dane-ee-311.example.");
    }

    /// <summary>Decodes the signed TLSA response from Unbound.</summary>
    /// <returns>The message, so the work is not optimised away.</returns>
    [Benchmark(Baseline = true)]
    public DnsMessage? ParseTlsaResponse() => Parse(_tlsa);

    /// <summary>Decodes a DNSKEY response.</summary>
    /// <returns>The message.</returns>
    [Benchmark]
    public DnsMessage? ParseDnskeyResponse() => Parse(_dnskey);

    /// <summary>Decodes a signed referral.</summary>
    /// <returns>The message.</returns>
    [Benchmark]
    public DnsMessage? ParseReferral() => Parse(_referral);

    /// <summary>Decodes an NSEC3 NXDOMAIN response.</summary>
    /// <returns>The message.</returns>
    [Benchmark]
    public DnsMessage? ParseNsec3NxDomain() => Parse(_nsec3);

    /// <summary>Builds and encodes a TLSA query with DO (what a resolver sends).</summary>
    /// <returns>The wire octets.</returns>
    [Benchmark]
    public byte[] EncodeQuery() => DnsMessage.CreateQuery(_qname, DnsType.TLSA, 0x1234).ToWire();

    private static DnsMessage? Parse(byte[] wire) =>
        DnsMessage.TryParse(wire, out var m, out var e) ? m : throw new InvalidOperationException(e!.ToString());

    private static byte[] Load(string id)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Messages.{id}.hex")
            ?? throw new InvalidOperationException($"no embedded vector {id}");
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return Convert.FromHexString(reader.ReadToEnd().Replace("\n", "", StringComparison.Ordinal));
    }
}
