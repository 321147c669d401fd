using System.Net;
using Microsoft.Playwright;
using Serverless.Core.Usage;

namespace Serverless.IntegrationTests.Webhooks;

/// <summary>
/// The delivery log and the usage report as the back office serves them: behind the agents' sign-in, for the
/// administrator of the signed-in agent's commune only (they name and count every procedure's applications; the
/// deployment's administrator sees every commune's usage), with the anti-forgery token.
/// </summary>
[Collection(WebhookHostGroup.Name)]
public sealed class BackOfficeWebhookTests(WebhookHostFixture host)
{
    /// <summary>Saint-Exemple's administrator (<c>administratorEmail</c>).</summary>
    public const string Agent = "informatique@saint-exemple.example";

    /// <summary>An agent of one service of Saint-Exemple (school enrolment), who has no need to read these pages.</summary>
    public const string ServiceAgent = "agent.scolaire@saint-exemple.example";

    /// <summary>Villeneuve-sur-Gard's administrator.</summary>
    public const string OtherCommuneAdministrator = "informatique@villeneuve-sur-gard.example";

    /// <summary>An agent of the other shipped commune, named the deployment's administrator by the fixture.</summary>
    public const string DeploymentAdministrator = "ecoles@villeneuve-sur-gard.example";

    [Fact]
    public async Task WebhookLog_SignedInAgent_SeesDeliveriesAndRedeliversWithTheSameWebhookId()
    {
        var approved = await CertificateFlow.ApproveAsync(host);
        var reference = approved.Receipt.Reference;
        var delivered = await host.Receiver.WaitForAsync("e2e", requests => requests.Count(request => request.Reference == reference) >= 3);
        using var agent = await AgentClient.SignInAsync(host, Agent);

        var (listed, list) = await agent.GetAsync("/api/agent/webhooks");
        var (shown, log) = await agent.GetAsync("/api/agent/webhooks/e2e");
        using var forged = await agent.PostAsync("/api/agent/webhooks/e2e/redelivery", [("reference", reference), ("sequence", "2")], withToken: false);
        using var redelivered = await agent.PostAsync("/api/agent/webhooks/e2e/redelivery", [("reference", reference), ("sequence", "2")]);

        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Contains("href=\"/api/agent/webhooks/e2e\"", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, shown);
        Assert.Contains($"certificate.issued – {reference} (n° 3)", log, StringComparison.Ordinal);
        Assert.Contains("action=\"/api/agent/webhooks/e2e/redelivery\"", log, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, redelivered.StatusCode);
        var again = await host.Receiver.WaitForAsync("e2e", requests => requests.Count(request => request.Reference == reference) >= 4);
        var last = again.Last(request => request.Reference == reference);
        Assert.Equal(delivered.First(request => request.Reference == reference && request.Sequence == 2).Id, last.Id);
        Assert.True(last.Verified);
    }

