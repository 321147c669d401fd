using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Core.Workflow;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.BackOffice;

/// <summary>
/// <c>POST /api/agent/bulk</c>: approve or reject up to <see cref="MaxApplications"/> selected applications with one
/// comment. Each one is an individual decision through <see cref="DecisionRecorder"/> — its own decision row (keyed by
/// reference and round), its own event, its own audit entry written by its workflow — so running the same bulk action
/// again finds every row decided and changes nothing.
/// </summary>
public sealed class BulkDecisionHandler(AgentAuthentication authentication, ApplicationLoader loader, ReviewDecisions decisions, DecisionRecorder recorder, ProcedureCatalog catalog, TimeProvider clock)
{
    public const int MaxApplications = 500;

    public sealed record Outcome(int Recorded, int AlreadyDecided, int Skipped);

    public async Task<IActionResult> HandleAsync(HttpRequest request, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
        var (agent, forged) = await authentication.ForPostAsync(request, form, cancellationToken);
        if (forged)
        {
            return SignInHandler.Forged(language);
        }

        if (agent is null)
        {
            return Results.SeeOther(BackOfficeLayout.Home + BackOfficeLayout.Lang(language));
        }

        var commune = catalog.FindCommune(agent.CommuneId)!;
        var references = form["ref"].Select(value => value ?? string.Empty).Where(ApplicationReference.IsWellFormed).Distinct(StringComparer.Ordinal).ToList();
        var action = form["action"].ToString() switch
        {
            "approve" => ReviewAction.Approve,
            "reject" => ReviewAction.Reject,
            _ => (ReviewAction?)null,
        };
        var comment = SubmissionValidator.Normalise(form["comment"].ToString());
        string? error = references.Count == 0 ? BackOfficeLayout.T(language, "Sélectionnez au moins une demande.", "Select at least one application.")
            : references.Count > MaxApplications ? BackOfficeLayout.T(language, $"Sélectionnez au plus {MaxApplications} demandes à la fois.", $"Select at most {MaxApplications} applications at a time.")
            : action is null ? BackOfficeLayout.T(language, "Choisissez d'accepter ou de refuser.", "Choose to approve or reject.")
            : action == ReviewAction.Reject && comment.Length == 0 ? BackOfficeLayout.T(language, "Indiquez le motif du refus : il sera envoyé à chaque demandeur.", "Give the reason for the refusal: it is sent to each applicant.")
            : comment.Length > ReviewHandler.MaxCommentLength ? BackOfficeLayout.T(language, $"Le message ne doit pas dépasser {ReviewHandler.MaxCommentLength} caractères.", $"The message must not exceed {ReviewHandler.MaxCommentLength} characters.")
            : null;
        if (error is not null)
        {
            return PageResults.Page(400, BackOfficeLayout.Message(BackOfficeLayout.T(language, "Décision groupée impossible", "Bulk decision not possible"), error, "error", language, PageIdentity.Of(commune), agent));
        }

        var outcome = await DecideAllAsync(agent, references, action!.Value, comment, durable, cancellationToken);
        var message = BackOfficeLayout.T(
            language,
            $"{outcome.Recorded} décision(s) enregistrée(s), {outcome.AlreadyDecided} demande(s) déjà décidée(s), {outcome.Skipped} demande(s) sans décision attendue.",
            $"{outcome.Recorded} decision(s) recorded, {outcome.AlreadyDecided} application(s) already decided, {outcome.Skipped} application(s) expecting no decision.");
        return PageResults.Page(200, BackOfficeLayout.Message(BackOfficeLayout.T(language, "Décision groupée", "Bulk decision"), message, "ok", language, PageIdentity.Of(commune), agent));
    }

    private async Task<Outcome> DecideAllAsync(SignedInAgent agent, IReadOnlyList<string> references, ReviewAction action, string comment, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        int recorded = 0, already = 0, skipped = 0;
        var now = clock.GetUtcNow();
        await Parallel.ForEachAsync(references, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (reference, token) =>
        {
            var application = await loader.FindAsync(reference, token);
            // Another commune's reference, or another service's, counts as one expecting no decision: nothing about it
            // is told or done.
            if (application is null || application.Commune.Id != agent.CommuneId || !agent.Access.Covers(application.Procedure.Id) || application.Record.StatusValue is not (ApplicationStatus.UnderReview or ApplicationStatus.Incident))
            {
                Interlocked.Increment(ref skipped);
                return;
            }

            // A withdrawal the workflow has not recorded yet wins over a decision taken now, as for a single decision.
            if (application.Record.AwaitsWithdrawal)
            {
                Interlocked.Increment(ref skipped);
                return;
            }

            var round = application.Record.ReviewRound;
            if (await decisions.FindAsync(reference, round, token) is not null)
            {
                Interlocked.Increment(ref already);
                return;
            }

            var decision = new RecordedDecision(action.ToString(), agent.Email, comment, now);
            if (await recorder.RecordAsync(durable, application, round, decision, token) is null)
            {
                Interlocked.Increment(ref recorded);
            }
            else
            {
                Interlocked.Increment(ref already);
            }
        });
        return new Outcome(recorded, already, skipped);
    }
}
