using Serverless.Core.Certificates;
using UglyToad.PdfPig;

namespace Serverless.Core.Tests;

public sealed class CertificateRendererTests
{
    private static CertificateContent Content(string body, params (string Label, string Value)[] fields) => new(
        "Commune de Saint-Exemple",
        "Hôtel de ville, 1 place de la Mairie, 30000 Saint-Exemple",
        "Saint-Exemple",
        "Certificat d'inscription scolaire",
        body,
        fields,
        "AT-2026-K7Q3M9X2TD",
        "ECO-2026-7K3F9Q",
        new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero),
        "Fait à Saint-Exemple, le 28 novembre 2026",
        "Pour le maire de Saint-Exemple, par délégation",
        "http://localhost:7071/api/verify/AT-2026-K7Q3M9X2TD");

    private static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(page => page.Text));
    }

    [Fact]
    public void Render_AccentedValues_AreExtractableText()
    {
        var pdf = new CertificateRenderer().Render(Content(
            "Le maire certifie que l'enfant Chloé Lœvenbrück est inscrit(e) à l'école « Jean-Jaurès ».",
            ("Prénom de l'enfant", "Chloé"),
            ("Commune", "Saint-Étienne-du-Grès"),
            ("Remarque", "François, garçon, Noël, 12 €")));

        var text = Text(pdf);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);
        Assert.Contains("Commune de Saint-Exemple", text, StringComparison.Ordinal);
        Assert.Contains("Chloé Lœvenbrück", text, StringComparison.Ordinal);
        Assert.Contains("« Jean-Jaurès »", text, StringComparison.Ordinal);
        Assert.Contains("François, garçon, Noël, 12 €", text, StringComparison.Ordinal);
        Assert.Contains("AT-2026-K7Q3M9X2TD", text, StringComparison.Ordinal);
        Assert.Contains("Fait à Saint-Exemple, le 28 novembre 2026", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_VeryLongValue_FlowsOntoASecondPageWithoutLoss()
    {
        var words = string.Join(' ', Enumerable.Range(1, 300).Select(index => $"mot{index}"));

        var pdf = new CertificateRenderer().Render(Content("Attestation.", ("Observations", words)));

        using var document = PdfDocument.Open(pdf);
        Assert.True(document.NumberOfPages >= 2);
        var text = Text(pdf);
        Assert.Contains("mot1 ", text, StringComparison.Ordinal);
        Assert.Contains("mot150", text, StringComparison.Ordinal);
        Assert.Contains("mot300", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SameContent_EmbedsTheFontsAndStaysSmall()
    {
        var pdf = new CertificateRenderer().Render(Content("Attestation.", ("Nom", "Martin")));

        using var document = PdfDocument.Open(pdf);
        var fonts = document.GetPage(1).Letters.Select(letter => letter.FontName).Distinct().ToList();
        // "ABCDEF+Liberation Sans": a subset of the font, embedded in the file.
        Assert.All(fonts, font => Assert.Matches("^[A-Z]{6}\\+Liberation Sans", font));
        Assert.InRange(pdf.Length, 1_000, 120_000);
    }
}
