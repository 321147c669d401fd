using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Serverless.Core.Applications;
using Serverless.Core.Localization;
using Serverless.Core.Pages;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Core.Storage;
using Serverless.Core.Workflow;

namespace Serverless.Core.Http;

/// <summary>
/// <c>GET /api/review/{token}</c> shows the confirmation page and changes nothing;
/// <c>POST /api/review/{token}</c> records the decision once and tells the workflow.
/// </summary>
public sealed partial class ReviewHandler(
    ReviewTokens tokens,
    ApplicationLoader loader,
    ReviewDecisions decisions,
    ApplicationRepository applications,
    AuditTrail audit,
    TimeProvider clock,
    ILogger<ReviewHandler> logger)
{
    public const int MaxCommentLength = 2000;

    public async Task<IActionResult> ShowAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        var (grant, refusal) = await CheckAsync(token, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (await decisions.FindAsync(grant!.Reference, grant.Round, cancellationToken) is { } earlier)
        {
            return AlreadyDecided(earlier);
        }

        var application = await loader.FindAsync(grant.Reference, cancellationToken);
        if (application is null)
        {
            return Page(404, "Demande introuvable", "Cette demande n'existe plus.", "error");
        }

        return Results.Html(200, ReviewPage.Render(application, grant.Reviewer, Routes.ReviewPath(tokens.IssueSibling(grant, ReviewAction.Approve)), Routes.ReviewPath(tokens.IssueSibling(grant, ReviewAction.Reject)), null));
    }

    public async Task<IActionResult> DecideAsync(HttpRequest request, string token, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (grant, refusal) = await CheckAsync(token, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var instanceId = ApplicationReference.InstanceId(grant!.Reference);
        if (await decisions.FindAsync(grant.Reference, grant.Round, cancellationToken) is { } previous)
        {
            return await RepliedAsync(durable, instanceId, grant, previous, cancellationToken);
        }

        var application = await loader.FindAsync(grant.Reference, cancellationToken);
        if (application is null)
        {
            return Page(404, "Demande introuvable", "Cette demande n'existe plus.", "error");
        }

        var comment = request.HasFormContentType
            ? SubmissionValidator.Normalise((await request.ReadFormAsync(cancellationToken))["comment"].ToString())
            : string.Empty;
        string? error = comment.Length > MaxCommentLength ? $"Le commentaire ne doit pas dépasser {MaxCommentLength} caractères."
            : grant.Action == ReviewAction.Reject && comment.Length == 0 ? "Indiquez le motif du refus : il sera envoyé au demandeur."
            : null;
        if (error is not null)
        {
            return Results.Html(400, ReviewPage.Render(application, grant.Reviewer, Routes.ReviewPath(tokens.IssueSibling(grant, ReviewAction.Approve)), Routes.ReviewPath(tokens.IssueSibling(grant, ReviewAction.Reject)), error));
        }

        var instance = await durable.GetInstanceAsync(instanceId, cancellationToken);
        if (instance is null || instance.IsCompleted)
        {
            return Page(409, "Demande close", "Cette demande est déjà close : aucune décision n'est plus attendue.", "error");
        }

        var now = clock.GetUtcNow();
        var decision = new RecordedDecision(grant.Action.ToString(), grant.Reviewer, comment, now, Delivered: false);
        var earlier = await decisions.TryRecordAsync(grant.Reference, grant.Round, decision, cancellationToken);
        if (earlier is not null)
        {
            return await RepliedAsync(durable, instanceId, grant, earlier, cancellationToken);
        }

        var approved = grant.Action == ReviewAction.Approve;
        await applications.UpdateStatusAsync(grant.Reference, approved ? ApplicationStatus.Approved : ApplicationStatus.Rejected, cancellationToken, approved ? null : comment);
        await audit.RecordAsync(
            grant.Reference,
            $"http-050-decision-r{grant.Round:D2}",
            new AuditEntry(approved ? AuditAction.Approved : AuditAction.Rejected, now, AuditActors.Agent(grant.Reviewer), comment),
            cancellationToken);
        await DeliverAsync(durable, instanceId, grant.Reference, grant.Round, decision, cancellationToken);
        LogDecided(grant.Reference, grant.Action, grant.Reviewer);
        return Page(
            200,
            "Décision enregistrée",
            approved
                ? $"La demande {grant.Reference} est acceptée. L'attestation est envoyée au demandeur."
                : $"La demande {grant.Reference} est refusée. Le motif est envoyé au demandeur.",
            "ok");
    }

    /// <summary>A link used again. If the first request stored the decision but failed before telling the workflow, finish its job.</summary>
    private async Task<IActionResult> RepliedAsync(DurableTaskClient durable, string instanceId, ReviewGrant grant, RecordedDecision earlier, CancellationToken cancellationToken)
    {
        if (!earlier.Delivered && await durable.GetInstanceAsync(instanceId, cancellationToken) is { IsCompleted: false })
        {
            await DeliverAsync(durable, instanceId, grant.Reference, grant.Round, earlier, cancellationToken);
        }

        return AlreadyDecided(earlier);
    }

    private async Task DeliverAsync(DurableTaskClient durable, string instanceId, string reference, int round, RecordedDecision decision, CancellationToken cancellationToken)
    {
        var payload = new ReviewDecisionEvent(Enum.Parse<ReviewAction>(decision.Decision), decision.Reviewer, decision.Comment, decision.DecidedAt);
        await durable.RaiseEventAsync(instanceId, WorkflowNames.ReviewDecisionEvent, payload, cancellationToken);
        await decisions.MarkDeliveredAsync(reference, round, cancellationToken);
    }

    private async Task<(ReviewGrant? Grant, IActionResult? Refusal)> CheckAsync(string token, CancellationToken cancellationToken)
    {
        var check = tokens.Check(token);
        switch (check.Problem)
        {
            case TokenProblem.Malformed or TokenProblem.BadSignature or TokenProblem.UnknownKey:
                LogRefused(check.Problem);
                return (null, Page(403, "Lien non valide", "Ce lien d'instruction n'est pas valide : il a pu être modifié ou mal copié. Utilisez le lien reçu par courriel.", "error"));
            case TokenProblem.Expired:
                var decided = await decisions.FindAsync(check.Grant!.Reference, check.Grant.Round, cancellationToken);
                return (null, decided is not null
                    ? AlreadyDecided(decided)
                    : Page(410, "Lien expiré", $"Ce lien a expiré le {ApplicationSummary.DateTime(check.Grant.ExpiresAt, Language.French)}. Une relance vous apportera un nouveau lien.", "error"));
            default:
                return (check.Grant, null);
        }
    }

    private static WrittenResult AlreadyDecided(RecordedDecision decision)
    {
        var verb = decision.Decision == nameof(ReviewAction.Approve) ? "acceptée" : "refusée";
        return Page(409, "Déjà décidée", $"Cette demande a déjà été {verb} par {decision.Reviewer} le {ApplicationSummary.DateTime(decision.DecidedAt, Language.French)}. Ce lien ne peut plus servir.", "notice");
    }

    private static WrittenResult Page(int status, string title, string message, string cssClass) =>
        Results.Html(status, Html.Message(title, message, cssClass, Language.French, Html.PlatformName));

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Reference}: {Action} by {Reviewer}")]
    private partial void LogDecided(string reference, ReviewAction action, string reviewer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review link refused: {Problem}")]
    private partial void LogRefused(TokenProblem problem);
}
