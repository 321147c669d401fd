using System.Net.Mail;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Core.Tokens;
using Serverless.Core.Workflow;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Serverless.Platform.Storage;

namespace Serverless.Core.Review;

/// <summary>
/// <c>GET /api/review/{token}</c> shows the confirmation page and changes nothing;
/// <c>POST /api/review/{token}</c> records the decision once (a conditional insert: first decision wins) and tells the
/// workflow, which alone changes the application's status; or hands the application to a colleague listed for the
/// commune. <c>GET /api/review/{token}/attachments/{index}</c> shows an attachment to the link's holder.
/// </summary>
public sealed partial class ReviewHandler(
    ReviewTokens tokens,
    ApplicationLoader loader,
    ReviewDecisions decisions,
    BlobFiles files,
    ReviewerNotifier notifier,
    DecisionRecorder recorder,
    AuditTrail audit,
    AgentDirectory directory,
    LinkHolders holders,
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

        var (earlier, record) = await decisions.FindWithApplicationAsync(grant!.Reference, grant.Round, cancellationToken);
        if (earlier is not null)
        {
            return AlreadyDecided(earlier);
        }

        var (application, closed) = await OpenApplicationAsync(grant, record, cancellationToken);
        return closed ?? PageResults.Page(200, ReviewPage.Render(application!, grant.Reviewer, Paths(grant, application!), null));
    }

    public async Task<IActionResult> DecideAsync(HttpRequest request, string token, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (grant, refusal) = await CheckAsync(token, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var (previous, record) = await decisions.FindWithApplicationAsync(grant!.Reference, grant.Round, cancellationToken);
        if (previous is not null)
        {
            // Recorded before: if its event was lost, the sweeper delivers it; a link decides once.
            return AlreadyDecided(previous);
        }

        var (application, closed) = await OpenApplicationAsync(grant, record, cancellationToken);
        if (closed is not null)
        {
            return closed;
        }

        var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null;
        var delegateTo = SubmissionValidator.Normalise(form?["delegateTo"].ToString());
        if (delegateTo.Length > 0)
        {
            return await DelegateAsync(application!, grant, delegateTo, cancellationToken);
        }

        var comment = SubmissionValidator.Normalise(form?["comment"].ToString());
        var fields = (form?["fields"] ?? default).Where(name => application!.Procedure.Field(name ?? string.Empty) is not null).Select(name => name!).ToList();
        string? error = comment.Length > MaxCommentLength ? $"Le message ne doit pas dépasser {MaxCommentLength} caractères."
            : grant.Action == ReviewAction.Reject && comment.Length == 0 ? "Indiquez le motif du refus : il sera envoyé au demandeur."
            : grant.Action == ReviewAction.RequestChanges && comment.Length == 0 ? "Indiquez les compléments attendus : ce message sera envoyé au demandeur."
            : null;
        if (error is not null)
        {
            return PageResults.Page(400, ReviewPage.Render(application!, grant.Reviewer, Paths(grant, application!), error));
        }

        // No read of the workflow instance (one engine call fewer per decision): the application's status above says
        // whether a decision is still awaited, the recorder checks the legal deadline, and the decision row's conditional
        // insert settles a race with silence. A decision recorded while the instance is lost is kept by the request
        // sweeper and applied by the instance LostWorkflowSweep restarts.
        var now = clock.GetUtcNow();
        var decision = new RecordedDecision(grant.Action.ToString(), grant.Reviewer, comment, now) { Fields = fields };
        // The same path as the back office's decisions: pending request, decision row (first wins), event.
        if (await recorder.RecordAsync(durable, application!, grant.Round, decision, cancellationToken) is { } earlier)
        {
            return AlreadyDecided(earlier);
        }

        LogDecided(grant.Reference, grant.Action, grant.Reviewer);
        var done = grant.Action switch
        {
            ReviewAction.Approve => $"La demande {grant.Reference} est acceptée. L'attestation est envoyée au demandeur.",
            ReviewAction.Reject => $"La demande {grant.Reference} est refusée. Le motif est envoyé au demandeur.",
            _ => $"Les compléments sont demandés pour la demande {grant.Reference}. Vous recevrez un nouveau courriel quand le demandeur aura répondu.",
        };
        return Page(200, "Décision enregistrée", done, "ok");
    }

    public async Task<IActionResult> AttachmentAsync(string token, string attachmentId, CancellationToken cancellationToken)
    {
        var (grant, refusal) = await CheckAsync(token, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        // An attachment is shown for the decision only: once it is taken, or the application is closed, the link
        // serves it no more.
        var (earlier, record) = await decisions.FindWithApplicationAsync(grant!.Reference, grant.Round, cancellationToken);
        if (earlier is not null)
        {
            return AlreadyDecided(earlier);
        }

        var (application, closed) = await OpenApplicationAsync(grant, record, cancellationToken);
        if (closed is not null)
        {
            return closed;
        }

        var attachment = application!.Record.Attachments.FirstOrDefault(file => file.Id == attachmentId);
        if (attachment is null || await files.DownloadAsync(StorageNames.AttachmentsContainer, attachment.BlobName, cancellationToken) is not { } content)
        {
            return Page(404, "Pièce introuvable", "Cette pièce jointe n'existe pas (ou plus) : le demandeur a pu la remplacer.", "error");
        }

        return new BytesResult(attachment.ContentType, content, Path.GetFileName(attachment.BlobName))
            .WithHeader("X-Content-Type-Options", "nosniff")
            .WithHeader("Content-Security-Policy", "sandbox");
    }

    /// <summary>The application behind a valid link, or the page that says why it can no longer be acted on.</summary>
    private async Task<(LoadedApplication? Application, WrittenResult? Closed)> OpenApplicationAsync(ReviewGrant grant, ApplicationRecord? record, CancellationToken cancellationToken)
    {
        // The record came with the round's decision, in one request (null: no application).
        var application = record is null ? null : await loader.LoadAsync(record, cancellationToken);
        if (application is null)
        {
            return (null, Page(404, "Demande introuvable", "Cette demande n'existe plus.", "error"));
        }

        if (!holders.InCharge(grant.Reviewer, application.Commune.Id, application.Procedure.Id))
        {
            LogNoLongerInCharge(grant.Reference);
            return (null, Page(403, "Lien révoqué", "Votre adresse n'est plus chargée de cette démarche dans le catalogue de la commune : ce lien ne peut plus servir.", "error"));
        }

        var status = application.Record.StatusValue;
        // A withdrawal the workflow has not recorded yet wins over any decision taken now (it reached the workflow first):
        // the row read with the decision says so (WithdrawalRequestedAt), no lookup of the pending requests.
        if (status == ApplicationStatus.Withdrawn || application.Record.AwaitsWithdrawal)
        {
            return (null, Page(409, "Demande retirée", "Le demandeur a retiré cette demande : aucune décision n'est plus attendue.", "notice"));
        }

        if (!status.IsPending())
        {
            return (null, Page(409, "Demande close", $"Cette demande est close ({status.Label().Fr.ToLowerInvariant()}) : aucune décision n'est plus attendue.", "notice"));
        }

        if (grant.Round != application.Record.ReviewRound || status == ApplicationStatus.ChangesRequested)
        {
            return (null, Page(409, "Lien dépassé", "Ce lien concerne une étape précédente de l'instruction : des compléments ont été demandés depuis. Utilisez le lien du courriel le plus récent.", "notice"));
        }

        return (application, null);
    }

    private ReviewPaths Paths(ReviewGrant grant, LoadedApplication application)
    {
        var approve = tokens.IssueSibling(grant, ReviewAction.Approve);
        return new ReviewPaths(
            Routes.ReviewPath(approve),
            Routes.ReviewPath(tokens.IssueSibling(grant, ReviewAction.Reject)),
            Routes.ReviewPath(tokens.IssueSibling(grant, ReviewAction.RequestChanges)),
            [.. application.Record.Attachments.Select(file => (file.OriginalName, Routes.ReviewAttachmentPath(approve, file.Id)))]);
    }

    /// <summary>Hands the application to a colleague of the same commune: they get their own links; nothing is decided.</summary>
    private async Task<IActionResult> DelegateAsync(LoadedApplication application, ReviewGrant grant, string colleague, CancellationToken cancellationToken)
    {
        // Only agents the catalogue puts in charge of this procedure: a shared mail domain (a public provider) proves
        // nothing, and another service's agent has no need to know.
        var agents = directory.AgentsCovering(application.Commune.Id, application.Procedure.Id);
        if (!MailAddress.TryCreate(colleague, out var address) || address.Address != colleague || !agents.Contains(colleague, StringComparer.OrdinalIgnoreCase))
        {
            return PageResults.Page(400, ReviewPage.Render(application, grant.Reviewer, Paths(grant, application), $"Indiquez l'adresse d'un agent de la commune ({string.Join(", ", agents)})."));
        }

        await notifier.SendAsync(application, new ReviewerEmail(grant.Reference, grant.Round, 0, colleague), OutboxSteps.Delegation(grant.Round), delegatedBy: grant.Reviewer);
        var now = clock.GetUtcNow();
        await audit.RecordAsync(grant.Reference, AuditSteps.Delegation(grant.Round, colleague), new AuditEntry(AuditAction.Delegated, now, AuditActors.Agent(grant.Reviewer), colleague), cancellationToken);
        return Page(200, "Demande transmise", $"{colleague} a reçu ses propres liens pour instruire la demande {grant.Reference}.", "ok");
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
        if (decision.IsImplicit)
        {
            var (means, outcome) = decision.Decision == RecordedDecision.ImplicitAcceptance ? ("acceptation", "acceptée") : ("rejet", "rejetée");
            return Page(409, "Délai de décision expiré", $"Le délai légal pour décider a expiré le {ApplicationSummary.DateTime(decision.DecidedAt, Language.French)} : le silence de l'administration vaut {means}, la demande est {outcome} implicitement. Aucune décision ne peut plus être enregistrée par ce lien.", "notice");
        }

        var verb = decision.Decision switch
        {
            nameof(ReviewAction.Approve) => "acceptée",
            nameof(ReviewAction.Reject) => "refusée",
            _ => "renvoyée au demandeur pour compléments",
        };
        return Page(409, "Déjà décidée", $"Cette demande a déjà été {verb} par {decision.Reviewer} le {ApplicationSummary.DateTime(decision.DecidedAt, Language.French)}. Ce lien ne peut plus servir.", "notice");
    }

    private static WrittenResult Page(int status, string title, string message, string cssClass) =>
        PageResults.Page(status, Html.Message(title, message, cssClass, Language.French, Html.PlatformName));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Application {Reference}: a review link of an agent no longer in charge of its procedure was refused")]
    private partial void LogNoLongerInCharge(string reference);

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Reference}: {Action} by {Reviewer}")]
    private partial void LogDecided(string reference, ReviewAction action, string reviewer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review link refused: {Problem}")]
    private partial void LogRefused(TokenProblem problem);
}
