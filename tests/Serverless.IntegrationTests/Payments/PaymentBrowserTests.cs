using System.Net.Http.Json;
using Microsoft.Playwright;
using Serverless.Core.Applications;

namespace Serverless.IntegrationTests.Payments;

/// <summary>
/// A canteen prepayment in Chromium, as a parent does it: the e-mailed link, the payment page (axe at 320 and 1280 px,
/// screenshots), PayFiP's page of the local simulator where the bank refuses, then the parent gives up, then pays; each
/// time back on the commune's page, which says what happened; once paid, the receipt is there and the application goes
/// to the agents.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class PaymentBrowserTests(LocalHostFixture host) : IAsyncLifetime
{
    private static readonly string[] Cantine = ["cantine"];
    private static readonly string[] MondayAndThursday = ["lundi", "jeudi"];

    private HeadlessChromium chromium = null!;

    public async Task InitializeAsync() => chromium = await HeadlessChromium.LaunchAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

    [Fact]
    public async Task CanteenPrepayment_RefusedAbandonedThenPaid_CommunePageSaysEachAndTheReceiptFollows()
    {
        var parent = ApplicationClient.NewCitizenEmail();
        var year = DateTime.UtcNow.Month >= 9 ? DateTime.UtcNow.Year : DateTime.UtcNow.Year - 1;
        var receipt = await ApplicationClient.SubmitAsync(host.Client(), JsonContent.Create(new Dictionary<string, object>
        {
            ["childFirstName"] = "Jade", ["childLastName"] = "Roussel", ["childBirthDate"] = $"{year - 6}-05-02",
            ["schoolYear"] = $"{year}-{year + 1}", ["school"] = "ecole-marie-curie", ["services"] = Cantine,
            ["days"] = MondayAndThursday, ["dietaryRequirements"] = "no", ["familyQuotient"] = string.Empty,
            ["parentName"] = "Élodie Roussel", ["parentEmail"] = parent, ["parentPhone"] = "06 11 22 33 44",
        }), "/api/procedures/canteen-after-school/applications");
        var pay = (await host.Mailbox.WaitForAsync(parent, "Paiement à effectuer")).Link("Payer en ligne");

        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(AxeAudit.Narrow, 720);
        await page.GotoAsync(pay);
        Assert.Contains("110,00 €", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAudit.CheckAsync(page, "payment: amount due", AxeAudit.Narrow);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artefact("payment-page-320.png"), FullPage = true });

        // The bank refuses.
        await ToPayFipAsync(page);
        await page.Locator("button[value='refuse']").ClickAsync();
        await page.WaitForURLAsync("**/payment/return**");
        Assert.Contains("refusé par votre banque", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // The parent gives up on PayFiP's page.
        await page.GotoAsync(pay);
        await ToPayFipAsync(page);
        await page.Locator("button[value='abandon']").ClickAsync();
        await page.WaitForURLAsync("**/payment/return**");
        Assert.Contains("abandonné le paiement", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await page.SetViewportSizeAsync(AxeAudit.Desktop, 900);
        await AxeAudit.CheckAsync(page, "payment: after an abandoned attempt", AxeAudit.Desktop);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artefact("payment-page-1280.png"), FullPage = true });

        // Then pays by card.
        await page.GotoAsync(pay);
        await ToPayFipAsync(page);
        await FillCardAsync(page);
        await page.Locator("button[value='pay']").ClickAsync();
        await page.WaitForURLAsync("**/payment/return**");
        Assert.Contains("Paiement reçu", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await ApplicationClient.WaitForStatusAsync(host.Client(), receipt, status => status.Status == nameof(ApplicationStatus.UnderReview));

        await page.GotoAsync(pay);
        var receiptLink = page.GetByRole(AriaRole.Link, new() { Name = "Télécharger le reçu de paiement (PDF)" });
        Assert.Equal(1, await receiptLink.CountAsync());
        await AxeAudit.CheckAsync(page, "payment: paid", AxeAudit.Desktop);
        var pdf = await host.Client().GetByteArrayAsync(new Uri(new Uri(pay), await receiptLink.GetAttributeAsync("href")));
        Assert.Contains("Reçu de paiement", Serverless.Core.Tests.Poppler.Pdftotext(pdf), StringComparison.Ordinal);
    }

    private static async Task ToPayFipAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Payer .* sur PayFiP") }).ClickAsync();
        await page.WaitForURLAsync("**/tpa/paiementws.web**");
    }

    /// <summary>The simulator's card form, with the test card its page suggests.</summary>
    private static async Task FillCardAsync(IPage page)
    {
        await page.Locator("#card").FillAsync("4970 1000 0000 0003");
        await page.Locator("#expiry").FillAsync("12/30");
        await page.Locator("#cvc").FillAsync("123");
    }

    private static string Artefact(string name)
    {
        var folder = Path.Combine(Accessibility.RepositoryRoot, "artifacts", "payments");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
