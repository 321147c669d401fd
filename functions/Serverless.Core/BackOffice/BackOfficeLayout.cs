using System.Text;
using Serverless.Core.Site;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.BackOffice;

/// <summary>
/// The one frame of every back-office page (sign-in, list, application, bulk decision, webhooks and their log, usage,
/// a régie's payments):
/// the signed-in agent's commune as its citizen pages show it — « République française — Département du … —
/// Commune de … », its logo and its colour (<see cref="PageIdentity"/>; the platform's name and neutral colour before
/// sign-in) — and the back office's navigation (the two tabs, webhooks, usage, payments, who is signed in, sign-out, the other
/// language), French first with English. Every value is encoded; forms carry the anti-forgery token.
/// </summary>
public static class BackOfficeLayout
{
    public const string Home = "/api/agent";

    public static string T(Language language, string french, string english) => language == Language.English ? english : french;

    /// <summary>"?lang=en" (or "&amp;lang=en") when the page is in English, so links and redirects keep the language.</summary>
    public static string Lang(Language language, char separator = '?') => language == Language.English ? $"{separator}lang=en" : string.Empty;

    public static string Hidden(string name, string value) => $"<input type=\"hidden\" name=\"{Html.E(name)}\" value=\"{Html.E(value)}\">";

    /// <summary>Whose page it is: the agent's commune, or the platform when there is none (before sign-in).</summary>
    public static PageIdentity IdentityOf(Procedures.CommuneDefinition? commune) =>
        commune is null ? PageIdentity.Platform(Html.PlatformName) : PageIdentity.Of(commune);

    /// <summary>A back-office page, of a signed-in agent or (agent null) before sign-in.</summary>
    public static string Page(string title, string body, Language language, PageIdentity identity, SignedInAgent? agent, string? current = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var nav = new StringBuilder("<nav class=\"bo\" aria-label=\"").Append(T(language, "Espace agents", "Agents' area")).Append("\">");
        if (agent is not null)
        {
            nav.Append(Link(Home + "?tab=todo" + Lang(language, '&'), T(language, "À traiter", "To process"), current == "todo"))
                .Append(Link(Home + "?tab=all" + Lang(language, '&'), T(language, "Toutes les demandes", "All applications"), current == "all"));
            if (agent.Access.Administrator)
            {
                // The commune-wide pages, which name or count every procedure's applications: its administrator's only.
                nav.Append(Link(Home + "/webhooks" + Lang(language), T(language, "Webhooks", "Webhooks"), current == "webhooks"))
                    .Append(Link(Home + "/usage" + Lang(language), T(language, "Consommation", "Usage"), current == "usage"));
            }

            if (agent.Access.RegieIds.Count > 0)
            {
                // A régie's cashed payments: its role's agents and the administrator.
                nav.Append(Link(Home + "/payments" + Lang(language), T(language, "Paiements", "Payments"), current == "payments"));
            }

            nav.Append("<span>").Append(Html.E(agent.Email)).Append("</span>");
            if (agent.Method == AgentSignInMethod.EmailLink)
            {
                nav.Append("<form method=\"post\" action=\"").Append(Home).Append("/sign-out").Append(Lang(language)).Append("\">")
                    .Append(Hidden(AntiForgery.Field, agent.AntiForgeryToken))
                    .Append("<button type=\"submit\">").Append(T(language, "Se déconnecter", "Sign out")).Append("</button></form>");
            }
            else
            {
                nav.Append("<a href=\"/.auth/logout\">").Append(T(language, "Se déconnecter", "Sign out")).Append("</a>");
            }
        }

        nav.Append(language == Language.English
            ? "<a href=\"?lang=fr\" lang=\"fr\" hreflang=\"fr\">Français</a>"
            : "<a href=\"?lang=en\" lang=\"en\" hreflang=\"en\">English</a>");
        nav.Append("</nav>");
        return $$"""
        <!doctype html>
        <html lang="{{language.Code()}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Html.E(title)}} – {{Html.E(identity.Name)}}</title>
        <style>{{Html.Stylesheet}}</style>
        <style>{{identity.ThemeStyle}}</style>
        </head>
        <body>
        <header>{{Html.Heading(identity)}}</header>
        <main class="wide">
        {{nav}}
        <h1>{{Html.E(title)}}</h1>
        {{body}}
        </main>
        </body>
        </html>
        """;
    }

    /// <summary>403 for a commune-wide page (<paramref name="page"/> names it) asked by an agent who is not its administrator.</summary>
    public static WrittenResult AdministratorsOnly(Text page, SignedInAgent agent, Procedures.CommuneDefinition? commune, Language language) =>
        PageResults.Page(403, Message(
            T(language, "Accès réservé", "Restricted"),
            T(language, $"{page.Fr} est réservé à l'administrateur de la commune.", $"{page.En} is for the commune's administrator only."),
            "error",
            language,
            IdentityOf(commune),
            agent));

    public static string Message(string title, string message, string cssClass, Language language, PageIdentity identity, SignedInAgent? agent) =>
        Page(title, $"<p class=\"{cssClass}\" role=\"{(cssClass == "error" ? "alert" : "status")}\">{Html.E(message)}</p><p><a href=\"{Home}{Lang(language)}\">{T(language, "Retour à l'espace agents", "Back to the agents' area")}</a></p>", language, identity, agent);

    private static string Link(string href, string label, bool current) =>
        $"<a href=\"{Html.E(href)}\"{(current ? " aria-current=\"page\"" : string.Empty)}>{Html.E(label)}</a>";
}
