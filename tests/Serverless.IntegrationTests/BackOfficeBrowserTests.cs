using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Playwright;

namespace Serverless.IntegrationTests;

/// <summary>
/// The back office as an agent uses it, in Debian's headless Chromium: sign-in link from maildev, the "À traiter"
/// tab, an application approved by a click (the citizen gets the certificate), a bulk approval of 20, the export read
/// back with the Open XML SDK; axe-core on every page at desktop width and 320 px; the list reached by keyboard.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class BackOfficeBrowserTests(LocalHostFixture host) : IAsyncLifetime
{
    private HeadlessChromium chromium = null!;

    public async Task InitializeAsync() => chromium = await HeadlessChromium.LaunchAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

    [Fact]
    public async Task Agent_SignsInFromMaildevFiltersApprovesByClick_CitizenGetsTheCertificateAndTheOtherCommuneGets404()
    {
        using var api = host.Client();
        var parent = ApplicationClient.NewCitizenEmail();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(parent, "Anaïs")));
        await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference);

        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        var link = await SignInAsync(page, BackOfficeEndToEndTests.Agent);
        await page.GotoAsync(link);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "sign-in link page");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**/api/agent");
        Assert.Equal("À traiter", await page.Locator("h1").TextContentAsync());

        // Filter the "À traiter" tab, typing the applicant's name without its accents.
        await page.Locator("#q").FillAsync("anais martin-loevenbruck");
        await page.Locator("#procedure").SelectOptionAsync("school-enrolment");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await page.WaitForURLAsync("**q=anais*");
        Assert.Contains(receipt.Reference, await page.Locator("table").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "list");
        Assert.Contains("République française", await page.Locator("header").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Commune de Saint-Exemple", await page.Locator("header").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Accessibility.Artifact("list.png"), FullPage = true });

        // Keyboard only: Tab to the application's link, Enter.
        await TabToAsync(page, receipt.Reference);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/applications/{receipt.Reference}");
        Assert.Contains("Martin-Lœvenbrück", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "application page");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Accessibility.Artifact("application.png"), FullPage = true });

        await page.GotoAsync(page.Url + "?lang=en");
        Assert.Contains("Submitted information", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await page.GotoAsync(page.Url.Replace("?lang=en", string.Empty, StringComparison.Ordinal));
        await page.Locator("#comment").FillAsync("Dossier complet, bienvenue à l'école.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accepter la demande" }).ClickAsync();
        Assert.Equal("Décision enregistrée", await page.Locator("h1").TextContentAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(page, "decision recorded page");

        var certificate = await host.Mailbox.WaitForAsync(parent, "Demande acceptée");
        Assert.Contains(certificate.Attachments ?? [], attachment => attachment.ContentType == "application/pdf");

        using var other = await AgentClient.SignInAsync(host, BackOfficeEndToEndTests.OtherCommuneAgent);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/agent/applications/{receipt.Reference}")).Status);
    }

    [Fact]
    public async Task BulkApproval_TwentySelected_YieldsTwentyCertificatesAndRunningItAgainChangesNothing_AndTheExportMatchesTheList()
    {
        using var api = host.Client();
        var name = "Lot" + Guid.NewGuid().ToString("N")[..8];
        var parents = Enumerable.Range(0, 20).Select(_ => ApplicationClient.NewCitizenEmail()).ToList();
        var receipts = new List<Receipt>();
        foreach (var parent in parents)
        {
            receipts.Add(await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(parent, name))));
        }

        foreach (var receipt in receipts)
        {
            await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference);
        }

        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(await SignInAsync(page, BackOfficeEndToEndTests.Agent));
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**/api/agent");
        await page.GotoAsync(new Uri(host.BaseAddress, $"/api/agent?tab=todo&q={name}").ToString());
        await WaitForRowsAsync(page, 20, name);
        foreach (var box in await page.Locator("input[name='ref']").AllAsync())
        {
            await box.CheckAsync();
        }

        await page.Locator("#bulk-comment").FillAsync("Dossiers complets.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accepter la sélection" }).ClickAsync();
        Assert.Contains("20 décision(s) enregistrée(s)", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        // The same bulk action again (a double click, a replayed form): every decision row exists, nothing changes.
        var cookies = await context.CookiesAsync();
        using var agentHttp = new HttpClient { BaseAddress = host.BaseAddress };
        agentHttp.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies.Select(cookie => $"{cookie.Name}={cookie.Value}")));
        var token = System.Text.RegularExpressions.Regex.Match(await agentHttp.GetStringAsync("/api/agent"), "name=\"_csrf\" value=\"([^\"]+)\"").Groups[1].Value;
        using var again = await agentHttp.PostAsync("/api/agent/bulk", new FormUrlEncodedContent(
            receipts.Select(receipt => new KeyValuePair<string, string>("ref", receipt.Reference))
                .Append(new("action", "approve")).Append(new("comment", "Dossiers complets.")).Append(new("_csrf", WebUtility.HtmlDecode(token)))));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("0 décision(s) enregistrée(s)", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        foreach (var parent in parents)
        {
            await host.Mailbox.WaitForAsync(parent, "Demande acceptée");
        }

        foreach (var receipt in receipts)
        {
            await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.Status == "Approved" && status.Certificate is not null);
            var history = (await ApplicationClient.StatusAsync(api, receipt)).History;
            Assert.Single(history, item => item.Action == "Approved");
        }

        // The export of the filtered list: the same rows, in the same order, as the list shows.
        var listUrl = $"/api/agent?tab=all&q={name}&sort=reference";
        await page.GotoAsync(new Uri(host.BaseAddress, listUrl).ToString());
        await WaitForRowsAsync(page, 20, name, status: "Acceptée");
        var shown = await page.Locator("tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.Equal(receipts.Select(receipt => receipt.Reference).Order(StringComparer.Ordinal), shown);

        var download = agentHttp;
        var xlsx = await download.GetByteArrayAsync($"/api/agent/export?format=xlsx&tab=all&q={name}&sort=reference");
        using (var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false))
        {
            var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
            var rows = sheet.Descendants<Row>().Select(row => row.Descendants<Cell>().Select(cell => cell.InnerText).ToList()).ToList();
            Assert.Equal("Référence", rows[0][0]);
            Assert.Equal(shown, rows.Skip(1).Select(row => row[0]));
            Assert.All(rows.Skip(1), row => Assert.Equal("Acceptée", row[3]));
        }

        var csv = await download.GetByteArrayAsync($"/api/agent/export?format=csv&tab=all&q={name}&sort=reference");
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Référence;Démarche;Demandeur;Statut;Déposée le;Échéance", lines[0], StringComparison.Ordinal);
        Assert.Equal(shown, lines.Skip(1).Select(line => line.Split(';')[0]));
        Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", lines[1].Split(';')[4]);
    }

    /// <summary>Asks for a link on the sign-in page (checked with axe) and returns the one maildev received.</summary>
    private async Task<string> SignInAsync(IPage page, string email)
    {
        var known = (await host.Mailbox.ToAsync(email, AgentClient.SignInSubject)).Select(mail => mail.Id).ToHashSet();
        await page.GotoAsync(new Uri(host.BaseAddress, "/api/agent").ToString());
        await Accessibility.AssertNoSeriousViolationsAsync(page, "sign-in page");
        await page.Locator("#email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir un lien de connexion" }).ClickAsync();
        Assert.Contains("un lien de connexion vient de lui être envoyé", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var fresh = (await host.Mailbox.ToAsync(email, AgentClient.SignInSubject)).FirstOrDefault(mail => !known.Contains(mail.Id));
            if (fresh is not null)
            {
                return fresh.Link(AgentClient.SignInButton);
            }

            Assert.True(DateTime.UtcNow < deadline, "No sign-in link arrived.");
            await Task.Delay(200);
        }
    }

    private static async Task TabToAsync(IPage page, string text)
    {
        for (var presses = 0; presses < 80; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string>("() => document.activeElement ? document.activeElement.textContent : ''") == text)
            {
                return;
            }
        }

        Assert.Fail($"'{text}' could not be reached with the Tab key.");
    }

    /// <summary>The index follows the workflow's status writes: reload until the list shows every row.</summary>
    private static async Task WaitForRowsAsync(IPage page, int count, string name, string status = "En cours d'instruction")
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var rows = await page.Locator("tbody tr").AllInnerTextsAsync();
            if (rows.Count(row => row.Contains(name, StringComparison.Ordinal) && row.Contains(status, StringComparison.Ordinal)) >= count)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The list shows {rows.Count} rows, not {count}.");
            await Task.Delay(300);
            await page.ReloadAsync();
        }
    }
}
