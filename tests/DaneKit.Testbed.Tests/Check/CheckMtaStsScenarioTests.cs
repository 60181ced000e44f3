namespace DaneKit.Testbed.Tests.Check;

/// <summary>
/// Every MTA-STS scenario of the catalogue (<c>expect.mta_sts</c>), checked with <c>danekit check --json</c> against the
/// testbed: the policy host is the testbed's nginx with certificates from the testbed CA, given with <c>--ca-file</c>.
/// The expectations were written from RFC 8461 (3.1 one TXT record, 3.3 HTTPS without redirects, 4.1 MX matching,
/// 4.2 WebPKI-valid MX certificates, 5 modes, 2 DANE precedence) and RFC 8460 3, not from DaneKit's output.
/// </summary>
[Collection(LiveTestbed.Name)]
public sealed class CheckMtaStsScenarioTests(TestbedFixture testbed)
{
    /// <summary>The scenarios with MTA-STS expectations.</summary>
    public static TheoryData<string> MtaStsScenarioIds()
    {
        var data = new TheoryData<string>();
        foreach (var s in ScenarioData.Catalogue.Scenarios.Where(s => s.Expect.MtaSts is not null))
        {
            data.Add(s.Id);
        }

        return data;
    }

    [Fact]
    public void TheCatalogueHasTheScenariosTheIssueNames()
    {
        var ids = ScenarioData.Catalogue.Scenarios.Where(s => s.Expect.MtaSts is not null).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in new[] { "sts-enforce", "sts-testing", "sts-mx-not-listed", "sts-bad-cert", "sts-redirect", "sts-no-txt", "sts-two-txt" })
        {
            Assert.Contains(id, ids);
        }
    }

    [Theory]
    [MemberData(nameof(MtaStsScenarioIds))]
    public async Task CheckReportsTheCatalogueMtaStsOutcome(string scenario)
    {
        var live = testbed.LiveScenario(scenario);
        var expect = live.Expect.MtaSts!;
        var ca = testbed.World.Https?.CaRoot ?? throw new InvalidOperationException("world.json has no https.ca_root: rebuild the testbed");

        var (process, document) = await CheckCli.RunJsonAsync([.. CheckCli.TestbedResolver(testbed.World), "--ca-file", ca, live.Domain]);
        var why = $"{process.CommandLine}\n{scenario}: {live.Summary}";
        var sts = document.MtaSts ?? throw new Xunit.Sdk.XunitException($"{why}\nno mtaSts member");

        Assert.True(expect.Txt == sts.TxtOutcome, $"{why}\nTXT: ours {sts.TxtOutcome}, catalogue {expect.Txt}");
        var fetch = sts.Fetch is null || sts.Fetch.Diagnostic ? "not-fetched" : sts.Fetch.Outcome;
        Assert.True(expect.Fetch == fetch, $"{why}\nfetch: ours {fetch} ({sts.Fetch?.Problem}), catalogue {expect.Fetch}");
        Assert.True((expect.Policy == "valid") == (sts.ModeInForce is not null), $"{why}\npolicy: ours mode {sts.ModeInForce ?? "(none)"}, catalogue {expect.Policy}");
        Assert.Equal(expect.Mode, sts.ModeInForce);

        foreach (var h in expect.Hosts)
        {
            var ours = sts.Hosts.SingleOrDefault(x => string.Equals(x.Name, h.Host, StringComparison.OrdinalIgnoreCase))
                ?? throw new Xunit.Sdk.XunitException($"{why}\nno MTA-STS entry for {h.Host}");
            Assert.True(h.StsOutcome == ours.Outcome, $"{why}\n{h.Host}: ours {ours.Outcome}, catalogue {h.StsOutcome}\n{document.MtaSts.Summary}");
            Assert.True(h.DaneApplies == ours.DaneApplies, $"{why}\n{h.Host}: DANE applies: ours {ours.DaneApplies}, catalogue {h.DaneApplies}");
            if (h.InPolicy is not null && sts.ModeInForce is not null)
            {
                Assert.True(h.InPolicy == ours.InPolicy, $"{why}\n{h.Host}: in policy: ours {ours.InPolicy}, catalogue {h.InPolicy}");
            }

            // The WebPKI judgement of the served certificate, against the testbed root given with --ca-file (4.2).
            if (sts.ModeInForce is not null)
            {
                Assert.All(ours.Addresses, a => Assert.True(a.WebPkiValid == h.MxCertWebpki,
                    $"{why}\n{h.Host} [{a.Address}]: WebPKI valid: ours {a.WebPkiValid} ({a.Problem}), catalogue {h.MxCertWebpki}"));
            }
        }

        Assert.True(expect.Tlsrpt == document.TlsRpt?.Outcome, $"{why}\nTLS-RPT: ours {document.TlsRpt?.Outcome}, catalogue {expect.Tlsrpt}");
        var codes = document.Findings.Select(f => f.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var code in expect.Findings)
        {
            Assert.True(codes.Contains(code), $"{why}\nmissing finding {code}; ours: {string.Join(", ", codes)}");
        }

        // Every MTA-STS or TLS-RPT error comes with a fix.
        Assert.All(document.Findings.Where(f => f.Code.StartsWith("MTASTS-", StringComparison.Ordinal) || f.Code.StartsWith("TLSRPT-", StringComparison.Ordinal)),
            f => Assert.False(string.IsNullOrWhiteSpace(f.Remediation.Text), $"{why}\n{f.Code} has no fix"));

        // The DANE verdict, and so the exit code, are DANE's alone (the catalogue agreement tests hold them to it).
        Assert.Equal(live.Expect.Verdict, document.Verdict);
    }

    [Fact]
    public async Task WithoutTheCaFileThePolicyHostIsUntrusted()
    {
        // The testbed CA is not a system root: without --ca-file, the policy fetch fails WebPKI validation (RFC 8461 3.3),
        // and a sender has no policy.
        var live = testbed.LiveScenario("sts-enforce");
        var (process, document) = await CheckCli.RunJsonAsync([.. CheckCli.TestbedResolver(testbed.World), live.Domain]);

        Assert.True(document.MtaSts?.Fetch?.Outcome == "certificate", $"{process.CommandLine}: fetch {document.MtaSts?.Fetch?.Outcome} {document.MtaSts?.Fetch?.Problem}");
        Assert.Null(document.MtaSts!.ModeInForce);
        Assert.Contains(document.Findings, f => f.Code == "MTASTS-FETCH-CERTIFICATE");
    }

    [Fact]
    public async Task NoMtaStsLeavesItOut()
    {
        var live = testbed.LiveScenario("sts-enforce");
        var (_, document) = await CheckCli.RunJsonAsync([.. CheckCli.TestbedResolver(testbed.World), "--no-mta-sts", live.Domain]);

        Assert.Null(document.MtaSts);
        Assert.Null(document.TlsRpt);
        Assert.DoesNotContain(document.Findings, f => f.Code.StartsWith("MTASTS-", StringComparison.Ordinal));
    }
}
