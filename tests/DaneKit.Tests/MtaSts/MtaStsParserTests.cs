using DaneKit.MtaSts;

namespace DaneKit.Tests.MtaSts;

/// <summary>Details the table does not show: evidence, subjects, line numbers, the matcher through a policy, null guards.</summary>
public sealed class MtaStsParserTests
{
    [Fact]
    public void MultipleRecordsAreAllShownAsEvidence()
    {
        var result = MtaStsTxtParser.Parse("example.com.", ["v=STSv1; id=a", "v=STSv1; id=b", "v=spf1 -all"]);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("_mta-sts.example.com", finding.Subject);
        Assert.Equal(["v=STSv1; id=a", "v=STSv1; id=b"], finding.Evidence.Select(e => e.Value));
        Assert.False(result.HasPolicy);
    }

    [Fact]
    public void ExtensionsAreKeptInOrder()
    {
        var result = MtaStsTxtParser.Parse("example.com", ["v=STSv1; a=1; id=x; b.c=2"]);
        Assert.NotNull(result.Record);
        Assert.Equal("x", result.Record.Id);
        Assert.Equal(["a", "b.c"], result.Record.Extensions.Select(e => e.Key));
    }

    [Fact]
    public void PolicyFindingsNameTheLine()
    {
        var result = MtaStsPolicyParser.Parse("https://mta-sts.example.com/.well-known/mta-sts.txt", "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 99999999999\n");
        var finding = Assert.Single(result.Findings);
        Assert.Equal(MtaStsFindings.PolicyMaxAge, finding.Code);
        Assert.Equal("line 4", finding.Evidence[0].Label);
        Assert.Equal("max_age: 99999999999", finding.Evidence[0].Value);
    }

    [Fact]
    public void APolicyMatchesItsMxHosts()
    {
        var policy = MtaStsPolicyParser.Parse("p", "version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\nmax_age: 604800\n").Policy;
        Assert.NotNull(policy);
        Assert.Equal(TimeSpan.FromDays(7), policy.MaxAge);
        Assert.Equal("*.example.net", policy.MatchingPattern("mx2.example.net."));
        Assert.Equal("mail.example.com", policy.MatchingPattern("Mail.Example.Com"));
        Assert.Null(policy.MatchingPattern("mail.example.net.attacker.example"));
    }

    [Fact]
    public void ABareCarriageReturnIsAControlCharacter()
    {
        var result = MtaStsPolicyParser.Parse("p", "version: STSv1\rmode: enforce\nmx: mx.example.com\nmax_age: 1\n");
        Assert.False(result.IsValid);
        Assert.Contains(result.Findings, f => f.Code == MtaStsFindings.PolicySyntax);
    }

    [Fact]
    public void NullArgumentsAreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => MtaStsTxtParser.Parse("example.com", null!));
        Assert.Throws<ArgumentNullException>(() => MtaStsPolicyParser.Parse("p", null!));
        Assert.Throws<ArgumentNullException>(() => MtaStsMxPattern.Matches(null!, "a"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MtaStsPolicyFetcher(new MtaStsFetchOptions { MaxBodyBytes = 0 }));
    }
}
