using Microsoft.Extensions.Options;
using Serverless.Core.Http;
using Serverless.Core.Notifications;
using Serverless.Core.Procedures;
using Serverless.Core.Review;

namespace Serverless.Core.Workflow.Activities;

/// <summary>
/// E-mails reviewers their own signed links (approve, reject, request changes, and one per attachment). Shared by the
/// first request, reminders, escalations and delegation, which differ only in recipients and wording.
/// </summary>
public sealed class ReviewerNotifier(
    ApplicationLoader loader,
    ProcedureCatalog catalog,
    EmailSender email,
    ReviewTokens tokens,
    IOptions<ReviewOptions> review,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock)
{
    /// <summary>The procedure's reviewers, or the deployment's override.</summary>
    public IReadOnlyList<string> ReviewersOf(ProcedureDefinition procedure) =>
        review.Value.ReviewerOverride is { Count: > 0 } everyone ? everyone : catalog.ReviewersOf(procedure);

    public async Task<IReadOnlyList<string>> NotifyAsync(ReviewRequest request, IReadOnlyList<string>? recipients = null, EscalationLevel? escalation = null, string? delegatedBy = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var application = await loader.GetAsync(request.Reference, CancellationToken.None);
        var reviewers = recipients ?? ReviewersOf(application.Procedure);
        if (reviewers.Count == 0)
        {
            throw new InvalidOperationException($"Procedure {application.Procedure.Id} has no reviewer (review.reviewers or the commune's role).");
        }

        var expiresAt = clock.GetUtcNow().Add(review.Value.LinkLifetime);
        foreach (var reviewer in reviewers)
        {
            var grant = new ReviewGrant(request.Reference, request.Round, reviewer, ReviewAction.Approve, expiresAt);
            var approve = tokens.Issue(grant);
            var links = new ReviewLinks(
                urls.Value.Api(Routes.ReviewPath(approve)),
                urls.Value.Api(Routes.ReviewPath(tokens.IssueSibling(grant, ReviewAction.Reject))),
                urls.Value.Api(Routes.ReviewPath(tokens.IssueSibling(grant, ReviewAction.RequestChanges))),
                [.. application.Record.Attachments.Select(file => (file.OriginalName, urls.Value.Api(Routes.ReviewAttachmentPath(approve, file.Id))))],
                expiresAt);
            var message = ReviewerEmails.ReviewRequest(application, reviewer, links, new ReviewerEmails.Occasion(request.ReminderNumber, escalation, delegatedBy));
            await email.SendAsync(message, CancellationToken.None);
        }

        return reviewers;
    }
}
