using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Serverless.Core.Certificates;

/// <summary>Writes text top to bottom, wrapping words and starting a new page when the current one is full.</summary>
internal sealed class PageFlow(PdfDocument document, double margin)
{
    private PdfPage? page;
    private XGraphics? graphics;
    private double y;

    public XGraphics Graphics => graphics ?? NewPage();

    public double PageWidth => page?.Width.Point ?? XUnit.FromMillimeter(210).Point;

    public double PageHeight => page?.Height.Point ?? XUnit.FromMillimeter(297).Point;

    /// <summary>Where the next line goes, from the top of the current page.</summary>
    public double Y
    {
        get
        {
            _ = Graphics;
            return y;
        }
    }

    /// <summary>Zero-based index of the current page.</summary>
    public int PageIndex => document.PageCount - 1;

    public double ContentWidth => PageWidth - (2 * margin);

    private double Bottom => PageHeight - margin;

    public void Space(double points) => y += points;

    /// <summary>Moves down to at least <paramref name="top"/> (below a drawing placed beside the text).</summary>
    public void MoveTo(double top) => y = Math.Max(y, top);

    public void EnsureSpace(double points)
    {
        _ = Graphics;
        if (y + points > Bottom)
        {
            NewPage();
        }
    }

    public void Paragraph(string text, XFont font, XColor colour) => Paragraph(text, font, colour, 0, ContentWidth, centred: false);

    /// <summary>A paragraph in a column that starts <paramref name="indent"/> points from the margin.</summary>
    public void Paragraph(string text, XFont font, XColor colour, double indent, double width, bool centred)
    {
        var brush = new XSolidBrush(colour);
        var lineHeight = font.GetHeight() * 1.25;
        foreach (var line in Wrap(Graphics, text, font, width))
        {
            EnsureSpace(lineHeight);
            Graphics.DrawString(line, font, brush, new XRect(margin + indent, y, width, lineHeight), centred ? XStringFormats.TopCenter : XStringFormats.TopLeft);
            y += lineHeight;
        }
    }

    /// <summary>A horizontal line across the text column.</summary>
    public void Rule(XColor colour, double thickness)
    {
        EnsureSpace(thickness + 2);
        Graphics.DrawLine(new XPen(colour, thickness), margin, y, margin + ContentWidth, y);
        y += thickness + 2;
    }

    public void Row(string label, string value, XFont labelFont, XFont valueFont, double labelWidth)
    {
        var lineHeight = valueFont.GetHeight() * 1.3;
        var labelLines = Wrap(Graphics, label, labelFont, labelWidth - 8);
        var valueLines = Wrap(Graphics, value, valueFont, ContentWidth - labelWidth);
        var rows = Math.Max(labelLines.Count, valueLines.Count);
        for (var index = 0; index < rows; index++)
        {
            EnsureSpace(lineHeight);
            if (index < labelLines.Count)
            {
                Graphics.DrawString(labelLines[index], labelFont, XBrushes.Black, new XRect(margin, y, labelWidth, lineHeight), XStringFormats.TopLeft);
            }

            if (index < valueLines.Count)
            {
                Graphics.DrawString(valueLines[index], valueFont, XBrushes.Black, new XRect(margin + labelWidth, y, ContentWidth - labelWidth, lineHeight), XStringFormats.TopLeft);
            }

            y += lineHeight;
        }

        Graphics.DrawLine(new XPen(XColors.LightGray, 0.5), margin, y + 2, margin + ContentWidth, y + 2);
        y += 6;
    }

    public void Finish()
    {
        graphics?.Dispose();
        graphics = null;
    }

    /// <summary>Greedy word wrap; a word wider than the line (a long URL) is cut by characters rather than clipped.</summary>
    public static List<string> Wrap(XGraphics graphics, string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var current = string.Empty;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : $"{current} {word}";
                if (graphics.MeasureString(candidate, font).Width <= width)
                {
                    current = candidate;
                    continue;
                }

                if (current.Length > 0)
                {
                    lines.Add(current);
                }

                current = word;
                while (graphics.MeasureString(current, font).Width > width && current.Length > 1)
                {
                    var fit = current.Length - 1;
                    while (fit > 1 && graphics.MeasureString(current[..fit], font).Width > width)
                    {
                        fit--;
                    }

                    lines.Add(current[..fit]);
                    current = current[fit..];
                }
            }

            lines.Add(current);
        }

        return lines;
    }

    private XGraphics NewPage()
    {
        graphics?.Dispose();
        page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        graphics = XGraphics.FromPdfPage(page);
        y = margin;
        return graphics;
    }
}
