using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Serverless.Core.Certificates;
using Serverless.Core.Pdf;
using Serverless.Core.Procedures;
using Serverless.Platform.Localization;

namespace Serverless.Core.Receipts;

/// <summary>The acknowledgement of receipt as an A4 PDF (PDFsharp, embedded Liberation Sans), headed like the commune's acts.</summary>
public sealed class ReceiptPdfRenderer
{
    private const double Margin = 56;

    private readonly XFont titleFont;
    private readonly XFont headingFont;
    private readonly XFont labelFont;
    private readonly XFont valueFont;

    public ReceiptPdfRenderer()
    {
        EmbeddedFontResolver.Install();
        titleFont = new XFont(EmbeddedFontResolver.Family, 20, XFontStyleEx.Bold);
        headingFont = new XFont(EmbeddedFontResolver.Family, 12, XFontStyleEx.Bold);
        labelFont = new XFont(EmbeddedFontResolver.Family, 10, XFontStyleEx.Bold);
        valueFont = new XFont(EmbeddedFontResolver.Family, 10);
    }

    public byte[] Render(CommuneDefinition commune, string reference, IReadOnlyList<ReceiptSection> sections, Language language, DateTimeOffset receivedAt) =>
        Render(commune, reference, sections, language, receivedAt, AcknowledgementOfReceipt.Title);

    /// <summary>The same layout under another title (a payment receipt).</summary>
    public byte[] Render(CommuneDefinition commune, string reference, IReadOnlyList<ReceiptSection> sections, Language language, DateTimeOffset receivedAt, Text title)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(commune);
        ArgumentNullException.ThrowIfNull(sections);
        using var document = new PdfDocument();
        document.Info.Title = $"{title.In(language)} {reference}";
        document.Info.Author = commune.Name;
        document.Info.Subject = reference;
        document.Info.CreationDate = receivedAt.UtcDateTime;
        var page = new PageFlow(document, Margin);
        var colour = MunicipalHeading.Colour(commune.Colour);
        MunicipalHeading.Draw(page, Margin, commune.Name, commune.Department, commune.Address, commune.Colour, commune.Logo);
        page.Space(16);
        page.Paragraph(title.In(language), titleFont, colour, 0, page.ContentWidth, centred: true);
        page.Space(12);
        foreach (var section in sections)
        {
            if (section.Heading.Length > 0)
            {
                page.Space(8);
                page.Paragraph(section.Heading, headingFont, colour);
                page.Space(2);
            }

            foreach (var (name, text) in section.Lines)
            {
                if (name.Length == 0)
                {
                    page.Paragraph(text, valueFont, XColors.Black);
                    page.Space(4);
                }
                else
                {
                    page.Row(name, text, labelFont, valueFont, labelWidth: 170);
                }
            }
        }

        page.Finish();
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }
}
