using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Procedures;
using Serverless.Core.Workflow;
using Serverless.Platform.Configuration;
using Serverless.Platform.Email;

namespace Serverless.Core.Review;

/// <summary>
/// E-mails one reviewer their own signed links (approve, reject, request changes, and one per attachment), through the
/// outbox. Shared by the first request, reminders, escalations and delegation, which differ only in wording.
/// </summary>
public sealed class ReviewerNotifier(
    EmailOutbox outbox,
    ReviewTokens tokens,
    IOptions<ReviewOptions> review,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock)
{
    /// <summary>The reviewers of the application's own procedure version, or the deployment's override.</summary>
    public IReadOnlyList<string> ReviewersOf(LoadedApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return review.Value.ReviewerOverride is { Count: > 0 } everyone ? everyone : ProcedureCatalog.ReviewersOf(application.Procedure, application.Commune);
    }

    /// <summary>Sends the e-mail unless the outbox says it was sent before.</summary>
    public Task SendAsync(LoadedApplication application, ReviewerEmail email, string step, string? delegatedBy = null) =>
        outbox.SendOnceAsync(email.Reference, step, Render(application, email, delegatedBy), CancellationToken.None);

    /// <summary>Records the e-mail for the dispatcher (version 3), with the audit entry its sending writes.</summary>
    public Task QueueAsync(LoadedApplication application, ReviewerEmail email, string step, AuditOnSend? onSend) =>
        outbox.QueueOnceAsync(email.Reference, step, Render(application, email, delegatedBy: null), onSend, CancellationToken.None);

    /// <summary>The e-mail's outbox row for the step's transaction (partition layout, decision 0012).</summary>
    public Task<Azure.Data.Tables.TableEntity> PrepareAsync(LoadedApplication application, ReviewerEmail email, string step, AuditOnSend? onSend) =>
        outbox.PrepareQueuedAsync(email.Reference, step, Render(application, email, delegatedBy: null), onSend, CancellationToken.None);

    private EmailMessage Render(LoadedApplication application, ReviewerEmail email, string? delegatedBy)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(email);
        var expiresAt = clock.GetUtcNow().Add(review.Value.LinkLifetime);
        var grant = new ReviewGrant(email.Reference, email.Round, email.Recipient, ReviewAction.Approve, expiresAt);
        var approve = tokens.Issue(grant);
        var links = new ReviewLinks(
            urls.Value.Api(Routes.ReviewPath(approve)),
            urls.Value.Api(Routes.ReviewPath(tokens.IssueSibling(grant, ReviewAction.Reject))),
            urls.Value.Api(Routes.ReviewPath(tokens.IssueSibling(grant, ReviewAction.RequestChanges))),
            [.. application.Record.Attachments.Select(file => (file.OriginalName, urls.Value.Api(Routes.ReviewAttachmentPath(approve, file.Id))))],
            expiresAt);
        return ReviewerEmails.ReviewRequest(application, email.Recipient, links, new ReviewerEmails.Occasion(email.ReminderNumber, email.Escalation, delegatedBy));
    }
}
