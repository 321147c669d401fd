using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Serverless.Core.Applications;
using Serverless.Core.Deadlines;
using Serverless.Core.Http;
using Serverless.Core.Localization;
using Serverless.Core.Notifications;
using Serverless.Core.Pages;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Core.Storage;
using Serverless.Core.Workflow;
using Serverless.Core.Workflow.Activities;

using Results = Serverless.Core.Http.Results;

namespace Serverless.Core.BackOffice;

/// <summary>
/// <c>/api/agent/applications/{reference}</c>: an application as its commune's agents see it (values, attachments, the
/// full history, the deadline and its suspension, private notes, assignment) and the same decisions as the e-mail's
/// links, through the same rows and events (<see cref="DecisionRecorder"/>). Another commune's reference is the same
/// 404 as an unknown one.
/// </summary>
public sealed class ApplicationPageHandler(
    AgentAuthentication authentication,
    AgentDirectory directory,
    ApplicationLoader loader,
    ApplicationRepository applications,
    ApplicationIndex index,
    ReviewDecisions decisions,
    PendingRequests pending,
    DecisionRecorder recorder,
    AgentNotes notes,
    AuditTrail audit,
    BlobFiles files,
    ReviewerNotifier notifier,
    TimeProvider clock)
{
    public async Task<IActionResult> ShowAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var agent = await authentication.CurrentAsync(request, cancellationToken);
        if (agent is null)
        {
            return Results.SeeOther(BackOfficeLayout.Home + BackOfficeLayout.Lang(language));
        }

        var application = await OwnAsync(agent, reference, cancellationToken);
        return application is null ? NotFound(language, agent) : Results.Html(200, await RenderAsync(agent, application, language, null, cancellationToken));
    }

    public async Task<IActionResult> DecideAsync(HttpRequest request, string reference, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var (agent, application, language, form, refusal) = await OpenForPostAsync(request, reference, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var action = form!["action"].ToString() switch
        {
            "approve" => ReviewAction.Approve,
            "reject" => ReviewAction.Reject,
            "changes" => ReviewAction.RequestChanges,
            _ => (ReviewAction?)null,
        };
        var comment = SubmissionValidator.Normalise(form["comment"].ToString());
        var round = application!.Record.ReviewRound;
        if (await decisions.FindAsync(reference, round, cancellationToken) is { } earlier)
        {
            return AlreadyDecided(earlier, language, agent!, application);
        }

        string? error = action is null ? BackOfficeLayout.T(language, "Choisissez une décision.", "Choose a decision.")
            : comment.Length > ReviewHandler.MaxCommentLength ? BackOfficeLayout.T(language, $"Le message ne doit pas dépasser {ReviewHandler.MaxCommentLength} caractères.", $"The message must not exceed {ReviewHandler.MaxCommentLength} characters.")
            : action == ReviewAction.Reject && comment.Length == 0 ? BackOfficeLayout.T(language, "Indiquez le motif du refus : il sera envoyé au demandeur.", "Give the reason for the refusal: it is sent to the applicant.")
            : action == ReviewAction.RequestChanges && comment.Length == 0 ? BackOfficeLayout.T(language, "Indiquez les compléments attendus : ce message sera envoyé au demandeur.", "Say what is missing: this message is sent to the applicant.")
            : await ClosedReasonAsync(application, language, cancellationToken);
        if (error is not null)
        {
            return Results.Html(400, await RenderAsync(agent!, application, language, error, cancellationToken));
        }

        var fields = (form["fields"]).Where(name => application.Procedure.Field(name ?? string.Empty) is not null).Select(name => name!).ToList();
        var decision = new RecordedDecision(action!.Value.ToString(), agent!.Email, comment, clock.GetUtcNow()) { Fields = fields };
        if (await recorder.RecordAsync(durable, application, round, decision, cancellationToken) is { } first)
        {
            return AlreadyDecided(first, language, agent, application);
        }

        var done = action switch
        {
            ReviewAction.Approve => BackOfficeLayout.T(language, $"La demande {reference} est acceptée. L'attestation est envoyée au demandeur.", $"Application {reference} is approved. The certificate is sent to the applicant."),
            ReviewAction.Reject => BackOfficeLayout.T(language, $"La demande {reference} est refusée. Le motif est envoyé au demandeur.", $"Application {reference} is rejected. The reason is sent to the applicant."),
            _ => BackOfficeLayout.T(language, $"Les compléments sont demandés pour la demande {reference}.", $"Changes are requested for application {reference}."),
        };
        return Results.Html(200, BackOfficeLayout.Message(BackOfficeLayout.T(language, "Décision enregistrée", "Decision recorded"), done, "ok", language, PageIdentity.Of(application.Commune), agent));
    }

    public async Task<IActionResult> DelegateAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        var (agent, application, language, form, refusal) = await OpenForPostAsync(request, reference, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var colleague = SubmissionValidator.Normalise(form!["delegateTo"].ToString()).ToLowerInvariant();
        if (!MailAddress.TryCreate(colleague, out var address) || address.Address != colleague || !directory.Covers(colleague, application!.Commune.Id, application.Procedure.Id))
        {
            return Results.Html(400, await RenderAsync(agent!, application!, language, BackOfficeLayout.T(language, "Choisissez un agent de la commune chargé de cette démarche.", "Choose an agent of the commune in charge of this procedure."), cancellationToken));
        }

        var round = application.Record.ReviewRound;
        await notifier.SendAsync(application, new ReviewerEmail(reference, round, 0, colleague), OutboxSteps.Delegation(round), delegatedBy: agent!.Email);
        await audit.RecordAsync(reference, AuditSteps.Delegation(round, colleague), new AuditEntry(AuditAction.Delegated, clock.GetUtcNow(), AuditActors.Agent(agent.Email), colleague), cancellationToken);
        await AssignAsync(reference, colleague, cancellationToken);
        return Results.SeeOther(PagePath(reference, language));
    }

    public async Task<IActionResult> AssignAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        var (agent, application, language, form, refusal) = await OpenForPostAsync(request, reference, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var assignee = form!["assignee"].ToString().Trim().ToLowerInvariant();
        if (assignee.Length > 0 && !directory.Covers(assignee, application!.Commune.Id, application.Procedure.Id))
        {
            return Results.Html(400, await RenderAsync(agent!, application, language, BackOfficeLayout.T(language, "Choisissez un agent de la commune chargé de cette démarche.", "Choose an agent of the commune in charge of this procedure."), cancellationToken));
        }

        await AssignAsync(reference, assignee, cancellationToken);
        return Results.SeeOther(PagePath(reference, language));
    }

    public async Task<IActionResult> AddNoteAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        var (agent, application, language, form, refusal) = await OpenForPostAsync(request, reference, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var text = SubmissionValidator.Normalise(form!["note"].ToString());
        var noteId = form["noteId"].ToString();
        if (text.Length is 0 or > AgentNotes.MaxLength || noteId.Length is < 10 or > 40)
        {
            return Results.Html(400, await RenderAsync(agent!, application!, language, BackOfficeLayout.T(language, $"Écrivez une note (au plus {AgentNotes.MaxLength} caractères).", $"Write a note (at most {AgentNotes.MaxLength} characters)."), cancellationToken));
        }

        await notes.AddAsync(reference, $"{clock.GetUtcNow().UtcTicks:D19}-{Fingerprint.Of(noteId)}", new AgentNote(agent!.Email, clock.GetUtcNow(), text), cancellationToken);
        return Results.SeeOther(PagePath(reference, language));
    }

    public async Task<IActionResult> AttachmentAsync(HttpRequest request, string reference, string attachmentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var agent = await authentication.CurrentAsync(request, cancellationToken);
        var application = agent is null ? null : await OwnAsync(agent, reference, cancellationToken);
        var attachment = application?.Record.Attachments.FirstOrDefault(file => file.Id == attachmentId);
        if (attachment is null || await files.DownloadAsync(StorageNames.AttachmentsContainer, attachment.BlobName, cancellationToken) is not { } content)
        {
            return NotFound(language, agent);
        }

        return new BytesResult(attachment.ContentType, content, Path.GetFileName(attachment.BlobName))
            .WithHeader("X-Content-Type-Options", "nosniff")
            .WithHeader("Content-Security-Policy", "sandbox")
            .WithHeader("Cache-Control", "no-store");
    }

    public static string PagePath(string reference, Language language) =>
        $"{BackOfficeLayout.Home}/applications/{Uri.EscapeDataString(reference)}{BackOfficeLayout.Lang(language)}";

    /// <summary>
    /// The application if it belongs to the agent's commune and to a procedure their role covers; null otherwise (the
    /// caller answers 404 either way: an agent learns nothing about applications they have no need to know).
    /// </summary>
    private async Task<LoadedApplication?> OwnAsync(SignedInAgent agent, string reference, CancellationToken cancellationToken)
    {
        // A malformed reference is never looked up (nor sent to storage as a key).
        if (!ApplicationReference.IsWellFormed(reference))
        {
            return null;
        }

        var application = await loader.FindAsync(reference, cancellationToken);
        return application is not null && application.Commune.Id == agent.CommuneId && agent.Access.Covers(application.Procedure.Id) ? application : null;
    }

    private async Task<(SignedInAgent? Agent, LoadedApplication? Application, Language Language, IFormCollection? Form, IActionResult? Refusal)> OpenForPostAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
        var (agent, forged) = await authentication.ForPostAsync(request, form, cancellationToken);
        if (forged)
        {
            return (null, null, language, null, SignInHandler.Forged(language));
        }

        if (agent is null)
        {
            return (null, null, language, null, Results.SeeOther(BackOfficeLayout.Home + BackOfficeLayout.Lang(language)));
        }

        var application = await OwnAsync(agent, reference, cancellationToken);
        return application is null ? (agent, null, language, null, NotFound(language, agent)) : (agent, application, language, form, null);
    }

    private async Task AssignAsync(string reference, string assignee, CancellationToken cancellationToken)
    {
        await applications.MergeAsync(reference, new Dictionary<string, object?> { [nameof(ApplicationRecord.AssignedTo)] = assignee }, cancellationToken);
        await index.RefreshAsync(reference, cancellationToken);
    }

    /// <summary>Why no decision can be taken now, as the e-mail link's page says it; null when one can.</summary>
    private async Task<string?> ClosedReasonAsync(LoadedApplication application, Language language, CancellationToken cancellationToken)
    {
        var status = application.Record.StatusValue;
        if (status == ApplicationStatus.Withdrawn || (status.IsPending() && await pending.ExistsAsync(application.Reference, RequestKind.Withdrawal, 0, cancellationToken)))
        {
            return BackOfficeLayout.T(language, "Le demandeur a retiré cette demande : aucune décision n'est plus attendue.", "The applicant withdrew this application: no decision is expected any more.");
        }

        if (status is not (ApplicationStatus.UnderReview or ApplicationStatus.Incident))
        {
            return BackOfficeLayout.T(language, "Aucune décision n'est attendue sur cette demande pour l'instant.", "No decision is expected on this application now.");
        }

        // The status says whether a decision is expected, not the instance: one lost meanwhile is restarted (LostWorkflowSweep).
        return application.Record.ErasedAt is not null
            ? BackOfficeLayout.T(language, "Cette demande est déjà close : aucune décision n'est plus attendue.", "This application is closed: no decision is expected any more.")
            : null;
    }

    private async Task<string> RenderAsync(SignedInAgent agent, LoadedApplication application, Language language, string? error, CancellationToken cancellationToken)
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
        if (Pages.IncidentView.Of(record) is { } incident)
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

    private WrittenResult NotFound(Language language, SignedInAgent? agent) =>
        Results.Html(404, BackOfficeLayout.Message(
            BackOfficeLayout.T(language, "Demande introuvable", "Application not found"),
            BackOfficeLayout.T(language, "Aucune demande de votre commune ne porte cette référence.", "No application of your commune has this reference."),
            "error",
            language,
            BackOfficeLayout.IdentityOf(directory.CommuneOf(agent)),
            agent));

    private static WrittenResult AlreadyDecided(RecordedDecision decision, Language language, SignedInAgent agent, LoadedApplication application)
    {
        if (decision.IsImplicit)
        {
            var acceptance = decision.Decision == RecordedDecision.ImplicitAcceptance;
            var on = ApplicationSummary.DateTime(decision.DecidedAt, language);
            return Results.Html(409, BackOfficeLayout.Message(
                BackOfficeLayout.T(language, "Délai de décision expiré", "Decision deadline passed"),
                BackOfficeLayout.T(
                    language,
                    $"Le délai légal pour décider a expiré le {on} : le silence de l'administration vaut {(acceptance ? "acceptation" : "rejet")}, la demande est {(acceptance ? "acceptée" : "rejetée")} implicitement. Aucune décision ne peut plus être enregistrée.",
                    $"The legal deadline to decide passed on {on}: silence means {(acceptance ? "acceptance" : "rejection")}, the application is implicitly {(acceptance ? "approved" : "rejected")}. No decision can be recorded any more."),
                "notice",
                language,
                PageIdentity.Of(application.Commune),
                agent));
        }

        var verb = decision.Decision switch
        {
            nameof(ReviewAction.Approve) => BackOfficeLayout.T(language, "acceptée", "approved"),
            nameof(ReviewAction.Reject) => BackOfficeLayout.T(language, "refusée", "rejected"),
            _ => BackOfficeLayout.T(language, "renvoyée au demandeur pour compléments", "sent back for changes"),
        };
        return Results.Html(409, BackOfficeLayout.Message(
            BackOfficeLayout.T(language, "Déjà décidée", "Already decided"),
            BackOfficeLayout.T(language, $"Cette demande a déjà été {verb} par {decision.Reviewer} le {ApplicationSummary.DateTime(decision.DecidedAt, language)}.", $"This application was already {verb} by {decision.Reviewer} on {ApplicationSummary.DateTime(decision.DecidedAt, language)}."),
            "notice",
            language,
            PageIdentity.Of(application.Commune),
            agent));
    }
}
