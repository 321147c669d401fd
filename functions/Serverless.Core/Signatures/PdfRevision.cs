using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Serverless.Core.Signatures;

/// <summary>
/// The last revision of a PDF file as an incremental update needs it (ISO 32000-1 §7.5.5, §7.5.6): where its
/// cross-reference section starts (the new trailer's /Prev), the next free object number (/Size), and the /Root,
/// /Info and /ID entries the new trailer carries on.
/// </summary>
internal sealed partial record PdfRevision(long StartXref, int Size, string Root, string? Info, string? FirstId)
{
    /// <summary>Reads the file's end: "startxref", the offset, "%%EOF"; then the trailer of that cross-reference table.</summary>
    public static PdfRevision Of(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        // The end-of-file marker is within the last 1024 bytes (§7.5.5, and Annex H's implementation notes).
        var tailStart = Math.Max(0, pdf.Length - 1024);
        var tail = Encoding.Latin1.GetString(pdf, tailStart, pdf.Length - tailStart);
        var startxref = StartXrefPattern().Matches(tail);
        if (startxref.Count == 0)
        {
            throw new InvalidDataException("The PDF has no startxref at its end: it is truncated or not a PDF.");
        }

        var offset = long.Parse(startxref[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        if (offset <= 0 || offset >= pdf.Length)
        {
            throw new InvalidDataException($"The PDF's startxref ({offset}) points outside the file.");
        }

        var section = Encoding.Latin1.GetString(pdf, (int)offset, pdf.Length - (int)offset);
        if (!section.StartsWith("xref", StringComparison.Ordinal))
        {
            // A cross-reference stream (§7.5.8): the decision documents are written with tables, so this is someone else's file.
            throw new NotSupportedException("The PDF uses a cross-reference stream; only files with cross-reference tables can be signed here.");
        }

        var trailerAt = section.IndexOf("trailer", StringComparison.Ordinal);
        var endAt = trailerAt < 0 ? -1 : section.IndexOf("startxref", trailerAt, StringComparison.Ordinal);
        if (endAt < 0)
        {
            throw new InvalidDataException("The PDF's last cross-reference table has no trailer.");
        }

        var trailer = section[trailerAt..endAt];
        var size = SizePattern().Match(trailer);
        var root = RootPattern().Match(trailer);
        if (!size.Success || !root.Success)
        {
            throw new InvalidDataException("The PDF's trailer has no /Size or no /Root.");
        }

        var info = InfoPattern().Match(trailer);
        var id = IdPattern().Match(trailer);
        return new PdfRevision(
            offset,
            int.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture),
            root.Groups[1].Value,
            info.Success ? info.Groups[1].Value : null,
            id.Success ? id.Groups[1].Value : null);
    }

    [GeneratedRegex(@"startxref\s+(\d+)\s+%%EOF")]
    private static partial Regex StartXrefPattern();

    [GeneratedRegex(@"/Size\s+(\d+)")]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"/Root\s+(\d+\s+\d+\s+R)")]
    private static partial Regex RootPattern();

    [GeneratedRegex(@"/Info\s+(\d+\s+\d+\s+R)")]
    private static partial Regex InfoPattern();

    [GeneratedRegex(@"/ID\s*\[\s*<([0-9A-Fa-f]*)>")]
    private static partial Regex IdPattern();
}
