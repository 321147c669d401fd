using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Signatures;
using QRCoder;
using Serverless.Core.Pdf;

namespace Serverless.Core.Certificates;

/// <summary>
/// Draws a certificate as an A4 PDF with PDFsharp: the commune's heading (République française, département, commune, logo: MunicipalHeading), title,
/// body, a table of the application's values, place and date, signatory, the visible box of the digital signature,
/// and a QR code to the verification page. Long text wraps and flows onto further pages, never clipped.
/// </summary>
public sealed class CertificateRenderer
{
    private const double Margin = 56;
    private const double ClosingWidth = 270;

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

    /// <summary>An unsigned certificate (previews, tests, benchmarks).</summary>
    public byte[] Render(CertificateContent content) => Render(content, signature: null);

    /// <summary>The certificate, digitally signed when <paramref name="signature"/> is given.</summary>
    public byte[] Render(CertificateContent content, CertificateSignature? signature)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var document = new PdfDocument();
        document.Info.Title = $"{content.Title} {content.Number}";
        document.Info.Author = content.CommuneName;
        document.Info.Subject = content.Reference;
        document.Info.CreationDate = content.IssuedAt.UtcDateTime;

        var page = new PageFlow(document, Margin);
        DrawHeader(page, content);
        page.Space(22);
        page.Paragraph(content.Title, titleFont, MunicipalHeading.Colour(content.Colour), 0, page.ContentWidth, centred: true);
        page.Space(4);
        page.Paragraph($"N° {content.Number}", noteFont, XColors.DimGray, 0, page.ContentWidth, centred: true);
        page.Space(16);
        page.Paragraph(content.Body, bodyFont, XColors.Black);
        page.Space(10);
        DrawFields(page, content.Fields);
        page.Space(18);

        // The closing block stands on the right, as on a French administrative letter.
        var indent = page.ContentWidth - ClosingWidth;
        page.Paragraph(content.IssuedOnText, bodyFont, XColors.Black, indent, ClosingWidth, centred: false);
        page.Space(4);
        page.Paragraph(content.SignatoryTitle, new XFont(EmbeddedFontResolver.Family, 11, XFontStyleEx.Bold), XColors.Black, indent, ClosingWidth, centred: false);
        var box = signature is null ? null : ReserveSignatureBox(page, indent);
        DrawVerification(page, content);
        page.Finish();

        if (signature is not null && box is { } place)
        {
            DigitalSignatureHandler.ForDocument(document, signature.Signer, new DigitalSignatureOptions
            {
                ContactInfo = content.CommuneName,
                Location = signature.Location,
                Reason = CertificateSignature.Reason,
                AppName = "Citizen-e-services",
                PageIndex = place.PageIndex,
                Rectangle = place.Rectangle,
                AppearanceHandler = new SignatureAppearance(signature),
            });
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>Keeps room for the signature box below the signatory; returns its place in PDF coordinates (origin bottom left).</summary>
    private static (int PageIndex, XRect Rectangle)? ReserveSignatureBox(PageFlow page, double indent)
    {
        page.Space(6);
        page.EnsureSpace(SignatureAppearance.Height + 4);
        var top = page.Y;
        page.Space(SignatureAppearance.Height + 4);
        var left = Margin + indent;
        return (page.PageIndex, new XRect(left, page.PageHeight - top - SignatureAppearance.Height, SignatureAppearance.Width, SignatureAppearance.Height));
    }

    private static void DrawHeader(PageFlow page, CertificateContent content) =>
        MunicipalHeading.Draw(page, Margin, content.CommuneName, content.Department, content.CommuneAddress, content.Colour, content.LogoPng);

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
        var bold = new XFont(EmbeddedFontResolver.Family, 8, XFontStyleEx.Bold);
        var textWidth = page.PageWidth - (2 * Margin) - size - 12;
        page.Graphics.DrawLine(new XPen(XColors.LightGray, 0.5), Margin, top + 4, Margin + textWidth, top + 4);
        var lines = new List<(string Text, XFont Font)>
        {
            ($"Attestation n° {content.Number} – référence de la demande : {content.Reference}", small),
            ("Vérifier l'authenticité de ce document : scannez le QR code ou ouvrez", bold),
        };
        lines.AddRange(PageFlow.Wrap(page.Graphics, content.VerificationUrl, small, textWidth).Select(line => (line, small)));
        lines.Add(("Ce document est signé électroniquement ; toute modification du fichier invalide la signature.", small));
        var y = top + 20;
        foreach (var (line, font) in lines)
        {
            page.Graphics.DrawString(line, font, XBrushes.DimGray, new XPoint(Margin, y));
            y += 11;
        }
    }

    internal static byte[] QrPng(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        // The colour overload: PDFsharp's XImage rejects the grey-scale PNG of the default overload.
        return new PngByteQRCode(data).GetGraphic(8, [0, 0, 0], [255, 255, 255]);
    }
}
