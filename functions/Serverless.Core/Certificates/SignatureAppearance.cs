using PdfSharp.Drawing;
using PdfSharp.Pdf.Annotations;
using Serverless.Core.Pdf;
using Serverless.Core.Submission;
using Serverless.Platform.Localization;

namespace Serverless.Core.Certificates;

/// <summary>
/// The visible box of the PDF signature, in French: "Signé électroniquement par …, le …, motif : …, lieu : …".
/// Drawn with the embedded Liberation Sans, like the rest of the certificate.
/// </summary>
internal sealed class SignatureAppearance(CertificateSignature signature) : IAnnotationAppearanceHandler
{
    public const double Width = 270;
    public const double Height = 64;

    // A neutral slate (the deployment's, as the signature is): never the State's blue.
    private static readonly XColor BoxColour = XColor.FromArgb(0x2f, 0x48, 0x58);

    public void DrawAppearance(XGraphics gfx, XRect rect)
    {
        ArgumentNullException.ThrowIfNull(gfx);

        // PDFsharp passes the annotation's place on the page; the form itself starts at (0, 0).
        rect = new XRect(0, 0, rect.Width, rect.Height);
        var bold = new XFont(EmbeddedFontResolver.Family, 7.5, XFontStyleEx.Bold);
        var regular = new XFont(EmbeddedFontResolver.Family, 7.5);
        gfx.DrawRectangle(new XPen(BoxColour, 0.75), new XSolidBrush(XColor.FromArgb(245, 245, 254)), rect.X + 0.5, rect.Y + 0.5, rect.Width - 1, rect.Height - 1);
        gfx.DrawRectangle(new XSolidBrush(BoxColour), rect.X + 0.5, rect.Y + 0.5, 3, rect.Height - 1);

        var lines = new List<(string Text, XFont Font, XBrush Brush)>
        {
            ("Signé électroniquement par", regular, new XSolidBrush(BoxColour)),
        };
        lines.AddRange(PageFlow.Wrap(gfx, signature.SignerName, bold, rect.Width - 16).Select(line => (line, bold, (XBrush)XBrushes.Black)));
        lines.Add(($"le {ApplicationSummary.DateTime(signature.SignedAt, Language.French)} (heure de Paris)", regular, XBrushes.Black));
        lines.Add(($"Motif : {CertificateSignature.Reason}", regular, XBrushes.Black));
        lines.Add(($"Lieu : {signature.Location}", regular, XBrushes.Black));

        var y = rect.Y + 5;
        foreach (var (text, font, brush) in lines)
        {
            gfx.DrawString(text, font, brush, new XRect(rect.X + 10, y, rect.Width - 16, 10), XStringFormats.TopLeft);
            y += 10.5;
        }
    }
}
