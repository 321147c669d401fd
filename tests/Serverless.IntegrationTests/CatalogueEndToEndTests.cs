using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Tests.Fixtures;
using UglyToad.PdfPig;

namespace Serverless.IntegrationTests;

/// <summary>
/// Procedures as data: the catalogue API, a procedure that exists only in a test fixture going end to end, and two
/// communes on one deployment, each with its own identity and none reading the other's applications.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class CatalogueEndToEndTests(LocalHostFixture host)
{
    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().Select(page => string.Join(" ", page.GetWords().Select(word => word.Text))));
    }

    private async Task<(StatusBody Status, byte[] Pdf, Mail Decision)> ApproveAsync(HttpClient api, Receipt receipt, string citizen)
    {
        var approveLink = (await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference)).Link("Accepter la demande");
        using var browser = host.Client("text/html");
        using (var decision = await browser.PostAsync(approveLink, new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        }

        var status = await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.History.Any(item => item.Action == "CitizenNotified"));
        var mail = await host.Mailbox.WaitForAsync(citizen, "Demande acceptée");
        return (status, await api.GetByteArrayAsync(status.Certificate!.DownloadUrl), mail);
    }

    [Fact]
    public async Task ListProcedures_FilteredByCommune_ShowsOnlyThatCommunesProcedures()
    {
        using var api = host.Client();

        using var all = JsonDocument.Parse(await api.GetStringAsync("/api/procedures"));
        using var villeneuve = JsonDocument.Parse(await api.GetStringAsync("/api/procedures?commune=villeneuve-sur-gard"));

        var ids = all.RootElement.GetProperty("procedures").EnumerateArray().Select(procedure => procedure.GetProperty("id").GetString()).ToList();
        Assert.Contains("school-enrolment", ids);
        Assert.Contains(FixtureCatalogue.FixtureProcedureId, ids);
        Assert.Equal(11, ids.Count); // six shipped procedures and five test fixtures (tests/fixtures/catalogue)
        var only = Assert.Single(villeneuve.RootElement.GetProperty("procedures").EnumerateArray());
        Assert.Equal("villeneuve-school-enrolment", only.GetProperty("id").GetString());
        Assert.Equal("Commune de Villeneuve-sur-Gard", only.GetProperty("commune").GetProperty("name").GetString());
    }

    [Fact]
    public async Task GetProcedure_SecondRequestWithETag_IsNotModified()
    {
        using var api = host.Client();
        api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        using var first = await api.GetAsync("/api/procedures/canteen-after-school");
        var etag = first.Headers.ETag!;
        using var form = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/procedures/canteen-after-school");
        again.Headers.IfNoneMatch.Add(etag);
        using var second = await api.SendAsync(again);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("School canteen and after-school care", form.RootElement.GetProperty("title").GetString());
        var services = form.RootElement.GetProperty("fields").EnumerateArray().Single(field => field.GetProperty("name").GetString() == "services");
        Assert.Equal("checkboxes", services.GetProperty("display").GetString());
        Assert.Equal("Morning care", services.GetProperty("choices")[1].GetProperty("label").GetString());
        var details = form.RootElement.GetProperty("fields").EnumerateArray().Single(field => field.GetProperty("name").GetString() == "dietaryDetails");
        Assert.Equal("dietaryRequirements", details.GetProperty("showIf").GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task GetOpenApi_Always_DescribesThePublicEndpoints()
    {
        using var api = host.Client();

        var yaml = await api.GetStringAsync("/api/openapi.yaml");

        Assert.StartsWith("openapi: 3.1.0", yaml, StringComparison.Ordinal);
        Assert.Contains("/procedures/{procedureId}/applications:", yaml, StringComparison.Ordinal);
        Assert.Contains("/verify/{number}:", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_FixtureOnlyProcedure_GoesEndToEndWithoutCode()
    {
        using var api = host.Client();
        var organiser = ApplicationClient.NewCitizenEmail();
        var body = new Dictionary<string, object>
        {
            ["organiserName"] = "Zoé Lambert",
            ["organiserEmail"] = organiser,
            ["streetName"] = "rue des Écoles",
            ["postalCode"] = "30000",
            ["partyDate"] = "2026-06-21",
            ["guests"] = "45",
            ["activities"] = new[] { "buvette", "musique" },
            ["roadClosure"] = "oui",
            ["closureHours"] = "14 h – 23 h",
            ["insurance"] = new { fileName = "assurance.pdf", contentBase64 = Convert.ToBase64String(ApplicationClient.ProofPdf) },
        };

        using var response = await api.PostAsync($"/api/procedures/{FixtureCatalogue.FixtureProcedureId}/applications", JsonContent.Create(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = JsonSerializer.Deserialize<Receipt>(await response.Content.ReadAsStringAsync(), ApplicationClient.Json)!;
        Assert.StartsWith("FET-", receipt.Reference, StringComparison.Ordinal);

        var (status, pdf, _) = await ApproveAsync(api, receipt, organiser);

        Assert.Equal("Approved", status.Status);
        var text = PdfText(pdf);
        Assert.Contains("Arrêté autorisant une fête de quartier", text, StringComparison.Ordinal);
        Assert.Contains("Musique, Buvette", text, StringComparison.Ordinal);
        Assert.Contains("14 h – 23 h", text, StringComparison.Ordinal);
        Assert.Contains("Adjointe au maire chargée de la voirie", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoCommunes_EachCertificateShowsItsOwnCommune_AndNoneReadsTheOther()
    {
        using var api = host.Client();
        var parentA = ApplicationClient.NewCitizenEmail();
        var parentB = ApplicationClient.NewCitizenEmail();
        var fieldsB = ApplicationClient.Fields(parentB);
        fieldsB["school"] = "ecole-des-remparts";
        fieldsB["postalCode"] = "30400";
        var receiptA = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(parentA)));
        var receiptB = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(fieldsB), "/api/procedures/villeneuve-school-enrolment/applications");

        var (_, pdfA, mailA) = await ApproveAsync(api, receiptA, parentA);
        var (_, pdfB, mailB) = await ApproveAsync(api, receiptB, parentB);

        Assert.Contains("Commune de Saint-Exemple", PdfText(pdfA), StringComparison.Ordinal);
        Assert.DoesNotContain("Villeneuve", PdfText(pdfA), StringComparison.Ordinal);
        Assert.Contains("Commune de Villeneuve-sur-Gard", PdfText(pdfB), StringComparison.Ordinal);
        Assert.Equal("ne-pas-repondre@saint-exemple.example", Assert.Single(mailA.From).Address);
        Assert.Equal("ne-pas-repondre@villeneuve-sur-gard.example", Assert.Single(mailB.From).Address);

        // B's reference and access code, through A's procedure: not found, exactly like an unknown reference.
        var crossed = receiptB.StatusUrl.Replace("villeneuve-school-enrolment", "school-enrolment", StringComparison.Ordinal);
        using var throughOtherCommune = await api.GetAsync(crossed);
        using var certificateThroughOtherCommune = await api.GetAsync(crossed.Replace("?access=", "/certificate?access=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, throughOtherCommune.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, certificateThroughOtherCommune.StatusCode);
    }
}
