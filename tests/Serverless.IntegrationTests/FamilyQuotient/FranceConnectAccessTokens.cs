using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Serverless.IntegrationTests.FamilyQuotient;

/// <summary>
/// A real FranceConnect access token from the local provider (tools/franceconnect-local), by a plain HTTP code flow:
/// the authorization request, the identity chosen on the provider's login page, the code redeemed at the token
/// endpoint with the local client's secret. The redirect address is a loopback one the provider accepts and that is
/// never opened. <paramref name="identity"/> is the identity's rank on the login page (0: testfc1, DUPONT).
/// </summary>
internal static partial class FranceConnectAccessTokens
{
    private const string ClientId = "citizen-eservices-local";
    private const string ClientSecret = "local-franceconnect-secret-not-for-production";
    private const string RedirectUri = "http://127.0.0.1:5555/api/citizen/callback";

    public static async Task<string> SignInAsync(int identity)
    {
        var issuer = TestEnvironment.FranceConnectIssuer.TrimEnd('/');
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        var authorize = new Uri($"{issuer}/authorize?client_id={ClientId}&response_type=code&scope=openid%20identite_pivot&redirect_uri={Uri.EscapeDataString(RedirectUri)}&state=state-0123456789&nonce=nonce-0123456789&acr_values=eidas1");

        using var toLogin = await http.GetAsync(authorize);
        var login = new Uri(authorize, toLogin.Headers.Location!);
        var sub = SubChoice().Matches(await http.GetStringAsync(login))[identity].Groups["sub"].Value;
        using var chosen = await http.PostAsync(new Uri(login + "/login"), new FormUrlEncodedContent(new Dictionary<string, string> { ["sub"] = sub }));
        using var resumed = await http.GetAsync(new Uri(login, chosen.Headers.Location!));
        var callback = new Uri(login, resumed.Headers.Location!);
        var code = Regex.Match(callback.Query, "[?&]code=(?<code>[^&]+)").Groups["code"].Value;
        Assert.False(string.IsNullOrEmpty(code), $"no code in the provider's redirect to {callback.GetLeftPart(UriPartial.Path)}");

        using var tokens = await http.PostAsync(new Uri($"{issuer}/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = Uri.UnescapeDataString(code),
            ["redirect_uri"] = RedirectUri,
            ["client_id"] = ClientId,
            ["client_secret"] = ClientSecret,
        }));
        Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
        using var json = JsonDocument.Parse(await tokens.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    [GeneratedRegex("name=\"sub\" value=\"(?<sub>[0-9a-f]{64})\"")]
    private static partial Regex SubChoice();
}
