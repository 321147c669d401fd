using Microsoft.Playwright;

namespace Serverless.IntegrationTests;

/// <summary>
/// What a parent and an agent see in a real browser (headless Chromium from the distribution): the form works with
/// JavaScript turned off, and the agent decides by clicking a button on the confirmation page.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class BrowserTests(LocalHostFixture host) : IAsyncLifetime
{
    private HeadlessChromium chromium = null!;

    private IBrowser browser => chromium.Browser;

    public async Task InitializeAsync() => chromium = await HeadlessChromium.LaunchAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

    [Fact]
    public async Task FormPage_FilledWithoutJavaScriptThenApprovedByClick_ShowsReceiptAndDecision()
    {
        var parent = ApplicationClient.NewCitizenEmail();
        var proof = Path.Combine(Path.GetTempPath(), $"justificatif-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(proof, ApplicationClient.ProofPdf);
        await using var citizen = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Locale = "fr-FR" });
        var page = await citizen.NewPageAsync();

        await page.GotoAsync(new Uri(host.BaseAddress, "/api/procedures/school-enrolment/form").ToString());
        Assert.Equal("Inscription scolaire", await page.Locator("h1").TextContentAsync());

        // Three steps (the child, the parent, the address), one page each, then "check your answers" and send.
        await MultiStepForm.FillStepsAsync(page, ApplicationClient.Fields(parent), proof);
        Assert.Contains("Martin-Lœvenbrück", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("button[value='submit']").ClickAsync();
        await page.WaitForURLAsync("**/applications/ECO-*");

        var receiptText = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Votre demande a bien été reçue", receiptText, StringComparison.Ordinal);
        var reference = System.Text.RegularExpressions.Regex.Match(receiptText, "ECO-[0-9]{4}-[2-9A-Z]{6}").Value;
        Assert.NotEmpty(reference);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "receipt-page.png"), FullPage = true });

        var approveLink = (await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, reference)).Link("Accepter la demande");
        await using var agent = await browser.NewContextAsync();
        var review = await agent.NewPageAsync();
        await review.GotoAsync(approveLink);
        Assert.Contains("Martin-Lœvenbrück", await review.Locator("table").InnerTextAsync(), StringComparison.Ordinal);
        await review.Locator("textarea[name='comment']").FillAsync("Dossier complet.");
        await review.GetByRole(AriaRole.Button, new() { Name = "Accepter la demande" }).ClickAsync();

        Assert.Equal("Décision enregistrée", await review.Locator("h1").TextContentAsync());
        await host.Mailbox.WaitForAsync(parent, "Demande acceptée");
        await page.ReloadAsync();
        Assert.Contains("Télécharger l'attestation", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CanteenForm_CheckboxesAndConditionalField_AreSubmittedWithoutJavaScript()
    {
        var parent = ApplicationClient.NewCitizenEmail();
        await using var citizen = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        var page = await citizen.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, "/api/procedures/canteen-after-school/form").ToString());

        await page.Locator("[name='childFirstName']").FillAsync("Noé");
        await page.Locator("[name='childLastName']").FillAsync("Garçon");
        await page.Locator("[name='childBirthDate']").FillAsync("2019-10-02");
        await page.Locator("[name='schoolYear']").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("[name='school']").SelectOptionAsync("ecole-jean-jaures");
        foreach (var value in new[] { "cantine", "garderie-soir", "lundi", "jeudi" })
        {
            await page.Locator($"input[type='checkbox'][value='{value}']").CheckAsync();
        }

        await page.Locator("[name='dietaryRequirements'][value='yes']").CheckAsync();
        await page.Locator("[name='dietaryDetails']").FillAsync("Allergie à l'arachide");
        await page.Locator("[name='parentName']").FillAsync("Inès Garçon");
        await page.Locator("[name='parentEmail']").FillAsync(parent);
        await page.Locator("[name='parentPhone']").FillAsync("04 66 00 00 00");
        await page.Locator("form[novalidate] button[type='submit']").ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.True(page.Url.Contains("/applications/PER-", StringComparison.Ordinal), await page.Locator("body").InnerTextAsync());

        var reference = System.Text.RegularExpressions.Regex.Match(await page.Locator("main").InnerTextAsync(), "PER-[0-9]{4}-[2-9A-Z]{6}").Value;

        // The canteen is prepaid before review (docs/PAYMENTS.md): the parent pays from the e-mailed link.
        // This browser speaks English: the e-mail and the page too.
        var pay = (await host.Mailbox.WaitForAsync(parent, "Payment due")).Link("Pay online");
        await page.GotoAsync(pay);
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Pay .* on PayFiP") }).ClickAsync();
        await page.WaitForURLAsync("**/tpa/paiementws.web**");
        using (var payFip = new Payments.PayFipSimulator())
        {
            await payFip.SettleAsync(new Uri(page.Url).Query.Split("idop=")[1].Split('&')[0], "paid");
        }

        var review = await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, reference);
        Assert.Contains("Restauration scolaire, Garderie du soir", review.Text, StringComparison.Ordinal);
        Assert.Contains("Lundi, Jeudi", review.Text, StringComparison.Ordinal);
        Assert.Contains("Allergie à l'arachide", review.Text, StringComparison.Ordinal);
    }
}
