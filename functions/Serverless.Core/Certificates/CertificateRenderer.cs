using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace Serverless.Core.Certificates;

/// <summary>
/// Draws a certificate as an A4 PDF with PDFsharp: commune header, title, body, a table of the application's values,
/// place and date, signatory, and a QR code to the verification page. Long text wraps and flows onto further pages.
/// </summary>
public sealed class CertificateRenderer
{
    private const double Margin = 56;
    private static readonly XColor Marianne = XColor.FromArgb(0, 0, 145);

    private readonly XFont titleFont;
    private readonly XFont bodyFont;
    private readonly XFont noteFont;

    public CertificateRenderer()
    {
        EmbeddedFontResolver.Install();
        titleFont = new XFont(EmbeddedFontResolver.Family, 20, XFontStyleEx.Bold);
        bodyFont = new XFont(EmbeddedFontResolver.Family, 12);
        noteFont = new XFont(EmbeddedFontResolver.Family, 10);
    }

    public byte[] Render(CertificateContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var document = new PdfDocument();
        document.Info.Title = $"{content.Title} {content.Number}";
        document.Info.Author = content.CommuneName;
        document.Info.Subject = content.Reference;
        document.Info.CreationDate = content.IssuedAt.UtcDateTime;

        var page = new PageFlow(document, Margin);
        DrawHeader(page, content);
        page.Space(30);
        page.Paragraph(content.Title, titleFont, Marianne);
        page.Space(6);
        page.Paragraph($"N° {content.Number}", noteFont, XColors.DimGray);
        page.Space(18);
        page.Paragraph(content.Body, bodyFont, XColors.Black);
        page.Space(14);
        DrawFields(page, content.Fields);
        page.Space(24);
        page.Paragraph(content.IssuedOnText, bodyFont, XColors.Black);
        page.Space(8);
        page.Paragraph(content.SignatoryTitle, new XFont(EmbeddedFontResolver.Family, 12, XFontStyleEx.Bold), XColors.Black);
        DrawVerification(page, content);
        page.Finish();

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void DrawHeader(PageFlow page, CertificateContent content)
    {
        page.Paragraph("RÉPUBLIQUE FRANÇAISE", new XFont(EmbeddedFontResolver.Family, 9, XFontStyleEx.Bold), XColors.Black);
        page.Paragraph("Liberté – Égalité – Fraternité", new XFont(EmbeddedFontResolver.Family, 8, XFontStyleEx.Italic), XColors.Black);
        page.Space(10);
        page.Paragraph(content.CommuneName, new XFont(EmbeddedFontResolver.Family, 14, XFontStyleEx.Bold), Marianne);
        page.Paragraph(content.CommuneAddress, new XFont(EmbeddedFontResolver.Family, 9), XColors.DimGray);
    }

    private static void DrawFields(PageFlow page, IReadOnlyList<(string Label, string Value)> fields)
    {
        var labelFont = new XFont(EmbeddedFontResolver.Family, 10, XFontStyleEx.Bold);
        var valueFont = new XFont(EmbeddedFontResolver.Family, 10);
        foreach (var (label, value) in fields)
        {
            page.Row(label, value, labelFont, valueFont, labelWidth: 170);
        }
    }

    private static void DrawVerification(PageFlow page, CertificateContent content)
    {
        const double size = 90;
        page.EnsureSpace(size + 20);
        var top = page.PageHeight - Margin - size;
        using (var qr = XImage.FromStream(new MemoryStream(QrPng(content.VerificationUrl))))
        {
            page.Graphics.DrawImage(qr, page.PageWidth - Margin - size, top, size, size);
        }

        var small = new XFont(EmbeddedFontResolver.Family, 8);
        var textWidth = page.PageWidth - (2 * Margin) - size - 12;
        var lines = new List<string> { $"Référence de la demande : {content.Reference}", "Vérifier l'authenticité de ce document :" };
        lines.AddRange(PageFlow.Wrap(page.Graphics, content.VerificationUrl, small, textWidth));
        var y = top + 20;
        foreach (var line in lines)
        {
            page.Graphics.DrawString(line, small, XBrushes.DimGray, new XPoint(Margin, y));
            y += 11;
        }
    }

    private static byte[] QrPng(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        // The colour overload: PDFsharp's XImage rejects the grey-scale PNG of the default overload.
        return new PngByteQRCode(data).GetGraphic(8, [0, 0, 0], [255, 255, 255]);
    }
}
