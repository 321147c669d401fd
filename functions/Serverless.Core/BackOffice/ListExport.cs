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
/// streamed (a package needs a seekable stream) and deleted.
/// </summary>
public sealed class ListExport(ProcedureCatalog catalog, TimeProvider clock)
{
    public static readonly string[] Headers = ["Référence", "Démarche", "Demandeur", "Statut", "Déposée le", "Échéance", "Délai suspendu", "En retard", "Assignée à"];

    public async Task WriteCsvAsync(IReadOnlyList<IndexEntry> rows, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        // A value a citizen typed that starts with = + - @ is escaped: a spreadsheet must not run it as a formula.
        var options = new CsvWriterOptions { Separator = ';', WriteByteOrderMark = true, Injection = CsvInjection.Escape, NewLine = "\r\n" };
        await using var csv = CsvWriter.Create(output, options, true);
        await csv.WriteRecordAsync([.. Headers], cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var row in rows)
        {
            await csv.WriteRecordAsync([.. Values(row, now)], cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    public async Task WriteXlsxAsync(IReadOnlyList<IndexEntry> rows, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        var path = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.xlsx");
        try
        {
            WriteXlsx(rows, path);
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await file.CopyToAsync(output, cancellationToken);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private void WriteXlsx(IReadOnlyList<IndexEntry> rows, string path)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        var sheetPart = workbook.AddNewPart<WorksheetPart>();
        using (var writer = OpenXmlWriter.Create(sheetPart))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            WriteRow(writer, Headers);
            var now = clock.GetUtcNow();
            foreach (var row in rows)
            {
                WriteRow(writer, Values(row, now));
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

    private IEnumerable<string> Values(IndexEntry row, DateTimeOffset now)
    {
        var procedure = catalog.Find(row.ProcedureId);
        yield return row.Reference;
        yield return procedure?.Title.Fr ?? row.ProcedureId;
        yield return row.Applicant;
        yield return row.Status.Label().Fr;
        yield return Iso(row.SubmittedAt);
        yield return row.DueAt is { } due ? Iso(due) : string.Empty;
        yield return row.Suspended ? "oui" : "non";
        yield return row.IsOverdue(now) ? "oui" : "non";
        yield return row.AssignedTo;
    }

    private static string Iso(DateTimeOffset moment) => moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
