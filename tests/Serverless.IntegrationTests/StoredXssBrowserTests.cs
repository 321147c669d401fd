using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Serverless.IntegrationTests;

/// <summary>
/// Stored XSS: what a citizen typed is shown in the status page, the agent's review page and the e-mails. In headless
/// Chromium with JavaScript on, no payload runs (no dialog, no marker set on the page) and each is shown literally.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class StoredXssBrowserTests(LocalHostFixture host) : IAsyncLifetime
{

    /// <summary>Field → payload; each sets window.__xss (or opens a dialog) if it ever runs.</summary>
    private static readonly Dictionary<string, string> Payloads = new()
    {
        ["childFirstName"] = "<script>window.__xss=1</script>",
        ["childLastName"] = "\"><img src=x onerror=\"window.__xss=2\">",
        ["parentName"] = "<svg onload=alert(3)>",
        ["addressLine"] = "javascript:window.__xss=4 <a href=\"javascript:alert(4)\">x</a>",
        ["city"] = "{{7*7}} ${7*7} <%= 7*7 %>",
    };

    private HeadlessChromium chromium = null!;

    private IBrowser browser => chromium.Browser;

    public async Task InitializeAsync() => chromium = await HeadlessChromium.LaunchAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

    [Fact]
    public async Task StoredValues_WithScriptPayloads_NeverRunAndAreShownLiterally()
    {
        var parent = ApplicationClient.NewCitizenEmail();
        var fields = ApplicationClient.Fields(parent);
        foreach (var (name, payload) in Payloads)
        {
            fields[name] = payload;
        }

        using var api = host.Client();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(fields));
        var reviewMail = await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference);
        var citizenMail = await host.Mailbox.WaitForAsync(parent, receipt.Reference);

        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = true });
        var dialogs = new List<string>();
        context.Page += (_, page) => page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };

        var shown = new Dictionary<string, string>
        {
            ["status page"] = await PageTextAsync(context, receipt.StatusUrl),
            ["review page"] = await PageTextAsync(context, reviewMail.Link("Accepter la demande")),
            ["review e-mail"] = await MailTextAsync(context, reviewMail.Html),
            ["citizen e-mail"] = await MailTextAsync(context, citizenMail.Html),
        };

        Assert.Empty(dialogs);
        // The agent sees the whole application: every value, literally.
        foreach (var (where, text) in shown.Where(pair => pair.Key.StartsWith("review", StringComparison.Ordinal)))
        {
            foreach (var payload in Payloads.Values)
            {
                Assert.True(text.Contains(payload, StringComparison.Ordinal), $"The {where} does not show {payload} literally.");
            }
        }
    }

    private static async Task<string> PageTextAsync(IBrowserContext context, string url)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        return await CheckedTextAsync(page);
    }

    private static async Task<string> MailTextAsync(IBrowserContext context, string html)
    {
        // E-mails are opened without the app's Content-Security-Policy: only their encoding protects the reader.
        var page = await context.NewPageAsync();
        await page.SetContentAsync(html);
        return await CheckedTextAsync(page);
    }

    private static async Task<string> CheckedTextAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__xss"));
        Assert.Equal(0, await page.Locator("body script, body img[src='x'], body svg").CountAsync());
        return await page.Locator("body").InnerTextAsync();
    }
}
