using System.Text;
using Serverless.Core.Applications;
using Serverless.Core.Deadlines;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Platform.Localization;

namespace Serverless.Core.Review;

/// <summary>The three signed addresses a review page posts to, plus the attachments it links to.</summary>
public sealed record ReviewPaths(string Approve, string Reject, string RequestChanges, IReadOnlyList<(string Name, string Path)> Attachments);

/// <summary>
/// The confirmation page behind a review link. Opening it decides nothing (mail scanners open links); the agent's
/// click on a button POSTs. One form, three buttons, each posting to its own signed link; a second form hands the
/// application to a colleague.
/// </summary>
public static class ReviewPage
{
    public static string Render(LoadedApplication application, string reviewer, ReviewPaths paths, string? error)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(paths);
        const Language language = Language.French;
        var body = new StringBuilder();
        body.Append("<p>Référence <code>").Append(Html.E(application.Reference)).Append("</code> – déposée le ")
            .Append(Html.E(ApplicationSummary.DateTime(application.Record.SubmittedAt, language)))
            .Append(" – décision attendue au plus tard le ").Append(Html.E(DeadlineText.Format(application.DecisionDueAt, language))).Append("</p>");
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(Html.E(error)).Append("</p>");
        }

        body.Append(Html.Table(ApplicationSummary.Lines(application.Procedure, application.Values, language).Select(line => (line.Label, line.Value))));
        foreach (var (name, path) in paths.Attachments)
        {
            body.Append("<p><a href=\"/api/").Append(Html.E(path)).Append("\">Pièce jointe : ").Append(Html.E(name)).Append("</a></p>");
        }

        body.Append("<p class=\"help\">Vous agissez en tant que ").Append(Html.E(reviewer)).Append(".</p>");
        body.Append("<form method=\"post\" action=\"/api/").Append(Html.E(paths.Approve)).Append("\">")
            .Append("<label for=\"comment\">Message (obligatoire pour refuser ou demander des compléments : il est envoyé au demandeur)</label>")
            .Append("<textarea id=\"comment\" name=\"comment\" rows=\"4\" maxlength=\"2000\"></textarea>")
            .Append("<p class=\"legend\">En cas de demande de compléments, champs à corriger (aucun coché : tous)</p><div>");
        foreach (var field in application.Procedure.Fields)
        {
            body.Append("<label class=\"choice\"><input type=\"checkbox\" name=\"fields\" value=\"").Append(Html.E(field.Name)).Append("\"> ")
                .Append(Html.E(field.Label.Fr)).Append("</label>");
        }

        body.Append("</div>")
            .Append("<button type=\"submit\">Accepter la demande</button> ")
            .Append("<button type=\"submit\" class=\"changes\" formaction=\"/api/").Append(Html.E(paths.RequestChanges)).Append("\">Demander des compléments</button> ")
            .Append("<button type=\"submit\" class=\"danger\" formaction=\"/api/").Append(Html.E(paths.Reject)).Append("\">Refuser la demande</button>")
            .Append("</form>");
        body.Append("<form method=\"post\" action=\"/api/").Append(Html.E(paths.Approve)).Append("\">")
            .Append("<label for=\"delegateTo\">Confier cette demande à un collègue (adresse électronique)</label>")
            .Append("<input type=\"email\" id=\"delegateTo\" name=\"delegateTo\" required>")
            .Append("<button type=\"submit\">Transmettre</button></form>");
        return Html.Page($"Instruction : {application.Procedure.Title.Fr}", body.ToString(), language, PageIdentity.Of(application.Commune));
    }
}
