using Serverless.Core.Applications;
using Serverless.Core.Storage;

namespace Serverless.Core.Workflow.Activities;

/// <summary>Puts the application under review and asks the reviewers for a decision.</summary>
public sealed class RequestReviewActivity(ReviewerNotifier notifier, ApplicationRepository applications, AuditTrail audit, TimeProvider clock)
{
    public async Task RunAsync(ReviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await applications.UpdateStatusAsync(request.Reference, ApplicationStatus.UnderReview, CancellationToken.None);
        var reviewers = await notifier.NotifyAsync(request);
        await audit.RecordAsync(
            request.Reference,
            $"wf-030-review-r{request.Round:D2}",
            new AuditEntry(AuditAction.ReviewRequested, clock.GetUtcNow(), AuditActors.System, string.Join(", ", reviewers)),
            CancellationToken.None);
    }
}
