using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Http;
using Serverless.Core.Notifications;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Core.Storage;

namespace Serverless.Core.Workflow.Activities;

/// <summary>
/// E-mails every reviewer their own signed approve and reject links, with the application's attachments. Shared by
/// the first request and the reminders, which differ only in wording and audit entry.
/// </summary>
public sealed class ReviewerNotifier(
    ApplicationLoader loader,
    ProcedureCatalog catalog,
    EmailSender email,
    ReviewTokens tokens,
    BlobFiles files,
    IOptions<ReviewOptions> review,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<string>> NotifyAsync(ReviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var application = await loader.GetAsync(request.Reference, CancellationToken.None);
        var reviewers = review.Value.ReviewerOverride is { Count: > 0 } everyone ? everyone : catalog.ReviewersOf(application.Procedure);
        if (reviewers.Count == 0)
        {
            throw new InvalidOperationException($"Procedure {application.Procedure.Id} has no reviewer (review.reviewers or the commune's role).");
        }

        var attachments = new List<EmailAttachment>();
        foreach (var stored in application.Record.Attachments)
        {
            var content = await files.DownloadAsync(StorageNames.AttachmentsContainer, stored.BlobName, CancellationToken.None)
                ?? throw new InvalidOperationException($"Attachment {stored.BlobName} of {request.Reference} is missing.");
            attachments.Add(new EmailAttachment(Path.GetFileName(stored.BlobName), stored.ContentType, content));
        }

        var expiresAt = clock.GetUtcNow().Add(review.Value.LinkLifetime);
        foreach (var reviewer in reviewers)
        {
            var grant = new ReviewGrant(request.Reference, request.Round, reviewer, ReviewAction.Approve, expiresAt);
            var links = new ReviewLinks(
                urls.Value.Api(Routes.ReviewPath(tokens.Issue(grant))),
                urls.Value.Api(Routes.ReviewPath(tokens.IssueSibling(grant, ReviewAction.Reject))),
                expiresAt);
            var message = ReviewerEmails.ReviewRequest(application, reviewer, links, request.ReminderNumber);
            await email.SendAsync(message with { Attachments = attachments }, CancellationToken.None);
        }

        return reviewers;
    }
}
