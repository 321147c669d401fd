using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Serverless.Core.Tests;

namespace Serverless.IntegrationTests;

/// <summary>
/// Anyone checking a certificate through the local host: by its number (JSON or page), by its QR code, and by
/// uploading the file itself, whose exact bytes must match what was issued.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class CertificateVerificationEndToEndTests(LocalHostFixture host)
{
    private static MultipartFormDataContent Upload(byte[] content, string field = "file")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, field, "attestation.pdf");
        return form;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Issue_ApprovedApplication_CertificateIsSignedValidAndItsQrCodeLeadsToItsVerification()
    {
        var issued = await CertificateFlow.ApproveAsync(host);
        var sample = Path.Combine(Path.GetTempPath(), "citizen-eservices-certificate-sample.pdf");
        await File.WriteAllBytesAsync(sample, issued.Pdf);

        var cms = SignedPdf.Verify(issued.Pdf);
        Assert.Contains("Commune de Saint-Exemple", Assert.Single(cms.SignerInfos.Cast<System.Security.Cryptography.Pkcs.SignerInfo>()).Certificate!.Subject, StringComparison.Ordinal);
        Assert.Equal(issued.Certificate.Sha256, Convert.ToHexStringLower(SHA256.HashData(issued.Pdf)));
        Assert.Equal(issued.Certificate.VerifyUrl, QrCodes.Decode(Poppler.RenderPage(issued.Pdf, page: 1, dpi: 200)));
        Assert.InRange(issued.Pdf.Length, 10_000, 60 * 1024);
        using (var document = UglyToad.PdfPig.PdfDocument.Open(issued.Pdf))
        {
            Assert.Equal(1, document.NumberOfPages);
        }

        using var api = host.Client();
        var json = await JsonAsync(await api.GetAsync(issued.Certificate.VerifyUrl));
        Assert.Equal("valid", json.GetProperty("status").GetString());
        Assert.Equal(issued.Certificate.Number, json.GetProperty("number").GetString());
        Assert.Equal("Commune de Saint-Exemple", json.GetProperty("issuer").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("revokedAt").ValueKind);
        using var browser = host.Client("text/html");
        var page = await browser.GetStringAsync(issued.Certificate.VerifyUrl);
        Assert.Contains("Attestation valide", page, StringComparison.Ordinal);
        Assert.Contains("enctype=\"multipart/form-data\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyFile_OriginalThenOneByteAltered_GenuineThenNotGenuine()
    {
        var issued = await CertificateFlow.ApproveAsync(host);
        var altered = issued.Pdf.ToArray();
        altered[SignedPdf.ByteRange(altered).Length1 / 2] ^= 0x01;
        using var api = host.Client();

        using var original = await api.PostAsync("/api/verify", Upload(issued.Pdf));
        using var rawBody = new ByteArrayContent(issued.Pdf);
        rawBody.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var raw = await api.PostAsync("/api/verify", rawBody);
        using var tampered = await api.PostAsync("/api/verify", Upload(altered));

        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        var genuine = await JsonAsync(original);
        Assert.True(genuine.GetProperty("genuine").GetBoolean());
        Assert.Equal(issued.Certificate.Number, genuine.GetProperty("certificate").GetProperty("number").GetString());
        Assert.Equal("valid", genuine.GetProperty("certificate").GetProperty("status").GetString());
        Assert.True((await JsonAsync(raw)).GetProperty("genuine").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, tampered.StatusCode);
        var notGenuine = await JsonAsync(tampered);
        Assert.False(notGenuine.GetProperty("genuine").GetBoolean());
        Assert.Equal(JsonValueKind.Null, notGenuine.GetProperty("certificate").ValueKind);
        Assert.Contains("n'est pas une attestation authentique", notGenuine.GetProperty("message").GetString(), StringComparison.Ordinal);

        using var browser = host.Client("text/html");
        var page = await (await browser.PostAsync("/api/verify", Upload(altered))).Content.ReadAsStringAsync();
        Assert.Contains("Fichier non authentique", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyFile_JunkUploads_GetClearAnswersNeverErrors()
    {
        using var api = host.Client();
        using var json = new StringContent("{\"file\":\"x\"}", System.Text.Encoding.UTF8, "application/json");
        using var withoutFile = new MultipartFormDataContent { { new StringContent("bonjour"), "comment" } };

        using var notPdf = await api.PostAsync("/api/verify", Upload("GIF89a pas un PDF"u8.ToArray()));
        using var empty = await api.PostAsync("/api/verify", Upload([]));
        using var tooLarge = await api.PostAsync("/api/verify", Upload(new byte[(10 * 1024 * 1024) + 1]));
        using var wrongType = await api.PostAsync("/api/verify", json);
        using var missing = await api.PostAsync("/api/verify", withoutFile);
        using var unknownPdf = await api.PostAsync("/api/verify", Upload(ApplicationClient.ProofPdf));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, notPdf.StatusCode);
        Assert.Equal("application/problem+json", notPdf.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("/not-a-pdf", (await JsonAsync(notPdf)).GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("10 Mo", (await JsonAsync(tooLarge)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknownPdf.StatusCode);
        Assert.False((await JsonAsync(unknownPdf)).GetProperty("genuine").GetBoolean());

        using var browser = host.Client("text/html");
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        using var page = await browser.PostAsync("/api/verify", Upload("not a pdf"u8.ToArray()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("The file sent is not a PDF", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_UnknownNumber_SaysUnknownAsJsonAndPage()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");

        var json = await JsonAsync(await api.GetAsync("/api/verify/AT-2026-ZZZZZZZZZZ"));
        var page = await browser.GetStringAsync("/api/verify/AT-2026-ZZZZZZZZZZ");

        Assert.Equal("unknown", json.GetProperty("status").GetString());
        Assert.Contains("Aucune attestation ne porte le numéro AT-2026-ZZZZZZZZZZ", page, StringComparison.Ordinal);
    }
}
