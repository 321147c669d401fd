using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Serverless.IntegrationTests;

/// <summary>
/// The public statistics page in headless Chromium: charts and tables once the nightly run has published, and
/// axe-core (from npm, injected into the page) finds no serious or critical violation at desktop width and at 320 px,
/// in French and in English, and the page does not scroll sideways at 320 px.
/// </summary>
public sealed class OpenDataPageBrowserTests(OpenDataFixture host) : IClassFixture<OpenDataFixture>, IAsyncLifetime
{
    private HeadlessChromium chromium = null!;

    public async Task InitializeAsync() => chromium = await HeadlessChromium.LaunchAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

    private static string AxeScript()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Serverless.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar))!;
        }

        var path = Path.Combine(root, "node_modules", "axe-core", "axe.min.js");
        Assert.True(File.Exists(path), "axe-core is missing: npm ci (package.json) installs it.");
        return File.ReadAllText(path);
    }

    /// <summary>The "submitted" column of the volumes table, summed over its months; a secret cell counts as none.</summary>
    private static async Task<int> SubmittedAsync(IPage page)
    {
        var cells = await page.Locator("#volumes-caption").Locator("xpath=ancestor::table").Locator("tbody tr td:nth-of-type(1)").AllInnerTextsAsync();
        return cells.Sum(cell => int.TryParse(cell.Trim(), out var count) ? count : 0);
    }

    [Fact]
    public async Task OpenDataPage_AfterPublication_HasChartsWithTextAlternativesAndNoSeriousAxeViolation()
    {
        using var api = host.Client();
        for (var i = 0; i < 3; i++)
        {
            await ApplicationClient.SubmitAsync(api, JsonContent.Create(new { businessName = $"Café {i}", contactEmail = ApplicationClient.NewCitizenEmail(), tables = "4" }), $"/api/procedures/{host.PageProcedure}/applications");
        }

        var axe = AxeScript();
        foreach (var (language, width, height) in new[] { ("fr", 1280, 800), ("fr", 320, 640), ("en", 1280, 800), ("en", 320, 640) })
        {
            // The page's CSP allows no script: bypassed in this context only, to inject axe-core.
            await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, ViewportSize = new ViewportSize { Width = width, Height = height } });
            var page = await context.NewPageAsync();
            var url = new Uri(host.BaseAddress, $"/api/open-data/{host.PageCommuneId}?lang={language}").ToString();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            await page.GotoAsync(url);
            // Each submission's fact is written at its first status change, after the 202, and the nightly run
            // publishes every 2 s: a publication can hold only some of the three. Wait until one holds them all.
            while (await page.Locator("figure svg[role='img']").CountAsync() < 2 || await SubmittedAsync(page) != 3)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the page never showed the 3 submissions published (last seen: {await SubmittedAsync(page)})");
                await Task.Delay(500);
                await page.GotoAsync(url);
            }

            Assert.Equal(language, await page.Locator("html").GetAttributeAsync("lang"));
            Assert.Equal(2, await page.Locator("table caption").CountAsync());
            foreach (var chart in await page.Locator("figure svg").AllAsync())
            {
                Assert.False(string.IsNullOrWhiteSpace(await chart.Locator("title").TextContentAsync()));
                Assert.False(string.IsNullOrWhiteSpace(await chart.Locator("desc").TextContentAsync()));
            }

            // Reflow (WCAG 1.4.10): the page itself never scrolls sideways; only the tables' own regions may.
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{language} at {width}px scrolls horizontally");
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = axe });
            var result = await page.EvaluateAsync<JsonElement>("async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }))");
            var serious = result.EnumerateArray().Where(violation => violation.GetProperty("impact").GetString() is "serious" or "critical").Select(violation => violation.ToString()).ToList();
            Assert.True(serious.Count == 0, $"{language} at {width}px: {string.Join("; ", serious)}");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, $"open-data-{language}-{width}.png"), FullPage = true });
        }
    }
}
