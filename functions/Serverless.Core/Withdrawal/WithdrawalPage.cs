using System.Text;
using Serverless.Core.Applications;
using Serverless.Core.Site;
using Serverless.Platform.Localization;

namespace Serverless.Core.Withdrawal;

/// <summary>
/// "Are you sure?" before a withdrawal, which cannot be undone: what is withdrawn, the consequence, the button that
/// withdraws (a POST) and a link back that keeps the application.
/// </summary>
public static class WithdrawalPage
{
    public static readonly Text Title = new("Retirer ma demande", "Withdraw my application");

    public static string Render(LoadedApplication application, string postPath, string statusPath, Language language, string? languageSwitchUrl)
    {
        ArgumentNullException.ThrowIfNull(application);
        var body = new StringBuilder();
        body.Append(Html.Table([
            (new Text("Démarche", "Procedure").In(language), application.Procedure.Title.In(language)),
            (new Text("Référence", "Reference").In(language), application.Reference),
            (new Text("Déposée le", "Submitted on").In(language), Submission.ApplicationSummary.DateTime(application.Record.SubmittedAt, language)),
        ]));
        body.Append("<p class=\"notice\">").Append(Html.E(new Text(
            "Si vous retirez votre demande, elle ne sera pas instruite et ne pourra pas être reprise : pour la même démarche, il faudra en déposer une nouvelle. Vous recevrez une confirmation par courriel.",
            "If you withdraw your application, it will not be processed and cannot be resumed: for the same procedure you would have to submit a new one. You will receive a confirmation by e-mail.").In(language))).Append("</p>");
        body.Append("<form method=\"post\" action=\"").Append(Html.E(postPath)).Append("\">")
            .Append("<button type=\"submit\" class=\"danger\">").Append(Html.E(new Text("Oui, retirer ma demande", "Yes, withdraw my application").In(language))).Append("</button>")
            .Append("</form>");
        body.Append("<p><a class=\"button secondary\" href=\"").Append(Html.E(statusPath)).Append("\">")
            .Append(Html.E(new Text("Non, garder ma demande", "No, keep my application").In(language))).Append("</a></p>");
        return Html.Page(Title.In(language), body.ToString(), language, PageIdentity.Of(application.Commune), new Html.PageOptions(LanguageSwitchUrl: languageSwitchUrl));
    }
}
