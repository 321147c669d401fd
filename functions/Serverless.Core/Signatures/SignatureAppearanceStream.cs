using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using Serverless.Core.Certificates;
using Serverless.Core.Pdf;
using Serverless.Core.Submission;
using Serverless.Platform.Localization;

namespace Serverless.Core.Signatures;

/// <summary>
/// The visible box of a filled signature field: a form XObject (§8.10) used as the widget's normal appearance
/// (§12.5.5), saying who signed, in what capacity and when. It uses the standard Helvetica fonts with WinAnsiEncoding
/// (§9.6.2.2, Annex D), which every reader has, so the update needs no embedded font; lines are measured with the
/// embedded Liberation Sans, whose widths are Helvetica's.
/// </summary>
internal static class SignatureAppearanceStream
{
    public const string RegularFont = "/Helvetica";
    public const string BoldFont = "/Helvetica-Bold";
    private const double FontSize = 7;
    private const double LineHeight = 8.6;
    private const double TextLeft = 9;

    private static readonly Encoding WinAnsi = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
    private static readonly Lock MeasureLock = new();

    /// <summary>The stream object's text: its dictionary and content, the fonts referred to as /F1 (regular) and /F2 (bold).</summary>
    public static string Object(SignatureMark mark, double width, double height, string regularFont, string boldFont)
    {
        var content = Content(mark, width, height);
        return string.Create(CultureInfo.InvariantCulture,
            $"<</Type /XObject /Subtype /Form /BBox [0 0 {PdfSyntax.Number(width)} {PdfSyntax.Number(height)}] /Resources <</Font <</F1 {regularFont} /F2 {boldFont}>>>> /Length {content.Length}>>\nstream\n{content}\nendstream");
    }

    public static string FontObject(string baseFont) => $"<</Type /Font /Subtype /Type1 /BaseFont {baseFont} /Encoding /WinAnsiEncoding>>";

    /// <summary>The lines printed in the box, in order (the tests read them back with pdftotext).</summary>
    public static IReadOnlyList<(string Text, bool Bold)> Lines(SignatureMark mark, double width)
    {
        ArgumentNullException.ThrowIfNull(mark);
        var textWidth = width - TextLeft - 4;
        var lines = new List<(string, bool)> { (mark.Kind == SignatureKind.Visa ? "Visé électroniquement par" : "Signé électroniquement par", false) };
        lines.AddRange(Wrap(mark.Signatory.Name, textWidth, bold: true).Select(line => (line, true)));
        lines.AddRange(Wrap(mark.Capacity, textWidth, bold: false).Select(line => (line, false)));
        lines.Add(($"le {ApplicationSummary.DateTime(mark.SignedAt, Language.French)} (heure de Paris)", false));
        lines.Add(($"à {mark.Location}", false));
        return lines;
    }

    private static string Content(SignatureMark mark, double width, double height)
    {
        var text = new StringBuilder();
        // A slate frame and bar, as on the certificates' signature box.
        text.Append(CultureInfo.InvariantCulture, $"q 0.184 0.282 0.345 RG 0.75 w 0.5 0.5 {PdfSyntax.Number(width - 1)} {PdfSyntax.Number(height - 1)} re S Q\n");
        text.Append(CultureInfo.InvariantCulture, $"q 0.184 0.282 0.345 rg 0.5 0.5 3 {PdfSyntax.Number(height - 1)} re f Q\n");
        var lines = Lines(mark, width).ToList();
        var fitting = (int)Math.Floor((height - 6) / LineHeight);
        if (lines.Count > fitting)
        {
            // Never draw outside the box: the capacity loses its end, the date and place stay.
            var head = lines.Take(fitting - 2).ToList();
            head[^1] = (Ellipsis(head[^1].Text), head[^1].Bold);
            lines = [.. head, .. lines.TakeLast(2)];
        }

        text.Append("BT 0 0 0 rg\n");
        var y = height - 4 - FontSize;
        foreach (var (line, bold) in lines)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(bold ? "/F2" : "/F1")} {PdfSyntax.Number(FontSize)} Tf 1 0 0 1 {PdfSyntax.Number(TextLeft)} {PdfSyntax.Number(y)} Tm {Literal(line)} Tj\n");
            y -= LineHeight;
        }

        return text.Append("ET").ToString();
    }

    private static string Ellipsis(string line) => line.Length > 3 ? $"{line[..^3]}…" : line;

    /// <summary>A literal string of WinAnsi bytes, the bytes above 126 written as octal escapes so the stream stays ASCII.</summary>
    private static string Literal(string value)
    {
        var literal = new StringBuilder("(");
        foreach (var code in WinAnsi.GetBytes(value))
        {
            if (code is (byte)'(' or (byte)')' or (byte)'\\')
            {
                literal.Append('\\').Append((char)code);
            }
            else if (code is < 32 or > 126)
            {
                literal.Append('\\').Append(Convert.ToString(code, 8).PadLeft(3, '0'));
            }
            else
            {
                literal.Append((char)code);
            }
        }

        return literal.Append(')').ToString();
    }

    private static List<string> Wrap(string text, double width, bool bold)
    {
        EmbeddedFontResolver.Install();
        lock (MeasureLock)
        {
            var graphics = XGraphics.CreateMeasureContext(new XSize(600, 800), XGraphicsUnit.Point, XPageDirection.Downwards);
            try
            {
                return PageFlow.Wrap(graphics, text, new XFont(EmbeddedFontResolver.Family, FontSize, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular), width);
            }
            finally
            {
                graphics.Dispose();
            }
        }
    }
}
