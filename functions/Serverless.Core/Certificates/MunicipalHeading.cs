using PdfSharp.Drawing;
using Serverless.Core.Pdf;

namespace Serverless.Core.Certificates;

/// <summary>
/// The heading of a commune's documents as municipal acts are headed: « République française », the département,
/// the commune (in its colour), its address, and its logo at the right. Not the State's brand block (its emblem,
/// motto, tricolour), which communes may not use.
/// </summary>
internal static class MunicipalHeading
{
    public const double LogoSize = 64;

    public static void Draw(PageFlow page, double margin, string communeName, string? department, string address, string colourHex, byte[]? logoPng)
    {
        var top = page.Y;
        var textWidth = page.ContentWidth - LogoSize - 16;
        if (logoPng is { } logo)
        {
            using var image = XImage.FromStream(new MemoryStream(logo, writable: false));
            page.Graphics.DrawImage(image, page.PageWidth - margin - LogoSize, top, LogoSize, LogoSize);
        }

        var small = new XFont(EmbeddedFontResolver.Family, 9);
        page.Paragraph("République française", small, XColors.Black, 0, textWidth, centred: false);
        if (department is not null)
        {
            page.Paragraph(department, small, XColors.Black, 0, textWidth, centred: false);
        }

        page.Space(4);
        page.Paragraph(communeName, new XFont(EmbeddedFontResolver.Family, 14, XFontStyleEx.Bold), Colour(colourHex), 0, textWidth, centred: false);
        page.Paragraph(address, small, XColors.DimGray, 0, textWidth, centred: false);
        page.MoveTo(top + LogoSize);
        page.Space(8);
        page.Rule(Colour(colourHex), 1.5);
    }

    /// <summary>#rrggbb (checked when the catalogue loaded) as a PDF colour.</summary>
    public static XColor Colour(string hex) =>
        XColor.FromArgb(Convert.ToInt32(hex[1..3], 16), Convert.ToInt32(hex[3..5], 16), Convert.ToInt32(hex[5..7], 16));
}
