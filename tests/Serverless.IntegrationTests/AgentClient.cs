using System.Net;
using System.Text.RegularExpressions;

namespace Serverless.IntegrationTests;

/// <summary>
/// What an agent's browser does in the back office, over plain HTTP: a cookie jar, pages read as HTML, forms posted
/// with the anti-forgery token the page carried. <see cref="SignInAsync"/> signs in as an agent does: asks for a link,
/// opens it from maildev, presses the button.
/// </summary>
internal sealed partial class AgentClient : IDisposable
{
    public const string SignInSubject = "Connexion à l'espace agents";
    public const string SignInButton = "Se connecter à l'espace agents";

    private readonly HttpClient http;

    private AgentClient(LocalHostFixture host)
    {
        Cookies = new CookieContainer();
        http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = Cookies }) { BaseAddress = host.BaseAddress };
        http.DefaultRequestHeaders.Accept.ParseAdd("text/html");
    }

    public CookieContainer Cookies { get; }

    /// <summary>The anti-forgery token of the last page read.</summary>
    public string Token { get; private set; } = string.Empty;

    public static AgentClient Anonymous(LocalHostFixture host) => new(host);

    public static async Task<AgentClient> SignInAsync(LocalHostFixture host, string email)
    {
        var agent = new AgentClient(host);
        var link = await agent.RequestLinkAsync(host, email);
        var (status, page) = await agent.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Se connecter", page, StringComparison.Ordinal);
        using var signIn = await agent.PostAsync(link, []);
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        return agent;
    }

    /// <summary>Asks for a sign-in link and returns the one that arrives (the newest for this address).</summary>
    public async Task<string> RequestLinkAsync(LocalHostFixture host, string email)
    {
        await GetAsync("/api/agent");
        var known = (await host.Mailbox.ToAsync(email, SignInSubject)).Select(mail => mail.Id).ToHashSet();
        using var response = await PostAsync("/api/agent/sign-in", [("email", email)]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var fresh = (await host.Mailbox.ToAsync(email, SignInSubject)).FirstOrDefault(mail => !known.Contains(mail.Id));
            if (fresh is not null)
            {
                return fresh.Link(SignInButton);
            }

            Assert.True(DateTime.UtcNow < deadline, $"No sign-in link reached {email}.");
            await Task.Delay(200);
        }
    }

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
    {
        using var response = await http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        if (CsrfField().Match(html) is { Success: true } match)
        {
            Token = WebUtility.HtmlDecode(match.Groups[1].Value);
        }

        return (response.StatusCode, html);
    }

    /// <summary>Posts a form with the page's anti-forgery token (unless <paramref name="withToken"/> is false).</summary>
    public Task<HttpResponseMessage> PostAsync(string path, IEnumerable<(string Name, string Value)> fields, bool withToken = true)
    {
        var values = fields.Select(field => new KeyValuePair<string, string>(field.Name, field.Value)).ToList();
        if (withToken)
        {
            values.Add(new("_csrf", Token));
        }

        return http.PostAsync(path, new FormUrlEncodedContent(values));
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"_csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
