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

    private static async Task FillSchoolEnrolmentAsync(ILocator widget, string parentEmail)
    {
        foreach (var (name, value) in ApplicationClient.Fields(parentEmail))
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
    }

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
        Assert.Equal("rgb(31, 78, 121)", await school.Locator("button[type='submit']").EvaluateAsync<string>("element => getComputedStyle(element).backgroundColor"));
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
        await FillSchoolEnrolmentAsync(school, parent);
        await school.Locator("input[name='proofOfAddress']").SetInputFilesAsync(await ProofFileAsync(extraBytes: 3 * 1024 * 1024));
        await school.Locator("button[type='submit']").ClickAsync();

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

        await receipt.GetByRole(AriaRole.Link, new() { Name = "Suivre ma demande" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/api/procedures/school-enrolment/applications/{reference}"), new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("main h1").WaitForAsync();
        Assert.Contains(reference, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, reference);
    }

    [Fact]
    public async Task Widget_SentEmpty_FocusesAnErrorSummaryWithTheServersMessagesAndAnnouncesIt()
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

        // What the server answers to the same empty application, in the same language.
        using var api = host.Client();
        using var empty = new MultipartFormDataContent { { new StringContent("fr"), "lang" } };
        using var response = await api.PostAsync("/api/procedures/school-enrolment/applications", empty);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var server = problem.GetProperty("errors").EnumerateObject().SelectMany(field => field.Value.EnumerateArray().Select(message => message.GetString()!)).ToList();
        Assert.Equal(server, shown);
        Assert.Contains($"Le formulaire contient {server.Count} erreurs. Corrigez-les puis renvoyez-le.", await page.EvaluateAsync<string[]>("() => window.__announced"));
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
        Assert.Equal("childFirstName", await school.EvaluateAsync<string>("element => element.shadowRoot.activeElement?.name"));
        foreach (var (name, value) in fields)
        {
            Assert.Equal(name, await school.EvaluateAsync<string>("element => element.shadowRoot.activeElement?.name"));
            if (name is "schoolYear" or "school")
            {
                // A closed select changes with the arrow keys; the first offered value is fine for this child.
                await keyboard.PressAsync("ArrowDown");
            }
            else
            {
                await keyboard.TypeAsync(value);
            }

            await keyboard.PressAsync("Tab");
        }

        Assert.Equal("proofOfAddress", await school.EvaluateAsync<string>("element => element.shadowRoot.activeElement?.name"));
        var chooser = await page.RunAndWaitForFileChooserAsync(() => keyboard.PressAsync("Space"));
        await chooser.SetFilesAsync(await ProofFileAsync());
        await keyboard.PressAsync("Tab");
        Assert.Equal("submit", await school.EvaluateAsync<string>("element => element.shadowRoot.activeElement?.type"));
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
            foreach (var state in new[] { "form", "errors" })
            {
                if (state == "errors")
                {
                    await school.Locator("button[type='submit']").ClickAsync();
                    await school.Locator(".summary").WaitForAsync();
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
                    // axe saw into the shadow root: the rule on labelled fields had fields to check.
                    Assert.Contains(result.Passes, rule => rule.Id == "label");
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
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__violations"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WidgetHostFixture.Artifacts, "third-party-iframe.png"), FullPage = true });

        using var api = host.Client("text/html");
        using var response = await api.GetAsync("/api/procedures/school-enrolment/embed");
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"frame-ancestors https://www.saint-exemple.example https://widget.partner.example {host.Site.Origin};", policy, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("X-Frame-Options"));
    }
}
