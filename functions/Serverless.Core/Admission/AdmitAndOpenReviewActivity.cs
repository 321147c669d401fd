using Serverless.Core.Applications;
using Serverless.Core.Receipts;
using Serverless.Core.Review;
using Serverless.Core.Workflow;

namespace Serverless.Core.Admission;

/// <summary>
/// Version 6's first step, one instead of two (<c>AdmitApplication</c>, then <c>OpenReviewRound</c>): the
/// acknowledgement of receipt, the automatic checks and, when they pass, review round 1 (status, audit, each
/// reviewer's request), all in one entity-group transaction with their outbox rows; then their deliveries. Checks that
/// fail commit the rejection instead; both commits are <see cref="AdmissionCommit"/>'s, as version 4's admission. A run
/// after a crash finds the step committed (its audit rows are there) and only requests the deliveries again. What this
/// step cannot do in one transaction (an application of before, a procedure without a reviewer) fails at once without
/// writing anything, and the workflow takes the two steps of version 4, which know how to report it.
/// </summary>
public sealed class AdmitAndOpenReviewActivity(
    AcknowledgeReceiptActivity acknowledge,
    ValidateApplicationActivity validate,
    ReviewerNotifier reviewers,
    ReviewRoundOpening rounds,
    AdmissionCommit admissions,
    FaultInjection faults)
{
    public async Task<AdmissionResult> RunAsync(AdmissionAndReview request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reference = request.Reference;
        var admission = await acknowledge.PrepareAsync(new Acknowledgement(reference, request.DecisionDueAt))
            ?? throw new NonRetryableException($"Application {reference} is not of the partition layout: admitted in two steps.");
        var admitted = admission.Application;
        var checks = validate.Check(admitted);
        var (check, checkRow, rejection) = checks;
        if (rejection is not null)
        {
            await admissions.CommitAsync(admission, checks, request.DecisionDueAt);
            faults.AfterSideEffect(ActivityNames.AdmitAndOpenReview, reference);
            return new AdmissionResult(check, []);
        }

        const int round = 1;
        var recipients = reviewers.ReviewersOf(admitted);
        if (recipients.Count == 0)
        {
            throw new NonRetryableException($"Procedure {admitted.Procedure.Id} has no reviewer: admitted in two steps, the second an incident.");
        }

        var opening = await rounds.PrepareAsync(admitted, recipients, round, request.DecisionDueAt);
        await admissions.CommitWithRoundAsync(admission, checkRow, opening);
        faults.AfterSideEffect(ActivityNames.AdmitAndOpenReview, reference);
        return new AdmissionResult(check, recipients);
    }
}
