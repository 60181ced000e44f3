using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace DaneKit.Testbed.Tests.Tlsa;

/// <summary>
/// <c>danekit tlsa generate</c> agrees with <c>ldns-dane create</c> and hash-slinger's <c>tlsa --create</c> on the chains
/// the testbed's mail hosts serve: same owner (<c>_25._tcp.HOST.</c>), usage, selector, matching type and data, for
/// every usage (0-3), selector (0, 1) and matching type (0, 1, 2), and for every CA certificate in a served chain.
/// Each record must also equal the one computed here from the certificate with .NET's hashes, so the generators
/// cannot agree on the wrong certificate.
/// </summary>
/// <remarks>
/// The chain is fetched once per host with <c>openssl s_client -starttls smtp -showcerts</c> (ldns-dane has no
/// STARTTLS) and read from files by ldns-dane (<c>-c</c>) and danekit (<c>--cert</c>, <c>--chain</c>); hash-slinger and
/// danekit <c>--from smtp://HOST:25</c> make their own STARTTLS connection, after resolving the host through the
/// testbed's validating Unbound. Everything stays inside the testbed's namespace (loopback only).
/// </remarks>
[Collection(LiveTestbed.Name)]
public sealed class TlsaGenerateAgreementTests(TestbedFixture testbed, ServedChains chains) : IClassFixture<ServedChains>
{
    /// <summary>The key algorithm OIDs of the leaf certificates (RFC 5480, RFC 8017).</summary>
    private const string EcPublicKey = "1.2.840.10045.2.1";

    private const string RsaEncryption = "1.2.840.113549.1.1.1";

    /// <summary>
    /// Scenarios with distinct certificates: self-signed ECDSA P-256 (DANE-EE), self-signed RSA-2048, an ECDSA leaf sent
    /// with the intermediate CA that issued it, and the same with the self-signed root sent too.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, ChainShape> Shapes = new Dictionary<string, ChainShape>(StringComparer.Ordinal)
    {
        ["dane-ee-311"] = new(1, EcPublicKey, EndsSelfSigned: true, "self-signed ECDSA P-256"),
        ["dane-ee-rsa"] = new(1, RsaEncryption, EndsSelfSigned: true, "self-signed RSA-2048"),
        ["dane-ta-211"] = new(2, EcPublicKey, EndsSelfSigned: false, "ECDSA leaf + intermediate CA"),
        ["dane-ta-root-sent"] = new(3, EcPublicKey, EndsSelfSigned: true, "ECDSA leaf + intermediate CA + self-signed root CA"),
    };

    private static readonly int[] Selectors = [0, 1];
    private static readonly int[] MatchingTypes = [0, 1, 2];

    /// <summary>
    /// One row per scenario, usage, selector and matching type. The end-entity usages (PKIX-EE 1, DANE-EE 3) are about
    /// the leaf; the CA usages (PKIX-TA 0, DANE-TA 2) about each CA certificate served, so only where one is.
    /// </summary>
    public static TheoryData<string, int, int, int> Combinations()
    {
        var rows = new TheoryData<string, int, int, int>();
        foreach (var (scenario, shape) in Shapes)
        {
            int[] usages = shape.Length > 1 ? [3, 2, 1, 0] : [3, 1];
            foreach (var usage in usages)
            {
                foreach (var selector in Selectors)
                {
                    foreach (var mtype in MatchingTypes)
                    {
                        rows.Add(scenario, usage, selector, mtype);
                    }
                }
            }
        }

        return rows;
    }

    /// <summary>One row per scenario, selector and matching type: <c>--from</c> prints a record for every served certificate.</summary>
    public static TheoryData<string, int, int> ChainCombinations()
    {
        var rows = new TheoryData<string, int, int>();
        foreach (var scenario in Shapes.Keys)
        {
            foreach (var selector in Selectors)
            {
                foreach (var mtype in MatchingTypes)
                {
                    rows.Add(scenario, selector, mtype);
                }
            }
        }

        return rows;
    }

    /// <summary>One row per scenario.</summary>
    public static TheoryData<string> ScenarioIds() => new(Shapes.Keys);

