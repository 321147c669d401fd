using System.Net;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Retention;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Serverless.LocalHost;
using Xunit.Abstractions;

namespace Serverless.IntegrationTests.Privacy;

/// <summary>
/// Need to know inside a commune: a CCAS social-aid application (special-category data, <c>restrictedAccess</c>) is
/// tried on every back-office route and every agent link by the médiathèque's agent, who has no role for it: nothing
/// lists, opens, downloads, exports, annotates, assigns, delegates or decides it. The commune's administrator does not
/// open it either (restricted), but opens a school enrolment; the CCAS agent opens it.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class NeedToKnowTests(LocalHostFixture host, ITestOutputHelper output)
{
    private const string OtherService = "mediatheque@saint-exemple.example";
    private const string Administrator = "informatique@saint-exemple.example";
    private const string Ccas = "ccas@saint-exemple.example";

    [Fact]
    public async Task EveryBackOfficeRouteAndAgentLink_AgentOfAnotherService_IsRefusedAndLearnsNothing()
    {
        using var api = host.Client();
        // The family name is a token no other page could contain by chance: where it appears, the application leaked.
        var applicant = "Quarteron" + string.Concat(Guid.NewGuid().ToString("N")[..8].Select(digit => (char)('a' + (digit % 26))));
        var receipt = await SubmitSocialAidAsync(api, applicant);
        await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.History.Any(item => item.Action == "ReviewRequested"));
        var record = (await host.Services.Get<ApplicationRepository>().FindAsync(receipt.Reference, CancellationToken.None))!;
        var attachment = record.Attachments[0].Id;
        var path = $"/api/agent/applications/{receipt.Reference}";
        var tried = new List<(string Function, string Request, HttpStatusCode Status, bool Leaked)>();

        using var agent = await AgentClient.SignInAsync(host, OtherService);
        async Task GetAsync(string function, string url)
        {
            var (status, html) = await agent.GetAsync(url);
            // A search box shows back what was typed: the name counts only when the request did not carry it.
            var named = html.Contains(applicant, StringComparison.OrdinalIgnoreCase) && !Uri.UnescapeDataString(url).Contains(applicant, StringComparison.OrdinalIgnoreCase);
            tried.Add((function, "GET " + url, status, html.Contains(receipt.Reference, StringComparison.Ordinal) || named));
        }

        async Task PostAsync(string function, string url, params (string Name, string Value)[] fields)
        {
            await agent.GetAsync("/api/agent"); // a fresh anti-forgery token, as a page would give
            using var response = await agent.PostAsync(url, fields);
            var html = await response.Content.ReadAsStringAsync();
            tried.Add((function, "POST " + url, response.StatusCode, html.Contains(applicant, StringComparison.OrdinalIgnoreCase)));
        }

        await GetAsync(FunctionNames.ShowAgentHome, "/api/agent?tab=all");
        await GetAsync(FunctionNames.ShowAgentHome, "/api/agent?tab=all&procedure=social-aid-request");
        await GetAsync(FunctionNames.ShowAgentHome, "/api/agent?tab=all&q=" + Uri.EscapeDataString(applicant));
        await GetAsync(FunctionNames.ShowAgentApplication, path);
        await GetAsync(FunctionNames.DownloadAgentAttachment, $"{path}/attachments/{attachment}");
        await PostAsync(FunctionNames.AddAgentNote, $"{path}/notes", ("note", "curieux"), ("noteId", Guid.NewGuid().ToString("N")));
        await PostAsync(FunctionNames.AssignAgentApplication, $"{path}/assignment", ("assignee", OtherService));
        await PostAsync(FunctionNames.DelegateAgentApplication, $"{path}/delegation", ("delegateTo", OtherService));
        await PostAsync(FunctionNames.RecordAgentDecision, $"{path}/decision", ("action", "reject"), ("comment", "Non"));
        await PostAsync(FunctionNames.RecordAgentBulkDecision, "/api/agent/bulk", ("ref", receipt.Reference), ("action", "reject"), ("comment", "Non"));
        foreach (var format in new[] { "csv", "xlsx", "ods" })
        {
            await GetAsync(FunctionNames.ExportAgentList, $"/api/agent/export?tab=all&format={format}");
        }

        await GetAsync(FunctionNames.ListAgentWebhooks, "/api/agent/webhooks");
        await GetAsync(FunctionNames.ShowAgentWebhookLog, "/api/agent/webhooks/any");
        await PostAsync(FunctionNames.RedeliverAgentWebhook, "/api/agent/webhooks/any/redelivery", ("reference", receipt.Reference), ("sequence", "1"));
        await GetAsync(FunctionNames.ShowAgentUsage, "/api/agent/usage");
        await GetAsync(FunctionNames.ExportAgentUsage, "/api/agent/usage.csv");
        // The périscolaire's régie collects the canteen's fees (restricted): its role's agents and the administrator only.
        await GetAsync(FunctionNames.ShowAgentPayments, "/api/agent/payments?regie=periscolaire");
        await GetAsync(FunctionNames.ExportAgentPayments, "/api/agent/payments.csv?regie=periscolaire");

        // E-mailed links made out to this agent (as if sent before a change of service): refused, with nothing shown.
        using var browser = host.Client("text/html");
        var review = host.Services.Get<ReviewTokens>().Issue(new ReviewGrant(receipt.Reference, record.ReviewRound, OtherService, ReviewAction.Approve, DateTimeOffset.UtcNow.AddDays(1)));
        var erasure = host.Services.Get<ErasureTokens>().Issue(new ErasureGrant(receipt.Reference, OtherService, DateTimeOffset.UtcNow.AddDays(1)));
        foreach (var (function, method, url) in new[]
        {
            (FunctionNames.ShowReviewPage, "GET", "/api/" + Routes.ReviewPath(review)),
            (FunctionNames.RecordReviewDecision, "POST", "/api/" + Routes.ReviewPath(review)),
            (FunctionNames.DownloadReviewAttachment, "GET", "/api/" + Routes.ReviewAttachmentPath(review, attachment)),
            (FunctionNames.ShowErasurePage, "GET", "/api/" + Routes.ErasureConfirmationPath(erasure)),
            (FunctionNames.ConfirmErasure, "POST", "/api/" + Routes.ErasureConfirmationPath(erasure)),
        })
        {
            using var response = method == "GET" ? await browser.GetAsync(url) : await browser.PostAsync(url, new FormUrlEncodedContent([]));
            var html = await response.Content.ReadAsStringAsync();
            tried.Add((function, $"{method} {url[..Math.Min(url.Length, 40)]}…", response.StatusCode, html.Contains(applicant, StringComparison.OrdinalIgnoreCase)));
        }

        var lines = tried.Select(attempt => $"{attempt.Function,-26} {attempt.Request,-90} {(int)attempt.Status} {(attempt.Leaked ? "LEAKED" : "nothing shown")}").ToList();
        lines.ForEach(output.WriteLine);
        Artifacts.Write("privacy/need-to-know.txt", $"{OtherService} on {receipt.Reference} (social-aid-request, restricted):\n" + string.Join('\n', lines));

        // Every back-office function and agent link of the route table was tried (revocation: no certificate yet).
        var agentFunctions = HttpEndpoints.All
            .Where(endpoint => endpoint.Route.StartsWith("agent", StringComparison.Ordinal) && !endpoint.Route.StartsWith("agent/sign-", StringComparison.Ordinal))
            .Select(endpoint => endpoint.FunctionName)
            .Concat([FunctionNames.ShowReviewPage, FunctionNames.RecordReviewDecision, FunctionNames.DownloadReviewAttachment, FunctionNames.ShowErasurePage, FunctionNames.ConfirmErasure]);
        Assert.Empty(agentFunctions.Except(tried.Select(attempt => attempt.Function)));
        Assert.DoesNotContain(tried, attempt => attempt.Leaked);
        Assert.All(tried.Where(attempt => attempt.Function is not (FunctionNames.ShowAgentHome or FunctionNames.ExportAgentList or FunctionNames.RecordAgentBulkDecision)), attempt => Assert.True((int)attempt.Status is 403 or 404, $"{attempt.Request}: {(int)attempt.Status}"));
        var after = (await host.Services.Get<ApplicationRepository>().FindAsync(receipt.Reference, CancellationToken.None))!;
        Assert.Equal("UnderReview", after.Status);
        Assert.Null(after.AssignedTo);

        // The administrator sees the commune's school enrolments, not the CCAS's file; the CCAS agent opens it.
        using var administrator = await AgentClient.SignInAsync(host, Administrator);
        Assert.Equal(HttpStatusCode.NotFound, (await administrator.GetAsync(path)).Status);
        using var ccas = await AgentClient.SignInAsync(host, Ccas);
        var (ccasStatus, ccasPage) = await ccas.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, ccasStatus);
        Assert.Contains(applicant, ccasPage, StringComparison.OrdinalIgnoreCase);
        var school = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        await ApplicationClient.WaitForStatusAsync(api, school, status => status.History.Any(item => item.Action == "ReviewRequested"));
        Assert.Equal(HttpStatusCode.OK, (await administrator.GetAsync($"/api/agent/applications/{school.Reference}")).Status);
    }

    private static async Task<Receipt> SubmitSocialAidAsync(HttpClient api, string applicant)
    {
        var fields = new Dictionary<string, string>
        {
            ["applicantFirstName"] = "Ysoline",
            ["applicantLastName"] = applicant,
            ["birthDate"] = "1980-03-14",
            ["email"] = ApplicationClient.NewCitizenEmail(),
            ["phone"] = "06 12 34 56 78",
            ["addressLine"] = "8 impasse des Tilleuls",
            ["postalCode"] = "30000",
            ["city"] = "Saint-Exemple",
            ["householdSize"] = "3",
            ["monthlyIncome"] = "950",
            ["aidType"] = "aide-alimentaire",
            ["situation"] = "Perte d'emploi récente.",
        };
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(ApplicationClient.ProofPdf);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        content.Add(file, "incomeProofs", "avis-imposition.pdf");
        return await ApplicationClient.SubmitAsync(api, content, "/api/" + Routes.SubmitPath("social-aid-request"));
    }
}
