using System.Text;
using Serverless.Core.Drafts;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Submission;

/// <summary>
/// "Vérifier vos réponses": every answer of the draft, step by step, each with a link to change it (RGAA 11.12: the
/// person can check and correct before sending), then the button that sends. Problems left (a prefilled value, a
/// step skipped) are summarised at the top with links to the step and field that hold them.
/// </summary>
public static class CheckAnswersPage
{
    public static readonly Text Title = new("Vérifier vos réponses", "Check your answers");

    public static string Render(ProcedureDefinition procedure, CommuneDefinition commune, DraftRecord draft, IReadOnlyList<FieldError> errors, string token, Language language, string? languageSwitchUrl)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(errors);
        var steps = DraftForm.Steps(procedure);
        var body = new StringBuilder();
        var lang = "&amp;lang=" + language.Code();
        if (errors.Count > 0)
        {
            body.Append("<div class=\"error-summary\" id=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus aria-labelledby=\"error-summary-title\"><h2 id=\"error-summary-title\">")
                .Append(Html.E(new Text("Votre demande ne peut pas encore être envoyée : corrigez les points suivants", "Your application cannot be sent yet: please correct the following").In(language))).Append("</h2><ul>");
            foreach (var error in errors)
            {
                var step = procedure.StepOf(error.Field);
                body.Append("<li><a href=\"/api/").Append(Html.E(DraftRoutes.StepPath(procedure.Id, token, step))).Append(lang).Append('#').Append(Html.E(FormPage.TargetId(procedure, error.Field))).Append("\">")
                    .Append(Html.E(error.Message.In(language))).Append("</a></li>");
            }

            body.Append("</ul></div>");
        }

        body.Append("<p class=\"help\">").Append(Html.E(new Text("Votre brouillon est conservé jusqu'au {0}.", "Your draft is kept until {0}.").Format(language, ApplicationSummary.DateTime(draft.ExpiresAt, language)))).Append("</p>");
        var values = draft.Values;
        for (var index = 0; index < steps.Count; index++)
        {
            body.Append("<h2>").Append(Html.E(steps[index].Title.In(language))).Append("</h2><table>");
            foreach (var field in steps[index].Fields.Select(procedure.Field).OfType<FieldDefinition>())
            {
                var shown = field.Kind == FieldKind.File
                    ? string.Join(", ", draft.Attachments.Where(file => file.FieldName == field.Name).Select(file => file.OriginalName))
                    : values.TryGetValue(field.Name, out var value) ? ApplicationSummary.Display(field, value, language) : string.Empty;
                body.Append("<tr><th scope=\"row\">").Append(Html.E(field.Label.In(language))).Append("</th><td>")
                    .Append(shown.Length > 0 ? Html.E(shown) : $"<em>{Html.E(new Text("Non renseigné", "Not given").In(language))}</em>")
                    .Append("</td><td><a href=\"/api/").Append(Html.E(DraftRoutes.StepPath(procedure.Id, token, index))).Append(lang).Append('#').Append(Html.E(FormPage.TargetId(procedure, field.Name))).Append("\">")
                    .Append(Html.E(new Text("Modifier", "Change").In(language)))
                    .Append("<span class=\"trap\"> ").Append(Html.E(field.Label.In(language))).Append("</span></a></td></tr>");
            }

            body.Append("</table>");
        }

        body.Append("<p class=\"help\">").Append(Html.E(procedure.Legal.ReceiptMentions.In(language))).Append("</p>");
        body.Append("<form method=\"post\" novalidate action=\"/api/").Append(Html.E(DraftRoutes.DraftPath(procedure.Id, token))).Append("?lang=").Append(language.Code()).Append("\">")
            .Append("<input type=\"hidden\" name=\"lang\" value=\"").Append(language.Code()).Append("\">")
            .Append("<button type=\"submit\" name=\"action\" value=\"submit\">").Append(Html.E(new Text("Envoyer ma demande", "Send my application").In(language))).Append("</button> ")
            .Append("<button type=\"submit\" name=\"action\" value=\"save\" class=\"secondary\">").Append(Html.E(new Text("Enregistrer et reprendre plus tard", "Save and continue later").In(language))).Append("</button>")
            .Append("<input type=\"hidden\" name=\"step\" value=\"").Append(DraftRoutes.Review).Append("\">")
            .Append("</form>");
        return Html.Page(Title.In(language), body.ToString(), language, PageIdentity.Of(commune), new Html.PageOptions(errors.Count > 0, languageSwitchUrl) { DocumentTitle = $"{Title.In(language)} – {procedure.Title.In(language)}" });
    }
}
