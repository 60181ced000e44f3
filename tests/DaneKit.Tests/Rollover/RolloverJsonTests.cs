using System.Security.Cryptography;
using System.Text.Json;
using DaneKit.Dns.Records;
using DaneKit.Rollover;
using static DaneKit.Tests.Rollover.RolloverHosts;
using static DaneKit.Tests.Rollover.RolloverTestPki;

namespace DaneKit.Tests.Rollover;

/// <summary><see cref="RolloverJson"/>: the <c>--json</c> form of plans and decisions (camelCase members, enum names).</summary>
public sealed class RolloverJsonTests : IDisposable
{
    private readonly ECDsa _currentKey = NewEcKey();
    private readonly ECDsa _nextKey = NewEcKey();
    private readonly RolloverCredential _current;
    private readonly RolloverCredential _next;

    public RolloverJsonTests()
    {
        _current = KeyOnly(_currentKey, "current.pem");
        _next = KeyOnly(_nextKey, "next.pem");
    }

    public void Dispose()
    {
        _current.Dispose();
        _next.Dispose();
        _currentKey.Dispose();
        _nextKey.Dispose();
    }

    [Fact]
    public void PlanIsCamelCaseJson()
    {
        var since = new DateTimeOffset(2026, 11, 29, 11, 0, 0, TimeSpan.Zero);
        var plan = RolloverPlanner.Plan(_current, _next, false, Owner, 300, "rrsig", [EndEntity(_currentKey), "3 1 1 " + new string('A', 64)], _ => since);

        var json = RolloverJson.Write(plan);

        Assert.EndsWith("}\n", json, StringComparison.Ordinal);
        Assert.Contains("\n  \"owner\"", json, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(Owner, root.GetProperty("owner").GetString());
        Assert.Equal(300, root.GetProperty("ttl").GetInt32());
        Assert.Equal("rrsig", root.GetProperty("ttlSource").GetString());
        var records = root.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(2, records.Count);
        Assert.Equal(EndEntity(_currentKey), records[0].GetProperty("record").GetString());
        Assert.Equal("current key", records[0].GetProperty("role").GetString());
        Assert.Equal($"{Owner} 300 IN TLSA {EndEntity(_currentKey)}", records[0].GetProperty("zoneLine").GetString());
        Assert.True(records[0].GetProperty("published").GetBoolean());
        Assert.Equal(since, records[0].GetProperty("visibleSince").GetDateTimeOffset());
        Assert.False(records[1].GetProperty("published").GetBoolean());
        Assert.Equal(JsonValueKind.Null, records[1].GetProperty("visibleSince").ValueKind);
        Assert.Equal(["3 1 1 " + new string('A', 64)], root.GetProperty("retire").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(5, root.GetProperty("steps").GetArrayLength());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("notes").ValueKind);
        Assert.True(root.TryGetProperty("safeWait", out _));
        Assert.True(root.TryGetProperty("earliestSwitch", out _));
        Assert.False(root.TryGetProperty("Owner", out _));
    }

    [Fact]
    public void DecisionIsCamelCaseJsonWithEnumNames()
    {
        var current = Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _currentKey.ExportSubjectPublicKeyInfo());
        var next = Record(TlsaUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256, _nextKey.ExportSubjectPublicKeyInfo());
        var host = MxHost(SecureTlsa([current, next]), Address("192.0.2.25", Spki256(_currentKey), matched: true));
        var decision = RolloverAssessment.Decide(host, _next, _ => null, Now);

        var json = RolloverJson.Write(decision);

        Assert.EndsWith("}\n", json, StringComparison.Ordinal);
        Assert.Contains("\"outcome\": \"NotYet\"", json, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("NotYet", root.GetProperty("outcome").GetString());
        Assert.Equal(Host, root.GetProperty("host").GetString());
        Assert.Equal(Owner, root.GetProperty("owner").GetString());
        Assert.Equal("Secure", root.GetProperty("tlsaStatus").GetString());
        Assert.Equal(300, root.GetProperty("ttl").GetInt32());
        Assert.Equal([current.ToString(), next.ToString()], root.GetProperty("published").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([next.ToString()], root.GetProperty("matching").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("needed").ValueKind);
        Assert.Equal(Now, root.GetProperty("visibleSince").GetDateTimeOffset());
        Assert.Equal("first seen now", root.GetProperty("visibleSinceSource").GetString());
        Assert.Equal(Now.AddSeconds(600), root.GetProperty("safeAt").GetDateTimeOffset());
        Assert.Equal(Now, root.GetProperty("checkedAt").GetDateTimeOffset());
        var address = Assert.Single(root.GetProperty("addresses").EnumerateArray().ToList());
        Assert.Equal("192.0.2.25:25", address.GetProperty("endpoint").GetString());
        Assert.Equal("Authenticated", address.GetProperty("verdict").GetString());
        Assert.Equal(Spki256(_currentKey), address.GetProperty("servedKey").GetString());
        Assert.False(address.GetProperty("servesNewKey").GetBoolean());
        var reason = Assert.Single(root.GetProperty("reasons").EnumerateArray().ToList());
        Assert.Equal("ROLLOVER-TOO-SOON", reason.GetProperty("code").GetString());
        Assert.Equal("NotYet", reason.GetProperty("outcome").GetString());
        Assert.Equal("RFC 7671 8.1", reason.GetProperty("rfc").GetString());
        Assert.StartsWith("Deploy at or after", reason.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(reason.GetProperty("message").GetString()));
    }

    [Theory]
    [InlineData(RolloverOutcome.Safe)]
    [InlineData(RolloverOutcome.Unsafe)]
    [InlineData(RolloverOutcome.Unknown)]
    public void EveryOutcomeIsWrittenByName(RolloverOutcome outcome)
    {
        var decision = new RolloverDecision
        {
            Outcome = outcome,
            Host = Host,
            Owner = Owner,
            TlsaStatus = DaneKit.Dnssec.SecurityStatus.Bogus,
            CheckedAt = Now,
            Reasons = [new RolloverReason("ROLLOVER-X", outcome, "m", "RFC 7671 8.1")],
        };

        using var doc = JsonDocument.Parse(RolloverJson.Write(decision));

        Assert.Equal(outcome.ToString(), doc.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("Bogus", doc.RootElement.GetProperty("tlsaStatus").GetString());
        Assert.Equal(outcome.ToString(), doc.RootElement.GetProperty("reasons")[0].GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("reasons")[0].GetProperty("fix").ValueKind);
    }
}
