using Serverless.Core.Applications;
using Serverless.Core.Storage;

namespace Serverless.Core.Workflow.Activities;

/// <summary>Opens a review round: the application is under review, the legal deadline runs, the reviewers get their links.</summary>
public sealed class RequestReviewActivity(ReviewerNotifier notifier, ApplicationRepository applications, AuditTrail audit, TimeProvider clock)
{
    public async Task RunAsync(ReviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await applications.MergeAsync(
            request.Reference,
            new Dictionary<string, object?>
            {
                [nameof(ApplicationRecord.Status)] = nameof(ApplicationStatus.UnderReview),
                [nameof(ApplicationRecord.ReviewRound)] = request.Round,
                [nameof(ApplicationRecord.DecisionDueAt)] = request.DecisionDueAt,
                [nameof(ApplicationRecord.DeadlineSuspended)] = false,
            },
            CancellationToken.None);
        var reviewers = await notifier.NotifyAsync(request);
        await audit.RecordAsync(
            request.Reference,
            $"wf-030-review-r{request.Round:D2}",
            new AuditEntry(AuditAction.ReviewRequested, clock.GetUtcNow(), AuditActors.System, string.Join(", ", reviewers)),
            CancellationToken.None);
    }
}
