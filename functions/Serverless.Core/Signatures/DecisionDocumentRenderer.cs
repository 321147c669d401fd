using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Serverless.Core.Certificates;
using Serverless.Core.Pdf;

namespace Serverless.Core.Signatures;

/// <summary>
/// Draws a decision as an unsigned A4 PDF: the commune's heading, title, reference and version, body, place and date,
/// then, on the last page, one box per signature slot with its label above it. Each box is an empty signature field
/// (ISO 32000-1 §12.7.4.5) that <see cref="PdfSignatureAppender"/> fills later, one signatory at a time.
/// </summary>
public sealed class DecisionDocumentRenderer
{
    public const double BoxWidth = 235;
    public const double BoxHeight = 84;
    private const double Margin = 56;
    private const double LabelHeight = 14;
    private const double RowGap = 12;
    private const double QrSize = 72;

    private readonly XFont titleFont;
    private readonly XFont bodyFont;
    private readonly XFont noteFont;
    private readonly XFont labelFont;

    public DecisionDocumentRenderer()
    {
        EmbeddedFontResolver.Install();
        titleFont = new XFont(EmbeddedFontResolver.Family, 18, XFontStyleEx.Bold);
        bodyFont = new XFont(EmbeddedFontResolver.Family, 11);
        noteFont = new XFont(EmbeddedFontResolver.Family, 9);
        labelFont = new XFont(EmbeddedFontResolver.Family, 9, XFontStyleEx.Bold);
    }

    public byte[] Render(DecisionDocumentContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Slots.Count == 0 || content.Slots.Select(slot => slot.FieldName).Distinct(StringComparer.Ordinal).Count() != content.Slots.Count)
        {
            throw new ArgumentException("A decision needs at least one signature slot, each with its own field name.", nameof(content));
        }

        using var document = new PdfDocument();
        document.Info.Title = content.Title;
        document.Info.Author = content.CommuneName;
        document.Info.Subject = $"{content.Reference} (version {content.Version})";

        var page = new PageFlow(document, Margin);
        MunicipalHeading.Draw(page, Margin, content.CommuneName, content.Department, content.CommuneAddress, content.Colour, content.LogoPng);
        page.Space(20);
        page.Paragraph(content.Title, titleFont, MunicipalHeading.Colour(content.Colour), 0, page.ContentWidth, centred: true);
        page.Space(4);
        page.Paragraph($"Référence {content.Reference} – version {content.Version}", noteFont, XColors.DimGray, 0, page.ContentWidth, centred: true);
        page.Space(16);
        page.Paragraph(content.Body, bodyFont, XColors.Black);
        page.Space(14);
        page.Paragraph(content.PlaceAndDateText, bodyFont, XColors.Black, page.ContentWidth / 2, page.ContentWidth / 2, centred: false);
        page.Space(14);

        var rows = (content.Slots.Count + 1) / 2;
        // The boxes and the verification block stay together on the last page: signatures sign the whole text above them.
        page.EnsureSpace((rows * (LabelHeight + BoxHeight + RowGap)) + QrSize + 16);
        var fields = new List<(SignatureSlot Slot, XRect Box)>();
        for (var index = 0; index < content.Slots.Count; index++)
        {
            var slot = content.Slots[index];
            var column = index % 2;
            var left = Margin + (column == 0 ? 0 : page.ContentWidth - BoxWidth);
            var top = page.Y;
            page.Graphics.DrawString(slot.Label, labelFont, XBrushes.Black, new XRect(left, top, BoxWidth, LabelHeight), XStringFormats.TopLeft);
            // Until it is signed, the field shows a light dashed frame drawn on the page; the signature's appearance covers it.
            page.Graphics.DrawRectangle(new XPen(XColors.Silver, 0.5) { DashStyle = XDashStyle.Dash }, left, top + LabelHeight, BoxWidth, BoxHeight);
            fields.Add((slot, new XRect(left, page.PageHeight - (top + LabelHeight + BoxHeight), BoxWidth, BoxHeight)));
            if (column == 1 || index == content.Slots.Count - 1)
            {
                page.Space(LabelHeight + BoxHeight + RowGap);
            }
        }

        DrawVerification(page, content);
        var lastPage = document.Pages[page.PageIndex];
        page.Finish();
        AddSignatureFields(document, lastPage, fields);

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>One merged field-and-widget dictionary per slot (§12.5.6.19, §12.7.4.5), listed in the page's /Annots and the form's /Fields.</summary>
    private static void AddSignatureFields(PdfDocument document, PdfPage page, List<(SignatureSlot Slot, XRect Box)> fields)
    {
        var annotations = page.Elements.GetArray("/Annots") ?? new PdfArray(document);
        page.Elements["/Annots"] = annotations;
        var formFields = new PdfArray(document);
        foreach (var (slot, box) in fields)
        {
            var field = new PdfDictionary(document);
            field.Elements["/Type"] = new PdfName("/Annot");
            field.Elements["/Subtype"] = new PdfName("/Widget");
            field.Elements["/FT"] = new PdfName("/Sig");
            field.Elements["/T"] = new PdfString(slot.FieldName);
            field.Elements["/TU"] = new PdfString(slot.Label, PdfStringEncoding.Unicode);
            field.Elements["/F"] = new PdfInteger(4); // Print: the signature box is printed with the page.
            field.Elements["/Rect"] = new PdfRectangle(new XPoint(box.X, box.Y), new XPoint(box.X + box.Width, box.Y + box.Height));
            document.Internals.AddObject(field);
            field.Elements["/P"] = page.Reference;
            annotations.Elements.Add(field.Reference!);
            formFields.Elements.Add(field.Reference!);
        }

        // An object of its own, so that the first signature can set /SigFlags without rewriting the catalog.
        var form = new PdfDictionary(document);
        form.Elements["/Fields"] = formFields;
        document.Internals.AddObject(form);
        document.Internals.Catalog.Elements["/AcroForm"] = form.Reference;
    }

    private void DrawVerification(PageFlow page, DecisionDocumentContent content)
    {
        var top = page.Y;
        using (var qr = XImage.FromStream(new MemoryStream(CertificateRenderer.QrPng(content.VerificationUrl))))
        {
            page.Graphics.DrawImage(qr, page.PageWidth - Margin - QrSize, top, QrSize, QrSize);
        }

        var textWidth = page.ContentWidth - QrSize - 12;
        page.Paragraph("Vérifier les signatures de ce document : scannez le QR code ou ouvrez", labelFont, XColors.DimGray, 0, textWidth, centred: false);
        page.Paragraph(content.VerificationUrl, noteFont, XColors.DimGray, 0, textWidth, centred: false);
        page.Paragraph("Ce document est signé électroniquement ; toute modification du fichier invalide les signatures.", noteFont, XColors.DimGray, 0, textWidth, centred: false);
        page.MoveTo(top + QrSize);
    }
}
