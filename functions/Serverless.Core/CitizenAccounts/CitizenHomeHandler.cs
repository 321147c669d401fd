using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.BackOffice;
using Serverless.Core.Site;
using Serverless.Platform.Localization;

namespace Serverless.Core.CitizenAccounts;

/// <summary>
/// <c>GET /api/citizen</c>: the signed-in citizen's page ("Mes démarches", who FranceConnect says they are, sign out
/// here or everywhere), or the FranceConnect button when nobody is signed in.
/// </summary>
public sealed class CitizenHomeHandler(CitizenSessions sessions, CitizenSignInHandler signIn, AntiForgery antiForgery, FranceConnectClient franceConnect, MyApplicationsView myApplications)
{
    public async Task<IActionResult> ShowAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var session = await sessions.FindAsync(request, cancellationToken);
        if (session is null)
        {
            return SignInPage(request, language);
        }

        var token = antiForgery.TokenFor(session.Binding);
        var body = $"<p class=\"notice\">{Html.E(new Text("Vous êtes connecté avec FranceConnect en tant que", "You are signed in with FranceConnect as").In(language))} <strong>{Html.E(session.Identity.DisplayName)}</strong>.</p>"
            + await myApplications.RenderAsync(session.Identity, language, cancellationToken)
            + $"<h2>{Html.E(new Text("Votre identité vérifiée", "Your verified identity").In(language))}</h2>"
            + Html.Table(IdentityRows(session.Identity, language))
            + $"<h2>{Html.E(new Text("Déconnexion", "Sign out").In(language))}</h2>"
            + SignOutForm("/api/citizen/sign-out", token, new Text("Se déconnecter", "Sign out").In(language), "secondary")
            + SignOutForm("/api/citizen/sign-out-everywhere", token, new Text("Se déconnecter sur tous les appareils", "Sign out on every device").In(language), "danger");
        return PageResults.Page(200, Html.Page(new Text("Mon espace", "My space").In(language), body, language, PageIdentity.Platform(Html.PlatformName)));
    }

    private Serverless.Platform.Http.WrittenResult SignInPage(HttpRequest request, Language language)
    {
        var body = franceConnect.Enabled
            ? $"<p>{Html.E(new Text("Connectez-vous avec FranceConnect pour retrouver vos démarches et remplir vos formulaires sans ressaisir votre identité. Vous pouvez aussi suivre une demande avec le code d'accès reçu à son dépôt.", "Sign in with FranceConnect to find your applications and fill forms without typing your identity again. You can also follow an application with the access code you received when you filed it.").In(language))}</p>"
            : $"<p>{Html.E(new Text("La connexion n'est pas proposée par ce service : suivez vos demandes avec le code d'accès reçu à leur dépôt.", "This service offers no sign-in: follow your applications with the access code you received when you filed them.").In(language))}</p>";
        string? setCookie = null;
        if (franceConnect.Enabled)
        {
            (var token, setCookie) = signIn.ButtonToken(request);
            body += FranceConnectButton.Form(token, CitizenSignInHandler.Home, language);
        }

        var page = PageResults.Page(200, Html.Page(new Text("Mon espace", "My space").In(language), body, language, PageIdentity.Platform(Html.PlatformName)));
        return setCookie is null ? page : page.WithCookie(setCookie);
    }

    private static IEnumerable<(string, string)> IdentityRows(PivotIdentity identity, Language language)
    {
        (string Claim, Text Label)[] rows =
        [
            (PivotClaims.GivenName, new("Prénoms", "Given names")),
            (PivotClaims.FamilyName, new("Nom de naissance", "Birth name")),
            (PivotClaims.Birthdate, new("Date de naissance", "Date of birth")),
            (PivotClaims.Email, new("Adresse électronique", "E-mail address")),
        ];
        return rows.Where(row => identity.Claim(row.Claim) is not null).Select(row => (row.Label.In(language), identity.Claim(row.Claim)!));
    }

    private static string SignOutForm(string action, string token, string label, string cssClass) =>
        $"<form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"{AntiForgery.Field}\" value=\"{Html.E(token)}\"><button type=\"submit\" class=\"{cssClass}\">{Html.E(label)}</button></form>";
}
