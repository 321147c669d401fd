using System.Net;
using System.Text.RegularExpressions;

namespace Serverless.IntegrationTests.CitizenAccounts;

/// <summary>
/// A browser reduced to HTTP: one cookie jar for the app and the local FranceConnect provider, redirects followed by
/// hand so that each step can be looked at (or replayed). The provider's login page lists the sandbox's identities;
/// the first one (testfc1, Stéphane Louis Perceval DUPONT) is chosen unless another login is named.
/// </summary>
internal sealed partial class FranceConnectWalk : IDisposable
{
    private readonly HttpClient http;

    public FranceConnectWalk(Uri app)
    {
        Cookies = new CookieContainer();
        http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = app };
        http.DefaultRequestHeaders.Accept.ParseAdd("text/html");
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http => http;

    /// <summary>From the page holding the FranceConnect button to the app's callback address (not opened yet).</summary>
    public async Task<Uri> ToCallbackAsync(string pageWithButton = "/api/citizen", int identity = 0)
    {
        var page = await http.GetStringAsync(pageWithButton);
        var token = CsrfField().Match(page).Groups["token"].Value;
        var returnTo = ReturnToField().Match(page).Groups["path"].Value;
        using var start = await http.PostAsync("/api/citizen/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["_csrf"] = token, ["returnTo"] = WebUtility.HtmlDecode(returnTo) }));
        Assert.Equal(HttpStatusCode.SeeOther, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.Contains("acr_values=eidas1", authorize.Query, StringComparison.Ordinal);
        var callback = await ThroughProviderAsync(authorize, identity);
        Assert.Equal("/api/citizen/callback", callback.AbsolutePath);
        return callback;
    }

    /// <summary>At the provider: the authorization request, the identity chosen on its login page, the redirect back (not followed).</summary>
    public async Task<Uri> ThroughProviderAsync(Uri authorize, int identity = 0)
    {
        using var toLogin = await http.GetAsync(authorize);
        var login = new Uri(authorize, toLogin.Headers.Location!);
        var loginPage = await http.GetStringAsync(login);
        var sub = SubChoice().Matches(loginPage)[identity].Groups["sub"].Value;
        using var chosen = await http.PostAsync(login + "/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["sub"] = sub }));
        using var resumed = await http.GetAsync(new Uri(login, chosen.Headers.Location!));
        return new Uri(login, resumed.Headers.Location!);
    }

    /// <summary>Signs in all the way: the callback opened, the session cookie set.</summary>
    public async Task SignInAsync(string pageWithButton = "/api/citizen")
    {
        var callback = await ToCallbackAsync(pageWithButton);
        using var back = await http.GetAsync(callback);
        Assert.Equal(HttpStatusCode.SeeOther, back.StatusCode);
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"_csrf\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex CsrfField();

    [GeneratedRegex("name=\"returnTo\" value=\"(?<path>[^\"]+)\"")]
    private static partial Regex ReturnToField();

    [GeneratedRegex("name=\"sub\" value=\"(?<sub>[0-9a-f]{64})\"")]
    private static partial Regex SubChoice();
}