    /// <summary>The hosts serve what the rows assume, so that no comparison passes for want of a certificate.</summary>
    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public async Task ServedChainHasTheExpectedShape(string scenario)
    {
        var shape = Shapes[scenario];
        var chain = await FetchAsync(scenario);

        Assert.True(chain.Count == shape.Length, $"{scenario}: {chain.Host} serves {chain.Count} certificate(s), expected {shape.Length} ({shape.Description})");
        Assert.Equal(shape.LeafKeyAlgorithm, chain.Certificates[0].PublicKey.Oid.Value);
        Assert.False(chain.IsCa(0), $"{scenario}: the leaf is a CA certificate");
        for (var depth = 1; depth < chain.Count; depth++)
        {
            Assert.True(chain.IsCa(depth), $"{scenario}: the certificate at depth {depth} is not a CA certificate");
            Assert.Equal(chain.Certificates[depth].SubjectName.RawData, chain.Certificates[depth - 1].IssuerName.RawData);
        }

        var last = chain.Certificates[^1];
        Assert.True(
            shape.EndsSelfSigned == last.SubjectName.RawData.SequenceEqual(last.IssuerName.RawData),
            $"{scenario}: the last certificate served ({last.Subject}) is {(shape.EndsSelfSigned ? "not " : "")}self-signed");
    }

    /// <summary>
    /// For one usage, selector and matching type, and each certificate that usage is about: ldns-dane, hash-slinger,
    /// danekit <c>--cert</c> (the fetched chain file for the leaf, which takes its first certificate; the CA's own file
    /// otherwise) and, for DANE-EE and DANE-TA, the matching line of danekit <c>--chain</c> all print the reference
    /// record.
    /// </summary>
    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task GenerateAgreesWithLdnsDaneAndHashSlinger(string scenario, int usage, int selector, int mtype)
    {
        var chain = await FetchAsync(scenario);
        var depths = usage is 1 or 3 ? [0] : Enumerable.Range(1, chain.Count - 1).ToArray();
        Assert.True(depths.Length > 0, $"{scenario}: usage {usage} needs a CA certificate in the served chain, and there is none");

        GeneratorOutput? chainOutput = null;
        if (usage is 2 or 3)
        {
            chainOutput = await TlsaGenerators.DanekitAsync(
                "danekit --chain (chain from openssl s_client)", ["--chain", chain.ChainFile, .. Spec(chain, null, selector, mtype)]);
            ExpectCount(chainOutput, chain.Count);
        }

        var report = new AgreementReport($"{scenario} usage {usage} selector {selector} mtype {mtype}");
        foreach (var depth in depths)
        {
            var expected = TlsaGenerators.Reference(chain, depth, usage, selector, mtype);
            var certFile = depth == 0 ? chain.ChainFile : chain.CertificateFiles[depth];
            List<(GeneratorOutput Output, TlsaLine? Record)> outputs =
            [
                Only(await TlsaGenerators.LdnsDaneAsync(chain, depth, usage, selector, mtype)),
                Only(await TlsaGenerators.HashSlingerAsync(chain, depth, usage, selector, mtype)),
                Only(await TlsaGenerators.DanekitAsync(
                    depth == 0 ? "danekit --cert (chain file: first certificate)" : $"danekit --cert (depth {depth} file)",
                    ["--cert", certFile, .. Spec(chain, usage, selector, mtype)])),
            ];
            if (chainOutput is not null)
            {
                outputs.Add(AtDepth(chainOutput, chain, depth));
            }

            report.Compare(depth, chain.Certificates[depth], expected, outputs);
        }

        report.AssertAgreement();
    }

