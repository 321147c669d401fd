using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Workflow;

namespace Serverless.Core.Review;

/// <summary>
/// Opens a review round: the application is under review, the legal deadline runs, the citizen's answer to the
/// previous round (if any) is taken into account. Returns the round's reviewers, each then e-mailed by an activity of
/// their own (version 2) or queued here for the e-mail dispatcher, one outbox row each (version 3). No reviewer cannot
/// be cured by retrying: that is an incident at once.
/// </summary>
public sealed class OpenReviewRoundActivity(
    ApplicationLoader loader,
    ApplicationStatusWriter status,
    ReviewerNotifier notifier,
    RecordedRequests requests,
    AuditTrail audit,
    FaultInjection faults,
    TimeProvider clock,
    EmailOutbox outbox,
    ReviewRoundOpening rounds)
{
    public async Task<IReadOnlyList<string>> RunAsync(ReviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var application = await loader.GetAsync(request.Reference, CancellationToken.None);
        var reviewers = notifier.ReviewersOf(application);
        if (reviewers.Count == 0)
        {
            throw new NonRetryableException($"Procedure {application.Procedure.Id} has no reviewer (review.reviewers or the commune's role).");
        }

        if (application.Record.InPartition && request.QueueReviewerEmails)
        {
            // Decision 0012: the status, the round's audit row and every reviewer's outbox row in one transaction.
            var opening = await rounds.PrepareAsync(application, reviewers, request.Round, request.DecisionDueAt);
            await status.CommitStepAsync(request.Reference, application.Record, _ => opening.Change, [opening.Audit], opening.Outbox, CancellationToken.None);
            if (request.Round > 1)
            {
                await requests.ApplyCorrectionAsync(request.Reference, request.Round - 1, CancellationToken.None);
            }

            await outbox.RequestDeliveriesAsync(opening.Outbox, CancellationToken.None);
            faults.AfterSideEffect(ActivityNames.OpenReviewRound, request.Reference);
            return reviewers;
        }

        // From the row just read (no second read): conditional on its ETag, so a row changed meanwhile is read again.
        await status.TransitionAsync(
            application.Record,
            new StatusChange(ApplicationStatus.UnderReview) { ReviewRound = request.Round, DecisionDueAt = request.DecisionDueAt, DeadlineSuspended = false },
            CancellationToken.None);
        if (request.Round > 1)
        {
            await requests.ApplyCorrectionAsync(request.Reference, request.Round - 1, CancellationToken.None);
        }

        await audit.RecordAsync(
            request.Reference,
            AuditSteps.ReviewRequested(request.Round),
            new AuditEntry(AuditAction.ReviewRequested, clock.GetUtcNow(), AuditActors.System, string.Join(", ", reviewers)),
            CancellationToken.None);
        if (request.QueueReviewerEmails)
        {
            foreach (var reviewer in reviewers)
            {
                await notifier.QueueAsync(application, new ReviewerEmail(request.Reference, request.Round, 0, reviewer), OutboxSteps.Review(request.Round, 0), onSend: null);
            }
        }

        faults.AfterSideEffect(ActivityNames.OpenReviewRound, request.Reference);
        return reviewers;
    }
}
