using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Serverless.IntegrationTests.CitizenAccounts;

/// <summary>
/// A citizen signs in with FranceConnect in Debian's headless Chromium, through the local provider (oidc-provider) and
/// its sandbox identities: the library-membership form comes back with the identity filled in and locked, the
/// application is filed, the agent sees "identité vérifiée FranceConnect", the citizen signs out of the app and of
/// FranceConnect. axe-core on every new page at 1280 and 320 px; screenshots under artifacts/franceconnect.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed partial class FranceConnectBrowserTests(LocalHostFixture host) : IAsyncLifetime
{
    private const string LibraryAgent = "mediatheque@saint-exemple.example";

    private HeadlessChromium chromium = null!;

    public async Task InitializeAsync() => chromium = await HeadlessChromium.LaunchAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

    [Fact]
    public async Task Citizen_SignsInWithFranceConnect_IdentityLockedApplicationFiledVerifiedForTheAgentThenSignedOut()
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, "/api/procedures/library-membership/form").ToString());
        await Accessibility.AssertNoSeriousViolationsAsync(page, "form with the FranceConnect button");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("1-form-franceconnect-button.png"), FullPage = true });

        // The FranceConnect button, then the local provider's page of sandbox identities.
        await page.GetByRole(AriaRole.Button, new() { NameRegex = ButtonName() }).ClickAsync();
        await page.WaitForURLAsync("**/api/v2/interaction/**");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("2-local-provider-identities.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { NameRegex = SignInName() }).ClickAsync();

        // Back on the form: the identity filled in, read-only, marked verified.
        await page.WaitForURLAsync("**/api/procedures/library-membership/form");
        Assert.Equal("DUPONT", await page.Locator("#memberLastName").InputValueAsync());
        Assert.Equal("Stéphane Louis Perceval", await page.Locator("#memberFirstName").InputValueAsync());
        Assert.Equal("1962-08-24", await page.Locator("#birthDate").InputValueAsync());
        Assert.Equal("testfc1@franceconnect.gouv.fr", await page.Locator("#email").InputValueAsync());
        foreach (var locked in new[] { "#memberLastName", "#memberFirstName", "#birthDate", "#email" })
        {
            Assert.True(await page.Locator(locked).IsEditableAsync() is false, $"{locked} should be read-only");
        }

        Assert.Equal(4, await page.Locator(".verified").CountAsync());
        await Accessibility.AssertNoSeriousViolationsAsync(page, "form with the verified identity");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("3-form-identity-locked.png"), FullPage = true });

        await page.Locator("#addressLine").FillAsync("12 place de la Mairie");
        await page.Locator("#postalCode").FillAsync("30000");
        await page.Locator("#city").FillAsync("Saint-Exemple");
        await page.GetByLabel("Adulte").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" }).ClickAsync();
        await page.WaitForURLAsync(StatusAddress());
        var reference = ReferenceIn().Match(await page.Locator("main").InnerTextAsync()).Value;
        Assert.NotEmpty(reference);

        // The agent of the médiathèque sees which values FranceConnect vouched for.
        using (var agent = await AgentClient.SignInAsync(host, LibraryAgent))
        {
            var (status, html) = await agent.GetAsync($"/api/agent/applications/{reference}");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("identité vérifiée FranceConnect", html, StringComparison.Ordinal);
            Assert.Contains("Nom", html, StringComparison.Ordinal);
        }

        // The citizen's own page, then signing out of the app and of FranceConnect.
        await page.GotoAsync(new Uri(host.BaseAddress, "/api/citizen").ToString());
        Assert.Contains("DUPONT", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "citizen's page");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("4-citizen-page.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/api/v2/session/end**");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = SignOutName() }).ClickAsync();
        await page.WaitForURLAsync("**/api/citizen/signed-out**");
        Assert.Contains("Vous êtes déconnecté", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "signed-out page");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("5-signed-out.png"), FullPage = true });

        // The session is gone: the form is blank again and offers the button.
        await page.GotoAsync(new Uri(host.BaseAddress, "/api/procedures/library-membership/form").ToString());
        Assert.Equal(string.Empty, await page.Locator("#memberLastName").InputValueAsync());
        Assert.True(await page.Locator("#memberLastName").IsEditableAsync());
    }

    [Fact]
    public async Task Submission_VerifiedValueChanged_IsRefusedAndNothingIsFiled()
    {
        using var citizen = new FranceConnectWalk(host.BaseAddress);
        await citizen.SignInAsync("/api/procedures/library-membership/form");
        using var tampered = await citizen.Http.PostAsync("/api/procedures/library-membership/applications", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["memberFirstName"] = "Stéphane Louis Perceval",
            ["memberLastName"] = "DURAND",
            ["birthDate"] = "1962-08-24",
            ["email"] = "testfc1@franceconnect.gouv.fr",
            ["addressLine"] = "12 place de la Mairie",
            ["postalCode"] = "30000",
            ["city"] = "Saint-Exemple",
            ["membershipType"] = "adulte",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Contains("vient de FranceConnect", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Artifact(string name)
    {
        var folder = Path.Combine(Accessibility.RepositoryRoot, "artifacts", "franceconnect");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    [GeneratedRegex("S.identifier avec")]
    private static partial Regex ButtonName();

    [GeneratedRegex("^Se connecter")]
    private static partial Regex SignInName();

    [GeneratedRegex("^Se déconnecter")]
    private static partial Regex SignOutName();

    [GeneratedRegex("/applications/[A-Z]{2,6}-20[0-9]{2}-[0-9A-Z]{6}\\?access=")]
    private static partial Regex StatusAddress();

    [GeneratedRegex("[A-Z]{2,6}-20[0-9]{2}-[0-9A-Z]{6}")]
    private static partial Regex ReferenceIn();
}
