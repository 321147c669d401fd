using System.Net;
using System.Net.Http.Json;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Review;
using Serverless.Core.Site;

namespace Serverless.IntegrationTests;

/// <summary>
/// A decision after the legal deadline of a procedure where silence decides is refused on every path with a page that
/// says what happened; and a decision recorded just before the deadline, whose event never reached the workflow, is
/// the one applied — so the recorded decision and the final status never disagree. The fixture's terrace permit has
/// a one-day deadline (4 s here) where silence means acceptance.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class LateDecisionTests(LocalHostFixture host)
{
    private const string Administrator = "informatique@saint-exemple.example";

    [Fact]
    public async Task Decide_OneSecondAfterTheDeadlineOnEveryPath_IsRefusedSayingSilenceDecidedAndTheRecordAgrees()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        var receipt = await SubmitTerraceAsync(api);
        // The deadline the workflow fixed at admission (a "day" lasts 4 s here), then one second more.
        var admitted = await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.History.Any(item => item.Action == "Validated"));
        var due = admitted.DecisionDueAt!.Value;
        Assert.True(due < DateTimeOffset.UtcNow.AddMinutes(1), $"deadline {due:O} is not the accelerated one");
        while (DateTimeOffset.UtcNow < due.AddSeconds(1))
        {
            await Task.Delay(100);
        }

        // The e-mail link (issued as the workflow issues it, to the reviewer of the round).
        var link = host.Services.Get<ReviewTokens>().Issue(new ReviewGrant(receipt.Reference, 1, LocalHostFixture.Reviewer, ReviewAction.Reject, DateTimeOffset.UtcNow.AddDays(1)));
        using (var byLink = await browser.PostAsync("/api/" + Routes.ReviewPath(link), new FormUrlEncodedContent([new("comment", "Trop de tables")])))
        {
            var page = WebUtility.HtmlDecode(await byLink.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.Conflict, byLink.StatusCode);
            Assert.Contains("acceptée implicitement", page, StringComparison.Ordinal);
        }

        // The back office, one application and in bulk (the commune's administrator covers the terrace permits).
        using var agent = await AgentClient.SignInAsync(host, Administrator);
        await agent.GetAsync($"/api/agent/applications/{receipt.Reference}");
        using (var byPage = await agent.PostAsync($"/api/agent/applications/{receipt.Reference}/decision", [("action", "reject"), ("comment", "Trop de tables")]))
        {
            var page = WebUtility.HtmlDecode(await byPage.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.Conflict, byPage.StatusCode);
            Assert.Contains("acceptée implicitement", page, StringComparison.Ordinal);
        }

        await agent.GetAsync("/api/agent");
        using (var inBulk = await agent.PostAsync("/api/agent/bulk", [("ref", receipt.Reference), ("action", "reject"), ("comment", "Trop de tables")]))
        {
            Assert.Contains("0 décision(s) enregistrée(s)", WebUtility.HtmlDecode(await inBulk.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        var decided = await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.History.Any(item => item.Action == "CitizenNotified"));
        var recorded = await host.Services.Get<ReviewDecisions>().FindAsync(receipt.Reference, 1, CancellationToken.None);
        Assert.Equal("Approved", decided.Status);
        Assert.Equal(RecordedDecision.ImplicitAcceptance, recorded!.Decision);
    }

    [Fact]
    public async Task Deadline_DecisionRecordedBeforeItWhoseEventWasLost_IsTheOneApplied()
    {
        using var api = host.Client();
        var receipt = await SubmitTerraceAsync(api);

        // Recorded at once, as a handler does, but its event never raised and no request left for the sweeper.
        var rejection = new RecordedDecision(nameof(ReviewAction.Reject), LocalHostFixture.Reviewer, "Trottoir trop étroit", DateTimeOffset.UtcNow);
        Assert.Null(await host.Services.Get<ReviewDecisions>().TryRecordAsync(receipt.Reference, 1, rejection, CancellationToken.None));

        var decided = await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.Status is "Approved" or "Rejected");
        Assert.Equal("Rejected", decided.Status);
        Assert.DoesNotContain(decided.History, item => item.Action == "ImplicitDecision");
        Assert.Equal(nameof(ReviewAction.Reject), (await host.Services.Get<ReviewDecisions>().FindAsync(receipt.Reference, 1, CancellationToken.None))!.Decision);
    }

    private static Task<Receipt> SubmitTerraceAsync(HttpClient api) =>
        ApplicationClient.SubmitAsync(
            api,
            JsonContent.Create(new { businessName = "Café du Port", contactEmail = ApplicationClient.NewCitizenEmail(), tables = "4" }),
            "/api/procedures/terrace-permit/applications");
}
