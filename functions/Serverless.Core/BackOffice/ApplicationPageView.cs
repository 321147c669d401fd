using System.Security.Cryptography;
using System.Text;
using Serverless.Core.Applications;
using Serverless.Core.Deadlines;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Platform.Localization;


namespace Serverless.Core.BackOffice;

/// <summary>The page of one application as its commune's agents see it: facts, values, attachments, decision forms, assignment, history, notes.</summary>
public sealed class ApplicationPageView(AgentDirectory directory, ReviewDecisions decisions, AgentNotes notes, AuditTrail audit, TimeProvider clock)
{
    public static string PagePath(string reference, Language language) =>
        $"{BackOfficeLayout.Home}/applications/{Uri.EscapeDataString(reference)}{BackOfficeLayout.Lang(language)}";

    public async Task<string> RenderAsync(SignedInAgent agent, LoadedApplication application, Language language, string? error, CancellationToken cancellationToken)
    {
        string T(string fr, string en) => BackOfficeLayout.T(language, fr, en);
        var record = application.Record;
        var status = record.StatusValue;
        var html = new StringBuilder();
        if (error is not null)
        {
            html.Append("<p class=\"error\" role=\"alert\">").Append(Html.E(error)).Append("</p>");
        }

        var facts = new List<(string, string)>
        {
            (T("Référence", "Reference"), record.Reference),
            (T("Démarche", "Procedure"), language == Language.English ? application.Procedure.Title.En : application.Procedure.Title.Fr),
            (T("Statut", "Status"), language == Language.English ? status.Label().En : status.Label().Fr),
        };
        if (Tracking.IncidentView.Of(record) is { } incident)
        {
            // What the citizen's page shows as a delay, told to the agent with the step, so nobody decides blind.
            facts.Add((T("Incident en cours", "Ongoing incident"), string.Format(
                System.Globalization.CultureInfo.InvariantCulture,
                T("« {0} » en échec depuis le {1} ; reprise automatique, l'administrateur est prévenu.", "\"{0}\" failing since {1}; it resumes by itself, the administrator is told."),
                incident.Step,
                ApplicationSummary.DateTime(incident.Since, language))));
        }

        facts.AddRange(
        [
            (T("Déposée le", "Submitted"), ApplicationSummary.DateTime(record.SubmittedAt, language)),
            (T("Décision attendue avant le", "Decision due by"), DeadlineText.Format(application.DecisionDueAt, language)
                + (record.DeadlineSuspended ? " " + T("(délai suspendu : compléments demandés)", "(deadline suspended: changes requested)") : string.Empty)
                + (status.IsPending() && !record.DeadlineSuspended && application.DecisionDueAt < clock.GetUtcNow() ? " – " + T("en retard", "overdue") : string.Empty)),
            (T("Assignée à", "Assigned to"), record.AssignedTo is { Length: > 0 } assigned ? assigned : T("personne", "nobody")),
        ]);
        if (record.AnswerDueAt is { } answerDue && record.DeadlineSuspended)
        {
            facts.Add((T("Réponse du demandeur attendue au plus tard le", "Applicant's answer due by"), DeadlineText.Format(answerDue, language)));
        }

        if (record.CertificateNumber is { Length: > 0 } number)
        {
            facts.Add((T("Attestation", "Certificate"), number));
        }

        if (record.VerifiedFieldNames.Count > 0)
        {
            // Values the citizen did not type: FranceConnect vouched for them at submission (docs/FRANCECONNECT.md).
            var labels = record.VerifiedFieldNames.Select(name => application.Procedure.Field(name)?.Label).Where(label => label is not null).Select(label => language == Language.English ? label!.En : label!.Fr);
            facts.Add((T("Identité", "Identity"), T("identité vérifiée FranceConnect", "identity verified by FranceConnect") + " (" + string.Join(", ", labels) + ")"
                + (record.VerifiedAt is { } verifiedAt ? " – " + ApplicationSummary.DateTime(verifiedAt, language) : string.Empty)));
        }

        foreach (var (field, note) in record.VerifiedNoteByField)
        {
            // A value the administration gave (the family quotient): its source, so the agent asks for no proof.
            var label = application.Procedure.Field(field)?.Label;
            facts.Add((label is null ? field : language == Language.English ? label.En : label.Fr, note));
        }

        html.Append("<h2>").Append(T("Suivi", "Tracking")).Append("</h2>").Append(Html.Table(facts));
        html.Append("<h2>").Append(T("Informations déposées", "Submitted information")).Append("</h2>")
            .Append(Html.Table(ApplicationSummary.Lines(application.Procedure, application.Values, language).Select(line => (line.Label, line.Value))));
        if (record.Attachments.Count > 0)
        {
            html.Append("<h2>").Append(T("Pièces jointes", "Attachments")).Append("</h2><ul>");
            foreach (var file in record.Attachments)
            {
                html.Append("<li><a href=\"").Append(BackOfficeLayout.Home).Append("/applications/").Append(Html.E(Uri.EscapeDataString(record.Reference))).Append("/attachments/").Append(Html.E(Uri.EscapeDataString(file.Id))).Append("\">")
                    .Append(Html.E(file.OriginalName)).Append("</a></li>");
            }

            html.Append("</ul>");
        }

        var token = BackOfficeLayout.Hidden(AntiForgery.Field, agent.AntiForgeryToken);
        var path = $"{BackOfficeLayout.Home}/applications/{Html.E(Uri.EscapeDataString(record.Reference))}";
        var lang = BackOfficeLayout.Lang(language);
        if (status is ApplicationStatus.UnderReview or ApplicationStatus.Incident && await decisions.FindAsync(record.Reference, record.ReviewRound, cancellationToken) is null)
        {
            html.Append("<h2>").Append(T("Décision", "Decision")).Append("</h2>")
                .Append("<form method=\"post\" action=\"").Append(path).Append("/decision").Append(lang).Append("\">").Append(token)
                .Append("<label for=\"comment\">").Append(T("Message (obligatoire pour refuser ou demander des compléments : il est envoyé au demandeur)", "Message (required to reject or request changes: it is sent to the applicant)")).Append("</label>")
                .Append("<textarea id=\"comment\" name=\"comment\" rows=\"4\" maxlength=\"2000\"></textarea>")
                .Append("<fieldset><legend>").Append(T("En cas de demande de compléments, champs à corriger (aucun coché : tous)", "When requesting changes, the fields to correct (none ticked: all)")).Append("</legend>");
            foreach (var field in application.Procedure.Fields)
            {
                html.Append("<label class=\"choice\"><input type=\"checkbox\" name=\"fields\" value=\"").Append(Html.E(field.Name)).Append("\"> ")
                    .Append(Html.E(language == Language.English ? field.Label.En : field.Label.Fr)).Append("</label>");
            }

            html.Append("</fieldset>")
                .Append("<button type=\"submit\" name=\"action\" value=\"approve\">").Append(T("Accepter la demande", "Approve the application")).Append("</button> ")
                .Append("<button type=\"submit\" name=\"action\" value=\"changes\" class=\"changes\">").Append(T("Demander des compléments", "Request changes")).Append("</button> ")
                .Append("<button type=\"submit\" name=\"action\" value=\"reject\" class=\"danger\">").Append(T("Refuser la demande", "Reject the application")).Append("</button></form>");
            html.Append("<form method=\"post\" action=\"").Append(path).Append("/delegation").Append(lang).Append("\">").Append(token)
                .Append("<label for=\"delegateTo\">").Append(T("Confier l'instruction à un collègue (il reçoit ses propres liens)", "Hand the review to a colleague (they get their own links)")).Append("</label>")
                .Append(AgentSelect("delegateTo", application, agent.Email, required: true))
                .Append("<button type=\"submit\">").Append(T("Transmettre", "Hand over")).Append("</button></form>");
        }

        html.Append("<h2>").Append(T("Assignation", "Assignment")).Append("</h2>")
            .Append("<form method=\"post\" action=\"").Append(path).Append("/assignment").Append(lang).Append("\">").Append(token)
            .Append("<label for=\"assignee\">").Append(T("Agent chargé de la demande", "Agent in charge")).Append("</label>")
            .Append(AgentSelect("assignee", application, record.AssignedTo, required: false))
            .Append("<button type=\"submit\">").Append(T("Assigner", "Assign")).Append("</button></form>");

        html.Append("<h2>").Append(T("Historique", "History")).Append("</h2><div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"").Append(T("Historique", "History")).Append("\"><table><thead><tr><th scope=\"col\">").Append(T("Date", "Date")).Append("</th><th scope=\"col\">")
            .Append(T("Événement", "Event")).Append("</th><th scope=\"col\">").Append(T("Par", "By")).Append("</th><th scope=\"col\">").Append(T("Détail", "Detail")).Append("</th></tr></thead><tbody>");
        foreach (var entry in await audit.ReadAsync(record.Reference, cancellationToken))
        {
            html.Append("<tr><td>").Append(Html.E(ApplicationSummary.DateTime(entry.At, language))).Append("</td><td>").Append(Html.E(language == Language.English ? entry.Action.Label().En : entry.Action.Label().Fr))
                .Append("</td><td>").Append(Html.E(entry.Actor)).Append("</td><td>").Append(Html.E(entry.Detail)).Append("</td></tr>");
        }

        html.Append("</tbody></table></div>");

        html.Append("<h2>").Append(T("Notes internes", "Internal notes")).Append("</h2><p class=\"help\">").Append(T("Visibles des seuls agents de la commune, jamais du demandeur.", "Seen by the commune's agents only, never by the applicant.")).Append("</p>");
        foreach (var note in await notes.ReadAsync(record.Reference, cancellationToken))
        {
            html.Append("<div class=\"note\"><p class=\"help\">").Append(Html.E(note.Author)).Append(" – ").Append(Html.E(ApplicationSummary.DateTime(note.At, language))).Append("</p><p>").Append(Html.E(note.Text)).Append("</p></div>");
        }

        html.Append("<form method=\"post\" action=\"").Append(path).Append("/notes").Append(lang).Append("\">").Append(token)
            .Append(BackOfficeLayout.Hidden("noteId", Base64Url.Encode(RandomNumberGenerator.GetBytes(16))))
            .Append("<label for=\"note\">").Append(T("Nouvelle note", "New note")).Append("</label><textarea id=\"note\" name=\"note\" rows=\"3\" maxlength=\"4000\" required></textarea>")
            .Append("<button type=\"submit\">").Append(T("Ajouter la note", "Add the note")).Append("</button></form>");
        return BackOfficeLayout.Page($"{T("Demande", "Application")} {record.Reference}", html.ToString(), language, PageIdentity.Of(application.Commune), agent);
    }

    private string AgentSelect(string name, LoadedApplication application, string? selected, bool required)
    {
        var html = new StringBuilder("<select id=\"").Append(name).Append("\" name=\"").Append(name).Append('"').Append(required ? " required" : string.Empty).Append("><option value=\"\">–</option>");
        foreach (var email in directory.AgentsCovering(application.Commune.Id, application.Procedure.Id))
        {
            html.Append("<option value=\"").Append(Html.E(email)).Append('"').Append(string.Equals(email, selected, StringComparison.OrdinalIgnoreCase) && !required ? " selected" : string.Empty).Append('>').Append(Html.E(email)).Append("</option>");
        }

        return html.Append("</select>").ToString();
    }
}
