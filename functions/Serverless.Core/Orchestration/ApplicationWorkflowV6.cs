using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Serverless.Core.Applications;
using Serverless.Core.Certificates;
using Serverless.Core.Deadlines;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Core.Workflow;

namespace Serverless.Core.Orchestration;

/// <summary>
/// Version 6 of one application's lifecycle: version 4's path and legal deadlines in two activities fewer, since each
/// costs the engine about nine storage requests (a work item put, taken and deleted, its result put on the control
/// queue, taken and deleted, the history read and written, the instance's row merged). Admission and the opening of
/// review round 1 are one step (<see cref="WorkflowActivities.AdmitAndOpenReview"/>), and so are the certificate and
/// the decision e-mail (<see cref="WorkflowActivities.ApproveApplication"/>); each writes its status, audit entries
/// and e-mails in one entity-group transaction. When the combined first step still fails after its quick retries, the
/// instance takes version 4's two steps, so an incident and the legal deadline work exactly as they do there (an
/// incident while opening the round gives way to the deadline; one during admission does not). The review round
/// (<see cref="ReviewRoundV4"/>), the wait for corrections and the deadline's arithmetic are version 4's, called; the
/// loop over rounds below is version 4's, copied with the approval changed. A lost instance of this version resumes on
/// version 5 (version 4's path). Deterministic: all I/O happens in activities.
/// </summary>
/// <summary>What runs between an agent's approval and the certificate (version 7: the signature circuit).</summary>
internal delegate Task<(bool Withdrawn, string? SignedDecision)> BeforeApproval(WorkflowSteps steps, ReviewDecisionEvent decision, Task<WithdrawalEvent> withdrawal, DateTimeOffset dueAt);

/// <summary>A wait that may end the application (version 8: the payment, before review or before the certificate).</summary>
internal delegate Task<PaymentWaitOutcome> PaymentWait(WorkflowSteps steps, Task<WithdrawalEvent> withdrawal);

/// <summary>How a payment wait ended: paid (or nothing to pay), withdrawn, or abandoned unpaid.</summary>
internal enum PaymentWaitOutcome
{
    Paid,
    Withdrawn,
    Abandoned,
}

/// <summary>The waits a later version adds to version 6's path; all null is version 6 itself.</summary>
internal sealed record WorkflowHooks(BeforeApproval? BeforeApproval = null, PaymentWait? BeforeReview = null, PaymentWait? BeforeCertificate = null);

public static class ApplicationWorkflowV6
{
    public static Task<ApplicationOutcome> RunAsync(TaskOrchestrationContext context, ApplicationWorkflowInput input) =>
        RunAsync(context, input, new WorkflowHooks());

    /// <summary>
    /// Version 6's path with the waits of later versions (<paramref name="hooks"/>). <c>BeforeApproval</c> (version 7)
    /// runs between an agent's approval and the certificate: it answers whether the citizen withdrew meanwhile, and the
    /// signed decision to send with the certificate. <c>BeforeReview</c> (version 8) runs between admission and the
    /// first review round, with admission as its own step; <c>BeforeCertificate</c> (version 8) between an approval
    /// (the agent's, after its circuit, or by silence) and the certificate. All null: version 6 itself, whose history
    /// this leaves exactly as it was.
    /// </summary>
    internal static async Task<ApplicationOutcome> RunAsync(TaskOrchestrationContext context, ApplicationWorkflowInput input, WorkflowHooks hooks)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        var beforeApproval = hooks.BeforeApproval;
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        if (input.Resume is not null)
        {
            throw new InvalidOperationException($"Workflow version 6 does not resume; a lost instance restarts on version {WorkflowNames.ResumedVersion}.");
        }

        var logger = context.CreateReplaySafeLogger(nameof(ApplicationWorkflowV6));
        var steps = new WorkflowSteps(context, input);
        var reference = input.Reference;
        var clock = new WorkflowClock(input.Timing.DayLength);
        var period = input.Timing.DecisionPeriod ?? LegalPeriod.OfDays(input.Timing.DecisionDeadlineDays);
        var deadline = DecisionDeadline.Start(period, input.Timing.DayLength, input.ReceivedAt ?? ApplicationWorkflowV4.Now(context));
        var dueAt = deadline.EndsAt;

