using Serverless.Core.BackOffice;
using Serverless.Core.Site;
using Serverless.Platform.Localization;

namespace Serverless.Core.CitizenAccounts;

/// <summary>
/// The FranceConnect button, the one element of the State's brand these pages carry (FranceConnect's own rules ask for
/// it): "S'identifier avec FranceConnect", in French whatever the page's language, on FranceConnect's blue, followed by
/// the "Qu'est-ce que FranceConnect ?" link that opens franceconnect.gouv.fr in a new window. It is a form's button:
/// starting a sign-in is a POST that carries the browser's anti-forgery token.
/// </summary>
public static class FranceConnectButton
{
    public const string SignInPath = "/api/citizen/sign-in";

    public static string Form(string antiForgeryToken, string returnPath, Language language) =>
        $"<form method=\"post\" action=\"{SignInPath}\" class=\"franceconnect\">"
        + $"<input type=\"hidden\" name=\"{AntiForgery.Field}\" value=\"{Html.E(antiForgeryToken)}\">"
        + $"<input type=\"hidden\" name=\"returnTo\" value=\"{Html.E(returnPath)}\">"
        + "<button type=\"submit\" class=\"fc-button\" lang=\"fr\"><span class=\"fc-login\">S’identifier avec</span> <span class=\"fc-brand\">FranceConnect</span></button>"
        + $"<p><a href=\"https://franceconnect.gouv.fr/\" target=\"_blank\" rel=\"noopener\" lang=\"fr\">Qu’est-ce que FranceConnect ?<span class=\"fc-new\"> {Html.E(new Text("(nouvelle fenêtre)", "(new window)").In(language))}</span></a></p>"
        + "</form>";
}
