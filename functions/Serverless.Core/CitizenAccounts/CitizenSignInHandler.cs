using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.BackOffice;
using Serverless.Core.Site;
using Serverless.Platform.Configuration;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.CitizenAccounts;

/// <summary>
/// Signing a citizen in and out through FranceConnect. <c>POST /api/citizen/sign-in</c> (the FranceConnect button,
/// anti-forgery token bound to the browser) starts the code flow; <c>GET /api/citizen/callback</c> takes the sign-in
/// back once (state bound to the browser's cookie and single use, code redeemed with the PKCE verifier, ID token and
/// signed userinfo checked by <see cref="FranceConnectClient"/>) and starts the session. <c>POST /api/citizen/sign-out</c>
/// ends this session, <c>POST /api/citizen/sign-out-everywhere</c> every session of the person; both then go through
/// FranceConnect's end-session endpoint with the ID token as hint, which sends the citizen back to
/// <c>GET /api/citizen/signed-out</c>.
/// </summary>
public sealed partial class CitizenSignInHandler(
    FranceConnectClient franceConnect,
    CitizenSignIns signIns,
    CitizenSessions sessions,
    AntiForgery antiForgery,
    IOptions<PublicUrlOptions> urls,
    IOptions<FranceConnectOptions> options,
    ILogger<CitizenSignInHandler> logger)
{
    public const string Home = "/api/citizen";
    public const string SecureFormCookie = "__Host-citizen-form";
    public const string LocalFormCookie = "citizen-form";

    private Uri RedirectUri => new(urls.Value.Api("citizen/callback"));

    private Uri SignedOutUri => new(urls.Value.Api("citizen/signed-out"));

    /// <summary>The FranceConnect button's anti-forgery token for this browser, and the cookie to set when it has none yet.</summary>
    public (string Token, string? SetCookie) ButtonToken(HttpRequest request)
    {
        var (binding, setCookie) = AntiForgery.BrowserBinding(request, SecureFormCookie, LocalFormCookie);
        return (antiForgery.TokenFor(binding), setCookie);
    }

    public async Task<IActionResult> StartAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        if (!franceConnect.Enabled)
        {
            return Refusal(request, 404, "franceconnect-off", new("Connexion indisponible", "Sign-in unavailable"), new("La connexion avec FranceConnect n'est pas proposée par ce service.", "This service does not offer FranceConnect sign-in."), language);
        }

        var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null;
        if (form is null || AntiForgery.ExistingBrowserBinding(request, SecureFormCookie, LocalFormCookie) is not { } binding || !antiForgery.Matches(binding, form[AntiForgery.Field].ToString()))
        {
            return Refusal(request, 403, "forged-form", new("Formulaire refusé", "Form refused"), new("Ce formulaire n'a pas été envoyé depuis ce site (jeton de sécurité absent ou périmé). Rechargez la page et recommencez.", "This form was not sent from this site (security token missing or stale). Reload the page and try again."), language);
        }

        var pending = await signIns.StartAsync(LocalPath(form["returnTo"].ToString()), cancellationToken);
        var authorize = await franceConnect.AuthorizationUrlAsync(pending, RedirectUri, cancellationToken);
        return Results.SeeOther(authorize.ToString())
            .WithCookie(AgentSessions.Cookie(request, CitizenSignIns.CookieName(request), pending.State, (long)options.Value.SignInLifetime.TotalSeconds));
    }

    public async Task<IActionResult> CallbackAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var state = request.Query["state"].ToString();
        var browserState = request.Cookies.TryGetValue(CitizenSignIns.CookieName(request), out var cookie) ? cookie ?? string.Empty : string.Empty;
        if (state.Length == 0 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(state), Encoding.ASCII.GetBytes(browserState))
            || await signIns.TakeAsync(state, cancellationToken) is not { } pending)
        {
            return Refused(request, FranceConnectRefusalReason.UnknownState, language);
        }

        if (request.Query.ContainsKey("error") || request.Query["code"].ToString() is not { Length: > 0 and < 500 } code)
        {
            return Refused(request, FranceConnectRefusalReason.ProviderError, language);
        }

        try
        {
            var citizen = await franceConnect.RedeemAsync(code, pending, RedirectUri, cancellationToken);
            var (_, cookieValue) = await sessions.StartAsync(citizen, cancellationToken);
            LogSignedIn();
            return Results.SeeOther(pending.ReturnPath)
                .WithCookie(sessions.SetCookie(request, cookieValue))
                .WithCookie(AgentSessions.Cookie(request, CitizenSignIns.CookieName(request), string.Empty, 0));
        }
        catch (FranceConnectRefusalException refusal)
        {
            return Refused(request, refusal.Reason, language);
        }
    }

    public Task<IActionResult> SignOutAsync(HttpRequest request, CancellationToken cancellationToken) => EndAsync(request, everywhere: false, cancellationToken);

    public Task<IActionResult> SignOutEverywhereAsync(HttpRequest request, CancellationToken cancellationToken) => EndAsync(request, everywhere: true, cancellationToken);

    public static IActionResult SignedOut(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var body = $"<p class=\"ok\" role=\"status\">{Html.E(new Text("Vous êtes déconnecté de ce service et de FranceConnect.", "You are signed out of this service and of FranceConnect.").In(language))}</p>"
            + $"<p><a href=\"{Home}\">{Html.E(new Text("Mes démarches", "My applications").In(language))}</a></p>";
        return PageResults.Page(200, Html.Page(new Text("Déconnexion", "Signed out").In(language), body, language, PageIdentity.Platform(Html.PlatformName)))
            .WithCookie(CitizenSessions.ClearCookie(request));
    }

    private async Task<IActionResult> EndAsync(HttpRequest request, bool everywhere, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null;
        var session = await sessions.FindAsync(request, cancellationToken);
        if (session is null)
        {
            return Results.SeeOther(Home).WithCookie(CitizenSessions.ClearCookie(request));
        }

        if (form is null || !antiForgery.Matches(session.Binding, form[AntiForgery.Field].ToString()))
        {
            return Refusal(request, 403, "forged-form", new("Formulaire refusé", "Form refused"), new("Ce formulaire n'a pas été envoyé depuis ce site (jeton de sécurité absent ou périmé). Rechargez la page et recommencez.", "This form was not sent from this site (security token missing or stale). Reload the page and try again."), language);
        }

        if (everywhere)
        {
            await sessions.EndAllAsync(session.Identity.Sub, cancellationToken);
        }
        else
        {
            await sessions.EndAsync(session, cancellationToken);
        }

        LogSignedOut(everywhere);
        var endSession = await franceConnect.EndSessionUrlAsync(session.IdToken, SignedOutUri, Base64UrlState(), cancellationToken);
        return Results.SeeOther(endSession.ToString()).WithCookie(CitizenSessions.ClearCookie(request));
    }

    private WrittenResult Refused(HttpRequest request, FranceConnectRefusalReason reason, Language language)
    {
        LogRefused(reason);
        var detail = reason == FranceConnectRefusalReason.ProviderError
            ? new Text("La connexion avec FranceConnect a été annulée ou refusée. Vous pouvez recommencer, ou continuer sans vous connecter là où la démarche le permet.", "The FranceConnect sign-in was cancelled or refused. You can try again, or go on without signing in where the procedure allows it.")
            : new Text("Cette connexion n'a pas pu être vérifiée (lien déjà utilisé, expiré ou falsifié). Aucune session n'a été ouverte : recommencez depuis le bouton FranceConnect.", "This sign-in could not be verified (used, expired or forged). No session was opened: start again from the FranceConnect button.");
        return Refusal(request, 403, "sign-in-refused", new("Connexion refusée", "Sign-in refused"), detail, language)
            .WithCookie(AgentSessions.Cookie(request, CitizenSignIns.CookieName(request), string.Empty, 0));
    }

    private static WrittenResult Refusal(HttpRequest request, int status, string type, Text title, Text detail, Language language)
    {
        if (!Results.WantsHtml(request))
        {
            return Problems.Simple(status, type, title, detail, language, request.Path);
        }

        var body = $"<p class=\"error\">{Html.E(detail.In(language))}</p><p><a href=\"{Home}\">{Html.E(new Text("Mes démarches", "My applications").In(language))}</a></p>";
        return PageResults.Page(status, Html.Page(title.In(language), body, language, PageIdentity.Platform(Html.PlatformName)));
    }

    /// <summary>Where to come back after signing in: a path of this app's API only (never another site).</summary>
    private static string LocalPath(string returnTo) =>
        returnTo.StartsWith("/api/", StringComparison.Ordinal) && !returnTo.Contains("//", StringComparison.Ordinal) && !returnTo.Contains('\\', StringComparison.Ordinal) && returnTo.Length < 300
            ? returnTo
            : Home;

    private static string Base64UrlState() => Applications.Base64Url.Encode(RandomNumberGenerator.GetBytes(16));

    [LoggerMessage(Level = LogLevel.Information, Message = "Citizen signed in with FranceConnect")]
    private partial void LogSignedIn();

    [LoggerMessage(Level = LogLevel.Information, Message = "Citizen signed out (everywhere: {Everywhere})")]
    private partial void LogSignedOut(bool everywhere);

    [LoggerMessage(Level = LogLevel.Warning, Message = "FranceConnect sign-in refused: {Reason}")]
    private partial void LogRefused(FranceConnectRefusalReason reason);
}
