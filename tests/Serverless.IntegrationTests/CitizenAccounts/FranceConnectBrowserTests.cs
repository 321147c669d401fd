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

        // "Mes démarches": the application is there, followed without typing its access code.
        await page.GotoAsync(new Uri(host.BaseAddress, "/api/citizen").ToString());
        var mine = await page.Locator("main").InnerTextAsync();
        Assert.Contains("DUPONT", mine, StringComparison.Ordinal);
        Assert.Contains(reference, mine, StringComparison.Ordinal);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "citizen's page (Mes démarches)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("4-mes-demarches.png"), FullPage = true });
        await page.Locator("section", new() { HasText = reference }).GetByRole(AriaRole.Link, new() { Name = "Suivre la demande" }).ClickAsync();
        await page.WaitForURLAsync(StatusAddress());
        Assert.Contains(reference, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await page.GotoAsync(new Uri(host.BaseAddress, "/api/citizen").ToString());
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
        using var tampered = await citizen.Http.PostAsync("/api/procedures/library-membership/applications", LibraryMembership(lastName: "DURAND"));
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Contains("vient de FranceConnect", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MesDemarches_ChangesRequested_CitizenAnswersFromTheListWithoutTheAccessCode()
    {
        using var citizen = new FranceConnectWalk(host.BaseAddress);
        await citizen.SignInAsync("/api/procedures/library-membership/form");
        using var filed = await citizen.Http.PostAsync("/api/procedures/library-membership/applications", LibraryMembership(lastName: "DUPONT"));
        Assert.Equal(HttpStatusCode.SeeOther, filed.StatusCode);
        var reference = ReferenceIn().Match(filed.Headers.Location!.ToString()).Value;

        // The reviewer asks for changes from the e-mailed link.
        var review = await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, reference);
        using var reviewer = host.Client("text/html");
        using (var asked = await reviewer.PostAsync(review.Link("Demander des compléments"), new FormUrlEncodedContent(new Dictionary<string, string> { ["comment"] = "Précisez l'adresse.", ["fields"] = "addressLine" })))
        {
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        }

        // "Mes démarches" offers the answer; its link opens the correction form, no code typed.
        string? correction = null;
        for (var attempt = 0; attempt < 100 && correction is null; attempt++)
        {
            var mine = await citizen.Http.GetStringAsync("/api/citizen");
            correction = CorrectionLink().Match(mine) is { Success: true } found ? WebUtility.HtmlDecode(found.Groups["href"].Value) : null;
            if (correction is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }

        Assert.NotNull(correction);
        Assert.Contains(reference, correction, StringComparison.Ordinal);
        using var form = await citizen.Http.GetAsync(correction);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("addressLine", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("href=\"(?<href>[^\"]+/correction\\?access=[^\"]+)\"")]
    private static partial Regex CorrectionLink();

    /// <summary>A library membership as testfc1 (the provider's first identity) files it, with the family name given.</summary>
    private static FormUrlEncodedContent LibraryMembership(string lastName) => new(new Dictionary<string, string>
    {
        ["memberFirstName"] = "Stéphane Louis Perceval",
        ["memberLastName"] = lastName,
        ["birthDate"] = "1962-08-24",
        ["email"] = "testfc1@franceconnect.gouv.fr",
        ["addressLine"] = "12 place de la Mairie",
        ["postalCode"] = "30000",
        ["city"] = "Saint-Exemple",
        ["membershipType"] = "adulte",
    });

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
