using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Serverless.Core.Applications;
using Serverless.Core.Certificates;
using Serverless.Core.Deadlines;
using Serverless.Core.Procedures;
using Serverless.Core.Workflow;

namespace Serverless.Core.Orchestration;

// FROZEN: version 1 of the workflow, exactly as instances started before version 2 recorded it (commit 98c09cb).
// In-flight instances replay this code for months: never change the order, names or inputs of what it schedules.
// Its activities keep their names and inputs; their implementations moved to the outbox and the status writer.
// See docs/decisions/0003-workflow-versions.md.
/// <summary>
/// One application's lifecycle: acknowledgement → automatic checks → review rounds (reminders and escalation in
/// working days, requests for changes that suspend the legal deadline) → decision, implicit decision when the deadline
/// passes (SVA/SVR), withdrawal or abandonment → certificate → notification. Deterministic: all I/O happens in
/// activities, time comes from the orchestration context, the calendar is pure code.
/// </summary>
public static class ApplicationWorkflowV1
{
    /// <summary>
    /// Activities talk to storage and to the SMTP relay: a relay down for a while must delay an application, not lose it.
    /// About two hours of retries (10 s, 30 s, 90 s … capped at one hour) before the workflow gives up.
    /// </summary>
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(8, TimeSpan.FromSeconds(10), 3, TimeSpan.FromHours(1)));

    public static async Task<ApplicationOutcome> RunAsync(TaskOrchestrationContext context, ApplicationWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var logger = context.CreateReplaySafeLogger(nameof(ApplicationWorkflow));
        var reference = input.Reference;
        var clock = new WorkflowClock(input.Timing.DayLength);
        var dueAt = clock.AddCalendarDays(Now(context), input.Timing.DecisionDeadlineDays);

        await context.CallAsync(WorkflowActivities.AcknowledgeReceipt, new Acknowledgement(reference, dueAt), Retry);
        var check = await context.CallAsync(WorkflowActivities.ValidateApplication, reference, Retry);
        if (!check.IsValid)
        {
            await context.CallAsync(WorkflowActivities.NotifyCitizen, new CitizenNotice(reference, CitizenOutcome.Rejected, string.Join(" ", check.Reasons), null), Retry);
            logger.FailedChecksV1(reference);
            return new ApplicationOutcome(reference, ApplicationStatus.Rejected, null);
        }

        // Created once: a withdrawal may come at any time, during review or while the citizen corrects.
        var withdrawal = context.WaitForExternalEvent<WithdrawalEvent>(WorkflowNames.WithdrawalEvent);
        for (var round = 1; ; round++)
        {
            await context.CallAsync(WorkflowActivities.RequestReview, new ReviewRequest(reference, round, 0, dueAt), Retry);
            context.SetCustomStatus(WorkflowNames.AwaitingReview);
            var outcome = await WaitForReviewAsync(context, input, round, dueAt, withdrawal);
            context.SetCustomStatus(null);

            switch (outcome)
            {
                case { Decision: { Action: ReviewAction.Approve } decision }:
                    return await ApproveAsync(context, reference, CitizenOutcome.Approved, decision.Comment, logger);
                case { Decision: { Action: ReviewAction.Reject } decision }:
                    await context.CallAsync(WorkflowActivities.NotifyCitizen, new CitizenNotice(reference, CitizenOutcome.Rejected, decision.Comment, null), Retry);
                    logger.RejectedV1(reference);
                    return new ApplicationOutcome(reference, ApplicationStatus.Rejected, null);
                case { Withdrawn: true }:
                    return await WithdrawnAsync(context, reference);
                case { DeadlinePassed: true } when input.Timing.SilenceMeans == SilenceMeans.Acceptance:
                    await context.CallAsync(WorkflowActivities.CloseApplication, new Closing(reference, ClosingReason.ImplicitAcceptance), Retry);
                    return await ApproveAsync(context, reference, CitizenOutcome.ImplicitlyApproved, string.Empty, logger);
                case { DeadlinePassed: true }:
                    await context.CallAsync(WorkflowActivities.CloseApplication, new Closing(reference, ClosingReason.ImplicitRejection), Retry);
                    await context.CallAsync(WorkflowActivities.NotifyCitizen, new CitizenNotice(reference, CitizenOutcome.ImplicitlyRejected, string.Empty, null), Retry);
                    return new ApplicationOutcome(reference, ApplicationStatus.Rejected, null);
                case { Decision: { Action: ReviewAction.RequestChanges } changes }:
                    // The legal deadline stops while the citizen corrects, and resumes with what was left.
                    var remaining = dueAt - Now(context);
                    var answerDueAt = clock.AddCalendarDays(Now(context), input.Timing.CorrectionDelayDays);
                    await context.CallAsync(WorkflowActivities.RequestChanges, new ChangeRequest(reference, round, changes.Comment, changes.Fields, answerDueAt), Retry);
                    context.SetCustomStatus(WorkflowNames.AwaitingCorrection);
                    var answer = await WaitForCorrectionAsync(context, round, answerDueAt, withdrawal);
                    context.SetCustomStatus(null);
                    if (answer == CorrectionAnswer.Withdrawn)
                    {
                        return await WithdrawnAsync(context, reference);
                    }

                    if (answer == CorrectionAnswer.None)
                    {
                        await context.CallAsync(WorkflowActivities.CloseApplication, new Closing(reference, ClosingReason.Abandoned), Retry);
                        await context.CallAsync(WorkflowActivities.NotifyCitizen, new CitizenNotice(reference, CitizenOutcome.Abandoned, string.Empty, null), Retry);
                        return new ApplicationOutcome(reference, ApplicationStatus.Abandoned, null);
                    }

                    dueAt = Now(context) + remaining;
                    break;
            }
        }
    }

    private static DateTimeOffset Now(TaskOrchestrationContext context) => new(context.CurrentUtcDateTime, TimeSpan.Zero);

    private static async Task<ApplicationOutcome> ApproveAsync(TaskOrchestrationContext context, string reference, CitizenOutcome outcome, string comment, ILogger logger)
    {
        var number = CertificateNumbers.From(context.NewGuid(), context.CurrentUtcDateTime.Year);
        var certificate = await context.CallAsync(WorkflowActivities.IssueCertificate,
            new CertificateRequest(reference, number, Now(context), Implicit: outcome == CitizenOutcome.ImplicitlyApproved), Retry);
        await context.CallAsync(WorkflowActivities.NotifyCitizen, new CitizenNotice(reference, outcome, comment, certificate.Number), Retry);
        logger.ApprovedV1(reference, certificate.Number);
        return new ApplicationOutcome(reference, ApplicationStatus.Approved, certificate.Number);
    }

    private static async Task<ApplicationOutcome> WithdrawnAsync(TaskOrchestrationContext context, string reference)
    {
        await context.CallAsync(WorkflowActivities.NotifyCitizen, new CitizenNotice(reference, CitizenOutcome.Withdrawn, string.Empty, null), Retry);
        return new ApplicationOutcome(reference, ApplicationStatus.Withdrawn, null);
    }

    /// <summary>What ended a review round.</summary>
    private sealed record ReviewOutcome(ReviewDecisionEvent? Decision, bool Withdrawn, bool DeadlinePassed);

    /// <summary>A reminder or an escalation, due at a given instant.</summary>
    private sealed record Nudge(DateTimeOffset DueAt, int ReminderNumber, EscalationLevel? Escalation);

    /// <summary>
    /// Waits for the round's decision or a withdrawal, sending reminders and escalations when they fall due and
    /// watching the legal deadline. Only one timer runs at a time (the earliest), and it is cancelled when an event
    /// wins, so nothing is left pending.
    /// </summary>
    private static async Task<ReviewOutcome> WaitForReviewAsync(TaskOrchestrationContext context, ApplicationWorkflowInput input, int round, DateTimeOffset dueAt, Task<WithdrawalEvent> withdrawal)
    {
        var clock = new WorkflowClock(input.Timing.DayLength);
        var requestedAt = Now(context);
        var nudges = new List<Nudge>();
        for (var number = 1; number <= input.Timing.MaxReminders; number++)
        {
            nudges.Add(new Nudge(clock.AddWorkingDays(requestedAt, number * input.Timing.ReminderAfterDays), number, null));
        }

        if (input.Timing.EscalateAfterDays is { } escalateAfter)
        {
            nudges.Add(new Nudge(clock.AddWorkingDays(requestedAt, escalateAfter), 0, EscalationLevel.Deputy));
            nudges.Add(new Nudge(clock.AddWorkingDays(requestedAt, 2 * escalateAfter), 0, EscalationLevel.Supervisor));
        }

        var pending = new Queue<Nudge>(nudges.OrderBy(nudge => nudge.DueAt));
        var deadlineWatched = true;
        var decision = context.WaitForExternalEvent<ReviewDecisionEvent>(WorkflowNames.ReviewDecisionEvent);
        while (true)
        {
            var next = pending.Count > 0 ? pending.Peek() : null;
            var deadlineFirst = deadlineWatched && (next is null || dueAt <= next.DueAt);
            DateTimeOffset? wakeAt = deadlineFirst ? dueAt : next?.DueAt;

            using var timerCancellation = new CancellationTokenSource();
            var tasks = new List<Task> { decision, withdrawal };
            if (wakeAt is { } at)
            {
                tasks.Add(context.CreateTimer(at.UtcDateTime, timerCancellation.Token));
            }

            var winner = await Task.WhenAny(tasks);
            if (winner == decision || winner == withdrawal)
            {
                // Cancel synchronously: CancelAsync would resume the orchestrator off its scheduler and stall it.
                timerCancellation.Cancel();
                if (winner == withdrawal)
                {
                    return new ReviewOutcome(null, Withdrawn: true, DeadlinePassed: false);
                }

                var received = await decision;
                if (received.Round == round)
                {
                    return new ReviewOutcome(received, Withdrawn: false, DeadlinePassed: false);
                }

                // A decision on an earlier round (a link used late): ignore it and keep waiting.
                decision = context.WaitForExternalEvent<ReviewDecisionEvent>(WorkflowNames.ReviewDecisionEvent);
                continue;
            }

            if (deadlineFirst)
            {
                if (input.Timing.SilenceMeans != SilenceMeans.None)
                {
                    return new ReviewOutcome(null, Withdrawn: false, DeadlinePassed: true);
                }

                // Silence decides nothing for this procedure: the supervisor must act; keep waiting without a deadline.
                await context.CallAsync(WorkflowActivities.EscalateReview, new Escalation(input.Reference, round, EscalationLevel.DeadlinePassed), Retry);
                deadlineWatched = false;
                continue;
            }

            var nudge = pending.Dequeue();
            if (nudge.Escalation is { } level)
            {
                await context.CallAsync(WorkflowActivities.EscalateReview, new Escalation(input.Reference, round, level), Retry);
            }
            else
            {
                await context.CallAsync(WorkflowActivities.SendReviewReminder, new ReviewRequest(input.Reference, round, nudge.ReminderNumber), Retry);
            }
        }
    }

    private enum CorrectionAnswer
    {
        Corrected,
        Withdrawn,
        None,
    }

    private static async Task<CorrectionAnswer> WaitForCorrectionAsync(TaskOrchestrationContext context, int round, DateTimeOffset answerDueAt, Task<WithdrawalEvent> withdrawal)
    {
        var correction = context.WaitForExternalEvent<CorrectionEvent>(WorkflowNames.CorrectionEvent);
        while (true)
        {
            using var timerCancellation = new CancellationTokenSource();
            var timer = context.CreateTimer(answerDueAt.UtcDateTime, timerCancellation.Token);
            var winner = await Task.WhenAny(correction, withdrawal, timer);
            if (winner == timer)
            {
                return CorrectionAnswer.None;
            }

            timerCancellation.Cancel();
            if (winner == withdrawal)
            {
                return CorrectionAnswer.Withdrawn;
            }

            if ((await correction).Round == round)
            {
                return CorrectionAnswer.Corrected;
            }

            correction = context.WaitForExternalEvent<CorrectionEvent>(WorkflowNames.CorrectionEvent);
        }
    }
}

internal static partial class WorkflowLogV1
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Reference} failed automatic checks")]
    public static partial void FailedChecksV1(this ILogger logger, string reference);

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Reference} approved, certificate {CertificateNumber}")]
    public static partial void ApprovedV1(this ILogger logger, string reference, string certificateNumber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Reference} rejected")]
    public static partial void RejectedV1(this ILogger logger, string reference);
}
