using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;

namespace Serverless.Core.BackOffice;

/// <summary>
/// The filtered list as a file, the same rows in the same order as the list: CSV (UTF-8 with BOM and <c>;</c> for
/// French spreadsheet software, ISO 8601 dates in UTC) written row by row to the response, or XLSX written with the
/// Open XML SDK's streaming <see cref="OpenXmlWriter"/> (no document tree in memory) to a temporary file that is then
/// streamed (a package needs a seekable stream) and deleted; or ODS (OpenDocument, for LibreOffice and the
/// administrations that require an open format), written the same way with <see cref="ZipArchive"/> and an
/// <see cref="XmlWriter"/>, since no ODS library is served. The columns are the list's chosen ones, in its order.
/// </summary>
public sealed class ListExport(ProcedureCatalog catalog, TimeProvider clock)
{
    private const string OdsMimeType = "application/vnd.oasis.opendocument.spreadsheet";
    private const string OfficeNs = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    private const string TableNs = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    private const string TextNs = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private const string ManifestNs = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";

    /// <summary>The header row of an export of these columns: the reference, then each chosen column's headers.</summary>
    public static IReadOnlyList<string> Headers(ListColumns columns) =>
        ["Référence", .. ListColumnText.Chosen(columns).SelectMany(ListColumnText.ExportHeaders)];

    public async Task WriteCsvAsync(IReadOnlyList<IndexEntry> rows, ListColumns columns, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        // A value a citizen typed that starts with = + - @ is escaped: a spreadsheet must not run it as a formula.
        var options = new CsvWriterOptions { Separator = ';', WriteByteOrderMark = true, Injection = CsvInjection.Escape, NewLine = "\r\n" };
        await using var csv = CsvWriter.Create(output, options, true);
        await csv.WriteRecordAsync([.. Headers(columns)], cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var row in rows)
        {
            await csv.WriteRecordAsync([.. Values(row, columns, now)], cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    public Task WriteXlsxAsync(IReadOnlyList<IndexEntry> rows, ListColumns columns, Stream output, CancellationToken cancellationToken) =>
        WriteThroughFileAsync(rows, ".xlsx", path => WriteXlsx(rows, columns, path), output, cancellationToken);

    public Task WriteOdsAsync(IReadOnlyList<IndexEntry> rows, ListColumns columns, Stream output, CancellationToken cancellationToken) =>
        WriteThroughFileAsync(rows, ".ods", path => WriteOds(rows, columns, path), output, cancellationToken);

    /// <summary>A package is written to a temporary file first (the Open XML SDK needs a seekable package), then streamed out.</summary>
    private static async Task WriteThroughFileAsync(IReadOnlyList<IndexEntry> rows, string extension, Action<string> write, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        var path = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}{extension}");
        try
        {
            write(path);
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await file.CopyToAsync(output, cancellationToken);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// An OpenDocument spreadsheet package (ODF 1.2, part 3): the <c>mimetype</c> entry first and stored uncompressed
    /// (readers identify the file by it), a manifest, and <c>content.xml</c> with one table "Demandes" of text cells
    /// (dates stay ISO text, as in the CSV; a text cell is never run as a formula), written row by row.
    /// </summary>
    private void WriteOds(IReadOnlyList<IndexEntry> rows, ListColumns columns, string path)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var mimetype = zip.CreateEntry("mimetype", CompressionLevel.NoCompression).Open())
        {
            mimetype.Write(Encoding.ASCII.GetBytes(OdsMimeType));
        }

        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), CloseOutput = true };
        using (var manifest = XmlWriter.Create(zip.CreateEntry("META-INF/manifest.xml", CompressionLevel.Optimal).Open(), settings))
        {
            manifest.WriteStartElement("manifest", "manifest", ManifestNs);
            manifest.WriteAttributeString("manifest", "version", ManifestNs, "1.2");
            foreach (var (entry, type) in new[] { ("/", OdsMimeType), ("content.xml", "text/xml") })
            {
                manifest.WriteStartElement("manifest", "file-entry", ManifestNs);
                manifest.WriteAttributeString("manifest", "full-path", ManifestNs, entry);
                manifest.WriteAttributeString("manifest", "media-type", ManifestNs, type);
                manifest.WriteEndElement();
            }

            manifest.WriteEndElement();
        }

        using var content = XmlWriter.Create(zip.CreateEntry("content.xml", CompressionLevel.Optimal).Open(), settings);
        content.WriteStartElement("office", "document-content", OfficeNs);
        content.WriteAttributeString("xmlns", "table", null, TableNs);
        content.WriteAttributeString("xmlns", "text", null, TextNs);
        content.WriteAttributeString("office", "version", OfficeNs, "1.2");
        content.WriteStartElement("office", "body", OfficeNs);
        content.WriteStartElement("office", "spreadsheet", OfficeNs);
        content.WriteStartElement("table", "table", TableNs);
        content.WriteAttributeString("table", "name", TableNs, "Demandes");
        WriteOdsRow(content, Headers(columns));
        var now = clock.GetUtcNow();
        foreach (var row in rows)
        {
            WriteOdsRow(content, Values(row, columns, now));
        }

        content.WriteEndElement();
        content.WriteEndElement();
        content.WriteEndElement();
        content.WriteEndElement();
    }

