using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace DaneKit.Web.Rendering;

/// <summary>
/// Writes an inline SVG document element by element. Every text and every attribute value goes through
/// <see cref="Escape"/>, so text that comes from the checked domain (zone names, validator reasons, records) can never
/// become markup; element and attribute names are fixed by the methods. Colours come from CSS classes (the pages' CSP
/// allows no inline styles).
/// </summary>
public sealed class SvgBuilder
{
    private readonly StringBuilder _body = new();
    private readonly double _width;
    private readonly string _cssClass;
    private readonly string _label;
    private int _open;

    /// <summary>Starts a document.</summary>
    /// <param name="width">The width of the drawing in user units.</param>
    /// <param name="cssClass">The class of the <c>svg</c> element.</param>
    /// <param name="label">What it shows, for the accessible name and the document's <c>title</c>.</param>
    public SvgBuilder(double width, string cssClass, string label)
    {
        ArgumentNullException.ThrowIfNull(cssClass);
        ArgumentNullException.ThrowIfNull(label);
        _width = width;
        _cssClass = cssClass;
        _label = label;
    }

    /// <summary>XML-escapes text for an SVG element or attribute: <c>&amp; &lt; &gt; " '</c> as entities, and characters XML does not allow replaced by U+FFFD.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The escaped text.</returns>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var b = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': b.Append("&amp;"); break;
                case '<': b.Append("&lt;"); break;
                case '>': b.Append("&gt;"); break;
                case '"': b.Append("&quot;"); break;
                case '\'': b.Append("&#39;"); break;
                case '\t' or '\n' or '\r': b.Append(c); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        b.Append(c).Append(text[++i]);
                    }
                    else if (c < 0x20 || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
                    {
                        b.Append('\uFFFD');
                    }
                    else
                    {
                        b.Append(c);
                    }

                    break;
            }
        }

        return b.ToString();
    }

    /// <summary>Opens a group (<c>g</c>) with a class and an optional tooltip (<c>title</c>).</summary>
    /// <param name="cssClass">The class.</param>
    /// <param name="title">The tooltip, or null.</param>
    /// <returns>This builder.</returns>
    public SvgBuilder BeginGroup(string cssClass, string? title = null)
    {
        _body.Append("<g class=\"").Append(Escape(cssClass)).Append("\">");
        Title(title);
        _open++;
        return this;
    }

    /// <summary>Closes the innermost group.</summary>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">No group is open.</exception>
    public SvgBuilder EndGroup()
    {
        if (_open == 0)
        {
            throw new InvalidOperationException("no group is open");
        }

        _open--;
        _body.Append("</g>");
        return this;
    }

    /// <summary>A rectangle.</summary>
    /// <param name="x">Left.</param>
    /// <param name="y">Top.</param>
    /// <param name="width">Width.</param>
    /// <param name="height">Height.</param>
    /// <param name="cssClass">The class.</param>
    /// <param name="title">A tooltip, or null.</param>
    /// <returns>This builder.</returns>
    public SvgBuilder Rect(double x, double y, double width, double height, string cssClass, string? title = null)
    {
        _body.Append("<rect x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\" width=\"").Append(N(width))
            .Append("\" height=\"").Append(N(height)).Append("\" rx=\"4\" class=\"").Append(Escape(cssClass)).Append('"');
        return Close("rect", title);
    }

    /// <summary>A path of straight segments through the points.</summary>
    /// <param name="cssClass">The class.</param>
    /// <param name="title">A tooltip, or null.</param>
    /// <param name="points">The points, at least two.</param>
    /// <returns>This builder.</returns>
    public SvgBuilder Polyline(string cssClass, string? title, params (double X, double Y)[] points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Length < 2)
        {
            throw new ArgumentException("a line needs two points", nameof(points));
        }

        _body.Append("<path d=\"");
        for (var i = 0; i < points.Length; i++)
        {
            _body.Append(i == 0 ? "M" : " L").Append(N(points[i].X)).Append(' ').Append(N(points[i].Y));
        }

        _body.Append("\" class=\"").Append(Escape(cssClass)).Append('"');
        return Close("path", title);
    }

    /// <summary>One line of text.</summary>
    /// <param name="x">Left (start of the text).</param>
    /// <param name="y">Baseline.</param>
    /// <param name="text">The text (escaped here).</param>
    /// <param name="cssClass">The class.</param>
    /// <param name="anchorEnd">Right-align at <paramref name="x"/> instead.</param>
    /// <returns>This builder.</returns>
    public SvgBuilder Text(double x, double y, string text, string cssClass, bool anchorEnd = false)
    {
        _body.Append("<text x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\" class=\"").Append(Escape(cssClass)).Append('"');
        if (anchorEnd)
        {
            _body.Append(" text-anchor=\"end\"");
        }

        _body.Append('>').Append(Escape(text)).Append("</text>");
        return this;
    }

    /// <summary>The document.</summary>
    /// <param name="height">The height of the drawing in user units.</param>
    /// <returns>The SVG element.</returns>
    /// <exception cref="InvalidOperationException">A group is still open.</exception>
    public SvgMarkup Build(double height)
    {
        if (_open != 0)
        {
            throw new InvalidOperationException("a group is still open");
        }

        var svg = new StringBuilder(_body.Length + 256)
            .Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"").Append(Escape(_cssClass))
            .Append("\" viewBox=\"0 0 ").Append(N(_width)).Append(' ').Append(N(height))
            .Append("\" width=\"").Append(N(_width)).Append("\" height=\"").Append(N(height))
            .Append("\" role=\"img\" aria-label=\"").Append(Escape(_label)).Append("\"><title>").Append(Escape(_label)).Append("</title>")
            .Append(_body)
            .Append("</svg>");
        return new SvgMarkup(svg.ToString());
    }

    private SvgBuilder Close(string element, string? title)
    {
        if (title is null)
        {
            _body.Append("/>");
        }
        else
        {
            _body.Append('>');
            Title(title);
            _body.Append("</").Append(element).Append('>');
        }

        return this;
    }

    private void Title(string? title)
    {
        if (title is not null)
        {
            _body.Append("<title>").Append(Escape(title)).Append("</title>");
        }
    }

    private static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>An SVG element built by <see cref="SvgBuilder"/> (every text in it escaped), written into a page as it is.</summary>
public sealed class SvgMarkup : IHtmlContent
{
    internal SvgMarkup(string markup) => Markup = markup;

    /// <summary>The markup.</summary>
    public string Markup { get; }

    /// <inheritdoc/>
    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Markup);
    }

    /// <inheritdoc/>
    public override string ToString() => Markup;
}
