using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Serverless.IntegrationTests;

/// <summary>A local host with low limits: two own submissions per recipient per day, three links per recipient per day.</summary>
public sealed class MailLimitsFixture : LocalHostFixture
{
    protected override void Adjust(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Abuse:SubmissionsPerRecipientPerDay"] = "2";
        settings["Abuse:LinksPerRecipientPerDay"] = "3";
        settings["Abuse:LinksPerClientPerHour"] = "50";
        settings["Abuse:LinkRecipientsPerDraft"] = "3";
    }
}

/// <summary>A draft's send-link cannot spray e-mail, nor use up the quota of someone's own application.</summary>
public sealed class MailSprayTests(MailLimitsFixture host) : IClassFixture<MailLimitsFixture>
{
    private static async Task<string> NewDraftAsync(HttpClient api)
    {
        using var created = await api.PostAsync("/api/procedures/school-enrolment/drafts", JsonContent.Create(new Dictionary<string, string> { ["lang"] = "fr", ["childFirstName"] = "Léa" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("draftUrl").GetString()!;
    }

    private static async Task<HttpStatusCode> SendLinkAsync(HttpClient api, string draftUrl, string email)
    {
        using var response = await api.PostAsync(draftUrl, JsonContent.Create(new Dictionary<string, string> { ["action"] = "send-link", ["lang"] = "fr", ["email"] = email }));
        return response.StatusCode;
    }

    [Fact]
    public async Task SendLink_OneDraftToThirtyAddresses_MailsThreeAndRefusesTheRestWith429()
    {
        using var api = host.Client();
        var draftUrl = await NewDraftAsync(api);
        var addresses = Enumerable.Range(0, 30).Select(_ => ApplicationClient.NewCitizenEmail()).ToList();

        var statuses = new List<HttpStatusCode>();
        foreach (var address in addresses)
        {
            statuses.Add(await SendLinkAsync(api, draftUrl, address));
        }

        Assert.Equal(3, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(27, statuses.Count(status => status == HttpStatusCode.TooManyRequests));
        await host.Mailbox.WaitForAsync(addresses[2], "Brouillon enregistré");
        var mails = await host.Mailbox.AllAsync();
        Assert.DoesNotContain(mails, mail => mail.To.Any(to => addresses.Skip(3).Contains(to.Address)));
    }

    [Fact]
    public async Task SendLink_FiveLinksToAVictim_LeaveTheVictimsOwnSubmissionAccepted()
    {
        using var api = host.Client();
        var victim = ApplicationClient.NewCitizenEmail();
        var statuses = new List<HttpStatusCode>();
        for (var index = 0; index < 5; index++)
        {
            statuses.Add(await SendLinkAsync(api, await NewDraftAsync(api), victim));
        }

        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(victim)));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("Received", receipt.Status);
    }
}
