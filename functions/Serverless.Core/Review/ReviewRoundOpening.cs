using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Workflow;

namespace Serverless.Core.Review;

/// <summary>
/// What opening a review round writes in its step's one transaction (decision 0012): the status under review with the
/// round and its deadline, the round's audit row naming its reviewers, and each reviewer's request as an outbox row.
/// Shared by the step that opens a round (<see cref="OpenReviewRoundActivity"/>) and by version 6's admission, which
/// opens round 1 in the same transaction.
/// </summary>
public sealed class ReviewRoundOpening(ReviewerNotifier notifier, AuditTrail audit, TimeProvider clock)
{
    public sealed record Rows(StatusChange Change, Azure.Data.Tables.TableEntity Audit, IReadOnlyList<Azure.Data.Tables.TableEntity> Outbox);

    public async Task<Rows> PrepareAsync(LoadedApplication application, IReadOnlyList<string> reviewers, int round, DateTimeOffset? decisionDueAt)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(reviewers);
        var reference = application.Reference;
        var opened = audit.NewRow(reference, AuditSteps.ReviewRequested(round), new AuditEntry(AuditAction.ReviewRequested, clock.GetUtcNow(), AuditActors.System, string.Join(", ", reviewers)));
        var queued = new List<Azure.Data.Tables.TableEntity>();
        foreach (var reviewer in reviewers)
        {
            queued.Add(await notifier.PrepareAsync(application, new ReviewerEmail(reference, round, 0, reviewer), OutboxSteps.Review(round, 0), onSend: null));
        }

        var change = new StatusChange(ApplicationStatus.UnderReview) { ReviewRound = round, DecisionDueAt = decisionDueAt, DeadlineSuspended = false };
        return new Rows(change, opened, queued);
    }
}
