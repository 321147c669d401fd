using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs.Models;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Retention;
using Serverless.Core.Site;

namespace Serverless.IntegrationTests;

/// <summary>The citizen's erasure request (RGPD art. 17): from the status page of a closed application, confirmed by an agent from the e-mail.</summary>
[Collection(LocalHostGroup.Name)]
public sealed class ErasureRequestEndToEndTests(LocalHostFixture host)
{
    [Fact]
    public async Task RequestErasure_PendingApplication_IsRefusedWithAProblemAndThePageOffersNoErasure()
    {
        using var api = host.Client();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.History.Any(item => item.Action == "ReviewRequested"));

        using var response = await api.PostAsync(ErasurePath(receipt), JsonContent.Create(new { confirm = true }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://citizen-eservices.example/problems/not-final", problem.RootElement.GetProperty("type").GetString());
        using var browser = host.Client("text/html");
        Assert.DoesNotContain("id=\"erasure\"", await browser.GetStringAsync(receipt.StatusUrl), StringComparison.Ordinal);
        Assert.Null((await host.Services.Get<RetentionIndex>().FindRequestAsync(receipt.Reference, CancellationToken.None)));
    }

    [Fact]
    public async Task RequestErasure_ClosedApplication_AgentConfirmsFromTheEmailAndTheDataIsErasedAtOnce()
    {
        var issued = await CertificateFlow.ApproveAsync(host);
        var reference = issued.Receipt.Reference;
        using var api = host.Client();
        using var browser = host.Client("text/html");
        var page = await browser.GetStringAsync(issued.Receipt.StatusUrl);
        var action = WebUtility.HtmlDecode(Regex.Match(page, "action=\"([^\"]+)\" id=\"erasure\"").Groups[1].Value);
        Assert.StartsWith("/api/procedures/school-enrolment/applications/", action, StringComparison.Ordinal);

        // Without the confirmation box: a field-level problem, nothing recorded.
        using (var unconfirmed = await api.PostAsync(action, JsonContent.Create(new { })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
            using var problem = JsonDocument.Parse(await unconfirmed.Content.ReadAsStringAsync());
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("confirm", out _));
        }

        Assert.Null(await host.Services.Get<RetentionIndex>().FindRequestAsync(reference, CancellationToken.None));
        using (var request = await browser.PostAsync(action, new FormUrlEncodedContent([new("confirm", "yes")])))
        {
            Assert.Equal(HttpStatusCode.SeeOther, request.StatusCode);
        }

        Assert.Contains("id=\"erasure-requested\"", await browser.GetStringAsync(issued.Receipt.StatusUrl), StringComparison.Ordinal);
        var mail = await WaitForRequestMailAsync(reference);
        var link = mail.Link("Confirmer l'effacement");

        // The GET only shows what would be erased; a forged link is refused.
        using (var show = await browser.GetAsync(link))
        {
            Assert.Equal(HttpStatusCode.OK, show.StatusCode);
            Assert.Contains("Confirmer l'effacement", WebUtility.HtmlDecode(await show.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        Assert.Null((await host.Services.Get<ApplicationRepository>().FindAsync(reference, CancellationToken.None))!.ErasedAt);
        using (var forged = await browser.GetAsync(link[..^2] + (link[^2] == 'A' ? "B" : "A") + link[^1]))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }

        using (var confirm = await browser.PostAsync(link, new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
            Assert.Contains("ont été effacées le", WebUtility.HtmlDecode(await confirm.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        var row = (await host.Services.Get<ApplicationRepository>().FindAsync(reference, CancellationToken.None))!;
        Assert.Equal("request", row.ErasureReason);
        Assert.Equal("{}", row.ValuesJson);
        Assert.Equal(string.Empty, row.CitizenEmail);
        await foreach (var _ in host.Storage.Container(StorageNames.AttachmentsContainer).GetBlobsAsync(BlobTraits.None, BlobStates.None, reference + "/", CancellationToken.None))
        {
            Assert.Fail("an attachment is left");
        }

        await foreach (var _ in host.Storage.Container(StorageNames.CertificatesContainer).GetBlobsAsync(BlobTraits.None, BlobStates.None, reference + "/", CancellationToken.None))
        {
            Assert.Fail("the certificate PDF is left");
        }

        var tombstone = (await host.Services.Get<Tombstones>().FindAsync("saint-exemple", reference, CancellationToken.None))!;
        Assert.Equal("request", tombstone.Reason);
        Assert.Equal(issued.Certificate.Sha256, tombstone.CertificateSha256);

        // Single use: the same link, and a new request, now say it is done.
        using (var again = await browser.PostAsync(link, new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains("Déjà effacée", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        using (var repeated = await api.PostAsync(action, JsonContent.Create(new { confirm = true })))
        {
            Assert.Equal(HttpStatusCode.Conflict, repeated.StatusCode);
        }

        using var status = JsonDocument.Parse(await api.GetStringAsync(issued.Receipt.StatusUrl));
        Assert.Equal("request", status.RootElement.GetProperty("erasureReason").GetString());
        var actions = status.RootElement.GetProperty("history").EnumerateArray().Select(item => item.GetProperty("action").GetString()).ToList();
        Assert.Contains("ErasureRequested", actions);
        Assert.Contains("PersonalDataErased", actions);
        Assert.Contains("ont été effacées le", WebUtility.HtmlDecode(await browser.GetStringAsync(issued.Receipt.StatusUrl)), StringComparison.Ordinal);
    }

    private static string ErasurePath(Receipt receipt) => receipt.StatusUrl.Replace("?access=", "/erasure?access=", StringComparison.Ordinal);

    private async Task<Mail> WaitForRequestMailAsync(string reference)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var mail = (await host.Mailbox.ToAsync(LocalHostFixture.Reviewer, "[Effacement demandé]")).FirstOrDefault(candidate => candidate.Subject.Contains(reference, StringComparison.Ordinal));
            if (mail is not null)
            {
                return mail;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No erasure request e-mail for {reference}.");
            await Task.Delay(250);
        }
    }
}
