using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Core.Certificates;
using Serverless.Core.Pdf;
using Serverless.Core.Procedures;
using UglyToad.PdfPig;

namespace Serverless.Core.Tests;

/// <summary>The certificate as its holder and a verifier meet it: its words, its QR code, its logo, its signature.</summary>
public sealed class CertificateDocumentTests
{
    private static readonly CertificateRenderer Renderer = new();

    /// <summary>The words of every page, one space apart (line breaks fall anywhere in wrapped text).</summary>
    private static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(' ', document.GetPages().SelectMany(page => page.GetWords()).Select(word => word.Text));
    }

    private static byte[] Signed(CertificateContent content)
    {
        using var certificate = TestSigningCertificates.Certificate();
        return Renderer.Render(content, CertificateSamples.Signature(certificate));
    }

    [Fact]
    public void Render_SignedCertificate_TextHasCommuneAccentsAndNumber()
    {
        var pdf = Signed(CertificateSamples.Content(
            "Le maire certifie que l'élève Noémie Lœvenbrück, née à Besançon, fréquente l'école « Jean-Jaurès » (très assidue).",
            ("Responsable légal", "Hélène Garçon-Bérézina"),
            ("Observations", "Cœur de la cité : « où la fête a lieu », près de l'église")));

        var text = Text(pdf);
        Assert.Contains("Commune de Saint-Exemple", text, StringComparison.Ordinal);
        Assert.Contains("République française", text, StringComparison.Ordinal);
        Assert.Contains("Département du Gard", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Liberté", text, StringComparison.Ordinal);
        Assert.Contains("Noémie Lœvenbrück, née à Besançon", text, StringComparison.Ordinal);
        Assert.Contains("« Jean-Jaurès » (très assidue)", text, StringComparison.Ordinal);
        Assert.Contains("Hélène Garçon-Bérézina", text, StringComparison.Ordinal);
        Assert.Contains("Cœur de la cité : « où la fête a lieu », près de l'église", text, StringComparison.Ordinal);
        Assert.Contains("N° " + CertificateSamples.Number, text, StringComparison.Ordinal);
        Assert.Contains("Fait à Saint-Exemple, le 28 novembre 2026", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TwoThousandSixHundredCharacterValue_WrapsOntoASecondPageEntirely()
    {
        // Long enough to overflow the first page below the commune's heading.
        var words = new List<string>();
        for (var index = 1; string.Join(' ', words).Length < 2600; index++)
        {
            words.Add($"élément{index}");
        }

        var value = string.Join(' ', words)[..2600].TrimEnd();
        var pdf = Signed(CertificateSamples.Content("Attestation.", ("Observations", value)));

        using var document = PdfDocument.Open(pdf);
        Assert.Equal(2, document.NumberOfPages);
        Assert.Contains(value, Text(pdf), StringComparison.Ordinal);
        Assert.Contains(words[^1][..5], document.GetPage(2).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_QrCode_DecodesToTheVerificationUrlOfThatCertificate()
    {
        var pdf = Signed(CertificateSamples.Typical());

        Assert.Equal(CertificateSamples.VerificationUrl, QrCodes.Decode(Poppler.RenderPage(pdf, page: 1, dpi: 200)));
    }

    [Fact]
    public void Render_WithLogo_EmbedsTheLogoBesideTheQrCode()
    {
        var logo = TestCatalogue.Shipped.FindCommune("saint-exemple")!.Logo;
        Assert.NotNull(logo);

        var withLogo = Renderer.Render(CertificateSamples.Typical() with { LogoPng = logo });
        var without = Renderer.Render(CertificateSamples.Typical());

        using var document = PdfDocument.Open(withLogo);
        Assert.Equal(2, document.GetPage(1).GetImages().Count());
        using var plain = PdfDocument.Open(without);
        Assert.Single(plain.GetPage(1).GetImages());
    }

    [Theory]
    [InlineData("not-a-png", "not a PNG file")]
    [InlineData("truncated-png", "cannot be decoded")]
    public void Problem_InvalidLogo_IsNamedSoTheCatalogueRefusesIt(string kind, string expected)
    {
        var shipped = TestCatalogue.Shipped.FindCommune("saint-exemple")!.Logo!;
        var bytes = kind == "not-a-png" ? "%PDF-1.4 not an image"u8.ToArray() : shipped[..40];

        Assert.Contains(expected, LogoFile.Problem(bytes), StringComparison.Ordinal);
        Assert.Null(LogoFile.Problem(shipped));
    }

    [Fact]
    public void Render_CommuneWithoutLogo_StillRenders()
    {
        var pdf = Signed(CertificateSamples.Typical() with { LogoPng = null });

        Assert.Contains("Commune de Saint-Exemple", Text(pdf), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SignedCertificate_DrawsAVisibleSignatureBoxOnTheLastPage()
    {
        var pdf = Signed(CertificateSamples.Typical());

        using var document = PdfDocument.Open(pdf);
        var widget = Assert.Single(document.GetPage(document.NumberOfPages).GetAnnotations());
        Assert.Equal(UglyToad.PdfPig.Annotations.AnnotationType.Widget, widget.Type);
        Assert.True(widget.HasNormalAppearance);

        // At 72 dpi one pixel is one point: the box's slate edge (#2f4858) is drawn inside the widget's rectangle.
        var page = Poppler.RenderPage(pdf, page: 1, dpi: 72);
        var box = widget.Rectangle;
        var blue = 0;
        for (var y = page.Height - (int)box.Top; y < page.Height - (int)box.Bottom; y++)
        {
            for (var x = (int)box.Left; x < (int)box.Right; x++)
            {
                var pixel = ((y * page.Width) + x) * 3;
                if (Math.Abs(page.Rgb[pixel] - 0x2f) < 20 && Math.Abs(page.Rgb[pixel + 1] - 0x48) < 20 && Math.Abs(page.Rgb[pixel + 2] - 0x58) < 20)
                {
                    blue++;
                }
            }
        }

        Assert.True(blue > 100, $"Only {blue} slate pixels in the signature box.");
    }

    [Fact]
    public void Render_SignedCertificate_IsSmallerThan60KB()
    {
        var logo = TestCatalogue.Shipped.FindCommune("saint-exemple")!.Logo;

        var pdf = Signed(CertificateSamples.Typical() with { LogoPng = logo });

        Assert.InRange(pdf.Length, 10_000, 60 * 1024);
    }
}