    private static void WriteOdsRow(XmlWriter writer, IEnumerable<string> values)
    {
        writer.WriteStartElement("table", "table-row", TableNs);
        foreach (var value in values)
        {
            writer.WriteStartElement("table", "table-cell", TableNs);
            writer.WriteAttributeString("office", "value-type", OfficeNs, "string");
            // XML 1.0 cannot carry every character: a value a citizen typed with one loses it rather than the file.
            writer.WriteElementString("text", "p", TextNs, XmlSafeText.Of(value));
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private void WriteXlsx(IReadOnlyList<IndexEntry> rows, ListColumns columns, string path)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        var sheetPart = workbook.AddNewPart<WorksheetPart>();
        using (var writer = OpenXmlWriter.Create(sheetPart))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            WriteRow(writer, Headers(columns));
            var now = clock.GetUtcNow();
            foreach (var row in rows)
            {
                WriteRow(writer, Values(row, columns, now));
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        workbook.Workbook = new Workbook(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Demandes" }));
        workbook.Workbook.Save();
    }

    /// <summary>
    /// Inline strings: no shared-string table to build in memory; dates stay ISO text, as in the CSV. Made XML-safe as
    /// the ODS cells are: the SDK writes U+FFFF as it is, and the writer then fails half-way through the file.
    /// </summary>
    private static void WriteRow(OpenXmlWriter writer, IEnumerable<string> values)
    {
        writer.WriteStartElement(new Row());
        foreach (var value in values)
        {
            writer.WriteElement(new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(XmlSafeText.Of(value))) });
        }

        writer.WriteEndElement();
    }

    /// <summary>A row's cells, in the order of <see cref="Headers"/>.</summary>
    private IEnumerable<string> Values(IndexEntry row, ListColumns columns, DateTimeOffset now)
    {
        yield return row.Reference;
        foreach (var column in ListColumnText.Chosen(columns))
        {
            switch (column)
            {
                case ListColumns.Procedure:
                    yield return catalog.Find(row.ProcedureId)?.Title.Fr ?? row.ProcedureId;
                    break;
                case ListColumns.Applicant:
                    yield return row.Applicant;
                    break;
                case ListColumns.Status:
                    yield return row.Status.Label().Fr;
                    break;
                case ListColumns.Submitted:
                    yield return Iso(row.SubmittedAt);
                    break;
                case ListColumns.Due:
                    yield return row.DueAt is { } due ? Iso(due) : string.Empty;
                    yield return row.Suspended ? "oui" : "non";
                    yield return row.IsOverdue(now) ? "oui" : "non";
                    break;
                default:
                    yield return row.AssignedTo;
                    break;
            }
        }
    }

    private static string Iso(DateTimeOffset moment) => moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
