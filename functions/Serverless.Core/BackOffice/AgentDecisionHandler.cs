using System.Net.Mail;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Core.Workflow;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.BackOffice;

/// <summary>
/// The back office's decisions on one application, through the same rows and events as the e-mail's links
/// (<see cref="DecisionRecorder"/>), and the hand-over of its review to a colleague.
/// </summary>
public sealed class AgentDecisionHandler(
    AgentApplications access,
    ApplicationPageView view,
    AgentDirectory directory,
    ReviewDecisions decisions,
    DecisionRecorder recorder,
    ReviewerNotifier notifier,
    AuditTrail audit,
    AssignmentHandler assignment,
    TimeProvider clock)
{
    public async Task<IActionResult> DecideAsync(HttpRequest request, string reference, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var (agent, application, language, form, refusal) = await access.OpenForPostAsync(request, reference, cancellationToken);
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
            : ClosedReason(application, language);
        if (error is not null)
        {
            return PageResults.Page(400, await view.RenderAsync(agent!, application, language, error, cancellationToken));
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
        return PageResults.Page(200, BackOfficeLayout.Message(BackOfficeLayout.T(language, "Décision enregistrée", "Decision recorded"), done, "ok", language, PageIdentity.Of(application.Commune), agent));
    }

    public async Task<IActionResult> DelegateAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        var (agent, application, language, form, refusal) = await access.OpenForPostAsync(request, reference, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var colleague = SubmissionValidator.Normalise(form!["delegateTo"].ToString()).ToLowerInvariant();
        if (!MailAddress.TryCreate(colleague, out var address) || address.Address != colleague || !directory.Covers(colleague, application!.Commune.Id, application.Procedure.Id))
        {
            return PageResults.Page(400, await view.RenderAsync(agent!, application!, language, BackOfficeLayout.T(language, "Choisissez un agent de la commune chargé de cette démarche.", "Choose an agent of the commune in charge of this procedure."), cancellationToken));
        }

        var round = application.Record.ReviewRound;
        await notifier.SendAsync(application, new ReviewerEmail(reference, round, 0, colleague), OutboxSteps.Delegation(round), delegatedBy: agent!.Email);
        await audit.RecordAsync(reference, AuditSteps.Delegation(round, colleague), new AuditEntry(AuditAction.Delegated, clock.GetUtcNow(), AuditActors.Agent(agent.Email), colleague), cancellationToken);
        await assignment.AssignAsync(reference, colleague, cancellationToken);
        return Results.SeeOther(ApplicationPageView.PagePath(reference, language));
    }

    /// <summary>Why no decision can be taken now, as the e-mail link's page says it; null when one can.</summary>
    private static string? ClosedReason(LoadedApplication application, Language language)
    {
        var status = application.Record.StatusValue;
        if (status == ApplicationStatus.Withdrawn || application.Record.AwaitsWithdrawal)
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

    private static WrittenResult AlreadyDecided(RecordedDecision decision, Language language, SignedInAgent agent, LoadedApplication application)
    {
        if (decision.IsImplicit)
        {
            var acceptance = decision.Decision == RecordedDecision.ImplicitAcceptance;
            var on = ApplicationSummary.DateTime(decision.DecidedAt, language);
            return PageResults.Page(409, BackOfficeLayout.Message(
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
        return PageResults.Page(409, BackOfficeLayout.Message(
            BackOfficeLayout.T(language, "Déjà décidée", "Already decided"),
            BackOfficeLayout.T(language, $"Cette demande a déjà été {verb} par {decision.Reviewer} le {ApplicationSummary.DateTime(decision.DecidedAt, language)}.", $"This application was already {verb} by {decision.Reviewer} on {ApplicationSummary.DateTime(decision.DecidedAt, language)}."),
            "notice",
            language,
            PageIdentity.Of(application.Commune),
            agent));
    }
}
