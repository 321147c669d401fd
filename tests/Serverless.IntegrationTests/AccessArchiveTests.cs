using System.IO.Compression;
using System.Net;
using System.Text.Json;

namespace Serverless.IntegrationTests;

/// <summary>Right of access: from the status page, the citizen downloads everything held about the application as one ZIP.</summary>
[Collection(LocalHostGroup.Name)]
public sealed class AccessArchiveTests(LocalHostFixture host)
{
    [Fact]
    public async Task Archive_ApprovedApplication_HoldsValuesHistoryAttachmentAndCertificate()
    {
        var issued = await CertificateFlow.ApproveAsync(host);
        using var browser = host.Client("text/html");
        var page = await browser.GetStringAsync(issued.Receipt.StatusUrl);
        var link = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "<a id=\"archive\" href=\"([^\"]+)\"").Groups[1].Value);
        Assert.NotEmpty(link);

        using var api = host.Client();
        using var response = await api.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);

        using var document = JsonDocument.Parse(zip.GetEntry("demande.json")!.Open());
        var root = document.RootElement;
        Assert.Equal(issued.Receipt.Reference, root.GetProperty("reference").GetString());
        Assert.Equal("Léa", root.GetProperty("values").GetProperty("childFirstName").GetString());
        Assert.Equal(issued.Parent, root.GetProperty("citizenEmail").GetString());
        Assert.Contains(root.GetProperty("history").EnumerateArray(), item => item.GetProperty("action").GetString() == "CertificateIssued");
        Assert.DoesNotContain(LocalHostFixture.Reviewer, root.GetRawText(), StringComparison.Ordinal);
        var attachment = root.GetProperty("attachments").EnumerateArray().Single();
        Assert.Equal("justificatif-domicile.pdf", attachment.GetProperty("originalName").GetString());
        Assert.Equal(ApplicationClient.ProofPdf, Read(zip, attachment.GetProperty("file").GetString()!));
        Assert.Equal(issued.Pdf, Read(zip, root.GetProperty("certificateFile").GetString()!));
    }

    [Fact]
    public async Task Archive_WrongAccessCode_IsTheSame404AsAnUnknownReference()
    {
        var issued = await CertificateFlow.ApproveAsync(host);
        using var api = host.Client();
        var path = new Uri(issued.Receipt.StatusUrl).AbsolutePath + "/archive?access=wrong";

        using var response = await api.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