        // Paid before review: admission alone first (the citizen gets the receipt), the first round once paid.
        var (admitted, firstReview) = hooks.BeforeReview is null
            ? await AdmitAsync(steps, input, dueAt)
            : (await steps.CallAsync(WorkflowActivities.AdmitApplication, new Acknowledgement(reference, dueAt)), null);
        if (!admitted.IsValid)
        {
            await steps.CallAsync(WorkflowActivities.NotifyCitizen, new CitizenNotice(reference, CitizenOutcome.Rejected, string.Join(" ", admitted.Reasons), null, Queued: true));
            logger.FailedChecks(reference);
            return new ApplicationOutcome(reference, ApplicationStatus.Rejected, null);
        }

        // Created once: a withdrawal may come at any time, during review or while the citizen corrects.
        var withdrawal = context.WaitForExternalEvent<WithdrawalEvent>(WorkflowNames.WithdrawalEvent);
        if (hooks.BeforeReview is { } payFirst && await EndedUnpaidAsync(steps, reference, await payFirst(steps, withdrawal)) is { } unpaid)
        {
            return unpaid;
        }

        IReadOnlyList<string> reviewers = [];
        for (var round = 1; ; round++)
        {
            var review = new ReviewRoundV4(context, steps, input, round, dueAt);
            var opened = round == 1 && firstReview is { } first ? first : await review.OpenAsync();
            reviewers = opened.Reviewers.Count > 0 ? opened.Reviewers : reviewers;
            var outcome = opened.DeadlinePassed ? ReviewOutcomeV4.Deadline : await review.WaitAsync(withdrawal, reviewers);
            if (outcome.DeadlinePassed)
            {
                // Silence decides only if no agent decided first (version 4's claim).
                var recorded = await steps.CallAsync(WorkflowActivities.ClaimImplicitDecision,
                    new ImplicitDecisionClaim(reference, round, dueAt, input.Timing.SilenceMeans == SilenceMeans.Acceptance));
                outcome = recorded is null ? outcome : new ReviewOutcomeV4(recorded, Withdrawn: false, DeadlinePassed: false);
            }

            switch (outcome)
            {
                case { Decision: { Action: ReviewAction.Approve } decision }:
                    var (withdrawn, signedDecision) = beforeApproval is null ? (false, null) : await beforeApproval(steps, decision, withdrawal, dueAt);
                    if (withdrawn)
                    {
                        return await ApplicationWorkflowV4.WithdrawnAsync(steps, reference);
                    }

                    if (hooks.BeforeCertificate is { } payAfter && await EndedUnpaidAsync(steps, reference, await payAfter(steps, withdrawal)) is { } notPaid)
                    {
                        return notPaid;
                    }

                    return await ApproveAsync(context, steps, reference, CitizenOutcome.Approved, decision.Comment, reviewers, logger, signedDecision);
                case { Decision: { Action: ReviewAction.Reject } decision }:
                    await steps.CallAsync(WorkflowActivities.NotifyCitizen, new CitizenNotice(reference, CitizenOutcome.Rejected, decision.Comment, null, Queued: true));
                    logger.Rejected(reference);
                    return new ApplicationOutcome(reference, ApplicationStatus.Rejected, null);
                case { Withdrawn: true }:
                    return await ApplicationWorkflowV4.WithdrawnAsync(steps, reference);
                case { DeadlinePassed: true } when input.Timing.SilenceMeans == SilenceMeans.Acceptance:
                    // Accepted by silence: the certificate too waits for the payment (before the approval is written).
                    if (hooks.BeforeCertificate is { } payOnSilence && await EndedUnpaidAsync(steps, reference, await payOnSilence(steps, withdrawal)) is { } silentUnpaid)
                    {
                        return silentUnpaid;
                    }

                    await steps.CallAsync(WorkflowActivities.CloseApplication, new Closing(reference, ClosingReason.ImplicitAcceptance));
                    return await ApproveAsync(context, steps, reference, CitizenOutcome.ImplicitlyApproved, string.Empty, reviewers, logger);
                case { DeadlinePassed: true }:
                    await steps.CallAsync(WorkflowActivities.CloseApplication, new Closing(reference, ClosingReason.ImplicitRejection));
                    await steps.CallAsync(WorkflowActivities.NotifyCitizen, new CitizenNotice(reference, CitizenOutcome.ImplicitlyRejected, string.Empty, null, Queued: true));
                    return new ApplicationOutcome(reference, ApplicationStatus.Rejected, null);
                case { Decision: { Action: ReviewAction.RequestChanges } changes }:
                    // As version 4: the deadline stops at the agent's recorded request and runs again from the correction.
                    var answerDueAt = ApplicationWorkflowV4.AnswerDueAt(input.Timing, clock, ApplicationWorkflowV4.Now(context));
                    await steps.CallAsync(WorkflowActivities.RequestChanges, new ChangeRequest(reference, round, changes.Comment, changes.Fields, answerDueAt));
                    var (ended, next) = await ApplicationWorkflowV4.CorrectionAsync(context, steps, input, round, changes.DecidedAt, answerDueAt, withdrawal, deadline);
                    if (ended is not null)
                    {
                        return ended;
                    }

                    deadline = next!;
                    dueAt = deadline.EndsAt;
                    break;
            }
        }
    }

    /// <summary>How a payment wait ends the application, or null when it was paid and the path goes on.</summary>
    private static async Task<ApplicationOutcome?> EndedUnpaidAsync(WorkflowSteps steps, string reference, PaymentWaitOutcome outcome) => outcome switch
    {
        PaymentWaitOutcome.Withdrawn => await ApplicationWorkflowV4.WithdrawnAsync(steps, reference),
        PaymentWaitOutcome.Abandoned => new ApplicationOutcome(reference, ApplicationStatus.Abandoned, null),
        _ => null,
    };

    /// <summary>
    /// Admission and round 1 in one step; if it still fails after its quick retries, version 4's admission (its
    /// incident waits as long as it takes) and the round opened on its own later (its incident gives way to the
    /// deadline). Answers the checks and, when the combined step opened round 1, how it opened.
    /// </summary>
    private static async Task<(ValidationOutcome Check, (bool DeadlinePassed, IReadOnlyList<string> Reviewers)? FirstReview)> AdmitAsync(
        WorkflowSteps steps, ApplicationWorkflowInput input, DateTimeOffset dueAt)
    {
        var (done, result) = await steps.AttemptAsync(WorkflowActivities.AdmitAndOpenReview, new AdmissionAndReview(input.Reference, dueAt));
        if (done && result is not null)
        {
            return (result.Check, result.Check.IsValid ? (false, result.Reviewers) : null);
        }

        return (await steps.CallAsync(WorkflowActivities.AdmitApplication, new Acknowledgement(input.Reference, dueAt)), null);
    }

    private static async Task<ApplicationOutcome> ApproveAsync(TaskOrchestrationContext context, WorkflowSteps steps, string reference, CitizenOutcome outcome, string comment, IReadOnlyList<string> reviewers, ILogger logger, string? signedDecision = null)
    {
        var proposed = CertificateNumbers.From(context.NewGuid(), context.CurrentUtcDateTime.Year);
        var certificate = await steps.CallAsync(WorkflowActivities.ApproveApplication, new Approval(
            new CertificateRequest(reference, proposed, ApplicationWorkflowV4.Now(context), Implicit: outcome == CitizenOutcome.ImplicitlyApproved, NotifyReviewers: false) { SignedDecision = signedDecision },
            outcome,
            comment,
            reviewers));
        logger.Approved(reference, certificate.Number);
        return new ApplicationOutcome(reference, ApplicationStatus.Approved, certificate.Number);
    }
}
