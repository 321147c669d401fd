using System.Net;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace Serverless.IntegrationTests;

/// <summary>
/// The citizen's and the agent's pages in headless Chromium: axe-core on each at desktop width and at 320 px, and
/// what axe cannot see — the error summary taking the focus and being announced, the form completed with the
/// keyboard alone, the withdrawal behind a confirmation with a way back, the acknowledgement of receipt.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class AccessibilityTests(LocalHostFixture host) : IAsyncLifetime
{
    private const string FormPath = "/api/procedures/school-enrolment/form";

    private HeadlessChromium chromium = null!;

    public async Task InitializeAsync() => chromium = await HeadlessChromium.LaunchAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

    private string Url(string path) => new Uri(host.BaseAddress, path).ToString();

    private async Task<IBrowserContext> ContextAsync(int width) =>
        await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "fr-FR", ViewportSize = new ViewportSize { Width = width, Height = 900 } });

    [Fact]
    public async Task EveryPage_AtDesktopWidthAnd320px_HasNoSeriousOrCriticalAxeViolationAndNoSidewaysScroll()
    {
        using var api = host.Client();
        using var browserClient = host.Client("text/html");
        var parent = ApplicationClient.NewCitizenEmail();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(parent)));
        var reviewMail = await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference);
        var status = await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.WithdrawUrl is not null);

        // A second application, sent back for changes: its correction page.
        var corrected = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        var changesLink = (await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, corrected.Reference)).Link("Demander des compléments");
        using (var asked = await browserClient.PostAsync(changesLink, new FormUrlEncodedContent([KeyValuePair.Create("comment", "Le justificatif est illisible."), KeyValuePair.Create("fields", "proofOfAddress")])))
        {
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        }

        var correction = (await ApplicationClient.WaitForStatusAsync(api, corrected, body => body.ChangeRequest is not null)).ChangeRequest!.CorrectionUrl;

        // A certificate: its verification page and the agent's revocation page.
        var approved = await CertificateFlow.ApproveAsync(host);
        var revocation = (await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, $"– {approved.Certificate.Number}")).Link("Révoquer l'attestation");

        var proof = Path.Combine(Path.GetTempPath(), $"justificatif-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(proof, ApplicationClient.ProofPdf);
        var pages = new List<(string Name, string Url)>
        {
            ("Form (school enrolment)", Url(FormPath)),
            ("Form (canteen, checkboxes and radios)", Url("/api/procedures/canteen-after-school/form")),
            ("Form in English", Url(FormPath + "?lang=en")),
            ("Receipt (status page just after sending)", receipt.StatusUrl + "&received=1"),
            ("Status", receipt.StatusUrl),
            ("Acknowledgement of receipt (printable)", Url(status.ReceiptUrl!)),
            ("Withdrawal confirmation", Url(status.WithdrawUrl!)),
            ("Correction", correction),
            ("Review (agent)", reviewMail.Link("Accepter la demande")),
            ("Revocation (agent)", revocation),
            ("Verification", approved.Certificate.VerifyUrl),
        };
        foreach (var width in new[] { AxeAudit.Desktop, AxeAudit.Narrow })
        {
            await using var context = await ContextAsync(width);
            var page = await context.NewPageAsync();
            foreach (var (name, url) in pages)
            {
                var response = await page.GotoAsync(url);
                Assert.True(response!.Ok, $"{name}: {response.Status} {url}");
                await AxeAudit.CheckAsync(page, name, width);
            }

            await page.GotoAsync(Url("/api/procedures/canteen-after-school/form"));
            await page.Locator("form[novalidate] button[type='submit']").ClickAsync();
            await page.WaitForURLAsync("**/applications");
            await AxeAudit.CheckAsync(page, "Form with errors (one-page form)", width);

            // The multi-step form, each step, its errors, "check your answers", the save page and the sent page.
            await page.GotoAsync(Url(FormPath));
            await page.Locator("button[value='next']").ClickAsync();
            await page.WaitForURLAsync("**/drafts");
            await AxeAudit.CheckAsync(page, "Step 1 with errors", width);
            var values = ApplicationClient.Fields(ApplicationClient.NewCitizenEmail());
            await page.GotoAsync(Url(FormPath));
            for (var step = 1; step <= 3; step++)
            {
                await AxeAudit.CheckAsync(page, $"Step {step} of 3", width);
                await MultiStepForm.FillPageAsync(page, values, proof);
                await page.Locator("button[value='next']").ClickAsync();
                await page.WaitForLoadStateAsync();
            }

            Assert.Equal("Vérifier vos réponses", await page.Locator("h1").TextContentAsync());
            await AxeAudit.CheckAsync(page, "Check your answers", width);
            await page.Locator("button[value='save']").ClickAsync();
            await page.WaitForLoadStateAsync();
            await AxeAudit.CheckAsync(page, "Save and continue later", width);
            await page.Locator("#email").FillAsync(values["parentEmail"]);
            await page.Locator("button[value='send-link']").ClickAsync();
            await page.WaitForLoadStateAsync();
            await AxeAudit.CheckAsync(page, "Resume link sent", width);
            var resume = (await host.Mailbox.WaitForAsync(values["parentEmail"], "Brouillon enregistré")).Link("Reprendre ma demande");
            await page.GotoAsync(resume);
            // Every step was answered: the resume link leads to "check your answers", nothing lost by saving there.
            Assert.Equal("Vérifier vos réponses", await page.Locator("h1").TextContentAsync());
            Assert.Equal(0, await page.Locator("#error-summary").CountAsync());
            await AxeAudit.CheckAsync(page, "Resume (draft opened from the e-mail)", width);
        }
    }

    [Fact]
    public async Task Emails_AgentsAndCitizens_NameTheirLanguageAndHaveATitle()
    {
        using var api = host.Client();
        var parent = ApplicationClient.NewCitizenEmail();
        var fields = ApplicationClient.Fields(parent);
        fields["lang"] = "en";
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(fields));

        var agent = await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference);
        var citizen = await host.Mailbox.WaitForAsync(parent, receipt.Reference);

        Assert.StartsWith("<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>", agent.Html, StringComparison.Ordinal);
        Assert.Contains($"<title>[À instruire] Inscription scolaire – {receipt.Reference}</title>", agent.Html, StringComparison.Ordinal);
        Assert.StartsWith("<!doctype html><html lang=\"en\">", citizen.Html, StringComparison.Ordinal);
        Assert.Contains("<title>Acknowledgement of receipt", citizen.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormPage_SentEmpty_ShowsTheServerErrorSummaryFocusedAnnouncedAndLinkedToEachField()
    {
        await using var context = await ContextAsync(AxeAudit.Desktop);
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url(FormPath));
        Assert.Equal("", await page.Locator("form[enctype]").GetAttributeAsync("novalidate"));

        await page.Locator("button[value='next']").ClickAsync();
        await page.WaitForURLAsync("**/drafts");

        // The server answered (no browser bubble stopped the post), in French, and its summary has the focus.
        Assert.StartsWith("Erreur : Étape 1 sur 3 : L'enfant – Inscription scolaire", await page.TitleAsync(), StringComparison.Ordinal);
        var summary = page.Locator("#error-summary");
        Assert.Equal("alert", await summary.GetAttributeAsync("role"));
        Assert.Equal("error-summary", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        var links = summary.Locator("a");
        Assert.Equal(5, await links.CountAsync());
        Assert.Contains("« Prénom de l'enfant » est obligatoire.", await summary.InnerTextAsync(), StringComparison.Ordinal);

        // Each message is also beside its field and read with it; a link leads to the field.
        var firstName = page.Locator("#childFirstName");
        Assert.Equal("true", await firstName.GetAttributeAsync("aria-invalid"));
        await Assertions.Expect(firstName).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("Prénom de l'enfant » est obligatoire"));
        await summary.Locator("a[href='#childFirstName']").ClickAsync();
        Assert.Equal("childFirstName", await page.EvaluateAsync<string>("() => document.activeElement.id"));
    }

    [Fact]
    public async Task FormPage_RequiredFields_AreMarkedInTheirLabelsAndCarryAutocompleteTokens()
    {
        await using var context = await ContextAsync(AxeAudit.Desktop);
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url(FormPath));

        Assert.Contains("Les champs marqués d'un astérisque (*) sont obligatoires.", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Prénom de l'enfant *", (await page.Locator("label[for='childFirstName']").InnerTextAsync()).Trim());
        Assert.Null(await page.Locator("#childFirstName").GetAttributeAsync("autocomplete"));
        Assert.Contains("République française", await page.Locator("header").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Département du Gard", await page.Locator("header").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Marianne", await page.ContentAsync(), StringComparison.Ordinal);
        // Saint-Exemple's colour (#1d6b46) reaches the page: the CSP lets its style through.
        Assert.Equal("rgb(29, 107, 70)", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('header')).backgroundColor"));

        // Tokens for what the person says about themselves, not about the child.
        await page.GotoAsync(Url("/api/procedures/canteen-after-school/form"));
        Assert.Equal("name", await page.Locator("#parentName").GetAttributeAsync("autocomplete"));
        Assert.Equal("email", await page.Locator("#parentEmail").GetAttributeAsync("autocomplete"));
        Assert.Equal("tel", await page.Locator("#parentPhone").GetAttributeAsync("autocomplete"));
        await page.GotoAsync(Url("/api/procedures/library-membership/form"));
        Assert.Equal("postal-code", await page.Locator("#postalCode").GetAttributeAsync("autocomplete"));
        Assert.Equal("given-name", await page.Locator("#memberFirstName").GetAttributeAsync("autocomplete"));
    }

    [Fact]
    public async Task MultiStepForm_KeyboardOnly_IsCompletedCheckedAndSent()
    {
        var parent = ApplicationClient.NewCitizenEmail();
        var proof = Path.Combine(Path.GetTempPath(), $"justificatif-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(proof, ApplicationClient.ProofPdf);
        var values = ApplicationClient.Fields(parent);
        values["childBirthDate"] = "04052020";
        await using var context = await ContextAsync(AxeAudit.Narrow);
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url(FormPath));

        // Tab from field to field, type, and press Enter on "Continuer" on each step, then "Envoyer ma demande".
        var sent = false;
        for (var presses = 0; presses < 120 && !sent; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string[]>("() => [document.activeElement.tagName, document.activeElement.name || '', document.activeElement.type || '', document.activeElement.value || '']");
            var (tag, name, type) = (focused[0], focused[1], focused[2]);
            if (tag == "BUTTON" && focused[3] is "next" or "submit")
            {
                sent = focused[3] == "submit";
                var before = page.Url;
                await page.Keyboard.PressAsync("Enter");
                // Every post leads to another address (the next step, the review, the status page).
                await page.WaitForURLAsync(url => url != before);
                await page.WaitForLoadStateAsync(LoadState.Load);
                continue;
            }

            if (type == "file")
            {
                var chooser = await KeyboardFileChooser.OpenWithSpaceAsync(page);
                await chooser.SetFilesAsync(proof);
            }
            else if (tag == "SELECT")
            {
                // The first offered value, as a keyboard user picks it: arrow down from the empty option.
                await page.Keyboard.PressAsync("ArrowDown");
            }
            else if (tag == "INPUT" && values.TryGetValue(name, out var value) && await page.EvaluateAsync<string>("() => document.activeElement.value") == string.Empty)
            {
                await page.Keyboard.TypeAsync(value);
            }
        }

        Assert.True(sent, "The keyboard never reached the send button.");
        await page.WaitForURLAsync("**/applications/ECO-*");
        Assert.Contains("Votre demande a bien été reçue", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusPage_WithdrawLink_AsksForConfirmationWithAWayBackAndShowsWhatWasSent()
    {
        using var api = host.Client();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.WithdrawUrl is not null);
        await using var context = await ContextAsync(AxeAudit.Desktop);
        var page = await context.NewPageAsync();
        await page.GotoAsync(receipt.StatusUrl);
        var main = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Ce que vous avez envoyé", main, StringComparison.Ordinal);
        Assert.Contains("Martin-Lœvenbrück", main, StringComparison.Ordinal);
        Assert.Contains("justificatif-domicile.pdf", main, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "Retirer ma demande" }).ClickAsync();
        Assert.Equal("Retirer ma demande", await page.Locator("h1").TextContentAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Non, garder ma demande" }).ClickAsync();
        Assert.Equal(receipt.Reference, (await ApplicationClient.StatusAsync(api, receipt)).Reference);
        Assert.True((await ApplicationClient.StatusAsync(api, receipt)).WithdrawUrl is not null, "The way back withdrew the application.");

        await page.GetByRole(AriaRole.Link, new() { Name = "Retirer ma demande" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Oui, retirer ma demande" }).ClickAsync();
        await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.Status == "Withdrawn");
    }

    [Fact]
    public async Task Receipt_PageAndPdf_CarryTheLegalMentionsOfTheAcknowledgementOfReceipt()
    {
        using var api = host.Client();
        var citizen = ApplicationClient.NewCitizenEmail();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(citizen)));
        // Once the acknowledgement is sent, the workflow has stored the deadline that every page and e-mail shows.
        var acknowledgement = await host.Mailbox.WaitForAsync(citizen, $"Accusé de réception – Inscription scolaire – {receipt.Reference}");
        var status = await ApplicationClient.StatusAsync(api, receipt);
        var deadline = "au plus tard le " + Serverless.Core.Deadlines.DeadlineText.Format(status.DecisionDueAt!.Value, Serverless.Platform.Localization.Language.French);
        await using var context = await ContextAsync(AxeAudit.Desktop);
        var page = await context.NewPageAsync();
        await page.GotoAsync(status.ReceiptUrl!);
        var text = await page.Locator("main").InnerTextAsync();
        var pdf = await api.GetByteArrayAsync(status.ReceiptPdfUrl!);
        using var document = PdfDocument.Open(pdf);
        var pdfText = string.Join(" ", document.GetPages().Select(pdfPage => string.Join(" ", pdfPage.GetWords().Select(word => word.Text))));

        Assert.Contains(deadline, acknowledgement.Text, StringComparison.Ordinal);
        foreach (var mention in new[] { receipt.Reference, "Hôtel de ville, 1 place de la Mairie", "accueil@saint-exemple.example", "réputée acceptée", "L. 112-3", "R. 112-5", "tribunal administratif", "justificatif-domicile.pdf", deadline })
        {
            Assert.Contains(mention, text, StringComparison.Ordinal);
            Assert.Contains(mention.Replace(" ", string.Empty, StringComparison.Ordinal), pdfText.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }

        // Printed, the page keeps the acknowledgement and drops its links and controls.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await page.Locator("p.no-print").First.IsVisibleAsync());
        Assert.True(await page.Locator("h1").IsVisibleAsync());
    }

    [Fact]
    public async Task FormPage_PrefilledFromTheQuery_ShowsValuesAndTheirProblemsAndCarriesLaterSteps()
    {
        await using var context = await ContextAsync(AxeAudit.Desktop);
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url(FormPath + "?childFirstName=L%C3%A9a&childBirthDate=2099-01-01&postalCode=30000"));

        Assert.Equal("Léa", await page.Locator("#childFirstName").InputValueAsync());
        var summary = await page.Locator("#error-summary").InnerTextAsync();
        Assert.Contains("Date de naissance de l'enfant", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Prénom", summary, StringComparison.Ordinal);
        Assert.Equal("30000", await page.Locator("input[type='hidden'][name='postalCode']").InputValueAsync());
    }
}
