using System.IO.Compression;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Serverless.Core.Applications;
using Serverless.Core.BackOffice;

namespace Serverless.Core.Tests;

/// <summary>Whatever a citizen typed in a name, the commune's export files open.</summary>
public sealed class ExportTextTests
{
    private const string Typed = "Zoé\uFFFF Mar\u0001tin\uFFFE \uD800 😀";
    private const string Shown = "Zoé\uFFFD Mar\uFFFDtin\uFFFD \uFFFD 😀";

    private static readonly FixedClock Clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    private static IndexEntry Row(string applicant) =>
        new("saint-exemple", "ECO-2026-AAAAAA", "school-enrolment", applicant, ApplicationStatus.UnderReview, Clock.Now, Clock.Now.AddDays(30), false, string.Empty);

    [Fact]
    public async Task WriteXlsxAsync_NameWithCharactersXmlCannotCarry_OpensWithThemReplaced()
    {
        using var output = new MemoryStream();

        await new ListExport(TestCatalogue.Shipped, Clock).WriteXlsxAsync([Row(Typed)], ListColumns.All, output, CancellationToken.None);

        output.Position = 0;
        using var document = SpreadsheetDocument.Open(output, false);
        var cells = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Cell>().Select(cell => cell.InnerText).ToList();
        Assert.Contains(Shown, cells);
    }

    [Fact]
    public async Task WriteOdsAsync_NameWithAnEmojiAndUFFFF_KeepsTheEmoji()
    {
        using var output = new MemoryStream();

        await new ListExport(TestCatalogue.Shipped, Clock).WriteOdsAsync([Row(Typed)], ListColumns.All, output, CancellationToken.None);

        output.Position = 0;
        using var zip = new ZipArchive(output, ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry("content.xml")!.Open());
        Assert.Contains(Shown, await reader.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Léa Martin", "Léa Martin")]
    [InlineData("a\tb\nc\rd", "a\tb\nc\rd")]
    [InlineData("\u0000\u001F\u007F", "\uFFFD\uFFFD\u007F")]
    public void XmlSafeText_Of_KeepsWhatXmlCarriesAndReplacesTheRest(string typed, string shown)
    {
        Assert.Equal(shown, XmlSafeText.Of(typed));
    }

    [Fact]
    public void XmlSafeText_Of_LoneSurrogatesAreReplaced()
    {
        // Not theory data: attribute arguments are stored as UTF-8, which cannot carry a lone surrogate.
        Assert.Equal("\uFFFDx\uFFFD", XmlSafeText.Of("\uDC00x\uD83D"));
    }
}
