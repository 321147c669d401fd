using System.Globalization;
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
/// streamed (a package needs a seekable stream) and deleted. The columns are the list's chosen ones, in its order.
/// </summary>
public sealed class ListExport(ProcedureCatalog catalog, TimeProvider clock)
{
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

    public async Task WriteXlsxAsync(IReadOnlyList<IndexEntry> rows, ListColumns columns, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        var path = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.xlsx");
        try
        {
            WriteXlsx(rows, columns, path);
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await file.CopyToAsync(output, cancellationToken);
        }
        finally
        {
            File.Delete(path);
        }
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

    /// <summary>Inline strings: no shared-string table to build in memory; dates stay ISO text, as in the CSV.</summary>
    private static void WriteRow(OpenXmlWriter writer, IEnumerable<string> values)
    {
        writer.WriteStartElement(new Row());
        foreach (var value in values)
        {
            writer.WriteElement(new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(value)) });
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