    /// <summary>
    /// <c>danekit tlsa generate --from smtp://HOST:25</c> (its own STARTTLS fetch) with a bare <c>--chain</c> prints, for
    /// the served chain: DANE-EE for the leaf, DANE-TA for each CA, in order; each record agrees with ldns-dane,
    /// hash-slinger and the reference.
    /// </summary>
    [Theory]
    [MemberData(nameof(ChainCombinations))]
    public async Task GenerateFromSmtpAgreesWithLdnsDaneAndHashSlinger(string scenario, int selector, int mtype)
    {
        var chain = await FetchAsync(scenario);
        var fromOutput = await TlsaGenerators.DanekitAsync(
            "danekit --from (live STARTTLS)", ["--from", $"smtp://{chain.Host}:25", "--chain", "--selector", Number(selector), "--mtype", Number(mtype)]);
        ExpectCount(fromOutput, chain.Count);

        var report = new AgreementReport($"{scenario} --from selector {selector} mtype {mtype}");
        for (var depth = 0; depth < chain.Count; depth++)
        {
            var usage = depth == 0 ? 3 : 2;
            var expected = TlsaGenerators.Reference(chain, depth, usage, selector, mtype);
            List<(GeneratorOutput Output, TlsaLine? Record)> outputs =
            [
                Only(await TlsaGenerators.LdnsDaneAsync(chain, depth, usage, selector, mtype)),
                Only(await TlsaGenerators.HashSlingerAsync(chain, depth, usage, selector, mtype)),
                AtDepth(fromOutput, chain, depth),
            ];
            report.Compare(depth, chain.Certificates[depth], expected, outputs);
        }

        report.AssertAgreement();
    }

    private async Task<ServedChain> FetchAsync(string scenario)
    {
        var live = testbed.LiveScenario(scenario);
        var host = Assert.Single(live.Expect.Hosts);
        return await chains.GetAsync(host.Host.TrimEnd('.'), host.Address);
    }

    /// <summary>The danekit options shared by every source: the base domain and the record's fields.</summary>
    private static string[] Spec(ServedChain chain, int? usage, int selector, int mtype) =>
        usage is { } u
            ? ["--host", chain.Host, "--usage", Number(u), "--selector", Number(selector), "--mtype", Number(mtype)]
            : ["--host", chain.Host, "--selector", Number(selector), "--mtype", Number(mtype)];

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The one record of a generator asked for one; null (reported as a disagreement) when it printed another number.</summary>
    private static (GeneratorOutput, TlsaLine?) Only(GeneratorOutput output) =>
        (output, output.Records.Count == 1 ? output.Records[0] : null);

    /// <summary>The record for the certificate at <paramref name="depth"/> of a generator that prints one per served certificate.</summary>
    private static (GeneratorOutput, TlsaLine?) AtDepth(GeneratorOutput output, ServedChain chain, int depth) =>
        (output, output.Records.Count == chain.Count ? output.Records[depth] : null);

    private static void ExpectCount(GeneratorOutput output, int count) =>
        Assert.True(
            output.Records.Count == count,
            $"{output.Source}: {output.CommandLine} printed {output.Records.Count} TLSA record(s), expected {count} (one per served certificate):\n{output.Output}");

    /// <summary>What a host serves: how many certificates, the leaf's key algorithm OID, whether the last is self-signed.</summary>
    private sealed record ChainShape(int Length, string LeafKeyAlgorithm, bool EndsSelfSigned, string Description);

    /// <summary>Collects every disagreement of one row, so a failure names all of them at once.</summary>
    private sealed class AgreementReport(string row)
    {
        private readonly List<string> _problems = [];
        private int _compared;

        /// <summary>Checks each generator's record for the certificate at <paramref name="depth"/> against the reference.</summary>
        public void Compare(int depth, X509Certificate2 certificate, TlsaLine expected, IEnumerable<(GeneratorOutput Output, TlsaLine? Record)> outputs)
        {
            Assert.False(string.IsNullOrEmpty(expected.Data), $"{row}: empty reference data");
            foreach (var (output, record) in outputs)
            {
                _compared++;
                var where = $"depth {depth} ({certificate.Subject}), {output.Source}";
                if (record is null)
                {
                    _problems.Add($"{where}: printed {output.Records.Count} TLSA record(s): {output.CommandLine}\n      {output.Output.Trim().Replace("\n", "\n      ", StringComparison.Ordinal)}");
                }
                else if (!record.SameRecord(expected))
                {
                    _problems.Add($"{where}: {record}\n      expected {expected}\n      command: {output.CommandLine}");
                }
            }
        }

        /// <summary>Fails with every disagreement; also fails when nothing was compared.</summary>
        public void AssertAgreement()
        {
            Assert.True(_compared > 0, $"{row}: nothing was compared");
            Assert.True(_problems.Count == 0, $"{row}: {_problems.Count} of {_compared} records disagree:\n  " + string.Join("\n  ", _problems));
        }
    }
}
