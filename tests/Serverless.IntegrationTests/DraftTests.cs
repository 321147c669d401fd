using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Serverless.IntegrationTests;

/// <summary>
/// Drafts as a person meets them, without JavaScript and without an account: a multi-step form kept by the server
/// between steps, "check your answers" with links to change each one, "save and continue later" with a resume link
/// by e-mail opened in another browser, prefill from a commune's site, and deletion at the announced expiry.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class DraftTests(LocalHostFixture host) : IAsyncLifetime
{
    private HeadlessChromium chromium = null!;

    public async Task InitializeAsync() => chromium = await HeadlessChromium.LaunchAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

    private string Url(string path) => new Uri(host.BaseAddress, path).ToString();

    private Task<IBrowserContext> NoScriptAsync() =>
        chromium.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Locale = "fr-FR" });

    private static async Task<string> ProofFileAsync()
    {
        var proof = Path.Combine(Path.GetTempPath(), $"justificatif-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(proof, ApplicationClient.ProofPdf);
        return proof;
    }

    [Fact]
    public async Task MultiStepForm_ChangeAnAnswerFromCheckYourAnswers_SendsOneApplicationWithTheChangedValue()
    {
        var parent = ApplicationClient.NewCitizenEmail();
        await using var context = await NoScriptAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/api/procedures/school-enrolment/form"));
        Assert.Contains("Étape 1 sur 3 : L'enfant", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await MultiStepForm.FillStepsAsync(page, ApplicationClient.Fields(parent), await ProofFileAsync());

        var answers = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Léa", answers, StringComparison.Ordinal);
        Assert.Contains("justificatif-", answers, StringComparison.Ordinal);
        Assert.Contains("Votre brouillon est conservé jusqu'au", answers, StringComparison.Ordinal);

        // "Modifier" beside the first name leads to its step, at the field; the other answers and the file stay.
        await page.GetByRole(AriaRole.Link, new() { Name = "Modifier Prénom de l'enfant" }).ClickAsync();
        Assert.EndsWith("#childFirstName", page.Url, StringComparison.Ordinal);
        Assert.Equal("Léa", await page.Locator("#childFirstName").InputValueAsync());
        await page.Locator("#childFirstName").FillAsync("Léna");
        await MultiStepForm.FillStepsAsync(page, new Dictionary<string, string>(), proofOfAddress: null);
        Assert.Contains("Léna", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        var draftAddress = page.Url;

        await page.Locator("button[value='submit']").ClickAsync();
        await page.WaitForURLAsync("**/applications/ECO-*");
        var reference = System.Text.RegularExpressions.Regex.Match(await page.Locator("main").InnerTextAsync(), "ECO-[0-9]{4}-[2-9A-Z]{6}").Value;
        Assert.Contains("Léna", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("justificatif-", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // Sent again (a second click, the back button): the same application, not a second one; the draft's link names
        // it but does not lead to its access code (whoever holds the draft's link is not the application's holder).
        using var browser = host.Client("text/html");
        using (var again = await browser.PostAsync(draftAddress.Split('?')[0], new FormUrlEncodedContent([KeyValuePair.Create("action", "submit")])))
        {
            var html = await again.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains(reference, html, StringComparison.Ordinal);
            Assert.DoesNotContain("access=", html, StringComparison.Ordinal);
            Assert.Null(again.Headers.Location);
        }

        // Queued before the review request, but each e-mail leaves on its own: wait for the receipt itself.
        await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, reference);
        await host.Mailbox.WaitForAsync(parent, "Accusé de réception");
        Assert.Single(await host.Mailbox.ToAsync(parent, "Accusé de réception"));
    }

    [Fact]
    public async Task SaveAndContinueLater_ResumeLinkOpenedInAFreshBrowser_FinishesAndSends()
    {
        var parent = ApplicationClient.NewCitizenEmail();
        var values = ApplicationClient.Fields(parent);
        await using (var first = await NoScriptAsync())
        {
            var page = await first.NewPageAsync();
            await page.GotoAsync(Url("/api/procedures/school-enrolment/form"));
            await MultiStepForm.FillPageAsync(page, values, proofOfAddress: null);
            await page.Locator("button[value='save']").ClickAsync();
            var saved = await page.Locator("main").InnerTextAsync();
            Assert.Contains("Vos réponses sont enregistrées en brouillon jusqu'au", saved, StringComparison.Ordinal);

            await page.Locator("#email").FillAsync("pas-une-adresse");
            await page.Locator("button[value='send-link']").ClickAsync();
            Assert.StartsWith("Erreur : ", await page.TitleAsync(), StringComparison.Ordinal);
            await page.Locator("#email").FillAsync(parent);
            await page.Locator("button[value='send-link']").ClickAsync();
            Assert.Contains($"a été envoyé à {parent}", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        }

        var mail = await host.Mailbox.WaitForAsync(parent, "Brouillon enregistré");
        Assert.Contains("Ce brouillon sera supprimé le", mail.Text, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"fr\">", mail.Html, StringComparison.Ordinal);

        // Another device: nothing shared with the first browser but the link.
        await using var second = await NoScriptAsync();
        var resumed = await second.NewPageAsync();
        await resumed.GotoAsync(mail.Link("Reprendre ma demande"));
        Assert.Contains("Étape 2 sur 3", await resumed.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await MultiStepForm.FillStepsAsync(resumed, values, await ProofFileAsync());
        Assert.Contains("Martin-Lœvenbrück", await resumed.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await resumed.Locator("button[value='submit']").ClickAsync();
        await resumed.WaitForURLAsync("**/applications/ECO-*");
        Assert.Contains("Votre demande a bien été reçue", await resumed.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrefillApi_DraftWithABadValue_ShowsItsErrorOnOpeningRemindsAndIsDeletedAtExpiry()
    {
        using var api = host.Client();
        var organiser = ApplicationClient.NewCitizenEmail();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/procedures/street-party-permit/drafts")
        {
            Content = JsonContent.Create(new Dictionary<string, string> { ["organiserName"] = "Amélie Poulain", ["organiserEmail"] = organiser, ["postalCode"] = "75018" }),
        };
        request.Headers.Add("Origin", "https://widget.partner.example");
        using var created = await api.SendAsync(request);
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        Assert.Equal("https://widget.partner.example", created.Headers.GetValues("Access-Control-Allow-Origin").Single());
        using var json = JsonDocument.Parse(body);
        var draftUrl = json.RootElement.GetProperty("draftUrl").GetString()!;
        Assert.Equal("postalCode", json.RootElement.GetProperty("invalidFields")[0].GetProperty("name").GetString());

        // Opened by the person: the prefilled value is there, with its problem, not silently dropped.
        await using var context = await NoScriptAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(draftUrl);
        Assert.Equal("Amélie Poulain", await page.Locator("#organiserName").InputValueAsync());
        Assert.Equal("75018", await page.Locator("#postalCode").InputValueAsync());
        Assert.Contains("Code postal", await page.Locator("#error-summary").InnerTextAsync(), StringComparison.Ordinal);

        await page.Locator("button[value='save']").ClickAsync();
        await page.Locator("button[value='send-link']").ClickAsync();
        await host.Mailbox.WaitForAsync(organiser, "Brouillon enregistré");

        // 8 days of 3 s: the reminder 7 "days" before deletion, then the deletion; never an application.
        var reminder = await host.Mailbox.WaitForAsync(organiser, "Rappel : brouillon supprimé le");
        Assert.Contains("Reprendre ma demande", reminder.Text, StringComparison.Ordinal);
        using var browser = host.Client("text/html");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        HttpStatusCode status;
        do
        {
            using var opened = await browser.GetAsync(draftUrl);
            status = opened.StatusCode;
            if (status != HttpStatusCode.NotFound)
            {
                Assert.True(DateTime.UtcNow < deadline, $"The draft is still there: {status}");
                await Task.Delay(500);
            }
        }
        while (status != HttpStatusCode.NotFound);

        Assert.Single(await host.Mailbox.ToAsync(organiser, "Rappel"));
        Assert.Empty(await host.Mailbox.ToAsync(organiser, "Accusé de réception"));
    }

    [Fact]
    public async Task ScriptDraftApi_AutosaveSendLinkAndDiscard_KeepTheAnswersRefuseBadInputAndDeleteTheDraft()
    {
        using var api = host.Client();
        async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string url, Dictionary<string, string> body)
        {
            using var response = await api.PostAsync(url, JsonContent.Create(body));
            var text = await response.Content.ReadAsStringAsync();
            using var json = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
            return (response.StatusCode, json.RootElement.Clone());
        }

        var (created, first) = await PostAsync("/api/procedures/school-enrolment/drafts", new() { ["lang"] = "fr", ["childFirstName"] = "Léa" });
        Assert.Equal(HttpStatusCode.Created, created);
        var draftUrl = first.GetProperty("draftUrl").GetString()!;
        Assert.Contains(" à ", first.GetProperty("expiresAtText").GetString(), StringComparison.Ordinal);

        var (saved, answer) = await PostAsync(draftUrl, new() { ["action"] = "autosave", ["lang"] = "fr", ["childFirstName"] = "Leo", ["childLastName"] = "Martin" });
        Assert.Equal(HttpStatusCode.OK, saved);
        Assert.Equal(draftUrl, answer.GetProperty("draftUrl").GetString());
        Assert.Equal(first.GetProperty("expiresAt").GetDateTimeOffset(), answer.GetProperty("expiresAt").GetDateTimeOffset());

        // What the person finds on opening the draft is the last autosave.
        using var browser = host.Client("text/html");
        var page = await browser.GetStringAsync(draftUrl);
        Assert.Contains("value=\"Leo\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"Martin\"", page, StringComparison.Ordinal);

        var (file, fileProblem) = await PostAsync(draftUrl, new() { ["action"] = "autosave", ["proofOfAddress"] = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, file);
        Assert.True(fileProblem.GetProperty("errors").TryGetProperty("proofOfAddress", out _));
        var (badEmail, emailProblem) = await PostAsync(draftUrl, new() { ["action"] = "send-link", ["lang"] = "fr", ["email"] = "pas-une-adresse" });
        Assert.Equal(HttpStatusCode.BadRequest, badEmail);
        Assert.False(string.IsNullOrWhiteSpace(emailProblem.GetProperty("errors").GetProperty("email")[0].GetString()));
        var (unknown, _) = await PostAsync(draftUrl, new() { ["action"] = "fly" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown);

        var (discarded, _) = await PostAsync(draftUrl, new() { ["action"] = "discard" });
        Assert.Equal(HttpStatusCode.OK, discarded);
        using var gone = await browser.GetAsync(draftUrl);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task ProcedureDefinition_Messages_AreWordForWordWhatTheServerAnswers()
    {
        using var api = host.Client();
        using var definition = JsonDocument.Parse(await api.GetStringAsync("/api/procedures/street-party-permit?lang=fr"));
        using var english = JsonDocument.Parse(await api.GetStringAsync("/api/procedures/street-party-permit?lang=en"));
        var fields = new Dictionary<string, Dictionary<string, JsonElement>>
        {
            ["fr"] = definition.RootElement.GetProperty("fields").EnumerateArray().ToDictionary(field => field.GetProperty("name").GetString()!, field => field.GetProperty("messages")),
            ["en"] = english.RootElement.GetProperty("fields").EnumerateArray().ToDictionary(field => field.GetProperty("name").GetString()!, field => field.GetProperty("messages")),
        };

        using var refused = await api.PostAsync("/api/procedures/street-party-permit/applications", JsonContent.Create(new Dictionary<string, string>
        {
            ["organiserName"] = "Al",
            ["organiserEmail"] = "pas-une-adresse",
            ["postalCode"] = "75018",
            ["guests"] = "2",
            ["permitCode"] = "123",
        }));
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        var byLanguage = problem.RootElement.GetProperty("errorsByLanguage");
        foreach (var (field, code) in new[] { ("organiserName", "tooShort"), ("organiserEmail", "invalidEmail"), ("postalCode", "postalCodeOutsideCommune"), ("guests", "numberOutOfRange"), ("permitCode", "pattern"), ("streetName", "required") })
        {
            foreach (var language in new[] { "fr", "en" })
            {
                Assert.Equal(byLanguage.GetProperty(language).GetProperty(field)[0].GetString(), fields[language][field].GetProperty(code).GetString());
            }
        }

        Assert.Equal(8, definition.RootElement.GetProperty("drafts").GetProperty("lifetimeDays").GetInt32());
    }

    [Fact]
    public async Task DraftAddress_ForgedToken_IsNotFound()
    {
        using var browser = host.Client("text/html");
        using var forged = await browser.GetAsync("/api/procedures/school-enrolment/drafts/AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
    }
}
