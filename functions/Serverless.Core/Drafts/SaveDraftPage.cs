using System.Text;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Drafts;

/// <summary>"Enregistrer et reprendre plus tard": the expiry, said plainly, and the address the resume link goes to.</summary>
public static class SaveDraftPage
{
    public static readonly Text Title = new("Enregistrer et reprendre plus tard", "Save and continue later");

    public static string Render(ProcedureDefinition procedure, CommuneDefinition commune, DraftRecord draft, string token, string? email, FieldError? error, Language language)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(draft);
        var body = new StringBuilder();
        if (error is not null)
        {
            body.Append("<div class=\"error-summary\" id=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus aria-labelledby=\"error-summary-title\"><h2 id=\"error-summary-title\">")
                .Append(Html.E(new Text("Le lien n'a pas été envoyé", "The link was not sent").In(language))).Append("</h2><ul><li><a href=\"#email\">")
                .Append(Html.E(error.Message.In(language))).Append("</a></li></ul></div>");
        }

        body.Append("<p class=\"ok\" role=\"status\">").Append(Html.E(new Text(
            "Vos réponses sont enregistrées en brouillon jusqu'au {0}. Passé cette date, le brouillon est supprimé. Il n'est pas transmis au service tant que vous ne l'avez pas envoyé.",
            "Your answers are saved as a draft until {0}. After that date the draft is deleted. It is not passed to the office until you send it.").Format(language, ApplicationSummary.DateTime(draft.ExpiresAt, language)))).Append("</p>");
        body.Append("<form method=\"post\" novalidate action=\"/api/").Append(Html.E(DraftRoutes.DraftPath(procedure.Id, token))).Append("?lang=").Append(language.Code()).Append("\">")
            .Append("<input type=\"hidden\" name=\"lang\" value=\"").Append(language.Code()).Append("\">")
            .Append("<label for=\"email\">").Append(Html.E(new Text("Adresse électronique où recevoir le lien pour reprendre", "E-mail address to receive the link to resume").In(language))).Append(" <span class=\"required\" aria-hidden=\"true\">*</span></label>")
            .Append("<span class=\"help\" id=\"email-hint\">").Append(Html.E(new Text("Le lien fonctionne sur n'importe quel appareil. Un rappel vous sera envoyé 7 jours avant la suppression.", "The link works on any device. A reminder will be sent 7 days before deletion.").In(language))).Append("</span>");
        if (error is not null)
        {
            body.Append("<span class=\"field-error\" id=\"email-error\">").Append(Html.E(error.Message.In(language))).Append("</span>");
        }

        body.Append("<input type=\"email\" id=\"email\" name=\"email\" required autocomplete=\"email\" maxlength=\"254\" aria-describedby=\"email-hint").Append(error is null ? string.Empty : " email-error").Append('"')
            .Append(error is null ? string.Empty : " aria-invalid=\"true\"").Append(email is null ? string.Empty : $" value=\"{Html.E(email)}\"").Append('>')
            .Append("<button type=\"submit\" name=\"action\" value=\"send-link\">").Append(Html.E(new Text("M'envoyer le lien", "Send me the link").In(language))).Append("</button>")
            .Append("</form>");
        body.Append("<p><a href=\"/api/").Append(Html.E(DraftRoutes.DraftPath(procedure.Id, token))).Append("?lang=").Append(language.Code()).Append("\">")
            .Append(Html.E(new Text("Continuer ma demande maintenant", "Continue my application now").In(language))).Append("</a></p>");
        return Html.Page(Title.In(language), body.ToString(), language, PageIdentity.Of(commune), new Html.PageOptions(error is not null) { DocumentTitle = $"{Title.In(language)} – {procedure.Title.In(language)}" });
    }

    public static string Sent(ProcedureDefinition procedure, CommuneDefinition commune, DraftRecord draft, string token, string email, Language language)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(draft);
        var body = new StringBuilder();
        body.Append("<p class=\"ok\" role=\"status\">").Append(Html.E(new Text(
            "Le lien pour reprendre votre demande a été envoyé à {0}. Votre brouillon est conservé jusqu'au {1}.",
            "The link to resume your application was sent to {0}. Your draft is kept until {1}.").Format(language, email, ApplicationSummary.DateTime(draft.ExpiresAt, language)))).Append("</p>");
        body.Append("<p><a href=\"/api/").Append(Html.E(DraftRoutes.DraftPath(procedure.Id, token))).Append("?lang=").Append(language.Code()).Append("\">")
            .Append(Html.E(new Text("Continuer ma demande maintenant", "Continue my application now").In(language))).Append("</a></p>");
        return Html.Page(new Text("Brouillon enregistré", "Draft saved").In(language), body.ToString(), language, PageIdentity.Of(commune));
    }
}
