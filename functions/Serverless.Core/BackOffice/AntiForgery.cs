using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;

namespace Serverless.Core.BackOffice;

/// <summary>
/// Anti-forgery tokens of the back office's forms, bound to what only the agent's own browser holds: the session id
/// (signed in), or a random cookie set with the sign-in pages (before that, so nobody can sign a victim into the
/// attacker's account). The token is an HMAC of that value under a key derived for this purpose, so another site can
/// neither read nor compute it; every POST is refused without it (<see cref="Matches"/>, compared in constant time).
/// </summary>
public sealed class AntiForgery
{
    public const string Field = "_csrf";
    public const string SecureCookie = "__Host-agent-form";
    public const string LocalCookie = "agent-form";

    // The active key first: it makes the tokens; every listed key verifies, so a page shown before a rotation still posts.
    private readonly IReadOnlyList<byte[]> keys;

    public AntiForgery(IOptions<CitizenAccessOptions> access)
    {
        ArgumentNullException.ThrowIfNull(access);
        keys = CitizenAccessKeyRing.From(access.Value).Derived("agent-anti-forgery"u8);
    }

    public string TokenFor(string binding) => Token(keys[0], binding);

    public bool Matches(string binding, string? posted) =>
        posted is { Length: > 0 } && keys.Any(key => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Token(key, binding)), Encoding.ASCII.GetBytes(posted)));

    private static string Token(byte[] key, string binding) => Base64Url.Encode(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(binding)));

    /// <summary>The pre-sign-in cookie of this browser, or a new one to set (its Set-Cookie value in the second item).</summary>
    public static (string Value, string? SetCookie) BrowserBinding(HttpRequest request) => BrowserBinding(request, SecureCookie, LocalCookie);

    /// <summary>The same, under cookie names of another area (the citizens' sign-in).</summary>
    public static (string Value, string? SetCookie) BrowserBinding(HttpRequest request, string secureCookie, string localCookie)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = AgentSessions.IsSecure(request) ? secureCookie : localCookie;
        if (request.Cookies.TryGetValue(name, out var existing) && existing is { Length: > 20 and < 100 })
        {
            return ("browser|" + existing, null);
        }

        var value = Base64Url.Encode(RandomNumberGenerator.GetBytes(24));
        return ("browser|" + value, AgentSessions.Cookie(request, name, value, 24 * 3600));
    }

    /// <summary>The pre-sign-in binding if the browser has its cookie (a POST never creates one).</summary>
    public static string? ExistingBrowserBinding(HttpRequest request) => ExistingBrowserBinding(request, SecureCookie, LocalCookie);

    public static string? ExistingBrowserBinding(HttpRequest request, string secureCookie, string localCookie)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = AgentSessions.IsSecure(request) ? secureCookie : localCookie;
        return request.Cookies.TryGetValue(name, out var existing) && existing is { Length: > 20 and < 100 } ? "browser|" + existing : null;
    }
}
