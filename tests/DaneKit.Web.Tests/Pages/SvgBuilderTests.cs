using System.Xml.Linq;
using DaneKit.Dnssec;
using DaneKit.Web.Rendering;

namespace DaneKit.Web.Tests.Pages;

public sealed class SvgBuilderTests
{
    private const string Hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>&amp;'";

    [Fact]
    public void EscapeTurnsMarkupIntoEntities()
    {
        Assert.Equal("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;&amp;amp;&#39;", SvgBuilder.Escape(Hostile));
        Assert.Equal("", SvgBuilder.Escape(null));
        Assert.Equal("a\uFFFDb\tc", SvgBuilder.Escape("a\u0001b\tc"));
        Assert.Equal("x\uFFFDy", SvgBuilder.Escape("x\uD800y"));
        Assert.Equal("😀", SvgBuilder.Escape("😀"));
    }

    [Fact]
    public void EveryTextTitleAndClassIsEscapedAndTheDocumentIsWellFormedXml()
    {
        var svg = new SvgBuilder(100, "c\"x", Hostile)
            .BeginGroup("g<", Hostile)
            .Rect(1, 2, 3, 4, "r", Hostile)
            .Polyline("p", Hostile, (0, 0), (1.5, 2))
            .Text(5, 6, Hostile, "t")
            .EndGroup()
            .Build(50);
        var markup = svg.ToString();
        Assert.DoesNotContain("<script", markup, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", markup, StringComparison.Ordinal);
        var doc = XDocument.Parse(markup);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(Hostile, doc.Root!.Element(ns + "title")!.Value);
        Assert.Equal(Hostile, doc.Descendants(ns + "text").Single().Value);
        Assert.Equal(4, doc.Descendants(ns + "title").Count(t => t.Value == Hostile));
        Assert.Equal("0 0 100 50", doc.Root.Attribute("viewBox")!.Value);
        Assert.Equal("M0 0 L1.5 2", doc.Descendants(ns + "path").Single().Attribute("d")!.Value);
    }

    [Fact]
    public void GroupsMustBalance()
    {
        Assert.Throws<InvalidOperationException>(() => new SvgBuilder(10, "c", "l").EndGroup());
        Assert.Throws<InvalidOperationException>(() => new SvgBuilder(10, "c", "l").BeginGroup("g").Build(10));
        Assert.Throws<ArgumentException>(() => new SvgBuilder(10, "c", "l").Polyline("p", null, (0, 0)));
    }

    [Fact]
    public void WrapBreaksAtSpacesAndCutsLongWords()
    {
        Assert.Equal(["aaa bbb", "ccc"], ChainOfTrustDiagram.Wrap("aaa bbb ccc", 8));
        Assert.Equal(["0123456789", "ABCDEF"], ChainOfTrustDiagram.Wrap("0123456789ABCDEF", 10));
        Assert.Equal([""], ChainOfTrustDiagram.Wrap("", 10));
    }

    [Fact]
    public void AHostileZoneAndReasonAreDrawnAsText()
    {
        var root = new ChainNode(ChainNodeKind.Anchor, "trust anchor", SecurityStatus.Secure, ["DS 1 13 2 AB"], null);
        var zone = new ChainNode(ChainNodeKind.Zone, "zone <script>alert(3)</script>.example.", SecurityStatus.Bogus, [],
            "RRSIG \"><img src=x onerror=alert(4)> expired");
        root.Children.Add(zone);
        var markup = ChainOfTrustDiagram.Render(root, "chain of <b>x</b>").ToString();
        Assert.DoesNotContain("<script", markup, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", markup, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", markup, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(3)&lt;/script&gt;", markup, StringComparison.Ordinal);
        var doc = XDocument.Parse(markup);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var broken = doc.Descendants(ns + "path").Single();
        Assert.Contains("broken", broken.Attribute("class")!.Value, StringComparison.Ordinal);
        Assert.Contains("onerror=alert(4)", broken.Element(ns + "title")!.Value, StringComparison.Ordinal);
        Assert.Contains(doc.Descendants(ns + "text"), t => t.Value.StartsWith("broken: RRSIG \"><img", StringComparison.Ordinal));
    }
}
