using System.Diagnostics;
using System.Net;
using DaneKit.Dns;
using DaneKit.Dns.Presentation;
using DaneKit.Dns.Resolver;
using Xunit.Abstractions;

namespace DaneKit.Testbed.Tests;

/// <summary>
/// The library's stub resolver (through the testbed's Unbound) and its iterative resolver (from the
/// testbed's root hints) return the same RRsets as <c>dig @resolver +dnssec</c>, compared as sets of
/// (owner, type, class, canonical RDATA), TTL and order ignored, RRSIGs included. For bogus names the stub,
/// like dig, gets SERVFAIL, and the iterative resolver (which does not validate) gets what <c>dig +cd</c> gets;
/// where even <c>+cd</c> fails (indeterminate), the iterative resolver fails too.
/// </summary>
[Collection(LiveTestbed.Name)]
public sealed class QueryAgreementTests(TestbedFixture testbed, QueryResolversFixture resolvers, ITestOutputHelper output)
    : IClassFixture<QueryResolversFixture>
{
    [Theory]
    [MemberData(nameof(QueryRows.Rows), MemberType = typeof(QueryRows))]
    public async Task LibraryResolversAgreeWithDig(string scenario, string name, string type)
    {
        testbed.LiveScenario(scenario);
        var (stub, iterative) = resolvers.Get(testbed);
        var qname = DnsName.Parse(name);
        Assert.True(DnsTypes.TryParse(type, out var qtype), type);

        var dig = await DigAnswer.QueryAsync(testbed.World.Resolver, name, type, checkingDisabled: false);
        var sw = Stopwatch.StartNew();
        var stubResult = await stub.QueryAsync(qname, qtype, CancellationToken.None);
        var stubTime = sw.Elapsed;
        Assert.True(stubResult.IsSuccess, $"stub: {stubResult.Error}");
        var stubResponse = stubResult.Response!;
        Assert.True(stubResponse.ResponseCode.ToText() == dig.Status,
            $"stub got {stubResponse.ResponseCode.ToText()}, dig got {dig.Status}\n{dig.Text}");
        AssertSameRecords("stub", dig, stubResponse.Answers);

        var expected = dig;
        if (dig.Status == "SERVFAIL")
        {
            expected = await DigAnswer.QueryAsync(testbed.World.Resolver, name, type, checkingDisabled: true);
        }

        sw.Restart();
        var resolution = await iterative.ResolveAsync(qname, qtype, CancellationToken.None);
        output.WriteLine($"stub {stubTime.TotalMilliseconds:0} ms; iterative {sw.Elapsed.TotalMilliseconds:0} ms, {resolution.QueriesUsed} queries, {resolution.Status}");
        if (expected.Status == "SERVFAIL")
        {
            Assert.True(resolution.Status == ResolutionStatus.Failed,
                $"dig +cd gets SERVFAIL (indeterminate) but the iterative resolver got {resolution.Status} [{string.Join(", ", resolution.Answers)}]");
            return;
        }

        Assert.True(resolution.ResponseCode.ToText() == expected.Status,
            $"iterative got {resolution.ResponseCode.ToText()} ({resolution.Error}), dig got {expected.Status}\n{expected.Text}");
        AssertSameRecords("iterative", expected, resolution.Answers);
    }

    private static void AssertSameRecords(string who, DigAnswer dig, IEnumerable<DnsResourceRecord> actual)
    {
        var want = dig.Answers.Select(Key).ToHashSet();
        var got = actual.Select(Key).ToHashSet();
        var missing = want.Except(got).ToList();
        var extra = got.Except(want).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{who} differs from dig.\nmissing: {string.Join("\n  ", missing)}\nextra: {string.Join("\n  ", extra)}\n{dig.Text}");
    }

    private static string Key(DnsResourceRecord r) =>
        $"{r.Name.ToCanonical()} {r.Class.ToText()} {r.Type.ToText()} {Convert.ToHexString(r.Data.ToWire(canonical: true))}";
}

/// <summary>One stub and one iterative resolver (with its cache) for all rows, so the run stays short.</summary>
public sealed class QueryResolversFixture
{
    private readonly Lock _lock = new();
    private (StubResolver, IterativeResolver)? _resolvers;

    /// <summary>The resolvers, built on first use from the running world.</summary>
    public (StubResolver Stub, IterativeResolver Iterative) Get(TestbedFixture testbed)
    {
        lock (_lock)
        {
            if (_resolvers is { } r)
            {
                return r;
            }

            var stub = new StubResolver(new StubResolverOptions
            {
                Servers = [new IPEndPoint(IPAddress.Parse(testbed.World.Resolver), 53)],
                Timeout = TimeSpan.FromSeconds(3),
                Attempts = 2,
            });
            var hints = RootHints.LoadAsync(QueryRows.RootHintsPath(testbed.WorldPath)).GetAwaiter().GetResult();
            var iterative = new IterativeResolver(new IterativeResolverOptions { RootHints = hints, QueryTimeout = TimeSpan.FromSeconds(1) });
            _resolvers = (stub, iterative);
            return _resolvers.Value;
        }
    }
}

/// <summary>The status and answer section of one <c>dig +dnssec</c> run, parsed with the library's zone parser.</summary>
internal sealed record DigAnswer(string Status, IReadOnlyList<DnsResourceRecord> Answers, string Text)
{
    public static async Task<DigAnswer> QueryAsync(string resolver, string name, string type, bool checkingDisabled)
    {
        List<string> arguments = ["+dnssec", "+time=3", "+tries=2", "+nocookie"];
        if (checkingDisabled)
        {
            arguments.Add("+cd");
        }

        arguments.AddRange([$"@{resolver}", name, type]);
        var result = await ProcessRunner.RunAsync("dig", arguments, TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, $"{result.CommandLine} exited with {result.ExitCode}:\n{result.StandardOutput}{result.StandardError}");
        var text = result.StandardOutput;
        var status = Dns.DigResponse.Parse(text).Status;
        var lines = new List<string>();
        var inAnswer = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(";; ANSWER SECTION:", StringComparison.Ordinal))
            {
                inAnswer = true;
                continue;
            }

            if (inAnswer)
            {
                if (line.Trim().Length == 0 || line.StartsWith(';'))
                {
                    break;
                }

                lines.Add(line);
            }
        }

        var records = new ZoneFileParser().ParseText(string.Join('\n', lines) + "\n", $"dig {name} {type}");
        return new DigAnswer(status, records, $"{result.CommandLine}\n{text}");
    }
}
