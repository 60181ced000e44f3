using System.Xml.Linq;
using DaneKit.Diagnostics;
using DaneKit.Web.Rendering;

namespace DaneKit.Web.Tests.Pages;

public sealed class DomainViewTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void StaleTlsaPublishesTheRecordOfTheKeyServedAndShowsTheMismatch()
    {
        var view = DomainView.Of(Recorded.Result("stale-tlsa"));
        Assert.Equal("dane-fail", view.Verdict.Word);
        Assert.Equal("✗", view.Verdict.Symbol);
        const string line = "_25._tcp.mx.stale-tlsa.example. IN TLSA 3 1 1 015125F2E9D26F740E1FC9FEBAC922DE11DA9944797D1D8751FFB75E8339E684";
        var publish = Assert.Single(view.PublishLines);
        Assert.Equal(line, publish.Line);
        Assert.StartsWith("fix of DANE-TLSA-STALE", publish.Source, StringComparison.Ordinal);
        Assert.Equal(1, view.Count(FindingSeverity.Error));

        var host = Assert.Single(view.Hosts);
        var column = Assert.Single(host.Columns);
        Assert.StartsWith("3 1 1 C4E19610", column.Record.Text, StringComparison.Ordinal);
        var row = Assert.Single(host.Rows);
        Assert.Equal("127.25.0.9:25", row.Address.Endpoint);
        Assert.Equal("3 1 1 015125F2E9D26F740E1FC9FEBAC922DE11DA9944797D1D8751FFB75E8339E684", row.LeafRecord);
        var cell = Assert.Single(row.Cells);
        Assert.Equal("not matched", cell.Mark.Word);
        Assert.StartsWith("digest-mismatch: the leaf (CN=mx.stale-tlsa.example) gives 3 1 1 015125F2", cell.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void GoodMatchesAndItsChainHasNoBrokenLink()
    {
        var view = DomainView.Of(Recorded.Result("good"));
        Assert.Equal("✓", view.Verdict.Symbol);
        Assert.All(view.Hosts.SelectMany(h => h.Rows).SelectMany(r => r.Cells.Take(1)), c => Assert.Equal("matched", c.Mark.Word));
        var doc = XDocument.Parse(view.Chain.ToString());
        Assert.DoesNotContain(doc.Descendants(Svg + "path"), p => p.Attribute("class")!.Value.Contains("broken", StringComparison.Ordinal));
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value.StartsWith("trust anchor", StringComparison.Ordinal));
    }

    [Fact]
    public void BrokenDnssecDrawsTheBogusZoneAsARedLinkWithItsReason()
    {
        var result = Recorded.Result("broken-dnssec");
        var tree = ChainOfTrustDiagram.Build(result);
        var root = Assert.Single(tree.Children);
        Assert.Equal("zone .", root.Title);
        var example = Assert.Single(root.Children, c => c.Kind == ChainNodeKind.Zone);
        var broken = Assert.Single(example.Children, c => c.Kind == ChainNodeKind.Zone);
        Assert.Equal("zone expired-rrsig.example.", broken.Title);
        Assert.StartsWith("DNSKEY RRset not validly signed by an entry point; DNSKEY expired-rrsig.example.: RRSIG DNSKEY", broken.Broken, StringComparison.Ordinal);
        Assert.Contains(broken.Children, c => c.Title == "MX expired-rrsig.example." && c.Broken is not null);
        Assert.Contains(broken.Children, c => c.Title == "TLSA _25._tcp.mx.expired-rrsig.example.");
        Assert.Contains(broken.Children, c => c.Title == "TXT _mta-sts.expired-rrsig.example.");

        var doc = XDocument.Parse(DomainView.Of(result).Chain.ToString());
        var red = doc.Descendants(Svg + "path").Where(p => p.Attribute("class")!.Value.Contains("broken", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(red);
        Assert.Contains(red, p => p.Element(Svg + "title")!.Value.StartsWith("broken link to zone expired-rrsig.example.: DNSKEY RRset not validly signed", StringComparison.Ordinal));
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value.StartsWith("broken: DNSKEY RRset not validly signed", StringComparison.Ordinal));
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value.Contains("expired-rrsig.example.", StringComparison.Ordinal) && t.Value.Contains("✗ bogus", StringComparison.Ordinal));
    }

    [Fact]
    public void HostileStringsStayTextInTheViewAndTheChain()
    {
        var view = DomainView.Of(Recorded.Result("hostile-strings"));
        Assert.Equal("authenticated", view.Verdict.Word);
        var row = Assert.Single(Assert.Single(view.Hosts).Rows);
        Assert.Contains("<script>alert(1)</script>", row.Address.Probe!.Greeting, StringComparison.Ordinal);
        Assert.Contains("<script>alert(3)</script>", row.Leaf!.Subject, StringComparison.Ordinal);
        Assert.Equal("matched", Assert.Single(row.Cells).Mark.Word);
        Assert.DoesNotContain("<script", view.Chain.ToString(), StringComparison.Ordinal);
        XDocument.Parse(view.Chain.ToString());
    }

    [Theory]
    [InlineData("bogus-tlsa-signature")]
    [InlineData("insecure-mx-secure-tlsa")]
    [InlineData("mx-cname-original-tlsa")]
    [InlineData("no-starttls")]
    [InlineData("null-mx")]
    [InlineData("only-unusable-tlsa")]
    [InlineData("two-addresses-one-wrong-cert")]
    public void EveryRecordedResultRenders(string name)
    {
        var view = DomainView.Of(Recorded.Result(name));
        XDocument.Parse(view.Chain.ToString());
        Assert.All(view.Hosts, h => Assert.All(h.Rows, r => Assert.Equal(h.Columns.Count, r.Cells.Count)));
    }

    [Fact]
    public void MarksAlwaysHaveASymbolAndAWord()
    {
        Assert.Equal(new StatusMark("?", "unchecked", "neutral"), StatusMark.OfVerdict(null));
        Assert.Equal("✗", StatusMark.OfVerdict("dane-fail").Symbol);
        Assert.Equal("deferred", StatusMark.OfVerdict("deferred").Word);
        Assert.Equal("no-policy", StatusMark.OfMtaSts("no-policy").Word);
        Assert.Equal("not checked", StatusMark.OfMtaSts(null).Word);
        Assert.Equal("badge tone-bad", StatusMark.OfSeverity("error").BadgeClass);
    }
}
