using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Serverless.IntegrationTests;

/// <summary>
/// The widget as a citizen meets it: on a commune's site of another origin, with a hostile stylesheet and a strict
/// CSP, in Debian's headless Chromium. Screenshots and axe figures go to artifacts/widget.
/// </summary>
[Collection(WidgetHostGroup.Name)]
public sealed partial class WidgetBrowserTests(WidgetHostFixture host, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Collects CSP violations from the first moment of every page (an init script runs whatever the CSP).</summary>
    private const string ViolationRecorder =
        "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));";

    /// <summary>Records every text a live region of a widget takes, as a screen reader would hear them in turn.</summary>
    private const string LiveRegionRecorder = """
        element => {
          const region = element.shadowRoot.querySelector('[aria-live]');
          window.__announced = [];
          new MutationObserver(() => window.__announced.push(region.textContent.trim())).observe(region, { childList: true, characterData: true, subtree: true });
          return region.getAttribute('aria-live');
        }
        """;

    private HeadlessChromium chromium = null!;

    public async Task InitializeAsync() => chromium = await HeadlessChromium.LaunchAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

    private async Task<(IBrowserContext Context, IPage Page)> OpenHostPageAsync(int width = 1280, string path = "/")
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "fr-FR", ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        await context.AddInitScriptAsync(ViolationRecorder);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(host.Site.Address, path).ToString());
        return (context, page);
    }

    private static ILocator School(IPage page) => page.Locator("citizen-form[procedure='school-enrolment']");

    private static async Task WaitForFormAsync(ILocator widget) =>
        await widget.Locator("form button[type='submit']").WaitForAsync();

    /// <summary>The catalogue's three steps of school enrolment (the file comes last, on the address step).</summary>
    private static readonly string[][] SchoolSteps =
    [
        ["childFirstName", "childLastName", "childBirthDate", "schoolYear", "school"],
        ["parentName", "parentEmail", "parentPhone"],
        ["addressLine", "postalCode", "city"],
    ];

    private static async Task FillAsync(ILocator widget, string name, string value)
    {
        var field = widget.Locator($"[name='{name}']");
        if (await field.EvaluateAsync<string>("element => element.tagName") == "SELECT")
        {
            await field.SelectOptionAsync(value);
        }
        else
        {
            await field.FillAsync(value);
        }
    }

    /// <summary>Fills step <paramref name="index"/> (the proof on the last) and presses its forward button.</summary>
    private static async Task FillStepAsync(ILocator widget, int index, Dictionary<string, string> fields, string? proof)
    {
        foreach (var name in SchoolSteps[index])
        {
            await FillAsync(widget, name, fields[name]);
        }

        if (index == SchoolSteps.Length - 1 && proof is not null)
        {
            await widget.Locator("input[name='proofOfAddress']").SetInputFilesAsync(proof);
        }

        await widget.Locator("form button[type='submit']").ClickAsync();
    }

    /// <summary>Goes through every step and lands on "check your answers".</summary>
    private static async Task FillSchoolEnrolmentAsync(ILocator widget, string parentEmail, string? proof)
    {
        var fields = ApplicationClient.Fields(parentEmail);
        for (var index = 0; index < SchoolSteps.Length; index++)
        {
            await FillStepAsync(widget, index, fields, proof);
            await widget.Locator(index + 1 < SchoolSteps.Length ? $"#cf-step-{index + 1}" : "#cf-review-title").WaitForAsync();
        }
    }

    private static Task<string> ActiveAsync(ILocator widget, string property) =>
        widget.EvaluateAsync<string>($"element => element.shadowRoot.activeElement?.{property}");

    /// <summary>Follows the receipt's "Suivre ma demande" link and waits for the status page's heading.</summary>
    private static async Task OpenStatusPageAsync(IPage page, ILocator receipt, string reference)
    {
        await receipt.GetByRole(AriaRole.Link, new() { Name = "Suivre ma demande" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/api/procedures/school-enrolment/applications/{reference}"), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.Locator("main h1").WaitForAsync();
    }

    private static ILocator SendButton(ILocator widget) => widget.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" });

    private static async Task<string> ProofFileAsync(int extraBytes = 0)
    {
        var path = Path.Combine(Path.GetTempPath(), $"justificatif-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, [.. ApplicationClient.ProofPdf, .. new byte[extraBytes]]);
        return path;
    }

    [Fact]
    public async Task Widget_OnHostilePageWithStrictCsp_RendersTwoProceduresUntouchedByTheHostStyles()
    {
        var (context, page) = await OpenHostPageAsync();
        await using var _ = context;
        var school = School(page);
        var library = page.Locator("citizen-form[procedure='library-membership']");
        await WaitForFormAsync(school);
        await WaitForFormAsync(library);

        Assert.Equal("Inscription scolaire", await school.Locator("h2").First.TextContentAsync());
        Assert.Equal("Library membership", await library.Locator("h2").First.TextContentAsync());
        // The host's `form { display: none }` and `* { all: unset }` stop at the shadow root; the widget's own styles apply.
        Assert.Equal("block", await school.Locator("form").EvaluateAsync<string>("element => getComputedStyle(element).display"));
        Assert.Equal("block", await school.EvaluateAsync<string>("element => getComputedStyle(element).display"));
        // The commune's colour (catalogue: Saint-Exemple's #1d6b46) through the widget's own constructable stylesheet.
        Assert.Equal("rgb(29, 107, 70)", await school.Locator("button[type='submit']").EvaluateAsync<string>("element => getComputedStyle(element).backgroundColor"));
        Assert.Equal("16px", await school.Locator("input[name='childFirstName']").EvaluateAsync<string>("element => getComputedStyle(element).fontSize"));
        // …and the widget's styles do not leak out: the host's own heading keeps the host's (unset) look.
        Assert.NotEqual("22.4px", await page.Locator("#host-heading").EvaluateAsync<string>("element => getComputedStyle(element).fontSize"));
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__violations"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WidgetHostFixture.Artifacts, "third-party-desktop.png"), FullPage = true });

        await page.SetViewportSizeAsync(320, 800);
        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= 320"), "The page scrolls sideways at 320 px.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WidgetHostFixture.Artifacts, "third-party-320.png"), FullPage = true });
    }

    [Fact]
    public async Task Widget_FilledWithAnAttachment_AnnouncesUploadProgressShowsTheReceiptAndOpensTheStatusPage()
    {
        var (context, page) = await OpenHostPageAsync();
        await using var _ = context;
        var school = School(page);
        await WaitForFormAsync(school);
        Assert.Equal("polite", await school.EvaluateAsync<string>(LiveRegionRecorder));

        var parent = ApplicationClient.NewCitizenEmail();
        await FillSchoolEnrolmentAsync(school, parent, await ProofFileAsync(extraBytes: 3 * 1024 * 1024));
        await SendButton(school).ClickAsync();

        var receipt = school.Locator(".receipt");
        await receipt.WaitForAsync();
        var reference = await receipt.Locator("[data-reference]").TextContentAsync() ?? string.Empty;
        Assert.Matches("^ECO-[0-9]{4}-[2-9A-Z]{6}$", reference);
        Assert.Contains("Votre demande a bien été reçue", await receipt.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("receipt-title", (await school.EvaluateAsync<string>("element => element.shadowRoot.activeElement?.id"))?.Replace("cf-", string.Empty, StringComparison.Ordinal));
        var announced = await page.EvaluateAsync<string[]>("() => window.__announced");
        Assert.Contains("Envoi de la demande…", announced);
        Assert.Contains("Envoi terminé, la demande est en cours d'enregistrement.", announced);
        Assert.Contains(announced, text => text.Contains(reference, StringComparison.Ordinal));
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__violations"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WidgetHostFixture.Artifacts, "third-party-receipt.png"), FullPage = true });

        await OpenStatusPageAsync(page, receipt, reference);
        Assert.Contains(reference, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, reference);
    }

    [Fact]
    public async Task Widget_GoingThroughTheSteps_ChecksTheAnswersChangesOneThroughModifierAndFilesTheChangedAnswer()
    {
        var (context, page) = await OpenHostPageAsync();
        await using var _ = context;
        var school = School(page);
        await WaitForFormAsync(school);
        var fields = ApplicationClient.Fields(ApplicationClient.NewCitizenEmail());
        Assert.Equal("Étape 1 sur 3 : L'enfant", await school.Locator("#cf-step-0").TextContentAsync());
        Assert.Equal("polite", await school.EvaluateAsync<string>(LiveRegionRecorder));
        Assert.Equal("assertive", await school.Locator("[role='alert']").GetAttributeAsync("aria-live"));

        await FillStepAsync(school, 0, fields, proof: null);
        var second = school.Locator("#cf-step-1");
        await second.WaitForAsync();
        // The draft is saved on the step change, and the live region says when (the person's own clock).
        await page.WaitForFunctionAsync("() => window.__announced.some(text => /^Brouillon enregistré à [0-9]{1,2} h [0-9]{2}$/.test(text))");
        Assert.Equal("Étape 2 sur 3 : Le responsable légal", await second.TextContentAsync());
        Assert.Equal("cf-step-1", await ActiveAsync(school, "id"));
        Assert.True(await school.Locator("input[name='childFirstName']").IsHiddenAsync());
        await ScreenshotsAsync(page, "widget-step-2");

        // Back and forth keeps what was typed.
        await school.GetByRole(AriaRole.Button, new() { Name = "Précédent" }).ClickAsync();
        await school.Locator("#cf-step-0:focus").WaitForAsync();
        Assert.Equal(fields["childFirstName"], await school.Locator("input[name='childFirstName']").InputValueAsync());
        await school.GetByRole(AriaRole.Button, new() { Name = "Suivant" }).ClickAsync();
        await second.WaitForAsync();

        var proof = await ProofFileAsync();
        await FillStepAsync(school, 1, fields, proof: null);
        await school.Locator("#cf-step-2").WaitForAsync();
        await FillStepAsync(school, 2, fields, proof);
        var review = school.Locator(".review");
        await review.WaitForAsync();
        Assert.Equal("cf-review-title", await ActiveAsync(school, "id"));
        Assert.Equal("Vérifier vos réponses", await school.Locator("#cf-review-title").TextContentAsync());
        Assert.Equal(12, await review.Locator("[data-answer]").CountAsync());
        Assert.Equal(12, await review.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Modifier") }).CountAsync());
        Assert.Contains("École élémentaire Jules-Ferry", await review.Locator("[data-answer='school'] dd").First.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(Path.GetFileName(proof), await review.Locator("[data-answer='proofOfAddress'] dd").First.TextContentAsync());
        await ScreenshotsAsync(page, "widget-check-answers");

        // « Modifier » leads to the answer's step with the field focused, and straight back to the review.
        await review.GetByRole(AriaRole.Button, new() { Name = "Modifier : Nom et prénom du responsable légal" }).ClickAsync();
        await second.WaitForAsync();
        Assert.Equal("parentName", await ActiveAsync(school, "name"));
        await school.Locator("input[name='parentName']").FillAsync("Claire Dupont-Martin");
        await school.GetByRole(AriaRole.Button, new() { Name = "Vérifier mes réponses" }).ClickAsync();
        await review.WaitForAsync();
        Assert.Equal("Claire Dupont-Martin", await review.Locator("[data-answer='parentName'] dd").First.TextContentAsync());

        await SendButton(school).ClickAsync();
        var receipt = school.Locator(".receipt");
        await receipt.WaitForAsync();
        var reference = await receipt.Locator("[data-reference]").TextContentAsync() ?? string.Empty;
        Assert.Matches("^ECO-[0-9]{4}-[2-9A-Z]{6}$", reference);
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__violations"));

        // What was filed is the changed answer: the status page lists what was submitted.
        await OpenStatusPageAsync(page, receipt, reference);
        Assert.Contains("Claire Dupont-Martin", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Widget_SaveAndContinueLater_EmailsAResumeLinkThatAFreshBrowserFinishesAndSends()
    {
        var parent = ApplicationClient.NewCitizenEmail();
        var fields = ApplicationClient.Fields(parent);
        var (context, page) = await OpenHostPageAsync();
        await using (context)
        {
            var school = School(page);
            await WaitForFormAsync(school);
            await school.EvaluateAsync<string>(LiveRegionRecorder);
            await FillStepAsync(school, 0, fields, proof: null);
            await school.Locator("#cf-step-1").WaitForAsync();
            await FillAsync(school, "parentName", fields["parentName"]);

            await school.GetByRole(AriaRole.Button, new() { Name = "Enregistrer et reprendre plus tard" }).ClickAsync();
            var email = school.Locator("input[name='laterEmail']");
            Assert.Equal("laterEmail", await ActiveAsync(school, "name"));
            Assert.Contains("Les pièces jointes ne sont pas conservées dans le brouillon", await school.Locator(".later-panel").InnerTextAsync(), StringComparison.Ordinal);
            await ScreenshotsAsync(page, "widget-save-later");

            // A wrong address gets the server's message beside the field, announced at once.
            await email.FillAsync("pas-une-adresse");
            await school.GetByRole(AriaRole.Button, new() { Name = "Envoyer le lien" }).ClickAsync();
            await school.Locator("#cf-later-email-error").WaitForAsync();
            Assert.Equal("true", await email.GetAttributeAsync("aria-invalid"));
            // The alert region may be filled a moment after the field's message appears: wait for it, do not sample it.
            await school.Locator("[role='alert']").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex(@"\S") }).WaitForAsync();

            await email.FillAsync(parent);
            await school.GetByRole(AriaRole.Button, new() { Name = "Envoyer le lien" }).ClickAsync();
            var sent = school.Locator(".sent");
            await sent.WaitForAsync();
            var confirmation = await sent.TextContentAsync() ?? string.Empty;
            Assert.Contains($"a été envoyé à {parent}", confirmation, StringComparison.Ordinal);
            Assert.Matches("Votre brouillon est conservé jusqu'au [0-9]{1,2} [a-zéû]+ [0-9]{4}", confirmation);
            await page.WaitForFunctionAsync("text => window.__announced.includes(text)", confirmation);
            // The draft's key is in the element's memory: nothing in the host page's cookies or storage.
            Assert.Empty(await context.CookiesAsync());
            Assert.Equal(0, await page.EvaluateAsync<int>("() => sessionStorage.length + localStorage.length"));
            Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__violations"));
        }

        var mail = await host.Mailbox.WaitForAsync(parent, "Brouillon enregistré");
        Assert.Contains("Ce brouillon sera supprimé le", mail.Text, StringComparison.Ordinal);

        // Another browser: nothing shared with the first but the link; the resume page is the no-JS draft page.
        await using var fresh = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "fr-FR" });
        var resumed = await fresh.NewPageAsync();
        await resumed.GotoAsync(mail.Link("Reprendre ma demande"));
        var main = await resumed.Locator("main").InnerTextAsync();
        Assert.Contains("Étape 2 sur 3", main, StringComparison.Ordinal);
        Assert.Equal(fields["parentName"], await resumed.Locator("[name='parentName']").InputValueAsync());
        await MultiStepForm.FillStepsAsync(resumed, fields, await ProofFileAsync());
        Assert.Contains("Martin-Lœvenbrück", await resumed.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await resumed.Locator("button[value='submit']").ClickAsync();
        await resumed.WaitForURLAsync("**/applications/ECO-*");
        Assert.Contains("Votre demande a bien été reçue", await resumed.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Widget_PrefilledFromTheAddressAndAnAttribute_FillsDeclaredFieldsOnlyAndShowsTheirProblemsWithoutTakingFocus()
    {
        var (context, page) = await OpenHostPageAsync(path: "/?childFirstName=L%C3%A9a&childBirthDate=31%2F02%2F2020&admin=1");
        await using var _ = context;
        var school = School(page).First;
        await WaitForFormAsync(school);
        Assert.Equal("Léa", await school.Locator("input[name='childFirstName']").InputValueAsync());
        Assert.Equal("31/02/2020", await school.Locator("input[name='childBirthDate']").InputValueAsync());
        // Checked like a typed value: the server's message beside the field and in the summary; focus stays on the host page.
        Assert.Equal("true", await school.Locator("input[name='childBirthDate']").GetAttributeAsync("aria-invalid"));
        var listed = await school.Locator(".summary li").AllInnerTextsAsync();
        Assert.Contains(listed, item => item.Contains("Date de naissance de l'enfant", StringComparison.Ordinal));
        Assert.DoesNotContain(listed, item => item.Contains("Nom de l'enfant", StringComparison.Ordinal));
        Assert.Null(await school.EvaluateAsync<string?>("element => element.shadowRoot.activeElement?.id ?? null"));
        Assert.Equal(0, await school.Locator("[name='admin']").CountAsync());

        // A commune's page that knows the person sets prefill-{field} attributes (HTML lower-cases their names).
        await page.EvaluateAsync(
            "() => { const element = document.createElement('citizen-form'); element.setAttribute('procedure', 'school-enrolment'); " +
            "element.setAttribute('prefill-parentEmail', 'claire.martin@example.org'); element.setAttribute('prefill-childFirstName', 'Noé'); " +
            "element.id = 'prefilled'; document.body.append(element); }");
        var prefilled = page.Locator("citizen-form#prefilled");
        await WaitForFormAsync(prefilled);
        Assert.Equal("Noé", await prefilled.Locator("input[name='childFirstName']").InputValueAsync());
        Assert.Equal("claire.martin@example.org", await prefilled.Locator("input[name='parentEmail']").InputValueAsync());
    }

    /// <summary>The page as it is at 1280 px, then at 320 px (without sideways scrolling), then back.</summary>
    private static async Task ScreenshotsAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WidgetHostFixture.Artifacts, $"{name}-1280.png"), FullPage = true });
        await page.SetViewportSizeAsync(320, 800);
        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= 320"), $"{name} scrolls sideways at 320 px.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WidgetHostFixture.Artifacts, $"{name}-320.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 900);
    }

    [Fact]
    public async Task Widget_FirstStepSentEmpty_FocusesAnErrorSummaryWithTheServersMessagesForThatStepAndAnnouncesIt()
    {
        var (context, page) = await OpenHostPageAsync();
        await using var _ = context;
        var school = School(page);
        await WaitForFormAsync(school);
        await school.EvaluateAsync<string>(LiveRegionRecorder);

        await school.Locator("button[type='submit']").ClickAsync();

        var summary = school.Locator(".summary");
        await summary.WaitForAsync();
        Assert.Equal("summary", await school.EvaluateAsync<string>("element => element.shadowRoot.activeElement?.className"));
        var shown = (await summary.Locator("li").AllInnerTextsAsync()).ToList();

        // What the server answers to the same empty application, in the same language, for the first step's fields.
        using var api = host.Client();
        using var empty = new MultipartFormDataContent { { new StringContent("fr"), "lang" } };
        using var response = await api.PostAsync("/api/procedures/school-enrolment/applications", empty);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var server = problem.GetProperty("errors").EnumerateObject().Where(field => SchoolSteps[0].Contains(field.Name))
            .SelectMany(field => field.Value.EnumerateArray().Select(message => message.GetString()!)).ToList();
        Assert.NotEmpty(server);
        Assert.Equal(server, shown);
        Assert.Contains($"Cette étape contient {server.Count} erreurs. Corrigez-les pour continuer.", await page.EvaluateAsync<string[]>("() => window.__announced"));
        // The step stays where it was: nothing of the next one is shown.
        Assert.True(await school.Locator("#cf-step-1").IsHiddenAsync());
        Assert.Equal("true", await school.Locator("input[name='childFirstName']").GetAttributeAsync("aria-invalid"));
        Assert.Contains("cf-childFirstName-error", await school.Locator("input[name='childFirstName']").GetAttributeAsync("aria-describedby") ?? string.Empty, StringComparison.Ordinal);

        await summary.GetByRole(AriaRole.Link, new() { Name = server[0] }).ClickAsync();
        Assert.Equal("childFirstName", await school.EvaluateAsync<string>("element => element.shadowRoot.activeElement?.name"));
    }

    [Fact]
    public async Task Widget_KeyboardOnly_CompletesTheApplicationAndLandsOnTheReceipt()
    {
        var (context, page) = await OpenHostPageAsync();
        await using var _ = context;
        var school = School(page);
        await WaitForFormAsync(school);
        var parent = ApplicationClient.NewCitizenEmail();
        var fields = ApplicationClient.Fields(parent);
        var keyboard = page.Keyboard;

        await keyboard.PressAsync("Tab");
        for (var index = 0; index < SchoolSteps.Length; index++)
        {
            foreach (var name in SchoolSteps[index])
            {
                Assert.Equal(name, await ActiveAsync(school, "name"));
                if (name is "schoolYear" or "school")
                {
                    // A closed select changes with the arrow keys; the first offered value is fine for this child.
                    await keyboard.PressAsync("ArrowDown");
                }
                else
                {
                    await keyboard.TypeAsync(fields[name]);
                }

                await keyboard.PressAsync("Tab");
            }

            if (index == SchoolSteps.Length - 1)
            {
                Assert.Equal("proofOfAddress", await ActiveAsync(school, "name"));
                var chooser = await KeyboardFileChooser.OpenWithSpaceAsync(page);
                await chooser.SetFilesAsync(await ProofFileAsync());
                await keyboard.PressAsync("Tab");
            }

            // The step's forward button comes right after its last field; pressing it moves focus to what follows.
            Assert.Equal(index + 1 < SchoolSteps.Length ? "Suivant" : "Vérifier mes réponses", await ActiveAsync(school, "textContent"));
            await keyboard.PressAsync("Enter");
            await school.Locator(index + 1 < SchoolSteps.Length ? $"#cf-step-{index + 1}:focus" : "#cf-review-title:focus").WaitForAsync();
            await keyboard.PressAsync("Tab");
        }

        // Check your answers: one « Modifier » per answer, then the send button.
        for (var presses = 0; presses < 40 && await ActiveAsync(school, "textContent") != "Envoyer ma demande"; presses++)
        {
            await keyboard.PressAsync("Tab");
        }

        Assert.Equal("Envoyer ma demande", await ActiveAsync(school, "textContent"));
        await keyboard.PressAsync("Enter");

        await school.Locator(".receipt").WaitForAsync();
        Assert.Equal("cf-receipt-title", await school.EvaluateAsync<string>("element => element.shadowRoot.activeElement?.id"));
        await keyboard.PressAsync("Tab");
        Assert.Equal("Suivre ma demande", await school.EvaluateAsync<string>("element => element.shadowRoot.activeElement?.textContent"));
    }

    [Fact]
    public async Task Widget_AxeAtDesktopAnd320Pixels_FindsNoSeriousOrCriticalViolation()
    {
        var figures = new List<string>();
        foreach (var width in new[] { 1280, 320 })
        {
            var (context, page) = await OpenHostPageAsync(width);
            await using var _ = context;
            var school = School(page);
            await WaitForFormAsync(school);
            await WaitForFormAsync(page.Locator("citizen-form[procedure='library-membership']"));
            var fields = ApplicationClient.Fields(ApplicationClient.NewCitizenEmail());
            foreach (var state in new[] { "form", "errors", "step-2", "check-answers", "save-later" })
            {
                switch (state)
                {
                    case "errors":
                        await school.Locator("button[type='submit']").ClickAsync();
                        await school.Locator(".summary").WaitForAsync();
                        break;
                    case "step-2":
                        await FillStepAsync(school, 0, fields, proof: null);
                        await school.Locator("#cf-step-1").WaitForAsync();
                        break;
                    case "check-answers":
                        await FillStepAsync(school, 1, fields, proof: null);
                        await school.Locator("#cf-step-2").WaitForAsync();
                        await FillStepAsync(school, 2, fields, await ProofFileAsync());
                        await school.Locator("#cf-review-title").WaitForAsync();
                        break;
                    case "save-later":
                        await school.GetByRole(AriaRole.Button, new() { Name = "Enregistrer et reprendre plus tard" }).ClickAsync();
                        await school.Locator(".later-panel").WaitForAsync();
                        break;
                }

                foreach (var procedure in new[] { "school-enrolment", "library-membership" })
                {
                    var result = await page.Locator($"citizen-form[procedure='{procedure}']").RunAxe(new AxeRunOptions
                    {
                        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
                    });
                    var serious = result.Violations.Where(violation => violation.Impact is "serious" or "critical").ToList();
                    var line = string.Create(CultureInfo.InvariantCulture,
                        $"{procedure} {state} {width}px: {result.Passes.Length} rules passed, {result.Violations.Length} violated ({serious.Count} serious or critical), {result.Incomplete.Length} to review; violated: [{string.Join(", ", result.Violations.Select(violation => $"{violation.Id} ({violation.Impact})"))}], to review: [{string.Join(", ", result.Incomplete.Select(rule => rule.Id))}]");
                    figures.Add(line);
                    output.WriteLine(line);
                    // axe saw into the shadow root: the rule on labelled fields had fields to check (the review has none).
                    if (state != "check-answers" || procedure != "school-enrolment")
                    {
                        Assert.Contains(result.Passes, rule => rule.Id == "label");
                    }
                    Assert.True(serious.Count == 0, line + "\n" + string.Join("\n", serious.SelectMany(violation => violation.Nodes.Select(node => $"{violation.Id}: {node.Html}"))));
                }
            }
        }

        await File.WriteAllLinesAsync(Path.Combine(WidgetHostFixture.Artifacts, "axe.txt"), figures);
    }

    [Fact]
    public async Task NoScriptForm_PostedFromAnotherOrigin_StillLeadsToTheReceiptPage()
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(host.Site.Address, "/sans-javascript").ToString());
        foreach (var (name, value) in ApplicationClient.Fields(ApplicationClient.NewCitizenEmail()))
        {
            await page.Locator($"[name='{name}']").FillAsync(value);
        }

        await page.Locator("[name='proofOfAddress']").SetInputFilesAsync(await ProofFileAsync());
        await page.Locator("button[type='submit']").ClickAsync();
        await page.WaitForURLAsync("**/applications/ECO-*");

        Assert.StartsWith(host.BaseAddress.ToString(), page.Url, StringComparison.Ordinal);
        Assert.Contains("Votre demande a bien été reçue", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FramedForm_OnTheCommunesSite_IsTitledAndResizesItselfThroughTheSnippet()
    {
        var (context, page) = await OpenHostPageAsync(path: "/cadre");
        await using var _ = context;
        var frame = page.Locator("iframe[data-citizen-form-frame]");
        Assert.False(string.IsNullOrWhiteSpace(await frame.GetAttributeAsync("title")));

        await page.WaitForFunctionAsync("() => Number(document.querySelector('iframe').getAttribute('height')) > 300");
        var height = int.Parse(await frame.GetAttributeAsync("height") ?? "0", CultureInfo.InvariantCulture);
        var content = await page.FrameLocator("iframe").Locator("html").EvaluateAsync<int>("element => element.scrollHeight");
        Assert.InRange(height, content - 1, content + 1);
        Assert.Equal("Inscription scolaire", await page.FrameLocator("iframe").Locator("h1").TextContentAsync());
        // The full form page's theme: the commune's colour, allowed by the frame's own CSP.
        Assert.Equal("#1d6b46", await page.FrameLocator("iframe").Locator("html").EvaluateAsync<string>("element => getComputedStyle(element).getPropertyValue('--brand').trim()"));
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__violations"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WidgetHostFixture.Artifacts, "third-party-iframe.png"), FullPage = true });

        using var api = host.Client("text/html");
        using var response = await api.GetAsync("/api/procedures/school-enrolment/embed");
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"frame-ancestors https://www.saint-exemple.example https://widget.partner.example {host.Site.Origin};", policy, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("X-Frame-Options"));
    }
}