    [Fact]
    public async Task WebhooksLogAndUsagePages_SignedInAgent_ShowTheCommunesIdentityAndTheBackOfficeNavigationWithNoSeriousViolation()
    {
        var approved = await CertificateFlow.ApproveAsync(host);
        await host.Receiver.WaitForAsync("e2e", requests => requests.Any(request => request.Reference == approved.Receipt.Reference));
        using var agent = await AgentClient.SignInAsync(host, Agent);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, Locale = "fr-FR" });
        await context.AddCookiesAsync(agent.Cookies.GetAllCookies().Select(cookie => new Microsoft.Playwright.Cookie { Name = cookie.Name, Value = cookie.Value, Url = host.BaseAddress.ToString() }));
        var page = await context.NewPageAsync();

        foreach (var (path, what, current) in new[] { ("/api/agent/webhooks", "webhooks page", "Webhooks"), ("/api/agent/webhooks/e2e", "webhook delivery log", "Webhooks"), ("/api/agent/usage", "usage report", "Consommation") })
        {
            var response = await page.GotoAsync(new Uri(host.BaseAddress, path).ToString());
            Assert.Equal(200, response!.Status);
            var header = await page.Locator("header").InnerTextAsync();
            Assert.Contains("République française", header, StringComparison.Ordinal);
            Assert.Contains("Département du Gard", header, StringComparison.Ordinal);
            Assert.Contains("Commune de Saint-Exemple", header, StringComparison.Ordinal);
            Assert.Equal(1, await page.Locator("header img").CountAsync());
            Assert.Equal("rgb(29, 107, 70)", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('header')).backgroundColor"));
            Assert.Equal(1, await page.Locator("nav.bo a[href^='/api/agent?tab=todo']").CountAsync());
            Assert.Equal(current, await page.Locator("nav.bo a[aria-current=page]").TextContentAsync());
            Assert.Equal(1, await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).CountAsync());
            await Accessibility.AssertNoSeriousViolationsAsync(page, what);
        }
    }

    [Fact]
    public async Task WebhookLog_AgentOfAnotherCommuneOrNobody_IsNotFoundOrSentToSignIn()
    {
        using var other = await AgentClient.SignInAsync(host, OtherCommuneAdministrator);
        using var anonymous = AgentClient.Anonymous(host);

        var (otherStatus, _) = await other.GetAsync("/api/agent/webhooks/e2e");
        using var nobody = await anonymous.PostAsync("/api/agent/webhooks/e2e/redelivery", [("reference", "x"), ("sequence", "1")], withToken: false);

        Assert.Equal(HttpStatusCode.NotFound, otherStatus);
        Assert.Equal(HttpStatusCode.SeeOther, nobody.StatusCode);
        Assert.Equal("/api/agent", nobody.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task WebhooksAndUsage_AgentOfOneService_AreForbiddenAndNotInTheNavigation()
    {
        using var agent = await AgentClient.SignInAsync(host, ServiceAgent);

        var (home, homePage) = await agent.GetAsync("/api/agent");
        var statuses = new List<HttpStatusCode>();
        foreach (var path in new[] { "/api/agent/webhooks", "/api/agent/webhooks/e2e", "/api/agent/usage", "/api/agent/usage.csv" })
        {
            statuses.Add((await agent.GetAsync(path)).Status);
        }

        await agent.GetAsync("/api/agent");
        using var redelivery = await agent.PostAsync("/api/agent/webhooks/e2e/redelivery", [("reference", "x"), ("sequence", "1")]);

        Assert.Equal(HttpStatusCode.OK, home);
        Assert.DoesNotContain("/api/agent/webhooks", homePage, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/agent/usage", homePage, StringComparison.Ordinal);
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Forbidden, status));
        Assert.Equal(HttpStatusCode.Forbidden, redelivery.StatusCode);
    }

    [Fact]
    public async Task UsageReport_AgentAndDeploymentAdministrator_SeeTheirCommuneOrEveryCommuneWithWebhookDeliveriesCounted()
    {
        var approved = await CertificateFlow.ApproveAsync(host);
        await host.Receiver.WaitForAsync("e2e", requests => requests.Count(request => request.Reference == approved.Receipt.Reference) >= 3);
        await host.Services.Get<UsageMeter>().Ledger.FoldAsync("saint-exemple", CancellationToken.None);
        using var agent = await AgentClient.SignInAsync(host, Agent);
        using var administrator = await AgentClient.SignInAsync(host, DeploymentAdministrator);

        var (agentStatus, agentPage) = await agent.GetAsync("/api/agent/usage");
        var (_, administratorPage) = await administrator.GetAsync("/api/agent/usage");
        var (csvStatus, csv) = await agent.GetAsync("/api/agent/usage.csv");

        Assert.Equal(HttpStatusCode.OK, agentStatus);
        Assert.Contains("Commune de Saint-Exemple", agentPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Villeneuve", agentPage, StringComparison.Ordinal);
        Assert.Contains("Commune de Saint-Exemple", administratorPage, StringComparison.Ordinal);
        Assert.Contains("Villeneuve", administratorPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, csvStatus);
        var total = csv.Split("\r\n").Select(line => line.Split(',')).Single(cells => cells[0] == "saint-exemple" && cells[3] == PublishedStatisticsAll);
        var webhookColumn = UsageReportRenderer.CsvHeader.ToList().IndexOf("livraisons_webhook");
        Assert.True(long.Parse(total[webhookColumn], System.Globalization.CultureInfo.InvariantCulture) >= 3, $"webhook deliveries counted: {total[webhookColumn]}");
    }

    private const string PublishedStatisticsAll = Core.OpenData.PublishedStatistics.AllProcedures;
}
