using System.Text;
using Serverless.Core.Localization;
using Serverless.Core.Procedures;
using Serverless.Core.Workflow;

namespace Serverless.Core.Pages;

/// <summary>
/// The confirmation page behind a review link. Opening it decides nothing (mail scanners open links); the agent's
/// click on a button POSTs the decision. One form, two buttons, each posting to its own signed link.
/// </summary>
public static class ReviewPage
{
    public static string Render(LoadedApplication application, string reviewer, string approvePath, string rejectPath, string? error)
    {
        ArgumentNullException.ThrowIfNull(application);
        const Language language = Language.French;
        var body = new StringBuilder();
        body.Append("<p>Référence <code>").Append(Html.E(application.Reference)).Append("</code> – déposée le ")
            .Append(Html.E(ApplicationSummary.DateTime(application.Record.SubmittedAt, language))).Append("</p>");
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(Html.E(error)).Append("</p>");
        }

        body.Append(Html.Table(ApplicationSummary.Lines(application.Procedure, application.Values, language).Select(line => (line.Label, line.Value))));
        body.Append("<p class=\"help\">Pièces jointes : voir le courriel de demande d'instruction. Vous agissez en tant que ")
            .Append(Html.E(reviewer)).Append(".</p>");
        body.Append("<form method=\"post\" action=\"/api/").Append(Html.E(approvePath)).Append("\">")
            .Append("<label for=\"comment\">Commentaire (obligatoire en cas de refus : il est envoyé au demandeur)</label>")
            .Append("<textarea id=\"comment\" name=\"comment\" rows=\"4\" maxlength=\"2000\"></textarea>")
            .Append("<button type=\"submit\">Accepter la demande</button> ")
            .Append("<button type=\"submit\" class=\"danger\" formaction=\"/api/").Append(Html.E(rejectPath)).Append("\">Refuser la demande</button>")
            .Append("</form>");
        return Html.Page($"Instruction : {application.Procedure.Title.Fr}", body.ToString(), language, application.Commune.Name);
    }
}
